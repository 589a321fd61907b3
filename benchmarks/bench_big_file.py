"""A very large text file through the CLI: time and peak RSS of ``check`` and ``fix --write``.

Run on purpose (never part of the test suite):

    .venv/bin/python benchmarks/bench_big_file.py --mb 25 --mb 200 [--dir /tmp] [--keep]
    .venv/bin/python benchmarks/bench_big_file.py --mb 25 --threshold 1000000000   # whole-file path
    .venv/bin/python benchmarks/bench_big_file.py --mb 25 --ignore ZH103            # without a rule

The file is the bundled example plus the clean prose of tests/data/clean, repeated to size, with
CRLF line endings. Files of at least JIAOKAN_CHUNK_THRESHOLD bytes (8 MiB by default; ``--threshold``
sets it for the runs) are processed in chunks. Each command runs in its own subprocess; its peak RSS
is the ru_maxrss that os.wait4 reports for that child alone. After ``fix --write`` the file must
still be CRLF text of about the same size, and no temporary file may be left.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def corpus(mb: float, path: Path) -> int:
    seed = (ROOT / "examples" / "seed_report.txt").read_text(encoding="utf-8")
    clean = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "data" / "clean").glob("*.txt")))
    block = (seed + "\n" + clean * 4 + "\n").replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")
    target = int(mb * 1024 * 1024)
    with path.open("wb") as fh:
        written = 0
        while written < target:
            fh.write(block)
            written += len(block)
    return written


def run(args: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """Wall time, peak RSS (KiB) and exit code of ``jiaokan ARGS`` in a child process."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "jiaokan.cli", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=env)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    secs = time.perf_counter() - start
    if code not in (0, 1):
        sys.exit(f"jiaokan {' '.join(args)} exited {code}: {err.decode()[-500:]}")
    return secs, usage.ru_maxrss, code  # ru_maxrss is in KiB on Linux


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, action="append", help="file size in MiB (repeatable; default 200)")
    ap.add_argument("--dir", type=Path, default=None)
    ap.add_argument("--threshold", type=int, default=None, help="JIAOKAN_CHUNK_THRESHOLD for the runs")
    ap.add_argument("--ignore", action="append", default=[], help="a rule to leave out (repeatable)")
    ap.add_argument("--keep", action="store_true")
    opts = ap.parse_args()
    env = dict(os.environ)
    if opts.threshold is not None:
        env["JIAOKAN_CHUNK_THRESHOLD"] = str(opts.threshold)
    for mb in opts.mb or [200.0]:
        with tempfile.TemporaryDirectory(dir=opts.dir) as tmp:
            f = Path(tmp) / "big.txt"
            size = corpus(mb, f)
            print(f"file: {size / 2**20:.1f} MiB, {size} bytes", flush=True)
            rules = [a for code in opts.ignore for a in ("--ignore", code)]
            for name, args in (("check", ["check", "--isolated", *rules, "--no-show-source", "-f", "json", str(f)]),
                               ("fix --write", ["fix", "--isolated", *rules, "--write", str(f)])):
                secs, peak, code = run(args, env)
                print(f"{name:12s} {secs:8.1f} s   peak RSS {peak / 1024:8.1f} MiB   exit {code}   "
                      f"{size / 2**20 / secs:.2f} MiB/s", flush=True)
            left = [p.name for p in Path(tmp).iterdir() if p.name != "big.txt"]
            assert not left, left
            with f.open("rb") as fh:
                head = fh.read(1 << 16)
            assert b"\r\n" in head and abs(f.stat().st_size - size) < size // 10, "fix --write damaged the file"
            if opts.keep:
                print(f"kept {f}")
                input("press Enter to delete it")


if __name__ == "__main__":
    main()
