"""Judge a candidate word against the word in the text, in its sentence, with a scorer.

Tokens are words of the model's own vocabulary: the window around the word is segmented by
forward maximum matching over the vocabulary (the model's tokens are words, and its own vocabulary
segments better for it than a general segmenter would).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from . import Scorer
from .lattice import (  # noqa: F401  (re-exported: the rules import the segmentation from here)
    _MISS,
    _PIECES,
    _TABLES,
    MAXLEN,
    UNKNOWN_UNIGRAM,
    _lattice,
    _piece_limit,
    _segmentations,
    best_of,
    joined,
    piece_segmentations,
    replaced_segmentation,
)

_STOP = regex.compile(r"[\s\p{P}\p{S}\p{N}A-Za-z]")
_QUOTES = frozenset("“”‘’「」")  # a quoted word is read with the words around it (满满的“收成”)
WINDOW = 12


@dataclass(frozen=True)
class Judgement:
    candidate: str
    raw: float        # log10 P(sentence with candidate) - log10 P(sentence as written)
    gain: float       # raw, less the difference of the two words' unigram scores (frequency-normalised)
    support: int      # context n-gram matches of the candidate minus those of the written word
    attested: int     # context n-gram matches of the written word (0: the model never saw it here)
    left: tuple[str, ...]
    right: tuple[str, ...]


def _vocab(scorer: Scorer) -> frozenset[str] | Scorer:
    """The scorer's vocabulary as a set when it has one (membership without a Python call)."""
    words = getattr(scorer, "words", None)
    return words if words is not None else scorer


PREFIX_AFTER = 50_000  # characters segmented the direct way before the prefix table pays for itself
_direct = [0]          # characters segmented the direct way so far (no prefix table yet)


def _prefixes(scorer: Scorer, size: int = PREFIX_AFTER) -> dict[str, float | None] | None:
    """Every word of the scorer's vocabulary with its unigram score, and every other start of a
    word with None (a substring absent from it starts no word): segmentation looks a substring up
    once and stops at the first that starts no word. Every pair of adjacent characters inside a
    word of at most MAXLEN characters is a key too (None when it is neither a word nor a start):
    a pair that is not a key is crossed by no word (see :func:`_split_pieces`). None when the
    scorer lists no vocabulary, or until ``PREFIX_AFTER`` characters (``size`` for this call) have
    been segmented without it: building it takes about 0.1 s, which a short text does not win
    back. Both ways give the same segmentations."""
    hit = _TABLES.get(id(scorer))
    if hit is not None and hit[0] is scorer:
        return hit[1]
    if _direct[0] < PREFIX_AFTER:
        _direct[0] += size
        return None
    words = getattr(scorer, "words", None)
    table: dict[str, float | None] | None = None
    if words is not None:
        build = getattr(scorer, "build_unigram_table", None)
        scores = build() if build is not None else getattr(scorer, "unigram_table", None)
        if scores is None:
            scores = {w: scorer.unigram(w) for w in words}
        starts = {w[:k] for w in scores if len(w) > 1 for k in range(1, len(w))}
        starts.update(w[k : k + 2] for w in scores if 2 < len(w) <= MAXLEN for k in range(1, len(w) - 1))
        starts.difference_update(scores)
        table = dict.fromkeys(starts)
        table.update(scores)
        _PIECES[id(scorer)] = (scorer, _piece_limit(scores), {})
    _TABLES[id(scorer)] = (scorer, table)
    return table


def segment(text: str, scorer: Scorer, maxlen: int = MAXLEN) -> list[str]:
    """Forward maximum matching over the scorer's vocabulary (unknown characters stand alone)."""
    table = _prefixes(scorer, len(text))
    if table is not None:
        return _forward(text, table, maxlen)
    vocab = _vocab(scorer)
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        for size in range(min(maxlen, n - i), 0, -1):
            w = text[i : i + size]
            if size == 1 or w in vocab:
                out.append(w)
                i += size
                break
    return out


