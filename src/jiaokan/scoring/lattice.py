"""The segmentation lattice over a scorer's vocabulary, and clauses segmented piece by piece.

Backward and forward maximum matching and the unigram-best segmentation come from one pass over a
clause (:func:`_lattice`). A clause is cut wherever two neighbouring characters stand side by side in
no word of the vocabulary: no word crosses such a point, so all three segmentations cut there and
each piece can be segmented on its own and cached (:func:`_segmentations`). Used by
:mod:`.context`, which owns the prefix table these functions read.
"""

from __future__ import annotations

from array import array
from itertools import chain
from operator import itemgetter

from . import Scorer

MAXLEN = 6
_MISS = object()  # not a word of the vocabulary nor the start of one
UNKNOWN_UNIGRAM = -7.0  # log10 cost of a character the vocabulary does not have as a word
_TABLES: dict[int, tuple[Scorer, dict[str, float | None] | None]] = {}
_Three = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], bool]
# per scorer: the longest clause that is segmented piece by piece (see _piece_limit; 0: none), and
# the pieces seen: piece → backward, forward and unigram-best segmentation, and whether all three agree
_PIECES: dict[int, tuple[Scorer, int, dict[str, _Three]]] = {}
PIECES_MAX = 1 << 15  # ~12 MB of pieces; 1 << 17 cost ~50 MB more at the same speed (benchmarks/PROFILE.md)


def _piece_limit(scores: dict[str, float]) -> int:
    """The length of the longest clause that may be segmented piece by piece (0: none). A position
    between two characters that no word has side by side is crossed by no word: backward and
    forward maximum matching and the unigram DP all cut there, and each piece can be segmented on
    its own. For the DP to choose exactly as on the whole clause, every sum of unigram scores must
    be exact: true when the scores are single-precision floats (KenLM's) of magnitude at least 1,
    all multiples of 2**-23, while the sums stay below 2**30 in magnitude."""
    values = list(scores.values())
    try:
        if not values or array("f", values).tolist() != values or min(map(abs, values)) < 1.0:
            return 0
    except (OverflowError, TypeError):
        return 0
    return int(2**29 / max(max(map(abs, values)), -UNKNOWN_UNIGRAM))


def _segmentations(clause: str, scorer: Scorer, table: dict[str, float | None]) -> _Three:
    """Backward and forward maximum matching and the unigram-best segmentation of a clause (as
    :func:`_lattice`, MAXLEN), assembled from those of its pieces (:func:`_split_pieces`)."""
    split = _split_pieces(clause, scorer, table)
    if split is None:
        back, fwd, dp = _lattice(clause, table, MAXLEN)
        return tuple(back), tuple(fwd), dp, False
    return joined(split[1])


def _split_pieces(clause: str, scorer: Scorer,
                  table: dict[str, float | None]) -> tuple[list[str], list[_Three]] | None:
    """The clause cut wherever no word can cross (a pair of characters found inside no word), and
    the segmentations of each piece; the pieces, mostly short and common, are segmented once each
    (cached). None when the clause is not cut (see :func:`_piece_limit`)."""
    hit = _PIECES.get(id(scorer))
    n = len(clause)
    if hit is None or hit[0] is not scorer or n > hit[1] or n < 2:
        return None
    pieces = _cut_pieces(clause, table)
    cache = hit[2]
    return pieces, _looked_up(pieces, table, cache)


def _cut_pieces(clause: str, table: dict[str, float | None]) -> list[str]:
    """The clause cut between every two characters that are not a key of the table."""
    pieces: list[str] = []
    prev = clause[0]
    a = i = 0
    for ch in clause[1:]:
        i += 1
        if prev + ch not in table:
            pieces.append(clause[a:i])
            a = i
        prev = ch
    pieces.append(clause[a:] if a else clause)
    return pieces


def replaced_segmentation(split: tuple[list[str], list[_Three]], i: int, ch: str,
                          scorer: Scorer) -> tuple[tuple[str, ...], float]:
    """:func:`best_segmentation` of the clause of ``split`` (from :func:`piece_segmentations`)
    with its character ``i`` replaced by ``ch``. Only the pieces around ``i`` are cut and looked
    up again: the other cuts do not involve the character."""
    pieces, entries = split
    pos = 0
    k = 0
    for k, piece in enumerate(pieces):  # noqa: B007 - the piece that holds i
        if pos + len(piece) > i:
            break
        pos += len(piece)
    lo = k - 1 if i == pos and k else k  # a cut at i may go: the piece before joins in
    end = pos + len(pieces[k])
    hi = k + 2 if i + 1 == end and k + 1 < len(pieces) else k + 1  # likewise a cut at i + 1
    start = pos - len(pieces[lo]) if lo < k else pos
    mid = "".join(pieces[lo:hi])
    at = i - start
    mid = mid[:at] + ch + mid[at + 1 :]
    table = _TABLES[id(scorer)][1]
    assert table is not None
    new = _cut_pieces(mid, table)
    cache = _PIECES[id(scorer)][2]
    got = _looked_up(new, table, cache)
    return best_of(joined([*entries[:lo], *got, *entries[hi:]]), scorer)


