"""Character confusions judged by the language model (pinyin homophones, OCR look-alikes).

For every clause of Chinese characters, a character is a suspect when the model's vocabulary
leaves it standing alone, or inside a rare word (我门, 建意, 案静, 关平). Its candidates come from
same-sound and look-alike tables (shipped in ``dictionaries/confusion/``, from pycorrector's data);
a candidate is tried only if it makes a word of the vocabulary with its neighbours (们 in 我们). The
clause with the candidate is segmented again and scored by the model; a candidate is kept when

- the clause scores better by a margin (larger for another tone, larger still for a look-alike),
- the repaired character sits in a word of two or more characters, no shorter than before,
- the repair does not add words (it joins characters, it does not scatter them), and
- it does not cut a common word of the original.

Characters inside an abbreviation of official prose that the model cannot know (销号, 两客一危, 家次:
``dictionaries/terms_official.txt``) are never suspects. Repairs are made one at a time, best first,
and the clause is judged again after each (two errors next to each other: 建意 → 建议, not 见议). Numerals
and the characters after a surname that starts a name (张爱文) are left alone.

Document evidence decides how bold to be: a long text in which repairs are rare (fewer than
``DENSE_PER_1000`` per thousand Han characters) is edited prose whose unknown words are mostly new
terms (提质, 销号, 减污), so only very large gains are reported there, as suggestions — unless the text
shows the damage of a PDF text layer or OCR (line breaks inside words, Kangxi radicals), whose
sparse errors (福社) are OCR's and are repaired as in a damaged text. A short text (a sentence, a line
of OCR) carries no such evidence and is judged on its own, with a larger margin unless the repair
makes a common word (我们, 建议: yes; 家校 → 家教, 凝心 → 冰心: no).
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from ..engine import Context
from ..model import Applicability, Finding, Severity
from ..registry import Example, Registry, Rule
from ._char_suspects import _viable
from ._char_terms import (  # noqa: F401  (what is never a suspect; _term_positions is tested here)
    _COMMON_SINGLES,
    _LATIN_EDGE,
    _LATIN_START,
    _NUMERALS,
    _PLACE_SUFFIXES,
    _PREFIXES,
    _QUIET,
    _SUFFIXES,
    _SURNAMES,
    _TRANSLIT,
    _TRANSLIT_RUN,
    _parallel_positions,
    _term_positions,
    official_term_spans,
)
from ._common import replacement_finding
from ._confusion import FORMED_MIN, _simplified, confusion_table, word_index  # noqa: F401

# log10 gain of the clause the repair needs, by kind of confusion
MARGINS = {"sound": 2.0, "tone": 2.5, "fuzzy": 4.0, "shape": 4.0}
_KINDS = {"sound": "a homophone", "tone": "a homophone in another tone", "fuzzy": "a near-homophone",
          "shape": "a look-alike"}
SPARSE_MARGIN = 7.0      # in long, sparsely flagged texts: only this gain is reported (as a suggestion)
SHORT_EXTRA = 0.5        # in a short text (no document evidence) a repair needs this much more than MARGINS …
COMMON_MADE = -4.0       # … unless the word it makes is this common (我们, 建议, 告诉; not 冰心, 展平, 家教)
DENSE_PER_1000 = 15.0    # repairs per 1,000 Han characters above which a long text is "damaged" …
DENSE_MIN = 3            # … given at least this many (two in a paragraph are its unknown words: 家校, 销号)
SHORT_TEXT = 80          # Han characters below which a text (a sentence or two) is judged without document evidence
RARE_WORD = -4.5         # unigram log10 below which a word of the original may be a garble (phase-2 speed-up; was -4.0)
COMMON_WORD = -5.5       # a word at least this frequent is not cut by a repair
ATTESTED_EXTRA = 1.0     # more margin for a lone character the model has seen with both neighbours
WORD_GAIN = 0.5          # log10: how much more common than the word of the original
NO_CONTEXT_EXTRA = 0.5   # more margin when the scorer is the context-free fallback
TOP_CANDIDATES = 4       # per position, the most common words made are judged by the model
MAX_REPAIRS = 3          # per clause
ATTESTED_WORDS_PASS = True  # phase-2 speed-up: a rare word seen with both neighbours is not a suspect
MAYBE_MAX = 1 << 15       # pieces whose possible suspects are cached (bounded: peak RSS)
_CLAUSE = regex.compile(r"\p{Han}{2,}")
@dataclass(frozen=True)
class Repair:
    offset: int      # in the clause
    wrong: str
    right: str
    kind: str
    gain: float
    word: str        # the word the repaired character now belongs to


def _spans(toks: tuple[str, ...]) -> list[tuple[int, int, str]]:
    out = []
    pos = 0
    for t in toks:
        out.append((pos, pos + len(t), t))
        pos += len(t)
    return out


def _at(spans: list[tuple[int, int, str]], i: int) -> tuple[int, int, str]:
    return next(s for s in spans if s[0] <= i < s[1])


def _suspect(clause: str, i: int, spans: list[tuple[int, int, str]], owner: list[int], hits: list[int],
             rare: list[int]) -> int:
    """0: not a suspect; 1: a suspect; 2: a weak suspect (a larger margin applies). The caller has
    already left out numerals, common lone characters and characters not in GB 2312; ``rare[k]``
    says whether the word ``spans[k]`` (of two or more characters) is a rare word of the model."""
    k = owner[i]
    s = spans[k]
    # a lone character the model has seen with both neighbours is a word in its own right (山离我家)
    left = k == 0 or hits[k] >= 2
    right = k == len(spans) - 1 or hits[k + 1] >= 2
    if s[1] - s[0] > 1:
        if ATTESTED_WORDS_PASS and left and right and len(spans) > 1:
            return 0  # a rare word the model has seen with both neighbours is no garble
        if rare[k] and clause[s[1] : s[1] + 1] in _PLACE_SUFFIXES:
            return 0  # 云岭县, 南坪镇: a rare word before 县 / 镇 is a place name the model does not know
        return rare[k]
    if left and right and len(spans) > 1:
        return 2
    if any(c in _PLACE_SUFFIXES for c in clause[i + 1 : i + 3]):
        return 0  # 新江镇, 新乐村: a place name the model does not know
    for k in (1, 2):  # 张爱文: the characters after a lone surname are a given name
        j = i - k
        if j >= 0 and clause[j] in _SURNAMES and len(spans[owner[j]][2]) == 1:
            return 0
    return 1


def repairs(clause: str, scorer, skip: frozenset[int] = frozenset()) -> list[Repair]:  # type: ignore[no-untyped-def]
    """The repairs of one clause, best first, each judged after the ones before it."""
    return list(_repairs(clause, scorer, skip))


@functools.lru_cache(maxsize=8192)
def _repairs(clause: str, scorer, skip: frozenset[int]) -> tuple[Repair, ...]:  # type: ignore[no-untyped-def]
    best_segmentation, best_of, joined, piece_segmentations, replaced_segmentation = _SEG or _segmenters()
    table = confusion_table()
    index = word_index(scorer)
    # without context (the word-frequency fallback) a repair needs a larger margin
    extra_all = 0.0 if getattr(scorer, "contextual", True) else NO_CONTEXT_EXTRA
    out: list[Repair] = []
    done = set(skip)
    scores = getattr(scorer, "unigram_table", None)  # every word of the vocabulary → its unigram
    if not isinstance(scores, dict):
        scores = None
    maybe = index.maybe  # piece → its positions that are lone or in a rare word in one of its segmentations
    pairs = index.pairs(len(clause))  # None for short texts and without a vocabulary
    for _ in range(MAX_REPAIRS):
        # only lone characters and rare words hold suspects (_suspect is 0 in a common word)
        split = piece_segmentations(clause, scorer)
        if split is not None:  # the positions that may be lone or rare, before choosing a segmentation
            where: list[int] = []
            pos = 0
            for piece, entry in zip(*split, strict=True):
                m = maybe.get(piece)
                if m is None:
                    m = _maybe(piece, entry, scores, scorer, maybe)
                if m:
                    where.extend([pos + r for r in m])
                pos += len(piece)
            viable = _viable(clause, where, done, table, index, pairs)
            if not viable:
                break
            three = joined(split[1])
            if three[3]:  # the three segmentations agree: no score is needed to choose
                toks, base = three[2], None
            else:
                toks, base = best_of(three, scorer)
        else:
            three = None
            toks, base = best_segmentation(clause, scorer)
            viable = _viable(clause, _where(toks, scores, scorer), done, table, index, pairs)
            if not viable:
                break
        spans = _spans(toks)
        owner = [k for k, (a, b, _) in enumerate(spans) for _ in range(a, b)]  # position → its word
        rare = [int(b - a > 1 and _rare(w, scores, scorer)) for a, b, w in spans]
        hits: list[int] | None = None  # n-gram hits of the words, asked for the first suspect only
        best: Repair | None = None
        for i in viable:
            k = owner[i]
            old = spans[k]
            if old[1] - old[0] > 1 and not rare[k]:
                continue  # in a common word
            if hits is None:
                hits = scorer.ngram_hits(list(toks))
            level = _suspect(clause, i, spans, owner, hits, rare)
            if not level:
                continue
            ch = clause[i]
            row, bits = index.memo[ch]  # type: ignore[misc]
            extra = extra_all + (ATTESTED_EXTRA if level == 2 else 0.0)
            # the word a candidate makes must be common, and more common than a word it replaces
            floor = FORMED_MIN if old[1] - old[0] == 1 else max(FORMED_MIN, scorer.unigram(old[2]) + WORD_GAIN)
            made = index.formed(clause, i, row, bits)
            if len(made) > TOP_CANDIDATES:
                made = dict(sorted(made.items(), key=lambda kv: -kv[1])[:int(TOP_CANDIDATES)])
            for cand, formed in made.items():
                if formed < floor or cand in _NUMERALS or not _simplified(cand):
                    continue  # a rare word is no evidence (提质 → 石质)
                kind = row[cand]
                if split is not None:
                    ntoks, score = replaced_segmentation(split, i, cand, scorer)
                else:
                    ntoks, score = best_segmentation(clause[:i] + cand + clause[i + 1 :], scorer)
                if base is None:
                    base = best_of(three, scorer)[1]  # type: ignore[arg-type]
                gain = score - base
                if gain < MARGINS[kind] + extra or (best is not None and gain <= best.gain):
                    continue
                nspans = _spans(ntoks)
                lo, hi, word = _at(nspans, i)
                if len(ntoks) > len(toks) or len(word) < 2 or len(word) < old[1] - old[0]:
                    continue
                if any(a < hi and b > lo and not (lo <= a and b <= hi) and len(w) > 1
                       and scorer.unigram(w) >= COMMON_WORD for a, b, w in spans):
                    continue  # 设在县 → 设在线 would cut 设在
                best = Repair(i, ch, cand, kind, gain, word)
        if best is None:
            break
        out.append(best)
        done.add(best.offset)
        clause = clause[: best.offset] + best.right + clause[best.offset + 1 :]
    return tuple(out)


def _rare(w: str, scores: dict[str, float] | None, scorer) -> bool:  # type: ignore[no-untyped-def]
    """Is the word (of two or more characters) a rare word of the model?"""
    return scores.get(w, 0.0) < RARE_WORD if scores is not None else w in scorer and scorer.unigram(w) < RARE_WORD


def _where(toks: tuple[str, ...], scores: dict[str, float] | None, scorer) -> list[int]:  # type: ignore[no-untyped-def]
    """The positions of the lone characters and of the rare words' characters, in order."""
    out: list[int] = []
    pos = 0
    for w in toks:
        size = len(w)
        if size == 1:
            out.append(pos)
        elif _rare(w, scores, scorer):
            out.extend(range(pos, pos + size))
        pos += size
    return out


