"""Settings that shape a run (selection, thresholds, extra dictionaries, suppression).

A ``Settings`` is frozen and hashable: the parallel runner keeps one engine per distinct value.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .model import Severity


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    min_confidence: float = 0.0
    dictionaries: tuple[Path, ...] = ()
    allowlists: tuple[Path, ...] = ()
    builtin_dictionaries: bool = True
    fail_on: Severity = Severity.WARNING
    # a finding makes `check` exit 1 only at or above both fail_on and this confidence
    fail_on_confidence: float = 0.0
    # (code or prefix, severity) pairs; the last that matches a finding sets its severity
    severity: tuple[tuple[str, Severity], ...] = ()
    # honour inline `jiaokan: disable…` comments; report those that suppressed nothing
    suppressions: bool = True
    report_unused_suppressions: bool = False

    def fails(self, severity: Severity, confidence: float) -> bool:
        return severity >= self.fail_on and confidence >= self.fail_on_confidence
