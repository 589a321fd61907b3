"""``jiaokan doctor``: what this installation can do, and what is lost without each optional part."""

from __future__ import annotations

import sys

from .engine import Engine


def report(engine: Engine) -> tuple[list[str], bool]:
    """Lines to print and whether the full feature set is available."""
    from . import __version__
    from .dictionaries import builtin_dir, load_candidates
    from .scoring.thesaurus import load_thesaurus

    lines = [f"jiaokan {__version__} on Python {sys.version.split()[0]}"]
    entries, allowed = engine.dictionary
    lines.append(f"dictionaries: {builtin_dir()} — {len(entries)} entries, {len(allowed)} allowlisted terms, "
                 f"{len(load_candidates('spin'))} spin candidates")
    status = engine.scorer_status
    full = True
    if status.scorer is not None and not status.fallback:
        lines.append(f"scorer: {status.scorer.name} language model {status.path} (active)")
    elif status.scorer is not None:
        full = False
        lines.append(f"scorer: fallback word frequencies {status.path} (active) — {status.problem}")
        lines.append("  with it: segmentation over a real vocabulary; ZH103 char-confusion repairs only with "
                     "a larger margin (no context); lost: ZH202 spin-context and ZH203 spin-thesaurus "
                     "(they need n-grams), so spin is found only through the fixed collocations of "
                     "dictionaries/spin_core.tsv")
    else:
        full = False
        lines.append(f"scorer: none — {status.problem}; no fallback either (pip install 'jiaokan[fallback]')")
        lines.append("  without it: ZH202 spin-context and ZH203 spin-thesaurus are silent; spin is found "
                     "only through the fixed collocations of dictionaries/spin_core.tsv; ZH103 is silent")
    source, syn = load_thesaurus()
    if source:
        lines.append(f"thesaurus: {source} — {len(syn)} words with synonyms (ZH203 candidates)")
    else:
        full = False
        lines.append("thesaurus: none (pip install 'jiaokan[thesaurus]') — without it ZH203 proposes nothing")
    lines.append(f"rules enabled: {', '.join(r.code for r in engine.rules)}")
    return lines, full
