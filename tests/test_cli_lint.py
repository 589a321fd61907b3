"""The CI lint end to end on tests/fixtures/repo (Markdown with errors in prose, in code blocks,
suppressed, baselined, ignored per file, excluded): a snapshot per output format, SARIF validated,
and the exit code per format and flag, table-driven."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jiaokan.cli import FORMATS, app

from .snapshots_util import assert_snapshot

FIXTURE = Path(__file__).parent / "fixtures" / "repo"
SCHEMA = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"
runner = CliRunner()


@pytest.fixture
def repo(tmp_path, monkeypatch):
    dest = tmp_path / "repo"
    shutil.copytree(FIXTURE, dest)
    (dest / "docs" / "binary.md").write_bytes(b"\x00\x01\x02" * 20)  # found by walking: a note only
    monkeypatch.chdir(dest)
    return dest


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


EXT = {"text": "txt", "json": "json", "sarif": "sarif", "github": "txt", "rdjson": "json", "junit": "xml"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_fixture_repo_snapshot(repo, fmt):
    r = run("check", "-f", fmt, "--baseline", "baseline.json", "--jobs", "1", ".")
    assert r.exit_code == 1, r.stderr
    assert_snapshot(f"cli/repo.{fmt}.{EXT[fmt]}", r.stdout)
    assert "docs/binary.md: skipped: binary file" in r.stderr


def test_fixture_repo_findings(repo):
    r = run("check", "-f", "json", "--jobs", "1", ".")
    found = {(f["code"], f["original"], Path(fl["path"]).as_posix(), f["line"])
             for fl in json.loads(r.stdout)["files"] for f in fl["findings"]}
    assert found == {
        ("ZH101", "再接再励", "docs/guide.md", 3),  # prose
        ("ZH101", "参予", "docs/guide.md", 3),  # after an emoji
        ("ZH101", "宣扬单", "docs/guide.md", 5),  # two candidates: suggestions, no fix
        ("ZH301", "⽣", "docs/guide.md", 18),  # severity raised to error by the config
        ("ZH101", "参予", "docs/old.md", 3),  # in the baseline
    }  # not: the code block, the suppressed lines, legacy/ (per-file ignore), drafts/ (excluded)
    sev = {f["code"]: f["severity"] for fl in json.loads(r.stdout)["files"] for f in fl["findings"]}
    assert sev["ZH301"] == "error"


def test_fixture_sarif_validates_and_columns_utf16(repo):
    jsonschema = pytest.importorskip("jsonschema")
    r = run("check", "-f", "sarif", ".")
    log = json.loads(r.stdout)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    res = [x for x in log["runs"][0]["results"] if x["locations"][0]["physicalLocation"]["region"]
           ["snippet"]["text"] == "参予" and "guide" in x["locations"][0]["physicalLocation"]
           ["artifactLocation"]["uri"]]
    # 同学们要再接再励，争取更好成绩。😀他积极参予: 参 is code point 21, UTF-16 unit 22
    assert res[0]["locations"][0]["physicalLocation"]["region"]["startColumn"] == 22
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} == {"ZH101", "ZH301"} and all("What it does" in r["help"]["text"] for r in rules)


def test_fixture_columns_in_every_format(repo):
    """参予 after the emoji on line 3: code points 21, UTF-16 22, UTF-8 bytes 62."""
    line = (repo / "docs" / "guide.md").read_text(encoding="utf-8").splitlines()[2]
    i = line.index("参予")
    assert (i + 1, len(line[:i].encode("utf-16-le")) // 2 + 1, len(line[:i].encode()) + 1) == (21, 22, 62)
    out = {fmt: run("check", "-f", fmt, "docs/guide.md").stdout for fmt in FORMATS}
    assert "docs/guide.md:3:21: ZH101 参予" in out["text"]
    assert ",line=3,col=21,endLine=3,endColumn=23," in out["github"]
    assert "line 3, col 21, ZH101" in out["junit"]
    j = [f for f in json.loads(out["json"])["files"][0]["findings"] if f["original"] == "参予"][0]
    assert (j["line"], j["column"]) == (3, 21)
    rd = [d for d in json.loads(out["rdjson"])["diagnostics"] if "参予" in d["message"]][0]
    assert rd["location"]["range"]["start"] == {"line": 3, "column": 62}
    assert rd["suggestions"][0]["text"] == "与"


# (args, exit code) for every format: 0 clean, 1 findings at/above --fail-on, 2 usage/config/input error
CASES = [
    (["."], 1),
    (["--exit-zero", "."], 0),
    (["docs/clean.md"], 0),
    (["legacy/notes.md"], 0),  # per-file ignore
    (["drafts/wip.md"], 0),  # excluded, even when named
    (["--fail-on", "error", "."], 1),  # ZH301 is an error by config
    (["--fail-on", "error", "--ignore", "ZH301", "."], 0),
    (["--fail-on-confidence", "0.95", "."], 1),  # ZH301 at 0.99
    (["--fail-on-confidence", "0.995", "."], 0),
    (["--baseline", "baseline.json", "docs/old.md"], 0),
    (["--baseline", "baseline.json", "docs/guide.md"], 1),
    (["--isolated", "--select", "ZH301", "docs/clean.md"], 0),
    (["--fail-on", "fatal", "."], 2),
    (["--select", "NOPE", "."], 2),
    (["--config", "missing.toml", "."], 2),
    (["--baseline", "jiaokan.toml", "."], 2),  # not a baseline
    (["docs/binary.md"], 2),  # named binary: an input error
    (["--exit-zero", "docs/binary.md", "docs/guide.md"], 2),  # errors are never hidden
    (["nonexistent.md"], 2),
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("args", "code"), CASES, ids=[" ".join(a) for a, _ in CASES])
def test_exit_codes(repo, fmt, args, code):
    r = run("check", "-f", fmt, *args)
    assert r.exit_code == code, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr
    if code == 2:
        assert r.stderr.strip().splitlines()[-1].startswith("jiaokan: error: ")


def test_unknown_format_is_usage_error(repo):
    r = run("check", "-f", "xml", ".")
    assert r.exit_code == 2 and "sarif" in r.stderr


def test_output_file(repo):
    r = run("check", "-f", "sarif", "-o", "out.sarif", ".")
    assert r.exit_code == 1 and r.stdout == ""
    assert json.loads((repo / "out.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_baseline_survives_lines_moving(repo):
    r = run("check", "--write-baseline", "new-baseline.json", "docs/guide.md")
    assert r.exit_code == 0, r.stderr
    guide = repo / "docs" / "guide.md"
    text = guide.read_text(encoding="utf-8")
    guide.write_text("新增的第一段。\n\n新增的第二段。\n\n" + text, encoding="utf-8")
    assert run("check", "--baseline", "new-baseline.json", "docs/guide.md").exit_code == 0
    guide.write_text(text + "\n又一处再接再励。\n", encoding="utf-8")
    r = run("check", "--baseline", "new-baseline.json", "--no-show-source", "docs/guide.md")
    assert r.exit_code == 1
    assert r.stdout.splitlines()[0].startswith("docs/guide.md:20:4: ZH101 再接再励")
    assert len(r.stdout.splitlines()) == 2  # the new one and the summary


def test_gitignore_and_hidden_are_skipped(repo):
    (repo / ".gitignore").write_text("build/\n*.out.md\n", encoding="utf-8")
    (repo / "build").mkdir()
    (repo / "build" / "gen.md").write_text("再接再励\n", encoding="utf-8")
    (repo / "docs" / "x.out.md").write_text("再接再励\n", encoding="utf-8")
    (repo / ".hidden").mkdir()
    (repo / ".hidden" / "h.md").write_text("再接再励\n", encoding="utf-8")
    out = run("check", "--no-show-source", ".").stdout
    assert "build" not in out and "x.out.md" not in out and ".hidden" not in out
    out = run("check", "--no-show-source", "--no-respect-gitignore", ".").stdout
    assert "build/gen.md" in out and "x.out.md" in out


def test_jobs_output_is_stable(repo):
    for i in range(30):
        (repo / "docs" / f"many{i:02d}.md").write_text(f"第{i}段：同学们要再接再励。\n" * (i % 3 + 1),
                                                       encoding="utf-8")
    one = run("check", "-f", "json", "--jobs", "1", ".")
    two = run("check", "-f", "json", "--jobs", "2", ".")
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout
    assert len(json.loads(one.stdout)["files"]) > 30


def test_unused_suppression_reported(repo):
    (repo / "docs" / "sup.md").write_text("<!-- jiaokan: disable-next-line ZH301 -->\n一切正常。\n",
                                          encoding="utf-8")
    assert run("check", "docs/sup.md").exit_code == 0
    r = run("check", "--report-unused-suppressions", "docs/sup.md")
    assert r.exit_code == 1 and "JK100" in r.stdout and "docs/sup.md:1:1:" in r.stdout


def test_fix_honours_config_and_suppression(repo):
    r = run("fix", "--diff", "docs/guide.md")
    assert r.exit_code == 0
    assert "+同学们要再接再厉，争取更好成绩。😀他积极参与了工作。" in r.stdout
    assert "+生产安全。" in r.stdout
    assert "引用原文" not in r.stdout  # suppressed line untouched
    assert run("fix", "--diff", "legacy/notes.md").stdout == ""  # per-file ignore


def test_config_command(repo):
    r = run("config", "docs/guide.md")
    assert r.exit_code == 0
    assert f"# config file: {repo / 'jiaokan.toml'}" in r.stdout
    assert 'select = ["ZH101", "ZH301"]' in r.stdout
    assert 'ZH301 = "error"' in r.stdout
    assert '"legacy/*.md" = ["ZH101"]' in r.stdout
    assert 'ignore = ["ZH101"]' in run("config", "legacy/notes.md").stdout
