"""Between applied fixes and Word revisions: the fixes as non-overlapping replacements of the
original text, positions of the corrected text mapped back, and Accept All / Reject All on the XML."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..fixer import apply_edits, common_affixes
from ..model import Edit
from .docx import Package, W

if TYPE_CHECKING:
    from ..engine import FixOutcome

Group = tuple[int, int, str]  # [start, end) of the original text -> replacement


def groups_of(original: str, outcome: FixOutcome) -> list[Group]:
    """The applied changes as non-overlapping replacements of the original text.

    Changes that overlap (a later pass editing what an earlier one inserted) are merged; the
    result is checked against ``outcome.text`` and falls back to one replacement of the differing
    middle if it does not reproduce it.
    """
    new = outcome.text
    clusters: list[list[Any]] = []
    for c in sorted(outcome.changes, key=lambda c: (c.span.start, c.span.end, c.passno)):
        if clusters:
            s, e = clusters[-1][0], clusters[-1][1]
            if c.span.start < e or (c.span.start == e and (s == e or c.span.start == c.span.end)):
                clusters[-1][1] = max(e, c.span.end)
                clusters[-1][2] += len(c.replacement) - len(c.original)
                continue
        clusters.append([c.span.start, c.span.end, len(c.replacement) - len(c.original)])
    out: list[Group] = []
    pos_o = pos_n = 0
    for s, e, delta in clusters:
        pos_n += s - pos_o
        n = max(0, e - s + delta)
        out.append((s, e, new[pos_n:pos_n + n]))
        pos_n, pos_o = pos_n + n, e
    out = [g for g in out if original[g[0]:g[1]] != g[2]]
    if _apply(original, out) == new:
        return out
    p, q = common_affixes(original, new)
    return [(p, len(original) - q, new[p:len(new) - q])] if original != new else []


def _apply(text: str, groups: list[Group]) -> str:
    return apply_edits(text, [Edit.replace(s, e, r) for s, e, r in groups])


def to_original(q: int, groups: list[Group], end: bool = False) -> int:
    """Map a position of the corrected text back to the original (inside a change: its edge)."""
    delta = 0  # new - original, left of q
    for s, e, r in groups:
        ns, ne = s + delta, s + delta + len(r)
        if q <= ns:
            break
        if q < ne:
            return e if end else s
        delta = ne - e
    return q - delta


# --- accept / reject --------------------------------------------------------------------------


def resolve_package(pkg: Package, accept: bool, author: str | None = None,
                    keep: Callable[[Any], bool] | None = None) -> set[str]:
    def chosen(el: Any) -> bool:
        return (author is None or el.get(W + "author") == author) and (keep is None or keep(el))

    changed = set()
    for part in pkg.text_parts():
        if resolve_part(pkg.xml(part), accept, chosen):
            changed.add(part)
    return changed


def resolve_part(root: Any, accept: bool, chosen: Callable[[Any], bool]) -> bool:
    done = False
    for p in reversed(list(root.iter(W + "p"))):
        rpr = p.find(f"{W}pPr/{W}rPr")
        if rpr is None:
            continue
        for m in [x for x in rpr if x.tag in (W + "ins", W + "del") and chosen(x)]:
            rpr.remove(m)
            done = True
            if (m.tag == W + "del") == accept:
                _merge_with_next(p)
    for el in list(root.iter(W + "ins", W + "del")):
        parent = el.getparent()
        if parent is None or parent.tag == W + "rPr" or not chosen(el) or not _attached(el, root):
            continue
        done = True
        if (el.tag == W + "del") == accept:
            parent.remove(el)
            continue
        for x in el.iter(W + "delText", W + "delInstrText"):
            x.tag = W + ("t" if x.tag == W + "delText" else "instrText")
        for child in list(el):
            el.addprevious(child)
        parent.remove(el)
    return done


def _attached(el: Any, root: Any) -> bool:
    while el is not None:
        if el is root:
            return True
        el = el.getparent()
    return False


def _merge_with_next(p: Any) -> None:
    nxt = p.getnext()
    while nxt is not None and nxt.tag != W + "p":
        if nxt.tag in (W + "tbl", W + "sdt", W + "sectPr"):
            return
        nxt = nxt.getnext()
    if nxt is None:
        return
    ppr = nxt.find(W + "pPr")
    at = 0 if ppr is None else nxt.index(ppr) + 1
    for child in [c for c in p if c.tag != W + "pPr"]:
        nxt.insert(at, child)
        at += 1
    p.getparent().remove(p)

