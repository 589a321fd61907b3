"""Context rules: a language model judges candidate words against the words in the text.

ZH202 reverses synonym spin that no fixed collocation list covers: for each occurrence of a known
spun word (dictionaries/candidates_spin.tsv) the original word is put in its place and the model
scores both readings of the clause. The signal is frequency-normalised (the gain of the candidate
over the written word beyond their unigram difference) and must be backed by n-grams the model
actually knows (not back-off), so a frequent word does not win just by being frequent.

How bold to be depends on the document: where many spin candidates clear the margin (a spun page),
strong judgements are applied as safe fixes; in a clean document the same evidence stays a
suggestion, and only an overwhelming one is applied. In a heavily spun page (``HEAVY_DENSITY`` pairs
per 1,000 Han characters and more) the prior that a known spun word was spun is so high that a plain
preference of the model for the original (not frequency-normalised, no n-gram support needed) is
enough (频闪严峻 → 频闪严重).
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from ..engine import Context
from ..model import Applicability, Finding, Severity
from ..registry import Example, Registry, Rule
from . import SAFE_CONFIDENCE
from ._common import replacement_finding
from .spin_evidence import (  # noqa: F401
    HEAVY_DENSITY,
    HEAVY_SAFE_PRIOR,
    _cued,
    _propagated,
    _repeated,
    _writer_uses,
    cue_near,
    free_candidates,
)

FLAG_GAIN = 1.0           # below this the written word stands, whatever the pair
SAFE_GAIN_SPUN = 1.5      # safe fix in a document that looks spun, for a pair of prior 1
CLEAN_GAIN = 2.5          # outside spun documents: only strong judgements on high-prior pairs, never safe
CLEAN_PRIOR = 0.8
SPUN_DENSITY = 1.5        # distinct high-prior spin pairs per 1,000 Han characters
SOFT_GAIN = 0.5           # the second signal: medium-prior pairs the model prefers, at least
SOFT_PRIOR = 0.5
SOFT_PAIRS = 3
SOFT_DENSITY = 5.0
MEDIUM_GAIN = 1.0         # the third signal: distinct medium-prior pairs clearly rejected …
MEDIUM_PAIRS = 3
MEDIUM_DENSITY = 0.8      # … weighted by their priors, per 1,000 Han characters
HEAVY_PRIOR = 0.3
HEAVY_RAW = 0.1         # a small margin: a near-tie (推动 vs 推进, 0.05) is no evidence
HEAVY_SAFE_RAW = 0.1
LAZY_PRIOR = 0.5          # pairs below this prior are judged only in spun documents (see _raw_judgements)


def flag_gain(prior: float, density: float = SPUN_DENSITY) -> float:
    """The gain a spun-document judgement needs: more for pairs whose spun word is often right,
    less as the document's spin density grows."""
    return FLAG_GAIN + 2.5 * (1.0 - prior) * SPUN_DENSITY / max(density, SPUN_DENSITY)


def safe_gain(prior: float, density: float = SPUN_DENSITY) -> float:
    """The gain a safe fix needs in a spun document; the penalty for a low prior shrinks as the
    document's spin density grows (a page with spin everywhere makes every spun pair likelier)."""
    return SAFE_GAIN_SPUN + 2.0 * (1.0 - prior) * SPUN_DENSITY / max(density, SPUN_DENSITY)


def _judgements(ctx: Context, low: bool = False) -> list[tuple[int, int, str, float, float, float]]:
    """``(start, end, candidate, gain, raw, prior)`` for every spun-word candidate the model prefers
    beyond word frequency, backed by n-grams it knows (``low``: the pairs of prior < ``LAZY_PRIOR``)."""
    return [j[:6] for j in _raw(ctx, low) if j[6] >= 1 and j[3] >= FLAG_GAIN]


def _raw(ctx: Context, low: bool = False) -> list[tuple[int, int, str, float, float, float, int]]:
    return ctx.cached("spin-raw-low" if low else "spin-raw", lambda: _raw_judgements(ctx, low))


