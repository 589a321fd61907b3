"""Fixed phrases: idioms (成语) and official formulations (规范提法) with one wrong character
(or, on a spun page, one half swapped for a synonym).

Every window of Han characters as long as a lexicon entry is looked up with each position masked in
turn (an exact index, no scan): a window that is not itself in the lexicon but differs from exactly
one entry by one character is a candidate. The differing characters must be confusable — the same
syllable (再接再励/厉, 按步/部就班) or a known look-alike (末/未, 己/已) — so that a window that merely
happens to resemble an idiom is not touched; and the language model must read the clause better with
the phrase than as written (生成毫无意义的文件 is right as it stands).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

import ahocorasick
import regex

from ..dictionaries import builtin_dir
from ..engine import Context
from ..model import Finding
from ..registry import Example, Registry, Rule
from ._common import replacement_finding

# look-alike pairs that OCR and typing confuse (shape, not sound)
LOOKALIKES = ("末未", "己已巳", "平乎", "社祉", "辩辨辫瓣", "即既", "幕暮慕墓募", "侯候", "日曰", "戊戌戍",
              "人入八", "士土", "大太犬", "天夭", "王玉主", "今令", "析折", "拔拨", "栽裁载", "免兔")


def _read(name: str) -> list[str]:
    path = Path(builtin_dir()) / name
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]


Half = tuple[str, int, int, tuple[int, ...]]


@functools.lru_cache(maxsize=1)
def lexicon() -> tuple[frozenset[str], ahocorasick.Automaton]:
    """The entries, and an automaton over their halves: one wrong character leaves one half intact
    (pigeonhole), so every candidate alignment is found in one linear pass over the text."""
    # entries shorter than four characters (四风) are too easy to meet by chance
    entries = frozenset(e for e in _read("idioms.txt") + _read("formulations.txt") if len(e) >= 4)
    halves: dict[str, list[Half]] = {}
    for e in sorted(entries):
        n = len(e)
        mid = n // 2
        # (entry, offset of the half, its end - 1 - the entry's start, the positions of the other half)
        halves.setdefault(e[:mid], []).append((e, 0, mid - 1, tuple(range(mid, n))))
        halves.setdefault(e[mid:], []).append((e, mid, n - 1, tuple(range(mid))))
    auto = ahocorasick.Automaton()
    for key, val in halves.items():
        auto.add_word(key, tuple(val))
    auto.make_automaton()
    return entries, auto


_TONES = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ", "aaaaeeeeiiiioooouuuuüüüünnnm")


@functools.lru_cache(maxsize=8192)
def _readings(ch: str) -> tuple[str, ...]:
    """The readings of a character without tones, the common one first (pypinyin's character table,
    read directly)."""
    from pypinyin.pinyin_dict import pinyin_dict

    readings = pinyin_dict.get(ord(ch)) if ch else None
    return tuple(r.translate(_TONES) for r in readings.split(",")) if readings else ()


def _syllables(ch: str) -> frozenset[str]:
    return frozenset(_readings(ch))


@functools.lru_cache(maxsize=1)
def _shape_pairs() -> frozenset[tuple[str, str]]:
    return frozenset((a, b) for group in LOOKALIKES for a in group for b in group if a != b)


def _plainly_confusable(written: str, entry: str) -> bool:
    """Do the characters that differ look alike or share their first (common) reading? A rare reading
    is no evidence that a word the model knows is a slip (还好意思 is no 不好意思: 还 and 不 meet only in
    the rare reading fu)."""
    for a, b in zip(written, entry, strict=True):
        if a != b and (a, b) not in _shape_pairs() and _first_reading(a) != _first_reading(b):
            return False
    return True


def _first_reading(ch: str) -> str:
    readings = _readings(ch)
    return readings[0] if readings else ch


def confusable(a: str, b: str) -> str | None:
    """Why ``a`` may stand for ``b``: "sound", "shape", or None."""
    if (a, b) in _shape_pairs():
        return "shape"
    if _syllables(a) & _syllables(b):
        return "sound"
    return None


_HAN = regex.compile(r"\p{Han}+")
COMMON_HALF = -5.3  # unigram of an intact half that is a common word on its own


@functools.lru_cache(maxsize=1)
def _spin_pairs() -> frozenset[tuple[str, str]]:
    from ..dictionaries import load_candidates

    return frozenset((e.wrong, r) for e in load_candidates("spin") for r in e.rights)


def _synonyms(written: str, right: str) -> bool:
    """Is ``written`` a synonym a spinner puts for ``right``: a pair of the spin candidate table, or
    of the installed thesaurus?"""
    from ..scoring.thesaurus import load_thesaurus

    return (written, right) in _spin_pairs() or right in load_thesaurus()[1].get(written, ())


def _phrases(ctx: Context) -> Iterator[Finding]:
    yield from phrase_findings(ctx)


def phrase_findings(ctx: Context) -> list[Finding]:
    """ZH102's findings for the text, computed once per context (ZH103 defers to them)."""
    return _phrases_and_spans(ctx)[0]


