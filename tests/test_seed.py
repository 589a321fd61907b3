"""The bundled example (the seed: a scraped, spun work report) restored end to end.

Rows come from tests/data/seed_expected.tsv (a copy of ../shared/seed/expected.tsv); both sides are
compared with whitespace and punctuation removed, as that file says.
"""

from __future__ import annotations

import regex

from jiaokan.files import read_document

from .conftest import DATA, SEED

_NORM = regex.compile(r"[\s\p{P}\p{S}]+")


def norm(s: str) -> str:
    return _NORM.sub("", s)


def rows(kind: str):
    for line in (DATA / "seed_expected.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        cols = line.split("\t")
        if cols[0] == kind:
            yield cols[1], cols[2], cols[3] if len(cols) > 3 else ""


def fixed_seed(engine):
    return engine.fix(read_document(str(SEED)))


def test_spin_rows_restored(engine):
    out = norm(fixed_seed(engine).text)
    spin = list(rows("spin"))
    assert len(spin) == 39
    missed = [(b, a) for b, a, _ in spin if norm(a) not in out]
    assert not missed, f"restored {len(spin) - len(missed)}/39; missed: {missed}"


def test_keep_rows_untouched(engine):
    out = norm(fixed_seed(engine).text)
    for before, _after, note in rows("keep"):
        assert norm(before) in out, f"keep row changed: {before} ({note})"


def test_artifact_rows(engine):
    out = norm(fixed_seed(engine).text)
    for before, after, note in rows("artifact"):
        if after:
            assert norm(after) in out, f"artifact not repaired: {before} ({note})"
        else:
            assert norm(before) not in out, f"boilerplate left: {before}"


def test_report_shows_every_change(engine):
    from jiaokan.reporters.diff import render

    outcome = fixed_seed(engine)
    report = render([outcome])
    assert f"{len(outcome.changes)} change(s) applied" in report
    listed = [ln for ln in report.splitlines() if ln.startswith("  ") and "confidence" in ln]
    assert len(listed) >= len(outcome.changes)


def test_fix_is_idempotent_on_seed(engine):
    from jiaokan.formats import from_text

    once = fixed_seed(engine).text
    twice = engine.fix(from_text(once)).text
    assert once == twice


def test_fix_reaches_a_fixed_point_on_pages_scraped_one_after_another(engine):
    # twelve copies of the seed in one file: a second run of fix must change nothing (two concurrent
    # `fix --write` runs rely on it)
    from jiaokan.formats import from_text

    text = SEED.read_text(encoding="utf-8") * 12
    once = engine.fix(from_text(text)).text
    assert engine.fix(from_text(once)).text == once
