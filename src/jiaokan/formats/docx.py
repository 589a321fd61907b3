"""Word (.docx) documents: the text of every paragraph, with a map back to the runs it came from.

``text`` is the paragraphs of the body (tables included, in reading order), then the headers, the
footers, the footnotes and the endnotes, joined by ``"\\n"``. Inside a paragraph the text of every
run is concatenated, so a word split over runs of different formatting is matched as one word;
``w:tab`` reads as ``"\\t"`` and ``w:br``/``w:cr`` as ``"\\n"``. Text already deleted in a tracked
change is left out, tracked insertions are read. The separator between two paragraphs that cannot
be merged (table cells, parts, section breaks) is a skipped region: no finding may cross it.

Parts are read with lxml straight from the zip (python-docx has no API for revisions or comments);
:func:`write_reviewed` (in :mod:`._docx_revise`) writes the fixes back as tracked changes.
"""

from __future__ import annotations

import bisect
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..model import Span
from . import Document, InputError

if TYPE_CHECKING:
    from ..engine import FixOutcome

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{" + W_NS + "}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
REL_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
MAX_PART_BYTES = 256 << 20

# run children that carry text, and what they read as
ATOM_TEXT = {W + "tab": "\t", W + "br": "\n", W + "cr": "\n"}
# containers whose runs are not part of the current text
_HIDDEN = {W + "del", W + "moveFrom", MC + "Fallback"}
_NOTE_SEPARATORS = {"separator", "continuationSeparator", "continuationNotice"}
_BLOCK = {W + "p", W + "tbl", W + "sdt", W + "sectPr", W + "customXml", W + "altChunk"}


class DocxError(InputError):
    """A .docx that cannot be read (not a zip, truncated, a part missing or not XML)."""


@dataclass(frozen=True)
class Location:
    """Where a code point of ``text`` lives: a paragraph of a part, a text-bearing run of that
    paragraph (index among its runs that carry text; ``None`` for the paragraph mark) and the
    offset inside that run's text."""

    part: str
    paragraph: int
    run: int | None
    offset: int


@dataclass(frozen=True)
class Piece:
    """A stretch ``[start, end)`` of ``text`` read from one run child (``w:t``, ``w:tab``, ...)."""

    start: int
    end: int
    part: str
    paragraph: int
    run: int
    offset: int


@dataclass(frozen=True)
class DocxDocument(Document):
    source: bytes = field(default=b"", repr=False, compare=False)
    pieces: tuple[Piece, ...] = field(default=(), repr=False, compare=False)
    # (start, part, paragraph index in part) of every paragraph, in text order
    paragraphs: tuple[tuple[int, str, int], ...] = field(default=(), repr=False, compare=False)

    def locate(self, pos: int) -> Location:
        """The run and offset of code point ``pos`` (a paragraph separator gives ``run=None``)."""
        if not 0 <= pos < len(self.text):
            raise IndexError(f"offset {pos} outside the text (length {len(self.text)})")
        i = bisect.bisect_right([p.start for p in self.pieces], pos) - 1
        if i >= 0 and self.pieces[i].start <= pos < self.pieces[i].end:
            p = self.pieces[i]
            return Location(p.part, p.paragraph, p.run, p.offset + pos - p.start)
        j = bisect.bisect_right([s for s, _, _ in self.paragraphs], pos) - 1
        _, part, para = self.paragraphs[j]
        return Location(part, para, None, 0)

    def encode(self, text: str) -> bytes:
        raise InputError("a .docx is written with formats.docx.write_reviewed, not as text")


# --- the package ------------------------------------------------------------------------------


