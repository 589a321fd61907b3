"""The pip-only fallback scorer (jieba's word frequencies): loaded where the language model is
missing, context-free, and the rules that need context stay silent with it."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiaokan import scoring
from jiaokan.doctor import report
from jiaokan.engine import Engine
from jiaokan.formats import from_text
from jiaokan.model import Applicability
from jiaokan.scoring import ScorerStatus, load_scorer
from jiaokan.scoring.unigram import UnigramScorer, find_wordlist
from jiaokan.settings import Settings

WORDLIST = find_wordlist()
needs_wordlist = pytest.mark.skipif(WORDLIST is None, reason="jieba's word list is not installed")


@pytest.fixture
def fallback_status(monkeypatch, tmp_path) -> ScorerStatus:
    monkeypatch.setenv(scoring.ENV, str(tmp_path / "missing.lm"))
    monkeypatch.setattr(scoring, "_CACHE", {})
    return load_scorer()


def _engine(status: ScorerStatus, **kw) -> Engine:  # type: ignore[no-untyped-def]
    eng = Engine(Settings(**kw))
    eng.__dict__["scorer_status"] = status
    return eng


def test_unigram_scorer_reads_a_word_list(tmp_path: Path) -> None:
    f = tmp_path / "words.txt"
    f.write_text("我们 900 r\n我 80 r\n门 20 n\n看 100 v\n", encoding="utf-8")
    s = UnigramScorer(str(f))
    assert "我们" in s and "我门" not in s and not s.contextual
    assert s.unigram("我们") > s.unigram("门")
    assert s.score(["我们", "看"]) > s.score(["我", "门", "看"])
    assert s.ngram_hits(["我们", "看"]) == [1, 1]
    assert set(s.vocabulary()) == {"我们", "我", "门", "看"}


def test_malformed_word_list_names_file_and_line(tmp_path: Path) -> None:
    f = tmp_path / "words.txt"
    f.write_text("我们 900 r\n门 many n\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"words\.txt:2:"):
        UnigramScorer(str(f))


@needs_wordlist
def test_fallback_loads_where_the_model_is_missing(fallback_status: ScorerStatus) -> None:
    assert fallback_status.fallback and fallback_status.scorer is not None
    assert fallback_status.path == WORDLIST
    assert "does not exist" in (fallback_status.problem or "")
    assert getattr(fallback_status.scorer, "contextual", True) is False


def test_no_fallback_without_the_word_list(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from jiaokan.scoring import unigram

    monkeypatch.setenv(scoring.ENV, str(tmp_path / "missing.lm"))
    monkeypatch.setattr(scoring, "_CACHE", {})
    monkeypatch.setattr(unigram, "find_wordlist", lambda: None)
    status = load_scorer()
    assert status.scorer is None and not status.fallback


@needs_wordlist
def test_doctor_says_what_is_lost(fallback_status: ScorerStatus) -> None:
    lines, full = report(_engine(fallback_status))
    text = "\n".join(lines)
    assert not full
    assert "fallback word frequencies" in text and "ZH202" in text and "ZH203" in text


@needs_wordlist
def test_context_rules_are_silent_with_the_fallback(fallback_status: ScorerStatus) -> None:
    spun = ("常态化开展妇女维权普法宣扬。我们共接待和妥当处理来信来访十余件。"
            "主要职责有主动开展婚姻家庭纠纷调解。这些问题如果不刚好加以解决，必将影响发展大局。")
    eng = _engine(fallback_status, select=("ZH202", "ZH203"))
    assert eng.check(from_text(spun)) == []


@needs_wordlist
def test_character_repairs_work_with_the_fallback(fallback_status: ScorerStatus) -> None:
    eng = _engine(fallback_status, select=("ZH103",))
    out = eng.fix(from_text("我门看美国电影。"), Applicability.SAFE)
    assert out.text == "我们看美国电影。"
    assert eng.check(from_text("我们看美国电影。")) == []
