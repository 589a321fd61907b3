"""Precision on clean, carefully edited prose of the target genres (tests/data/clean, our own
writing, full of words that spinners produce but used rightly): every finding is a false alarm."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiaokan.evaluate import eval_clean

CLEAN = sorted((Path(__file__).parent / "data" / "clean").glob("*.txt"))


@pytest.fixture(scope="module")
def report(engine):
    return eval_clean(engine, [(p.name, p.read_text(encoding="utf-8")) for p in CLEAN])


def test_corpus_is_large_enough():
    assert sum(len(p.read_text(encoding="utf-8")) for p in CLEAN) >= 15000


def test_at_most_one_finding_per_10k_characters(report):
    assert report.per_10k <= 1.0, report.examples


def test_no_safe_edit_on_clean_text(report):
    assert report.safe_edits == 0, report.examples


@pytest.fixture(scope="module")
def paragraph_report(engine):
    # the same prose one paragraph at a time: a paragraph carries less document evidence
    paras = [(f"{p.name}:{i}", para) for p in CLEAN
             for i, para in enumerate(p.read_text(encoding="utf-8").split("\n"), 1) if para.strip()]
    return eval_clean(engine, paras)


def test_paragraph_by_paragraph_at_most_one_finding_per_10k_characters(paragraph_report):
    assert paragraph_report.per_10k <= 1.0, paragraph_report.examples
