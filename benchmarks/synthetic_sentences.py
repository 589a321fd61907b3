"""A held-out check for the character rule: sentences of our own clean prose, half of them with one
character replaced by a same-syllable character, written as ``wrong<TAB>right`` for
``jiaokan eval --sentences``. ZH103's thresholds were chosen on SIGHAN-2015; this set was not used
to choose them.

    python benchmarks/synthetic_sentences.py > /tmp/synthetic.tsv
    jiaokan eval --sentences /tmp/synthetic.tsv

The substitutes come from the same-pinyin table that ZH103 itself uses, so this measures how well the
model picks the original back among the candidates, not how complete the table is.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
SENT = regex.compile(r"[^。！？\n]+[。！？]")
HAN = regex.compile(r"\p{Han}")


def main(seed: int = 20261129) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from jiaokan.rules.characters_lm import confusion_table

    table = confusion_table()
    rng = random.Random(seed)
    out = []
    for f in sorted((ROOT / "tests" / "data" / "clean").glob("*.txt")):
        for m in SENT.finditer(f.read_text(encoding="utf-8")):
            s = m.group().strip()
            if not 10 <= len(HAN.findall(s)) <= 60:
                continue
            wrong = s
            if rng.random() < 0.5:
                spots = [i for i, ch in enumerate(s) if HAN.match(ch)
                         and any(k == "sound" for k in table.get(ch, {}).values())]
                if spots:
                    i = rng.choice(spots)
                    subs = sorted(c for c, k in table[s[i]].items() if k == "sound")
                    wrong = s[:i] + rng.choice(subs) + s[i + 1 :]
            out.append(f"{wrong}\t{s}")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
