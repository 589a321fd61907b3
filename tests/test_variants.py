"""Traditional-character pages: the rules with simplified data run on a simplified shadow and their
corrections come back in the page's own characters."""

from __future__ import annotations

import pytest

from jiaokan import api
from jiaokan.dictionaries import builtin_dir
from jiaokan.model import Applicability
from jiaokan.variants import simplified_shadow, to_simplified_table, to_traditional_table, written_form

# our own sentences, written in traditional characters
TRAD = ("為確保生產經營場所發生事故時能夠迅速有效地開展救援，減少人員傷亡和財產損失，"
        "根據國家有關法律法規，結合本單位實際，制定本預案。因自然禍害導致的事故，按本預案處置。")


def test_tables_are_openccs_with_notice() -> None:
    base = builtin_dir() / "variants"
    assert "Apache" in (base / "NOTICE").read_text(encoding="utf-8")
    for name in ("TSCharacters.txt", "STCharacters.txt"):
        lines = (base / name).read_text(encoding="utf-8").splitlines()
        assert lines == sorted(lines)
        for line in lines:
            key, values = line.split("\t")
            assert len(key) == 1 and all(len(v) == 1 for v in values.split(" "))
    assert to_simplified_table()[ord("禍")] == "祸" and to_traditional_table()["灾"] == "災"


def test_shadow_only_for_traditional_pages() -> None:
    shadow = simplified_shadow(TRAD)
    assert shadow is not None and len(shadow) == len(TRAD)
    assert "自然祸害" in shadow and shadow.index("自然祸害") == TRAD.index("自然禍害")
    # simplified prose, and simplified prose with a few traditional characters, get none
    assert simplified_shadow("因自然灾害导致的事故，按本预案处置。") is None
    assert simplified_shadow("我们时常回忆起那些年的時光和來時的路。" * 3) is None


def test_written_form_keeps_the_writers_characters() -> None:
    text = "立刻啟動應急預案"
    shadow = "立刻启动应急预案"
    assert written_form("立即", text, shadow, 0, 2) == "立即"
    assert written_form("灾害", "禍害" + text, "祸害" + shadow, 0, 2) == "災害"
    # a simplified passage on a traditional page stays simplified
    page = "自然祸害" + "。" * 60 + TRAD
    assert written_form("灾害", page, simplified_shadow(page) or "", 2, 4) == "灾害"


def test_spin_on_a_traditional_page_is_restored_in_traditional() -> None:
    found = [f for f in api.check_text(TRAD) if f.code == "ZH201"]
    assert [(f.original, f.suggestions) for f in found] == [("自然禍害", ("自然災害",))]
    assert found[0].fix is not None and found[0].fix.applicability is Applicability.SAFE
    fixed = api.fix_text(TRAD).text
    assert "因自然災害導致" in fixed and len(fixed) == len(TRAD)
    assert not [f for f in api.check_text(fixed) if f.code == "ZH201"]


@pytest.mark.parametrize("text", [TRAD.replace("禍害", "災害"), "因自然災害導致的事故。"])
def test_right_traditional_text_is_left_alone(text: str) -> None:
    assert [f for f in api.check_text(text) if f.code.startswith(("ZH1", "ZH2"))] == []
