"""Reliability of huge files: above a size threshold a text or Markdown file is read, checked, fixed
and written chunk by chunk (jiaokan.chunked). With the threshold forced to 0 and tiny chunks, the
findings (codes, offsets, lines, columns) and the fixed bytes equal those of the whole-file path for
the paragraph-local rules; chunk boundaries never split a CRLF or a character; writes stay atomic."""

from __future__ import annotations

import codecs
import json
import os
import random
import re
import shutil
import stat
from pathlib import Path

import pytest
import regex
from typer.testing import CliRunner

from jiaokan import chunked, chunked_run
from jiaokan.chunked import Lines, Source, chunks, cut_point, open_source
from jiaokan.cli import app
from jiaokan.formats import InputError
from jiaokan.positions import LineIndex

from .conftest import SEED

runner = CliRunner()
FIXTURE = Path(__file__).parent / "fixtures" / "repo"
FORMATS = ("text", "json", "sarif", "github", "rdjson", "junit")
# rules that look only at a paragraph (the others weigh evidence from the whole document)
LOCAL = [a for code in ("ZH101", "ZH102", "ZH201", "ZH301", "ZH401", "ZH403", "ZH404", "ZH406", "ZH501",
                         "ZH502", "ZH503", "ZH504") for a in ("--select", code)]
SMALL_CHUNK = "1500"  # code points; the seed's lines are up to ~860


def _text() -> str:
    seed = SEED.read_text(encoding="utf-8")
    extra = "\n𠮷野家的同学们要再接再励,e\u0301发放宣扬资料。\n\n"  # outside the BMP, a combining mark
    return (seed + extra) * 4


VARIANTS = {
    "utf-8 LF": ("utf-8", b"", "\n"),
    "utf-8 CRLF with BOM": ("utf-8", codecs.BOM_UTF8, "\r\n"),
    "gb18030 CRLF": ("gb18030", b"", "\r\n"),
    "utf-16 LE with BOM": ("utf-16-le", codecs.BOM_UTF16_LE, "\n"),
    "utf-16 BE with BOM, CR": ("utf-16-be", codecs.BOM_UTF16_BE, "\r"),
}


def _write(path: Path, variant: str, text: str | None = None) -> bytes:
    enc, bom, nl = VARIANTS[variant]
    body = (text if text is not None else _text()).replace("\n", nl)
    if enc == "gb18030":
        body = body.replace("𠮷", "吉")  # keep the round trip exact
    data = bom + body.encode(enc)
    path.write_bytes(data)
    return data


def _run(*args: str, chunk: str | None = None, monkeypatch: pytest.MonkeyPatch | None = None):
    assert monkeypatch is not None
    if chunk is None:
        monkeypatch.delenv(chunked.THRESHOLD_ENV, raising=False)
    else:
        monkeypatch.setenv(chunked.THRESHOLD_ENV, "0")
        monkeypatch.setenv(chunked.CHUNK_ENV, chunk)
    return runner.invoke(app, list(args))


def _findings(out: str) -> list[tuple]:
    doc = json.loads(out)
    return [(f["code"], f["start"], f["end"], f["line"], f["column"], f["end_line"], f["end_column"],
             json.dumps(f["fix"]), f["confidence"]) for file in doc["files"] for f in file["findings"]]


