"""SARIF 2.1.0 (the OASIS standard GitHub code scanning reads).

Regions use 1-based lines and columns in **UTF-16 code units**, as SARIF defines by default; the run
says so with ``columnKind: utf16CodeUnits`` and in its ``properties``. ``charOffset``/``charLength``
are not emitted (they too would be UTF-16 units). A finding's safe or unsafe fix becomes a SARIF
``fix``; suggestions without a fix are in the message and ``properties.suggestions``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import PurePath
from urllib.parse import quote

from ..model import Finding, Severity, Span
from ..positions import LineIndex
from . import FileResult, RuleInfo, fix_label, plain_message

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFO_URI = "https://github.com/jiaokan/jiaokan"
COLUMNS_NOTE = "columns are 1-based UTF-16 code units (SARIF columnKind utf16CodeUnits)"

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_uri(path: str) -> str:
    """A relative path as a percent-encoded URI reference with forward slashes; absolute as file://."""
    p = path.replace(os.sep, "/")
    if PurePath(path).is_absolute():
        return "file://" + quote(p)
    return quote(p.removeprefix("./"))


def _region(index: LineIndex, span: Span) -> dict[str, int]:
    sl, sc = index.line_col_utf16(span.start)
    el, ec = index.line_col_utf16(span.end)
    return {"startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec}


def _rule(info: RuleInfo) -> dict[str, object]:
    return {
        "id": info.code,
        "name": info.name,
        "shortDescription": {"text": info.summary},
        "fullDescription": {"text": info.summary},
        "help": {"text": info.help or info.summary},
        "helpUri": f"{INFO_URI}#rules",
        "defaultConfiguration": {"level": _LEVEL[Severity.parse(info.severity)]},
        "properties": {"tags": [t for t in ("chinese", info.family) if t]},
    }


def _result(f: Finding, uri: str, index: LineIndex, rule_index: int,
            fingerprint: str | None) -> dict[str, object]:
    label = fix_label(f)
    line = index.line_text(index.line_of(f.span.start))
    res: dict[str, object] = {
        "ruleId": f.code,
        "ruleIndex": rule_index,
        "level": _LEVEL[f.severity],
        "message": {"text": plain_message(f) + (f" {label}" if label else "")},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
            "region": {**_region(index, f.span), "snippet": {"text": f.original}},
            "contextRegion": {"startLine": index.line_of(f.span.start), "snippet": {"text": line}},
        }}],
        "properties": {
            "confidence": round(f.confidence, 3),
            "applicability": f.applicability.label,
            "suggestions": list(f.suggestions),
        },
    }
    if fingerprint:
        res["partialFingerprints"] = {"jiaokan/v1": fingerprint}
    if f.fix is not None:
        new = f.suggestions[0] if f.suggestions else "".join(e.content for e in f.fix.edits)
        res["fixes"] = [{
            "description": {"text": f"{f.fix.applicability.label} fix: {f.original} → {new}"},
            "artifactChanges": [{
                "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                "replacements": [
                    {"deletedRegion": _region(index, e.span), "insertedContent": {"text": e.content}}
                    for e in f.fix.edits
                ],
            }],
        }]
    return res


def render(results: Iterable[FileResult], errors: Iterable[tuple[str, str]] = (), *,
           rules: Mapping[str, RuleInfo], version: str = "0", src_root: str | None = None) -> str:
    """``rules`` gives the metadata of every code that may appear; ``partialFingerprints`` are the
    baseline fingerprints, which survive lines moving."""
    from ..baseline import fingerprints

    results = list(results)
    used = sorted({f.code for r in results for f in r.findings})
    infos = [rules.get(c) or RuleInfo(c, c.lower(), c) for c in used]
    order = {info.code: i for i, info in enumerate(infos)}
    out_results = []
    for r in results:
        index = LineIndex(r.doc.text)
        uri = artifact_uri(r.doc.path)
        for f, fp in zip(r.findings, fingerprints(r.doc.text, r.findings), strict=True):
            out_results.append(_result(f, uri, index, order[f.code], fp))
    notes = error_notes(errors)
    run: dict[str, object] = {
        "tool": {"driver": {
            "name": "jiaokan",
            "version": version,
            "informationUri": INFO_URI,
            "rules": [_rule(i) for i in infos],
        }},
        "columnKind": "utf16CodeUnits",
        "invocations": [{
            "executionSuccessful": not notes,
            "toolExecutionNotifications": notes,
        }],
        "results": out_results,
        "properties": {"columns": COLUMNS_NOTE},
    }
    if src_root:
        run["originalUriBaseIds"] = {"%SRCROOT%": {"uri": src_root}}
    payload = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def error_notes(errors) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    """Tool execution notifications for files that could not be read (path, message)."""
    return [{
        "level": "error",
        "message": {"text": f"{path}: {msg}"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(path),
                                                                 "uriBaseId": "%SRCROOT%"}}}],
    } for path, msg in errors]
