"""Document structure: duplicated titles, a title year that disagrees with the body, truncated
documents, and numbered headings flattened into the running text."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import regex

from ..dictionaries import compiled_patterns
from ..engine import Context
from ..model import Applicability, Edit, Finding, Fix, Severity, Span
from ..registry import Example, Registry, Rule
from ._common import deletion_finding

_TITLE_WORDS = r"(?:总结|计划|报告|方案|通知|意见|办法|规定|制度|讲话|发言|演讲稿|预案|规划|纲要|汇报|述职|心得|体会|讲稿)"
_SEGMENT = regex.compile(r"[^\s]+")
_YEAR = regex.compile(r"(?<!\d)(19\d\d|20\d\d)(?=年)")
_TITLE_YEAR = regex.compile(r"(?<!\d)(19\d\d|20\d\d)(?=年?[^\n]{0,30}" + _TITLE_WORDS + ")")
_END_OK = "。！？!?…”’」』》）)】.;；:：—"
_HEAD = regex.compile(r"(?<=[。！？；])([ \t\u3000]+)(?=([一二三四五六七八九十]{1,3})、)")
_NUMS = "一二三四五六七八九十"
_TITLE_ANY = regex.compile(_TITLE_WORDS)        # a title word anywhere (no segment can end in one without)
_TITLE_END = regex.compile(_TITLE_WORDS + r"$")
_EXTENSION = regex.compile(r"\.(?:docx?|pdf|pptx?|txt)$")
_NUMBERING = regex.compile(r"^(?:\d{1,3}、|×+|x+)")
_DIGIT = regex.compile(r"\d")
_HAN_RUN = regex.compile(r"\p{Han}+")
_LAST_OK = regex.compile(r"[\p{Han}\p{L}\d，、,]")
# a closing block (落款): a date line, and above it at most two short lines of sender or signature
_CN_NUM = "〇零一二三四五六七八九十"
_DATE_LINE = regex.compile(
    rf"[ \t\u3000]*(?:\d{{4}}|[{_CN_NUM}]{{4}})[ \t]*年[ \t]*(?:\d{{1,2}}|[{_CN_NUM}]{{1,2}})[ \t]*月"
    rf"(?:[ \t]*(?:\d{{1,2}}|[{_CN_NUM}]{{1,3}})[ \t]*日)?[ \t\u3000]*")
_SIGNATURE = regex.compile(r"[ \t\u3000]*+(?![一二三四五六七八九十]{1,3}、|[（(]|\d+[.、])[^，。；！？,;!?\n]{2,25}")


def _norm_title(s: str) -> str:
    s = _EXTENSION.sub("", s)
    s = _NUMBERING.sub("", s)
    return _DIGIT.sub("0", s)


def _titles(head: str) -> list[regex.Match[str]]:
    """The segments of ``head`` that end in a title word once normalised. Normalising only cuts a
    file extension and a leading number and turns digits into 0, so such a segment contains a title
    word as written: a head with none has no titles (one search, instead of one per segment)."""
    if not _TITLE_ANY.search(head):
        return []
    return [m for m in _SEGMENT.finditer(head) if _TITLE_END.search(_norm_title(m.group()))]


def _duplicate_titles(ctx: Context) -> Iterator[Finding]:
    rule = ctx.engine.registry.get("ZH601")
    text = ctx.text
    head = text[:600]
    segs = _titles(head)
    for a, b in zip(segs, segs[1:], strict=False):
        gap = head[a.end():b.start()]
        if gap.strip() or len(a.group()) < 6:
            continue
        if _norm_title(a.group()) != _norm_title(b.group()):
            continue
        same = a.group() == b.group()
        yield deletion_finding(
            rule, text, a.start(), b.start(), 0.9 if same else 0.7,
            "title repeated" + ("" if same else " with a different year") + f": “{a.group()}”",
            applicability=None if same else Applicability.UNSAFE,
        )


def _strip_boilerplate(ctx: Context) -> list[Span]:
    return ctx.cached("boilerplate-spans", lambda: [
        Span(m.start(), m.end()) for _, rx in compiled_patterns() for m in rx.finditer(ctx.text)])


def _title_year(ctx: Context) -> Iterator[Finding]:
    rule = ctx.engine.registry.get("ZH602")
    text = ctx.text
    first_nl = text.find("\n")
    title_end = first_nl if first_nl > 0 else min(len(text), 80)
    m = _TITLE_YEAR.search(text, 0, title_end)
    if not m:
        return
    boiler = _strip_boilerplate(ctx)
    # copies of the title at the top of the body are not evidence about the body
    boiler += [Span(t.start(), t.end()) for t in _titles(text[:600])]
    body_years: Counter[str] = Counter()
    for y in _YEAR.finditer(text, title_end):
        if not any(s.start <= y.start() < s.end for s in boiler):
            body_years[y.group(1)] += 1
    if body_years[m.group(1)] or not body_years:
        return
    other, n = body_years.most_common(1)[0]
    if n < 3:
        return
    yield Finding(rule.code, rule.name,
                  f"the title says {m.group(1)} but the body speaks of {other} ({n} times) and never of "
                  f"{m.group(1)}: the title's year may have been rewritten",
                  Span(m.start(), m.end()), rule.severity, 0.7, m.group(1))


def _truncated(ctx: Context) -> Iterator[Finding]:
    rule = ctx.engine.registry.get("ZH603")
    text = ctx.text
    if len(text) < 200:
        return  # fewer than 200 Han characters whatever is peeled off (most documents of a batch)
    end = len(text)
    spans = sorted(_strip_boilerplate(ctx), key=lambda s: -s.end)
    changed = True
    while changed:  # peel trailing whitespace and boilerplate blocks
        changed = False
        while end and text[end - 1].isspace():
            end -= 1
        for s in spans:
            if s.start < end <= s.end + 1 and s.start < end:
                end = s.start
                changed = True
    end = _closing_block(text, end)
    body = text[:end]
    if body.count("。") + body.count("！") + body.count("？") < 3 or _han_count(body) < 200:
        return
    last = body[-1]
    if last in _END_OK or not _LAST_OK.match(last):
        return
    start = max(0, end - 1)
    yield Finding(rule.code, rule.name, "the document ends mid-sentence: it may be truncated",
                  Span(start, end), rule.severity, 0.7, text[start:end])


def _closing_block(text: str, end: int) -> int:
    """Where the text ends once a closing block (落款) is set aside: a last line that is a date
    (2024年5月24日, 二〇二四年五月), and above it at most two short lines without punctuation that are
    no numbered heading (the sender, a signature). Without a date line nothing is set aside."""
    def line_start(pos: int) -> int:
        return text.rfind("\n", 0, pos) + 1

    start = line_start(end)
    if not _DATE_LINE.fullmatch(text, start, end):
        return end
    end = start
    for _ in range(2):
        while end and text[end - 1].isspace():
            end -= 1
        start = line_start(end)
        if start == 0 or not _SIGNATURE.fullmatch(text, start, end):
            break
        end = start
    while end and text[end - 1].isspace():
        end -= 1
    return end


def _han_count(text: str) -> int:
    """The number of Han characters, counted by runs (no list of single characters)."""
    return sum(map(len, _HAN_RUN.findall(text)))


def _flattened_headings(ctx: Context) -> Iterator[Finding]:
    rule = ctx.engine.registry.get("ZH604")
    text = ctx.text
    found = list(_HEAD.finditer(text))
    if not found:
        return
    nums = [_NUMS.find(m.group(2)) for m in found if len(m.group(2)) == 1]
    strong = len(found) >= 2 and nums == sorted(nums) and len(set(nums)) == len(nums)
    newline = _newline(text)
    for m in found:
        yield Finding(
            rule.code, rule.name, f"numbered heading “{m.group(2)}、” runs on after a sentence: start a new paragraph",
            Span(m.start(1), m.end(1)), rule.severity, 0.85 if strong else 0.6, m.group(1), (newline,),
            _fix(m.start(1), m.end(1), 0.85 if strong else 0.6, strong, newline),
        )


def _newline(text: str) -> str:
    """The document's own line ending, so that an inserted break matches the rest."""
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    return max((lf, "\n"), (crlf, "\r\n"), (cr, "\r"))[1] if (crlf or cr or lf) else "\n"


