"""Character confusions judged by the language model (OCR look-alikes, pinyin homophones).

A character is suspect when the model's vocabulary cannot make it part of a word with its
neighbours (it stands alone in the segmentation of its clause, next to another lone character:
关平社会 → 关 平 社会). Candidates come from look-alike groups and same-syllable, same-tone
characters; a candidate is kept only if it makes a word with a neighbour (关乎), and the clause
with it must score clearly better than the clause as written.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

import regex

from ..engine import Context
from ..model import Applicability, Finding, Severity
from ..registry import Example, Registry, Rule
from ._common import replacement_finding
from .phrases import LOOKALIKES

MARGIN = 4.0         # log10 gain the repaired clause needs over the clause as written
SAFE_MARGIN = 5.0
_CLAUSE = regex.compile(r"\p{Han}{3,}")
# function characters that stand alone in correct text all the time
# a lone run that starts with a common surname is most likely a personal name (张秀梅)
_SURNAMES = set("张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕"
                "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
_COMMON_SINGLES = set("的了是在和与及或也都就而又把被让给向对从以为于之其这那有没不很更最还再已并且")


@functools.lru_cache(maxsize=1)
def _sound_groups() -> dict[str, tuple[str, ...]]:
    """Characters by first reading with tone (pypinyin's table): same syllable, same tone."""
    from pypinyin.pinyin_dict import pinyin_dict

    groups: dict[str, list[str]] = {}
    for cp, readings in pinyin_dict.items():
        if 0x4E00 <= cp <= 0x9FFF:
            groups.setdefault(readings.split(",")[0], []).append(chr(cp))
    out: dict[str, tuple[str, ...]] = {}
    for chars in groups.values():
        for ch in chars:
            out[ch] = tuple(c for c in chars if c != ch)
    return out


@functools.lru_cache(maxsize=1)
def _shape_groups() -> dict[str, tuple[str, ...]]:
    out: dict[str, set[str]] = {}
    for g in LOOKALIKES:
        for a in g:
            out.setdefault(a, set()).update(b for b in g if b != a)
    return {k: tuple(sorted(v)) for k, v in out.items()}


def _best_segmentation(clause: str, scorer) -> list[str]:  # type: ignore[no-untyped-def]
    from ..scoring.context import _both

    back, fwd = _both(clause, scorer)
    key = lambda t: (len(t), sum(1 for x in t if len(x) == 1))  # noqa: E731
    return back if key(back) <= key(fwd) else fwd


@functools.lru_cache(maxsize=8192)
def _simplified(ch: str) -> bool:
    """In GB 2312: a simplified character of common use (traditional text is not "corrected")."""
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _makes_word(clause: str, i: int, ch: str, scorer) -> bool:  # type: ignore[no-untyped-def]
    new = clause[:i] + ch + clause[i + 1 :]
    for size in (2, 3, 4):
        for lo in range(max(0, i - size + 1), min(i, len(new) - size) + 1):
            w = new[lo : lo + size]
            if w in scorer and clause[lo : lo + size] not in scorer:
                return True
    return False


def _char_confusions(ctx: Context) -> Iterator[Finding]:
    scorer = ctx.engine.scorer
    if scorer is None:
        return
    rule = ctx.engine.registry.get("ZH103")
    sound, shape = _sound_groups(), _shape_groups()
    text = ctx.text
    taken = [(m.start, m.end) for m in ctx.dictionary_matches()]
    for m in _CLAUSE.finditer(text):
        clause = m.group()
        toks = _best_segmentation(clause, scorer)
        base = scorer.score(toks)
        pos = 0
        spans = []
        for t in toks:
            spans.append((pos, t))
            pos += len(t)
        for idx, (i, t) in enumerate(spans):
            if len(t) != 1 or t in _COMMON_SINGLES or not _simplified(t):
                continue
            lone_nb = any(0 <= j < len(spans) and len(spans[j][1]) == 1 for j in (idx - 1, idx + 1))
            if not lone_nb:
                continue
            start = m.start() + i
            if any(s <= start < e for s, e in taken):
                continue
            run0 = idx
            while run0 > 0 and len(spans[run0 - 1][1]) == 1:
                run0 -= 1
            if spans[run0][1] in _SURNAMES and idx - run0 <= 2:
                continue
            best = None
            for cand, why in [(c, "shape") for c in shape.get(t, ())] + [(c, "sound") for c in sound.get(t, ())]:
                if not _simplified(cand) or not _makes_word(clause, i, cand, scorer):
                    continue
                new = clause[:i] + cand + clause[i + 1 :]
                gain = scorer.score(_best_segmentation(new, scorer)) - base
                if gain >= MARGIN and (best is None or gain > best[1]):
                    best = (cand, gain, why)
            if best is None:
                continue
            cand, gain, why = best
            safe = gain >= SAFE_MARGIN
            conf = min(0.95, 0.5 + 0.08 * gain) if safe else min(0.75, 0.4 + 0.08 * gain)
            yield replacement_finding(
                rule, text, start, start + 1, (cand,), conf,
                f"{t} → {cand}: a {'look-alike' if why == 'shape' else 'homophone'} that makes no word here; "
                f"the language model reads “{clause[max(0, i - 2):i]}{cand}{clause[i + 1:i + 3]}” "
                f"(gain {gain:.1f})",
                applicability=Applicability.SAFE if safe else Applicability.UNSAFE,
            )


def register(reg: Registry) -> None:
    reg.add(Rule(
        code="ZH103", name="char-confusion", family="characters",
        summary="A look-alike or homophone character that makes no word in its clause (福社 for 福祉).",
        what="Finds characters that the model's vocabulary leaves standing alone beside another lone "
        "character, tries look-alikes and same-syllable characters that make a word with a neighbour, and "
        "keeps the one with which the language model scores the clause clearly better.",
        why="OCR confuses look-alikes (末/未, 乎/平) and pinyin input confuses homophones (社/祉); each "
        "wrong character is a real character, so no word list finds it.",
        fix_safety="Safe only with a very large gain; otherwise a suggestion. Silent without a language "
        "model. A preview rule, off by default (--select ZH103): on scraped pages it still proposes "
        "changes to proper names (company, site and studio names) that the model does not know.",
        severity=Severity.WARNING,
        check=_char_confusions,
        status="preview",
        default_enabled=False,
        examples=(
            Example("安全生产关乎社会大众福社。"),
            Example("安全生产关乎社会大众福祉。", flag=False),
            Example("张三丰在武当山修炼。", flag=False),
        ),
    ))
