"""ZH102 fixed phrases: one wrong character of an idiom is fixed; ordinary words that merely resemble
an idiom are left alone (the language model reads them as words of their sentence)."""

from __future__ import annotations

import pytest

from jiaokan import api
from jiaokan.scoring import find_model

needs_lm = pytest.mark.skipif(find_model() is None, reason="the Debian language model is not installed")


def _zh102(text: str) -> list[str]:
    return [f.suggestions[0] for f in api.check_text(text) if f.code == "ZH102"]


@pytest.mark.parametrize(("text", "fixed"), [
    ("问题不是那么简单，非叁言两语即可回答。", "问题不是那么简单，非三言两语即可回答。"),
    ("程序皆一应具全。", "程序皆一应俱全。"),
    ("第一个是零，并以次类推。", "第一个是零，并以此类推。"),
    ("同学们要再接再励，争取更好成绩。", "同学们要再接再厉，争取更好成绩。"),
    ("这件事一股作气完成了。", "这件事一鼓作气完成了。"),
])
def test_one_wrong_character_is_fixed(text, fixed):
    assert api.fix_text(text).text == fixed


@needs_lm
@pytest.mark.parametrize("text", [
    "因为它们会生成毫无意义的补丁文件。",   # 毫无意义 is a phrase of its own, not 毫无疑义
    "每升一级就会增加1点生命值上限。",     # 生命值 / 上限: a word runs across the window's edge
    "这是三者中最安全的一个。",           # 安全 / 的 / 一个, not 安全第一
    "如果不能自己处理问题，请联系我们。",   # two common words, not 不能自已
    "他们的魔法毋庸置疑地强大。",          # the standard form of the idiom
])
def test_words_that_resemble_an_idiom_are_left_alone(text):
    assert _zh102(text) == []


@needs_lm
@pytest.mark.parametrize(("text", "fixed"), [
    # misspellings the model knows as words too (an input method's vocabulary keeps them)
    ("他的所做所为令人敬佩。", "他的所作所为令人敬佩。"),
    ("说话不能摸棱两可。", "说话不能模棱两可。"),
    ("这两个一摸一样。", "这两个一模一样。"),
    ("真是莫名奇妙。", "真是莫名其妙。"),
])
def test_misspelt_idiom_the_model_knows_as_a_word_is_fixed(text, fixed):
    from jiaokan.settings import Settings

    only = Settings(select=("ZH102",))  # ZH102 alone (typos_core.tsv lists these for ZH101 too)
    found = [f for f in api.check_text(text, settings=only) if f.code == "ZH102"]
    assert found and found[0].fix is not None
    assert api.fix_text(text, settings=only).text == fixed
    out = api.fix_text(text).text  # and with every default rule
    assert out == fixed
    assert not [f for f in api.check_text(out) if f.code in ("ZH101", "ZH102")]


@needs_lm
@pytest.mark.parametrize("text", ["他们的攻势势不可当。", "这只是他的一相情愿。", "他对此不以为奇。", "这件事毫无疑义。",
                                  "你还好意思说这种话？",  # 还 and 不 share only the rare reading fu
                                  "成千上百的人赶来了。"])
def test_accepted_variants_and_other_idioms_are_kept(text):
    assert not [f for f in api.check_text(text) if f.code == "ZH102"]


def test_listed_misspellings_are_not_idioms():
    from jiaokan.rules.phrases import lexicon

    entries, _ = lexicon()
    assert not {"按步就班", "走头无路", "兴高彩烈", "名符其实", "无精打彩", "趋之若骛"} & entries
    assert {"按部就班", "走投无路", "一相情愿", "势不可当"} <= entries
