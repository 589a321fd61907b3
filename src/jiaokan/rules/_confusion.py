"""Candidate generation for the character rule (ZH103): which characters a character may stand
for (same syllable, near sound, look-alike), and which of them make a common word with their
neighbours (an index of masked vocabulary words)."""

from __future__ import annotations

import functools
from pathlib import Path

import regex

from ..dictionaries import builtin_dir
from .phrases import LOOKALIKES

FORMED_MIN = -5.5        # the word a candidate makes must be at least this frequent
PAIRS_AFTER = 50_000     # characters asked about before WordIndex.pairs is made


class ConfusionTable:
    """For each character, its candidates and the kind of confusion ("sound", "tone", "fuzzy",
    "shape"). Sources are kept as strings; a character's row is built the first time it is asked
    for (most characters of a text never are)."""

    def __init__(self, pinyin: dict[str, tuple[str, str]], shapes: dict[str, str]) -> None:
        self._pinyin = pinyin
        self._shapes = shapes
        self._rows: dict[str, dict[str, str]] = {}

    def get(self, ch: str, default: dict[str, str] | None = None) -> dict[str, str]:
        row = self._rows.get(ch)
        if row is None:
            row = {}
            same, other = self._pinyin.get(ch, ("", ""))
            for kind, chars in (("sound", same), ("tone", other), ("shape", self._shapes.get(ch, "")),
                                ("fuzzy", _near_sounds().get(ch, ""))):
                for c in chars:
                    if c != ch:
                        row.setdefault(c, kind)
            self._rows[ch] = row
        return row if row or default is None else default

    def __getitem__(self, ch: str) -> dict[str, str]:
        return self.get(ch)