def _raw_judgements(ctx: Context, low: bool = False) -> list[tuple[int, int, str, float, float, float, int]]:
    """``(start, end, candidate, gain, raw, prior, support)`` for every spun-word candidate with
    which the model scores the clause better at all (raw > 0). Pairs of prior below ``LAZY_PRIOR``
    (``low``) are judged separately, and only in a spun document: they count towards no density and
    are reported nowhere else, so a clean document never pays for them."""
    from ..scoring.context import judge_many

    scorer = ctx.engine.scorer
    if scorer is None or not getattr(scorer, "contextual", True):
        return []  # word frequencies alone cannot judge a word in its sentence
    out = []
    for m in free_candidates(ctx):
        if (m.entry.confidence < LAZY_PRIOR) != low:
            continue
        best = None
        for j in judge_many(ctx.text, m.start, m.end, m.entry.rights, scorer):
            if j.raw <= 0:
                continue
            key = (j.support >= 1 and j.gain >= FLAG_GAIN, j.gain)
            if best is None or key > best[0]:
                best = (key, (m.start, m.end, j.candidate, j.gain, j.raw, m.entry.confidence, j.support))
        if best:
            out.append(best[1])
    return out


def spin_density(ctx: Context) -> float:
    """Distinct spin pairs per 1,000 Han characters: fixed spin collocations found by the
    dictionary plus spun words the model rejects. A clean report scores near 0, a spun page several."""

    def compute() -> float:
        han = max(1, sum(map(len, _HAN_RUNS.findall(ctx.text))))
        pairs = {(ctx.text[s:e], c) for s, e, c, gain, _, prior in ctx.cached("spin-context", lambda: _judgements(ctx))
                 if prior >= CLEAN_PRIOR and gain >= flag_gain(prior)}
        pairs |= {(m.entry.wrong, m.entry.rights[0]) for m in ctx.dictionary_matches()
                  if m.entry.kind == "spin" and m.entry.confidence >= 0.8}
        if len(pairs) >= 2 and len(pairs) * 1000 / han >= SPUN_DENSITY:
            return len(pairs) * 1000 / han
        # a page spun with medium-prior words only: count the spun words the model prefers the
        # original for at all (clean reports of 2,000 characters show one or two such pairs)
        soft = {(ctx.text[j[0]:j[1]], j[2]) for j in _raw(ctx)
                if j[3] >= SOFT_GAIN and j[6] >= 1 and j[5] >= SOFT_PRIOR}
        if len(soft) >= SOFT_PAIRS and len(soft) * 1000 / han >= SOFT_DENSITY:
            return len(soft) * 1000 / han
        # a long page with several clear rejections of medium-prior words (平安 → 安全, 构造 → 组织, 临盆 →
        # 生产): our clean prose shows at most one such pair per document, 400 Debian documents two
        medium = {(ctx.text[j[0]:j[1]], j[2]): j[5] for j in _raw(ctx)
                  if j[3] >= MEDIUM_GAIN and j[6] >= 1 and j[5] >= SOFT_PRIOR}
        if len(medium) >= MEDIUM_PAIRS and sum(medium.values()) * 1000 / han >= MEDIUM_DENSITY:
            return SPUN_DENSITY  # spun, at the strictest margins
        return len(pairs) * 1000 / han if len(pairs) >= 2 else 0.0

    def carried() -> float:
        # never lower than in an earlier fix pass of the same document: the restorations of
        # pass 1 remove the very evidence that made the page look spun
        density = max(compute(), ctx.carry.get("spin-density", 0.0))
        ctx.carry["spin-density"] = density
        return density

    return ctx.cached("spin-density", carried)


