"""Judge a candidate word against the word in the text, in its sentence, with a scorer.

Tokens are words of the model's own vocabulary: the window around the word is segmented by
forward maximum matching over the vocabulary (the model's tokens are words, and its own vocabulary
segments better for it than a general segmenter would).
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from . import Scorer

_STOP = regex.compile(r"[\s\p{P}\p{S}\p{N}A-Za-z]")
WINDOW = 12
MAXLEN = 6


@dataclass(frozen=True)
class Judgement:
    candidate: str
    raw: float        # log10 P(sentence with candidate) - log10 P(sentence as written)
    gain: float       # raw, less the difference of the two words' unigram scores (frequency-normalised)
    support: int      # context n-gram matches of the candidate minus those of the written word
    left: tuple[str, ...]
    right: tuple[str, ...]


def segment(text: str, scorer: Scorer, maxlen: int = MAXLEN) -> list[str]:
    """Forward maximum matching over the scorer's vocabulary (unknown characters stand alone)."""
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        for size in range(min(maxlen, n - i), 0, -1):
            w = text[i : i + size]
            if size == 1 or w in scorer:
                out.append(w)
                i += size
                break
    return out


def window(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around ``text[start:end]``: at most WINDOW characters each side, cut at
    punctuation, digits, Latin letters and spaces."""
    lo = start
    while lo > 0 and start - lo < WINDOW and not _STOP.match(text[lo - 1]):
        lo -= 1
    hi = end
    while hi < len(text) and hi - end < WINDOW and not _STOP.match(text[hi]):
        hi += 1
    return lo, hi


def tokens_around(text: str, start: int, end: int, scorer: Scorer) -> tuple[list[str], list[str]] | None:
    """Two model words each side of ``text[start:end]``, or None when the span is not a word of
    the clause (it lies inside a longer word, as 平安 in 公平安全)."""
    lo, hi = window(text, start, end)
    toks = segment(text[lo:hi], scorer)
    bounds = {lo}
    pos = lo
    for t in toks:
        pos += len(t)
        bounds.add(pos)
    if start not in bounds or end not in bounds:
        # forward matching may glue the word to its left neighbour (平安 in 公平安全): retry from the word
        right = segment(text[start:hi], scorer)
        if not right or right[0] != text[start:end]:
            return None
        left = segment(text[lo:start], scorer)
        return left[-2:], right[1:3]
    left, right, pos = [], [], lo
    for t in toks:
        if pos + len(t) <= start:
            left.append(t)
        elif pos >= end:
            right.append(t)
        pos += len(t)
    return left[-2:], right[:2]


def judge(text: str, start: int, end: int, candidate: str, scorer: Scorer) -> Judgement | None:
    word = text[start:end]
    if candidate not in scorer or word not in scorer:
        return None
    around = tokens_around(text, start, end, scorer)
    if around is None:
        return None
    left, right = around
    if not left and not right:
        return None
    seq_w = [*left, word, *right]
    seq_c = [*left, candidate, *right]
    raw = scorer.score(seq_c) - scorer.score(seq_w)
    gain = raw - (scorer.unigram(candidate) - scorer.unigram(word))
    k = len(left)
    hw = scorer.ngram_hits(seq_w)[k:]
    hc = scorer.ngram_hits(seq_c)[k:]
    support = sum(h - 1 for h in hc) - sum(h - 1 for h in hw)
    return Judgement(candidate, raw, gain, support, tuple(left), tuple(right))