@functools.lru_cache(maxsize=1)
def confusion_table(directory: str | None = None) -> ConfusionTable:
    """The candidates of every character: same syllable (same or other tone) from the shipped
    same_pinyin.tsv, look-alikes from same_shape.txt and LOOKALIKES, near sounds from pypinyin."""
    base = Path(directory) if directory else Path(builtin_dir()) / "confusion"
    pinyin: dict[str, tuple[str, str]] = {}
    for line in (base / "same_pinyin.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            ch, same, other = (line.split("\t") + ["", ""])[:3]
            pinyin[ch] = (same, other)
    groups = [ln.strip() for ln in (base / "same_shape.txt").read_text(encoding="utf-8").splitlines()
              if ln.strip() and not ln.startswith("#")]
    shapes: dict[str, str] = {}
    for group in [*groups, *LOOKALIKES]:
        for a in group:
            shapes[a] = shapes.get(a, "") + group
    return ConfusionTable(pinyin, shapes)


_FUZZY = ((regex.compile(r"^([zcs])h"), r"\1"), (regex.compile(r"ng$"), "n"))


@functools.lru_cache(maxsize=1)
def _near_sounds() -> dict[str, str]:
    """Characters whose syllables match once the usual input-method confusions are merged
    (zh/z, ch/c, sh/s, -ng/-n), from pypinyin's table of readings (any tone)."""
    from pypinyin import Style
    from pypinyin.pinyin_dict import pinyin_dict
    from pypinyin.style import convert

    groups: dict[str, set[str]] = {}
    for cp, readings in pinyin_dict.items():
        ch = chr(cp)
        if not 0x4E00 <= cp <= 0x9FFF or not _simplified(ch):
            continue
        for reading in readings.split(","):
            syllable = convert(reading, Style.NORMAL, strict=False)
            for pattern, repl in _FUZZY:
                syllable = pattern.sub(repl, syllable)
            groups.setdefault(syllable, set()).add(ch)
    out: dict[str, str] = {}
    for group in groups.values():
        chars = "".join(sorted(group))  # one string per syllable, shared by its characters
        for ch in chars:
            out[ch] = out[ch] + chars if ch in out else chars  # a character with two readings: both
    return out


class WordIndex:
    """Which characters make a common word at a position, and how common: for every word of 2–4
    characters at least ``FORMED_MIN`` frequent and every position in it, the word with that
    position masked maps to the characters found there and the best unigram score each makes.
    Built once from the model's vocabulary; without one, every candidate is looked up instead.

    The masked words are kept by (size, masked position) and keyed by their other characters (a
    lookup builds no masked key). Each keeps, made on first use, the set of its characters as a
    bitset (characters numbered most common first), so that intersecting it with a confusion row
    is one integer ``&``: no Python loop, no set."""

    def __init__(self, scorer) -> None:  # type: ignore[no-untyped-def]
        self.scorer = scorer
        vocab = getattr(scorer, "vocabulary", lambda: None)()
        # (size, masked position) → other characters → [bitset (-1: not made yet), {char: unigram}]
        self._by: dict[tuple[int, int], dict[str, list]] | None = None  # type: ignore[type-arg]
        self._ids: dict[str, int] = {}
        self._chars: list[str] = []
        self._rows: dict[int, tuple[dict[str, str], int]] = {}
        self._pairs: tuple[dict[str, int], dict[str, int]] | None = None
        self._seen = 0  # characters asked about before the pair tables are made
        self._layers: tuple[dict[str, list], ...] = ()  # type: ignore[type-arg]  # the by-values in formed's order
        # for ZH103's loop: character → (its confusion row, the row's bitset), or None (no candidates)
        self.memo: dict[str, tuple[dict[str, str], int] | None] = {}
        self.maybe: dict[str, tuple[int, ...]] = {}  # ZH103: a piece's positions that may be suspects
        self.indexed = False  # True once the masked words are kept (formed finds nothing without bits)
        if not vocab:
            return
        by: dict[tuple[int, int], dict[str, list]] = {  # type: ignore[type-arg]
            (size, at): {} for size in (2, 3, 4) for at in range(size)}
        layers = {size: [by[size, at] for at in range(size)] for size in (2, 3, 4)}
        table = getattr(scorer, "unigram_table", None)
        unigram = table.__getitem__ if isinstance(table, dict) else getattr(
            scorer, "unigram_uncached", scorer.unigram)  # do not fill the cache
        for w in vocab:
            size = len(w)
            if 2 <= size <= 4:
                u = unigram(w)
                if u < FORMED_MIN:
                    continue
                for j, layer in enumerate(layers[size]):
                    key = w[:j] + w[j + 1 :]
                    entry = layer.get(key)
                    if entry is None:
                        entry = layer[key] = [-1, {}]
                    if u > entry[1].get(w[j], -99.0):
                        entry[1][w[j]] = u
        counts: dict[str, int] = {}
        for layer in by.values():
            for _, slot in layer.values():
                for c in slot:
                    counts[c] = counts.get(c, 0) + 1
        self._chars = sorted(counts, key=lambda c: -counts[c])  # common ones first: smaller bitsets
        self._ids = {c: k for k, c in enumerate(self._chars)}
        self._by = by
        self.indexed = True
        self._layers = tuple(by[size, at] for size, at in ((2, 1), (2, 0), (3, 2), (3, 1), (3, 0), (4, 3), (4, 2),
                                                           (4, 1), (4, 0)))

    def formed(self, clause: str, i: int, row: dict[str, str], want: int | None = None) -> dict[str, float]:
        """For each candidate in ``row``, the unigram score of the most common word of 2–4
        characters it makes with the neighbours of position i (absent: it makes none). ``want``:
        the row's bitset when the caller has it."""
        out: dict[str, float] = {}
        by = self._by
        if by is None:
            for c in row:
                u = _formed(clause, i, c, self.scorer)
                if u is not None:
                    out[c] = u
            return out
        if want is None:
            want = self.row_bits(row)
        if not want:
            return out
        r = len(clause) - i
        b21, b20, b32, b31, b30, b43, b42, b41, b40 = self._layers
        # every window of 2–4 characters over position i, by size, then by its first character
        slots = (
            b21.get(clause[i - 1]) if i >= 1 else None,
            b20.get(clause[i + 1]) if r >= 2 else None,
            b32.get(clause[i - 2 : i]) if i >= 2 else None,
            b31.get(clause[i - 1] + clause[i + 1]) if i >= 1 and r >= 2 else None,
            b30.get(clause[i + 1 : i + 3]) if r >= 3 else None,
            b43.get(clause[i - 3 : i]) if i >= 3 else None,
            b42.get(clause[i - 2 : i] + clause[i + 1]) if i >= 2 and r >= 2 else None,
            b41.get(clause[i - 1] + clause[i + 1 : i + 3]) if i >= 1 and r >= 3 else None,
            b40.get(clause[i + 1 : i + 4]) if r >= 4 else None,
        )
        chars = self._chars
        for entry in slots:
            if entry is None:
                continue
            both = entry[0]
            if both < 0:
                both = entry[0] = self._bits(entry[1])
            both &= want
            words = entry[1]
            while both:
                low = both & -both
                c = chars[low.bit_length() - 1]
                both ^= low
                u = words[c]
                if u > out.get(c, -99.0):
                    out[c] = u
        return out

    def _bits(self, chars: dict[str, float] | dict[str, str]) -> int:
        """The bitset of these characters (those that appear in some masked word)."""
        ids = self._ids
        bits = 0
        for c in chars:
            k = ids.get(c)
            if k is not None:
                bits |= 1 << k
        return bits

    def row_bits(self, row: dict[str, str]) -> int:
        """The bitset of a confusion row's characters (0: none of them is in any common word)."""
        hit = self._rows.get(id(row))
        return hit[1] if hit is not None and hit[0] is row else self._row_bits(row)

    def pairs(self, size: int) -> tuple[dict[str, int], dict[str, int]] | None:
        """For each character X, the bitsets of the characters c that follow it (Xc) and that precede
        it (cX) in some masked word, c at the masked position. Every word of 2–4 characters over a
        position has the left or the right neighbour in it, so a candidate ``c`` at ``i`` can make a
        word only if ``c`` is in ``after[clause[i - 1]] | before[clause[i + 1]]``: a test with two
        lookups that proves most positions make no word, without calling :meth:`formed`.
        None without a vocabulary, and until ``PAIRS_AFTER`` characters (``size`` for this call)
        have been asked about: making them takes about 0.1 s, which a short text does not win back."""
        if self._pairs is None:
            if self._by is None or self._seen < PAIRS_AFTER:
                self._seen += size
                return None
            after: dict[str, set[str]] = {}
            before: dict[str, set[str]] = {}
            for (size_, at), layer in self._by.items():
                for key, (_, slot) in layer.items():
                    if at > 0:
                        got = after.get(key[at - 1])
                        if got is None:
                            got = after[key[at - 1]] = set()
                        got.update(slot)
                    if at < size_ - 1:
                        got = before.get(key[at])
                        if got is None:
                            got = before[key[at]] = set()
                        got.update(slot)
            self._pairs = ({c: self._bits(v) for c, v in after.items()},
                           {c: self._bits(v) for c, v in before.items()})
        return self._pairs

    def _row_bits(self, row: dict[str, str]) -> int:
        if len(self._rows) >= 65536:
            self._rows.clear()
        bits = self._bits(row)
        self._rows[id(row)] = (row, bits)
        return bits


_INDEXES: dict[int, WordIndex] = {}


def word_index(scorer) -> WordIndex:  # type: ignore[no-untyped-def]
    idx = _INDEXES.get(id(scorer))
    if idx is None or idx.scorer is not scorer:
        idx = _INDEXES[id(scorer)] = WordIndex(scorer)
    return idx


@functools.lru_cache(maxsize=8192)
def _simplified(ch: str) -> bool:
    """In GB 2312: a simplified character of common use (traditional text is not "corrected")."""
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _formed(clause: str, i: int, ch: str, scorer) -> float | None:  # type: ignore[no-untyped-def]
    """The unigram score of the most frequent word of 2–4 characters that ``ch`` at ``i`` makes
    with its neighbours (None: it makes none)."""
    best = None
    for size in (2, 3, 4):
        for lo in range(max(0, i - size + 1), min(i, len(clause) - size) + 1):
            w = clause[lo:i] + ch + clause[i + 1 : lo + size]
            if w in scorer:
                u = scorer.unigram(w)
                if best is None or u > best:
                    best = u
    return best
