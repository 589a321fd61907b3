from __future__ import annotations

import pytest

from jiaokan import api


def test_markdown_only_prose_changed():
    md = ("# 标题\n\n发放宣扬资料，同学们要再接再励。\n\n```text\n发放宣扬资料，同学们要再接再励。\n```\n\n"
          "行内 `再接再励` 不改。\n")
    out = api.fix_text(md, fmt="markdown")
    assert out.text == md.replace("发放宣扬资料，同学们要再接再励。\n\n```", "发放宣传资料，同学们要再接再厉。\n\n```", 1)
    assert "```text\n发放宣扬资料，同学们要再接再励。\n```" in out.text
    assert "`再接再励`" in out.text


@pytest.mark.parametrize(
    "sentence",
    [
        "在推动经济社会又好又快发展中充分发挥桥梁纽带作用。",
        "推动以孝亲敬老为基础的家风家训建设。",
        "各国应通过对话化解冲突，避免武装冲突升级。",
        "古人重视以德教化百姓，移风易俗。",
        "干部要主动作为，主动担当。",
        "他主动承担了责任。",
        "这项工作取得了重要进展，进展顺利。",
        "祝大家一路平安，建设平安中国。",
        "当前安全生产形势依然严峻。",
        "老先生很有学问。",
        "他力气很大。",
        "宣扬封建迷信是错误的。",
        "春节是家人团聚的日子。",
        "学校举办了安全知识竞赛和职业技能竞赛。",
    ],
)
def test_context_dependent_words_left_alone(sentence):
    found = [f for f in api.check_text(sentence) if f.code in ("ZH101", "ZH201")]
    assert found == [], [f.message for f in found]
