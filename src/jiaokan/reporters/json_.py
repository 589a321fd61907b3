"""JSON output, schema version 1 (documented in README: "JSON output").

Offsets are code points into the decoded source text; ``line`` and ``column`` are 1-based, the
column counted in code points.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from ..model import Finding
from ..positions import LineIndex
from . import FileResult

SCHEMA_VERSION = 1


def finding_dict(f: Finding, index: LineIndex) -> dict[str, object]:
    line, col = index.line_col(f.span.start)
    end_line, end_col = index.line_col(f.span.end)
    d: dict[str, object] = {
        "code": f.code,
        "rule": f.name,
        "message": f.message,
        "severity": f.severity.label,
        "confidence": round(f.confidence, 3),
        "start": f.span.start,
        "end": f.span.end,
        "line": line,
        "column": col,
        "end_line": end_line,
        "end_column": end_col,
        "original": f.original,
        "suggestions": list(f.suggestions),
        "fix": None,
    }
    if f.fix is not None:
        d["fix"] = {
            "applicability": f.fix.applicability.label,
            "confidence": round(f.fix.confidence, 3),
            "edits": [{"start": e.span.start, "end": e.span.end, "content": e.content} for e in f.fix.edits],
        }
    return d


def render(results: Iterable[FileResult], errors: Iterable[tuple[str, str]] = ()) -> str:
    files = []
    for r in results:
        index = LineIndex(r.doc.text)
        files.append({
            "path": r.doc.path,
            "encoding": r.doc.encoding,
            "findings": [finding_dict(f, index) for f in r.findings],
        })
    payload = {
        "schema": "jiaokan-findings",
        "version": SCHEMA_VERSION,
        "offsets": "code points into the decoded source text",
        "files": files,
        "errors": [{"path": p, "message": m} for p, m in errors],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