def correct_phrase_spans(ctx: Context) -> list[tuple[int, int]]:
    """Where the text writes an idiom or formulation of the lexicon exactly (ZH103 leaves them alone)."""
    return _phrases_and_spans(ctx)[1]


def _phrases_and_spans(ctx: Context) -> tuple[list[Finding], list[tuple[int, int]]]:
    def make() -> tuple[list[Finding], list[tuple[int, int]]]:
        correct: list[tuple[int, int]] = []
        return list(_find(ctx, correct)), correct

    return ctx.cached("phrases", make)  # type: ignore[no-any-return]


def _find(ctx: Context, correct: list[tuple[int, int]]) -> Iterator[Finding]:
    rule = ctx.engine.registry.get("ZH102")
    entries, auto = lexicon()
    scorer = ctx.engine.scorer
    text = ctx.text
    by_window: dict[tuple[int, int], set[tuple[str, int, str]]] = {}
    spun_page: bool | None = None  # decided on the first swapped half met
    size = len(text)
    for end_idx, hits in auto.iter(text):
        for entry, offset, back, other in hits:
            start = end_idx - back
            stop = start + len(entry)
            if start < 0 or stop > size:
                continue
            win = text[start:stop]
            if win == entry:
                correct.append((start, stop))
                continue
            # the half the automaton found is intact: only the other half can differ
            diff = [k for k in other if win[k] != entry[k]]
            if len(diff) == 2 and len(entry) == 4 and diff == [2 - offset, 3 - offset]:
                # the other half of a four-character phrase swapped whole: a spun word inside an idiom
                if spun_page is False or not _HAN.fullmatch(win):
                    continue  # (a page found not spun stays so: no test of the window needed)
                a = 2 - offset
                if spun_page is None:
                    spun_page = _spun_page(ctx)
                if spun_page and _synonyms(win[a:a + 2], entry[a:a + 2]):
                    by_window.setdefault((start, stop), set()).add((entry, a, "synonym"))
                continue
            if len(diff) != 1 or not _HAN.fullmatch(win):
                continue
            k = diff[0]
            why = confusable(win[k], entry[k])
            if why:
                by_window.setdefault((start, stop), set()).add((entry, k, why))
    if not by_window:
        return
    covered = [(m.start, m.end) for m in ctx.dictionary_matches()]
    for (start, stop), cands in sorted(by_window.items()):
        win = text[start:stop]
        if win in entries or any(s < stop and start < e for s, e in correct + covered):
            continue  # itself an entry, or overlapping an entry written right
        if len(cands) > 1 and scorer is not None:
            # variant spellings (再接再厉 / 再接再砺): keep what the language model knows
            cands = {c for c in cands if c[0] in scorer} or cands
        if len(cands) > 1:
            options = tuple(sorted(c[0] for c in cands))
            yield replacement_finding(rule, text, start, stop, options, 0.6,
                                      f"{win} → {' | '.join(options)}: fixed phrase with one wrong character")
            continue
        (entry, k, why), = cands
        if why == "synonym":
            # legitimate variants exist (福寿安康 beside 福寿康宁, 这条路永无尽头): only in a page that
            # shows a spinner at work, and safe only in a heavily spun one
            from .context import HEAVY_DENSITY, spin_density

            density = spin_density(ctx)
            kept = win[2:] if k == 0 else win[:2]  # the half written as in the phrase
            if scorer is not None and (win in scorer or (kept in scorer and scorer.unigram(kept) >= COMMON_HALF)):
                continue  # 洁净整齐 is two common words, not 洁净利落 with a swapped half
            yield replacement_finding(
                rule, text, start, stop, (entry,), 0.85 if density >= HEAVY_DENSITY else 0.6,
                f"{win} → {entry}: fixed phrase with a word swapped for a synonym "
                f"({win[k:k + 2]} for {entry[k:k + 2]}) in a page that shows synonym spin",
            )
            continue
        if scorer is not None and getattr(scorer, "contextual", True) and _model_keeps(text, start, stop, entry, scorer):
            continue  # 毫无意义 (two common words) is not 毫无疑义, 安全的一个 not 安全第一个
        yield replacement_finding(
            rule, text, start, stop, (entry,), 0.9 if why == "sound" else 0.85,
            f"{win} → {entry}: fixed phrase with one wrong character "
            f"({win[k]} for {entry[k]}, same {'syllable' if why == 'sound' else 'shape'})",
        )


