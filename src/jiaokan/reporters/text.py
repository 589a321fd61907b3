"""The default, human format: ``path:line:col: CODE message (wrong → right) [applicability, confidence]``,
then the source line with the span marked and the fix or suggestions. Columns are in code points;
the caret line is aligned by display width (a Chinese character takes two cells). Colour (ANSI) only
when asked for, which the CLI does on a terminal.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from ..model import Finding
from ..positions import LineIndex
from . import FileResult, _show, fix_label, plain_message

CONTEXT = 24  # code points kept either side of the span when a line is long
LONG_LINE = 100

_STYLES = {"path": "1", "code": "1;31", "caret": "1;31", "fix": "32", "dim": "2", "gutter": "34"}


def _style(s: str, what: str, color: bool) -> str:
    return f"\x1b[{_STYLES[what]}m{s}\x1b[0m" if color and s else s


def cell_width(s: str) -> int:
    """Terminal cells ``s`` occupies: wide (W/F) characters take 2, combining marks 0."""
    w = 0
    for ch in s:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return w


def _visible(s: str) -> str:
    return s.replace("\t", "    ")


def source_snippet(index: LineIndex, f: Finding, *, color: bool = False) -> list[str]:
    """The finding's first line with the span underlined (``^``), clipped around the span if long."""
    text = index.text
    line, _ = index.line_col(f.span.start)
    lstart = index.starts[line - 1]
    full = index.line_text(line)
    lend = lstart + len(full)
    s, e = f.span.start, min(f.span.end, lend)
    left_clip, right_clip = lstart, lend
    if cell_width(full) > LONG_LINE:
        left_clip = max(lstart, s - CONTEXT)
        right_clip = min(lend, e + CONTEXT)
    before = ("…" if left_clip > lstart else "") + _visible(text[left_clip:s])
    marked = _visible(text[s:e])
    after = _visible(text[e:right_clip]) + ("…" if right_clip < lend else "")
    gutter = f"{line:>5} | "
    pad = " " * (len(gutter) - 2) + "| "
    carets = "^" * max(1, cell_width(marked))
    return [
        _style(gutter, "gutter", color) + before + _style(marked, "caret", color) + after,
        _style(pad, "gutter", color) + " " * cell_width(before) + _style(carets, "caret", color),
    ]


def _advice(f: Finding, color: bool) -> str | None:
    pad = "      = "
    if f.fix is not None:
        label = f"fix ({f.fix.applicability.label}): "
        new = f.suggestions[0] if f.suggestions else "".join(e.content for e in f.fix.edits)
        return pad + label + _style(_show(f.original), "dim", color) + " → " + _style(_show(new), "fix", color)
    if f.suggestions:
        return pad + "suggestions: " + " | ".join(_style(_show(s), "fix", color) for s in f.suggestions)
    return None


def render(results: Iterable[FileResult], *, show_confidence: bool = True, show_source: bool = True,
           color: bool = False, summary: bool = True) -> str:
    out: list[str] = []
    n_findings = n_fixable = n_files = 0
    for r in results:
        index = LineIndex(r.doc.text)
        if r.findings:
            n_files += 1
        for f in r.findings:
            n_findings += 1
            n_fixable += f.fix is not None
            line, col = index.line_col(f.span.start)
            extra = f" [{f.applicability.label}, {f.confidence:.2f}]" if show_confidence else ""
            label = fix_label(f)
            head = _style(f"{r.doc.path}:{line}:{col}:", "path", color)
            out.append(f"{head} {_style(f.code, 'code', color)} {plain_message(f)}"
                       f"{' ' + label if label else ''}{extra}")
            if show_source:
                out += source_snippet(index, f, color=color)
                advice = _advice(f, color)
                if advice:
                    out.append(advice)
    if summary and n_findings:
        fixable = f" ({n_fixable} fixable with 'jiaokan fix')" if n_fixable else ""
        out.append(f"Found {n_findings} finding(s) in {n_files} file(s){fixable}.")
    return "\n".join(out) + ("\n" if out else "")
