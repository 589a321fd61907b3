"""GitHub Actions workflow commands, one per finding:
``::warning file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=CODE name::message``.

Columns are 1-based code points (a Chinese character or an emoji is one column). Values are escaped
as the runner expects (``%``, CR, LF; and ``:`` and ``,`` inside properties).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Severity
from ..positions import LineIndex
from . import FileResult, fix_label, plain_message

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def render(results: Iterable[FileResult], errors: Iterable[tuple[str, str]] = ()) -> str:
    out: list[str] = []
    for r in results:
        index = LineIndex(r.doc.text)
        path = escape_property(r.doc.path)
        for f in r.findings:
            out.append(annotation(f, index, path))
    for path, msg in errors:
        out.append(f"::error file={escape_property(path)},title=jiaokan::{escape_data(msg)}")
    return "\n".join(out) + ("\n" if out else "")


def annotation(f, index, epath: str) -> str:  # type: ignore[no-untyped-def]
    """One workflow command for a finding; ``epath`` already escaped as a property."""
    line, col = index.line_col(f.span.start)
    end_line, end_col = index.line_col(f.span.end)
    label = fix_label(f)
    msg = f"{plain_message(f)}{' ' + label if label else ''} [{f.applicability.label}, {f.confidence:.2f}]"
    props = (f"file={epath},line={line},col={col},endLine={end_line},endColumn={end_col},"
             f"title={escape_property(f'{f.code} {f.name}')}")
    return f"::{_LEVEL[f.severity]} {props}::{escape_data(msg)}"
