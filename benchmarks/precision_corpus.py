"""Findings on clean text, by rule: how often jiaokan speaks up on prose nobody spun or garbled.

Run on purpose (not part of the test suite), e.g. on Debian's zh-CN documentation that
benchmarks/build_char_lm.sh writes to /tmp/pclm/corpus.txt:

    .venv/bin/python benchmarks/precision_corpus.py /tmp/pclm/corpus.txt --docs 2000 --max-chars 800000
    .venv/bin/python benchmarks/precision_corpus.py /tmp/pclm/corpus.txt --lines --select ZH103 -v

Lines are shuffled (seed 7) and either joined into documents of about ``--docs`` characters or, with
``--lines``, checked one line per document (short texts: no document evidence, the hard case for
ZH103). Every finding on such text is counted as a false alarm, although a few are real slips of the
source (反斜扛, 象素); ``-v`` prints each with its context so they can be told apart.
"""

from __future__ import annotations

import argparse
import collections
import random
import sys
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--docs", type=int, default=2000, help="characters per document")
    ap.add_argument("--lines", action="store_true", help="one line per document instead")
    ap.add_argument("--max-chars", type=int, default=800_000)
    ap.add_argument("--select", nargs="*", default=[], help="rule codes (default: all default rules)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    from jiaokan.engine import Engine
    from jiaokan.formats import from_text
    from jiaokan.settings import Settings

    lines = [ln.rstrip("\n") for ln in args.corpus.read_text(encoding="utf-8").splitlines() if ln.strip()]
    random.Random(args.seed).shuffle(lines)
    docs: list[str] = []
    cur: list[str] = []
    size = total = 0
    for ln in lines:
        if total >= args.max_chars:
            break
        total += len(ln) + 1
        if args.lines:
            docs.append(ln)
            continue
        cur.append(ln)
        size += len(ln) + 1
        if size >= args.docs:
            docs.append("\n".join(cur))
            cur, size = [], 0
    if cur:
        docs.append("\n".join(cur))
    engine = Engine(Settings(select=tuple(args.select)))
    counts: collections.Counter[tuple[str, str]] = collections.Counter()
    for d in docs:
        for f in engine.check(from_text(d)):
            kind = f.fix.applicability.name.lower() if f.fix else "no fix"
            counts[(f.code, kind)] += 1
            if args.verbose:
                a, b = f.span.start, f.span.end
                print(f"{f.code} {kind}: {d[a:b]} → {'|'.join(f.suggestions)}  …{d[max(0, a - 10):b + 10]}…".replace("\n", " "))
    chars = sum(map(len, docs))
    print(f"{chars:,} characters in {len(docs):,} documents ({'one line each' if args.lines else f'~{args.docs} characters each'})",
          file=sys.stderr)
    for (code, kind), n in sorted(counts.items()):
        print(f"{code} {kind:>7}: {n:6d}  {n * 10000 / max(chars, 1):7.2f} per 10k", file=sys.stderr)


if __name__ == "__main__":
    main()
