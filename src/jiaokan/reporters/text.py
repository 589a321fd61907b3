"""``path:line:col: CODE message (wrong → right)``, one line per finding; columns in code points."""

from __future__ import annotations

from collections.abc import Iterable

from ..positions import LineIndex
from . import FileResult, fix_label


def render(results: Iterable[FileResult], *, show_confidence: bool = True) -> str:
    out: list[str] = []
    for r in results:
        index = LineIndex(r.doc.text)
        for f in r.findings:
            line, col = index.line_col(f.span.start)
            extra = f" [{f.applicability.label}, {f.confidence:.2f}]" if show_confidence else ""
            label = fix_label(f)
            msg = f.message.replace("\n", " ")
            out.append(f"{r.doc.path}:{line}:{col}: {f.code} {msg}{' ' + label if label else ''}{extra}")
    return "\n".join(out) + ("\n" if out else "")
