"""Dictionary tests in the spirit of codespell and typos: the validator is itself tested; shipped
files are canonical, sorted, unique, NFC, free of self-corrections, chains and cycles; and every
entry is flagged in a minimal context and its fix removes the finding."""

from __future__ import annotations

import pytest

from jiaokan import api
from jiaokan.dictionaries import (
    DictionaryError,
    builtin_dir,
    load_builtin,
    load_builtin_patterns,
    parse_allowlist,
    parse_dictionary,
    parse_patterns,
    validate_set,
)
from jiaokan.formats import from_text
from jiaokan.model import Applicability

ENTRIES, ALLOWED = load_builtin()


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("参予", "expected 2 to 4"),
        ("参予\t参与\tnote\tL=a\textra", "expected 2 to 4"),
        ("\t参与", "empty wrong term"),
        ("参予\t", "empty correction"),
        ("参予\t参予", "corrects to itself"),
        ("参予\t参与|参与", "duplicate correction"),
        ("参 予\t参与", "whitespace"),
        ("参予\t参与\tn\tX=1", "bad condition"),
        ("参予\t参与\tn\tL=a L=b", "given twice"),
        ("参予\t参与\tn\tconf=2", "outside"),
        ("参予\t参与\tn\tconf=x", "not a number"),
        ("e\u0301\te", "not NFC"),
    ],
)
def test_validator_rejects(line, problem):
    with pytest.raises(DictionaryError) as exc:
        parse_dictionary(["# header", line], "x.tsv", "confusion")
    assert problem in str(exc.value)
    assert str(exc.value).startswith("x.tsv:2:")


def test_validator_accepts_conditions():
    (e,) = parse_dictionary(["宣扬\t宣传\tspin\tR=资料|工作 !L=大力 conf=0.85"], "x.tsv", "spin")
    assert e.right == ("资料", "工作") and e.not_left == ("大力",) and e.confidence == 0.85
    assert e.accepts("发放宣扬资料", 2, 4)
    assert not e.accepts("大力宣扬资料", 2, 4)
    assert not e.accepts("宣扬封建迷信", 0, 2)


def test_allowlist_needs_reason():
    with pytest.raises(DictionaryError):
        parse_allowlist(["一路平安"], "a.tsv")
    assert parse_allowlist(["一路平安\tidiom"], "a.tsv")[0].reason == "idiom"


def test_patterns_must_compile():
    with pytest.raises(DictionaryError):
        parse_patterns(["bad\t(unclosed\tnote"], "b.txt")


def test_cross_checks_find_chains_and_duplicates():
    entries = parse_dictionary(["甲\t乙\tn", "乙\t丙\tn", "甲\t丁\tn"], "x.tsv", "confusion")
    problems = validate_set(entries)
    assert any("itself listed as wrong" in p for p in problems)
    assert any("duplicate" in p for p in problems)


def test_shipped_dictionaries_exist_and_are_consistent():
    assert ENTRIES, "no shipped dictionary entries"
    assert validate_set(ENTRIES) == []
    assert load_builtin_patterns()


