"""ZH202's evidence beyond one clause: words further off than the model's window (cue words) and the
whole document (one spinner, one mapping). Used by :mod:`.context`."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from ..engine import Context
from ..model import Applicability, Finding
from ..registry import Rule
from . import SAFE_CONFIDENCE
from ._common import replacement_finding

HEAVY_DENSITY = 8.0       # density above which a raw preference of the model (not frequency-normalised) counts
HEAVY_SAFE_PRIOR = 0.3
CUE_WINDOW = 24           # a cue word (``cue=`` in the candidate table) counts this close, in the same sentence …
CUE_RAW = -0.5            # … and then the model only needs not to object by more than this
REPEAT_MIN = 2            # a spun word the model rejects at this many places of a spun page …
REPEAT_MEAN = 0.3         # … by this much on average over all its places (log10) is restored everywhere
REPEAT_PRIOR = 0.5       # (not for words often right: 深化, 本领, 严峻 are 0.3-0.4)
PROPAGATE_MIN = 2         # a spin pair confirmed this many times elsewhere in the document …
PROPAGATE_RAW = -0.5      # … carries to its other occurrences unless the model objects by more


def free_candidates(ctx: Context) -> list:  # type: ignore[type-arg]
    """The document's matches of the spin candidate table that no dictionary finding overlaps (a
    fixed spin collocation already restores them), computed once for every ZH202 pass."""

    def make() -> list:  # type: ignore[type-arg]
        covered = [(m.start, m.end) for m in ctx.dictionary_matches()]
        return [m for m in ctx.engine.candidate_matcher.matches(ctx.text)
                if not any(s < m.end and m.start < e for s, e in covered)]

    return ctx.cached("spin-candidates", make)


def written(ctx: Context, word: str) -> int:
    """How often the page writes ``word`` as a word: occurrences that the segmentation of their run
    of Han characters keeps whole (工作 is not written in 手工作坊 nor in 工作日). A spinner swaps
    words, so the original survives inside longer words of a spun page."""
    def count() -> int:
        from ..scoring.context import best_segmentation

        scorer = ctx.engine.scorer
        return sum(best_segmentation(run, scorer)[0].count(word)
                   for run in _HAN_RUNS.findall(ctx.text) if word in run)

    return ctx.cached(f"written:{word}", count)  # type: ignore[no-any-return]


_HAN_RUNS = regex.compile(r"\p{Han}+")
_SENTENCE_END = frozenset("。！？；!?;\n")
_CLAUSE_END = _SENTENCE_END | frozenset("，,、：:")


def cue_near(text: str, start: int, end: int, cues: tuple[str, ...], window: int = CUE_WINDOW,
             clause_after: bool = False) -> str | None:
    """The first of ``cues`` within ``window`` characters of ``text[start:end]`` in the same
    sentence, or with ``clause_after`` later in the same clause (a verb's object)."""
    stops = _CLAUSE_END if clause_after else _SENTENCE_END
    lo = start
    while not clause_after and lo > 0 and start - lo < window and text[lo - 1] not in stops:
        lo -= 1
    hi = end
    while hi < len(text) and hi - end < window and text[hi] not in stops:
        hi += 1
    before, after = text[lo:start], text[end:hi]
    return next((c for c in cues if c in before or c in after), None)


def _cued(ctx: Context, rule: Rule, density: float, done: set[tuple[int, int]],
          confirmed: list[tuple[int, int, str]]) -> Iterator[Finding]:
    """A trigram model sees two words either side; the word that decides a pair is sometimes further
    away (团聚 → 团圆 after 元宵 and 汤圆 earlier in the sentence; 展开 → 开展 with its object 活动 five
    words on). A candidate-table pair lists such words: ``cue=`` anywhere in the same sentence (a
    topic), ``obj=`` later in the same clause (a verb's object). In a spun document, where one
    occurs, the original is restored unless the model objects by more than ``CUE_RAW`` — safe in a
    heavily spun document, a suggestion in a spun one."""
    from ..scoring.context import judge_many

    text, scorer = ctx.text, ctx.engine.scorer
    for m in free_candidates(ctx):
        if not (m.entry.cues or m.entry.objects) or (m.start, m.end) in done:
            continue
        cue = cue_near(text, m.start, m.end, m.entry.cues) or \
            cue_near(text, m.start, m.end, m.entry.objects, clause_after=True)
        if cue is None:
            continue
        js = [j for j in judge_many(text, m.start, m.end, m.entry.rights, scorer) if j.raw >= CUE_RAW]
        if not js:
            continue
        j = max(js, key=lambda j: j.raw)
        if _writer_uses(ctx, m.start, m.end, j.candidate):
            continue
        prior = m.entry.confidence
        safe = density >= HEAVY_DENSITY and prior >= HEAVY_SAFE_PRIOR
        if safe:
            confirmed.append((m.start, m.end, j.candidate))
        word = text[m.start:m.end]
        yield replacement_finding(
            rule, text, m.start, m.end, (j.candidate,), SAFE_CONFIDENCE if safe else min(0.7, 0.4 + 0.3 * prior),
            f"{word} → {j.candidate}: “{cue}” in the same {'sentence' if cue in m.entry.cues else 'clause'} points to “{j.candidate}” (a word beyond "
            f"the model's window) and the language model does not object (log10 {j.raw:.1f}); "
            f"{'heavily ' if safe else ''}spun document, likely synonym spin",
            applicability=Applicability.SAFE if safe else Applicability.UNSAFE,
        )


def _repeated(ctx: Context, raw: list[tuple[int, int, str, float, float, float, int]]
              ) -> dict[tuple[str, str], tuple[list[tuple[int, int]], float]]:
    """One spinner, one mapping, judged over the whole document: a spun word written at several places
    (``REPEAT_MIN`` where the model prefers the original) whose original the page never writes, and
    where the model's preference averaged over every place reaches ``REPEAT_MEAN``, at two places in
    three at least, with no place objecting by more than ``PROPAGATE_RAW``. A per-place gain is small
    for a common original (效劳 → 服务 gains 0.2–1.6 by place), but four places that agree are
    evidence no single one is."""
    from ..scoring.context import judge_many

    text = ctx.text
    positive: dict[tuple[str, str], list[tuple[int, int, float]]] = {}
    for s, e, cand, _gain, r, prior, _support in raw:
        if prior >= REPEAT_PRIOR and not written(ctx, cand):
            positive.setdefault((text[s:e], cand), []).append((s, e, r))
    pairs = {p: v for p, v in positive.items() if len(v) >= REPEAT_MIN}
    if not pairs:
        return {}
    known = {(s, e, c): r for s, e, c, _g, r, *_ in raw}
    places: dict[tuple[str, str], list[tuple[int, int, float]]] = {p: [] for p in pairs}
    for m in free_candidates(ctx):
        word = text[m.start:m.end]
        for cand in m.entry.rights:
            if (word, cand) not in pairs:
                continue
            r = known.get((m.start, m.end, cand))
            if r is None:
                js = judge_many(text, m.start, m.end, (cand,), ctx.engine.scorer)
                r = js[0].raw if js else PROPAGATE_RAW - 1.0
            places[(word, cand)].append((m.start, m.end, r))
    out = {}
    for pair, found in places.items():
        rs = [r for *_, r in found]
        if len(rs) >= REPEAT_MIN and min(rs) >= PROPAGATE_RAW and sum(rs) >= REPEAT_MEAN * len(rs) \
                and 3 * sum(r > 0 for r in rs) >= 2 * len(rs):
            out[pair] = ([(s, e) for s, e, _ in sorted(set(found))], sum(rs))
    return out


def _writer_uses(ctx: Context, start: int, end: int, cand: str) -> bool:
    """Does the page write the original word at least as often as the spun one? A spinner swaps a
    word everywhere (the dev pages and the seed almost never keep both), so a page that has both is
    one whose writer uses the spun word too (互助 beside 合作): weak evidence is not enough there.
    The original is counted as a word (:func:`written`: not inside 手工作坊), the spun word as written
    (its every occurrence is a candidate match), which leans towards restoring."""
    return written(ctx, cand) >= ctx.text.count(ctx.text[start:end])


def _dictionary_confirmations(ctx: Context) -> list[tuple[int, int, str]]:
    """Known spun words inside fixed spin collocations the dictionary restores, with the original
    the collocation's correction puts there (主动参予 → 积极参与 confirms 主动 → 积极)."""
    out = []
    spins = [m for m in ctx.dictionary_matches() if m.entry.kind == "spin" and m.entry.rights
             and len(m.entry.rights[0]) == m.end - m.start]
    for m in spins:
        right = m.entry.rights[0]
        for c in ctx.engine.candidate_matcher.matches(ctx.text[m.start:m.end]):
            cand = right[c.start:c.end]
            if cand in c.entry.rights:
                out.append((m.start + c.start, m.start + c.end, cand))
    return out


def _propagated(ctx: Context, rule: Rule, confirmed: list[tuple[int, int, str]],
                done: set[tuple[int, int]]) -> Iterator[Finding]:
    """One spinner, one mapping: where a heavily spun document shows the same spin pair restored
    at ``PROPAGATE_MIN`` places and never writes the original word, the pair's other occurrences
    are restored too unless the model clearly objects (求真务实，主动履行 → 积极履行 when 主动参予 and
    主动开展 were restored and 积极 appears nowhere)."""
    from ..scoring.context import judge_many

    text = ctx.text
    places: dict[tuple[str, str], set[int]] = {}
    for s, e, cand in confirmed + _dictionary_confirmations(ctx):
        places.setdefault((text[s:e], cand), set()).add(s)
    pairs = {p: len(v) for p, v in places.items() if len(v) >= PROPAGATE_MIN and not written(ctx, p[1])}
    if not pairs:
        return
    scorer = ctx.engine.scorer
    for m in free_candidates(ctx):
        word = text[m.start:m.end]
        cands = [c for c in m.entry.rights if (word, c) in pairs]
        if not cands or (m.start, m.end) in done:
            continue
        cand = cands[0]
        if m.start in places[(word, cand)]:
            continue
        js = judge_many(text, m.start, m.end, (cand,), scorer)
        if not js or js[0].raw < PROPAGATE_RAW:
            continue
        n = pairs[(word, cand)]
        yield replacement_finding(
            rule, text, m.start, m.end, (cand,), SAFE_CONFIDENCE,
            f"{word} → {cand}: this heavily spun document has {word} → {cand} restored at {n} other "
            f"places and never writes “{cand}”; the language model does not object here "
            f"(log10 {js[0].raw:.1f})",
            applicability=Applicability.SAFE,
        )
