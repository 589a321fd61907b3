"""Dropped characters: a character missing from a word (适用围 for 适用范围, 深表感 for 深表感谢).

PDF text layers whose font subset lost a glyph, and OCR, drop characters; what is left is a lone
character the model's vocabulary cannot place. For every lone character of a clause (not a numeral or
a particle that stands alone anyway), the two-character words of the vocabulary that end or start
with it are candidates for the missing neighbour (范 in 范围 before 围, 谢 in 感谢 after 感). The
clause with the character inserted is segmented again and scored by the language model; an insertion
is kept when the clause scores better by a large margin, the inserted character sits in a word of two
or more characters, and the clause has fewer lone characters than before.

A document that drops a character drops it everywhere (a font subset has no glyph for it): the same
character restored at two places or more is a systematic dropout, and its insertions are safe. A lone
insertion is a suggestion. Off by default (``--select ZH104``): each lone character costs a dozen
model calls, and edited prose has lone characters the model merely does not know.
"""

from __future__ import annotations

import dataclasses
import functools
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from ..engine import Context
from ..model import Applicability, Edit, Finding, Fix, Severity
from ..registry import Example, Registry, Rule
from ._common import replacement_finding

MARGIN = 4.0        # log10 gain of the clause an insertion needs
TOP = 10            # candidate words per side of a lone character, the most common first
COMMON = -5.0       # a candidate word must be at least this frequent (unigram log10)
SYSTEMATIC = 2      # the same character restored this many times: a dropout of the whole document
_CLAUSE = regex.compile(r"\p{Han}{2,}")
_QUIET = frozenset("的地得了是在和与及或也都就而又把被让给向对从以为于之其这那有没不很更最还再已并且"
                   "一二三四五六七八九十百千万亿两零〇个种些")


@dataclass(frozen=True)
class Insertion:
    gap: int         # in the clause: the character goes before clause[gap]
    char: str
    gain: float
    word: str        # the word the inserted character belongs to


@functools.lru_cache(maxsize=4)
def _neighbours(scorer) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:  # type: ignore[no-untyped-def]
    """For each character, the common two-character words that start with it and that end with it,
    the most frequent first."""
    build = getattr(scorer, "build_unigram_table", None)
    table = build() if build is not None else None
    starts: dict[str, list[tuple[float, str]]] = {}
    ends: dict[str, list[tuple[float, str]]] = {}
    for w, u in (table or {}).items():
        if len(w) == 2 and u >= COMMON and _CLAUSE.fullmatch(w):
            starts.setdefault(w[0], []).append((u, w))
            ends.setdefault(w[1], []).append((u, w))
    top = {k: tuple(w for _, w in sorted(v, reverse=True)[:TOP]) for k, v in starts.items()}
    bottom = {k: tuple(w for _, w in sorted(v, reverse=True)[:TOP]) for k, v in ends.items()}
    return top, bottom


@functools.lru_cache(maxsize=8192)
def insertions(clause: str, scorer) -> tuple[Insertion, ...]:  # type: ignore[no-untyped-def]
    """The best insertion next to each lone character of the clause that clears the margin."""
    from ..scoring.context import best_segmentation

    starts, ends = _neighbours(scorer)
    toks, base = best_segmentation(clause, scorer)
    singles = sum(1 for t in toks if len(t) == 1)
    out: list[Insertion] = []
    pos = 0
    for t in toks:
        a, pos = pos, pos + len(t)
        if len(t) != 1 or t in _QUIET:
            continue
        best: Insertion | None = None
        cands = [(a, w[0]) for w in ends.get(t, ())] + [(a + 1, w[1]) for w in starts.get(t, ())]
        for gap, ch in cands:
            if ch in _QUIET:
                continue
            new = clause[:gap] + ch + clause[gap:]
            ntoks, score = best_segmentation(new, scorer)
            gain = score - base
            if gain < MARGIN or (best is not None and gain <= best.gain):
                continue
            if sum(1 for x in ntoks if len(x) == 1) >= singles:
                continue  # the insertion must join a lone character into a word
            npos = 0
            word = ""
            for x in ntoks:
                if npos <= gap < npos + len(x):
                    word = x
                    break
                npos += len(x)
            if len(word) < 2:
                continue
            best = Insertion(gap, ch, gain, word)
        if best is not None:
            out.append(best)
    return tuple(out)


def _dropped(ctx: Context) -> Iterator[Finding]:
    yield from dropped_findings(ctx)


def dropped_findings(ctx: Context) -> list[Finding]:
    """ZH104's findings for the text, computed once per context (ZH103 defers to them)."""
    return ctx.cached("dropped", lambda: list(_find(ctx)))  # type: ignore[no-any-return]


def _find(ctx: Context) -> Iterator[Finding]:
    scorer = ctx.engine.scorer
    if scorer is None or not getattr(scorer, "contextual", True):
        return
    rule = ctx.engine.registry.get("ZH104")
    text = ctx.text
    found: list[tuple[int, Insertion]] = []
    for m in _CLAUSE.finditer(text):
        found.extend((m.start() + ins.gap, ins) for ins in insertions(m.group(), scorer))
    if not found:
        return
    seen = Counter(ins.char for _, ins in found)
    for at, ins in found:
        systematic = seen[ins.char] >= SYSTEMATIC
        lo, hi = max(0, at - 1), min(len(text), at + 1)  # the neighbours the character goes between
        right = text[lo:at] + ins.char + text[at:hi]
        conf = min(0.95, 0.6 + 0.05 * ins.gain) if systematic else min(0.7, 0.3 + 0.05 * ins.gain)
        why = (f"“{ins.char}” is missing at {seen[ins.char]} places of this document (a systematic dropout)"
               if systematic else "a single place")
        finding = replacement_finding(
            rule, text, lo, hi, (right,), conf,
            f"{text[lo:hi]} → {right}: a dropped character; the language model reads the word “{ins.word}” "
            f"here (gain {ins.gain:.1f}; {why})",
            applicability=Applicability.SAFE if systematic else Applicability.UNSAFE,
        )
        # the edit covers both neighbours, not just the gap: a fix of either neighbour by another rule
        # conflicts with it instead of being applied beside it
        yield dataclasses.replace(finding, fix=Fix((Edit.replace(lo, hi, right),), finding.fix.applicability,  # type: ignore[union-attr]
                                                   conf))


def register(reg: Registry) -> None:
    reg.add(Rule(
        code="ZH104", name="dropped-char", family="characters",
        summary="A character dropped from a word by a PDF text layer or OCR (适用围 for 适用范围).",
        what="For every lone character of a clause, tries the common two-character words of the model's "
        "vocabulary that end or start with it, inserts the missing neighbour and keeps the insertion "
        "with which the language model scores the clause better by a large margin.",
        why="A font subset without a glyph, or an OCR engine, drops characters; every remaining character "
        "is a real one, so no word list finds the gap.",
        fix_safety="Safe when the same character is restored at two places or more of the document (a "
        "systematic dropout); a single insertion is a suggestion. Off by default; select it with "
        "--select ZH104 for PDF and OCR text.",
        severity=Severity.WARNING,
        check=_dropped,
        default_enabled=False,
        examples=(
            Example("本制度的适用围包括全体员工，适用围以外的人员另行规定。",
                    "本制度的适用范围包括全体员工，适用范围以外的人员另行规定。"),
            Example("本制度的适用范围包括全体员工。", flag=False),
            Example("我们看美国电影。", flag=False),
        ),
    ))
