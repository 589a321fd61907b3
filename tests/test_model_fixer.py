from __future__ import annotations

import pytest

from jiaokan.fixer import apply_edits, apply_fixes
from jiaokan.model import Applicability, Edit, Finding, Fix, Severity, Span


def finding(start, end, content, app=Applicability.SAFE, conf=0.9, code="ZH999"):
    return Finding(code, "test", "m", Span(start, end), Severity.WARNING, conf, "x", (content,),
                   Fix((Edit.replace(start, end, content),), app, conf))


def test_span_validation():
    with pytest.raises(ValueError):
        Span(3, 2)
    assert Span(0, 2).overlaps(Span(1, 3))
    assert not Span(0, 2).overlaps(Span(2, 3))
    assert Span(2, 2).overlaps(Span(1, 3))  # an insertion inside a replaced range
    assert not Span(2, 2).overlaps(Span(2, 3))


def test_fix_validation():
    with pytest.raises(ValueError):
        Fix((), Applicability.SAFE, 0.5)
    with pytest.raises(ValueError):
        Fix((Edit.replace(0, 1, "a"),), Applicability.SAFE, 1.5)
    with pytest.raises(ValueError):
        Fix((Edit.replace(0, 2, "a"), Edit.replace(1, 3, "b")), Applicability.SAFE, 0.5)


def test_length_changing_fix_then_another_fix_same_line():
    # pycorrector's bug: splicing with stale offsets after a length-changing replacement
    text = "遵纪遵守法律，主动参予工作，力气"
    a = finding(2, 6, "守法")        # 4 chars -> 2 chars
    b = finding(9, 11, "参与")       # later in the same line, original offsets
    c = finding(14, 16, "力量")
    out = apply_fixes(text, [c, a, b])
    assert out.text == "遵纪守法，主动参与工作，力量"
    assert [f.span.start for f in out.applied] == [2, 9, 14]


def test_insertion_and_deletion_mixed():
    text = "abcdef"
    out = apply_edits(text, [Edit.replace(1, 1, "XX"), Edit.delete(2, 4), Edit.replace(5, 6, "Z")])
    assert out == "aXXbeZ"


def test_overlap_skipped_higher_confidence_wins():
    text = "主动参予"
    low = finding(0, 4, "积极参与", conf=0.85)
    high = finding(2, 4, "参与", conf=0.95)
    out = apply_fixes(text, [low, high])
    assert out.text == "主动参与"
    assert out.skipped == (low,)


def test_applicability_threshold():
    text = "ab"
    safe = finding(0, 1, "A")
    unsafe = finding(1, 2, "B", app=Applicability.UNSAFE)
    shown = Finding("ZH999", "t", "m", Span(0, 1), Severity.INFO, 0.5, "a")
    assert apply_fixes(text, [safe, unsafe, shown]).text == "Ab"
    assert apply_fixes(text, [safe, unsafe, shown], Applicability.UNSAFE).text == "AB"


def test_overlapping_edits_rejected():
    with pytest.raises(ValueError):
        apply_edits("abc", [Edit.replace(0, 2, "x"), Edit.replace(1, 3, "y")])
