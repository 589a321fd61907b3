"""Write fixes into a .docx as Word revisions, and accept or reject revisions.

Every applied fix becomes ``w:del`` (the runs it removes, split at the edit boundaries with their
``w:rPr`` copied) followed by ``w:ins`` (a run with the formatting of the text it replaces). A
removed paragraph separator is a deleted paragraph mark (``w:pPr/w:rPr/w:del``), an inserted one
splits the paragraph and marks the first half's mark inserted, as Word records them. Findings left
unfixed become comments. Offsets are code points into ``DocxDocument.text``.
"""

from __future__ import annotations

import bisect
import copy
import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from ._docx_edits import groups_of, resolve_package, to_original
from .docx import (
    PKG_REL,
    REL_BASE,
    W_NS,
    DocxDocument,
    DocxError,
    Package,
    Para,
    W,
    atoms_of,
    scan,
)

if TYPE_CHECKING:
    from ..engine import FixOutcome
    from ..model import Finding

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
COMMENTS_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
_MARKS = {W + "ins", W + "del", W + "moveFrom", W + "moveTo", W + "rPrChange"}

class Reviser:
    def __init__(self, pkg: Package, paras: list[Para], author: str, date: str) -> None:
        self.pkg, self.paras, self.author, self.date = pkg, paras, author, date
        self.starts = [p.start for p in paras]
        self.next_id = _max_id(pkg) + 1
        self.ids: set[str] = set()
        self.changed: set[str] = set()
        self._last_del: Any = None

    # --- locating -------------------------------------------------------------------------
    def para_at(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.starts, pos) - 1)

    def cut(self, para: Para, pos: int) -> None:
        """Make sure a run boundary lies at ``pos`` (splitting a run, its rPr copied)."""
        off = para.start
        for r, child, t in atoms_of(para.elem):
            a, b = off, off + len(t)
            if a < pos < b:
                _split_run(r, child, pos - a)
                return
            if b == pos:
                _split_run(r, child, None)
                return
            off = b

    def around(self, para: Para, pos: int) -> tuple[Any, Any]:
        """The run ending at ``pos`` and the run starting there (after :meth:`cut`)."""
        before = after = None
        off = para.start
        for r, _child, t in atoms_of(para.elem):
            if off + len(t) == pos:
                before = r
            if off == pos and after is None:
                after = r
            off += len(t)
        return before, after

    # --- revisions ------------------------------------------------------------------------
    def mark(self, tag: str, like: Any) -> Any:
        el = like.makeelement(tag, {W + "id": str(self.next_id), W + "author": self.author,
                                    W + "date": self.date})
        self.ids.add(str(self.next_id))
        self.next_id += 1
        return el

    def apply(self, s: int, e: int, text: str) -> None:
        i0, i1 = self.para_at(s), self.para_at(e)
        deleted: list[Any] = []
        for i in range(i1, i0 - 1, -1):
            para = self.paras[i]
            a, b = max(s, para.start), min(e, para.end)
            if a < b:
                deleted[:0] = self.delete(para, a, b)
            if s <= para.end < e:
                self.para_mark(para.elem, W + "del")
            self.changed.add(para.part)
        if text:
            self.insert(s, text, deleted)

    def delete(self, para: Para, s: int, e: int) -> list[Any]:
        self.cut(para, s)
        self.cut(para, e)
        targets: list[Any] = []
        off = para.start
        for r, _child, t in atoms_of(para.elem):
            if s <= off and off + len(t) <= e and r not in targets:
                targets.append(r)
            off += len(t)
        self._last_del = None
        for r in targets:
            prev = r.getprevious()
            if prev is not None and prev is self._last_del:
                wrapper = prev
            else:
                wrapper = self.mark(W + "del", r)
                r.addprevious(wrapper)
            wrapper.append(r)
            self._last_del = wrapper
            for child in r:
                if child.tag == W + "t":
                    child.tag = W + "delText"
                elif child.tag == W + "instrText":
                    child.tag = W + "delInstrText"
        return targets

    def para_mark(self, p: Any, tag: str) -> None:
        ppr = p.find(W + "pPr")
        if ppr is None:
            ppr = p.makeelement(W + "pPr", {})
            p.insert(0, ppr)
        rpr = ppr.find(W + "rPr")
        if rpr is None:
            rpr = ppr.makeelement(W + "rPr", {})
            later = [c for c in ppr if c.tag in (W + "sectPr", W + "pPrChange")]
            (later[0].addprevious(rpr) if later else ppr.append(rpr))
        first_is_ins = len(rpr) and rpr[0].tag == W + "ins"
        rpr.insert(1 if tag == W + "del" and first_is_ins else 0, self.mark(tag, rpr))

    def insert(self, s: int, text: str, deleted: list[Any]) -> None:
        i = self.para_at(s)
        para = self.paras[i]
        self.cut(para, s)
        mine = [r for r in deleted if _para_of(r) is para.elem]
        before, after = self.around(para, s)
        if mine:
            anchor: tuple[str, Any] = ("after", mine[-1].getparent())
        elif before is not None:
            anchor = ("after", _outside_ins(before))
        elif after is not None:
            anchor = ("before", _outside_ins(after))
        else:
            anchor = ("append", para.elem)
        src = deleted[0] if deleted else (before if before is not None else after)
        rpr = _clean_rpr(src.find(W + "rPr") if src is not None else para.elem.find(f"{W}pPr/{W}rPr"))
        chunks = text.split("\n")
        top = anchor[0] == "append" or anchor[1].getparent() is para.elem
        if not top:
            chunks = [text]  # inside a hyperlink or field: the newline becomes a line break
        p = para.elem
        for j, chunk in enumerate(chunks):
            if chunk:
                node = self.ins_run(chunk, rpr, p)
                _place(anchor, node)
                anchor = ("after", node)
            if j < len(chunks) - 1:
                first = self.split_para(p, anchor)
                if j == 0:
                    para.elem = first  # what lies before ``s`` is in the first paragraph now
                anchor = ("start", p)
        self.changed.add(para.part)

    def ins_run(self, text: str, rpr: Any, like: Any) -> Any:
        ins = self.mark(W + "ins", like)
        r = ins.makeelement(W + "r", {})
        if rpr is not None:
            r.append(copy.deepcopy(rpr))
        for chunk in re.split(r"(\t|\n)", text):
            if chunk in ("\t", "\n"):
                r.append(r.makeelement(W + ("tab" if chunk == "\t" else "br"), {}))
            elif chunk:
                t = r.makeelement(W + "t", {XML_SPACE: "preserve"})
                t.text = chunk
                r.append(t)
        ins.append(r)
        return ins

    def split_para(self, p: Any, anchor: tuple[str, Any]) -> Any:
        """Move what lies before ``anchor`` into a new paragraph before ``p`` whose mark is an
        inserted one; return the new paragraph."""
        new = p.makeelement(W + "p", {})
        ppr = p.find(W + "pPr")
        if ppr is not None:
            c = copy.deepcopy(ppr)
            for el in c.findall(W + "sectPr") + c.findall(W + "pPrChange"):
                c.remove(el)
            crpr = c.find(W + "rPr")
            if crpr is not None:
                for el in [x for x in crpr if x.tag in _MARKS]:
                    crpr.remove(el)
            new.append(c)
        mode, ref = anchor
        for child in list(p):
            if child is ppr:
                continue
            if mode == "start" or (mode == "before" and child is ref):
                break
            new.append(child)
            if mode == "after" and child is ref:
                break
        p.addprevious(new)
        self.para_mark(new, W + "ins")
        return new

    # --- comments -------------------------------------------------------------------------
    def comment(self, f: Finding, a: int, b: int, root: Any, cid: int) -> None:
        i = self.para_at(a)
        para = self.paras[i]
        where = ""
        if para.part != self.pkg.main:
            where = f" [{para.part.rpartition('/')[2]}]"
            para = next((p for p in self.paras if p.part == self.pkg.main), para)
            a = b = para.start
        b = max(a, min(b, para.end))
        self.cut(para, a)
        self.cut(para, b)
        start = para.elem.makeelement(W + "commentRangeStart", {W + "id": str(cid)})
        end = para.elem.makeelement(W + "commentRangeEnd", {W + "id": str(cid)})
        before, after = self.around(para, a)
        _place(("before", after) if after is not None and a < b else
               ("after", before) if before is not None else ("start", para.elem), start)
        before_b, _ = self.around(para, b)
        _place(("after", before_b) if a < b and before_b is not None else ("after", start), end)
        ref = end.makeelement(W + "r", {})
        ref.append(ref.makeelement(W + "commentReference", {W + "id": str(cid)}))
        end.addnext(ref)
        self.changed.add(para.part)
        sugg = " | ".join(f.suggestions) if any(f.suggestions) else "—"
        lines = [f"{f.code} {f.name}{where}: {f.message}", f"“{f.original}” → {sugg}",
                 f"confidence {f.confidence:.2f}, {f.applicability.label}" + (f" — {f.note}" if f.note else "")]
        c = root.makeelement(W + "comment", {W + "id": str(cid), W + "author": self.author,
                                             W + "date": self.date, W + "initials": "JK"})
        for n, line in enumerate(lines):
            p = c.makeelement(W + "p", {})
            if n == 0:
                r0 = p.makeelement(W + "r", {})
                r0.append(r0.makeelement(W + "annotationRef", {}))
                p.append(r0)
            r = p.makeelement(W + "r", {})
            t = r.makeelement(W + "t", {XML_SPACE: "preserve"})
            t.text = line
            r.append(t)
            p.append(r)
            c.append(p)
        root.append(c)


