"""Table-driven CLI cases: arguments, output and exit code."""

from __future__ import annotations

import codecs
import os
import shutil
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from jiaokan.cli import app

from .conftest import SEED

runner = CliRunner()
TYPO = "同学们要再接再励。\n"


def run(args, input=None):
    return runner.invoke(app, args, input=input)


@pytest.mark.parametrize(
    ("args", "stdin", "code", "stdout_has"),
    [
        (["check", "-"], "同学们要再接再厉。\n", 0, ""),
        (["check", "-"], TYPO, 1, "<stdin>:1:5: ZH10"),  # ZH101 or ZH102: the rules own the code
        (["check", "--exit-zero", "-"], TYPO, 0, "ZH10"),
        (["check", "--fail-on", "error", "-"], TYPO, 0, "ZH10"),
        (["check", "--ignore", "ZH1", "-"], TYPO, 0, ""),
        (["check", "--select", "ZH5", "-"], TYPO, 0, ""),
        (["check", "--select", "NOPE", "-"], TYPO, 2, ""),
        (["check", "-f", "xml", "-"], TYPO, 2, ""),
        (["check", "-f", "json", "-"], TYPO, 1, '"code": "ZH10'),
        (["rules"], None, 0, "ZH201  spin"),
        (["rules", "ZH101"], None, 0, "What it does"),
        (["rules", "spin"], None, 0, "Fix safety"),
        (["rules", "ZH999"], None, 2, ""),
        (["fix", "-"], TYPO, 0, "再接再厉"),
        (["fix", "--diff", "-"], TYPO, 0, "+同学们要再接再厉。"),
        ([], None, 2, ""),
        (["check", "--min-confidence", "2", "-"], TYPO, 2, ""),
    ],
)
def test_cli_table(args, stdin, code, stdout_has):
    r = run(args, stdin)
    assert r.exit_code == code, (r.stdout, r.stderr)
    assert stdout_has in r.stdout


def test_check_line_format():
    r = run(["check", "-"], "第一行。\n他积极参予了工作。\n")
    assert r.stdout.splitlines()[0].startswith("<stdin>:2:4: ZH101 参予 → 参与")
    assert "(参予 → 参与)" in r.stdout


def test_fix_stdin_writes_text_to_stdout_report_to_stderr():
    r = run(["fix", "-"], TYPO)
    assert r.stdout == "同学们要再接再厉。\n"
    assert "ZH10" in r.stderr and "1 change(s) applied" in r.stderr


def test_fix_without_output_writes_nothing(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(TYPO, encoding="utf-8")
    r = run(["fix", str(f)])
    assert r.exit_code == 0
    assert f.read_text(encoding="utf-8") == TYPO
    assert "+同学们要再接再厉。" in r.stdout and "confidence" in r.stdout
    assert sorted(os.listdir(tmp_path)) == ["a.txt"]


def test_fix_output_file(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(TYPO, encoding="utf-8")
    out = tmp_path / "b.txt"
    report = tmp_path / "r.txt"
    r = run(["fix", str(f), "-o", str(out), "--report", str(report)])
    assert r.exit_code == 0
    assert out.read_text(encoding="utf-8") == "同学们要再接再厉。\n"
    assert f.read_text(encoding="utf-8") == TYPO
    assert "ZH10" in report.read_text(encoding="utf-8")


def test_fix_diff_writes_nothing(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(TYPO, encoding="utf-8")
    r = run(["fix", "--diff", str(f)])
    assert "-同学们要再接再励。" in r.stdout
    assert f.read_text(encoding="utf-8") == TYPO


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("gb18030", b""), ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-8", codecs.BOM_UTF8)],
)
def test_seed_write_keeps_encoding(tmp_path, encoding, bom):
    text = SEED.read_text(encoding="utf-8").replace("\n", "\r\n")
    f = tmp_path / "seed.txt"
    f.write_bytes(bom + text.encode(encoding))
    os.chmod(f, 0o640)
    r = run(["fix", "--write", str(f)])
    assert r.exit_code in (0, 1), r.stderr
    data = f.read_bytes()
    assert data.startswith(bom)
    new = data[len(bom):].decode(encoding)
    assert new != text
    assert "坚强阵地" in new and "坚毅阵地" not in new
    assert "\r\n" in new and "\n" not in new.replace("\r\n", "")
    assert oct(os.stat(f).st_mode & 0o777) == oct(0o640)


def test_bad_inputs_each_one_line_and_others_processed(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(TYPO, encoding="utf-8")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x00\x01\x02\x03" * 50)
    undecodable = tmp_path / "bad.txt"
    undecodable.write_bytes(bytes(range(0x80, 0x100)) * 4)
    missing = tmp_path / "missing.txt"
    r = run(["check", str(binary), str(missing), str(undecodable), str(good)])
    assert r.exit_code == 2
    errs = r.stderr.strip().splitlines()
    assert len(errs) == 3
    assert errs[0] == f"jiaokan: error: {binary}: binary file (NUL bytes), not text"
    assert errs[1] == f"jiaokan: error: {missing}: no such file"
    assert errs[2].startswith(f"jiaokan: error: {undecodable}: cannot decode confidently")
    assert "Traceback" not in r.stderr
    assert f"{good}:1:5: ZH10" in r.stdout


def test_fix_write_leaves_bad_file_untouched(tmp_path):
    bad = tmp_path / "bad.txt"
    payload = bytes(range(0x80, 0x100)) * 4
    bad.write_bytes(payload)
    r = run(["fix", "--write", str(bad)])
    assert r.exit_code == 2
    assert bad.read_bytes() == payload


def test_bad_user_dictionary_is_one_line(tmp_path):
    d = tmp_path / "user.tsv"
    d.write_text("好\t好\tself\n", encoding="utf-8")
    r = run(["check", "--dict", str(d), "-"], TYPO)
    assert r.exit_code == 2
    assert r.stderr.strip() == f"jiaokan: error: {d}:1: '好' corrects to itself"


def test_user_dictionary_and_allowlist(tmp_path):
    d = tmp_path / "user.tsv"
    d.write_text("甲方案\t乙方案\tour house style\n", encoding="utf-8")
    a = tmp_path / "allow.tsv"
    a.write_text("再接再励\tquoted as a bad example in our style guide\n", encoding="utf-8")
    r = run(["check", "--no-show-source", "--dict", str(d), "--allow", str(a), "-"], "采用甲方案。同学们要再接再励。\n")
    assert "甲方案 → 乙方案" in r.stdout
    assert "再接再励" not in r.stdout


def test_directory_is_walked(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.md").write_text(TYPO, encoding="utf-8")
    (tmp_path / "b.bin").write_bytes(b"\x00")
    r = run(["check", str(tmp_path)])
    assert r.exit_code == 1 and "a.md:1:5" in r.stdout


def test_console_script_runs():
    exe = shutil.which("jiaokan", path=os.path.dirname(sys.executable))
    assert exe, "console script not installed"
    p = subprocess.run([exe, "check", "-"], input=TYPO.encode(), capture_output=True)
    assert p.returncode == 1 and b"ZH10" in p.stdout
