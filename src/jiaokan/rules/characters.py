"""Character-level code-point problems: Kangxi radicals and compatibility ideographs."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

import regex

from ..engine import Context
from ..model import Finding
from ..registry import Example, Registry, Rule
from ._common import replacement_finding

# Kangxi Radicals, CJK Radicals Supplement, CJK Compatibility Ideographs (+ Supplement)
_COMPAT = regex.compile(r"[\u2E80-\u2EFF\u2F00-\u2FDF\uF900-\uFAFF\U0002F800-\U0002FA1F]")


def _compat(ctx: Context) -> Iterator[Finding]:
    rule = ctx.engine.registry.get("ZH301")
    for m in _COMPAT.finditer(ctx.text):
        ch = m.group()
        norm = unicodedata.normalize("NFKC", ch)
        if norm != ch and len(norm) == 1 and regex.match(r"\p{Han}", norm):
            yield replacement_finding(
                rule, ctx.text, m.start(), m.end(), (norm,), 0.99,
                f"U+{ord(ch):04X} {unicodedata.name(ch, 'compatibility character')} looks like "
                f"{norm} (U+{ord(norm):04X}) but is a different code point",
            )


def register(reg: Registry) -> None:
    reg.add(Rule(
        code="ZH301", name="compat-char", family="characters",
        summary="Kangxi radical or compatibility ideograph instead of the ordinary character (⽣ for 生).",
        what="Maps characters of the Kangxi Radicals, CJK Radicals Supplement and CJK Compatibility "
        "Ideographs blocks to their NFKC equivalent, only in those ranges (full-width letters and "
        "digits are left as they are).",
        why="PDF extraction emits these look-alikes; they break search, sorting and every dictionary "
        "check, and fonts may render them differently.",
        fix_safety="Safe: the replacement is the Unicode normalisation of the same glyph.",
        check=_compat,
        examples=(
            Example("安全⽣产", "安全生产"),
            Example("⼯作总结", "工作总结"),
            Example("安全生产", flag=False),
            Example("ＡＢＣ１２３", flag=False),
        ),
    ))
