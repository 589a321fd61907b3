"""Throughput and peak memory of jiaokan against pycorrector, measured in the same run.

Run on purpose (not part of the test suite):

    .venv/bin/python benchmarks/bench_engine.py --mb 1 10 100 [--pycorrector-python /path/to/python]
        [--pycorrector-lm /tmp/pclm/zh_char.klm] [--corpus FILE [--shuffle]] [--modes dict all fix]

The corpus is the bundled example plus the clean prose of tests/data/clean (23k characters), repeated
to size; ``--corpus FILE`` repeats (or cuts) another text instead, e.g. the 3.9M-character Debian
documentation corpus that benchmarks/build_char_lm.sh writes to /tmp/pclm/corpus.txt, with
``--shuffle`` so that every size samples the same mix of its sources (the file is grouped by package).
A short base repeated many times lets the engine's clause-segmentation caches (bounded LRUs) answer
every repeat, so the bundled corpus measures the warm path; a base larger than the caches measures
text seen once. The file is written in blocks and read line by line (one document per line), so peak
RSS is the engine's, not the corpus's.

Each configuration runs in a fresh subprocess so that peak RSS (ru_maxrss) is its own:

* ``jiaokan dict``: the dictionary rules only (ZH101, ZH201); ``jiaokan all``: every default rule with
  the language model; ``jiaokan fix``: safe fixes with every default rule;
* ``pycorrector confusion`` (with ``--pycorrector-python``): its ConfusionCorrector gets jiaokan's own
  spin and typo dictionaries as the custom confusion set, so both do the same dictionary work;
* ``pycorrector Corrector`` (with ``--pycorrector-lm``): the kenlm character-model corrector with the
  offline model from build_char_lm.sh. It runs at a few hundred characters per second, so it reads
  only a fixed sample, the first ``--pycorrector-sample`` characters (whole lines) of the corpus, once;
  that speed is set against ``jiaokan all`` at every size.

pycorrector is run from another interpreter (it needs torch, which jiaokan does not install). Ratios
are what to quote; the machines are noisy.
"""

from __future__ import annotations

import argparse
import json
import random
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
    from jiaokan.gctune import collect_less
    mode, path = sys.argv[1], sys.argv[2]
    collect_less()  # what the command line and the corpus workers do
    select = {"dict": ("ZH101", "ZH201"), "all": (), "fix": (), "nochar": ()}[mode]
    eng = Engine(Settings(select=select, ignore=("ZH103",) if mode == "nochar" else ()))
    # load dictionaries, the model, the idiom automaton and pypinyin (first fixed-phrase candidate)
    # outside the timing
    eng.fix(from_text("我们要再接再励，按步就班地推进工作。"), Applicability.SAFE)
    t = time.perf_counter()
    n = chars = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            chars += len(line)
            doc = from_text(line.rstrip("\\n"))
            if mode == "fix":
                eng.fix(doc, Applicability.SAFE)
            else:
                n += len(eng.check(doc))
    dt = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"chars": chars, "seconds": dt, "rss_mb": rss, "findings": n,
                      "scorer": eng.scorer_status.scorer is not None}))
""")

PYCORRECTOR = textwrap.dedent("""
    import json, resource, sys, time
    from pycorrector.confusion_corrector import ConfusionCorrector
    path, conf = sys.argv[1], sys.argv[2]
    m = ConfusionCorrector(custom_confusion_path_or_dict=conf)
    t = time.perf_counter()
    chars = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            chars += len(line)
            p = line.rstrip("\\n")
            if p:
                m.correct(p)
    dt = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"chars": chars, "seconds": dt, "rss_mb": rss}))
""")

PYCORRECTOR_LM = textwrap.dedent("""
    import json, resource, sys, time
    path, lm, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
    lines, chars = [], 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if chars >= limit:
                break
            chars += len(line)
            lines.append(line.rstrip("\\n"))
    from pycorrector import Corrector
    m = Corrector(language_model_path=lm)
    m.correct("预热一下。")  # load the model and the word frequencies outside the timing
    t = time.perf_counter()
    changed = 0
    for p in lines:
        if p:
            changed += m.correct(p)["target"] != p
    dt = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"chars": chars, "seconds": dt, "rss_mb": rss, "changed_lines": changed}))
