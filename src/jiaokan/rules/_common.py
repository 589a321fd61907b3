"""Helpers shared by rule modules."""

from __future__ import annotations

from ..fixer import common_affixes
from ..model import Applicability, Edit, Finding, Fix, Severity, Span
from ..registry import Rule
from . import SAFE_CONFIDENCE


def minimal_edit(start: int, wrong: str, right: str) -> Edit:
    """The smallest edit turning ``wrong`` (at ``start``) into ``right``: common ends trimmed."""
    p, s = common_affixes(wrong, right)
    return Edit.replace(start + p, start + len(wrong) - s, right[p : len(right) - s])


def applicability_for(confidence: float, candidates: int = 1) -> Applicability:
    if candidates == 1 and confidence >= SAFE_CONFIDENCE:
        return Applicability.SAFE
    return Applicability.UNSAFE


def replacement_finding(
    rule: Rule,
    text: str,
    start: int,
    end: int,
    rights: tuple[str, ...],
    confidence: float,
    message: str,
    note: str = "",
    severity: Severity | None = None,
    applicability: Applicability | None = None,
) -> Finding:
    """A finding for ``text[start:end]`` with one fix (one candidate) or suggestions (several)."""
    wrong = text[start:end]
    fix = None
    if len(rights) == 1:
        app = applicability if applicability is not None else applicability_for(confidence)
        fix = Fix((minimal_edit(start, wrong, rights[0]),), app, confidence)
    return Finding(
        code=rule.code,
        name=rule.name,
        message=message,
        span=Span(start, end),
        severity=severity if severity is not None else rule.severity,
        confidence=confidence,
        original=wrong,
        suggestions=rights,
        fix=fix,
        note=note,
    )


def deletion_finding(
    rule: Rule, text: str, start: int, end: int, confidence: float, message: str,
    applicability: Applicability | None = None, replacement: str = "",
) -> Finding:
    app = applicability if applicability is not None else applicability_for(confidence)
    return Finding(
        code=rule.code,
        name=rule.name,
        message=message,
        span=Span(start, end),
        severity=rule.severity,
        confidence=confidence,
        original=text[start:end],
        suggestions=(replacement,),
        fix=Fix((Edit.replace(start, end, replacement),), app, confidence),
    )
