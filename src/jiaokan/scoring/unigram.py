"""The fallback scorer: word frequencies, no context. Needs nothing beyond pip.

Where the KenLM model (Debian's libime-data-language-model) or the kenlm module is missing, jiaokan
falls back to the word-frequency list of jieba's dictionary (``pip install 'jiaokan[fallback]'``;
MIT licence; read as a data file, jieba itself is never imported). It knows ~349,000 words and how
common each is, which is enough to segment a clause over a real vocabulary and to say that 我们 is a
word and 我门 is not; it knows nothing of which word follows which. Rules that judge a word by its
context (ZH202, ZH203) therefore stay silent with it, and the character rule (ZH103) asks a larger
margin; ``jiaokan doctor`` says so.
"""

from __future__ import annotations

import functools
import importlib.util
import math
from pathlib import Path

UNKNOWN = -8.0  # log10 probability of a character the list does not have as a word


def find_wordlist() -> str | None:
    """jieba's dict.txt, located without importing jieba."""
    try:
        spec = importlib.util.find_spec("jieba")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    path = Path(spec.origin).parent / "dict.txt"
    return str(path) if path.is_file() else None


class UnigramScorer:
    """log10 word probabilities from a ``word freq [tag]`` list; every token is scored alone."""

    name = "unigram"
    contextual = False

    def __init__(self, path: str) -> None:
        self.path = path
        counts: dict[str, int] = {}
        with open(path, encoding="utf-8") as fh:
            for no, line in enumerate(fh, 1):
                cols = line.split()
                if len(cols) < 2:
                    continue
                try:
                    freq = int(cols[1])
                except ValueError as exc:
                    raise ValueError(f"{path}:{no}: expected 'word frequency [tag]'") from exc
                if freq > 0:
                    counts[cols[0]] = counts.get(cols[0], 0) + freq
        if not counts:
            raise ValueError(f"{path}: no words")
        total = math.log10(sum(counts.values()))
        self.logp = {w: math.log10(c) - total for w, c in counts.items()}
        self.words = frozenset(self.logp)
        self.order = 1

    def __contains__(self, word: str) -> bool:
        return word in self.logp

    @property
    def unigram_table(self) -> dict[str, float]:
        """Every word with its unigram score (the same values as :meth:`unigram`)."""
        return self.logp

    def unigram(self, word: str) -> float:
        return self.logp.get(word, UNKNOWN * max(1, len(word)))

    def score(self, tokens: list[str]) -> float:
        return self._score(tuple(tokens))

    @functools.lru_cache(maxsize=200_000)  # noqa: B019 - one scorer per process, bounded cache
    def _score(self, tokens: tuple[str, ...]) -> float:
        get = self.logp.get
        return sum(get(t, UNKNOWN * len(t)) for t in tokens)

    def ngram_hits(self, tokens: list[str]) -> list[int]:
        return [1] * len(tokens)

    def vocabulary(self) -> tuple[str, ...]:
        return tuple(self.logp)
