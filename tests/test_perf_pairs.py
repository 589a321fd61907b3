"""Speed-ups of ZH103 that must not change results: the neighbour-pair test of the word index
(``WordIndex.pairs``), the span-driven suspect loop, and the one-pass segmentation lattice."""

from __future__ import annotations

import random

import pytest

from jiaokan.rules import _confusion
from jiaokan.rules import characters_lm as zh103
from jiaokan.scoring import context as sc

WORDS = {
    "我们": -2.0, "我": -2.5, "们": -4.0, "门": -3.5, "看": -3.0, "电影": -3.2, "美国": -3.0, "建议": -3.1,
    "意见": -3.3, "见": -3.4, "议": -4.2, "意": -3.9, "建": -4.1, "安全": -3.0, "生产": -3.1, "社会": -3.0,
    "福祉": -4.9, "福": -4.5, "社": -4.6, "大众": -3.6, "关乎": -4.4, "电": -3.8, "影": -4.3, "国": -3.2,
    "美": -3.6, "安": -3.9, "全": -3.7, "生": -3.5, "产": -3.9, "会": -3.0, "大": -2.9, "众": -4.4,
    "关": -3.7, "乎": -4.0, "设在": -4.8, "在线": -4.0, "设": -4.2, "在": -2.2, "线": -3.9, "县": -4.0,
    "我门": -6.5, "建意": -6.8, "国家": -2.8, "家": -3.0, "门口": -3.9, "口": -3.8, "社会大众": -5.0,
}
ALPHABET = sorted({c for w in WORDS for c in w} | set("的了是家口福社祉县"))


class FakeScorer:
    """A unigram scorer over a small vocabulary, with the interface the rule uses."""

    contextual = True

    def __init__(self) -> None:
        self.words = frozenset(WORDS)
        self.unigram_table = dict(WORDS)

    def __contains__(self, word: str) -> bool:
        return word in WORDS

    def unigram(self, word: str) -> float:
        return WORDS.get(word, -7.0 * len(word))

    def score(self, tokens: list[str]) -> float:
        return sum(self.unigram(t) for t in tokens)

    def ngram_hits(self, tokens: list[str]) -> list[int]:
        return [1] * len(tokens)

    def vocabulary(self) -> tuple[str, ...]:
        return tuple(WORDS)


def _clauses(n: int, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    out = ["我门看美国电影", "安全生产关乎社会大众福社", "设在县", "建意", "我们看电影"]
    words = sorted(WORDS)
    for _ in range(n):
        parts = [rnd.choice(words) if rnd.random() < 0.7 else rnd.choice(ALPHABET) for _ in range(rnd.randint(1, 6))]
        out.append("".join(parts))
    return out


def _index_with_pairs(scorer: FakeScorer) -> _confusion.WordIndex:
    idx = _confusion.WordIndex(scorer)
    assert idx.pairs(10) is None  # not before PAIRS_AFTER characters
    assert idx.pairs(_confusion.PAIRS_AFTER) is None
    assert idx.pairs(1) is not None
    return idx


def test_pairs_are_a_necessary_condition_of_formed() -> None:
    scorer = FakeScorer()
    idx = _index_with_pairs(scorer)
    pairs = idx.pairs(1)
    assert pairs is not None
    after, before = pairs
    table = zh103.confusion_table()
    rejected = 0
    for clause in _clauses(300):
        for i, ch in enumerate(clause):
            row = table.get(ch)
            if not row:
                continue
            near = (after.get(clause[i - 1], 0) if i else 0) | (before.get(clause[i + 1], 0) if i + 1 < len(clause) else 0)
            if not idx.row_bits(row) & near:
                rejected += 1
                assert idx.formed(clause, i, row) == {}, (clause, i)
    assert rejected  # the test does prune


def test_pairs_are_not_made_without_a_vocabulary() -> None:
    class NoVocab(FakeScorer):
        def vocabulary(self) -> tuple[str, ...]:
            return ()

    idx = _confusion.WordIndex(NoVocab())
    assert idx.pairs(10**9) is None and idx.pairs(10**9) is None


def test_repairs_are_the_same_with_and_without_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    scorer = FakeScorer()
    clauses = _clauses(200)
    without = _confusion.WordIndex(scorer)
    without._seen = -(10**12)  # never made
    monkeypatch.setitem(_confusion._INDEXES, id(scorer), without)
    plain = [zh103._repairs.__wrapped__(c, scorer, frozenset()) for c in clauses]
    monkeypatch.setitem(_confusion._INDEXES, id(scorer), _index_with_pairs(scorer))
    fast = [zh103._repairs.__wrapped__(c, scorer, frozenset()) for c in clauses]
    assert fast == plain
    assert any(plain)


def test_lattice_matches_the_separate_segmentations(monkeypatch: pytest.MonkeyPatch) -> None:
    scorer = FakeScorer()
    monkeypatch.setattr(sc, "PREFIX_AFTER", 10**15)  # the direct way, without the prefix table
    clauses = _clauses(300, seed=3)
    direct = [(sc.segment_backward(c, scorer), sc.segment(c, scorer), sc.segment_dp.__wrapped__(c, scorer))
              for c in clauses]
    words = set(WORDS)
    table: dict[str, float | None] = dict.fromkeys({w[:k] for w in words for k in range(1, len(w))} - words)
    table.update(WORDS)
    assert [sc._lattice(c, table, sc.MAXLEN) for c in clauses] == direct