def _para_of(el: Any) -> Any:
    while el is not None and el.tag != W + "p":
        el = el.getparent()
    return el


def _outside_ins(r: Any) -> Any:
    parent = r.getparent()
    return parent if parent is not None and parent.tag == W + "ins" else r


def _place(anchor: tuple[str, Any], node: Any) -> None:
    mode, ref = anchor
    if mode == "after":
        ref.addnext(node)
    elif mode == "before":
        ref.addprevious(node)
    elif mode == "append":
        ref.append(node)
    else:  # start of paragraph ref, after its pPr
        ppr = ref.find(W + "pPr")
        ref.insert(0 if ppr is None else ref.index(ppr) + 1, node)


def _clean_rpr(rpr: Any) -> Any:
    if rpr is None:
        return None
    c = copy.deepcopy(rpr)
    for el in [x for x in c if x.tag in _MARKS]:
        c.remove(el)
    return c if len(c) else None


def _split_run(r: Any, child: Any, k: int | None) -> None:
    """Split run ``r`` inside text child ``child`` at ``k`` (or just after ``child``)."""
    rest = list(child.itersiblings())
    if k is None and not rest:
        return
    r2 = r.makeelement(W + "r", dict(r.attrib))
    rpr = r.find(W + "rPr")
    if rpr is not None:
        r2.append(copy.deepcopy(rpr))
    if k is not None:
        t2 = r2.makeelement(W + "t", {XML_SPACE: "preserve"})
        t2.text, child.text = child.text[k:], child.text[:k]
        child.set(XML_SPACE, "preserve")
        r2.append(t2)
    for el in rest:
        r2.append(el)
    r.addnext(r2)


