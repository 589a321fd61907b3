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

    def __contains__(self, word: str) -> bool:
        return self._contains(word)

    @functools.lru_cache(maxsize=200_000)  # noqa: B019 - one scorer per process, bounded cache
    def _contains(self, word: str) -> bool:
        return word in self.model

    def score(self, tokens: list[str]) -> float:
        return self._score(" ".join(tokens))

    @functools.lru_cache(maxsize=200_000)  # noqa: B019
    def _score(self, sentence: str) -> float:
        return float(self.model.score(sentence, bos=False, eos=False))

    def ngram_hits(self, tokens: list[str]) -> list[int]:
        """For each token, the length of the n-gram the model found (1 = backed off to unigram)."""
        return [n for _, n, _ in self.model.full_scores(" ".join(tokens), bos=False, eos=False)]

    def unigram(self, word: str) -> float:
        return self._score(word)
