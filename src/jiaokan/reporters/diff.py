"""The fix report: a unified diff, then every applied change with rule, confidence and reason,
then the suggestions that were not applied."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from ..engine import FixOutcome
from ..model import Finding
from ..positions import LineIndex
from . import _show

CONTEXT = 8


def unified_diff(path: str, before: str, after: str) -> str:
    a = before.splitlines(keepends=True)
    b = after.splitlines(keepends=True)
    lines = difflib.unified_diff(a, b, fromfile=f"a/{path}", tofile=f"b/{path}")
    out = []
    for ln in lines:
        out.append(ln if ln.endswith("\n") else ln + "\n\\ No newline at end of file\n")
    return "".join(out)


def _context(text: str, start: int, end: int, new: str) -> str:
    left = text[max(0, start - CONTEXT):start]
    right = text[end:end + CONTEXT]
    return (f"…{_show(left)}[{_show(text[start:end])}→{_show(new)}]{_show(right)}…"
            .replace("∅[", "[").replace("]∅", "]"))


def render(outcomes: Iterable[FixOutcome], *, include_diff: bool = True) -> str:
    parts: list[str] = []
    for out in outcomes:
        src = out.doc.text
        index = LineIndex(src)
        if include_diff and out.text != src:
            parts.append(unified_diff(out.doc.path, src, out.text))
        parts.append(f"{out.doc.path}: {len(out.changes)} change(s) applied\n")
        for c in out.changes:
            f = c.finding
            line, col = index.line_col(c.span.start)
            parts.append(
                f"  {line}:{col} {f.code} {f.name} {_context(src, c.span.start, c.span.end, c.replacement)}"
                f"  confidence {f.confidence:.2f}, {f.applicability.label} — {f.message}\n"
            )
        pending = [f for f in out.remaining]
        if pending:
            parts.append(f"{out.doc.path}: {len(pending)} finding(s) not fixed (suggestions)\n")
            new_index = LineIndex(out.text)
            for f in pending:
                parts.append("  " + _pending(f, new_index, out.text) + "\n")
    return "".join(parts)


def _pending(f: Finding, index: LineIndex, text: str) -> str:
    line, col = index.line_col(f.span.start)
    sugg = " | ".join(_show(s) for s in f.suggestions) if f.suggestions else "—"
    return (f"{line}:{col} {f.code} {f.name} “{_show(f.original)}” → {sugg}  confidence {f.confidence:.2f}, "
            f"{f.applicability.label} — {f.message}")
