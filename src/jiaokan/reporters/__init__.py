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