IDIOM_GAIN = 0.0   # log10: the clause with the phrase must score better than as written by more than this
WORDS_GAIN = 3.0   # ... by more than this where the window is two or more common words (不能自己)
MISSPELT_GAP = 0.5  # log10: a phrase this much more common than the window the model also knows
COMMON_WORD = -5.7  # unigram of a word the model knows well (不能 -5.68, 自己 -3.42; 以次 -6.01 is not)


def _model_keeps(text: str, start: int, stop: int, entry: str, scorer) -> bool:  # type: ignore[no-untyped-def]
    """Whether the window reads as ordinary words that merely resemble the phrase, so that it is
    left alone: the model segments it as one word of its vocabulary (毫无意义), or a word of the
    sentence runs across its edge (安全的一个, 生命值上限), or the clause scores no better with the
    phrase, or not by much where the window is two or more common words (不能自己处理)."""
    from ..scoring.context import best_segmentation

    lo, hi = start, stop
    while lo > 0 and lo > start - 12 and _HAN.match(text, lo - 1, lo):
        lo -= 1
    while hi < len(text) and hi < stop + 12 and _HAN.match(text, hi, hi + 1):
        hi += 1
    toks, base = best_segmentation(text[lo:hi], scorer)
    inside: list[str] = []
    pos = lo
    for t in toks:
        a, b = pos, pos + len(t)
        pos = b
        if b <= start or a >= stop:
            continue
        if a < start or b > stop:
            return True  # a word across the edge: the window is not a unit of the sentence
        inside.append(t)
    known = entry in scorer
    if len(inside) == 1:
        # the model knows the window as a word (or phrase) of its own — unless it knows the phrase as
        # one too and far better: an input method's vocabulary keeps common misspellings (按步就班)
        return not (known and scorer.unigram(entry) - scorer.unigram(inside[0]) >= MISSPELT_GAP
                    and _plainly_confusable(text[start:stop], entry))
    common = len(inside) >= 2 and all(len(t) > 1 and scorer.unigram(t) >= COMMON_WORD for t in inside)
    if known and not common:
        return False  # the phrase is a word of the model, the window only pieces of rarer ones (世外桃园)
    gain = best_segmentation(text[lo:start] + entry + text[stop:hi], scorer)[1] - base
    return gain <= (WORDS_GAIN if common else IDIOM_GAIN)


def _spun_page(ctx: Context) -> bool:
    from .context import SPUN_DENSITY, spin_density

    return spin_density(ctx) >= SPUN_DENSITY


def register(reg: Registry) -> None:
    reg.add(Rule(
        code="ZH102", name="fixed-phrase", family="dictionary",
        summary="An idiom or official formulation with one wrong character (再接再励, 按步就班, 又好有快).",
        what="Compares every window of Han characters with the idioms in dictionaries/idioms.txt and the "
        "formulations in dictionaries/formulations.txt; a window one character away from exactly one "
        "entry, where the two characters sound alike or look alike, is flagged with the entry as the fix. "
        "On a page that shows synonym spin, a four-character phrase whose one half was swapped whole "
        "for a synonym (永无尽头 for 永无止境; the pair from the spin table or the thesaurus) is flagged "
        "too, unless the intact half is a common word on its own (洁净整齐 is two words).",
        why="Typing by pinyin and OCR both swap one character of a set phrase for a homophone or a "
        "look-alike; the phrase is then wrong in a way spell checkers built on word lists miss.",
        fix_safety="Safe: exactly one lexicon entry matches, the characters are homophones or known "
        "look-alikes, and the language model reads the clause better with the phrase (not when the window is a "
        "word of the model, like 毫无意义, a word runs across its edge, like 安全的一个, or it is two common "
        "words, like 不能自己, unless the phrase wins clearly). Windows that are themselves entries, or overlap a "
        "correctly written entry, are skipped. "
        "A swapped half is safe only on a heavily spun page (a suggestion on a lightly spun one) and never "
        "reported on a clean page, where variants like 福寿安康 are right.",
        check=_phrases,
        examples=(
            Example("同学们要再接再励，争取更好成绩。", "同学们要再接再厉，争取更好成绩。"),
            Example("推动经济社会又好有快发展。", "推动经济社会又好又快发展。"),
            Example("坚持以科学发展关为指导。", "坚持以科学发展观为指导。"),
            Example("同学们要再接再厉，争取更好成绩。", flag=False),
            Example("推动经济社会又好又快发展。", flag=False),
            Example("他们一起吃饭聊天。", flag=False),
        ),
    ))