def _fix(start: int, end: int, conf: float, safe: bool, newline: str = "\n") -> Fix:
    return Fix((Edit.replace(start, end, newline),), Applicability.SAFE if safe else Applicability.UNSAFE, conf)


_DOC_ENDS = "工作总结\n" + "今年全区各项工作稳步推进，成效明显。" * 14


def register(reg: Registry) -> None:
    reg.add(Rule(
        code="ZH601", name="duplicate-title", family="structure",
        summary="The title repeated at the top of the document (scraping debris).",
        what="Looks at the first lines for two adjacent copies of a title (…总结, …计划, …方案, …) and "
        "flags the first copy.",
        why="Document-sharing pages print the title as a heading and again as the first body line; "
        "a rewritten year (2022 vs 2017) often tells the copies apart.",
        fix_safety="Safe when the copies are identical; unsafe (a suggestion) when only the digits differ, "
        "since a person must choose which year is right.",
        check=_duplicate_titles,
        examples=(
            Example("区妇联工作总结 区妇联工作总结 今年工作如下。", "区妇联工作总结 今年工作如下。"),
            Example("区妇联2022年工作总结 区妇联2017年工作总结 今年工作如下。"),
            Example("区妇联工作总结 今年工作如下。", flag=False),
        ),
    ))
    reg.add(Rule(
        code="ZH602", name="title-year", family="structure",
        summary="The title's year never appears in the body, which speaks of another year.",
        what="Compares the year in the first line (before a title word such as 总结, 计划) with the years "
        "of the body, boilerplate excluded.",
        why="Sites re-date old documents to look current (a 2017 report titled 2022); an editor must know.",
        fix_safety="Display only: which year is right is for a person to decide.",
        severity=Severity.INFO,
        check=_title_year,
        examples=(
            Example("区妇联2022年工作总结\n2017年，全区……2017年3月……2017年5月……"),
            Example("区妇联2022年工作总结\n2022年，全区……2021年……2021年……2021年……", flag=False),
        ),
    ))
    reg.add(Rule(
        code="ZH603", name="truncated", family="structure",
        summary="The document ends mid-sentence (truncated excerpt).",
        what="After trailing boilerplate and a closing block (a date line, and the sender or signature "
        "above it) are set aside, flags a text of some length whose last character is not sentence-final "
        "punctuation.",
        why="Sharing sites show only the first pages; publishing the excerpt as a whole document loses text.",
        fix_safety="Display only.",
        severity=Severity.INFO,
        check=_truncated,
        examples=(
            Example(_DOC_ENDS + "组织广大女职工进行妇科疾病检查"),
            Example(_DOC_ENDS, flag=False),
            Example(_DOC_ENDS + "\n\n青禾县妇女联合会\n\n2024年5月24日\n", flag=False),
            Example(_DOC_ENDS + "\n特此报告。\n石桥镇人民政府\n二〇二四年五月\n", flag=False),
            Example(_DOC_ENDS + "组织广大女职工进行妇科疾病检查\n2024年5月24日\n"),
            Example(_DOC_ENDS + "\n\u3000\u3000三、下一步工作\n2024年5月24日\n"),
            Example("短句没有句号", flag=False),
        ),
    ))
    reg.add(Rule(
        code="ZH604", name="flattened-heading", family="structure",
        summary="A numbered heading (一、 二、) that runs on after a full stop on the same line.",
        what="Flags the space between a sentence end and a numbered heading 一、 二、 三、 on one line.",
        why="Scraping flattens paragraphs; headings inside running text hide the document's structure.",
        fix_safety="Safe when two or more headings in increasing order are found this way; otherwise a "
        "suggestion.",
        check=_flattened_headings,
        examples=(
            Example("实现了新发展。 一、围绕脱贫工作。做了很多。 二、深化部门联动。",
                    "实现了新发展。\n一、围绕脱贫工作。做了很多。\n二、深化部门联动。"),
            Example("实现了新发展。\n一、围绕脱贫工作。", flag=False),
            Example("分为一、二、三等奖。", flag=False),
        ),
    ))