def test_small_files_keep_the_whole_file_path(tmp_path, monkeypatch):
    monkeypatch.delenv(chunked.THRESHOLD_ENV, raising=False)
    f = tmp_path / "a.txt"
    _write(f, "utf-8 LF")
    assert chunked.threshold() == 8 << 20 and not chunked.is_big(str(f))
    monkeypatch.setenv(chunked.THRESHOLD_ENV, str(f.stat().st_size))
    assert chunked.is_big(str(f)) and not chunked.is_big("-") and not chunked.is_big(str(tmp_path))
    assert not chunked.is_big(str(tmp_path / "a.docx"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_streamed_report_equals_the_whole_report(tmp_path, monkeypatch, fmt):
    """One chunk per file (threshold 0, huge chunks): every format byte-identical to the reporter's,
    with clean, binary and undecodable files in the run."""
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE, repo)
    (repo / "docs" / "binary.md").write_bytes(b"\x00\x01\x02" * 20)
    (repo / "latin1.txt").write_bytes("caf\xe9 na\xefve".encode("latin-1"))
    _write(repo / "big.txt", "gb18030 CRLF")
    monkeypatch.chdir(repo)
    args = ("check", "-f", fmt, "--jobs", "1", ".")
    whole = _run(*args, monkeypatch=monkeypatch)
    streamed = _run(*args, chunk="100000000", monkeypatch=monkeypatch)
    assert whole.exit_code == streamed.exit_code == 2
    assert streamed.stdout == whole.stdout
    assert streamed.stderr == whole.stderr


@pytest.mark.parametrize("variant", VARIANTS)
def test_chunked_check_gives_the_same_findings(tmp_path, monkeypatch, variant):
    f = tmp_path / "big.txt"
    _write(f, variant)
    args = ("check", "--isolated", *LOCAL, "-f", "json", str(f))
    whole = _run(*args, monkeypatch=monkeypatch)
    parts = _run(*args, chunk=SMALL_CHUNK, monkeypatch=monkeypatch)
    assert whole.exit_code == parts.exit_code == 1, parts.stderr
    expected = _findings(whole.stdout)
    assert len(expected) > 100 and max(x[3] for x in expected) > 60
    assert _findings(parts.stdout) == expected
    sarif = [_run("check", "--isolated", *LOCAL, "-f", "sarif", str(f), chunk=c, monkeypatch=monkeypatch).stdout
             for c in (None, SMALL_CHUNK)]
    assert sarif[0] == sarif[1]  # UTF-16 columns, snippets and fingerprints (ranks carried over chunks)


@pytest.mark.parametrize("variant", VARIANTS)
def test_chunked_fix_gives_the_same_bytes(tmp_path, monkeypatch, variant):
    src = tmp_path / "big.txt"
    old = _write(src, variant)
    out = {}
    for name, chunk in (("whole", None), ("parts", SMALL_CHUNK)):
        r = _run("fix", "--isolated", *LOCAL, str(src), "-o", str(tmp_path / name), chunk=chunk,
                 monkeypatch=monkeypatch)
        assert r.exit_code == 0, r.stderr
        out[name] = ((tmp_path / name).read_bytes(), r.stdout)
    assert out["parts"][0] == out["whole"][0] != old
    # the list of changes names the same lines and columns
    changes = [re.findall(r"^  \d+:\d+ ZH\d+ .*$", o[1], re.M) for o in out.values()]
    assert changes[0] == changes[1] and len(changes[0]) > 50
    # --write gives the same bytes, keeps the mode, leaves no temporary file
    os.chmod(src, 0o640)
    r = _run("fix", "--isolated", *LOCAL, "--write", str(src), chunk=SMALL_CHUNK, monkeypatch=monkeypatch)
    assert r.exit_code == 0, r.stderr
    assert src.read_bytes() == out["whole"][0]
    assert stat.S_IMODE(src.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.txt", "parts", "whole"]


def _apply_unified_diff(old: str, diff: str) -> str:
    """A minimal patch: apply the hunks of a unified diff (as difflib writes it) to ``old``."""
    lines = old.splitlines(True)
    out: list[str] = []
    pos = 0
    diff_lines = diff.split("\n")
    i = 0
    while i < len(diff_lines):
        m = re.match(r"@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@", diff_lines[i])
        i += 1
        if not m:
            continue
        start = int(m[1]) - (0 if m[2] == "0" else 1)
        out += lines[pos:start]
        pos = start
        while i < len(diff_lines) and diff_lines[i][:1] in (" ", "-", "+", "\\"):
            ln = diff_lines[i]
            nl = "" if i + 1 < len(diff_lines) and diff_lines[i + 1].startswith("\\") else "\n"
            if ln[0] in " -":
                assert lines[pos] == ln[1:] + nl, (pos, lines[pos], ln)
                pos += 1
            if ln[0] in " +":
                out.append(ln[1:] + nl)
            i += 1
    return "".join(out + lines[pos:])


def test_chunked_diff_applies_to_the_file(tmp_path, monkeypatch):
    src = tmp_path / "big.txt"
    _write(src, "utf-8 LF")
    r = _run("fix", "--isolated", *LOCAL, "--diff", str(src), chunk=SMALL_CHUNK, monkeypatch=monkeypatch)
    assert r.exit_code == 0, r.stderr
    assert r.stdout.count("--- a/") == 1 and r.stdout.count("@@ -") >= 4
    fixed = _run("fix", "--isolated", *LOCAL, str(src), "-o", str(tmp_path / "w"), monkeypatch=monkeypatch)
    assert fixed.exit_code == 0
    assert _apply_unified_diff(_text(), r.stdout) == (tmp_path / "w").read_text(encoding="utf-8")
    assert src.read_text(encoding="utf-8") == _text()  # --diff writes nothing


# --- where chunks end --------------------------------------------------------------------------

def _crlf_split(a: str, b: str) -> bool:
    return a.endswith("\r") and b.startswith("\n")


@pytest.mark.parametrize("seed", range(6))
def test_cuts_never_split_crlf_or_a_character(seed):
    rng = random.Random(seed)
    atoms = ["字", "。", "\r\n", "\r\n\r\n", "𠮷", "😀", "e\u0301", "👩\u200d👩\u200d👧", "\n", " ", "ab", "，"]
    weights = [30, 3, 2 if seed % 2 else 0, 1 if seed % 3 == 0 else 0, 4, 2, 2, 1, 1 if seed < 3 else 0, 2, 2, 3]
    text = "".join(rng.choices(atoms, weights, k=6000))
    for size in (16, 37, 100, 333):
        pieces = []
        buf = text
        while len(buf) > size + chunked.CONTEXT:
            cut = cut_point(buf, size)
            assert 0 < cut <= size
            pieces.append(buf[:cut])
            buf = buf[cut:]
        pieces.append(buf)
        assert "".join(pieces) == text
        bounds = {m.start() for m in regex.finditer(r"\X", text)}
        pos = 0
        for a, b in zip(pieces, pieces[1:], strict=False):
            pos += len(a)
            assert not _crlf_split(a, b)
            assert pos in bounds, (size, repr(text[pos - 3:pos + 3]))


def test_utf16_chunks_never_split_a_surrogate_pair(tmp_path):
    f = tmp_path / "wide.txt"
    text = ("𠮷😀字\r\n" * 3 + "𠮷" * 50) * 40  # long lines of characters outside the BMP, no sentence end
    f.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    src = open_source(str(f))
    assert (src.encoding, src.bom) == ("utf-16-le", codecs.BOM_UTF16_LE)
    parts = [c.text for c in chunks(src, 40)]
    assert len(parts) > 20 and "".join(parts) == text
    for a, b in zip(parts, parts[1:], strict=False):
        assert not _crlf_split(a, b)
        a.encode("utf-16-le")  # strict: a lone surrogate would fail
        b.encode("utf-16-le")


def test_markdown_code_blocks_are_not_cut(tmp_path, monkeypatch):
    block = "同学们要再接再励,发放宣扬资料。\n\n```\n再接再励\n\n再接再励\n```\n\n<!-- 再接再励\n\n再接再励 -->\n\n"
    text = "---\ntitle: 再接再励\n---\n\n" + block * 30
    f = tmp_path / "a.md"
    f.write_text(text, encoding="utf-8")
    src = open_source(str(f))
    for c in chunks(src, 60):
        assert c.text.count("```") % 2 == 0 and c.text.count("<!--") == c.text.count("-->")
    args = ("check", "--isolated", *LOCAL, "-f", "json", str(f))
    assert _findings(_run(*args, chunk="60", monkeypatch=monkeypatch).stdout) == _findings(
        _run(*args, monkeypatch=monkeypatch).stdout)


def test_cuts_keep_site_boilerplate_blocks_whole():
    """A footer block spans lines (ZH401 deletes it whole): a cut never falls inside it."""
    from jiaokan.dictionaries import compiled_patterns

    seed = SEED.read_text(encoding="utf-8")
    start = seed.index("- 配套讲稿")
    footer = seed[start:seed.index("\n", seed.index("- 关 键 词") + 8) + 1]
    buf = "这是正文。\n" * 30 + footer + "这是正文。\n" * 30
    spans = [(m.start(), m.end()) for _, rx in compiled_patterns() for m in rx.finditer(buf)]
    assert spans and any("\n" in buf[s:e - 1] for s, e in spans)
    for size in range(buf.index("- 配套讲稿") + 3, buf.index("- 配套讲稿") + len(footer) + 3):
        cut = cut_point(buf, size)
        assert not any(s < cut < e for s, e in spans), (size, cut)


def test_line_index_over_chunks_matches_the_whole_text():
    rng = random.Random(7)
    text = "".join(rng.choices(["字", "𠮷", "\r\n", "\r", "\n", "a", "。"], [40, 5, 2, 1, 2, 5, 3], k=3000))
    text += "长" * 500 + "𠮷" * 100  # a line longer than a chunk: cut mid-line
    whole = LineIndex(text)
    lines = Lines()
    base = 0
    buf = text
    while buf:
        cut = cut_point(buf, 97) if len(buf) > 97 + chunked.CONTEXT else len(buf)
        part, buf = buf[:cut], buf[cut:]
        index = lines.index(part, buf[:chunked.CONTEXT])
        for off in range(base, base + len(part) + 1):
            assert index.line_col(off) == whole.line_col(off), off
            assert index.line_col_utf16(off) == whole.line_col_utf16(off), off
        line = index.line_of(base)
        assert index.line_text(line) in whole.line_text(line)  # the part of it in this chunk
        lines.advance(part, index)
        base += len(part)


# --- document-level rules, errors, atomic writes ----------------------------------------------------

def test_document_rules_run_once(tmp_path, monkeypatch):
    f = tmp_path / "big.txt"
    f.write_text(SEED.read_text(encoding="utf-8") * 6 + "最后一段没有写完", encoding="utf-8")
    r = _run("check", "--isolated", "-f", "json", str(f), chunk=SMALL_CHUNK, monkeypatch=monkeypatch)
    found = _findings(r.stdout)
    titles = [x for x in found if x[0] in ("ZH601", "ZH602")]
    assert titles and all(x[1] < 600 for x in titles)  # the title block of the first chunk only
    ends = [x for x in found if x[0] == "ZH603"]
    assert len(ends) == 1 and ends[0][2] == len(f.read_text(encoding="utf-8"))
    assert len(found) == len(set(found))


@pytest.mark.parametrize("data", [
    codecs.BOM_UTF16_LE + "同学们".encode("utf-16-le") * 400_000 + b"\x00\xd8a\x00",  # past the first block
    codecs.BOM_UTF16_LE + "同学们".encode("utf-16-le") * 1000 + b"\x00",
    "同学们".encode() * 1000 + b"\xff" + "同学们".encode() * 10,
    "再接再励".encode("gb18030") * 1000 + b"\x00" * 10,
    "再接再励，同学们。".encode("gb18030") * 5000 + b"\xff",
], ids=["utf-16 late", "utf-16 odd", "utf-8 stray byte", "binary", "gb18030 stray byte"])
def test_undecodable_huge_file_is_one_line(tmp_path, monkeypatch, data):
    """The same one-line error as for a small file (positions included); never rewritten."""
    from jiaokan.formats.text import decode

    with pytest.raises(InputError) as whole:
        decode(data)
    f = tmp_path / "bad.txt"
    f.write_bytes(data)
    with pytest.raises(InputError) as streamed:
        open_source(str(f))
    assert str(streamed.value) == str(whole.value)
    for cmd, *rest in (("check", "-f", "json", str(f)), ("fix", "--write", str(f))):
        r = _run(cmd, "--isolated", *rest, chunk="200", monkeypatch=monkeypatch)
        assert r.exit_code == 2
        assert r.stderr == f"jiaokan: error: {f}: {whole.value}\n"
        assert f.read_bytes() == data
    assert json.loads(_run("check", "--isolated", "-f", "json", str(f), chunk="200",
                           monkeypatch=monkeypatch).stdout)["errors"] == [{"path": str(f), "message": str(whole.value)}]


def test_chunked_write_is_atomic(tmp_path, monkeypatch):
    """While chunks are written the target is untouched; a failure part-way leaves it as it was and
    removes the temporary file; an unchanged file is not rewritten."""
    f = tmp_path / "big.txt"
    old = _write(f, "utf-8 CRLF with BOM")
    seen: list[tuple[bytes, list[str]]] = []
    real = chunked_run.chunk_document

    def spy(src: Source, chunk: chunked.Chunk):
        seen.append((f.read_bytes(), sorted(os.listdir(tmp_path))))
        if len(seen) == 4:
            raise OSError(28, "No space left on device")
        return real(src, chunk)

    monkeypatch.setattr(chunked_run, "chunk_document", spy)
    r = _run("fix", "--isolated", "--write", str(f), chunk=SMALL_CHUNK, monkeypatch=monkeypatch)
    assert r.exit_code == 2 and "cannot write: No space left on device" in r.stderr
    assert all(data == old for data, _ in seen)
    assert all(len(names) == 2 and names[0].startswith(".big.txt.") and names[0].endswith(".jiaokan-tmp")
               for _, names in seen[1:])
    assert f.read_bytes() == old and os.listdir(tmp_path) == ["big.txt"]
    monkeypatch.setattr(chunked_run, "chunk_document", real)
    clean = tmp_path / "clean.txt"
    clean.write_text("今年全区各项工作稳步推进，成效明显。\n" * 200, encoding="utf-8")
    before = clean.stat()
    r = _run("fix", "--isolated", "--write", str(clean), chunk="100", monkeypatch=monkeypatch)
    assert r.exit_code == 0 and "0 change(s) applied" in r.stdout
    assert (clean.stat().st_ino, clean.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_ctrl_c_in_a_huge_file_leaves_a_whole_report(tmp_path, monkeypatch):
    from jiaokan.engine import Engine

    f = tmp_path / "big.txt"
    _write(f, "utf-8 LF")
    real = Engine.check
    calls = []

    def check(self, doc):
        calls.append(1)
        if len(calls) == 4:
            raise KeyboardInterrupt
        return real(self, doc)

    monkeypatch.setattr(Engine, "check", check)
    r = _run("check", "--isolated", "-f", "json", str(f), chunk=SMALL_CHUNK, monkeypatch=monkeypatch)
    assert r.exit_code == 130 and "interrupted" in r.stderr
    doc = json.loads(r.stdout)
    assert doc["files"][0]["findings"]


def test_api_streams_huge_files(tmp_path, monkeypatch):
    from jiaokan import api
    from jiaokan.engine import Engine
    from jiaokan.settings import Settings

    engine = Engine(Settings(select=tuple(LOCAL[1::2])))
    f = tmp_path / "big.txt"
    _write(f, "gb18030 CRLF")
    monkeypatch.delenv(chunked.THRESHOLD_ENV, raising=False)
    whole = list(api.iter_check_path(str(f), engine=engine))
    n_whole = api.fix_file(str(f), dest=str(tmp_path / "whole.txt"), engine=engine)
    monkeypatch.setenv(chunked.THRESHOLD_ENV, "0")
    monkeypatch.setenv(chunked.CHUNK_ENV, SMALL_CHUNK)
    assert list(api.iter_check_path(str(f), engine=engine)) == whole and len(whole) > 100
    assert api.fix_file(str(f), engine=engine) == n_whole > 50
    assert f.read_bytes() == (tmp_path / "whole.txt").read_bytes()
    assert api.fix_file(str(f), engine=engine) == 0  # fixed already: not rewritten


def test_read_only_huge_file(tmp_path, monkeypatch):
    """Refused only when it needs a fix (as for a small file); a clean one is no error."""
    from jiaokan import files

    dirty, clean = tmp_path / "dirty.txt", tmp_path / "clean.txt"
    old = _write(dirty, "utf-8 LF")
    clean.write_text("今年全区各项工作稳步推进，成效明显。\n" * 200, encoding="utf-8")
    monkeypatch.setattr(files.os, "access", lambda path, mode: False)  # as if not root
    r = _run("fix", "--isolated", "--write", str(clean), chunk="100", monkeypatch=monkeypatch)
    assert r.exit_code == 0, r.stderr
    r = _run("fix", "--isolated", "--write", str(dirty), chunk=SMALL_CHUNK, monkeypatch=monkeypatch)
    assert r.exit_code == 2
    assert r.stderr == f"jiaokan: error: {dirty}: cannot write: permission denied (the file is not writable)\n"
    assert dirty.read_bytes() == old and sorted(os.listdir(tmp_path)) == ["clean.txt", "dirty.txt"]
