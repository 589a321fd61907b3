"""Punctuation in Chinese text (GB/T 15834-2011): half-width marks between Chinese characters."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from ..engine import Context
from ..model import Finding
from ..registry import Example, Registry, Rule
from ._common import replacement_finding

_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
# a Han character or CJK closing mark on the left
_LEFT = r"(?<=[\p{Han}”’」』》）】〕])"
_MARK = regex.compile(_LEFT + r"([,;:?!])(?!//)", regex.M)
_PARENS = regex.compile(r"(?<=[\p{Han}，。、；：“”])\(([^()\n]{1,80})\)|\(([^()\n]{1,80})\)(?=[\p{Han}，。、；：])")


def _halfwidth(ctx: Context) -> Iterator[Finding]:
    rule = ctx.engine.registry.get("ZH501")
    text = ctx.text
    for m in _MARK.finditer(text):
        ch = m.group(1)
        nxt = text[m.end()] if m.end() < len(text) else ""
        if ch in "?!" and nxt in "?!=":
            continue
        yield replacement_finding(rule, text, m.start(1), m.end(1), (_FULL[ch],), 0.9,
                                  f"half-width “{ch}” in Chinese text → “{_FULL[ch]}”")
    for m in _PARENS.finditer(text):
        inner = m.group(1) if m.group(1) is not None else m.group(2)
        if not regex.search(r"\p{Han}", inner) or regex.search(r"[A-Za-z]{3,}", inner):
            continue
        s, e = m.start(), m.end()
        yield replacement_finding(rule, text, s, e, ("（" + inner + "）",), 0.9,
                                  "half-width parentheses around Chinese text → （）")


def register(reg: Registry) -> None:
    reg.add(Rule(
        code="ZH501", name="halfwidth-punct", family="punctuation",
        summary="Half-width , ; : ? ! ( ) between Chinese characters (GB/T 15834-2011 wants full width).",
        what="Flags a half-width comma, semicolon, colon, question or exclamation mark that follows a "
        "Chinese character and precedes Chinese text, and half-width parentheses around Chinese text.",
        why="Chinese text takes full-width punctuation; half-width marks come from scraping, OCR and "
        "English keyboards and look wrong in print.",
        fix_safety="Safe: only marks with Chinese on the left and Chinese (or a line end) on the right are "
        "changed; numbers (1,000, 10:30), English sentences, URLs and code are not.",
        check=_halfwidth,
        examples=(
            Example("坚持以科学发展观为指导,紧紧围绕中心", "坚持以科学发展观为指导，紧紧围绕中心"),
            Example("发放仪式(广西区),共计", "发放仪式（广西区），共计"),
            Example("时间:上午", "时间：上午"),
            Example("共计1,000元", flag=False),
            Example("Hello, world!", flag=False),
            Example("会议于10:30开始", flag=False),
        ),
    ))
