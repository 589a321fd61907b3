"""Reliability: Ctrl-C (SIGINT) during a long run exits 130 with one line on stderr (no traceback),
flushes the report of the files finished so far, and leaves no half-written or temporary file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import SEED

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
N_FILES = 3000  # far more than a run gets through before the signal, even on a fast machine (600 no longer were)


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    root = tmp_path_factory.mktemp("interrupt") / "tree"
    root.mkdir()
    seed = SEED.read_bytes()
    for i in range(N_FILES):
        (root / f"f{i:04d}.txt").write_bytes(seed)
    return root, {p.name: p.read_bytes() for p in root.iterdir()}


def _start(args: list[str]) -> subprocess.Popen:
    src = str(Path(__file__).resolve().parents[1] / "src")
    env = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}
    # a shell may start background jobs with SIGINT ignored; a terminal's Ctrl-C reaches a foreground job
    return subprocess.Popen([sys.executable, "-m", "jiaokan.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def _stderr_ok(err: bytes) -> str:
    text = err.decode("utf-8")
    assert "Traceback" not in text and "Error" not in text, text
    assert text.strip().splitlines()[-1].startswith("jiaokan: interrupted"), text
    return text


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigint_during_check_flushes_the_partial_report(tree, jobs):
    root, _ = tree
    proc = _start(["check", "--isolated", "-f", "json", "-j", jobs, str(root)])
    time.sleep(6.0)  # past start-up even on a loaded machine (the handler is in place by then)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err.decode()
    text = _stderr_ok(err)
    report = json.loads(out)  # a whole, valid document for the files finished before Ctrl-C
    names = [Path(f["path"]).name for f in report["files"]]
    assert names == [f"f{i:04d}.txt" for i in range(len(names))]  # a prefix, in order
    assert len(names) < N_FILES
    assert f"after {len(names)} file(s)" in text


def test_sigint_during_fix_write(tree, tmp_path):
    src, old = tree
    root = tmp_path / "tree"
    root.mkdir()
    for name, data in old.items():
        (root / name).write_bytes(data)
    proc = _start(["fix", "--write", "--isolated", str(root)])
    assert proc.stdout is not None
    first = proc.stdout.readline()  # the first file's report: the run is under way
    assert first.startswith(b"---")
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    rest = proc.stdout.read()  # not communicate(): it would skip what readline() buffered
    err = proc.stderr.read()  # type: ignore[union-attr]
    assert proc.wait(timeout=60) == 130, err.decode()
    _stderr_ok(err)
    report = (first + rest).decode("utf-8")
    reported = report.count("change(s) applied")
    changed = 0
    fixed = None
    for p in sorted(root.iterdir()):
        assert not p.name.endswith(".jiaokan-tmp"), p.name  # no temporary file left behind
        data = p.read_bytes()
        if data != old[p.name]:
            fixed = fixed or data
            assert data == fixed  # every file had the same content: all changed ones match
            changed += 1
    assert 0 < changed < N_FILES and reported in (changed, changed + 1), (changed, reported)
