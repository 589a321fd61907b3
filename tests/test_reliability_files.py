"""Reliability: awkward files are a one-line error (exit 2) or a quiet no-op, never a traceback, and
an input is never touched unless --write asks for it."""

from __future__ import annotations

import io
import os
import stat
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jiaokan.cli import app

runner = CliRunner()
TYPO = "同学们要再接再励。\n"
ROOT = os.geteuid() == 0


def jk(*args: str):
    return runner.invoke(app, [args[0], "--isolated", *args[1:]])


def one_error(r, path, problem: str) -> None:
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("jiaokan: error:")]
    assert errors == [f"jiaokan: error: {path}: {problem}"], r.stderr


@pytest.mark.parametrize("content", [b"", b" \n\t\r\n  ", b"\r\n\r\n", "\u3000\u3000\n".encode()])
def test_empty_and_whitespace_files_are_clean_and_untouched(tmp_path, content):
    f = tmp_path / "e.txt"
    f.write_bytes(content)
    before = f.stat().st_mtime_ns
    assert jk("check", str(f)).exit_code == 0
    assert jk("fix", "--write", str(f)).exit_code == 0
    assert f.read_bytes() == content and f.stat().st_mtime_ns == before


def test_binary_named_is_an_error_found_by_walking_is_a_note(tmp_path):
    f = tmp_path / "b.txt"
    f.write_bytes(b"PK\x03\x04\x00\x00binary\x00" * 50)
    for cmd in (["check"], ["fix", "--write"]):
        one_error(jk(*cmd, str(f)), f, "binary file (NUL bytes), not text")
        r = jk(*cmd, str(tmp_path))
        assert r.exit_code == 0 and f"jiaokan: note: {f}: skipped: binary file" in r.stderr
    assert f.read_bytes() == b"PK\x03\x04\x00\x00binary\x00" * 50


def test_missing_path_and_directory_as_output(tmp_path):
    one_error(jk("check", str(tmp_path / "nope.txt")), tmp_path / "nope.txt", "no such file")
    one_error(jk("fix", "--write", str(tmp_path / "nope.txt")), tmp_path / "nope.txt", "no such file")
    f = tmp_path / "a.txt"
    f.write_text(TYPO, encoding="utf-8")
    (tmp_path / "out").mkdir()
    r = jk("fix", str(f), "-o", str(tmp_path / "out"))
    assert r.exit_code == 2 and f"jiaokan: error: {tmp_path / 'out'}: cannot write" in r.stderr
    assert not list((tmp_path).glob(".*jiaokan-tmp"))


def test_directory_named_like_a_file_is_walked(tmp_path):
    d = tmp_path / "chapter.txt"
    d.mkdir()
    (d / "a.txt").write_text(TYPO, encoding="utf-8")
    r = jk("check", "--no-show-source", str(d))
    assert r.exit_code == 1 and "a.txt:1:5" in r.stdout


def test_read_document_refuses_a_directory(tmp_path):
    from jiaokan.files import read_document
    from jiaokan.formats import InputError

    with pytest.raises(InputError, match="is a directory"):
        read_document(str(tmp_path))


def test_symlink_loops_named_and_walked(tmp_path):
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "ok.txt").write_text(TYPO, encoding="utf-8")
    for cmd in (["check"], ["fix", "--write"]):
        one_error(jk(*cmd, str(tmp_path / "a.txt")), tmp_path / "a.txt", "symbolic link loop")
        one_error(jk(*cmd, str(tmp_path / "gone.txt")), tmp_path / "gone.txt", "broken symbolic link")
        r = jk(*cmd, str(tmp_path))
        assert r.exit_code in (0, 1), r.output
        assert "Traceback" not in r.output and "skipped: symbolic link loop" in r.stderr
    assert (tmp_path / "ok.txt").read_text(encoding="utf-8") == "同学们要再接再厉。\n"


