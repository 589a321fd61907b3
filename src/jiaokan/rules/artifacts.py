"""Scraping debris: site boilerplate, page-chunk markers glued into words, spaces inside words."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from ..dictionaries import compiled_patterns
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
    for pat, rx in compiled_patterns():
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


_NUMERALS = "一二三四五六七八九十"
_HAN_CHAR = regex.compile(r"\p{Han}")


def _is_lone(text: str, i: int, step: int) -> bool:
    """Is the Han character at ``i`` isolated (a non-Han or space on its far side)?

    A numeral before 、 (一、 a heading) is not a word fragment."""
    j = i + step
    if step > 0 and text[i] in _NUMERALS and j < len(text) and text[j] in "、．.":
        return False
    return j < 0 or j >= len(text) or not _HAN_CHAR.match(text[j])


def _spaces_in_words(ctx: Context) -> Iterator[Finding]:
    rule = ctx.engine.registry.get("ZH403")
    text = ctx.text
    for m in _LONE.finditer(text):
        s = m.start()
        if _is_lone(text, s - 1, -1) or _is_lone(text, s + 1, +1):
            yield deletion_finding(rule, text, s, m.end(), 0.85,
                                   f"space inside a word: “{text[s - 1]} {text[s + 1]}”")


def register(reg: Registry) -> None:
    register_more(reg)
    reg.add(Rule(
        code="ZH401", name="boilerplate", family="artifacts",
        summary="Header, footer and notice templates of document-sharing sites.",
        what="Removes blocks that match the patterns in dictionaries/boilerplate*.txt (site headers such as "
        "《…》由会员分享，可在线阅读…请在…上搜索。, footer blocks 配套讲稿 / 特殊限制 / 关 键 词, upload notices, "
        "page watermarks such as 精品文档 or 仅供学习与交流，如有侵权请联系网站删除, page-number lines).",
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
            Example("活动方案 一、指导思想", flag=False),
        ),
    ))


_OPENERS = "“‘「『《（【〔"
_CLOSERS = "”’」』》）】〕"
_SPACE_AFTER_OPEN = regex.compile(rf"(?<=[{_OPENERS}])[ \t\u3000]+(?=\p{{Han}})")
_SPACE_BEFORE_CLOSE = regex.compile(rf"(?<=\p{{Han}})[ \t\u3000]+(?=[{_CLOSERS}])")


def _spaces_in_brackets(ctx: Context) -> Iterator[Finding]:
    rule = ctx.engine.registry.get("ZH404")
    for rx in (_SPACE_AFTER_OPEN, _SPACE_BEFORE_CLOSE):
        for m in rx.finditer(ctx.text):
            yield deletion_finding(rule, ctx.text, m.start(), m.end(), 0.9,
                                   "space inside Chinese quotation marks or brackets")


_BREAK = regex.compile(r"(?<=\p{Han})(\r\n|\n|\r)(?=\p{Han})")
_HEADING_START = regex.compile(r"[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|第[一二三四五六七八九十百\d]+[章节条]|[一二三四五六七八九十]是")


def _hard_wrap_width(lines: list[str]) -> int | None:
    """The wrap width of a hard-wrapped text layer (PDF, OCR), or None when lines are not wrapped."""
    long = [ln for ln in lines if len(ln.strip()) >= 12]
    if len(long) < 4:
        return None
    unfinished = [ln for ln in long if ln.rstrip()[-1] not in TERMINATORS + "”’」』》）"]
    if len(unfinished) < 0.5 * len(long):
        return None
    widths = sorted(len(ln.rstrip()) for ln in unfinished)
    median = widths[len(widths) // 2]
    close = sum(1 for w in widths if abs(w - median) <= max(3, median // 8))
    if close < 0.6 * len(widths) or median > 200:
        return None
    return median


def _line_breaks_in_words(ctx: Context) -> Iterator[Finding]:
    """Hard line breaks inside words (生命财产安\\n全) in a text layer wrapped at a fixed width."""
    rule = ctx.engine.registry.get("ZH405")
    text = ctx.text
    lines = text.splitlines()
    width = _hard_wrap_width(lines)
    if width is None:
        return
    for m in _BREAK.finditer(text):
        line_start = max(text.rfind("\n", 0, m.start()), text.rfind("\r", 0, m.start())) + 1
        if m.start() - line_start < width - max(3, width // 8):
            continue  # a short line: a real line end (heading, paragraph end)
        if _HEADING_START.match(text, m.end()):
            continue
        yield deletion_finding(rule, text, m.start(), m.end(), 0.85,
                               f"line break inside a word in text wrapped at {width} characters")


_PINYIN = regex.compile(
    r"(?<=\p{Han})[(（]([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹ][a-zü]*)[)）]")


def _pinyin_annotations(ctx: Context) -> Iterator[Finding]:
    """Tone-marked pinyin in parentheses after characters (應(yīng)急預(yù)案), inserted by mirror sites."""
    rule = ctx.engine.registry.get("ZH406")
    found = list(_PINYIN.finditer(ctx.text))
    conf = 0.9 if len(found) >= 5 else 0.6
    for m in found:
        yield deletion_finding(rule, ctx.text, m.start(), m.end(), conf,
                               f"pinyin annotation “{m.group()}” inserted after a character")


def register_more(reg: Registry) -> None:
    ann = "應(yīng)急預(yù)案與生產(chǎn)經(jīng)營單(dān)位"
    reg.add(Rule(
        code="ZH406", name="pinyin-annotation", family="artifacts",
        summary="Tone-marked pinyin in parentheses inserted after characters (應(yīng)急預(yù)案).",
        what="Flags a parenthesised pinyin syllable with a tone mark directly after a Han character.",
        why="Mirror sites that convert documents to traditional characters insert readings after some "
        "characters; they are not part of the document.",
        fix_safety="Safe when a document has five or more (a mirror's artefact); fewer are suggestions, "
        "since a language lesson may annotate a reading on purpose.",
        check=_pinyin_annotations,
        examples=(
            Example(ann, "應急預案與生產經營單位"),
            Example("行(háng)业", None),
            Example("应急预案(2023年版)", flag=False),
            Example("Beijing (北京)", flag=False),
        ),
    ))
    reg.add(Rule(
        code="ZH404", name="space-in-brackets", family="artifacts",
        summary="Spaces just inside Chinese quotation marks or brackets (“ 欢乐童年 ”).",
        what="Flags spaces after an opening or before a closing Chinese quotation mark or bracket when "
        "Chinese text is inside.",
        why="Chinese typography puts no space inside quotation marks; the spaces come from HTML and PDF "
        "extraction and show as gaps in print.",
        fix_safety="Safe: only spaces between the mark and a Han character are removed.",
        check=_spaces_in_brackets,
        examples=(
            Example("承办“ 欢乐童年欢乐成长 ”活动", "承办“欢乐童年欢乐成长”活动"),
            Example("《 安全生产法 》", "《安全生产法》"),
            Example("承办“欢乐童年”活动", flag=False),
            Example("他说“ OK ”", flag=False),
        ),
    ))
    wrapped = "\n".join(["全区严格贯彻党中央国务院以及省市有", "关安全生产工作的一系列决策部署确保", "上级政策全部落地落实健全区安委会统", "筹协调专项整治部门牵头落实安全生产", "组织架构细化完善党委政府领导责任。"])
    reg.add(Rule(
        code="ZH405", name="linebreak-in-word", family="artifacts",
        summary="Hard line breaks inside words in text wrapped at a fixed width (PDF text layers, OCR).",
        what="When most long lines of a text end mid-sentence at about the same width (a hard-wrapped "
        "text layer), joins the line breaks that fall between two Han characters at that width.",
        why="PDF and OCR text keeps the printed line breaks, which split words (安\\n全) and defeat "
        "every dictionary check and search.",
        fix_safety="Safe only in texts detected as hard-wrapped, at breaks of full-width lines; short "
        "lines (headings, paragraph ends) and breaks before headings (一、 （一） 第一章) are kept.",
        check=_line_breaks_in_words,
        examples=(
            Example(wrapped, wrapped.replace("\n", "")),
            Example("第一段到此结束。\n第二段开始了。\n第三段也很短。\n第四段也很短。\n第五段。", flag=False),
            Example("主要工作\n加强领导\n落实责任\n强化考核\n完善制度", flag=False),
        ),
    ))
