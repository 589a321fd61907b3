"""Context rules: a language model judges candidate words against the words in the text.

ZH202 reverses synonym spin that no fixed collocation list covers: for each occurrence of a known
spun word (dictionaries/candidates_spin.tsv) the original word is put in its place and the model
scores both readings of the clause. The signal is frequency-normalised (the gain of the candidate
over the written word beyond their unigram difference) and must be backed by n-grams the model
actually knows (not back-off), so a frequent word does not win just by being frequent.

How bold to be depends on the document: where many spin candidates clear the margin (a spun page),
strong judgements are applied as safe fixes; in a clean document the same evidence stays a
suggestion, and only an overwhelming one is applied.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from ..engine import Context
from ..model import Applicability, Finding, Severity
from ..registry import Example, Registry, Rule
from ._common import replacement_finding

FLAG_GAIN = 1.0           # below this the written word stands
SAFE_GAIN_SPUN = 1.5      # safe fix in a document that looks spun
SAFE_GAIN_CLEAN = 3.5     # safe fix anywhere else
SPUN_DENSITY = 1.5        # distinct flagged spin pairs per 1,000 Han characters


def _judgements(ctx: Context) -> list[tuple[int, int, str, float, float, int]]:
    from ..scoring.context import judge

    scorer = ctx.engine.scorer
    if scorer is None:
        return []
    covered = [(m.start, m.end) for m in ctx.dictionary_matches()]
    out = []
    for m in ctx.engine.candidate_matcher.matches(ctx.text):
        if any(s < m.end and m.start < e for s, e in covered):
            continue
        best = None
        for cand in m.entry.rights:
            j = judge(ctx.text, m.start, m.end, cand, scorer)
            if j is None or j.raw <= 0 or j.support < 1 or j.gain < FLAG_GAIN:
                continue
            if best is None or j.gain > best[3]:
                best = (m.start, m.end, cand, j.gain, j.raw, j.support)
        if best:
            out.append(best)
    return out


def _spin_context(ctx: Context) -> Iterator[Finding]:
    rule = ctx.engine.registry.get("ZH202")
    found = ctx.cached("spin-context", lambda: _judgements(ctx))
    if not found:
        return
    han = max(1, len(regex.findall(r"\p{Han}", ctx.text)))
    pairs = {(ctx.text[s:e], c) for s, e, c, *_ in found}
    spun = len(pairs) * 1000 / han >= SPUN_DENSITY and len(pairs) >= 2
    safe_gain = SAFE_GAIN_SPUN if spun else SAFE_GAIN_CLEAN
    for s, e, cand, gain, raw, support in found:
        conf = min(0.97, 0.5 + 0.15 * gain) if gain >= safe_gain else min(0.75, 0.45 + 0.1 * gain)
        app = Applicability.SAFE if gain >= safe_gain else Applicability.UNSAFE
        word = ctx.text[s:e]
        yield replacement_finding(
            rule, ctx.text, s, e, (cand,), conf,
            f"{word} → {cand}: the language model prefers “{cand}” here (gain {gain:.1f}, "
            f"{'spun document' if spun else 'isolated'}; likely synonym spin)",
            applicability=app,
        )


def register(reg: Registry) -> None:
    reg.add(Rule(
        code="ZH202", name="spin-context", family="context",
        summary="A known spun word that the language model judges wrong in its sentence (needs the LM).",
        what="For each occurrence of a word that spinners substitute (宣扬 for 宣传, 教化 for 教育, 平安 for "
        "安全 …), scores the clause with the original word in its place; flags it when the original "
        "is clearly better, beyond what word frequency alone explains.",
        why="Spinners swap words from a thesaurus; each word is Chinese, but the collocation is not "
        "(普法宣扬, 妥当处理). The same words are right elsewhere (以德教化, 一路平安), so a fixed list "
        "cannot decide — the sentence must.",
        fix_safety="Safe when the gain is large and the document shows several spin pairs (a spun page); "
        "otherwise a suggestion. Silent when no language model is installed (see jiaokan doctor).",
        severity=Severity.WARNING,
        check=_spin_context,
        examples=(
            Example("我们共接待和妥当处理来信来访十余件。", "我们共接待和妥善处理来信来访十余件。"),
            Example("我们共接待和妥善处理来信来访十余件。", flag=False),
            Example("古人重视以德教化百姓。", flag=False),
            Example("祝大家一路平安。", flag=False),
        ),
    ))
