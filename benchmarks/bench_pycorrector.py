"""jiaokan against pycorrector's kenlm ``Corrector`` on SIGHAN-2015 sentence pairs, in the same run.

Run on purpose (not part of the test suite):

    .venv/bin/python benchmarks/bench_pycorrector.py \\
        --pycorrector-python /path/to/pcvenv/bin/python --lm /tmp/pclm/zh_char.klm \\
        --sighan /path/to/pycorrector/data/sighan2015_test.tsv [--out DIR]

pycorrector's ``Corrector`` downloads a 2.95 GB model at first use; offline it needs a character
n-gram model given as ``language_model_path=``. Build one from Debian's Chinese documentation with

    bash benchmarks/build_char_lm.sh /tmp/pclm      # -> /tmp/pclm/zh_char.arpa and zh_char.klm

which does, end to end: ``apt-get download`` the zh-CN (and zh-TW, converted with OpenCC) documentation
packages, ``dpkg -x``, strip HTML/troff/PDF/.mo to sentences that are mostly Han, dedupe, put a space
between characters, ``lmplz -o 5 --prune 0 0 1`` (KenLM built from its sdist) and ``build_binary trie``.
The pycorrector interpreter needs ``pip install pycorrector kenlm`` (torch comes with pycorrector).

What runs, each configuration in a fresh subprocess pinned to one core (so peak RSS is its own):

* ``jiaokan eval --sentences PATH`` through the CLI (defaults), as the reference output;
* jiaokan in-process with the default rules, and with the defaults plus the character rule ZH103
  (``--select`` of every default code and ZH103; through the CLI too when ``jiaokan eval`` has
  ``--select``), or, where ZH103 is already a default, with the defaults less ZH103; timed on the
  sentences after the engine is loaded;
* pycorrector ``Corrector(language_model_path=LM)``, timed after its dictionaries and model are loaded;
  its outputs are written to a TSV (wrong, predicted) and scored by jiaokan's own
  ``evaluate.eval_sentences``, so both sides use the same definitions.

Sentence-level figures (``jiaokan.evaluate.SentenceReport``): correction precision = sentences changed
into exactly the gold / sentences changed; correction recall = that / sentences with errors; detection
counts an erroneous sentence that was changed at all (precision = detected / changed, recall =
detected / sentences with errors); "correct changed" = correct sentences changed / correct sentences.
Speeds are characters of the wrong side per second, on one core; machines are noisy, quote ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]

JIAOKAN = textwrap.dedent("""
    import json, resource, sys, time
    from jiaokan.engine import Engine
    from jiaokan.evaluate import eval_sentences, read_sentence_pairs
    from jiaokan.formats import from_text
    from jiaokan.settings import Settings
    select, path, out = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3]
    pairs = read_sentence_pairs(__import__("pathlib").Path(path))
    t0 = time.perf_counter()
    eng = Engine(Settings(select=tuple(select)))
    # dictionaries, the model and the lazily built tables (idiom automaton, pypinyin, ZH103's word
    # index) load outside the timing: the warm-up text has a fixed-phrase and a character error
    eng.fix(from_text("我们要再接再励，我门明天一起去学校。"))
    load = time.perf_counter() - t0

    class Recording:  # eval_sentences does the scoring; this keeps the predictions for the TSV
        preds = []
        def fix(self, doc, level):
            res = eng.fix(doc, level)
            self.preds.append(res.text)
            return res

    rec = Recording()
    t = time.perf_counter()
    rep = eval_sentences(rec, pairs)
    dt = time.perf_counter() - t
    with open(out, "w", encoding="utf-8") as fh:
        for (wrong, right), pred in zip(pairs, rec.preds):
            fh.write(f"{wrong}\\t{pred}\\t{right}\\n")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"chars": sum(len(w) for w, _ in pairs), "seconds": dt, "load_seconds": load,
                      "rss_mb": rss, "report": rep.__dict__,
                      "scorer": eng.scorer_status.scorer is not None, "rules": [r.code for r in eng.rules]}))
