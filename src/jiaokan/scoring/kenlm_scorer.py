"""KenLM backend. The libime model has no <s>/</s>, so sentences are scored with bos/eos off."""

from __future__ import annotations

import functools

import kenlm


class KenLMScorer:
    name = "kenlm"

    def __init__(self, path: str) -> None:
        self.path = path
        self.model = kenlm.Model(path)
        self.order = self.model.order
        self._unigrams: dict[str, float] | None = None

    def __contains__(self, word: str) -> bool:
        words = self.words
        return word in words if words is not None else self._contains(word)

    @functools.cached_property
    def words(self) -> frozenset[str] | None:
        """The vocabulary as a set (fast membership), when the model file lists it."""
        vocab = self.vocabulary()
        return frozenset(vocab) if vocab else None

    @property
    def unigram_table(self) -> dict[str, float] | None:
        """Every word of the vocabulary with its unigram score, once :meth:`build_unigram_table`
        has made it (None before, or without a vocabulary)."""
        return self._unigrams

    def build_unigram_table(self) -> dict[str, float] | None:
        """Make :attr:`unigram_table`: one dict probe instead of a model call per word. It takes
        about 0.1 s, so it is made only when a long text will use it."""
        if self._unigrams is None:
            vocab = self.vocabulary()
            if vocab:
                score = self.model.score
                self._unigrams = {w: float(score(w, bos=False, eos=False)) for w in vocab}
        return self._unigrams

    @functools.lru_cache(maxsize=200_000)  # noqa: B019 - one scorer per process, bounded cache
    def _contains(self, word: str) -> bool:
        return word in self.model

    def score(self, tokens: list[str]) -> float:
        return self._score(" ".join(tokens))

    @functools.lru_cache(maxsize=50_000)  # noqa: B019
    def _score(self, sentence: str) -> float:
        return float(self.model.score(sentence, bos=False, eos=False))

    def ngram_hits(self, tokens: list[str]) -> list[int]:
        """For each token, the length of the n-gram the model found (1 = backed off to unigram)."""
        return [n for _, n, _ in self.model.full_scores(" ".join(tokens), bos=False, eos=False)]

    def unigram(self, word: str) -> float:
        table = self._unigrams
        u = table.get(word) if table is not None else None
        return u if u is not None else self._score(word)  # the same value either way

    def unigram_uncached(self, word: str) -> float:
        return float(self.model.score(word, bos=False, eos=False))

    def vocabulary(self) -> tuple[str, ...] | None:
        """The model's words, read from the end of a KenLM binary file (where KenLM writes them,
        null-separated, after ``<unk>``); None for an ARPA file or a layout not recognised."""
        return self._vocabulary

    @functools.cached_property
    def _vocabulary(self) -> tuple[str, ...] | None:
        return _binary_vocabulary(self.path)


def _binary_vocabulary(path: str) -> tuple[str, ...] | None:
    try:
        with open(path, "rb") as fh:
            if not fh.read(64).startswith(b"mmap lm "):
                return None
            size = fh.seek(0, 2)
            tail = 1 << 21
            while True:  # the words are at the end: read back from it until <unk>, where they start
                fh.seek(max(64, size - tail))
                data = fh.read()
                start = data.rfind(b"\0<unk>\0")
                if start >= 0 or size - tail <= 64:
                    break
                tail *= 4
    except OSError:
        return None
    if start < 0:
        return None
    try:
        words = tuple(w.decode("utf-8") for w in data[start + 7 :].split(b"\0") if w)
    except UnicodeDecodeError:
        return None
    return words or None
