"""Reliability of writes: SIGKILL at any moment of ``fix --write`` leaves every file byte-identical to
its old or its fully fixed version; two runs fixing the same tree at once do not corrupt it."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jiaokan.engine import Engine
from jiaokan.files import output_bytes, read_document

from .conftest import SEED

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
CMD = [sys.executable, "-m", "jiaokan.cli", "fix", "--write", "--isolated"]
N_FILES = 12


def _tree(tmp_path: Path) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    """A tree of files with fixes (one large); old and fully fixed bytes by name."""
    seed = SEED.read_text(encoding="utf-8")
    root = tmp_path / "tree"
    root.mkdir()
    encodings = ["utf-8", "utf-8-sig", "gb18030", "utf-16"]
    for i in range(N_FILES):
        text = seed * (12 if i == N_FILES // 2 else 1)
        if i % 3 == 1:
            text = text.replace("\n", "\r\n")
        (root / f"f{i:02d}.txt").write_bytes(text.encode(encodings[i % 4]))
    engine = Engine()
    old = {p.name: p.read_bytes() for p in sorted(root.iterdir())}
    new = {}
    for p in sorted(root.iterdir()):
        doc = read_document(str(p))
        new[p.name] = output_bytes(doc, engine.fix(doc))
        assert new[p.name] != old[p.name]
    return root, old, new


def _assert_old_or_new(root: Path, old: dict[str, bytes], new: dict[str, bytes]) -> int:
    done = 0
    for name in old:
        data = (root / name).read_bytes()
        assert data in (old[name], new[name]), f"{name}: neither the old nor the fixed version"
        done += data == new[name]
    for p in root.iterdir():  # a SIGKILLed run may leave its temporary file, never anything else
        assert p.name in old or p.name.endswith(".jiaokan-tmp"), p.name
    return done


def _env() -> dict[str, str]:
    src = str(Path(__file__).resolve().parents[1] / "src")
    return {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}


def _kill_when(proc: subprocess.Popen, root: Path, nth_write: int, deadline: float) -> None:
    """SIGKILL as soon as the nth write shows (a temporary file appears or a target changes size or
    mtime: polled without sleeping, to land inside the write), or at the deadline."""
    names = sorted(n for n in os.listdir(root) if not n.endswith(".jiaokan-tmp"))
    before = {n: os.stat(root / n) for n in names}
    seen: set[str] = set()
    while proc.poll() is None and time.monotonic() < deadline:
        for n in names:
            st = os.stat(root / n)
            if (st.st_size, st.st_mtime_ns, st.st_ino) != (before[n].st_size, before[n].st_mtime_ns, before[n].st_ino):
                seen.add(n)
        seen.update(n for n in os.listdir(root) if n.endswith(".jiaokan-tmp"))
        if len(seen) >= nth_write:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def test_sigkill_during_write_leaves_old_or_new(tmp_path):
    root, old, new = _tree(tmp_path)
    rng = random.Random(8)
    outcomes = []
    for attempt in range(6):
        for name, data in old.items():  # start from the old tree each time
            (root / name).write_bytes(data)
        for p in root.glob("*.jiaokan-tmp"):
            p.unlink()
        proc = subprocess.Popen(CMD + [str(root)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env=_env())
        start = time.monotonic()
        if attempt % 2:  # at a random moment (reading, checking, fixing or writing)
            _kill_when(proc, root, N_FILES + 1, start + rng.uniform(0.5, 3.0))
        else:  # the instant a temporary file shows up: inside the write
            _kill_when(proc, root, rng.randint(1, N_FILES), start + 15)
        outcomes.append(_assert_old_or_new(root, old, new))
    assert any(0 < n < N_FILES for n in outcomes), outcomes  # some kills did land mid-run


def test_write_atomic_cleans_up_when_interrupted(tmp_path, monkeypatch):
    from jiaokan import files

    target = tmp_path / "a.txt"
    target.write_bytes(b"old")

    def boom(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "fsync", boom)
    with pytest.raises(KeyboardInterrupt):
        files.write_atomic(str(target), b"new" * 1000)
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["a.txt"]


def test_concurrent_runs_on_the_same_tree(tmp_path):
    root, old, new = _tree(tmp_path)
    procs = [subprocess.Popen(CMD + [str(root)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env())
             for _ in range(2)]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
    assert _assert_old_or_new(root, old, new) == N_FILES
    assert sorted(os.listdir(root)) == sorted(old)


def test_concurrent_writers_through_write_atomic(tmp_path):
    """Many processes replacing one file: every read sees one whole version."""
    target = tmp_path / "t.txt"
    versions = [bytes([65 + i]) * 200_000 for i in range(4)]
    target.write_bytes(versions[0])
    code = ("import sys; from jiaokan.files import write_atomic\n"
            "for _ in range(20): write_atomic(sys.argv[1], bytes([int(sys.argv[2])]) * 200_000)\n")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(target), str(65 + i)], env=_env())
             for i in range(4)]
    while any(p.poll() is None for p in procs):
        assert target.read_bytes() in versions
    assert all(p.returncode == 0 for p in procs)
    assert target.read_bytes() in versions and os.listdir(tmp_path) == ["t.txt"]
