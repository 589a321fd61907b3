"""Language-model scoring behind one small protocol, loaded lazily and optional.

The standard backend is the KenLM word-trigram model of Chinese that Debian ships in
``libime-data-language-model`` (``zh_CN.lm``), read with the ``kenlm`` module (``pip install
'jiaokan[lm]'`` brings the prebuilt ``kenlm-ex`` wheel). Where either is missing,
:func:`load_scorer` returns ``None`` and the context rules stay silent; ``jiaokan doctor`` says so.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


class Scorer(Protocol):
    """Scores token sequences; higher is more likely (log10 probabilities)."""

    name: str

    def __contains__(self, word: str) -> bool: ...

    def score(self, tokens: list[str]) -> float: ...

    def ngram_hits(self, tokens: list[str]) -> list[int]: ...

    def unigram(self, word: str) -> float: ...


ENV = "JIAOKAN_LM"
_DEBIAN_GLOB = "/usr/lib/*/libime/zh_CN.lm"


@dataclass(frozen=True)
class ScorerStatus:
    scorer: Scorer | None
    path: str | None
    problem: str | None         # why the language model is not active (None: it is)
    fallback: bool = False      # the scorer is the context-free fallback (word frequencies only)


def find_model(explicit: str | None = None) -> str | None:
    """The model file: an explicit path, ``$JIAOKAN_LM``, or Debian's libime-data-language-model."""
    for cand in (explicit, os.environ.get(ENV)):
        if cand:
            return cand
    found = sorted(glob.glob(_DEBIAN_GLOB))
    return found[0] if found else None


_CACHE: dict[str, ScorerStatus] = {}


def load_scorer(explicit: str | None = None) -> ScorerStatus:
    """Load (once per path) the KenLM scorer, else the word-frequency fallback; never raises,
    reports the problem instead."""
    path = find_model(explicit)
    key = path or ""
    if key in _CACHE:
        return _CACHE[key]
    if path is None:
        status = ScorerStatus(None, None, "no language model found (install Debian's "
                              "libime-data-language-model or set JIAOKAN_LM)")
    elif not Path(path).is_file():
        status = ScorerStatus(None, path, f"language model {path} does not exist")
    else:
        try:
            from .kenlm_scorer import KenLMScorer
        except ImportError:
            status = ScorerStatus(None, path, "the kenlm module is not installed (pip install 'jiaokan[lm]')")
        else:
            try:
                status = ScorerStatus(KenLMScorer(path), path, None)
            except (OSError, RuntimeError, ValueError) as exc:
                status = ScorerStatus(None, path, f"cannot load {path}: {exc}")
    if status.scorer is None:
        status = _with_fallback(status)
    _CACHE[key] = status
    return status


def _with_fallback(status: ScorerStatus) -> ScorerStatus:
    """The word-frequency scorer where the language model is missing (if jieba's list is installed)."""
    from .unigram import UnigramScorer, find_wordlist

    path = find_wordlist()
    if path is None:
        return status
    try:
        return ScorerStatus(UnigramScorer(path), path, status.problem, fallback=True)
    except (OSError, ValueError):
        return status
