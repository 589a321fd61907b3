"""Word documents: reading runs with a map back, tracked-changes output checked at the XML level
and by LibreOffice itself (accept all / reject all through a Basic macro, then its text export)."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

docx = pytest.importorskip("docx", reason="python-docx is needed to build the test documents")
from lxml import etree  # noqa: E402

from jiaokan.engine import Engine  # noqa: E402
from jiaokan.formats import InputError, from_text  # noqa: E402
from jiaokan.formats.docx import W, atoms_of, load_docx, resolve_revisions, write_reviewed  # noqa: E402

from .conftest import SEED  # noqa: E402

DATE = "2024-05-01T08:00:00Z"
TABLE = [["安全生产工作", "再接再励,努力"], ["宣传工作", "参予活动"]]
HEADER = "页眉:坚毅阵地"


def seed_docx() -> bytes:
    """The seed, one paragraph per line, every line cut into 7-character runs (mid-word),
    every other run bold; then a table and a header."""
    d = docx.Document()
    for line in SEED.read_text(encoding="utf-8").split("\n"):
        p = d.add_paragraph()
        for i, k in enumerate(range(0, len(line), 7)):
            p.add_run(line[k:k + 7]).bold = i % 2 == 1
    t = d.add_table(rows=2, cols=2)
    for r, row in enumerate(TABLE):
        for c, value in enumerate(row):
            t.cell(r, c).text = value
    d.sections[0].header.paragraphs[0].text = HEADER
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def reviewed(engine: Engine) -> tuple:
    data = seed_docx()
    doc = load_docx("seed.docx", data)
    outcome = engine.fix(doc)
    return data, doc, outcome, write_reviewed(doc, outcome, date=DATE)


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _char_formats(data: bytes) -> list[bytes]:
    """The serialized w:rPr of the run behind every character of the body."""
    root = etree.fromstring(_parts(data)["word/document.xml"])
    out: list[bytes] = []
    for p in root.iter(W + "p"):
        for r, _child, t in atoms_of(p):
            rpr = r.find(W + "rPr")
            out += [b"" if rpr is None else etree.tostring(rpr)] * len(t)
    return out


def test_text_is_paragraphs_joined_and_maps_back_to_runs(reviewed: tuple) -> None:
    data, doc, _, _ = reviewed
    seed = SEED.read_text(encoding="utf-8")
    assert doc.text == "\n".join([seed, *[c for row in TABLE for c in row], HEADER])
    body = docx.Document(io.BytesIO(data)).paragraphs
    for pos in range(0, len(seed), 37):
        loc = doc.locate(pos)
        if loc.run is None:
            assert doc.text[pos] == "\n"
            continue
        assert loc.part == "word/document.xml"
        assert body[loc.paragraph].runs[loc.run].text[loc.offset] == doc.text[pos]
    # the separators of table cells and of the header are never flagged or changed
    cell_start = len(seed) + 1
    assert any(s.start == cell_start + len(TABLE[0][0]) for s in doc.skip)


def test_findings_across_runs_are_matched(reviewed: tuple) -> None:
    _, doc, outcome, _ = reviewed
    run_edges = {p.start for p in doc.pieces}
    crossing = [c for c in outcome.changes
                if c.finding.code.startswith("ZH2") and any(c.span.start < e < c.span.end for e in run_edges)]
    assert crossing, "no spin fix crosses a run boundary; the seed cut should make some"
    txt = Engine().fix(from_text(SEED.read_text(encoding="utf-8")))
    # every dictionary fix found in the plain text is found in the .docx too
    want = {(c.span.start, c.replacement) for c in txt.changes if c.finding.code.startswith("ZH2")}
    got = {(c.span.start, c.replacement) for c in outcome.changes if c.finding.code.startswith("ZH2")}
    assert want <= got, sorted(want - got)


def test_accept_all_gives_fixed_text_reject_all_the_original(reviewed: tuple) -> None:
    _, doc, outcome, out = reviewed
    assert outcome.changes and outcome.text != doc.text
    assert load_docx("a.docx", resolve_revisions(out, accept=True)).text == outcome.text
    assert load_docx("r.docx", resolve_revisions(out, accept=False)).text == doc.text
    # reading the reviewed file as it stands shows deleted text gone and insertions in,
    # except for paragraph marks (their deletion only takes effect when accepted)
    assert load_docx("x.docx", out).text.replace("\n", "") == outcome.text.replace("\n", "")


def test_revisions_and_comments_markup(reviewed: tuple) -> None:
    _, _, outcome, out = reviewed
    parts = _parts(out)
    root = etree.fromstring(parts["word/document.xml"])
    marks = list(root.iter(W + "ins", W + "del"))
    assert len(marks) >= len(outcome.changes)
    assert {m.get(W + "author") for m in marks} == {"jiaokan"}
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", m.get(W + "date")) for m in marks)
    ids = [m.get(W + "id") for m in marks]
    assert len(ids) == len(set(ids))
    # a paragraph split (ZH604 space → newline) and joined paragraphs (ZH402 "\n2、") are marks
    assert root.findall(f".//{W}pPr/{W}rPr/{W}ins") and root.findall(f".//{W}pPr/{W}rPr/{W}del")
    comments = etree.fromstring(parts["word/comments.xml"])
    assert len(comments.findall(W + "comment")) == len(outcome.remaining) > 0
    assert len(root.findall(f".//{W}commentReference")) == len(outcome.remaining)
    assert b"comments.xml" in parts["[Content_Types].xml"]
    assert b"relationships/comments" in parts["word/_rels/document.xml.rels"]
    first = outcome.remaining[0]
    assert first.code in "".join(comments.itertext())
    # the header's fix is a revision in the header part
    header = next(n for n in parts if re.fullmatch(r"word/header\d*\.xml", n) and b"w:ins" in parts[n])
    assert "：" in "".join(etree.fromstring(parts[header]).itertext())


def test_formatting_of_runs_is_kept(reviewed: tuple) -> None:
    data, doc, _, out = reviewed
    before = _char_formats(data)
    # rejecting everything restores every character with its own run formatting
    assert _char_formats(resolve_revisions(out, accept=False)) == before
    # an insertion takes the formatting of the text it replaces
    root = etree.fromstring(_parts(out)["word/document.xml"])
    for ins in root.iter(W + "ins"):
        prev = ins.getprevious()
        if ins.getparent().tag == W + "p" and prev is not None and prev.tag == W + "del":
            a, b = prev.find(f"{W}r/{W}rPr"), ins.find(f"{W}r/{W}rPr")
            assert (a is None) == (b is None)
            if a is not None:
                assert etree.tostring(a) == etree.tostring(b)
    assert any(b"<w:b/>" in f for f in before) and any(f == b"" for f in before)


def test_clean_copy(reviewed: tuple) -> None:
    _, doc, outcome, _ = reviewed
    clean = write_reviewed(doc, outcome, track_changes=False)
    xml = _parts(clean)["word/document.xml"]
    assert b"<w:ins " not in xml and b"<w:del " not in xml and b"commentReference" not in xml
    assert load_docx("c.docx", clean).text == outcome.text
    assert docx.Document(io.BytesIO(clean)).paragraphs  # python-docx opens it


def test_document_without_findings_is_unchanged(engine: Engine) -> None:
    d = docx.Document()
    d.add_paragraph("我们认真总结经验，继续做好工作。")
    buf = io.BytesIO()
    d.save(buf)
    doc = load_docx("ok.docx", buf.getvalue())
    outcome = engine.fix(doc)
    out = write_reviewed(doc, outcome)
    assert not outcome.changes and b"<w:ins " not in _parts(out)["word/document.xml"]
    assert load_docx("ok.docx", out).text == doc.text


@pytest.mark.parametrize("make, expect", [
    (lambda d: d[: len(d) // 2], "damaged or truncated zip"),
    (lambda d: b"PK\x03\x04 not really", "damaged or truncated zip"),
    (lambda d: _without(d, "word/document.xml"), "word/document.xml is missing"),
    (lambda d: _replace(d, "word/document.xml", b"<w:document"), "word/document.xml is not well-formed"),
])
def test_malformed_docx_is_one_clear_error(make, expect: str) -> None:
    with pytest.raises(InputError) as info:
        load_docx("bad.docx", make(seed_docx()))
    msg = str(info.value)
    assert expect in msg and "\n" not in msg and msg.startswith("not a valid .docx")


def _without(data: bytes, name: str) -> bytes:
    return _replace(data, name, None)


def _replace(data: bytes, name: str, content: bytes | None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as dst:
        for n in src.namelist():
            if n != name:
                dst.writestr(n, src.read(n))
            elif content is not None:
                dst.writestr(n, content)
    return buf.getvalue()


# --- LibreOffice --------------------------------------------------------------------------------

BASIC = r'''
Sub Review(inPath As String, outDir As String)
  On Error Goto Fail
  Dim modes(2) As String
  Dim props(0) As New com.sun.star.beans.PropertyValue
  Dim sp(1) As New com.sun.star.beans.PropertyValue
  props(0).Name = "Hidden" : props(0).Value = True
  sp(0).Name = "FilterName" : sp(0).Value = "Text (encoded)"
  sp(1).Name = "FilterOptions" : sp(1).Value = "UTF8,LF"
  modes(0) = "accept" : modes(1) = "reject" : modes(2) = "asis"
  For i = 0 To 2
    doc = StarDesktop.loadComponentFromURL(ConvertToURL(inPath), "_blank", 0, props())
    n = 0
    en = doc.getRedlines().createEnumeration()
    Do While en.hasMoreElements()
      en.nextElement() : n = n + 1
    Loop
    c = 0
    fe = doc.getTextFields().createEnumeration()
    Do While fe.hasMoreElements()
      If fe.nextElement().supportsService("com.sun.star.text.TextField.Annotation") Then c = c + 1
    Loop
    frame = doc.getCurrentController().getFrame()
    helper = createUnoService("com.sun.star.frame.DispatchHelper")
    If i = 0 Then helper.executeDispatch(frame, ".uno:AcceptAllTrackedChanges", "", 0, Array())
    If i = 1 Then helper.executeDispatch(frame, ".uno:RejectAllTrackedChanges", "", 0, Array())
    doc.storeToURL(ConvertToURL(outDir & "/" & modes(i) & ".txt"), sp())
    f = FreeFile
    Open outDir & "/counts.txt" For Output As #f
    Print #f, n & " " & c
    Close #f
    doc.close(True)
  Next i
  StarDesktop.terminate()
  Exit Sub
Fail:
  f = FreeFile
  Open outDir & "/error.txt" For Output As #f
  Print #f, "Basic error " & Err & " at line " & Erl & ": " & Error$
  Close #f
  StarDesktop.terminate()
End Sub
'''


@pytest.fixture(scope="module")
def soffice(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        pytest.skip("LibreOffice (soffice) not installed: apt-get install --no-install-recommends libreoffice-writer")
    profile = tmp_path_factory.mktemp("lo-profile")
    env = {**os.environ, "HOME": str(profile)}
    subprocess.run([exe, "--headless", "--terminate_after_init", f"-env:UserInstallation={profile.as_uri()}"],
                   timeout=180, env=env, capture_output=True, check=True)
    module = profile / "user" / "basic" / "Standard" / "Module1.xba"
    assert module.exists(), "LibreOffice did not create its Basic library in the profile"
    module.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD '
        'OfficeDocument 1.0//EN" "module.dtd">\n<script:module xmlns:script="http://openoffice.org/2000/script"'
        ' script:name="Module1" script:language="StarBasic">' + escape(BASIC, {'"': "&quot;"})
        + "</script:module>", encoding="utf-8")
    return exe, profile


def _lo(soffice: tuple[str, Path], args: list[str], tmp: Path) -> None:
    exe, profile = soffice
    r = subprocess.run([exe, "--headless", f"-env:UserInstallation={profile.as_uri()}", *args], cwd=tmp,
                       timeout=120, env={**os.environ, "HOME": str(profile)}, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_libreoffice_accepts_and_rejects(reviewed: tuple, soffice: tuple[str, Path], tmp_path: Path) -> None:
    data, doc, outcome, out = reviewed
    (tmp_path / "in.docx").write_bytes(data)
    (tmp_path / "reviewed.docx").write_bytes(out)
    _lo(soffice, [f'macro:///Standard.Module1.Review("{tmp_path / "reviewed.docx"}","{tmp_path}")'], tmp_path)
    error = tmp_path / "error.txt"
    assert not error.exists(), error.read_text(encoding="utf-8", errors="replace")
    _lo(soffice, ["--convert-to", "txt:Text (encoded):UTF8,LF", "in.docx"], tmp_path)

    def read(name: str) -> str:
        return (tmp_path / name).read_text(encoding="utf-8-sig").removesuffix("\n")

    redlines, notes = map(int, read("counts.txt").split())
    assert redlines >= len(outcome.changes) and notes == len(outcome.remaining)
    # LibreOffice's text export leaves the header out: compare the body
    assert read("accept.txt") == outcome.text.rsplit("\n", 1)[0]
    assert read("reject.txt") == doc.text.rsplit("\n", 1)[0] == read("in.txt")
    # without accepting, LibreOffice shows deleted and inserted text side by side
    assert read("asis.txt") not in (read("accept.txt"), read("reject.txt"))
