"""Reporters: one module per output format. Each takes loaded documents and their findings."""

from __future__ import annotations

from dataclasses import dataclass

from ..formats import Document
from ..model import Finding


@dataclass(frozen=True)
class FileResult:
    doc: Document
    findings: tuple[Finding, ...]


def fix_label(f: Finding) -> str:
    """``(wrong → right)`` for a finding, or ``(wrong → a | b)`` for suggestions."""
    if f.fix is not None:
        right = f.suggestions[0] if f.suggestions else ""
        return f"({_show(f.original)} → {_show(right)})"
    if f.suggestions:
        return f"({_show(f.original)} → {' | '.join(_show(s) for s in f.suggestions)})"
    return ""


def _show(s: str) -> str:
    s = s.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
    if len(s) > 40:
        s = s[:18] + "…" + s[-18:]
    return s or "∅"


@dataclass(frozen=True)
class RuleInfo:
    """What a reporter needs to know about a rule (SARIF ``rules``, help links)."""

    code: str
    name: str
    summary: str
    help: str = ""
    severity: str = "warning"
    family: str = ""


def rule_infos(registry: object | None = None) -> dict[str, RuleInfo]:
    """Rule metadata keyed by code, from a registry (the default one when ``None``)."""
    from ..registry import Registry, default_registry

    reg = registry if isinstance(registry, Registry) else default_registry()
    out = {r.code: RuleInfo(r.code, r.name, r.summary, r.doc(), r.severity.label, r.family) for r in reg}
    from ..suppression import UNUSED_CODE, UNUSED_NAME, UNUSED_SUMMARY

    out[UNUSED_CODE] = RuleInfo(UNUSED_CODE, UNUSED_NAME, UNUSED_SUMMARY, UNUSED_SUMMARY, "warning", "meta")
    return out


def utf8_column(text: str, line_start: int, offset: int) -> int:
    """1-based column in UTF-8 bytes (reviewdog's unit)."""
    return len(text[line_start:offset].encode("utf-8", "surrogatepass")) + 1


def plain_message(f: Finding) -> str:
    return f.message.replace("\r", " ").replace("\n", " ")


def count_fixable(results: list[FileResult]) -> int:
    return sum(1 for r in results for f in r.findings if f.fix is not None)