@pytest.mark.parametrize("path", sorted(builtin_dir().glob("*.tsv")), ids=lambda p: p.name)
def test_shipped_file_is_canonical_and_sorted(path):
    """Rewriting the file in canonical form must not change it (typos' verify test)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    body = [ln for ln in lines if ln and not ln.startswith("#")]
    if path.stem.startswith("allowed"):
        terms = [ln.split("\t")[0] for ln in body]
        assert terms == sorted(terms), "allowlist not sorted"
        assert len(set(terms)) == len(terms), "allowlist has duplicates"
        return
    kind = "candidates-spin" if path.stem.startswith("candidates") else "confusion"
    entries = parse_dictionary(lines, str(path), kind)
    canonical = [e.canonical_line() for e in entries]
    assert body == canonical, "file differs from its canonical form"
    keys = [(e.wrong, e.conditions_text()) for e in entries]
    assert keys == sorted(keys), "entries not sorted by (wrong, conditions)"


def test_allowlist_does_not_hide_whole_entries():
    allowed = {a.term for a in ALLOWED}
    for e in ENTRIES:
        assert e.wrong not in allowed, f"{e.source}: {e.wrong} is also allowlisted"


def _context_for(e):
    left = e.left[0] if e.left else ""
    right = e.right[0] if e.right else ""
    return "。" + left, "。" if not right else right + "。"


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: f"{e.wrong}>{'|'.join(e.rights)}")
def test_entry_flags_and_fix_removes_finding(engine, entry):
    left, right = _context_for(entry)
    text = left + entry.wrong + right
    start = len(left)
    doc = from_text(text)
    found = [f for f in engine.check(doc) if f.span.start <= start < f.span.end]
    assert found, f"{entry.source}: {entry.wrong!r} not flagged in {text!r}"
    f = found[0]
    if f.fix is not None and f.fix.applicability == Applicability.SAFE:
        out = engine.fix(doc)
        assert entry.wrong not in out.text[start - 1 : start + len(entry.wrong) + 1] or out.text != text
        again = [g for g in out.remaining if g.code == f.code and g.original == f.original]
        assert not again, f"{entry.source}: fix of {entry.wrong!r} leaves the finding"


@pytest.mark.parametrize("name", ["idioms.txt", "formulations.txt", "terms_official.txt"])
def test_word_lists_sorted_unique_han(name):
    import unicodedata

    import regex

    lines = [ln for ln in (builtin_dir() / name).read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    assert lines == sorted(set(lines)), f"{name} not sorted and unique"
    for w in lines:
        assert regex.fullmatch(r"\p{Han}+", w) and unicodedata.normalize("NFC", w) == w, w


def test_spin_candidates_are_consistent():
    """spun<TAB>original pairs judged by the model: one line per spun word, no word both spun and
    an original (a chain), every prior in (0, 1]."""
    from jiaokan.dictionaries import load_candidates

    cands = load_candidates("spin")
    spun = [e.wrong for e in cands]
    assert len(spun) == len(set(spun))
    originals = {r for e in cands for r in e.rights}
    # known chains, each judged in context at each step: 自动→主动→积极, 抵触→冲突→矛盾,
    # 鞭策→推动→推进, and three a spinner's word list shows (事变→事情→工作, 题型→题目→问题,
    # 才干→才能→能力)
    assert originals & set(spun) == {"主动", "冲突", "推动", "事情", "题目", "才能"}
    assert all(0 < e.confidence <= 1 for e in cands)


# garbles a thesaurus spinner leaves (大 → 年夜, 失 → 失踪, 开发 → 斥地): flagged and fixed, but not
# where the same characters are right Chinese
@pytest.mark.parametrize(("text", "fixed"), [
    ("软件斥地职员要写好文档。", "软件开发职员要写好文档。"),
    ("连接失踪败，请检查网络。", "连接失败，请检查网络。"),
    ("这是一项庞年夜的工程。", "这是一项庞大的工程。"),
    ("年夜量数据需要处理。", "大量数据需要处理。"),
    ("两边的数据纷歧致。", "两边的数据不一致。"),
    ("请检查后真个日志。", "请检查后端的日志。"),
])
def test_spinner_garbles_are_fixed(text, fixed):
    assert api.fix_text(text).text == fixed


@pytest.mark.parametrize("text", [
    "他被排斥地站在一旁。",          # 排斥 + 地, not 开发
    "这些办法不外乎三类，只不外乎是老一套。",  # 不外乎
    "那位老人失踪去年才被找到。",      # 失踪 + 去年
    "全家一起吃年夜饭。",              # 年夜饭
    "人员失踪后立即报警。",            # 失踪 itself
    "中国人看重年夜饭。",              # 看重 + 年夜饭, not 重大
    "这项改革究竟结果如何？",          # 究竟 + 结果
    "从上海寄义乌的快递。",            # 寄 + 义乌
    "儿童失踪往往发生在人多的地方。",  # 失踪 + 往往
    "这些渔船只不外出捕捞。",          # 船只 + 不外出
    "老教授教养深厚。",                # 教授 + 教养
])
def test_spinner_garbles_leave_right_chinese(text):
    assert not [f for f in api.check_text(text) if f.code == "ZH201"]


@pytest.mark.parametrize(("text", "flag"), [
    ("他在看录相。", True),
    ("我们要进1步推进工作。", True),
    ("打印移除所有目录相关信息后的名字。", False),   # 目录 + 相关
    ("记录相乘结果的表达式。", False),             # 记录 + 相乘
    ("按Shift+F1并划过本控件。", False),           # the key F1
    ("CSS1定量单位的名称。", False),               # CSS1
])
def test_typo_conditions_spare_words_across_the_boundary(text, flag):
    assert bool([f for f in api.check_text(text) if f.code == "ZH101"]) is flag


def test_cue_condition_is_read_in_candidate_tables_only():
    (e,) = parse_dictionary(["团聚\t团圆\tspin\tcue=汤圆|元宵 conf=0.3"], "c.tsv", "candidates-spin")
    assert e.cues == ("汤圆", "元宵") and not e.conditional  # evidence for ZH202, not a gate
    assert e.canonical_line() == "团聚\t团圆\tspin\tcue=汤圆|元宵 conf=0.3"
    with pytest.raises(DictionaryError, match="cue= is read only in candidate tables"):
        parse_dictionary(["团聚\t团圆\tspin\tcue=汤圆"], "spin_x.tsv", "spin")
    (e,) = parse_dictionary(["展开\t开展\tspin\tobj=活动 conf=0.5"], "c.tsv", "candidates-spin")
    assert e.objects == ("活动",) and e.canonical_line().endswith("obj=活动 conf=0.5")
    with pytest.raises(DictionaryError, match="obj= is read only"):
        parse_dictionary(["展开\t开展\tspin\tobj=活动"], "typos_x.tsv", "confusion")


@pytest.mark.parametrize(("text", "wrong"), [
    ("我们己经完成了全年任务。", "己经"), ("严格要求自已。", "自已"), ("必竟是新手。", "必竟"),
    ("即然决定了就要做好。", "即然"), ("双方展开激烈的辨论。", "辨论"),
    ("要发挥党员的带头做用。", "做用"), ("各部门要密切配合，行成合力。", "行成"), ("这是问题的关健所在。", "关健"),
    ("一但发现问题要及时报告。", "一但"), ("合理按排时间。", "按排"),
    ("要认真惯彻会议精神。", "惯彻"), ("学习成积优异。", "成积"), ("工程已经峻工。", "峻工"),
    ("我们周未去公园。", "周未"), ("她是一名护土。", "护土"), ("要深人基层调研。", "深人"),  # OCR look-alikes
    ("以天下为已任。", "已任"), ("严于律已，宽以待人。", "律已"),
    ("加强社会冶安综合治理。", "冶安"), ("财政拔款100万元。", "拔款"), ("什么时侯出发？", "时侯"),
])
def test_two_character_misspellings_flagged(text, wrong):
    from jiaokan import api

    assert wrong in [f.original for f in api.check_text(text) if f.code == "ZH101"]


@pytest.mark.parametrize("text", [
    "各自已经完成任务。",      # 各自 + 已经
    "我们自己经常加班。",      # 自己 + 经常
    "立即然后再说。",          # 立即 + 然后
    "这是势必竟然发生的。",    # 势必 + 竟然
    "要分辨论文的真伪。",      # 分辨 + 论文
    "银行成立了新部门。", "心里想着工作。", "以经济建设为中心。", "统一但分散的管理。", "按排名先后入场。",
    "形成积极向上的氛围。", "习惯彻底改变了。", "摆脱变化的困扰。",
    "全年未发生安全事故。", "恢复原始未压缩的数据。", "资深人士认为。", "灭火器过期未更换。",
    "他们早知已经晚了。", "各方已任命了代表。",
    "钢铁冶金行业。", "陶冶情操。", "一个挺拔打眼的身影。",
])
def test_misspelling_strings_across_a_word_boundary_left_alone(text):
    from jiaokan import api

    assert not [f for f in api.check_text(text) if f.code == "ZH101"]