class Package:
    """The zip entries of a .docx, kept in order; XML parts parsed on demand."""

    def __init__(self, data: bytes) -> None:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                self.infos = zf.infolist()
                self.raw: dict[str, bytes] = {}
                for info in self.infos:
                    if info.file_size > MAX_PART_BYTES:
                        raise DocxError(f"not a valid .docx: part {info.filename} is too large")
                    self.raw[info.filename] = zf.read(info)
        except DocxError:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError) as exc:
            raise DocxError(f"not a valid .docx: damaged or truncated zip archive ({_one_line(exc)})") from None
        self.trees: dict[str, Any] = {}
        self.touched: set[str] = set()
        self.main = self._main_part()
        for name in (self.main, "[Content_Types].xml"):
            if name not in self.raw:
                raise DocxError(f"not a valid .docx: {name} is missing")

    def _main_part(self) -> str:
        if "_rels/.rels" in self.raw:
            for rel in self.xml("_rels/.rels").iter(PKG_REL + "Relationship"):
                if rel.get("Type", "").endswith("/officeDocument"):
                    return rel.get("Target", "").lstrip("/")
        return "word/document.xml"

    def xml(self, name: str) -> Any:
        if name not in self.trees:
            from lxml import etree

            if name not in self.raw:
                raise DocxError(f"not a valid .docx: {name} is missing")
            parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
            try:
                self.trees[name] = etree.fromstring(self.raw[name], parser)
            except etree.XMLSyntaxError as exc:
                raise DocxError(f"not a valid .docx: {name} is not well-formed XML ({_one_line(exc)})") from None
        return self.trees[name]

    def rels_name(self, part: str) -> str:
        folder, _, base = part.rpartition("/")
        return f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"

    def related(self, part: str, kind: str) -> list[tuple[str, str]]:
        """``(relationship id, part name)`` of ``part``'s relationships of type ``kind``."""
        rels = self.rels_name(part)
        if rels not in self.raw:
            return []
        folder = part.rpartition("/")[0]
        out = []
        for rel in self.xml(rels).iter(PKG_REL + "Relationship"):
            if rel.get("Type") == REL_BASE + kind and rel.get("TargetMode") != "External":
                target = rel.get("Target", "")
                name = target.lstrip("/") if target.startswith("/") else _join(folder, target)
                out.append((rel.get("Id", ""), name))
        return out

    def text_parts(self) -> list[str]:
        """The main part, then headers, footers, footnotes, endnotes (those present)."""
        parts = [self.main]
        for kind in ("header", "footer", "footnotes", "endnotes"):
            names = sorted({n for _, n in self.related(self.main, kind) if n in self.raw}, key=_natural)
            parts += names
        return parts

    def add(self, name: str, root: Any) -> None:
        """A new XML part (its content type and relationship are the caller's business)."""
        info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        self.infos.append(info)
        self.raw[name] = b""
        self.trees[name] = root
        self.touched.add(name)

    def to_bytes(self, changed: set[str]) -> bytes:
        from lxml import etree

        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for info in self.infos:
                data = self.raw[info.filename]
                if info.filename in changed:
                    data = etree.tostring(self.trees[info.filename], xml_declaration=True,
                                          encoding="UTF-8", standalone=True)
                zf.writestr(info, data, compress_type=info.compress_type)
        return buf.getvalue()


def _join(folder: str, target: str) -> str:
    parts = (folder.split("/") if folder else []) + target.split("/")
    out: list[str] = []
    for p in parts:
        if p == "..":
            if out:
                out.pop()
        elif p not in ("", "."):
            out.append(p)
    return "/".join(out)


def _natural(name: str) -> list[Any]:
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", name)]


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


# --- reading paragraphs -----------------------------------------------------------------------


def runs_of(p: Any) -> list[Any]:
    """The runs whose text belongs to paragraph ``p`` (not nested paragraphs, not deleted text)."""
    out = []
    for r in p.iter(W + "r"):
        anc = r.getparent()
        ok = True
        while anc is not None and anc is not p:
            if anc.tag in _HIDDEN or anc.tag == W + "p":
                ok = False
                break
            anc = anc.getparent()
        if ok:
            out.append(r)
    return out


def atoms_of(p: Any) -> list[tuple[Any, Any, str]]:
    """``(run, child, text)`` for every text-bearing run child of paragraph ``p``, in order."""
    out = []
    for r in runs_of(p):
        for child in r:
            if child.tag == W + "t":
                if child.text:
                    out.append((r, child, child.text))
            elif child.tag in ATOM_TEXT:
                out.append((r, child, ATOM_TEXT[child.tag]))
    return out