def _max_id(pkg: Package) -> int:
    best = 0
    for part in pkg.text_parts():
        for el in pkg.xml(part).iter():
            v = el.get(W + "id")
            if v is not None and v.lstrip("-").isdigit():
                best = max(best, int(v))
    return best


def _comments_root(pkg: Package) -> tuple[str, Any]:
    from lxml import etree

    found = [n for _, n in pkg.related(pkg.main, "comments") if n in pkg.raw]
    if found:
        return found[0], pkg.xml(found[0])
    folder = pkg.main.rpartition("/")[0]
    name = f"{folder}/comments.xml" if folder else "comments.xml"
    n = 1
    while name in pkg.raw:
        name = f"{folder}/comments{n}.xml"
        n += 1
    root = etree.Element(W + "comments", nsmap={"w": W_NS})
    pkg.add(name, root)
    rels = pkg.rels_name(pkg.main)
    if rels not in pkg.raw:
        pkg.add(rels, etree.Element(PKG_REL + "Relationships", nsmap={None: PKG_REL[1:-1]}))
    rel_root = pkg.xml(rels)
    used = {el.get("Id") for el in rel_root}
    rid = next(f"rId{k}" for k in range(1, len(used) + 2) if f"rId{k}" not in used)
    etree.SubElement(rel_root, PKG_REL + "Relationship", Id=rid, Type=REL_BASE + "comments",
                     Target=name.rpartition("/")[2])
    pkg.touched.add(rels)
    ct = pkg.xml("[Content_Types].xml")
    etree.SubElement(ct, CT + "Override", PartName="/" + name, ContentType=COMMENTS_CT)
    pkg.touched.add("[Content_Types].xml")
    return name, root


def write_reviewed(doc: DocxDocument, outcome: FixOutcome, track_changes: bool = True, *,
                   author: str = "jiaokan", date: str | None = None) -> bytes:
    pkg = Package(doc.source)
    text, paras, _ = scan(pkg)
    if text != doc.text or outcome.doc.text != doc.text:
        raise DocxError("the fix outcome does not belong to this document")
    date = date or dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    groups = groups_of(text, outcome)
    rev = Reviser(pkg, paras, author, date)
    if track_changes and outcome.remaining:
        name, root = _comments_root(pkg)
        cid = 1 + max((int(v) for v in (c.get(W + "id") for c in root) if v and v.isdigit()), default=-1)
        for f in sorted(outcome.remaining, key=lambda f: f.span.start, reverse=True):
            a = to_original(f.span.start, groups)
            b = to_original(f.span.end, groups, end=True)
            rev.comment(f, a, b, root, cid)
            cid += 1
        pkg.touched.add(name)
    for s, e, r in reversed(groups):
        rev.apply(s, e, r)
    changed = rev.changed | pkg.touched
    if not track_changes:
        changed |= resolve_package(pkg, True, keep=lambda el: el.get(W + "id") in rev.ids)
    return pkg.to_bytes(changed)