def _forward(text: str, table: dict[str, float | None], maxlen: int) -> list[str]:
    get = table.get
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        e = i + 1
        for j in range(i + 2, min(n, i + maxlen) + 1):
            u = get(text[i:j], _MISS)
            if u is _MISS:
                break
            if u is not None:
                e = j
        out.append(text[i:e])
        i = e
    return out


def window(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around ``text[start:end]``: at most WINDOW characters each side, cut at
    punctuation, digits, Latin letters and spaces."""
    lo = start
    while lo > 0 and start - lo < WINDOW and (not _STOP.match(text[lo - 1]) or text[lo - 1] in _QUOTES):
        lo -= 1
    hi = end
    while hi < len(text) and hi - end < WINDOW and (not _STOP.match(text[hi]) or text[hi] in _QUOTES):
        hi += 1
    return lo, hi


def segment_backward(text: str, scorer: Scorer, maxlen: int = MAXLEN) -> list[str]:
    """Backward maximum matching over the scorer's vocabulary."""
    table = _prefixes(scorer, len(text))
    if table is not None:
        return list(_segmentations(text, scorer, table)[0]) if maxlen == MAXLEN else _lattice(text, table, maxlen)[0]
    vocab = _vocab(scorer)
    out: list[str] = []
    j = len(text)
    while j > 0:
        for size in range(min(maxlen, j), 0, -1):
            w = text[j - size : j]
            if size == 1 or w in vocab:
                out.append(w)
                j -= size
                break
    out.reverse()
    return out


@functools.lru_cache(maxsize=16384)
def _both(clause: str, scorer: Scorer) -> tuple[list[str], list[str]]:
    """Backward and forward segmentations of a clause (cached: every candidate reuses them)."""
    table = _prefixes(scorer, len(clause))
    if table is not None:
        back, fwd = _segmentations(clause, scorer, table)[:2]
        return list(back), list(fwd)
    return segment_backward(clause, scorer), segment(clause, scorer)


def _split(toks: list[str], lo: int, start: int, end: int) -> tuple[list[str], list[str]] | None:
    left: list[str] = []
    right: list[str] = []
    pos = lo
    hit = False
    for t in toks:
        if pos == start and pos + len(t) == end:
            hit = True
        elif pos + len(t) <= start:
            left.append(t)
        elif pos >= end:
            right.append(t)
        pos += len(t)
    return (left[-2:], right[:2]) if hit else None


MODEL_WORD = True  # no word boundary of the segmentation the model scores best may cut the span


def _cut(toks: tuple[str, ...], start: int, end: int) -> bool:
    """Whether a boundary between two of ``toks`` falls strictly inside ``[start, end)``."""
    pos = 0
    for t in toks:
        pos += len(t)
        if pos >= end:
            return False
        if pos > start:
            return True
    return False


def tokens_around(text: str, start: int, end: int, scorer: Scorer) -> tuple[list[str], list[str]] | None:
    """Two model words each side of ``text[start:end]``, or None when the span is not a word of its
    clause: neither forward nor backward maximum matching makes it one (平安 inside 公平安全), or
    the segmentation the model scores best cuts it in two (我都会: 我 都 会). Where both matchings
    do, the one with fewer words (then fewer single characters) wins; backward on a tie."""
    lo, hi = window(text, start, end)
    clause = text[lo:hi]
    if any(c in _QUOTES for c in clause):  # read across the quotes: drop them, shift the span
        before = sum(1 for c in text[lo:start] if c in _QUOTES)
        if any(c in _QUOTES for c in text[start:end]):
            return None
        clause = "".join(c for c in clause if c not in _QUOTES)
        start, end = start - before, end - before
    if MODEL_WORD and _cut(best_segmentation(clause, scorer)[0], start - lo, end - lo):
        return None  # the model reads the span as two words (我都会 is 我 都 会, not the noun 都会)
    best = None
    for rank, toks in enumerate(_both(clause, scorer)):
        found = _split(toks, lo, start, end)
        if found is None:
            continue
        key = (len(toks), sum(1 for t in toks if len(t) == 1), rank)
        if best is None or key < best[0]:
            best = (key, found)
    return best[1] if best else None


def oov_around(text: str, start: int, end: int, scorer: Scorer) -> tuple[list[str], list[str]] | None:
    """Two model words each side of a span that is no word of the model (a spinner's garble: 胶葛,
    上彀), or None unless the segmentation the model scores best has a word boundary at both its
    ends: a garble's characters must not belong to the words around it (比力 in 对比力度 is 对比 力度)."""
    lo, hi = window(text, start, end)
    clause = text[lo:hi]
    if any(c in _QUOTES for c in clause):
        return None
    left: list[str] = []
    right: list[str] = []
    pos, bounds = lo, {lo}
    for t in best_segmentation(clause, scorer)[0]:
        if pos + len(t) <= start:
            left.append(t)
        elif pos >= end:
            right.append(t)
        pos += len(t)
        bounds.add(pos)
    return (left[-2:], right[:2]) if start in bounds and end in bounds else None


def judge(text: str, start: int, end: int, candidate: str, scorer: Scorer) -> Judgement | None:
    found = judge_many(text, start, end, (candidate,), scorer)
    return found[0] if found else None


def judge_many(text: str, start: int, end: int, candidates: tuple[str, ...] | list[str],
               scorer: Scorer) -> list[Judgement]:
    """Judge several candidates for one span; the clause is segmented once."""
    word = text[start:end]
    cands = [c for c in candidates if c in scorer]
    if not cands:
        return []
    # a word the model does not know is scored as its unknown word: the gain is then how much better
    # than its frequency the candidate fits its neighbours
    around = tokens_around(text, start, end, scorer) if word in scorer else oov_around(text, start, end, scorer)
    if around is None:
        return []
    left, right = around
    if not left and not right:
        return []
    seq_w = [*left, word, *right]
    base = scorer.score(seq_w)
    k = len(left)
    hw = scorer.ngram_hits(seq_w)[k:]
    attested = sum(h - 1 for h in hw)
    uw = scorer.unigram(word)
    out = []
    for candidate in cands:
        seq_c = [*left, candidate, *right]
        raw = scorer.score(seq_c) - base
        gain = raw - (scorer.unigram(candidate) - uw)
        hc = scorer.ngram_hits(seq_c)[k:]
        support = sum(h - 1 for h in hc) - attested
        out.append(Judgement(candidate, raw, gain, support, attested, tuple(left), tuple(right)))
    return out




@functools.lru_cache(maxsize=16384)
def segment_dp(clause: str, scorer: Scorer, maxlen: int = MAXLEN) -> tuple[str, ...]:
    """The segmentation with the highest sum of unigram scores over the model's vocabulary
    (a character the vocabulary lacks stands alone at a fixed cost)."""
    table = _prefixes(scorer, len(clause))
    if table is not None:
        return _segmentations(clause, scorer, table)[2] if maxlen == MAXLEN else _lattice(clause, table, maxlen)[2]
    vocab = _vocab(scorer)
    unigram = scorer.unigram
    n = len(clause)
    best: list[tuple[float, int]] = [(0.0, 0)] + [(-1e18, 0)] * n
    for j in range(1, n + 1):
        for k in range(max(0, j - maxlen), j):
            w = clause[k:j]
            if w in vocab:
                u = unigram(w)
            elif j - k == 1:
                u = UNKNOWN_UNIGRAM
            else:
                continue
            s = best[k][0] + u
            if s > best[j][0]:
                best[j] = (s, k)
    toks: list[str] = []
    j = n
    while j > 0:
        k = best[j][1]
        toks.append(clause[k:j])
        j = k
    return tuple(reversed(toks))


@functools.lru_cache(maxsize=16384)
def best_segmentation(clause: str, scorer: Scorer) -> tuple[tuple[str, ...], float]:
    """Of backward and forward maximum matching and the unigram-best segmentation, the one the
    model scores highest, with its score."""
    table = _prefixes(scorer, len(clause))
    if table is not None:
        return best_of(_segmentations(clause, scorer, table), scorer)
    (back, fwd), dp = _both(clause, scorer), segment_dp(clause, scorer)
    return best_of((tuple(back), tuple(fwd), dp, False), scorer)