def paragraphs_of(root: Any) -> list[Any]:
    """Every paragraph of a part in document order (note separators and fallbacks left out)."""
    out = []
    for p in root.iter(W + "p"):
        anc = p.getparent()
        hidden = False
        while anc is not None:
            if anc.tag == MC + "Fallback" or (
                anc.tag in (W + "footnote", W + "endnote") and anc.get(W + "type") in _NOTE_SEPARATORS
            ):
                hidden = True
                break
            anc = anc.getparent()
        if not hidden:
            out.append(p)
    return out


def mergeable(p: Any, nxt: Any | None) -> bool:
    """Whether deleting ``p``'s paragraph mark joins it with ``nxt`` (the next paragraph read)."""
    if nxt is None:
        return False
    ppr = p.find(W + "pPr")
    if ppr is not None and ppr.find(W + "sectPr") is not None:
        return False
    sib = p.getnext()
    while sib is not None and sib.tag not in _BLOCK:
        sib = sib.getnext()
    return sib is nxt


@dataclass
class Para:
    part: str
    index: int  # in the part
    elem: Any
    start: int
    end: int
    joins_next: bool


def scan(pkg: Package) -> tuple[str, list[Para], list[Piece]]:
    """The document text, its paragraphs and the pieces mapping it back to runs."""
    chunks: list[str] = []
    paras: list[Para] = []
    pieces: list[Piece] = []
    pos = 0
    for part in pkg.text_parts():
        elems = paragraphs_of(pkg.xml(part))
        for i, p in enumerate(elems):
            if paras:
                chunks.append("\n")
                pos += 1
            start = pos
            run_index: dict[int, tuple[int, int]] = {}  # id(run) -> (index, text so far)
            for r, _child, t in atoms_of(p):
                idx, off = run_index.get(id(r), (len(run_index), 0))
                pieces.append(Piece(pos, pos + len(t), part, i, idx, off))
                run_index[id(r)] = (idx, off + len(t))
                chunks.append(t)
                pos += len(t)
            nxt = elems[i + 1] if i + 1 < len(elems) else None
            paras.append(Para(part, i, p, start, pos, mergeable(p, nxt)))
    return "".join(chunks), paras, pieces


def load_docx(path: str, data: bytes) -> DocxDocument:
    """Read a .docx. Raises :class:`DocxError` (an :class:`InputError`) with a one-line reason."""
    from .text import plain_skips

    try:
        import lxml  # noqa: F401
    except ImportError:
        raise DocxError("reading .docx needs lxml: pip install 'jiaokan[docx]'") from None
    pkg = Package(data)
    text, paras, pieces = scan(pkg)
    skips = plain_skips(text)
    skips += [Span(p.end, p.end + 1) for p in paras[:-1] if not p.joins_next]
    skips.sort()
    return DocxDocument(path=path, text=text, format="docx", skip=tuple(skips), source=data,
                        pieces=tuple(pieces), paragraphs=tuple((p.start, p.part, p.index) for p in paras))


def write_reviewed(doc: DocxDocument, outcome: FixOutcome, track_changes: bool = True, *,
                   author: str = "jiaokan", date: str | None = None) -> bytes:
    """The .docx with every applied fix as a tracked change (``w:del``/``w:ins``) and every
    remaining finding as a comment; with ``track_changes=False`` a clean corrected copy."""
    from ._docx_revise import write_reviewed as _write

    return _write(doc, outcome, track_changes, author=author, date=date)


def resolve_revisions(data: bytes, accept: bool, author: str | None = None) -> bytes:
    """Accept (or reject) every tracked insertion, deletion and paragraph-mark change (of
    ``author`` only, when given), as Word's Accept All / Reject All do."""
    from ._docx_edits import resolve_package

    pkg = Package(data)
    changed = resolve_package(pkg, accept, author)
    return pkg.to_bytes(changed)
