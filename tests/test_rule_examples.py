"""Every rule carries must-flag and must-not-flag examples; each is checked here, and applying a
must-flag example's default fix gives the documented text and removes the finding."""

from __future__ import annotations

import pytest

from jiaokan.engine import Engine
from jiaokan.formats import from_text
from jiaokan.model import Applicability
from jiaokan.registry import default_registry
from jiaokan.settings import Settings

REG = default_registry()
CASES = [(r.code, i, e) for r in REG for i, e in enumerate(r.examples)]


def test_every_rule_has_both_kinds_of_example():
    for rule in REG:
        assert any(e.flag for e in rule.examples), f"{rule.code} has no must-flag example"
        assert any(not e.flag for e in rule.examples), f"{rule.code} has no must-not-flag example"
        for part in (rule.what, rule.why, rule.fix_safety, rule.summary):
            assert part.strip(), f"{rule.code} lacks documentation"


def test_codes_and_names_unique_and_well_formed():
    import re

    for rule in REG:
        assert re.fullmatch(r"ZH\d{3}", rule.code)
        assert re.fullmatch(r"[a-z][a-z0-9-]+", rule.name)


@pytest.mark.parametrize(("code", "i", "example"), CASES, ids=[f"{c}-{i}" for c, i, _ in CASES])
def test_example(engine, code, i, example):
    rule = REG.get(code)
    if (rule.family == "context" or rule.code == "ZH103") and (engine.scorer is None or engine.scorer_status.fallback):
        pytest.skip(f"no language model: {engine.scorer_status.problem}")
    if not rule.default_enabled:
        engine = _engine_with(code)
    doc = from_text(example.text)
    found = [f for f in engine.check(doc) if f.code == code]
    if not example.flag:
        assert found == [], f"{code} must not flag {example.text!r}: {[f.message for f in found]}"
        return
    assert found, f"{code} must flag {example.text!r}"
    for f in found:
        assert 0 <= f.span.start < f.span.end <= len(example.text)
        assert 0.0 <= f.confidence <= 1.0
    if example.fixed is not None:
        out = engine.fix(doc, Applicability.SAFE)
        assert out.text == example.fixed
        assert not [f for f in out.remaining if f.code == code], "fix did not remove the finding"


_ENGINES: dict[str, Engine] = {}


def _engine_with(code: str) -> Engine:
    """An engine with the default rules plus one that is off by default."""
    if code not in _ENGINES:
        defaults = [r.code for r in REG if r.default_enabled]
        _ENGINES[code] = Engine(Settings(select=(*defaults, code)))
    return _ENGINES[code]


def test_rule_docs_render():
    for rule in REG:
        doc = rule.doc()
        for heading in ("What it does", "Why is this bad", "Example", "Fix safety"):
            assert heading in doc