def _spin_context(ctx: Context) -> Iterator[Finding]:
    rule = ctx.engine.registry.get("ZH202")
    found = ctx.cached("spin-context", lambda: _judgements(ctx))
    raws = _raw(ctx)
    if not raws and not ctx.dictionary_matches() and not ctx.carry.get("spin-density"):
        return  # no evidence of spin at all (a later fix pass keeps its page's density)
    density = spin_density(ctx)
    spun = density >= SPUN_DENSITY
    if spun:  # the low-prior pairs matter only here
        found = sorted(found + _judgements(ctx, low=True))
        raws = sorted(raws + _raw(ctx, low=True))
    if not raws:
        return
    heavy: list[tuple[int, int, str, float, float, float]] = []
    if density >= HEAVY_DENSITY:  # spin everywhere: a plain preference of the model is evidence too
        strong = {(s, e) for s, e, *_ in found}
        heavy = [j[:6] for j in raws
                 if (j[0], j[1]) not in strong and j[5] >= HEAVY_PRIOR and j[4] >= HEAVY_RAW
                 and not _writer_uses(ctx, j[0], j[1], j[2])]
    repeated = _repeated(ctx, raws) if spun else {}
    emitted: set[tuple[int, int]] = set()
    confirmed: list[tuple[int, int, str]] = []  # safe restorations made here: (start, end, candidate)
    for s, e, cand, _gain, raw, prior in heavy:
        safe = raw >= HEAVY_SAFE_RAW and prior >= HEAVY_SAFE_PRIOR or (ctx.text[s:e], cand) in repeated
        emitted.add((s, e))
        if safe:
            confirmed.append((s, e, cand))
        conf = min(0.9, 0.5 + 0.3 * raw * prior) if safe else min(0.7, 0.35 + 0.2 * raw * prior)
        word = ctx.text[s:e]
        yield replacement_finding(
            rule, ctx.text, s, e, (cand,), max(conf, SAFE_CONFIDENCE) if safe else min(conf, 0.75),
            f"{word} → {cand}: in this heavily spun document the language model prefers “{cand}” "
            f"(log10 {raw:.1f}; likely synonym spin)",
            applicability=Applicability.SAFE if safe else Applicability.UNSAFE,
        )
    for s, e, cand, gain, raw, prior in found:
        if spun:
            if gain < flag_gain(prior, density) and (ctx.text[s:e], cand) not in repeated:
                continue
            safe = gain >= safe_gain(prior, density) or (ctx.text[s:e], cand) in repeated or (
                # in a heavily spun page a weaker preference already makes it safe (see ``heavy``)
                density >= HEAVY_DENSITY and raw >= HEAVY_SAFE_RAW and prior >= HEAVY_SAFE_PRIOR
                and not _writer_uses(ctx, s, e, cand))
            if safe:
                confirmed.append((s, e, cand))
        else:
            if prior < CLEAN_PRIOR or gain < CLEAN_GAIN:
                continue
            safe = False
        conf = min(0.97, 0.55 + 0.12 * gain * prior) if safe else min(0.75, 0.4 + 0.1 * gain * prior)
        word = ctx.text[s:e]
        emitted.add((s, e))
        yield replacement_finding(
            rule, ctx.text, s, e, (cand,), conf,
            f"{word} → {cand}: the language model prefers “{cand}” here (gain {gain:.1f}, "
            f"{'spun document' if spun else 'isolated'}; likely synonym spin)",
            applicability=Applicability.SAFE if safe else Applicability.UNSAFE,
        )
    for (word, cand), (places, total) in repeated.items():
        for s, e in places:
            if (s, e) in emitted:
                continue
            emitted.add((s, e))
            confirmed.append((s, e, cand))
            yield replacement_finding(
                rule, ctx.text, s, e, (cand,), SAFE_CONFIDENCE,
                f"{word} → {cand}: this spun document writes “{word}” {len(places)} times and never "
                f"“{cand}”, which the language model prefers across them (log10 {total:.1f} in all; "
                f"one spinner, one mapping)",
                applicability=Applicability.SAFE,
            )
    done = {(s, e) for s, e, *_ in heavy + found} | emitted
    if spun:
        yield from _cued(ctx, rule, density, done, confirmed)
    if density >= HEAVY_DENSITY:
        yield from _propagated(ctx, rule, confirmed, done)


_HAN_RUNS = regex.compile(r"\p{Han}+")
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
        fix_safety="Safe only in a document that shows several spin pairs (a spun page) and when the gain "
        "clears a margin that grows as the pair's prior falls; in a heavily spun document a plain preference "
        "of the model is enough (not where the page writes the original as often as the spun word), and a "
        "pair restored at two places whose original the page never writes is restored at its other "
        "places unless the model objects; a spun word of prior >= 0.5 that the model rejects on average across "
        "its places of a spun page whose original the page never writes is restored at all of them; and so is a pair whose cue word (``cue=``, ``obj=`` in the table: the 活动 that "
        "展开 → 开展 takes as its object) stands in the sentence; in other documents only strong judgements on high-prior pairs "
        "are reported, as suggestions. Silent without a language model (see jiaokan doctor).",
        severity=Severity.WARNING,
        check=_spin_context,
        examples=(
            Example("这些问题如果不刚好加以解决，必将影响发展大局。"),
            Example("常态化开展妇女维权普法宣扬。我们共接待和妥当处理来信来访十余件。"
                    "主要职责有主动开展婚姻家庭纠纷调解。"),
            Example("今年以来，我县深入推进平安生产宣扬，组织学问竞赛，普及平安学问。团员们在湿地公园展开了一次“护鸟行动”"
                    "志愿活动。"),
            Example("这些问题如果不及时加以解决，必将影响发展大局。", flag=False),
            Example("古人重视以德教化百姓。", flag=False),
            Example("祝大家一路平安。", flag=False),
        ),
    ))