def _maybe(piece: str, entry: tuple, scores: dict[str, float] | None, scorer,  # type: ignore[no-untyped-def,type-arg]
           cache: dict[str, tuple[int, ...]]) -> tuple[int, ...]:
    """The positions of a piece that are lone or in a rare word in one of its segmentations."""
    found: set[int] = set()
    for toks in {entry[0]: 0, entry[1]: 0, entry[2]: 0}:
        found.update(_where(toks, scores, scorer))
    if len(cache) >= MAYBE_MAX:
        cache.clear()
    m = cache[piece] = tuple(sorted(found))
    return m


_SEG: tuple = ()  # type: ignore[type-arg]  # the segmentation functions (imported on first use)


def _segmenters() -> tuple:  # type: ignore[type-arg]
    global _SEG
    from ..scoring.context import (
        best_of,
        best_segmentation,
        joined,
        piece_segmentations,
        replaced_segmentation,
    )

    _SEG = (best_segmentation, best_of, joined, piece_segmentations, replaced_segmentation)
    return _SEG


CLAUSE_MAX = 48  # Han characters: a longer run is judged in windows cut between words


def _clause_spans(text: str, scorer) -> Iterator[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """The runs of Han characters to judge one by one. A run longer than ``CLAUSE_MAX`` (OCR text
    without punctuation, a classical text) is cut between the words of its segmentation into windows
    of at most that length: each candidate is scored on its clause, so one long run would cost time
    quadratic in its length (40k characters: minutes)."""
    for m in _CLAUSE.finditer(text):
        a, b = m.span()
        if b - a <= CLAUSE_MAX:
            yield a, b
            continue
        start = pos = a
        for tok in (_SEG or _segmenters())[0](m.group(), scorer)[0]:
            if pos + len(tok) - start > CLAUSE_MAX and pos > start:
                yield start, pos
                start = pos
            pos += len(tok)
        yield start, pos


DAMAGE_MIN = 2  # findings of text-layer damage that make a long text a damaged one


def _text_layer_damage(ctx: Context) -> bool:
    """Does the text show the damage of a PDF text layer or OCR (hard line breaks inside words,
    Kangxi radicals for ordinary characters)? Such a text is not edited prose: its sparse character
    errors (关平, 福社) are OCR's, and repairs are judged as in a damaged text."""
    def count() -> int:
        reg = ctx.engine.registry
        return sum(1 for code in ("ZH405", "ZH301") if code in reg for _ in reg.get(code).check(ctx))

    return ctx.cached("text-layer-damage", count) >= DAMAGE_MIN  # type: ignore[no-any-return]


def _char_confusions(ctx: Context) -> Iterator[Finding]:
    scorer = ctx.engine.scorer
    if scorer is None:
        return
    rule = ctx.engine.registry.get("ZH103")
    text = ctx.text
    taken = [(m.start, m.end) for m in ctx.dictionary_matches()]
    if any(r.code == "ZH102" for r in ctx.engine.rules):  # a known phrase beats a character repair
        from .phrases import correct_phrase_spans, phrase_findings  # (坚持人民滞上 is 人民至上, not 人民之上)

        taken += [(f.span.start, f.span.end) for f in phrase_findings(ctx) if f.fix is not None]
        taken += correct_phrase_spans(ctx)  # and one written right holds no typo (失防万一 in its motto)
    if any(r.code == "ZH104" for r in ctx.engine.rules):  # and so does a dropped character (适用围)
        from .dropped import dropped_findings

        taken += [(f.span.start, f.span.end) for f in dropped_findings(ctx) if f.fix is not None]
    taken += official_term_spans(text)  # abbreviations of official prose (销号, 两客一危)
    taken.sort()
    longest = max((e - s for s, e in taken), default=0)
    found: list[tuple[int, Repair, int]] = []  # (offset in the text, repair, clause number)
    han = 0
    no_skip: frozenset[int] = frozenset()
    for no, (a, b) in enumerate(_clause_spans(text, scorer)):
        clause = text[a:b]
        han += len(clause)
        skip = no_skip
        if taken:
            lo = bisect.bisect_left(taken, (a - longest, -1))  # matches that may reach this clause
            hi = bisect.bisect_left(taken, (b, -1))
            if lo < hi:
                skip = frozenset(i - a for s, e in taken[lo:hi] for i in range(max(s, a), min(e, b)))
        terms = _term_positions(text, clause, a, b)
        if terms:
            skip = skip | terms
        for r in repairs(clause, scorer, skip):
            found.append((a + r.offset, r, no))
    if not found:
        return
    distinct = len({(r.wrong, r.right, r.word) for _, r, _ in found})  # a name repeated is one piece of evidence
    sparse = han >= SHORT_TEXT and (distinct < DENSE_MIN or distinct * 1000 / han < DENSE_PER_1000) \
        and not _text_layer_damage(ctx)
    short = han < SHORT_TEXT
    dropped: set[int] = set()  # clauses with a repair left out: the repairs after it assumed it made
    for start, r, no in found:
        if no in dropped:
            continue
        if (sparse and r.gain < SPARSE_MARGIN) or (
                short and r.gain < MARGINS[r.kind] + SHORT_EXTRA and scorer.unigram(r.word) < COMMON_MADE):
            dropped.add(no)
            continue
        safe = not sparse
        conf = min(0.95, 0.5 + 0.1 * r.gain) if safe else min(0.75, 0.3 + 0.05 * r.gain)
        what = _KINDS.get(r.kind, "a confusable character")
        yield replacement_finding(
            rule, text, start, start + 1, (r.right,), conf,
            f"{r.wrong} → {r.right}: {what} that the language model reads as the word “{r.word}” here "
            f"(gain {r.gain:.1f})",
            applicability=Applicability.SAFE if safe else Applicability.UNSAFE,
        )


def register(reg: Registry) -> None:
    reg.add(Rule(
        code="ZH103", name="char-confusion", family="characters",
        summary="A homophone or look-alike character that breaks a word (我门 for 我们, 福社 for 福祉).",
        what="Finds characters that the model's vocabulary leaves standing alone or in a rare word, tries "
        "same-sound and look-alike characters that make a word with a neighbour, and keeps the one with "
        "which the language model scores the clause clearly better; repairs one character at a time.",
        why="Pinyin input confuses homophones (们/门, 议/意) and OCR confuses look-alikes (末/未, 乎/平); "
        "each wrong character is a real character, so no word list finds it.",
        fix_safety="Safe in short texts (with a larger margin unless the repaired word is a common one) and "
        "in texts where such repairs are dense (learner writing, OCR output) or that show text-layer damage (ZH405, ZH301). In long texts where they are rare (edited prose, whose unknown words are mostly new "
        "terms), only a very large gain is reported, as a suggestion. With the word-frequency fallback "
        "instead of the language model a larger margin applies; silent with neither.",
        severity=Severity.WARNING,
        check=_char_confusions,
        examples=(
            Example("我门看美国电影。"),
            Example("安全生产关乎社会大众福社。"),
            Example("我们看美国电影。", flag=False),
            Example("安全生产关乎社会大众福祉。", flag=False),
            Example("张三丰在武当山修炼。", flag=False),
            Example("五是久久为功抓落实。", flag=False),
        ),
    ))