def piece_segmentations(clause: str, scorer: Scorer) -> tuple[list[str], list[_Three]] | None:
    """The pieces of a clause and the backward, forward and unigram-best segmentations of each
    (with whether the three agree); :func:`joined` makes the clause's from them. None while the
    prefix table is not made, or when the clause is not cut into pieces."""
    hit = _TABLES.get(id(scorer))
    if hit is None or hit[0] is not scorer or hit[1] is None:
        return None
    return _split_pieces(clause, scorer, hit[1])


def joined(entries: list[_Three]) -> _Three:
    """The segmentations of a clause from those of its pieces, in order."""
    if len(entries) == 1:
        return entries[0]
    dp = tuple(chain.from_iterable(map(itemgetter(2), entries)))
    if all(map(itemgetter(3), entries)):
        return dp, dp, dp, True
    return (tuple(chain.from_iterable(map(itemgetter(0), entries))),
            tuple(chain.from_iterable(map(itemgetter(1), entries))), dp, False)


def _looked_up(pieces: list[str], table: dict[str, float | None], cache: dict[str, _Three]) -> list[_Three]:
    """The segmentations of each piece, from the cache or made (and cached) for a new one."""
    got = list(map(cache.get, pieces))
    if None in got:
        got = [g or _piece(p, table, cache) for g, p in zip(got, pieces, strict=True)]
    return got  # type: ignore[return-value]


def _piece(piece: str, table: dict[str, float | None], cache: dict[str, _Three]) -> _Three:
    back, fwd, dp = _lattice(piece, table, MAXLEN)
    bt, ft = tuple(back), tuple(fwd)
    same = bt == dp and ft == dp
    out = (dp, dp, dp, True) if same else (bt, ft, dp, False)
    if len(cache) >= PIECES_MAX:
        cache.clear()
    cache[piece] = out
    return out


def _lattice(clause: str, table: dict[str, float | None],
             maxlen: int) -> tuple[list[str], list[str], tuple[str, ...]]:
    """Backward and forward maximum matching and the unigram-best segmentation, from one pass
    over the words that start at each position (the same results as the separate functions)."""
    get = table.get
    n = len(clause)
    best = [0.0] + [-1e18] * n   # the unigram-best DP: score of the best path to each position
    back = [0] * (n + 1)         # ... and where its last word starts
    longest = list(range(1, n + 2))  # forward: end of the longest word starting at each position
    first = list(range(-1, n))       # backward: start of the longest word ending at each position
    k = 0
    for ch in clause:
        sk = best[k]
        u = get(ch, _MISS)
        s = sk + (UNKNOWN_UNIGRAM if u is None or u is _MISS else u)  # type: ignore[operator]
        if s > best[k + 1]:
            best[k + 1] = s
            back[k + 1] = k
        if u is _MISS:  # starts no word
            k += 1
            continue
        j = k + 2
        stop = k + maxlen if k + maxlen < n else n
        while j <= stop:
            u = get(clause[k:j], _MISS)
            if u is _MISS:
                break
            if u is not None:
                s = sk + u  # type: ignore[operator]
                if s > best[j]:
                    best[j] = s
                    back[j] = k
                longest[k] = j
                if first[j] == j - 1:
                    first[j] = k
            j += 1
        k += 1
    fwd: list[str] = []
    i = 0
    while i < n:
        e = longest[i]
        fwd.append(clause[i:e])
        i = e
    return _walk_back(clause, first), fwd, tuple(_walk_back(clause, back))


def _walk_back(clause: str, prev: list[int]) -> list[str]:
    """The words of a segmentation given, for each end, where its last word starts."""
    out: list[str] = []
    j = len(clause)
    while j > 0:
        k = prev[j]
        out.append(clause[k:j])
        j = k
    out.reverse()
    return out


def best_of(three: _Three, scorer: Scorer) -> tuple[tuple[str, ...], float]:
    """Of a clause's backward, forward and unigram-best segmentations, the one the model scores
    highest (the first of equals), with its score."""
    back, fwd, dp, same = three
    if same:
        return dp, scorer.score(list(dp))
    best: tuple[tuple[str, ...], float] | None = None
    for toks in {back: 0, fwd: 0, dp: 0}:  # distinct ones
        s = scorer.score(list(toks))
        if best is None or s > best[1]:
            best = (toks, s)
    assert best is not None
    return best

