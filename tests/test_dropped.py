"""ZH104 dropped characters (off by default): a systematic dropout is fixed, a single one suggested,
right text left alone."""

from __future__ import annotations

import pytest

from jiaokan import api
from jiaokan.model import Applicability
from jiaokan.scoring import load_scorer
from jiaokan.settings import Settings

REAL = load_scorer()
needs_lm = pytest.mark.skipif(REAL.scorer is None or REAL.fallback, reason=f"no language model: {REAL.problem}")
ONLY = Settings(select=("ZH104",))


@needs_lm
def test_a_character_dropped_everywhere_is_restored_safely() -> None:
    text = "本制度的适用围包括全体员工，适用围以外的人员另行规定。"
    findings = api.check_text(text, settings=ONLY)
    assert [f.fix.applicability for f in findings if f.fix] == [Applicability.SAFE, Applicability.SAFE]
    fixed = api.fix_text(text, settings=ONLY).text
    assert fixed == "本制度的适用范围包括全体员工，适用范围以外的人员另行规定。"
    assert api.check_text(fixed, settings=ONLY) == []


@needs_lm
def test_a_single_dropped_character_is_a_suggestion() -> None:
    text = "本制度的适用围包括全体员工。"
    findings = api.check_text(text, settings=ONLY)
    assert [(f.suggestions, f.fix.applicability) for f in findings if f.fix] == [(("用范围",), Applicability.UNSAFE)]
    assert api.fix_text(text, settings=ONLY).text == text


@needs_lm
@pytest.mark.parametrize("text", [
    "本制度的适用范围包括全体员工。",
    "我们看美国电影。",
    "对此我们深表感谢！",
])
def test_right_text_is_left_alone(text: str) -> None:
    assert api.check_text(text, settings=ONLY) == []


def test_off_by_default() -> None:
    assert not [f for f in api.check_text("本制度的适用围包括全体员工，适用围以外的人员另行规定。") if f.code == "ZH104"]
