"""ZH505: stray marks that OCR leaves in Chinese text — an ASCII | _ * . read from specks and rules
beside Chinese punctuation or at a line's edge, and a Chinese comma doubled or written after a full
stop. (A half-width full stop ending a Chinese sentence is ZH501's.)"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from ..engine import Context
from ..model import Finding
from ..registry import Example, Registry, Rule
from ._common import deletion_finding, replacement_finding

_CN_PUNCT = "。，、；：？！”’」』》）】"
# marks OCR makes of specks and rules; not * ~ ^ (footnote and emphasis marks writers use on purpose)
_STRAY = "|_."
_EOL = r"[ \t]*(?=\r?$)"  # the end of a line, LF or CRLF
_HAS_STRAY = regex.compile(r"[|_.\-]|，，|[。！？][，、]|^[ \t\u3000]*。", regex.M)
# a stray mark after Chinese punctuation, before the line end, Chinese punctuation or a Han character
_AFTER_PUNCT = regex.compile(rf"(?<=[{_CN_PUNCT}])[ \t]*([{regex.escape(_STRAY)}])[ \t]*(?=\r?$|[{_CN_PUNCT}“‘「『《（【]|\p{{Han}})",
                             regex.M)
# a lone . or _ opening a line of Chinese text, or a Chinese full stop (never a line's first mark)
_LINE_START = regex.compile(r"^[ \t\u3000]*([._。])[ \t]*(?=\p{Han})", regex.M)
# a hyphen read for 一 between Han characters: 第-次, or 我-定 / 跟你-起 (一起, 一定 … after a pronoun or
# adverb, where no range or pair of names is written); never in a chain of hyphens or inside 「」
_YI_RIGHT = frozenset("起定些直切")
_YI_BEFORE = frozenset("我你他她它们也都就还再又要会能")
_HYPHEN = regex.compile(r"(?<=\p{Han})-(?=\p{Han})")
# a hyphen left after the end of a sentence at a line end
_END_HYPHEN = regex.compile(r"(?<=[。！？])[ \t]*(-)" + _EOL, regex.M)
# a | or _ after a Han character at the end of a line
_LINE_END = regex.compile(r"(?<=\p{Han})([|_])" + _EOL, regex.M)
_QUOTES = "“”‘’\"'「」『』"
_CLOSING = "”’」』》）】"
# a Chinese comma doubled (all but one removed), or commas (or 、) right after a full stop, ! or ?
_DOUBLED = regex.compile(r"(?<![，。！？])(，+)(?=，(?![，。]))|(?<=[。！？])([，、]{1,3})(?![，、。])")


def _line(text: str, pos: int) -> str:
    """The line holding ``text[pos]``, without its line break."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start : len(text) if end < 0 else end].rstrip("\r")


def _markup(line: str, mark: str) -> bool:
    """Could the mark belong to markup on this line: a Markdown table row (|), emphasis (_ in pairs)?"""
    if mark == "|":
        return line.lstrip().startswith("|") or line.count("|") >= 2
    if mark == "_":
        return line.count(mark) >= 2
    return False


def _quoted(text: str, at: int) -> bool:
    """Is the mark quoted as itself (包含“.”的例子)?"""
    return 0 < at < len(text) - 1 and text[at - 1] in _QUOTES and text[at + 1] in _QUOTES


def _stray(ctx: Context) -> Iterator[Finding]:
    rule = ctx.engine.registry.get("ZH505")
    text = ctx.text
    if not _HAS_STRAY.search(text):
        return
    seen: set[int] = set()
    for rx in (_AFTER_PUNCT, _LINE_START, _LINE_END, _END_HYPHEN):
        for m in rx.finditer(text):
            mark, at = m.group(1), m.start(1)
            if at in seen or _markup(_line(text, at), mark) or _quoted(text, at) or (
                    rx is _AFTER_PUNCT and mark == "." and text[m.start() - 1] in _CLOSING):
                continue  # (“磁盘映像”. ends a sentence: ZH501 makes it 。)
            seen.add(at)
            yield deletion_finding(rule, text, m.start(1), m.end(1), 0.85,
                                   f"stray “{mark}” beside Chinese text: OCR read a speck or a rule as a mark")
    if "-" in text:
        for m in _HYPHEN.finditer(text):
            i = m.start()
            left, right = text[i - 1], text[i + 1]
            if not (left == "第" or (right in _YI_RIGHT and left in _YI_BEFORE)):
                continue
            line = _line(text, i)
            if line.count("-") == 1 and "「" not in line:
                yield replacement_finding(rule, text, i, i + 1, ("一",), 0.85,
                                          f"“-” between Chinese characters: OCR read 一 as a hyphen ({left}一{right})")
    for m in _DOUBLED.finditer(text):
        g = 1 if m.group(1) is not None else 2
        yield deletion_finding(rule, text, m.start(g), m.end(g), 0.85,
                               f"“{m.group(g)}” doubled or after the end of a sentence")


def register(reg: Registry) -> None:
    reg.add(Rule(
        code="ZH505", name="stray-mark", family="punctuation",
        summary="OCR debris among Chinese punctuation: a stray | _ . beside Chinese text, a doubled comma.",
        what="Removes an ASCII | _ . standing after Chinese punctuation, opening a line of Chinese text (. _, "
        "or 。 which never opens a line) or closing one after a Han character (| _), a hyphen after 。！？ at a "
        "line end, a doubled ，， or commas right after 。！？; reads a hyphen between Han characters as 一 "
        "after 第 (第-次) or in 一起 / 一定 / 一些 / 一直 / 一切 after a pronoun or adverb (我-定, 跟你-起).",
        why="Tesseract reads specks, table rules and underlines as ASCII marks and splits one mark in two; "
        "they are not part of the text, and they break search and segmentation.",
        fix_safety="Safe. Marks that may be markup on their line are left alone: | in a Markdown table "
        "row or with another | on the line, _ with another _ on the line (emphasis); * ~ ^ are never "
        "touched (footnotes, emphasis); a mark quoted as itself (包含“.”的例子) is kept; a hyphen between "
        "numbers, names or menu items (三万-五万, 保定-定州, 系统-设置) stays.",
        check=_stray,
        examples=(
            Example("上个月没来上课。|\n", "上个月没来上课。\n"),
            Example("请你来印尼，.我的国家。", "请你来印尼，我的国家。"),
            Example(".我在意大利。", "我在意大利。"),
            Example("包含“.”的例子", flag=False),
            Example("我去看我妈妈。，，", "我去看我妈妈。"),
            Example("我们，，一起去。", "我们，一起去。"),
            Example("。我不能参加你的生日会。", "我不能参加你的生日会。"),
            Example("这是他第-次来台湾。", "这是他第一次来台湾。"),
            Example("北京-上海航线", flag=False),
            Example("请选择「视图-样式」。", flag=False),
            Example("已经见过了。-\n", "已经见过了。\n"),
            Example("| 项目 | 完成。|\n| --- | --- |", flag=False),
            Example("**完成率达到百分之九十。**", flag=False),
            Example("注意，*表示必填。", flag=False),
            Example("预计投资三万-五万元。", flag=False),
            Example("保定-定州段已经通车。", flag=False),
            Example("上个月没来上课。|\r\n", "上个月没来上课。\r\n"),
            Example("我们，，，一起去。", "我们，一起去。"),
            Example("版本号为3.5，文件名为report.txt", flag=False),
            Example("我们一起去。", flag=False),
            Example("她说：“好的。”", flag=False),
        ),
    ))
