"""Settings that shape a run (selection, thresholds, extra dictionaries)."""

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
