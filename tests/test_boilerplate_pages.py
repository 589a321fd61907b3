"""Page watermarks, reader-interface lines and page numbers (dictionaries/boilerplate_pages.txt):
each pattern with text it must remove and text it must leave alone."""

from __future__ import annotations

import pytest

from jiaokan import api
from jiaokan.settings import Settings

ONLY = Settings(select=("ZH401",))
BODY = "今年我们认真落实各项工作任务。\n"


@pytest.mark.parametrize(("text", "fixed"), [
    (BODY + "精品文档\n" + BODY, BODY + BODY),
    (BODY + "学习-----好资料\n" + BODY, BODY + BODY),
    (BODY + "  word版本可编辑\n" + BODY, BODY + BODY),
    (BODY + "优秀学习资料 欢迎下载\n", BODY),
    ("今年我们认真落实仅供学习与交流，如有侵权请联系网站删除 谢谢2各项工作。", "今年我们认真落实各项工作。"),
    (BODY + "文档来源为:从网络收集整理.word版本可编辑.欢迎下载支持.", BODY),
    (BODY + "还剩8页未读，继续阅读\n" + BODY, BODY + BODY),
    (BODY + "展开阅读全文\n", BODY),
    (BODY + "第 3 页 共 12 页\n" + BODY, BODY + BODY),
    (BODY + "- 3 -\n" + BODY, BODY + BODY),
])
def test_page_debris_removed(text: str, fixed: str) -> None:
    assert [f.code for f in api.check_text(text, settings=ONLY)]
    out = api.fix_text(text, settings=ONLY).text
    assert out == fixed
    assert api.check_text(out, settings=ONLY) == []


@pytest.mark.parametrize("text", [
    BODY + "我们编印了精品文档汇编，供各单位学习。\n",   # words of a sentence, not a line of their own
    BODY + "这份材料可编辑后再下发。\n",
    BODY + "如有侵权请联系本报。\n",                    # not the watermark's phrase
    BODY + "请阅读全文后再作答。\n",
    BODY + "详见第3页。\n",
    BODY + "第3页第二段有误。\n",
    BODY + "- 3个重点项目已开工\n",                    # a list item
    BODY + "3 - 5 月份完成\n",
])
def test_prose_kept(text: str) -> None:
    assert api.check_text(text, settings=ONLY) == []
