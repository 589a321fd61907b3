"""Markdown: code blocks, inline code, URLs, HTML comments/tags and front matter are never flagged."""

from __future__ import annotations

import regex

from ..model import Span
from .text import plain_skips

_FRONT = regex.compile(r"\A(?:---|\+\+\+)[ \t]*\r?\n.*?\r?\n(?:---|\+\+\+|\.\.\.)[ \t]*(?:\r?\n|\Z)", regex.S)
_FENCE = regex.compile(r"^[ ]{0,3}(`{3,}|~{3,})[^\r\n]*$", regex.M)
_INLINE = regex.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", regex.S)
_COMMENT = regex.compile(r"<!--.*?(?:-->|\Z)", regex.S)
_TAG = regex.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_LINK_DEST = regex.compile(r"\]\(([^()\s]*(?:\([^()\s]*\))?[^()\s]*)(?:\s+\"[^\"]*\")?\)")
_AUTOLINK = regex.compile(r"<[A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*>")
_REFDEF = regex.compile(r"^[ ]{0,3}\[[^\]]+\]:[ \t]*\S+.*$", regex.M)


def _fences(text: str) -> list[Span]:
    spans: list[Span] = []
    pos = 0
    while True:
        m = _FENCE.search(text, pos)
        if not m:
            return spans
        marker = m.group(1)
        close = regex.compile(r"^[ ]{0,3}" + regex.escape(marker[0]) + "{" + str(len(marker)) + r",}[ \t]*$",
                              regex.M)
        c = close.search(text, m.end())
        end = c.end() if c else len(text)  # an unclosed fence runs to the end, as CommonMark says
        spans.append(Span(m.start(), end))
        pos = end


def markdown_skips(text: str) -> list[Span]:
    spans: list[Span] = []
    m = _FRONT.match(text)
    if m:
        spans.append(Span(0, m.end()))
    spans += _fences(text)

    def outside(s: int, e: int) -> bool:
        return not any(sp.start <= s < sp.end or sp.start < e <= sp.end for sp in spans)

    extra: list[Span] = []
    for rx in (_COMMENT, _INLINE, _AUTOLINK, _TAG, _REFDEF):
        for m in rx.finditer(text):
            if outside(m.start(), m.end()):
                extra.append(Span(m.start(), m.end()))
    for m in _LINK_DEST.finditer(text):
        extra.append(Span(m.start(1), m.end(1)))
    spans += extra
    spans += plain_skips(text)
    return sorted(spans)
