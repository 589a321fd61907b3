"""Scraping debris: site boilerplate, page-chunk markers glued into words, spaces inside words."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from ..dictionaries import load_builtin_patterns
from ..engine import Context
from ..model import Finding
from ..registry import Example, Registry, Rule
from ._common import deletion_finding

TERMINATORS = "。！？；：!?;:…"
# a line break followed by "N、" at the start of the next line
_MARKER = regex.compile(r"([ \t]*(?:\r\n|\n|\r)[ \t]*)(\d{1,3})、")
_LINE_START_ONE = regex.compile(r"(?:^|(?<=\n))[ \t]*1、", regex.M)


def _boilerplate(ctx: Context) -> Iterator[Finding]:
    rule = ctx.engine.registry.get("ZH401")
    compiled = ctx.cached("boilerplate-rx", lambda: [
        (p, regex.compile(p.pattern, regex.M)) for p in load_builtin_patterns()])
    for pat, rx in compiled:
        for m in rx.finditer(ctx.text):
            if m.end() > m.start():
                yield deletion_finding(rule, ctx.text, m.start(), m.end(), 0.95,
                                       f"site boilerplate ({pat.name}): {pat.note}")


def _chunk_markers(ctx: Context) -> Iterator[Finding]:
    """Page-chunk markers: a numbered sequence 2、3、4、… at line starts, glued mid-sentence.

    A marker counts when the line before it is long (a page of running text, not a heading) and does
    not end a sentence, and its number continues the sequence of such markers (at least two in all).
    Real enumerations ("1、" after a colon or a full stop, short heading lines) are left alone.
    """
    rule = ctx.engine.registry.get("ZH402")
    text = ctx.text
    glued = []
    for m in _MARKER.finditer(text):
        start = m.start()
        if start == 0:
            continue
        prev = text[start - 1]
        if prev.isspace() or prev in TERMINATORS:
            continue
        line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
        if start - line_start < 80:
            continue
        glued.append((m, int(m.group(2))))
    # keep the markers that continue one increasing sequence (n, n+1, …), allowing gaps of one
    seq = []
    expected = None
    for m, n in glued:
        if expected is None or n in (expected, expected + 1):
            seq.append((m, n))
            expected = n + 1
    if len(seq) < 2:
        return
    for m, n in seq:
        yield deletion_finding(rule, text, m.start(), m.end(), 0.95,
                               f"page-chunk marker “{n}、” glued into the text; join the broken words")
    first_n = seq[0][1]
    if first_n == 2:
        # the "1、" that opens the first chunk, at a line start before the first marker
        for one in _LINE_START_ONE.finditer(text, 0, seq[0][0].start()):
            yield deletion_finding(rule, text, one.start(), one.end(), 0.85,
                                   "page-chunk marker “1、” opening the first chunk")
            break


# a lone Han character separated from Han text by one space ("计 划", "关 键 词")
_LONE = regex.compile(r"(?<=\p{Han})[ \u3000](?=\p{Han})")


def _is_lone(text: str, i: int, step: int) -> bool:
    """Is the Han character at ``i`` isolated (a non-Han or space on its far side)?"""
    j = i + step
    return j < 0 or j >= len(text) or not regex.match(r"\p{Han}", text[j])


def _spaces_in_words(ctx: Context) -> Iterator[Finding]:
    rule = ctx.engine.registry.get("ZH403")
    text = ctx.text
    for m in _LONE.finditer(text):
        s = m.start()
        if _is_lone(text, s - 1, -1) or _is_lone(text, s + 1, +1):
            yield deletion_finding(rule, text, s, m.end(), 0.85,
                                   f"space inside a word: “{text[s - 1]} {text[s + 1]}”")


def register(reg: Registry) -> None:
    reg.add(Rule(
        code="ZH401", name="boilerplate", family="artifacts",
        summary="Header, footer and notice templates of document-sharing sites.",
        what="Removes blocks that match the patterns in dictionaries/boilerplate.txt (site headers such as "
        "《…》由会员分享，可在线阅读…请在…上搜索。, footer blocks 配套讲稿 / 特殊限制 / 关 键 词, upload notices).",
        why="They are not part of the document; left in, they are published with it.",
        fix_safety="Safe: the patterns are whole templates that do not occur in real prose.",
        check=_boilerplate,
        examples=(
            Example("《年度总结.docx》由会员分享，可在线阅读，更多相关《年度总结.docx(10页珍藏版)》"
                    "请在某某文库网站上搜索。\n正文第一段。", "正文第一段。"),
            Example("限制150内\n", ""),
            Example("本单位由会员分享经验，可在线阅读相关材料。", flag=False),
        ),
    ))
    reg.add(Rule(
        code="ZH402", name="chunk-marker", family="artifacts",
        summary="Page-chunk markers (“\\n2、”) glued into the middle of a word.",
        what="Finds a numbered sequence of line-start markers 2、3、4、… that each interrupt a long line of "
        "running text mid-sentence, and joins the text across them.",
        why="Document-sharing sites cut a document into numbered chunks; the marker splits words "
        "(巾帼\\n2、科技 → 巾帼科技) and hides errors from every other check.",
        fix_safety="Safe when at least two markers continue one sequence and each follows a long unfinished "
        "line; real enumerations (after a colon or full stop, or after a short heading) are not touched.",
        check=_chunk_markers,
        examples=(
            Example("甲" * 90 + "培树了一个自治区级巾帼\n2、科技示范基地。" + "乙" * 90 + "争取社\n3、会各方面力量。",
                    "甲" * 90 + "培树了一个自治区级巾帼科技示范基地。" + "乙" * 90 + "争取社会各方面力量。"),
            Example("主要措施如下：\n1、加强领导。\n2、落实责任。\n3、强化考核。", flag=False),
            Example("主要措施\n1、加强领导\n2、落实责任\n3、强化考核", flag=False),
        ),
    ))
    reg.add(Rule(
        code="ZH403", name="space-in-word", family="artifacts",
        summary="A space that splits a word (工作计 划, 关 键 词).",
        what="Flags a space between two Han characters where one of them stands alone (a word fragment).",
        why="Extraction from PDF and HTML inserts spaces inside words; Chinese is written without them.",
        fix_safety="Safe: a lone Han character beside a space is almost always a broken word. Spaces "
        "between whole phrases (精准脱贫 新春送温暖) are left alone.",
        check=_spaces_in_words,
        examples=(
            Example("下阶段工作计 划 2017年", "下阶段工作计划 2017年"),
            Example("关 键 词", "关键词"),
            Example("精准脱贫 新春送温暖", flag=False),
            Example("工作计划 区妇联", flag=False),
        ),
    ))
