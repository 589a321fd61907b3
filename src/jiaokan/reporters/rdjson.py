"""reviewdog's rdjson (``DiagnosticResult``), with suggestions.

Positions follow reviewdog's definition: 1-based lines, 1-based columns counted in **UTF-8 bytes**
(a Chinese character is 3 columns wide, an emoji 4), end exclusive. A finding with a fix gives one
suggestion per edit; a finding with several candidates and no fix gives one suggestion per candidate
over its span.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from ..model import Finding, Severity, Span
from ..positions import LineIndex
from . import FileResult, plain_message, utf8_column

SOURCE = {"name": "jiaokan", "url": "https://github.com/jiaokan/jiaokan"}
_SEVERITY = {Severity.ERROR: "ERROR", Severity.WARNING: "WARNING", Severity.INFO: "INFO"}


def _pos(index: LineIndex, offset: int) -> dict[str, int]:
    line = index.line_of(offset)
    return {"line": line, "column": utf8_column(index.text, index.starts[line - 1], offset)}


def _range(index: LineIndex, span: Span) -> dict[str, object]:
    return {"start": _pos(index, span.start), "end": _pos(index, span.end)}


def _suggestions(f: Finding, index: LineIndex) -> list[dict[str, object]]:
    if f.fix is not None:
        return [{"range": _range(index, e.span), "text": e.content} for e in f.fix.edits]
    return [{"range": _range(index, f.span), "text": s} for s in f.suggestions]


def diagnostic(f: Finding, path: str, index: LineIndex) -> dict[str, object]:
    line, col = index.line_col(f.span.start)
    return {
        "message": plain_message(f),
        "location": {"path": path, "range": _range(index, f.span)},
        "severity": _SEVERITY[f.severity],
        "source": SOURCE,
        "code": {"value": f.code, "url": f"{SOURCE['url']}#rules"},
        "suggestions": _suggestions(f, index),
        "original_output": f"{path}:{line}:{col}: {f.code} {plain_message(f)}",
    }


def render(results: Iterable[FileResult], errors: Iterable[tuple[str, str]] = ()) -> str:
    diags = []
    for r in results:
        index = LineIndex(r.doc.text)
        diags += [diagnostic(f, r.doc.path, index) for f in r.findings]
    diags += [{"message": msg, "location": {"path": path}, "severity": "ERROR", "source": SOURCE}
              for path, msg in errors]
    payload = {"source": SOURCE, "severity": "WARNING", "diagnostics": diags}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
