"""Apply fixes: at or above an applicability, sorted, overlaps skipped, one pass.

pycorrector splices replacements into the string one by one with offsets computed on the original,
so a length-changing fix shifts every later one. Here the output is built left to right from
slices of the *original* text, so every edit uses its own original offsets.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .model import Applicability, Edit, Finding


@dataclass(frozen=True)
class FixResult:
    text: str
    applied: tuple[Finding, ...]
    skipped: tuple[Finding, ...]


def common_affixes(a: str, b: str) -> tuple[int, int]:
    """Lengths of the longest common prefix and (non-overlapping) common suffix of two strings."""
    p = 0
    while p < min(len(a), len(b)) and a[p] == b[p]:
        p += 1
    q = 0
    while q < min(len(a), len(b)) - p and a[-1 - q] == b[-1 - q]:
        q += 1
    return p, q


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Apply non-overlapping edits (sorted here) in one pass."""
    out: list[str] = []
    pos = 0
    for e in sorted(edits, key=lambda e: (e.span.start, e.span.end)):
        if e.span.start < pos:
            raise ValueError("overlapping edits")
        out.append(text[pos : e.span.start])
        out.append(e.content)
        pos = e.span.end
    out.append(text[pos:])
    return "".join(out)


def apply_fixes(
    text: str, findings: Iterable[Finding], level: Applicability = Applicability.SAFE
) -> FixResult:
    """Apply every finding's fix whose applicability is at least ``level``.

    Higher confidence wins where two fixes overlap; the loser is reported as skipped (it may apply
    on a later pass once the text has changed).
    """
    fixable = [f for f in findings if f.fix is not None and f.fix.applicability >= level]
    # decide by confidence, then position, so that the result does not depend on rule order
    fixable.sort(key=lambda f: (-f.fix.confidence, f.fix.span.start, f.code))  # type: ignore[union-attr]
    taken: list[Finding] = []
    skipped: list[Finding] = []
    claimed: list[tuple[int, int, int]] = []  # (start, end, index into edits), sorted
    claimed_edits: list[Edit] = []
    for f in fixable:
        edits = f.fix.edits  # type: ignore[union-attr]
        if any(_conflicts(e, claimed, claimed_edits) for e in edits):
            skipped.append(f)
            continue
        taken.append(f)
        for e in edits:
            bisect.insort(claimed, (e.span.start, e.span.end, len(claimed_edits)))
            claimed_edits.append(e)
    new_text = apply_edits(text, claimed_edits)
    taken.sort(key=Finding.sort_key)
    return FixResult(new_text, tuple(taken), tuple(skipped))


def _conflicts(e: Edit, claimed: list[tuple[int, int, int]], edits: list[Edit]) -> bool:
    """Whether ``e`` overlaps or equals a claimed edit. Claimed edits do not overlap one another, so
    sorted by start their ends do not decrease: only the ones just left of ``e.end`` need a look
    (a scan of every claimed edit made a dense document quadratic)."""
    i = bisect.bisect_right(claimed, (e.span.end, float("inf"), 0))
    while i > 0:
        i -= 1
        start, end, k = claimed[i]
        if end < e.span.start:
            return False
        c = edits[k].span
        if e.span.overlaps(c) or e.span == c:
            return True
    return False
