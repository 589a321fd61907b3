"""The one data model used from loader to reporter.

All offsets are code points into the *source text* (Python ``str`` indices). Line/column
conversions happen only at the edges (reporters), see :mod:`jiaokan.positions`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Applicability(enum.IntEnum):
    """How sure we are that applying a fix is right (ruff's model).

    ``SAFE`` fixes are applied by ``jiaokan fix``; ``UNSAFE`` ones only with ``--unsafe-fixes``;
    ``DISPLAY_ONLY`` ones are never applied, only shown.
    """

    DISPLAY_ONLY = 0
    UNSAFE = 1
    SAFE = 2

    @property
    def label(self) -> str:
        return self.name.lower().replace("_", "-")


class Severity(enum.IntEnum):
    INFO = 0
    WARNING = 1
    ERROR = 2

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r} (info, warning, error)") from None


@dataclass(frozen=True, order=True)
class Span:
    """A half-open range ``[start, end)`` of code points."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span {self.start}..{self.end}")

    def overlaps(self, other: Span) -> bool:
        if self.start == self.end or other.start == other.end:
            # an empty span (insertion point) touches a range strictly inside it
            return other.start < self.start < other.end or self.start < other.start < self.end
        return self.start < other.end and other.start < self.end

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Edit:
    """Replace ``span`` of the source with ``content`` (empty content deletes)."""

    span: Span
    content: str

    @classmethod
    def replace(cls, start: int, end: int, content: str) -> Edit:
        return cls(Span(start, end), content)

    @classmethod
    def delete(cls, start: int, end: int) -> Edit:
        return cls(Span(start, end), "")


@dataclass(frozen=True)
class Fix:
    """One or more edits that are applied together or not at all."""

    edits: tuple[Edit, ...]
    applicability: Applicability
    confidence: float

    def __post_init__(self) -> None:
        if not self.edits:
            raise ValueError("a fix needs at least one edit")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence {self.confidence} outside 0..1")
        spans = sorted(e.span for e in self.edits)
        for a, b in zip(spans, spans[1:], strict=False):
            if a.end > b.start:
                raise ValueError("edits of one fix overlap")

    @property
    def span(self) -> Span:
        return Span(min(e.span.start for e in self.edits), max(e.span.end for e in self.edits))


@dataclass(frozen=True)
class Finding:
    """A detection: what rule, where, how sure, and what to do about it."""

    code: str
    name: str
    message: str
    span: Span
    severity: Severity
    confidence: float
    original: str
    suggestions: tuple[str, ...] = ()
    fix: Fix | None = None
    note: str = ""
    meta: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def applicability(self) -> Applicability:
        return self.fix.applicability if self.fix else Applicability.DISPLAY_ONLY

    def sort_key(self) -> tuple[int, int, str]:
        return (self.span.start, self.span.end, self.code)
