"""Throughput and peak memory of jiaokan against pycorrector, measured in the same run.

Run on purpose (not part of the test suite):

    .venv/bin/python benchmarks/bench_engine.py --mb 1 10 [--pycorrector-python /path/to/python]

The corpus is the bundled example plus the clean prose of tests/data/clean, repeated to size. Each
configuration runs in a fresh subprocess so that peak RSS (ru_maxrss) is its own. pycorrector is run
from another interpreter (it needs torch, which jiaokan does not install): its ConfusionCorrector
gets jiaokan's own spin and typo dictionaries as the custom confusion set, so both do the same work.
Ratios are what to quote; the machines are noisy.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

JIAOKAN = textwrap.dedent("""
    import json, resource, sys, time
    from jiaokan.engine import Engine
    from jiaokan.formats import from_text
    from jiaokan.model import Applicability
    from jiaokan.settings import Settings
    mode, path = sys.argv[1], sys.argv[2]
    text = open(path, encoding="utf-8").read()
    select = {"dict": ("ZH101", "ZH201"), "all": (), "fix": ()}[mode]
    eng = Engine(Settings(select=select))
    eng.check(from_text("预热。"))  # load dictionaries and the model outside the timing
    paras = text.split("\\n")
    t = time.perf_counter()
    n = 0
    for p in paras:
        doc = from_text(p)
        if mode == "fix":
            eng.fix(doc, Applicability.SAFE)
        else:
            n += len(eng.check(doc))
    dt = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"chars": len(text), "seconds": dt, "rss_mb": rss, "findings": n,
                      "scorer": eng.scorer_status.scorer is not None}))
""")

PYCORRECTOR = textwrap.dedent("""
    import json, resource, sys, time
    from pycorrector.confusion_corrector import ConfusionCorrector
    path, conf = sys.argv[1], sys.argv[2]
    text = open(path, encoding="utf-8").read()
    m = ConfusionCorrector(custom_confusion_path_or_dict=conf)
    t = time.perf_counter()
    for p in text.split("\\n"):
        if p:
            m.correct(p)
    dt = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"chars": len(text), "seconds": dt, "rss_mb": rss}))
""")


def corpus(mb: float) -> str:
    parts = [(ROOT / "examples" / "seed_report.txt").read_text(encoding="utf-8")]
    parts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "data" / "clean").glob("*.txt"))]
    base = "\n".join(parts)
    target = int(mb * 1024 * 1024 / 3)  # ~3 bytes per Han character in UTF-8
    reps = max(1, target // len(base))
    return "\n".join([base] * reps)


def run(python: str, code: str, *args: str) -> dict[str, float]:
    out = subprocess.run([python, "-c", code, *args], capture_output=True, text=True, check=False)
    if out.returncode:
        raise SystemExit(f"benchmark failed: {out.stderr.strip().splitlines()[-1:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def confusion_file(dirname: Path) -> Path:
    sys.path.insert(0, str(ROOT / "src"))
    from jiaokan.dictionaries import load_builtin

    entries, _ = load_builtin()
    path = dirname / "confusion.txt"
    with path.open("w", encoding="utf-8") as fh:
        for e in entries:
            if len(e.rights) == 1 and len(e.rights[0]) == len(e.wrong):
                fh.write(f"{e.wrong} {e.rights[0]}\n")
    return path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, nargs="+", default=[1.0])
    ap.add_argument("--pycorrector-python", default=None)
    ap.add_argument("--modes", nargs="+", default=["dict", "all", "fix"])
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        conf = confusion_file(Path(tmp))
        for mb in args.mb:
            path = Path(tmp) / f"corpus_{mb}.txt"
            path.write_text(corpus(mb), encoding="utf-8")
            res: dict[str, dict[str, float]] = {}
            for mode in args.modes:
                res[f"jiaokan {mode}"] = run(sys.executable, JIAOKAN, mode, str(path))
            if args.pycorrector_python:
                res["pycorrector confusion"] = run(args.pycorrector_python, PYCORRECTOR, str(path), str(conf))
            for name, r in res.items():
                cps = r["chars"] / max(r["seconds"], 1e-9)
                rows.append((mb, name, r["chars"], r["seconds"], cps, r["rss_mb"]))
    print(f"{'MB':>5} {'configuration':<24} {'chars':>10} {'seconds':>9} {'chars/s':>12} {'peak RSS MB':>12}")
    for mb, name, chars, secs, cps, rss in rows:
        print(f"{mb:>5} {name:<24} {chars:>10} {secs:>9.2f} {cps:>12,.0f} {rss:>12.0f}")
    by = {(r[0], r[1]): r[4] for r in rows}
    for mb in args.mb:
        ref = by.get((mb, "pycorrector confusion"))
        if ref:
            for mode in args.modes:
                print(f"{mb} MB: jiaokan {mode} / pycorrector confusion = {by[(mb, f'jiaokan {mode}')] / ref:.1f}x")


if __name__ == "__main__":
    main()