""")

PYCORRECTOR = textwrap.dedent("""
    import json, os, resource, sys, time
    lm, path, out = sys.argv[1], sys.argv[2], sys.argv[3]
    pairs = []
    for line in open(path, encoding="utf-8").read().splitlines():
        if line.strip() and not line.startswith("#"):
            cols = line.split("\\t")
            pairs.append((cols[0], cols[1]))
    t0 = time.perf_counter()
    from pycorrector import Corrector
    m = Corrector(language_model_path=lm)
    m.correct("我们要再接再励，我门明天一起去学校。")  # loads the model, word frequencies, confusion sets
    load = time.perf_counter() - t0
    t = time.perf_counter()
    preds = [m.correct(w)["target"] for w, _ in pairs]
    dt = time.perf_counter() - t
    with open(out, "w", encoding="utf-8") as fh:
        for (wrong, right), pred in zip(pairs, preds):
            fh.write(f"{wrong}\\t{pred}\\t{right}\\n")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"chars": sum(len(w) for w, _ in pairs), "seconds": dt, "load_seconds": load,
                      "rss_mb": rss}))
""")


def one_core() -> None:
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


ENV = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
       "TOKENIZERS_PARALLELISM": "false", "LOGURU_LEVEL": "WARNING"}


def run(cmd: list[str]) -> dict:
    out = subprocess.run(cmd, capture_output=True, text=True, check=False, env=ENV, preexec_fn=one_core)
    if out.returncode:
        raise SystemExit(f"failed: {' '.join(cmd[:3])} …: {out.stderr.strip()[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def score_tsv(tsv: Path):  # type: ignore[no-untyped-def]
    """Score a (wrong, predicted, right) TSV with jiaokan's eval_sentences (a stand-in engine)."""
    from jiaokan.evaluate import eval_sentences

    rows = [ln.split("\t") for ln in tsv.read_text(encoding="utf-8").splitlines() if ln]
    pred = {}
    for wrong, p, _right in rows:
        pred.setdefault(wrong, p)
    engine = SimpleNamespace(fix=lambda doc, level: SimpleNamespace(text=pred[doc.text]))
    return eval_sentences(engine, [(w, r) for w, _p, r in rows])  # type: ignore[arg-type]


def figures(rep) -> dict[str, float]:  # type: ignore[no-untyped-def]
    dp = rep.detected / rep.changed if rep.changed else 0.0
    dr = rep.detected / rep.with_errors if rep.with_errors else 0.0
    df = 2 * dp * dr / (dp + dr) if dp + dr else 0.0
    return {"det_p": dp, "det_r": dr, "det_f1": df, "cor_p": rep.precision, "cor_r": rep.recall,
            "cor_f1": rep.f1, "fp": rep.fp_rate, "changed": rep.changed}


def default_codes() -> list[str]:
    from jiaokan.registry import default_registry

    return [r.code for r in default_registry().select()]


