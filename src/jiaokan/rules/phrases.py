"""Fixed phrases: idioms (成语) and official formulations (规范提法) with one wrong character.

Every window of Han characters as long as a lexicon entry is looked up with each position masked in
turn (an exact index, no scan): a window that is not itself in the lexicon but differs from exactly
one entry by one character is a candidate. The differing characters must be confusable — the same
syllable (再接再励/厉, 按步/部就班) or a known look-alike (末/未, 己/已) — so that a window that merely
happens to resemble an idiom is not touched.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

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


@functools.lru_cache(maxsize=1)
def lexicon() -> tuple[frozenset[str], dict[str, tuple[str, ...]], tuple[int, ...]]:
    """(entries, masked key → entries, window lengths)."""
    # entries shorter than four characters (四风) are too easy to meet by chance
    entries = frozenset(e for e in _read("idioms.txt") + _read("formulations.txt") if len(e) >= 4)
    masked: dict[str, list[str]] = {}
    for e in entries:
        for i in range(len(e)):
            masked.setdefault(e[:i] + "\0" + e[i + 1 :], []).append(e)
    lengths = tuple(sorted({len(e) for e in entries}))
    return entries, {k: tuple(v) for k, v in masked.items()}, lengths


@functools.lru_cache(maxsize=4096)
def _syllable(ch: str) -> str:
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(ch, style=Style.NORMAL, errors="ignore")[0] if ch else ""


@functools.lru_cache(maxsize=1)
def _shape_pairs() -> frozenset[tuple[str, str]]:
    return frozenset((a, b) for group in LOOKALIKES for a in group for b in group if a != b)


def confusable(a: str, b: str) -> str | None:
    """Why ``a`` may stand for ``b``: "sound", "shape", or None."""
    if (a, b) in _shape_pairs():
        return "shape"
    sa, sb = _syllable(a), _syllable(b)
    if sa and sa == sb:
        return "sound"
    return None


_HAN_RUN = regex.compile(r"\p{Han}+")


def _phrases(ctx: Context) -> Iterator[Finding]:
    rule = ctx.engine.registry.get("ZH102")
    entries, masked, lengths = lexicon()
    scorer = ctx.engine.scorer
    text = ctx.text
    for run in _HAN_RUN.finditer(text):
        s = run.group()
        if len(s) < min(lengths):
            continue
        for n in lengths:
            for i in range(len(s) - n + 1):
                win = s[i : i + n]
                if win in entries:
                    continue
                cands = set()
                for k in range(n):
                    for e in masked.get(win[:k] + "\0" + win[k + 1 :], ()):
                        why = confusable(win[k], e[k])
                        if why:
                            cands.add((e, k, why))
                if len(cands) > 1 and scorer is not None:
                    # variant spellings (再接再厉 / 再接再砺): keep what the language model knows
                    known = {c for c in cands if c[0] in scorer}
                    cands = known or cands
                if not cands:
                    continue
                start = run.start() + i
                # the window must not be part of a longer entry written right (overlapping lexicon hits)
                if any(s[j : j + m] in entries for m in lengths for j in range(max(0, i - m + 1), i + n)
                       if j + m <= len(s) and (j, m) != (i, n)):
                    continue
                if len(cands) > 1:
                    options = tuple(sorted(c[0] for c in cands))
                    yield replacement_finding(rule, text, start, start + n, options, 0.6,
                                              f"{win} → {' | '.join(options)}: fixed phrase with one wrong character")
                    continue
                (entry, k, why), = cands
                yield replacement_finding(
                    rule, text, start, start + n, (entry,), 0.9 if why == "sound" else 0.85,
                    f"{win} → {entry}: fixed phrase with one wrong character "
                    f"({win[k]} for {entry[k]}, same {'syllable' if why == 'sound' else 'shape'})",
                )


def register(reg: Registry) -> None:
    reg.add(Rule(
        code="ZH102", name="fixed-phrase", family="dictionary",
        summary="An idiom or official formulation with one wrong character (再接再励, 按步就班, 又好有快).",
        what="Compares every window of Han characters with the idioms in dictionaries/idioms.txt and the "
        "formulations in dictionaries/formulations.txt; a window one character away from exactly one "
        "entry, where the two characters sound alike or look alike, is flagged with the entry as the fix.",
        why="Typing by pinyin and OCR both swap one character of a set phrase for a homophone or a "
        "look-alike; the phrase is then wrong in a way spell checkers built on word lists miss.",
        fix_safety="Safe: exactly one lexicon entry matches and the characters are homophones or known "
        "look-alikes. Windows that are themselves entries, or overlap a correctly written entry, are skipped.",
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
