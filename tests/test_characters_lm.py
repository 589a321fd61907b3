"""ZH103, character confusions judged by the language model: the shipped confusion tables, the
vocabulary index, repairs in short and long texts, and what is protected."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

from jiaokan import api
from jiaokan.dictionaries import builtin_dir
from jiaokan.model import Applicability
from jiaokan.rules import characters_lm as zh103
from jiaokan.scoring import load_scorer
from jiaokan.settings import Settings

REAL = load_scorer()
needs_lm = pytest.mark.skipif(REAL.scorer is None or REAL.fallback, reason=f"no language model: {REAL.problem}")
ONLY = Settings(select=("ZH103",))
DATA = Path(__file__).parent / "data"
CONFUSION = Path(builtin_dir()) / "confusion"
HAN = regex.compile(r"^\p{Han}$")


# ---- the shipped tables ------------------------------------------------------------------------

def _rows(name: str) -> list[str]:
    return [ln for ln in (CONFUSION / name).read_text(encoding="utf-8").splitlines()
            if ln and not ln.startswith("#")]


def test_same_pinyin_table_is_sorted_valid_and_without_self_pairs() -> None:
    rows = _rows("same_pinyin.tsv")
    assert len(rows) > 3000
    keys = [r.split("\t")[0] for r in rows]
    assert keys == sorted(keys), "rows must be sorted by code point"
    assert len(keys) == len(set(keys)), "one row per character"
    for no, row in enumerate(rows, 1):
        cols = row.split("\t")
        assert len(cols) == 3, f"line {no}: character<TAB>same tone<TAB>other tone"
        ch, same, other = cols
        assert HAN.match(ch), f"line {no}: {ch!r} is not one Han character"
        for c in same + other:
            assert HAN.match(c) and c != ch, f"line {no}: bad candidate {c!r}"
        assert len(set(same + other)) == len(same + other), f"line {no}: a candidate twice"


def test_same_shape_groups_are_sorted_and_distinct() -> None:
    groups = _rows("same_shape.txt")
    assert groups == sorted(set(groups))
    for g in groups:
        assert len(g) >= 2 and all(HAN.match(c) for c in g) and len(set(g)) == len(g), g


def test_notice_names_the_source_and_licence() -> None:
    notice = (CONFUSION / "NOTICE").read_text(encoding="utf-8")
    assert "pycorrector" in notice and "Apache License, Version 2.0" in notice


def test_confusion_table_kinds() -> None:
    table = zh103.confusion_table()
    assert table["门"]["们"] == "sound"          # same syllable, same tone
    assert table["气"]["起"] == "tone"           # qi4 / qi3
    assert table["未"]["末"] == "shape"          # look-alikes
    assert table["总"]["终"] == "fuzzy"          # zong / zhong merged
    assert "饭" not in table["分"]               # fen / fan are not
    assert all(ch not in table[ch] for ch in "门气未总分的一")


# ---- the vocabulary index ------------------------------------------------------------------------

class _NoVocabulary:
    """The real scorer without its vocabulary list: the index falls back to asking the model."""

    name = "no-vocab"

    def __init__(self, scorer) -> None:  # type: ignore[no-untyped-def]
        self._s = scorer

    def __contains__(self, w: str) -> bool:
        return w in self._s

    def score(self, toks):  # type: ignore[no-untyped-def]
        return self._s.score(toks)

    def ngram_hits(self, toks):  # type: ignore[no-untyped-def]
        return self._s.ngram_hits(toks)

    def unigram(self, w):  # type: ignore[no-untyped-def]
        return self._s.unigram(w)


@needs_lm
def test_vocabulary_is_read_from_the_binary_model() -> None:
    vocab = REAL.scorer.vocabulary()
    assert vocab is not None and len(vocab) > 100_000
    assert all(w in REAL.scorer for w in vocab[:500])
    assert "我们" in REAL.scorer.words and "福社" not in REAL.scorer.words


@needs_lm
@pytest.mark.parametrize("clause", ["我门看美国电影", "他想明天告诉他们应该案静一点", "安全生产关乎社会大众福社"])
def test_index_and_fallback_find_the_same_repairs(clause: str) -> None:
    fast = zh103.repairs(clause, REAL.scorer)
    slow = zh103.repairs(clause, _NoVocabulary(REAL.scorer))
    assert fast and [(r.offset, r.right) for r in fast] == [(r.offset, r.right) for r in slow]


# ---- repairs ---------------------------------------------------------------------------------------

@needs_lm
@pytest.mark.parametrize(("wrong", "right"), [
    ("我门看美国电影。", "我们看美国电影。"),
    ("他想明天告诉他们应该案静一点。", "他想明天告诉他们应该安静一点。"),
    ("下课以后我建意跟同学一起去唱歌。", "下课以后我建议跟同学一起去唱歌。"),
    ("我以前想要高诉你，可是我忘了。", "我以前想要告诉你，可是我忘了。"),
])
def test_short_text_is_repaired_safely(wrong: str, right: str) -> None:
    findings = api.check_text(wrong, settings=ONLY)
    assert findings and all(f.fix and f.fix.applicability is Applicability.SAFE for f in findings)
    fixed = api.fix_text(wrong, settings=ONLY).text
    assert fixed == right
    assert api.check_text(fixed, settings=ONLY) == []


@needs_lm
@pytest.mark.parametrize("text", [
    "我们看美国电影。",
    "安全生产关乎社会大众福祉。",
    "张爱文是我的好朋友。",             # a name after a surname
    "五是久久为功抓落实。",             # numerals
    "新江镇新乐村成立了合作社。",       # place names before 镇/村
    "会议由县委办公室负责组织。",
    "家校携手，共育未来。",             # a short text: 家教 is no common word, the gain no large margin
    "在县委的坚强领导下，凝心聚力、真抓实干。",  # 冰心 likewise
])
def test_correct_text_is_left_alone(text: str) -> None:
    assert api.check_text(text, settings=ONLY) == []


@needs_lm
def test_adjacent_errors_are_repaired_one_at_a_time() -> None:
    # 建意: repairing 意 first makes 建议; 建 must not then become 见
    got = zh103.repairs("下课以后我建意跟同学一起去", REAL.scorer)
    assert [(r.wrong, r.right) for r in got] == [("意", "议")]


def _clean_report() -> str:
    paras = [p for f in sorted((Path(__file__).parent / "data" / "clean").glob("*.txt"))
             for p in f.read_text(encoding="utf-8").split("\n") if len(p) > 60]
    return "\n".join(paras[:12])


@needs_lm
def test_long_sparse_text_gets_no_safe_repair() -> None:
    # one learner-style error inside a long edited report: the document is not damaged, so at most
    # a suggestion (only for a very large gain), never a safe edit
    body = _clean_report()
    assert len(regex.findall(r"\p{Han}", body)) > zh103.SHORT_TEXT
    text = body + "\n我门看美国电影。"
    findings = api.check_text(text, settings=ONLY)
    assert all(f.fix is None or f.fix.applicability is not Applicability.SAFE for f in findings)
    assert api.fix_text(text, settings=ONLY).text == text


@needs_lm
def test_long_dense_text_is_repaired() -> None:
    # many distinct errors per thousand characters: the text is damaged, repairs are applied
    lines = ["我门看美国电影。", "他想明天告诉他们应该案静一点。", "下课以后我建意跟同学一起去唱歌。",
             "我以前想要高诉你，可是我忘了。", "明天我要参架奖学金考试。", "对不气，最近我很忙。",
             "他很喜欢跳无。", "今天的天汽很好。"]
    text = "\n".join(lines) + "\n" + "我们一起去公园散步，看见很多人在跑步。" * 13
    han = len(regex.findall(r"\p{Han}", text))
    assert han >= zh103.SHORT_TEXT
    fixed = api.fix_text(text, settings=ONLY).text
    assert "我们看美国电影" in fixed and "安静一点" in fixed and "告诉你" in fixed and "参加" in fixed


def test_silent_without_a_model() -> None:
    from jiaokan.engine import Engine
    from jiaokan.formats import from_text

    eng = Engine(ONLY)
    eng.__dict__["scorer_status"] = type(REAL)(None, None, "switched off in this test")
    assert eng.check(from_text("我门看美国电影。")) == []


@needs_lm
def test_productive_suffix_after_a_rare_stem_is_left_alone() -> None:
    # 办复率 (the rate of replies): 率 makes new words after any stem; 复数 is no repair
    text = "全年受理信访案件153件，办复率均为100%。"
    assert not [f for f in api.check_text(text) if f.code == "ZH103"]


@needs_lm
@pytest.mark.parametrize("text", [
    "艾拉莉安、艾莉娅和珂薇妲来到城堡。",      # transliterated names (莉 → 丽 would be a "repair")
    "阿卜杜勒、法廷、亚辛",                   # a list of names, short items
    "使用zhmCJK宏包排版。",                   # a term glued to a Latin word
    "模式是反作用式地生效的。",               # 式 as a productive suffix
    "请选择多种配置中的一种。",               # measure words stand alone
])
def test_names_terms_and_measure_words_are_left_alone(text: str) -> None:
    assert api.check_text(text, settings=ONLY) == []


@needs_lm
def test_term_positions() -> None:
    text = "见TeX宏包，艾莉娅说，共10各"
    assert zh103._term_positions(text, "见", 0, 1) == frozenset({0})          # 见 before a Latin word
    assert zh103._term_positions(text, "宏包", 4, 6) == frozenset({0})       # 宏 after it
    assert zh103._term_positions(text, "艾莉娅说", 7, 11) == frozenset({0, 1, 2})
    assert zh103._term_positions(text, "各", 15, 16) == frozenset()         # after a number: judged
    assert zh103._term_positions("我们看电影", "我们看电影", 0, 5) == frozenset()


@needs_lm
def test_long_text_with_text_layer_damage_is_repaired() -> None:
    # the same kind of long text, hard-wrapped at 30 characters (a PDF text layer: line breaks inside
    # words): its sparse character errors are OCR's, so they are repaired as in a damaged text
    text = _clean_report().replace("\n", "") + "安全生产关乎社会大众福社。"
    wrapped = "\n".join(text[i:i + 30] for i in range(0, len(text), 30))
    findings = [f for f in api.check_text(wrapped, settings=ONLY) if f.code == "ZH103"]
    assert [(f.original, f.fix.applicability) for f in findings if f.fix] == [("社", Applicability.SAFE)]
    # unwrapped, the same text is edited prose: no safe repair
    assert not [f for f in api.check_text(text, settings=ONLY) if f.fix and f.fix.applicability is Applicability.SAFE]


@pytest.mark.parametrize(("clause", "positions"), [
    ("提高自救互救能力", {2, 3, 4, 5}),     # halves sharing 救, headed 自 / 互
    ("坚持群防群治", {2, 3, 4, 5}),
    ("开展以赛促学活动", {2, 3, 4, 5}),     # 以X促Y
    ("漂亮友山友海", set()),                # a learner's 有山有海: 友 heads no coinage
    ("我每天六天半起床", set()),
    ("研究研究", set()),                    # a repeated word, not two halves
])
def test_parallel_coinages(clause: str, positions: set[int]) -> None:
    assert zh103._parallel_positions(clause) == positions


@needs_lm
def test_parallel_coinage_is_no_typo_but_a_typo_beside_it_is() -> None:
    assert [f for f in api.check_text("提高群众的安全意识和自救互救能力。", settings=ONLY)] == []
    assert [f for f in api.check_text("一、以赛促学，知识竞赛气氛热烈", settings=ONLY)] == []
    found = api.check_text("我门要提高自救互救能力。", settings=ONLY)
    assert [(f.original, f.fix.edits[0].content) for f in found if f.fix] == [("门", "们")]


@needs_lm
def test_two_repairs_do_not_make_a_paragraph_damaged() -> None:
    # a paragraph of a clean report with two unknown abbreviations (家校, 双减): not a damaged text, so
    # no safe repair; three real errors in a paragraph of the same size still are one
    para = next(p for p in (DATA / "clean" / "official_02.txt").read_text(encoding="utf-8").split("\n")
                if "家校沟通" in p)
    assert len(regex.findall(r"\p{Han}", para)) >= zh103.SHORT_TEXT
    assert not [f for f in api.check_text(para, settings=ONLY) if f.fix and f.fix.applicability is Applicability.SAFE]
    damaged = "我门看美国电影。下课以后我建意跟同学一起去唱歌。明天我要参架奖学金考试。" + "我们一起去公园散步，看见很多人在跑步。" * 3
    assert len(regex.findall(r"\p{Han}", damaged)) >= zh103.SHORT_TEXT
    fixed = api.fix_text(damaged, settings=ONLY).text
    assert "我们看美国电影" in fixed and "建议" in fixed and "参加" in fixed


@needs_lm
def test_productive_affixes_of_official_prose_are_no_typos() -> None:
    # 源 after a character (工业源, 移动源) and 涉 before one (涉气, 涉企) make new terms
    assert api.check_text("一是加强工业源治理。", settings=ONLY) == []
    assert api.check_text("推动涉气企业安装在线监测设备。", settings=ONLY) == []
    found = api.check_text("我门要加强工业源治理。", settings=ONLY)
    assert [(f.original, f.fix.edits[0].content) for f in found if f.fix] == [("门", "们")]


@needs_lm
@pytest.mark.parametrize("text", [
    "排查一般隐患13处，已全部整改销号。",          # 销号 (closed on the ledger), not 小号
    "检查运输企业156家次，查处超载车辆347台次。",  # 家次, 台次: counts of visits
    "以两客一危车辆为重点开展专项整治。",
])
def test_abbreviations_of_official_prose_are_no_typos(text: str) -> None:
    assert api.check_text(text, settings=ONLY) == []


@needs_lm
def test_a_typo_beside_an_official_abbreviation_is_still_repaired() -> None:
    found = api.check_text("我门已全部整改销号。", settings=ONLY)
    assert [(f.original, f.fix.edits[0].content) for f in found if f.fix] == [("门", "们")]
    from jiaokan.rules._char_terms import official_term_spans

    text = "已全部整改销号。"
    assert (text.index("销号"), text.index("销号") + 2) in official_term_spans(text)


@needs_lm
def test_rare_word_before_a_place_suffix_is_a_place_name() -> None:
    assert api.check_text("云岭县市场监督管理局", settings=ONLY) == []
    assert api.check_text("宁可十防九空，不可失防万一。") == []  # a flood-prevention motto, not 以防万一


@needs_lm
def test_a_long_run_without_punctuation_is_judged_in_windows_cut_between_words() -> None:
    from jiaokan.scoring.context import best_segmentation

    scorer = load_scorer().scorer
    run = "".join(regex.findall(r"\p{Han}+", (DATA / "clean" / "official_01.txt").read_text(encoding="utf-8")))[:500]
    spans = list(zh103._clause_spans("，" + run + "。", scorer))
    assert spans[0][0] == 1 and spans[-1][1] == 1 + len(run)
    assert all(b - a <= zh103.CLAUSE_MAX for a, b in spans)
    assert all(spans[k][1] == spans[k + 1][0] for k in range(len(spans) - 1))  # no gap, no overlap
    cuts = set()
    pos = 1
    for tok in best_segmentation(run, scorer)[0]:
        pos += len(tok)
        cuts.add(pos)
    assert {b for _, b in spans} <= cuts  # every window ends between two words
    short = "我们看美国电影，我门看美国电影。"
    assert list(zh103._clause_spans(short, scorer)) == [(0, 7), (8, 15)]  # ordinary clauses untouched
