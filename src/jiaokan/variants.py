"""Traditional-character documents: a simplified shadow for the rules whose data is simplified.

The spin, confusion and idiom tables and the language model are simplified Chinese, so a page in
traditional characters (自然禍害, 立刻啟動) would pass them unseen. Such a page is converted
character by character with OpenCC's table (dictionaries/variants/, Apache-2.0): one code point
for one, so every offset of the shadow is an offset of the source. Rules run on the shadow; their
findings come back with the written text as ``original`` and their corrections in the document's
own characters (a character the correction keeps stays as the writer wrote it; a new one is
converted with OpenCC's simplified→traditional table).
"""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

from .model import Edit, Finding, Fix

MIN_TRADITIONAL = 20        # traditional-only characters in the text, at least …
MIN_SHARE = 0.10            # … and this share of its Han characters
LOCAL = 40                  # characters each side that decide a correction's script
SHADOW_FAMILIES = frozenset({"dictionary", "characters", "context"})


def _table(name: str) -> dict[str, str]:
    from .dictionaries import builtin_dir

    out: dict[str, str] = {}
    path = Path(builtin_dir()) / "variants" / name
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        first = values.split(" ")[0]
        if len(key) == 1 and len(first) == 1 and key != first:
            out[key] = first
    return out


@functools.cache
def to_simplified_table() -> dict[int, str]:
    """``str.translate`` table: traditional code point → simplified character."""
    return {ord(k): v for k, v in _table("TSCharacters.txt").items()}


@functools.cache
def _traditional_chars() -> frozenset[str]:
    return frozenset(chr(k) for k in to_simplified_table())


@functools.cache
def to_traditional_table() -> dict[str, str]:
    return _table("STCharacters.txt")


def simplified_shadow(text: str) -> str | None:
    """The text with traditional characters simplified, or None when it is not a traditional
    document (a few traditional characters in simplified prose are left to the other rules)."""
    table = to_simplified_table()
    present = _traditional_chars().intersection(text)  # C-speed test first: most texts have none
    if not present:
        return None
    changed = sum(text.count(c) for c in present)  # every one of them changes in the shadow
    if changed < MIN_TRADITIONAL:
        return None
    han = sum(1 for c in text if "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff")
    return text.translate(table) if changed >= MIN_SHARE * max(han, 1) else None


def written_form(replacement: str, text: str, shadow: str, start: int, end: int) -> str:
    """``replacement`` (simplified, for ``shadow[start:end]``) in the document's characters."""
    keep = {shadow[i]: text[i] for i in range(start, end)}
    lo, hi = max(0, start - LOCAL), min(len(text), end + LOCAL)
    if sum(1 for a, b in zip(text[lo:hi], shadow[lo:hi], strict=True) if a != b) < 2:
        st: dict[str, str] = {}  # a simplified passage of a traditional page stays simplified
    else:
        st = to_traditional_table()
    return "".join(keep.get(c) or st.get(c, c) for c in replacement)


def to_written(f: Finding, text: str, shadow: str) -> Finding | None:
    """A finding made on the shadow, restated for the source text (None if its correction would
    change nothing there)."""
    s, e = f.span.start, f.span.end
    fix = f.fix
    if fix is not None:
        edits = tuple(Edit(x.span, written_form(x.content, text, shadow, x.span.start, x.span.end))
                      for x in fix.edits)
        if all(text[x.span.start:x.span.end] == x.content for x in edits):
            return None
        fix = Fix(edits, fix.applicability, fix.confidence)
    return dataclasses.replace(
        f, original=text[s:e], fix=fix,
        suggestions=tuple(written_form(x, text, shadow, s, e) for x in f.suggestions))