""")


def base_text(corpus_file: Path | None, shuffle: bool = False) -> str:
    if corpus_file is not None:
        text = corpus_file.read_text(encoding="utf-8").strip("\n")
        if shuffle:  # every size then samples the same mix of sources (the file is grouped by package)
            lines = [ln for ln in text.split("\n") if ln]
            random.Random(0).shuffle(lines)
            text = "\n".join(lines)
        return text
    parts = [(ROOT / "examples" / "seed_report.txt").read_text(encoding="utf-8")]
    parts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "data" / "clean").glob("*.txt"))]
    return "\n".join(parts)


def write_corpus(mb: float, base: str, path: Path) -> float:
    """``base`` repeated (or cut, at a line end) to about ``mb`` MB of UTF-8, written line by line."""
    lines = [(ln + "\n").encode("utf-8") for ln in base.split("\n")]
    size = sum(len(b) for b in lines)
    target = int(mb * 1024 * 1024)
    written = 0
    with path.open("wb") as fh:
        while written < target:
            for b in lines:
                fh.write(b)
                written += len(b)
                if written >= target:
                    break
    return written / size


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
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, nargs="+", default=[1.0])
    ap.add_argument("--pycorrector-python", default=None, help="an interpreter with pycorrector (and kenlm)")
    ap.add_argument("--pycorrector-lm", default=None, help="character n-gram model for pycorrector's Corrector")
    ap.add_argument("--pycorrector-sample", type=int, default=20000, help="characters the Corrector reads")
    ap.add_argument("--corpus", type=Path, default=None, help="text to repeat instead of the bundled prose")
    ap.add_argument("--shuffle", action="store_true", help="shuffle the --corpus lines (seed 0) first")
    ap.add_argument("--modes", nargs="+", default=["dict", "all", "fix"],
                    help="dict, all, fix, nochar (all default rules but the character rule ZH103)")
    ap.add_argument("--no-confusion", action="store_true", help="skip pycorrector's ConfusionCorrector")
    args = ap.parse_args()
    if args.pycorrector_lm and not args.pycorrector_python:
        ap.error("--pycorrector-lm needs --pycorrector-python")
    rows = []
    base = base_text(args.corpus, args.shuffle)
    print(f"corpus: {args.corpus or 'bundled example + tests/data/clean'}{' (lines shuffled)' if args.shuffle else ''} "
          f"({len(base):,} characters, repeated or cut to size)")
    lm_res = None
    with tempfile.TemporaryDirectory() as tmp:
        conf = confusion_file(Path(tmp))
        for mb in args.mb:
            path = Path(tmp) / "corpus.txt"
            reps = write_corpus(mb, base, path)
            print(f"  {mb} MB: the base {reps:.2f} time(s)", file=sys.stderr, flush=True)

            def record(name: str, r: dict[str, float], mb: float = mb) -> None:
                cps = r["chars"] / max(r["seconds"], 1e-9)
                rows.append((mb, name, r["chars"], r["seconds"], cps, r["rss_mb"]))
                print(f"  {name}: {r['chars']:,} characters, {r['seconds']:.1f} s, {cps:,.0f}/s, "
                      f"{r['rss_mb']:.0f} MB", file=sys.stderr, flush=True)

            for mode in args.modes:
                record(f"jiaokan {mode}", run(sys.executable, JIAOKAN, mode, str(path)))
            if args.pycorrector_python and not args.no_confusion:
                record("pycorrector confusion", run(args.pycorrector_python, PYCORRECTOR, str(path), str(conf)))
            if args.pycorrector_lm and lm_res is None:  # the same fixed sample at every size: run once
                lm_res = run(args.pycorrector_python, PYCORRECTOR_LM, str(path), args.pycorrector_lm,
                             str(args.pycorrector_sample))
                record("pycorrector Corrector*", lm_res)
            path.unlink()
    print(f"{'MB':>5} {'configuration':<24} {'chars':>11} {'seconds':>9} {'chars/s':>12} {'peak RSS MB':>12}")
    for mb, name, chars, secs, cps, rss in rows:
        print(f"{mb:>5} {name:<24} {chars:>11} {secs:>9.2f} {cps:>12,.0f} {rss:>12.0f}")
    if lm_res is not None:
        print(f"* pycorrector Corrector read only the first {lm_res['chars']:,} characters (whole lines) of the "
              f"corpus, once; {lm_res['changed_lines']} line(s) changed. Its speed is set against every size.")
    by = {(r[0], r[1]): r[4] for r in rows}
    for mb in args.mb:
        ref = by.get((mb, "pycorrector confusion"))
        if ref:
            for mode in args.modes:
                print(f"{mb} MB: jiaokan {mode} / pycorrector confusion = {by[(mb, f'jiaokan {mode}')] / ref:.3g}x")
        if lm_res is not None and (mb, "jiaokan all") in by:
            lm_cps = lm_res["chars"] / max(lm_res["seconds"], 1e-9)
            print(f"{mb} MB: jiaokan all / pycorrector Corrector = {by[(mb, 'jiaokan all')] / lm_cps:.0f}x")
    first = args.mb[0]
    for mode in args.modes:
        speeds = [(mb, by[(mb, f"jiaokan {mode}")]) for mb in args.mb if (mb, f"jiaokan {mode}") in by]
        if len(speeds) > 1:
            rel = ", ".join(f"{mb} MB {cps / speeds[0][1]:.2f}" for mb, cps in speeds)
            print(f"linearity, jiaokan {mode}: chars/s relative to {first} MB: {rel}")


if __name__ == "__main__":
    main()
