"""Baseline fingerprints: stable when lines move, distinct for repeated findings."""

from __future__ import annotations

import json

import pytest

from jiaokan.baseline import BaselineError, fingerprints, load_baseline, render_baseline
from jiaokan.model import Finding, Severity, Span


def f_at(text: str, needle: str, nth: int = 0) -> Finding:
    i = -1
    for _ in range(nth + 1):
        i = text.index(needle, i + 1)
    return Finding("ZH101", "confusion", "m", Span(i, i + len(needle)), Severity.WARNING, 0.9, needle)


def test_fingerprint_survives_lines_moving_and_rewrapping():
    a = "第一段。\n\n他积极参予了工作。\n"
    b = "新的开头。\n\n另一段。\n\n第一段。\n\n他积极\n参予了工作。\n"
    assert fingerprints(a, [f_at(a, "参予")]) == fingerprints(b, [f_at(b, "参予")])


def test_repeated_findings_have_distinct_fingerprints_and_count():
    t = "参予。参予。\n"
    fa, fb = fingerprints(t, [f_at(t, "参予"), f_at(t, "参予", 1)])
    assert fa != fb


def test_roundtrip_and_split(tmp_path):
    t = "甲参予乙。丙参予丁。\n"
    fs = [f_at(t, "参予"), f_at(t, "参予", 1)]
    target = tmp_path / "b.json"
    doc_path = str(tmp_path / "doc.txt")
    target.write_text(render_baseline([(doc_path, t, fs[:1])], target), encoding="utf-8")
    rows = json.loads(target.read_text(encoding="utf-8"))["findings"]
    assert rows[0]["path"] == "doc.txt"  # relative to the baseline file
    base = load_baseline(target)
    new, known = base.split(doc_path, t, fs)
    assert known == 1 and new == (fs[1],)


@pytest.mark.parametrize("content", ["not json", '{"schema": "x"}', '{"schema": "jiaokan-baseline", "version": 9}',
                                     '{"schema": "jiaokan-baseline", "version": 1, "findings": [{}]}'])
def test_bad_baseline_is_one_line(tmp_path, content):
    p = tmp_path / "b.json"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(BaselineError) as exc:
        load_baseline(p)
    assert str(exc.value).startswith(str(p)) and "\n" not in str(exc.value)
