"""ZH202's heavy tier: in a document with spin everywhere, a plain preference of the language model
for the original word is enough; the same sentence in a clean document is left alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiaokan import api
from jiaokan.engine import Context, Engine
from jiaokan.formats import from_text
from jiaokan.model import Applicability
from jiaokan.rules import context as ctxrules
from jiaokan.scoring import load_scorer

REAL = load_scorer()
needs_lm = pytest.mark.skipif(REAL.scorer is None or REAL.fallback, reason=f"no language model: {REAL.problem}")

# our own sentences, spun by hand with the substitutions spinners make
SPUN = "今年以来，我县深入开展平安生产宣扬勾当，组织学问竞赛，普及平安学问，营造浓厚气氛。"
TAIL = "县妇联为困难家庭供应了2万元帮扶资金，卧室的灯频闪严峻。"


@needs_lm
def test_heavily_spun_document_restores_plain_preferences() -> None:
    text = SPUN + TAIL
    density = ctxrules.spin_density(Context(text, from_text(text), Engine()))
    assert density >= ctxrules.HEAVY_DENSITY
    found = {f.original: f for f in api.check_text(text) if f.code == "ZH202"}
    for word, right in (("供应", "提供"), ("严峻", "严重")):
        assert found[word].suggestions == (right,)
        assert found[word].fix is not None and found[word].fix.applicability is Applicability.SAFE
    assert "heavily spun" in found["严峻"].message  # no n-gram support: only the heavy tier takes it
    fixed = api.fix_text(text).text
    assert "提供了2万元" in fixed and "频闪严重" in fixed
    assert not [f for f in api.check_text(fixed) if f.code == "ZH202"]


@needs_lm
def test_same_sentence_in_a_clean_document_is_left_alone() -> None:
    assert [f for f in api.check_text(TAIL) if f.code.startswith("ZH2")] == []
    assert api.fix_text(TAIL).text == TAIL


@needs_lm
def test_heavy_tier_needs_the_density() -> None:
    # lightly spun (one fixed spin collocation): the plain preference is not enough
    text = "我县开展平安生产检查。" + TAIL
    assert ctxrules.spin_density(Context(text, from_text(text), Engine())) < ctxrules.HEAVY_DENSITY
    assert "供应" not in {f.original for f in api.check_text(text) if f.code == "ZH202"}


@needs_lm
def test_classic_thesaurus_spins_in_a_spun_document() -> None:
    text = SPUN + "通过健全轨制，积极撑持企业立异，全年未发生重大变乱。"
    fixed = api.fix_text(text).text
    assert "健全制度" in fixed and "支持企业创新" in fixed and "重大事故" in fixed
    # one of them alone, in an unspun report, is at most a suggestion
    alone = "今年全县安全生产形势总体平稳，全年未发生重大变乱。"
    assert all(f.fix is None or f.fix.applicability is not Applicability.SAFE
               for f in api.check_text(alone) if f.code == "ZH202")


# one spinner, one mapping: 主动 → 积极 restored twice by fixed collocations carries to a third 主动
PROPAGATE = "广大妇女主动参予社区治理，主动宣扬法律知识，主动履行组织妇女、服务妇女的职能。"


@needs_lm
def test_spin_pair_restored_twice_carries_to_its_other_occurrences() -> None:
    text = SPUN + PROPAGATE
    carried = [f for f in api.check_text(text) if f.code == "ZH202" and f.original == "主动"]
    assert len(carried) == 1 and carried[0].suggestions == ("积极",)
    assert carried[0].fix is not None and carried[0].fix.applicability is Applicability.SAFE
    assert "restored at 2 other places" in carried[0].message
    fixed = api.fix_text(text).text
    assert "积极履行组织妇女" in fixed and "主动" not in fixed
    assert not [f for f in api.check_text(fixed) if f.code.startswith("ZH2")]


@needs_lm
def test_no_carrying_when_the_original_word_is_written_or_the_page_is_not_heavy() -> None:
    # the writer uses 积极 elsewhere: the remaining 主动 may be the writer's own word
    text = SPUN + PROPAGATE + "我们积极推进各项工作。"
    assert not [f for f in api.check_text(text) if f.code == "ZH202" and f.original == "主动"]
    # not a heavily spun page: only the fixed collocations are restored
    assert not [f for f in api.check_text(PROPAGATE) if f.code == "ZH202"]


@needs_lm
def test_density_is_carried_across_fix_passes() -> None:
    # in the second pass the first pass's restorations are gone from the text; the page is
    # still the spun page it was
    eng = Engine()
    text = SPUN + TAIL
    first = ctxrules.spin_density(Context(text, from_text(text), eng))
    fixed = api.fix_text(text).text
    assert ctxrules.spin_density(Context(fixed, from_text(fixed), eng)) < first
    carry = {"spin-density": first}
    assert ctxrules.spin_density(Context(fixed, from_text(fixed), eng, carry=carry)) == first


@needs_lm
def test_synonym_swapped_inside_an_idiom_on_a_spun_page() -> None:
    text = SPUN + "守护舌尖上的安全永无尽头。"
    found = [f for f in api.check_text(text) if f.code == "ZH102"]
    assert [(f.original, f.suggestions) for f in found] == [("永无尽头", ("永无止境",))]
    assert found[0].fix is not None and found[0].fix.applicability is Applicability.SAFE
    fixed = api.fix_text(text).text
    assert "永无止境" in fixed and not [f for f in api.check_text(fixed) if f.code == "ZH102"]


@needs_lm
def test_synonym_inside_an_idiom_needs_a_spun_page_and_a_rare_half() -> None:
    # a clean page: 这条路永无尽头 is plain Chinese
    assert not [f for f in api.check_text("这条路永无尽头，我们一直往前走。") if f.code == "ZH102"]
    # 洁净整齐 is two common words, not 洁净利落 with a swapped half, even on a spun page
    assert not [f for f in api.check_text(SPUN + "步道恢复了往日的洁净整齐。") if f.code == "ZH102"]


@needs_lm
def test_heavy_tier_leaves_a_word_whose_original_the_page_writes_as_often() -> None:
    # a spinner swaps a word everywhere: a page that also writes 严重 has a writer who uses 严峻
    text = SPUN + TAIL + "问题十分严重。"
    found = [f for f in api.check_text(text) if f.code == "ZH202" and f.original == "严峻"]
    assert all(f.fix is None or f.fix.applicability is not Applicability.SAFE for f in found)
    assert "频闪严峻" in api.fix_text(text).text


# cue words: the word that decides a pair stands beyond the trigram window, in the same sentence
FESTIVAL = "正月十五，社区志愿者和老人们一起包汤圆、猜灯谜，共度团聚。"
OUTING = "上周，团员们在湿地公园展开了一次“护鸟行动”自愿活动。"
# SPUN writes 开展 (the original of 展开) itself; this spun page does not
SPUN2 = "今年以来，我县深入推进平安生产宣扬，组织学问竞赛，普及平安学问，营造浓厚气氛。"


@needs_lm
@pytest.mark.parametrize(("sentence", "word", "right"), [(FESTIVAL, "团聚", "团圆"), (OUTING, "展开", "开展")])
def test_cue_in_the_same_sentence_restores_on_a_spun_page(sentence: str, word: str, right: str) -> None:
    text = SPUN2 + sentence
    assert ctxrules.spin_density(Context(text, from_text(text), Engine())) >= ctxrules.HEAVY_DENSITY
    found = [f for f in api.check_text(text) if f.code == "ZH202" and f.original == word]
    assert len(found) == 1 and found[0].suggestions == (right,)
    assert found[0].fix is not None and found[0].fix.applicability is Applicability.SAFE
    assert "in the same sentence" in found[0].message or "in the same clause" in found[0].message
    fixed = api.fix_text(text).text
    assert sentence[:sentence.index(word)] + right in fixed  # (自愿活动 → 志愿活动 is restored too)
    assert not [f for f in api.check_text(fixed) if f.code == "ZH202" and f.original == right]


@needs_lm
@pytest.mark.parametrize("text", [
    FESTIVAL,                                                   # not a spun page
    SPUN2 + "社区志愿者和老人们一起唱歌跳舞，共度团聚。",              # no cue in the sentence
    SPUN2 + "大家包了汤圆。社区志愿者和老人们一起唱歌跳舞，共度团聚。",  # the cue is in another sentence
    SPUN2 + "团员们在湿地公园展开了那幅巨大的护鸟宣传画，准备参加下午的活动。",  # the cue is too far away
    SPUN2 + "包汤圆是团圆的意思，大家共度团聚。",                     # the page writes the original too
])
def test_no_cue_no_restoration(text: str) -> None:
    assert not [f for f in api.check_text(text) if f.code == "ZH202" and f.original in ("团聚", "展开")]


def test_cue_near_stays_in_the_sentence_and_the_window() -> None:
    text = "甲乙。包汤圆，共度团聚！汤圆"
    s = text.index("团聚")
    assert ctxrules.cue_near(text, s, s + 2, ("汤圆",)) == "汤圆"
    assert ctxrules.cue_near(text, s, s + 2, ("甲乙",)) is None
    assert ctxrules.cue_near(text, s, s + 2, ("汤圆",), window=3) is None
    # an object: later in the same clause only
    text = "展开了一次护鸟活动，展开了宣传画，准备参加活动"
    assert ctxrules.cue_near(text, 0, 2, ("活动",), clause_after=True) == "活动"
    s = text.index("展开", 3)
    assert ctxrules.cue_near(text, s, s + 2, ("活动",), clause_after=True) is None
    assert ctxrules.cue_near(text, s, s + 2, ("活动",)) == "活动"  # (as a topic it would count)


# one spinner, one mapping, judged over the document: a spun word at several places of a spun page
FILLER = (Path(__file__).parent / "data" / "clean" / "school_news.txt").read_text(encoding="utf-8")[:900]
SERVICE = "社区开展志愿效劳活动，为老人提供上门效劳。志愿者每周效劳两次，效劳内容包括打扫卫生和代购物品。"


@needs_lm
def test_spun_word_rejected_across_the_page_is_restored_everywhere() -> None:
    text = SPUN2 + FILLER + SERVICE
    density = ctxrules.spin_density(Context(text, from_text(text), Engine()))
    assert ctxrules.SPUN_DENSITY <= density < ctxrules.HEAVY_DENSITY  # spun, not heavily
    found = [f for f in api.check_text(text) if f.code == "ZH202" and f.original == "效劳"]
    assert len(found) == 4 and all(f.fix and f.fix.applicability is Applicability.SAFE for f in found)
    assert any("one spinner, one mapping" in f.message for f in found)
    fixed = api.fix_text(text).text
    assert "效劳" not in fixed and fixed.count("服务") == 4
    assert not [f for f in api.check_text(fixed) if f.code == "ZH202" and f.original == "服务"]


@needs_lm
@pytest.mark.parametrize("text", [
    FILLER + SERVICE,                                         # not a spun page
    SPUN2 + FILLER + SERVICE.replace("效劳内容", "服务内容"),   # the page writes the original too
])
def test_no_document_level_restoration_without_its_conditions(text: str) -> None:
    found = [f for f in api.check_text(text) if f.code == "ZH202" and f.original == "效劳"]
    assert not any("one spinner, one mapping" in f.message for f in found)
    assert sum(1 for f in found if f.fix and f.fix.applicability is Applicability.SAFE) <= 2


# the third density signal: several medium-prior spun words clearly rejected in a long page
MEDIUM = "各企业要周全落实临盆责任，不断改善职工糊口条件。"


@needs_lm
def test_several_clear_medium_prior_rejections_make_a_page_spun() -> None:
    text = FILLER + MEDIUM
    assert ctxrules.spin_density(Context(text, from_text(text), Engine())) == ctxrules.SPUN_DENSITY
    fixed = api.fix_text(text).text
    assert "全面落实" in fixed and "生活条件" in fixed
    # the clean text alone (which holds one such pair, 尊重 → 尊敬), and one more: not a spun page
    for clean in (FILLER, FILLER + "各企业要周全落实责任。"):
        assert ctxrules.spin_density(Context(clean, from_text(clean), Engine())) == 0.0
        assert not [f for f in api.check_text(clean) if f.code == "ZH202" and f.fix
                    and f.fix.applicability is Applicability.SAFE]


@needs_lm
@pytest.mark.parametrize(("text", "word", "n"), [
    ("他们扩大了手工作坊的规模。", "工作", 0),         # 手工 / 作坊: no word 工作 there
    ("坚持每个工作日有人值班。", "工作", 0),           # inside the longer word 工作日
    ("我们认真做好各项工作，工作成效明显。", "工作", 2),
    ("", "工作", 0),
])
def test_written_counts_words_not_substrings(text: str, word: str, n: int) -> None:
    from jiaokan.rules.spin_evidence import written

    assert written(Context(text, from_text(text), Engine()), word) == n


@needs_lm
def test_original_surviving_inside_longer_words_does_not_block_the_document_judgement() -> None:
    # a spinner swaps words: 服务 survives inside 服务站 (a word of its own) while every 服务 is spun
    text = SPUN2 + FILLER + SERVICE + "社区服务站每天开放。"
    found = [f for f in api.check_text(text) if f.code == "ZH202" and f.original == "效劳"]
    assert len(found) == 4 and any("one spinner, one mapping" in f.message for f in found)
    # written as a word of its own, it still blocks it
    text = SPUN2 + FILLER + SERVICE + "社区提供服务。"
    found = [f for f in api.check_text(text) if f.code == "ZH202" and f.original == "效劳"]
    assert not any("one spinner, one mapping" in f.message for f in found)


# a spinner's garble that the model does not know (胶葛 for 纠纷) is judged as the model's unknown word
GARBLE = "社区调解室全年调解婚姻胶葛32起，邻里胶葛18起，胶葛调解成功率达到95%。"


@needs_lm
def test_unknown_garble_restored_on_a_spun_page_suggested_on_a_clean_one() -> None:
    spun = SPUN2 + FILLER + GARBLE
    found = [f for f in api.check_text(spun) if f.code == "ZH202" and f.original == "胶葛"]
    assert len(found) == 3 and all(f.fix and f.fix.applicability is Applicability.SAFE for f in found)
    fixed = api.fix_text(spun).text
    assert "胶葛" not in fixed and fixed.count("纠纷") == 3
    assert not [f for f in api.check_text(fixed) if f.code == "ZH202" and f.original == "纠纷"]
    clean = FILLER + GARBLE
    found = [f for f in api.check_text(clean) if f.code == "ZH202" and f.original == "胶葛"]
    assert found and not [f for f in found if f.fix and f.fix.applicability is Applicability.SAFE]
