"""Round-4 speed-ups of ZH103 that must not change results: clauses segmented piece by piece (cut
where no word can cross), a candidate's clause re-cut only around the replaced character, and the
suspect positions found from the pieces before a segmentation is chosen."""

from __future__ import annotations

import random
from array import array

import pytest

from jiaokan.rules import _confusion
from jiaokan.rules import characters_lm as zh103
from jiaokan.scoring import context as sc
from jiaokan.scoring import lattice

from .test_perf_pairs import ALPHABET, WORDS, FakeScorer, _clauses

WORDS32 = dict(zip(WORDS, array("f", WORDS.values()).tolist(), strict=True))  # single precision, as KenLM's


class Fake32(FakeScorer):
    """The fake scorer with single-precision scores (segmented piece by piece)."""

    def __init__(self) -> None:
        super().__init__()
        self.unigram_table = dict(WORDS32)

    def unigram(self, word: str) -> float:
        return WORDS32.get(word, -7.0 * len(word))


def _fresh_registries(monkeypatch: pytest.MonkeyPatch) -> None:
    """New prefix-table and piece registries, shared by the two modules that read them."""
    tables: dict = {}  # type: ignore[type-arg]
    pieces: dict = {}  # type: ignore[type-arg]
    for mod in (sc, lattice):
        monkeypatch.setattr(mod, "_TABLES", tables)
        monkeypatch.setattr(mod, "_PIECES", pieces)


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> FakeScorer:
    """A fake scorer whose prefix table and piece cache are made at once, in fresh registries."""
    _fresh_registries(monkeypatch)
    monkeypatch.setattr(sc, "PREFIX_AFTER", 0)
    scorer = Fake32()
    assert sc._prefixes(scorer) is not None
    return scorer


def _direct(clause: str, table: dict[str, float | None]) -> tuple[tuple[str, ...], ...]:
    back, fwd, dp = sc._lattice(clause, table, sc.MAXLEN)
    return tuple(back), tuple(fwd), dp


def test_pieces_give_the_whole_clause_segmentations(fresh: FakeScorer) -> None:
    table = sc._prefixes(fresh)
    assert table is not None
    assert sc._PIECES[id(fresh)][1] > 0  # the fake's scores are exact in single precision
    cut = 0
    for clause in _clauses(400, seed=11):
        if len(clause) < 2:
            continue
        split = sc.piece_segmentations(clause, fresh)
        assert split is not None
        cut += len(split[0]) > 1
        assert "".join(split[0]) == clause
        three = sc.joined(split[1])
        assert three[:3] == _direct(clause, table), clause
        assert three[3] == (len({*three[:3]}) == 1)
    assert cut > 100


def test_replaced_segmentation_is_best_segmentation_of_the_new_clause(fresh: FakeScorer) -> None:
    rnd = random.Random(5)
    for clause in _clauses(300, seed=13):
        if len(clause) < 2:
            continue
        split = sc.piece_segmentations(clause, fresh)
        assert split is not None
        for _ in range(3):
            i = rnd.randrange(len(clause))
            ch = rnd.choice(ALPHABET)
            new = clause[:i] + ch + clause[i + 1 :]
            assert sc.replaced_segmentation(split, i, ch, fresh) == sc.best_segmentation.__wrapped__(new, fresh)


def test_repairs_are_the_same_with_and_without_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    clauses = _clauses(300, seed=17)
    _fresh_registries(monkeypatch)
    monkeypatch.setattr(sc, "PREFIX_AFTER", 10**15)  # the direct way: no prefix table, no pieces
    scorer = Fake32()
    monkeypatch.setitem(_confusion._INDEXES, id(scorer), _confusion.WordIndex(scorer))
    plain = [zh103._repairs.__wrapped__(c, scorer, frozenset()) for c in clauses]
    monkeypatch.setattr(sc, "PREFIX_AFTER", 0)
    assert sc._prefixes(scorer) is not None
    assert sc.piece_segmentations("我门看美国电影", scorer) is not None
    monkeypatch.setitem(_confusion._INDEXES, id(scorer), _confusion.WordIndex(scorer))
    pieces = [zh103._repairs.__wrapped__(c, scorer, frozenset()) for c in clauses]
    assert pieces == plain
    assert any(plain)


def test_no_pieces_when_sums_may_round(monkeypatch: pytest.MonkeyPatch) -> None:
    """Scores that are not single-precision floats (the word-frequency fallback's) could make the
    piece-wise DP choose differently on a near tie: such a scorer is segmented whole."""
    assert sc._piece_limit({"我们": -2.0, "我": -2.5}) > 0
    assert sc._piece_limit({"我们": -2.1, "我": -2.5}) == 0  # -2.1 is not a float32
    assert sc._piece_limit({"我们": -0.5, "我": -2.5}) == 0  # too fine a grain
    _fresh_registries(monkeypatch)
    monkeypatch.setattr(sc, "PREFIX_AFTER", 0)
    scorer = FakeScorer()  # -3.2, -4.1 …: not single-precision floats
    assert sc._prefixes(scorer) is not None
    assert sc.piece_segmentations("我门看美国电影", scorer) is None
