"""The scorer protocol, segmentation and the context judgement; the real model where installed."""

from __future__ import annotations

import pytest

from jiaokan import api
from jiaokan.model import Applicability
from jiaokan.scoring import ENV, find_model, load_scorer
from jiaokan.scoring.context import judge, segment, tokens_around


class FakeScorer:
    """A bigram model over a tiny vocabulary: known bigrams score -1, back-off -4 per word."""

    name = "fake"

    def __init__(self, vocab, bigrams, unigrams=None):
        self.vocab = set(vocab)
        self.bigrams = set(bigrams)
        self.unigrams = unigrams or {}

    def __contains__(self, w):
        return w in self.vocab

    def unigram(self, w):
        return self.unigrams.get(w, -4.0)

    def ngram_hits(self, toks):
        return [1] + [2 if (a, b) in self.bigrams else 1 for a, b in zip(toks, toks[1:], strict=False)]

    def score(self, toks):
        total = self.unigram(toks[0]) if toks else 0.0
        for a, b in zip(toks, toks[1:], strict=False):
            total += -1.0 if (a, b) in self.bigrams else self.unigram(b)
        return total


VOCAB = ["发放", "宣传", "宣扬", "资料", "公平", "安全", "平安", "工作"]


def test_segment_forward_maximum_matching():
    sc = FakeScorer(VOCAB, [])
    assert segment("发放宣扬资料", sc) == ["发放", "宣扬", "资料"]
    assert segment("公平安全x", sc) == ["公平", "安全", "x"]


def test_tokens_around_rejects_span_inside_longer_word():
    sc = FakeScorer(VOCAB, [])
    text = "做到公平安全工作"
    assert tokens_around(text, text.index("平安"), text.index("平安") + 2, sc) is None
    text = "发放宣扬资料，"
    assert tokens_around(text, 2, 4, sc) == (["发放"], ["资料"])


def test_tokens_around_rejects_span_the_model_cuts_in_two():
    words = ["我", "在", "都", "会", "来", "都会", "工作"]
    sc = FakeScorer(words, [("我", "都"), ("都", "会"), ("会", "来"), ("在", "都会"), ("都会", "工作")],
                    {"都会": -9.0})
    # maximum matching finds the noun 都会, the model reads 我 都 会 来: not a word to judge
    assert tokens_around("我都会来。", 1, 3, sc) is None
    # where the model reads the noun, it is judged with its neighbours
    assert tokens_around("在都会工作。", 1, 3, sc) == (["在"], ["工作"])


def test_judge_is_frequency_normalised():
    sc = FakeScorer(VOCAB, [("发放", "宣传"), ("宣传", "资料")], {"宣传": -3.0, "宣扬": -4.0})
    j = judge("发放宣扬资料。", 2, 4, "宣传", sc)
    assert j is not None
    assert j.raw > 0 and j.support == 2
    assert j.gain == pytest.approx(j.raw - 1.0)
    # no context evidence: a more frequent candidate alone does not win
    sc2 = FakeScorer(VOCAB, [], {"宣传": -3.0, "宣扬": -4.0})
    j2 = judge("发放宣扬资料。", 2, 4, "宣传", sc2)
    assert j2.support == 0 and j2.gain == pytest.approx(0.0)


def test_missing_model_is_reported_not_raised(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV, str(tmp_path / "none.lm"))
    assert find_model() == str(tmp_path / "none.lm")
    status = load_scorer()
    assert "does not exist" in status.problem
    assert status.scorer is None or status.fallback  # the word-frequency fallback, where jieba is installed


REAL = load_scorer()
needs_lm = pytest.mark.skipif(REAL.scorer is None or REAL.fallback, reason=f"no language model: {REAL.problem}")


SPUN = "常态化开展妇女维权普法宣扬。我会共接待和妥当处理来信来访十余件。"  # two high-prior spins


@needs_lm
@pytest.mark.parametrize(
    ("text", "wrong", "right"),
    [
        ("开展未成年人安全健康教化活动。", "教化", "教育"),
        ("儿童关爱工作稳步推动。", "推动", "推进"),
        ("主要职责有主动开展婚姻家庭纠纷调解。", "主动", "积极"),
        ("各级干部要把工作做在平时，刚好发现问题。", "刚好", "及时"),
    ],
)
def test_real_lm_flags_spun_words_in_a_spun_document(text, wrong, right):
    out = api.fix_text(SPUN + text)
    assert text.replace(wrong, right) in out.text
    assert "普法宣传" in out.text and "妥善处理" in out.text


@needs_lm
@pytest.mark.parametrize(
    "text",
    ["古人重视以德教化百姓。", "祝大家一路平安。", "在推动经济社会又好又快发展中发挥作用。", "各方应通过谈判化解武装冲突。",
     "这位老先生很有学问。", "他主动承担了责任。", "学校举办了安全知识竞赛。"],
)
def test_real_lm_leaves_right_words(text):
    assert [f.message for f in api.check_text(text) if f.code == "ZH202"] == []


@needs_lm
def test_isolated_judgement_is_only_a_suggestion():
    text = "这些问题如果不刚好加以解决，必将影响发展大局。"  # one spin pair in an otherwise clean text
    found = [f for f in api.check_text(text) if f.code == "ZH202"]
    assert found and found[0].applicability == Applicability.UNSAFE
    assert api.fix_text(text).text == text


@needs_lm
def test_low_prior_pair_alone_is_silent():
    # 竞赛 is often right (知识竞赛); alone in a clean text it is never reported
    assert [f for f in api.check_text("举办少儿朗诵竞赛。") if f.code == "ZH202"] == []


@needs_lm
def test_a_quoted_word_is_read_with_the_words_around_it():
    text = "大家手里满满的“收获”。"
    start = text.index("收获")
    left, right = tokens_around(text, start, start + 2, REAL.scorer)
    assert left and "".join(left).endswith("满满的")  # the quote does not cut the context
    assert tokens_around(text, start - 1, start + 2, REAL.scorer) is None  # a span with a quote in it


@needs_lm
@pytest.mark.parametrize(("text", "word", "cand", "left", "right"), [
    ("依法调解婚姻胶葛的案件", "胶葛", "纠纷", ["调解", "婚姻"], ["的", "案件"]),
    ("区里的同砚都来了", "同砚", "同学", ["里", "的"], ["都", "来"]),
])
def test_a_garble_the_model_does_not_know_is_judged_as_its_unknown_word(text, word, cand, left, right):
    from jiaokan.scoring.context import oov_around

    i = text.index(word)
    assert word not in REAL.scorer
    assert oov_around(text, i, i + len(word), REAL.scorer) == (left, right)
    j = judge(text, i, i + len(word), cand, REAL.scorer)
    assert j is not None and j.raw > 0 and j.support >= 1


@needs_lm
def test_a_garble_across_the_words_around_it_is_not_judged():
    from jiaokan.scoring.context import oov_around

    text = "要加大对比力度"  # 对比 力度: 比力 is no span of its own here
    i = text.index("比力")
    assert oov_around(text, i, i + 2, REAL.scorer) is None
    assert judge(text, i, i + 2, "比较", REAL.scorer) is None
