"""Reliability: bad config files and dictionaries are one clear error naming the file and line."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from jiaokan import dictcheck
from jiaokan.cli import app

runner = CliRunner()


def run(tmp_path, *args):
    (tmp_path / "a.txt").write_text("同学们要再接再励。\n", encoding="utf-8")
    return runner.invoke(app, [*args, str(tmp_path / "a.txt")])


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("bad.tsv", "错字\t正字\tnote\nno_tab_here\n", "bad.tsv:2: expected 2 to 4 tab-separated columns"),
        ("self.tsv", "甲乙\t甲乙\tn\n", "self.tsv:1: '甲乙' corrects to itself"),
        ("cycle.tsv", "甲乙\t丙丁\tn\n丙丁\t甲乙\tn\n", "cycle.tsv:1: cycle between entries: 甲乙 → 丙丁 → 甲乙"),
        ("cycle3.tsv", "# c\n甲\t乙\tn\n乙\t丙\tn\n丙\t甲\tn\n", "cycle3.tsv:2: cycle between entries: 甲 → 乙 → 丙 → 甲"),
        ("latin1.tsv", b"ok\tfine\tn\n" + b"caf\xe9\tx\tn\n", "latin1.tsv:2: not UTF-8"),
        ("cond.tsv", "甲\t乙\tn\tX=1\n", "cond.tsv:1: bad condition 'X=1'"),
    ],
)
def test_bad_dictionary_is_one_line_with_file_and_line(tmp_path, name, content, expected):
    d = tmp_path / name
    d.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    for cmd in ("check", "fix"):
        r = run(tmp_path, cmd, "--isolated", "--dict", str(d))
        assert r.exit_code == 2, r.output
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"jiaokan: error: {d.parent}/{expected}"), lines
        assert "Traceback" not in r.output


def test_cycle_through_a_builtin_entry(tmp_path):
    d = tmp_path / "back.tsv"
    d.write_text("参与\t参予\tthe other way round\n", encoding="utf-8")  # the shipped 参予 → 参与 reversed
    r = run(tmp_path, "check", "--isolated", "--dict", str(d))
    assert r.exit_code == 2 and "back.tsv:1: cycle between entries: 参与 → 参予 → 参与" in r.stderr


def test_missing_dictionary_and_allowlist(tmp_path):
    r = run(tmp_path, "check", "--isolated", "--dict", str(tmp_path / "nope.tsv"))
    assert r.exit_code == 2 and f"{tmp_path}/nope.tsv: cannot read" in r.stderr
    bad = tmp_path / "allow.tsv"
    bad.write_text("只有词条\n", encoding="utf-8")
    r = run(tmp_path, "check", "--isolated", "--allow", str(bad))
    assert r.exit_code == 2 and "allow.tsv:1: expected term<TAB>reason" in r.stderr


def test_huge_user_dictionary_is_refused_at_the_line_over_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(dictcheck, "MAX_USER_ENTRIES", 1000)
    d = tmp_path / "huge.tsv"
    d.write_text("# header\n" + "".join(f"错{i:05d}\t对{i:05d}\tn\n" for i in range(1200)), encoding="utf-8")
    r = run(tmp_path, "check", "--isolated", "--dict", str(d))
    assert r.exit_code == 2, r.output
    assert "huge.tsv:1002: more than 1000 entries" in r.stderr
    monkeypatch.setattr(dictcheck, "MAX_USER_BYTES", 100)
    r = run(tmp_path, "check", "--isolated", "--dict", str(d))
    assert r.exit_code == 2 and "huge.tsv: too large" in r.stderr


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("jiaokan.toml", 'select = ["ZH999"]\n', "unknown rule selector 'ZH999'"),
        ("jiaokan.toml", "select = [\n", "invalid TOML"),
        ("jiaokan.toml", "bogus = 1\n", "key 'bogus': unknown key"),
        ("jiaokan.toml", 'min-confidence = "high"\n', "min-confidence"),
        ("pyproject.toml", '[tool.jiaokan]\nfail-on = "loud"\n', "fail-on"),
    ],
)
def test_bad_config_is_one_line_with_the_file(tmp_path, name, content, expected):
    (tmp_path / name).write_text(content, encoding="utf-8")
    r = run(tmp_path, "check", "--config", str(tmp_path / name))
    assert r.exit_code == 2, r.output
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"jiaokan: error: {tmp_path / name}") and expected in lines[0]
