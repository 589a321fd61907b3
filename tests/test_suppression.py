"""Inline suppression comments in Markdown and plain text."""

from __future__ import annotations

from jiaokan.engine import Engine
from jiaokan.formats import from_text
from jiaokan.model import Finding, Severity, Span
from jiaokan.settings import Settings
from jiaokan.suppression import UNUSED_CODE, apply, parse


def finding(text: str, needle: str, code: str = "ZH101", name: str = "confusion", nth: int = 0) -> Finding:
    i = -1
    for _ in range(nth + 1):
        i = text.index(needle, i + 1)
    return Finding(code, name, "m", Span(i, i + len(needle)), Severity.WARNING, 0.9, needle)


TEXT = ("甲错一。\n"
        "<!-- jiaokan: disable-next-line ZH101 -->\n"
        "\n"
        "甲错二。\n"
        "甲错三。\n"
        "# jiaokan: disable spin\n"
        "甲错四。乙错四。\n"
        "jiaokan: enable\n"
        "乙错五。\n")


def _all() -> list[Finding]:
    out = [finding(TEXT, "甲错", nth=k) for k in range(4)]
    out += [finding(TEXT, "乙错", "ZH201", "spin", nth=k) for k in range(2)]
    return sorted(out, key=Finding.sort_key)


def test_directives_parsed():
    ds = parse(TEXT)
    assert [(d.kind, d.codes) for d in ds] == [
        ("disable-next-line", ("ZH101",)), ("disable", ("spin",)), ("enable", ())]
    # next-line skips the blank line
    nl = ds[0].regions[0]
    assert TEXT[nl.start:nl.end] == "甲错二。"


def test_suppression_by_code_and_name_and_ranges():
    kept = apply(TEXT, _all())
    got = [(f.original, TEXT.count("\n", 0, f.span.start) + 1) for f in kept]
    assert got == [("甲错", 1), ("甲错", 5), ("甲错", 7), ("乙错", 9)]  # 乙错四 (spin) suppressed


def test_unused_reported_only_when_asked():
    text = "<!-- jiaokan: disable-next-line ZH301 -->\n甲错。\n"
    fs = [finding(text, "甲错")]
    assert apply(text, fs) == fs
    out = apply(text, fs, report_unused=True)
    assert [f.code for f in out] == [UNUSED_CODE, "ZH101"]
    assert out[0].span.start == 0 and "ZH301" in out[0].message


def test_crlf_and_no_codes():
    text = "jiaokan: disable-next-line\r\n甲错。\r\n甲错。\r\n"
    kept = apply(text, [finding(text, "甲错"), finding(text, "甲错", nth=1)])
    assert len(kept) == 1 and kept[0].span.start > text.index("\r\n甲错。\r\n") + 5


def test_not_a_directive_mid_sentence():
    text = "文中提到 jiaokan: disable 这个写法。甲错。\n"
    assert parse(text) == []


def test_engine_hook_check_and_fix():
    eng = Engine(Settings(select=("ZH301",)))
    text = "<!-- jiaokan: disable-next-line -->\n⽣产\n⽣产\n"
    doc = from_text(text, fmt="markdown")
    assert [f.span.start for f in eng.check(doc)] == [text.rindex("⽣")]
    assert eng.fix(doc).text == "<!-- jiaokan: disable-next-line -->\n⽣产\n生产\n"
    off = Engine(Settings(select=("ZH301",), suppressions=False))
    assert len(off.check(doc)) == 2
