"""The check/fix pipeline: run the selected rules over a document, drop what lies in skipped or
allowlisted regions, and apply fixes pass by pass until nothing more applies."""

from __future__ import annotations

import bisect
import dataclasses
import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .dictionaries import Allowed, Entry, load_allowlist, load_builtin, load_file
from .fixer import apply_edits, apply_fixes
from .formats import Document
from .matcher import DictionaryMatcher, Match
from .model import Applicability, Finding, Fix, Span
from .registry import Registry, Rule, default_registry
from .settings import Settings
from .variants import SHADOW_FAMILIES, simplified_shadow, to_written

if TYPE_CHECKING:
    from .scoring import Scorer, ScorerStatus

# Passes stop as soon as one applies nothing. Most documents need two or three; pages scraped one after
# another need one more per page (each page's chunk markers are recognised once the page before is
# clean), and `fix` must reach a fixed point or a second run would change the file again.
MAX_PASSES = 32


@dataclass
class Context:
    """What a rule sees: the text and shared, lazily computed resources."""

    text: str
    doc: Document
    engine: Engine
    _cache: dict[str, Any] = field(default_factory=dict)
    # document-level evidence carried from one fix pass to the next (a page whose spin was
    # restored in pass 1 is still a spun page in pass 2)
    carry: dict[str, Any] = field(default_factory=dict)

    def dictionary_matches(self) -> list[Match]:
        if "dict" not in self._cache:
            self._cache["dict"] = self.engine.matcher.matches(self.text)
        return self._cache["dict"]

    def cached(self, key: str, make: Any) -> Any:
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]


@dataclass(frozen=True)
class AppliedChange:
    """A fix that was applied, with its span mapped back to the original text."""

    finding: Finding
    span: Span  # in the original text
    original: str
    replacement: str
    passno: int


@dataclass(frozen=True)
class FixOutcome:
    doc: Document
    text: str
    changes: tuple[AppliedChange, ...]
    remaining: tuple[Finding, ...]  # findings on the corrected text


class Engine:
    def __init__(self, settings: Settings | None = None, registry: Registry | None = None) -> None:
        self.settings = settings or Settings()
        self.registry = registry or default_registry()
        self.rules: list[Rule] = self.registry.select(self.settings.select, self.settings.ignore)

    @functools.cached_property
    def dictionary(self) -> tuple[list[Entry], list[Allowed]]:
        entries: list[Entry] = []
        allowed: list[Allowed] = []
        if self.settings.builtin_dictionaries:
            b_entries, b_allowed = load_builtin()
            entries += b_entries
            allowed += b_allowed
        for path in self.settings.dictionaries:
            entries += load_file(path)
        for path in self.settings.allowlists:
            allowed += load_allowlist(path)
        return entries, allowed

    @functools.cached_property
    def _shadowed(self) -> bool:
        """Do any of the selected rules run on a traditional page's simplified shadow?"""
        return any(r.family in SHADOW_FAMILIES for r in self.rules)

    @functools.cached_property
    def scorer_status(self) -> ScorerStatus:
        from .scoring import load_scorer

        return load_scorer(getattr(self.settings, "lm_path", None))

    @property
    def scorer(self) -> Scorer | None:
        return self.scorer_status.scorer

    @functools.cached_property
    def candidate_matcher(self) -> DictionaryMatcher:
        from .dictionaries import load_candidates

        return DictionaryMatcher(load_candidates("spin"))

    @functools.cached_property
    def matcher(self) -> DictionaryMatcher:
        entries, allowed = self.dictionary
        return DictionaryMatcher(entries, allowed)

    def check_text(self, text: str, doc: Document, carry: dict[str, Any] | None = None) -> list[Finding]:
        carry = {} if carry is None else carry
        ctx = Context(text, doc, self, carry=carry)
        shadow = simplified_shadow(text) if self._shadowed else None
        sctx = Context(shadow, doc, self, carry=carry) if shadow is not None else ctx
        found: list[Finding] = []
        for rule in self.rules:
            if shadow is not None and rule.family in SHADOW_FAMILIES:  # a traditional document
                found.extend(w for f in rule.check(sctx) if (w := to_written(f, text, shadow)) is not None)
            else:
                found.extend(rule.check(ctx))
        out = []
        seen = set()
        block = self._blocked(text, doc, shadow) if found else None  # most documents have no finding
        for f in found:
            if f.confidence < self.settings.min_confidence:
                continue
            if block and (block.hits(f.span) or (f.fix and any(block.hits(e.span) for e in f.fix.edits))):
                continue
            key = (f.code, f.span)
            if key in seen:
                continue
            seen.add(key)
            if f.fix is not None and not _encodable(f.fix, doc.encoding):
                f = dataclasses.replace(f, fix=None)  # e.g. a simplified character in a Big5 file
            out.append(f)
        out.sort(key=Finding.sort_key)
        if self.settings.suppressions:  # inline `jiaokan: disable…` comments
            from .suppression import apply as apply_suppressions

            out = apply_suppressions(text, out, report_unused=self.settings.report_unused_suppressions)
        return out

    def _blocked(self, text: str, doc: Document, shadow: str | None) -> _Blocked | None:
        """The document's skipped regions (code, URLs) and allowlisted terms, or None if none."""
        blocked = list(doc.skip) if text == doc.text else []
        blocked += [Span(s, e) for s, e in self.matcher.allowed_spans(text)]
        if shadow is not None:  # allowlist terms are simplified
            blocked += [Span(s, e) for s, e in self.matcher.allowed_spans(shadow)]
        return _Blocked(blocked) if blocked else None

    def check(self, doc: Document) -> list[Finding]:
        return self.check_text(doc.text, doc)

    def fix(self, doc: Document, level: Applicability = Applicability.SAFE) -> FixOutcome:
        """Apply fixes at or above ``level`` until a pass changes nothing (at most MAX_PASSES)."""
        text = doc.text
        changes: list[AppliedChange] = []
        # maps positions of the current text back to the original, one edit list per pass
        history: list[_Pass] = []
        carry: dict[str, Any] = {}
        for passno in range(1, MAX_PASSES + 1):
            cur_doc = doc if passno == 1 else _shifted(doc, text, history)
            findings = self.check_text(text, cur_doc, carry)
            result = apply_fixes(text, findings, level)
            if not result.applied:
                break
            edits = [e for f in result.applied for e in f.fix.edits]  # type: ignore[union-attr]
            for f in result.applied:
                for e in f.fix.edits:  # type: ignore[union-attr]
                    s = _map_back(e.span.start, history)
                    t = _map_back(e.span.end, history)
                    changes.append(AppliedChange(f, Span(s, max(s, t)), text[e.span.start:e.span.end],
                                                 e.content, passno))
            history.append(_Pass([(e.span.start, e.span.end, len(e.content)) for e in edits]))
            text = apply_edits(text, edits)
        final_doc = _shifted(doc, text, history) if history else doc
        remaining = self.check_text(text, final_doc, carry)
        changes.sort(key=lambda c: (c.span.start, c.span.end))
        return FixOutcome(doc, text, tuple(changes), tuple(remaining))


