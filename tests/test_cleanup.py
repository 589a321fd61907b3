"""Scraped-document cleanup and Chinese typography on the bundled example and on text that must
stay as it is."""

from __future__ import annotations

import pytest
import regex

from jiaokan import api
from jiaokan.files import read_document

from .conftest import SEED

CLEANUP = ("ZH3", "ZH4", "ZH5", "ZH6")


@pytest.fixture(scope="module")
def seed_outcome(engine):
    return engine.fix(read_document(str(SEED)))


def test_no_halfwidth_punctuation_left_between_chinese(seed_outcome):
    left = regex.findall(r"\p{Han}[,;()]|[,;()]\p{Han}", seed_outcome.text)
    assert left == []


def test_numbers_untouched(seed_outcome):
    original = SEED.read_text(encoding="utf-8")
    nums = regex.findall(r"\d+(?:\.\d+)?[%万元名件只个份场]?", original)
    for n in set(nums):
        if regex.fullmatch(r"[1-7]", n) or n == "150":
            continue  # the chunk markers 1、…7、 and the footer 限制150内 are removed on purpose
        assert n in seed_outcome.text, n


def test_year_mismatch_and_truncation_reported(engine):
    codes = {f.code for f in engine.check(read_document(str(SEED)))}
    assert {"ZH602", "ZH603"} <= codes


def test_seed_boilerplate_gone_and_body_kept(seed_outcome):
    text = seed_outcome.text
    for gone in ("由会员分享", "淘文阁", "配套讲稿", "特殊限制", "限制150内", "关 键 词"):
        assert gone not in text
    assert "培树了一个自治区级巾帼科技示范基地" in text
    assert "我会联合城区司法局" in text


@pytest.mark.parametrize(
    "text",
    [
        "请访问 https://example.com/a,b;c(d) 获取资料。",
        "Python 3.11 和 numpy 1.26 已安装, it works fine (really).",
        "会议于10:30开始，比例为3:2，增长2.5%，金额1,000.50元。",
        "主要措施如下：\n1、加强领导；\n2、落实责任；\n3、强化考核。",
        "国发〔2023〕1号文件要求，各地区、各部门认真贯彻执行。",
        "“欢乐童年”——“六一”慰问活动圆满结束。",
        "2023年，全区上下坚持以习近平新时代中国特色社会主义思想为指导，统筹推进经济社会发展，"
        "安全生产形势总体平稳，人民群众获得感、幸福感、安全感不断增强。",
    ],
)
def test_must_not_flag_cleanup(text):
    found = [f for f in api.check_text(text) if f.code.startswith(CLEANUP)]
    assert found == [], [(f.code, f.message) for f in found]


def test_markdown_code_and_urls_untouched():
    md = ("# 标题\n\n正文,继续。\n\n```python\nprint('中文,代码')\n```\n\n"
          "行内 `中文,代码` 与链接 <https://example.com/中文,路径>。\n")
    out = api.fix_text(md, fmt="markdown")
    assert "正文，继续。" in out.text
    assert "print('中文,代码')" in out.text
    assert "`中文,代码`" in out.text
    assert "<https://example.com/中文,路径>" in out.text
