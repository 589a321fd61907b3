"""Configuration discovery, validation (one clear error naming file and key) and precedence."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from jiaokan.cli import app
from jiaokan.config import ConfigError, Overrides, config_for, load, settings_for
from jiaokan.model import Severity

runner = CliRunner()


def write(p: Path, s: str) -> Path:
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(s, encoding="utf-8")
    return p


def test_discovery_upward_and_pyproject(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.jiaokan]\nignore = ["ZH5"]\n')
    write(tmp_path / "sub" / "pyproject.toml", "[project]\nname = 'x'\n")  # no table: skipped
    f = write(tmp_path / "sub" / "deep" / "a.md", "x")
    cfg = config_for(str(f))
    assert cfg.path == (tmp_path / "pyproject.toml").resolve() and cfg.ignore == ("ZH5",)
    write(tmp_path / "sub" / ".jiaokan.toml", 'ignore = ["ZH4"]\n')
    write(tmp_path / "sub" / "deep" / "x.md", "x")  # a new directory lookup: caches are per directory
    from jiaokan import config

    config.discover.cache_clear()
    assert config_for(str(f)).ignore == ("ZH4",)


def test_jiaokan_toml_wins_over_pyproject_in_same_dir(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.jiaokan]\nignore = ["ZH5"]\n')
    write(tmp_path / "jiaokan.toml", 'ignore = ["ZH4"]\n')
    assert config_for(str(write(tmp_path / "a.md", ""))).ignore == ("ZH4",)


@pytest.mark.parametrize(
    ("body", "key", "fragment"),
    [
        ('selec = ["ZH1"]\n', "selec", "unknown key"),
        ('select = "NOPE9"\n', "select", "unknown rule selector 'NOPE9'"),
        ("min-confidence = 2\n", "min-confidence", "from 0 to 1"),
        ('fail-on = "fatal"\n', "fail-on", "unknown severity"),
        ('[severity]\nZH101 = "loud"\n', "severity.ZH101", "unknown severity"),
        ('dictionaries = ["nope.tsv"]\n', "dictionaries", "no such file"),
        ('[per-file-ignores]\n"*.md" = 3\n', "per-file-ignores.*.md", "list of non-empty strings"),
        ("builtin-dictionaries = 1\n", "builtin-dictionaries", "true or false"),
        ("select = [\n", None, "invalid TOML"),
    ],
)
def test_bad_config_is_one_error_with_file_and_key(tmp_path, body, key, fragment):
    cfg = write(tmp_path / "jiaokan.toml", body)
    with pytest.raises(ConfigError) as exc:
        load(cfg)
    msg = str(exc.value)
    assert msg.startswith(f"{cfg.resolve()}: ") and fragment in msg and "\n" not in msg
    if key:
        assert f"key '{key}'" in msg
    write(tmp_path / "a.md", "再接再励\n")
    r = runner.invoke(app, ["check", str(tmp_path / "a.md")])
    assert r.exit_code == 2
    assert r.stderr.strip() == f"jiaokan: error: {msg}"


def test_pyproject_key_names_its_table(tmp_path):
    cfg = write(tmp_path / "pyproject.toml", "[tool.jiaokan]\nbogus = 1\n")
    with pytest.raises(ConfigError, match=r"key 'tool\.jiaokan\.bogus'"):
        load(cfg)


def test_precedence_cli_over_config_over_defaults(tmp_path):
    d = write(tmp_path / "terms.tsv", "甲方案\t乙方案\tnote\n")
    cfg = load(write(tmp_path / "jiaokan.toml",
                     'select = ["ZH1"]\nignore = ["ZH102"]\nmin-confidence = 0.5\nfail-on = "error"\n'
                     'dictionaries = ["terms.tsv"]\n[severity]\nconfusion = "info"\n'))
    s = settings_for(cfg, Overrides())
    assert (s.select, s.ignore, s.min_confidence, s.fail_on) == (("ZH1",), ("ZH102",), 0.5, Severity.ERROR)
    assert s.dictionaries == (d.resolve(),)  # relative to the config file
    assert ("ZH101", Severity.INFO) in s.severity  # a rule name resolves to its code
    s = settings_for(cfg, Overrides(select=("ZH3",), ignore=("ZH301",), min_confidence=0.1, fail_on="info"))
    assert (s.select, s.ignore, s.min_confidence, s.fail_on) == (("ZH3",), ("ZH301",), 0.1, Severity.INFO)
    assert settings_for(cfg, Overrides(ignore=("ZH5",))).ignore == ("ZH102", "ZH5")  # --ignore adds


def test_config_flag_and_severity_override_in_output(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "other.toml", 'builtin-dictionaries = false\ndictionaries = ["t.tsv"]\n'
                                   'select = ["ZH101"]\n[severity]\nZH101 = "info"\n')
    write(tmp_path / "t.tsv", "甲方案\t乙方案\tnote\n")
    write(tmp_path / "a.txt", "采用甲方案。\n")
    r = runner.invoke(app, ["check", "--config", "other.toml", "-f", "github", "a.txt"])
    assert r.exit_code == 0  # info is below the default fail-on (warning)
    assert r.stdout.startswith("::notice file=a.txt,line=1,col=3,")
    assert runner.invoke(app, ["check", "--config", "other.toml", "--fail-on", "info", "a.txt"]).exit_code == 1


def test_config_command_reports_errors(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "jiaokan.toml", "nope = true\n")
    r = runner.invoke(app, ["config"])
    assert r.exit_code == 2 and "key 'nope': unknown key" in r.stderr
