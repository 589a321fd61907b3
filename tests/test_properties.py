"""Properties of check and fix over generated text (hypothesis).

A few hundred examples run by default; set JIAOKAN_HYPOTHESIS_EXAMPLES=10000 for the long run.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jiaokan.engine import Engine
from jiaokan.fixer import apply_edits, apply_fixes
from jiaokan.formats import from_text
from jiaokan.model import Applicability, Edit

EXAMPLES = int(os.environ.get("JIAOKAN_HYPOTHESIS_EXAMPLES", "150"))
ENGINE = Engine()

FRAGMENTS = [
    "发放宣扬资料", "同学们要再接再励", "平安生产", "坚毅阵地", "计 划", "关 键 词", "，", ",", ";", "(", ")", "。",
    "“", "”", "《", "》", "\n", "\r\n", "\r", " ", "\t", "2、", "\n3、", "1,000", "10:30", "2.5万元", "98%",
    "😀", "𠮷", "e\u0301", "⽣产", "〔一〕", "〞", "—", "——", "https://example.com/a,b", "推动经济发展",
    "以德教化", "一路平安", "进1步", "又好有快", "主动参予", "abc", "Hello, world", "限制150内",
    "《某文档.docx》由会员分享,可在线阅读,更多相关《某文档.docx(10页珍藏版)》请在某网站上搜索。",
]
texts = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS), max_size=25).map("".join),
    st.text(alphabet=st.sampled_from(list("宣扬传资料再接厉励平安全生产，,。；;“”《》 \n、0123456789😀𠮷")), max_size=80),
)
cfg = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cfg
@given(texts)
def test_finding_offsets_inside_text(text):
    for f in ENGINE.check(from_text(text)):
        assert 0 <= f.span.start <= f.span.end <= len(text)
        assert text[f.span.start : f.span.end] == f.original
        if f.fix:
            for e in f.fix.edits:
                assert 0 <= e.span.start <= e.span.end <= len(text)


@cfg
@given(texts)
def test_no_fixes_returns_input(text):
    findings = ENGINE.check(from_text(text))
    assert apply_fixes(text, findings, Applicability.SAFE + 1).text == text  # nothing is above SAFE
    assert apply_edits(text, []) == text


@cfg
@given(texts)
def test_fix_is_idempotent_and_leaves_no_safe_fix(text):
    once = ENGINE.fix(from_text(text))
    twice = ENGINE.fix(from_text(once.text))
    assert twice.text == once.text
    assert not [f for f in once.remaining if f.fix and f.fix.applicability == Applicability.SAFE]


@cfg
@given(texts)
def test_text_outside_edits_is_kept(text):
    """Every character outside the applied edits survives, in order; nothing is duplicated."""
    findings = ENGINE.check(from_text(text))
    result = apply_fixes(text, findings)
    edits = sorted((e for f in result.applied for e in f.fix.edits), key=lambda e: e.span.start)
    rebuilt, pos = [], 0
    for e in edits:
        rebuilt.append(text[pos : e.span.start])
        rebuilt.append(e.content)
        pos = e.span.end
    rebuilt.append(text[pos:])
    assert "".join(rebuilt) == result.text
    kept = sum(e.span.start - p for e, p in zip(edits, [0] + [x.span.end for x in edits], strict=False))
    kept += len(text) - (edits[-1].span.end if edits else 0)
    assert len(result.text) == kept + sum(len(e.content) for e in edits)


@cfg
@given(st.text(max_size=60), st.data())
def test_apply_edits_matches_naive_splicing_from_the_right(text, data):
    """One pass over original offsets equals splicing right to left (which never goes stale)."""
    n = len(text)
    cuts = sorted(data.draw(st.lists(st.integers(0, n), max_size=6)))
    edits, last = [], -1
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        if a > last:
            edits.append(Edit.replace(a, b, data.draw(st.text(max_size=3))))
            last = b
    naive = text
    for e in sorted(edits, key=lambda e: e.span.start, reverse=True):
        naive = naive[: e.span.start] + e.content + naive[e.span.end :]
    assert apply_edits(text, edits) == naive
