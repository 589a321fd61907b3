"""Corpus mode throughput: ``jiaokan batch`` with 1 and 2 local worker processes and on a 2-worker Dask
cluster, on the same shards, in the same run.

Run on purpose (not part of the test suite; needs the batch extra for Dask):

    .venv/bin/python benchmarks/bench_batch.py [--shards 8] [--mb 2] [--corpus FILE] [--workers 2]

The shards are JSONL files of records ``{"id", "text"}``, each text about ``--record-chars``
characters of whole lines, cut from the bundled example plus tests/data/clean or from ``--corpus``
(e.g. /tmp/pclm/corpus.txt from build_char_lm.sh, whose 3.8M distinct characters keep the engine's
caches from answering repeats). Each configuration is one ``jiaokan batch`` command into a fresh
output folder; its wall time includes start-up, loading the engine in every worker, and for Dask
starting the local cluster, as a user would see it; CPU seconds (the command and all its workers)
and the load average before each run show how much of the machine the run really had. Records and
characters are read back from the run's ``_summary.json``. Ratios are what to quote: the machines are
noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def base_lines(corpus: Path | None) -> list[str]:
    if corpus is not None:
        text = corpus.read_text(encoding="utf-8")
    else:
        parts = [(ROOT / "examples" / "seed_report.txt").read_text(encoding="utf-8")]
        parts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "data" / "clean").glob("*.txt"))]
        text = "\n".join(parts)
    return [ln for ln in text.split("\n") if ln.strip()]


def make_shards(d: Path, shards: int, mb: float, record_chars: int, lines: list[str]) -> tuple[int, int]:
    """``shards`` JSONL files of about ``mb`` MB each; the lines are used in order, cycling."""
    records = chars = 0
    i = 0
    for s in range(shards):
        size = 0
        with (d / f"shard{s:03d}.jsonl").open("w", encoding="utf-8") as fh:
            while size < mb * 1024 * 1024:
                rec: list[str] = []
                n = 0
                while n < record_chars:
                    ln = lines[i % len(lines)]
                    i += 1
                    rec.append(ln)
                    n += len(ln) + 1
                text = "\n".join(rec)
                row = json.dumps({"id": f"{s}-{records}", "text": text}, ensure_ascii=False) + "\n"
                fh.write(row)
                size += len(row.encode("utf-8"))
                records += 1
                chars += len(text)
    return records, chars


def run(name: str, args: list[str], out: Path) -> dict[str, float | str]:
    cmd = [sys.executable, "-m", "jiaokan.cli", "batch", *args, "-o", str(out)]
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # reaped descendants: workers included
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode:
        raise SystemExit(f"{name}: exited {proc.returncode}: {proc.stderr[-1500:]}")
    total = json.loads((out / "_summary.json").read_text(encoding="utf-8"))["total"]
    return {"name": name, "wall": wall, "cpu": cpu, "load": load, "records": total["records"],
            "chars": total["chars"], "changes": total["changes"], "said": proc.stdout.strip().splitlines()[-1]}


def same_output(a: Path, b: Path) -> bool:
    names = sorted(p.name for p in a.glob("*.jsonl"))
    return names == sorted(p.name for p in b.glob("*.jsonl")) and all(
        (a / n).read_bytes() == (b / n).read_bytes() for n in names)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shards", type=int, default=8)
    ap.add_argument("--mb", type=float, default=2.0, help="size of each shard (UTF-8 JSONL)")
    ap.add_argument("--record-chars", type=int, default=1000)
    ap.add_argument("--corpus", type=Path, default=None, help="text to cut records from")
    ap.add_argument("--workers", type=int, default=2, help="processes for the parallel runs")
    ap.add_argument("--no-dask", action="store_true")
    args = ap.parse_args()
    env_note = f"{os.cpu_count()} cores"
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "shards"
        src.mkdir()
        records, chars = make_shards(src, args.shards, args.mb, args.record_chars, base_lines(args.corpus))
        print(f"{args.shards} shards x {args.mb} MB: {records:,} records, {chars:,} characters "
              f"({args.corpus or 'bundled prose'}); {env_note}")
        configs = [("local --jobs 1", ["--jobs", "1"]),
                   (f"local --jobs {args.workers}", ["--jobs", str(args.workers)])]
        if not args.no_dask:
            configs.append((f"dask {args.workers} workers", ["--engine", "dask", "--jobs", str(args.workers)]))
        results = []
        outs = []
        for i, (name, extra) in enumerate(configs):
            out = Path(tmp) / f"out{i}"
            results.append(run(name, [str(src), *extra], out))
            outs.append(out)
        identical = all(same_output(outs[0], o) for o in outs[1:])
    print(f"{'configuration':<22} {'wall s':>8} {'records/s':>10} {'chars/s':>10} {'vs jobs 1':>10} "
          f"{'CPU s':>7} {'chars/CPU-s':>12} {'load':>5}")
    ref = results[0]["chars"] / results[0]["wall"]  # type: ignore[operator]
    for r in results:
        cps = r["chars"] / r["wall"]  # type: ignore[operator]
        rps = r["records"] / r["wall"]  # type: ignore[operator]
        per_cpu = r["chars"] / max(r["cpu"], 1e-9)  # type: ignore[operator]
        print(f"{r['name']:<22} {r['wall']:>8.1f} {rps:>10,.1f} {cps:>10,.0f} {cps / ref:>9.2f}x "
              f"{r['cpu']:>7.1f} {per_cpu:>12,.0f} {r['load']:>5.1f}")
    print("CPU s: user+system of the command and its workers; load: 1-minute load average before it "
          f"started ({os.cpu_count()} cores): a load above the cores means other jobs share them")
    print(f"outputs identical across configurations: {identical}")
    for r in results:
        print(f"  {r['name']}: {r['said']}")


if __name__ == "__main__":
    main()