class _Blocked:
    """Skipped and allowlisted regions, sorted once: ``hits(span)`` is ``Span.overlaps`` against any
    of them, in logarithmic time (a document's findings times its regions was quadratic)."""

    def __init__(self, spans: list[Span]) -> None:
        merged: list[list[int]] = []
        for sp in sorted(x for x in spans if x.start < x.end):
            if merged and sp.start < merged[-1][1]:  # overlapping (not merely touching): one region
                merged[-1][1] = max(merged[-1][1], sp.end)
            else:
                merged.append([sp.start, sp.end])
        self.starts = [a for a, _ in merged]
        self.ends = [b for _, b in merged]
        self.points = sorted(x.start for x in spans if x.start == x.end)  # empty regions

    def __bool__(self) -> bool:
        return bool(self.starts or self.points)

    def hits(self, span: Span) -> bool:
        if span.start == span.end:  # an insertion point strictly inside a region
            i = bisect.bisect_left(self.starts, span.start)
            return i > 0 and self.ends[i - 1] > span.start
        i = bisect.bisect_left(self.starts, span.end)
        if i > 0 and self.ends[i - 1] > span.start:
            return True
        j = bisect.bisect_right(self.points, span.start)
        return j < len(self.points) and self.points[j] < span.end


def _encodable(fix: Fix, encoding: str) -> bool:
    """Whether the document's encoding can write every edit of ``fix`` (always so for Unicode)."""
    if encoding.startswith("utf"):
        return True
    try:
        for e in fix.edits:
            e.content.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


class _Pass:
    """One pass's edits ``(start, end, new_len)``, sorted, with what bisection needs: their starts
    in the old text and in the new one, and the length change before each (so that mapping a
    position is O(log n), not a scan: a dense document has tens of thousands of edits)."""

    __slots__ = ("edits", "starts", "new_starts", "before")

    def __init__(self, edits: list[tuple[int, int, int]]) -> None:
        self.edits = sorted(edits)
        self.starts = [s for s, _, _ in self.edits]
        self.before: list[int] = []
        self.new_starts: list[int] = []
        delta = 0
        for s, e, n in self.edits:
            self.before.append(delta)
            self.new_starts.append(s + delta)
            delta += n - (e - s)


def _map_back(pos: int, history: list[_Pass]) -> int:
    """Map a position in the text after all passes in ``history`` back to the original text."""
    for p in reversed(history):
        i = bisect.bisect_right(p.new_starts, pos) - 1
        if i < 0:
            continue
        start, end, new_len = p.edits[i]
        if pos < p.new_starts[i] + new_len:
            pos = start
        else:
            pos -= p.before[i] + new_len - (end - start)
    return pos


def _forward(pos: int, p: _Pass) -> int:
    i = bisect.bisect_right(p.starts, pos) - 1
    if i < 0:
        return pos
    start, end, new_len = p.edits[i]
    if pos < end:
        return start + p.before[i]
    return pos + p.before[i] + new_len - (end - start)


def _shifted(doc: Document, text: str, history: list[_Pass]) -> Document:
    """The document's skip regions carried forward through the applied edits."""
    skips = []
    for sp in doc.skip:
        s, e = sp.start, sp.end
        for edits in history:
            s, e = _forward(s, edits), _forward(e, edits)
        skips.append(Span(s, max(s, e)))
    return Document(doc.path, text, doc.format, doc.encoding, doc.bom, tuple(skips))