def test_write_goes_through_a_symlink_and_keeps_it(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text(TYPO, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    assert jk("fix", "--write", str(link)).exit_code == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "同学们要再接再厉。\n"


def test_mode_is_kept(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(TYPO, encoding="utf-8")
    f.chmod(0o640)
    assert jk("fix", "--write", str(f)).exit_code == 0
    assert stat.S_IMODE(f.stat().st_mode) == 0o640 and "再接再厉" in f.read_text(encoding="utf-8")


def test_no_read_permission(tmp_path, monkeypatch):
    f = tmp_path / "a.txt"
    f.write_text(TYPO, encoding="utf-8")
    if ROOT:  # root reads anything: make the read fail as it would for a user
        def deny(self: Path) -> bytes:
            raise PermissionError(13, "Permission denied", str(self))

        monkeypatch.setattr(Path, "read_bytes", deny)
    else:
        f.chmod(0)
    one_error(jk("check", str(f)), f, "permission denied")
    one_error(jk("fix", "--write", str(f)), f, "permission denied")


def test_no_write_permission_on_the_file(tmp_path, monkeypatch):
    """A read-only file is refused even though renaming over it would work."""
    f = tmp_path / "a.txt"
    f.write_text(TYPO, encoding="utf-8")
    f.chmod(0o444)
    if ROOT:
        real = os.access
        monkeypatch.setattr(os, "access", lambda p, m, **k: False if m == os.W_OK else real(p, m, **k))
    r = jk("fix", "--write", str(f))
    assert r.exit_code == 2 and f"jiaokan: error: {f}: cannot write: permission denied" in r.stderr
    assert f.read_text(encoding="utf-8") == TYPO and stat.S_IMODE(f.stat().st_mode) == 0o444


@pytest.mark.skipif(ROOT, reason="root may write into a read-only directory")
def test_no_write_permission_on_the_directory(tmp_path):
    d = tmp_path / "ro"
    d.mkdir()
    f = d / "a.txt"
    f.write_text(TYPO, encoding="utf-8")
    d.chmod(0o555)
    try:
        r = jk("fix", "--write", str(f))
        assert r.exit_code == 2 and "cannot write" in r.stderr
        assert f.read_text(encoding="utf-8") == TYPO and os.listdir(d) == ["a.txt"]
    finally:
        d.chmod(0o755)


def test_very_long_line(tmp_path):
    line = "这是一段很长的没有换行的文字，" * 20_000  # 300,000 characters on one line (time is linear)
    f = tmp_path / "long.txt"
    f.write_text(line + "同学们要再接再励。", encoding="utf-8")
    r = jk("check", "--no-show-source", "--select", "ZH1", "-f", "json", str(f))
    assert r.exit_code == 1, r.output
    assert f'"column": {len(line) + 5}' in r.stdout
    assert jk("fix", "--write", "--select", "ZH1", str(f)).exit_code == 0
    assert f.read_text(encoding="utf-8") == line + "同学们要再接再厉。"


def test_markdown_unclosed_fence_is_code_to_the_end(tmp_path):
    md = "# 标题\n\n同学们要再接再励。\n\n```python\n# 再接再励\nprint('再接再励')\n"
    f = tmp_path / "a.md"
    f.write_text(md, encoding="utf-8")
    assert jk("fix", "--write", str(f)).exit_code == 0
    assert f.read_text(encoding="utf-8") == md.replace("再接再励", "再接再厉", 1)


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"not a zip at all", "not a valid .docx"),
        (_zip({"hello.txt": b"x"}), "not a valid .docx"),
        (_zip({"word/document.xml": b"<w:document><unclosed"}), "not a valid .docx"),
        (_zip({"word/document.xml": b"x" * 100})[:-30], "not a valid .docx"),
    ],
)
def test_malformed_docx(tmp_path, data, problem):
    pytest.importorskip("lxml")
    f = tmp_path / "bad.docx"
    f.write_bytes(data)
    for cmd in (["check"], ["fix", "--write"]):
        r = jk(*cmd, str(f))
        assert r.exit_code == 2 and "Traceback" not in r.output, r.output
        assert f"jiaokan: error: {f}: {problem}" in r.stderr
    assert f.read_bytes() == data