def cli_eval(jiaokan: str, sighan: Path, select: list[str] | None) -> tuple[float, list[str]]:
    cmd = [jiaokan, "eval", "--sentences", str(sighan)]
    for s in select or ():
        cmd += ["--select", s]
    t = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, check=False, env=ENV, preexec_fn=one_core)
    dt = time.perf_counter() - t
    if out.returncode:
        raise SystemExit(f"failed: {' '.join(cmd)}: {out.stderr.strip()[-2000:]}")
    return dt, out.stdout.strip().splitlines()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pycorrector-python", required=True, help="an interpreter with pycorrector and kenlm")
    ap.add_argument("--lm", required=True, help="character n-gram model (ARPA or KenLM binary)")
    ap.add_argument("--sighan", required=True, type=Path, help="wrong<TAB>right sentence pairs")
    ap.add_argument("--jiaokan", default=str(Path(sys.executable).with_name("jiaokan")), help="the jiaokan CLI")
    ap.add_argument("--out", type=Path, default=None, help="keep the prediction TSVs here")
    ap.add_argument("--skip-cli", action="store_true", help="do not run the jiaokan eval CLI")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from jiaokan.evaluate import format_sentences

    defaults = default_codes()
    if "ZH103" in defaults:  # the character rule became a default: compare with it taken out
        with_zh103 = defaults
        configs = {"jiaokan defaults": defaults, "jiaokan defaults-ZH103": [c for c in defaults if c != "ZH103"]}
    else:
        with_zh103 = sorted(set(defaults) | {"ZH103"})
        configs = {"jiaokan defaults": defaults, "jiaokan defaults+ZH103": with_zh103}
    print(f"default rules: {' '.join(defaults)}")
    out_dir = args.out or Path(tempfile.mkdtemp(prefix="bench_pycorrector_"))
    out_dir.mkdir(parents=True, exist_ok=True)
    res: dict[str, dict] = {}
    print(f"sentences: {args.sighan}; LM: {args.lm} ({os.path.getsize(args.lm) / 1e6:.1f} MB)")

    if not args.skip_cli:
        help_text = subprocess.run([args.jiaokan, "eval", "--help"], capture_output=True, text=True).stdout
        has_select = "--select" in help_text
        runs = [("defaults", None)]
        if has_select and "ZH103" not in defaults:
            runs.append(("defaults+ZH103", with_zh103))
        for name, sel in runs:
            dt, lines = cli_eval(args.jiaokan, args.sighan, sel)
            print(f"`jiaokan eval --sentences` ({name}), {dt:.1f} s wall including start-up:")
            for ln in lines:
                print("   ", ln)
        if not has_select:
            print("    (`jiaokan eval` has no --select: the other selection is measured in-process only)")

    for name, sel in configs.items():
        tsv = out_dir / f"{name.replace(' ', '_').replace('+', '_')}.tsv"
        r = run([sys.executable, "-c", JIAOKAN, json.dumps(sel), str(args.sighan), str(tsv)])
        r["fig"] = figures(score_tsv(tsv))
        r["tsv"] = str(tsv)
        res[name] = r
    tsv = out_dir / "pycorrector_Corrector.tsv"
    r = run([args.pycorrector_python, "-c", PYCORRECTOR, args.lm, str(args.sighan), str(tsv)])
    rep = score_tsv(tsv)
    r["fig"] = figures(rep)
    r["tsv"] = str(tsv)
    res["pycorrector Corrector"] = r

    print()
    for name, r in res.items():
        print(f"{name}: " + "; ".join(format_sentences(score_tsv(Path(r["tsv"])))[1:]))
    print()
    hdr = (f"{'configuration':<24} {'det P':>6} {'det R':>6} {'det F1':>6} {'cor P':>6} {'cor R':>6} {'cor F1':>6} "
           f"{'ok chg%':>7} {'chars/s':>9} {'load s':>7} {'RSS MB':>7}")
    print(hdr)
    for name, r in res.items():
        f = r["fig"]
        cps = r["chars"] / max(r["seconds"], 1e-9)
        r["cps"] = cps
        print(f"{name:<24} {f['det_p']:>6.3f} {f['det_r']:>6.3f} {f['det_f1']:>6.3f} {f['cor_p']:>6.3f} "
              f"{f['cor_r']:>6.3f} {f['cor_f1']:>6.3f} {100 * f['fp']:>6.1f}% {cps:>9,.0f} {r['load_seconds']:>7.1f} "
              f"{r['rss_mb']:>7.0f}")
    ref = res["pycorrector Corrector"]
    for name in configs:
        r = res[name]
        print(f"{name} / pycorrector Corrector: speed {r['cps'] / ref['cps']:.1f}x, "
              f"peak RSS {r['rss_mb'] / ref['rss_mb']:.2f}x, correction F1 {r['fig']['cor_f1']:.3f} vs "
              f"{ref['fig']['cor_f1']:.3f}, detection F1 {r['fig']['det_f1']:.3f} vs {ref['fig']['det_f1']:.3f}")
    print(f"chars: {ref['chars']} (wrong side); one core each; predictions in {out_dir}; jiaokan's language model "
          f"{'active' if all(res[n]['scorer'] for n in configs) else 'MISSING'}")
    if not re.search(r"\.(klm|bin|binary)$", args.lm):
        print("note: an ARPA model loads slowly; build_binary makes the .klm that loads in a second")


if __name__ == "__main__":
    main()
