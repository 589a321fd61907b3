"""ZH103's cheap tests of a position, made before any segmentation is chosen or model asked: can the
character there hold a repair at all (a confusion row, a candidate that makes a word with a neighbour)?"""

from __future__ import annotations

from ._char_terms import _PREFIXES, _QUIET, _SUFFIXES
from ._confusion import ConfusionTable, WordIndex, _simplified


def _viable(clause: str, where: list[int], done: set[int], table: ConfusionTable, index: WordIndex,
            pairs: tuple[dict[str, int], dict[str, int]] | None) -> list[int]:
    """The positions of ``where`` that may hold a repair whatever the segmentation: not left alone
    (numerals, common lone characters, characters not in GB 2312, repaired or skipped positions, a
    suffix after a character), with a confusion row, and one of whose candidates makes a word with
    a neighbour (the pair test of :meth:`WordIndex.pairs`; without a word index, every candidate)."""
    memo = index.memo  # character → (confusion row, its bitset), or None: never a suspect with candidates
    memo_get = memo.get
    indexed = index.indexed  # formed finds nothing for a row without bits
    after, before = pairs if pairs is not None else ({}, {})
    last = len(clause) - 1
    out: list[int] = []
    for i in where:
        ch = clause[i]
        got = memo_get(ch, False)
        if got is False:
            got = memo[ch] = _candidates_of(ch, table, index)
        if got is None or i in done or (i > 0 and ch in _SUFFIXES) or (i < last and ch in _PREFIXES):
            continue
        if indexed:
            bits = got[1]
            if not bits:
                continue  # formed would find none
            if pairs is not None and not (i and bits & after.get(clause[i - 1], 0)) and not (
                    i < last and bits & before.get(clause[i + 1], 0)):
                continue  # no candidate makes a word with a neighbour: formed would find none
        out.append(i)
    return out


def _candidates_of(ch: str, table: ConfusionTable, index: WordIndex) -> tuple[dict[str, str], int] | None:
    """A character's confusion row and its bitset; None when the character is never a suspect with
    candidates (a numeral, a common lone character, not in GB 2312, no confusion row)."""
    if ch in _QUIET or not _simplified(ch):
        return None
    row = table.get(ch)
    return (row, index.row_bits(row)) if row else None
