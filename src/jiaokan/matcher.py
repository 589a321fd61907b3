"""One Aho-Corasick pass over the text for every dictionary entry (leftmost-longest).

No word-boundary regex: Chinese has no spaces between words, so entries are matched anywhere and
disambiguated by length and by each entry's own context conditions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from .dictionaries import Allowed, Entry


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    entry: Entry


def _automaton(keys: Iterable[str]) -> ahocorasick.Automaton | None:
    auto = ahocorasick.Automaton()
    n = 0
    for key in keys:
        auto.add_word(key, key)
        n += 1
    if not n:
        return None
    auto.make_automaton()
    return auto


class DictionaryMatcher:
    """Finds dictionary entries and allowlisted terms in a text."""

    def __init__(self, entries: Iterable[Entry], allowed: Iterable[Allowed] = ()) -> None:
        self._by_key: dict[str, list[Entry]] = {}
        for e in entries:
            self._by_key.setdefault(e.wrong, []).append(e)
        # conditional entries first: a specific context beats the generic entry
        for lst in self._by_key.values():
            lst.sort(key=lambda e: (not e.conditional, e.source))
        self._auto = _automaton(self._by_key)
        self._allowed_terms = {a.term for a in allowed}
        self._allow_auto = _automaton(self._allowed_terms)

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_key.values())

    def matches(self, text: str) -> list[Match]:
        """Non-overlapping matches, leftmost first, longest at a position, context-checked."""
        auto = self._auto
        if auto is None or not text:
            return []
        by_key = self._by_key
        cands: list[Match] = []
        for end_idx, key in auto.iter(text):
            end = end_idx + 1
            start = end - len(key)
            for entry in by_key[key]:
                if entry.accepts(text, start, end):
                    cands.append(Match(start, end, entry))
                    break
        if len(cands) < 2:
            return cands
        cands.sort(key=lambda m: (m.start, -(m.end - m.start)))
        out: list[Match] = []
        last_end = -1
        for m in cands:
            if m.start >= last_end:
                out.append(m)
                last_end = m.end
        return out

    def allowed_spans(self, text: str) -> list[tuple[int, int]]:
        auto = self._allow_auto
        if auto is None or not text:
            return []
        return [(end_idx + 1 - len(key), end_idx + 1) for end_idx, key in auto.iter(text)]
