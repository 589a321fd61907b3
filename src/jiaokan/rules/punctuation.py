"""Punctuation in Chinese text (GB/T 15834-2011): half-width marks between Chinese characters."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from ..engine import Context
from ..model import Finding, Severity, Span
from ..registry import Example, Registry, Rule
from ._common import replacement_finding

_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
# a Han character or CJK closing mark on the left
_LEFT = r"(?<=[\p{Han}”’」』》）】〕])"
# not before Latin text: "已安装, it works" is a sentence that goes on in English
_MARK = regex.compile(_LEFT + r"([,;:?!])(?!//)(?![ \t]*[A-Za-z])", regex.M)
_QUESTION = regex.compile(r"[吗呢吧么啊呀]$|什么|怎么|为什么|为何|哪|谁|多少|几|是否|能否|可否|难道|如何")
_HAN1 = regex.compile(r"\p{Han}")
_HALF_MARK = regex.compile(r"[,;:?!(]")  # each match of _MARK or _PARENS has one
_LATIN3 = regex.compile(r"[A-Za-z]{3,}")
# a half-width full stop ending a Chinese sentence at a line end (not 3.5, not file.txt, not an English sentence)
_STOP = regex.compile(r"(?<=\p{Han}\p{Han}|\p{Han}[”’」』》）】])(\.)[ \t]*(?=\r?$)", regex.M)
_PARENS = regex.compile(r"(?<=[\p{Han}，。、；：“”])\(([^()\n]{1,80})\)|\(([^()\n]{1,80})\)(?=[\p{Han}，。、；：])")


def _halfwidth(ctx: Context) -> Iterator[Finding]:
    rule = ctx.engine.registry.get("ZH501")
    text = ctx.text
    if "." in text:
        for m in _STOP.finditer(text):
            line_start = text.rfind("\n", 0, m.start()) + 1
            if _LATIN3.search(text, line_start, m.start()):
                continue  # an English sentence that ends in a Chinese name (… is 北京.)
            yield replacement_finding(rule, text, m.start(1), m.end(1), ("。",), 0.9,
                                      "half-width “.” ending a Chinese sentence → “。”")
    if not _HALF_MARK.search(text):
        return  # no half-width mark for either pattern (one plain scan, no look-behind at every position)
    for m in _MARK.finditer(text):
        ch = m.group(1)
        nxt = text[m.end()] if m.end() < len(text) else ""
        if ch in "?!" and nxt and nxt in "?!=":
            continue
        # a "?" between Han characters often stands for a character lost in an encoding conversion
        # (《 》 → ?), so there it is only a suggestion, unless the clause is plainly a question
        conf = 0.9
        if ch == "?" and _HAN1.match(nxt) and not _QUESTION.search(text, max(0, m.start() - 20), m.start()):
            conf = 0.7
        yield replacement_finding(rule, text, m.start(1), m.end(1), (_FULL[ch],), conf,
                                  f"half-width “{ch}” in Chinese text → “{_FULL[ch]}”")
    for m in _PARENS.finditer(text):
        inner = m.group(1) if m.group(1) is not None else m.group(2)
        if not _HAN1.search(inner) or _LATIN3.search(inner):
            continue
        s, e = m.start(), m.end()
        yield replacement_finding(rule, text, s, e, ("（" + inner + "）",), 0.9,
                                  "half-width parentheses around Chinese text → （）")


def register(reg: Registry) -> None:
    register_more(reg)
    reg.add(Rule(
        code="ZH501", name="halfwidth-punct", family="punctuation",
        summary="Half-width , ; : ? ! ( ) between Chinese characters, and a half-width . ending a Chinese "
        "sentence (GB/T 15834-2011 wants full width).",
        what="Flags a half-width comma, semicolon, colon, question or exclamation mark that follows a "
        "Chinese character and precedes Chinese text, half-width parentheses around Chinese text, and a "
        "half-width full stop after Chinese at the end of a line.",
        why="Chinese text takes full-width punctuation; half-width marks come from scraping, OCR and "
        "English keyboards and look wrong in print.",
        fix_safety="Safe: only marks with Chinese on the left and Chinese (or a line end) on the right are "
        "changed; numbers (1,000, 10:30), English sentences, URLs and code are not.",
        check=_halfwidth,
        examples=(
            Example("坚持以科学发展观为指导,紧紧围绕中心", "坚持以科学发展观为指导，紧紧围绕中心"),
            Example("发放仪式(广西区),共计", "发放仪式（广西区），共计"),
            Example("时间:上午", "时间：上午"),
            Example("对不起!", "对不起！"),
            Example("我们去上中文课.", "我们去上中文课。"),
            Example("参见“磁盘映像”.", "参见“磁盘映像”。"),
            Example("版本为3.5\n文件为report.txt\n见第1.", flag=False),
            Example("The capital of China is 北京.", flag=False),
            Example("我们去上中文课.\r\n好的", "我们去上中文课。\r\n好的"),
            Example("你明天有空吗?我们去吃饭。", "你明天有空吗？我们去吃饭。"),
            Example("共计1,000元", flag=False),
            Example("Hello, world!", flag=False),
            Example("依赖已安装, it works fine.", flag=False),
            Example("会议于10:30开始", flag=False),
        ),
    ))


_CJK = r"[\p{Han}“”‘’「」『』《》（）【】〔〕，。、；：！？]"
_DASH = regex.compile(rf"(?<={_CJK})[—―](?=[—―])|(?<={_CJK})(?<![—―])([—―])(?![—―])(?={_CJK})")
_VARIANTS = {"〝": "“", "〞": "”", "＂": "”"}
_VARIANT_RX = regex.compile("[〝〞]")
# 〔〕 are right around the year of a document number (国发〔2023〕1号); elsewhere they stand for （）
_TORTOISE = regex.compile(r"〔([^〔〕\n]{1,20})〕")
_YEAR4 = regex.compile(r"\d{4}")


def _dash(ctx: Context) -> Iterator[Finding]:
    rule = ctx.engine.registry.get("ZH502")
    for m in _DASH.finditer(ctx.text):
        if m.group(1) is None:
            continue
        yield replacement_finding(rule, ctx.text, m.start(1), m.end(1), ("——",), 0.85,
                                  "a single dash between Chinese text: the Chinese dash is —— (two em dashes)")


def _variants(ctx: Context) -> Iterator[Finding]:
    rule = ctx.engine.registry.get("ZH503")
    text = ctx.text
    for m in _VARIANT_RX.finditer(text):
        ch = m.group()
        yield replacement_finding(rule, text, m.start(), m.end(), (_VARIANTS[ch],), 0.9,
                                  f"“{ch}” (U+{ord(ch):04X}) is a variant quotation mark; use “{_VARIANTS[ch]}”")
    for m in _TORTOISE.finditer(text):
        inner = m.group(1)
        if _YEAR4.fullmatch(inner):
            continue  # 〔2023〕 in a document number
        yield replacement_finding(rule, text, m.start(), m.end(), (f"（{inner}）",), 0.85,
                                  "〔〕 are for the year of a document number; use （） here")


_PAIRS = {"“": "”", "《": "》", "（": "）", "【": "】", "「": "」", "『": "』"}
_CLOSE = {v: k for k, v in _PAIRS.items()}
_PAIR_MARK = regex.compile("[" + regex.escape("".join(_PAIRS) + "".join(_CLOSE)) + "]")
_PARAGRAPH = regex.compile(r"[^\r\n]+")


def _unbalanced(ctx: Context) -> Iterator[Finding]:
    """Unmatched Chinese quotation marks and brackets within one paragraph (display only)."""
    rule = ctx.engine.registry.get("ZH504")
    text = ctx.text
    if not _PAIR_MARK.search(text):
        return  # no quotation mark or bracket at all (most short documents)
    for para in _PARAGRAPH.finditer(text):
        stack: list[tuple[str, int]] = []
        bad: list[tuple[str, int]] = []
        for mark in _PAIR_MARK.finditer(text, para.start(), para.end()):  # other characters change nothing
            ch, i = mark.group(), mark.start()
            if ch in _PAIRS:
                if ch == "“" and stack and stack[-1][0] == "“":
                    bad.append(stack.pop())  # “…“ : the first was never closed
                stack.append((ch, i))
            elif ch in _CLOSE:
                if stack and stack[-1][0] == _CLOSE[ch]:
                    stack.pop()
                else:
                    bad.append((ch, i))
        for ch, i in sorted(bad + stack, key=lambda t: t[1]):
            kind = "opening" if ch in _PAIRS else "closing"
            yield Finding(rule.code, rule.name, f"unmatched {kind} “{ch}” in this paragraph",
                          Span(i, i + 1), rule.severity, 0.6, ch)


def register_more(reg: Registry) -> None:
    reg.add(Rule(
        code="ZH502", name="dash", family="punctuation",
        summary="A single dash between Chinese text; the Chinese dash (破折号) is —— .",
        what="Flags a lone — or ― with Chinese characters or Chinese punctuation on both sides.",
        why="GB/T 15834-2011 writes the dash as two em dashes occupying two character cells.",
        fix_safety="Safe: a lone em dash between Chinese text is always meant as 破折号.",
        check=_dash,
        examples=(
            Example("“欢乐童年”—“六一”慰问", "“欢乐童年”——“六一”慰问"),
            Example("“欢乐童年”——“六一”慰问", flag=False),
            Example("pages 3—5", flag=False),
        ),
    ))
    reg.add(Rule(
        code="ZH503", name="variant-marks", family="punctuation",
        summary="Variant quotation marks (〝〞) and 〔〕 used as parentheses.",
        what="Replaces 〝 〞 with “ ”, and 〔…〕 with （…） except around the year of a document "
        "number (国发〔2023〕1号).",
        why="Word-processor conversions emit these look-alikes; GB/T 15834 uses “ ” and （ ）, and keeps "
        "〔〕 for document numbers.",
        fix_safety="Safe.",
        check=_variants,
        examples=(
            Example("“两会〞期间", "“两会”期间"),
            Example("〔一〕加强领导", "（一）加强领导"),
            Example("国发〔2023〕1号", flag=False),
            Example("“两会”期间", flag=False),
        ),
    ))
    reg.add(Rule(
        code="ZH504", name="unbalanced", family="punctuation",
        summary="Unmatched Chinese quotation marks or brackets within a paragraph.",
        what="Pairs “” 《》 （） 【】 「」 『』 within each line and flags what is left unmatched.",
        why="Scraping and spinning drop closing marks (以“强化红线意识为主题); the reader cannot tell where "
        "a quotation or title ends.",
        fix_safety="Display only: where the missing mark belongs is for a person to decide.",
        severity=Severity.WARNING,
        check=_unbalanced,
        examples=(
            Example("以“强化红线意识、促进安全发展为主题。"),
            Example("今年的“安全生产月和“安全生产万里行活动。"),
            Example("以“强化红线意识、促进安全发展”为主题，学习《安全生产法》。", flag=False),
        ),
    ))
