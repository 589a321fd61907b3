"""`jiaokan check` on a generated 1,000-file Markdown tree with --jobs 1 against --jobs 2 (or any N).

Run on purpose (not part of the test suite):

    .venv/bin/python benchmarks/bench_lint_jobs.py [--files 1000] [--jobs 1 2] [--repeat 3]

Each file is a Markdown document of 1-4 paragraphs cut from the bundled example and the clean prose
of tests/data/clean (about 1 KB each), so some files have findings and most do not. Each setting runs
the installed console script in a fresh process (start-up and dictionary loading included), the best
of --repeat wall-clock times is reported, and the JSON outputs of all settings must be identical.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_tree(dest: Path, n: int) -> int:
    paras = []
    for src in [ROOT / "examples" / "seed_report.txt", *sorted((ROOT / "tests" / "data" / "clean").glob("*.txt"))]:
        paras += [p.strip() for p in src.read_text(encoding="utf-8").split("\n") if len(p.strip()) > 20]
    rnd = random.Random(6)
    total = 0
    for i in range(n):
        d = dest / f"section{i % 20:02d}" / f"part{i % 7}"
        d.mkdir(parents=True, exist_ok=True)
        body = "\n\n".join(rnd.sample(paras, rnd.randint(1, 4)))
        text = f"# 文档 {i}\n\n{body}\n"
        (d / f"doc{i:04d}.md").write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
    return total


def run(exe: str, tree: Path, jobs: int) -> tuple[float, str, int]:
    t0 = time.perf_counter()
    p = subprocess.run([exe, "check", "--isolated", "--exit-zero", "-f", "json", "--jobs", str(jobs), str(tree)],
                       capture_output=True)
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"jiaokan exited {p.returncode}: {p.stderr.decode()[:500]}")
    return dt, hashlib.sha256(p.stdout).hexdigest(), p.stdout.count(b'"code":')


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    exe = shutil.which("jiaokan", path=str(Path(sys.executable).parent)) or "jiaokan"
    with tempfile.TemporaryDirectory(prefix="jiaokan-bench-") as tmp:
        tree = Path(tmp) / "docs"
        size = make_tree(tree, args.files)
        print(f"{args.files} Markdown files, {size / 1e6:.2f} MB, in {tree}")
        digests = set()
        base = None
        for jobs in args.jobs:
            times = []
            for _ in range(args.repeat):
                dt, digest, n = run(exe, tree, jobs)
                times.append(dt)
                digests.add(digest)
            best = min(times)
            base = base or best
            print(f"--jobs {jobs}: best {best:.2f} s of {args.repeat} "
                  f"({', '.join(f'{t:.2f}' for t in times)}), {n} findings, speed-up ×{base / best:.2f}")
        print("outputs identical across --jobs" if len(digests) == 1 else "OUTPUTS DIFFER")
        if len(digests) != 1:
            sys.exit(1)


if __name__ == "__main__":
    main()
