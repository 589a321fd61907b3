"""Dictionary rules: confusion (typos, look-alikes) and synonym spin, from ``dictionaries/*.tsv``.

Every entry of every dictionary is matched in one Aho-Corasick pass (see :mod:`jiaokan.matcher`);
each rule here takes the matches of its kind.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..engine import Context
from ..model import Finding
from ..registry import Example, Registry, Rule
from ._common import replacement_finding


def _checker(kind: str, code: str) -> object:
    def check(ctx: Context) -> Iterator[Finding]:
        rule = ctx.engine.registry.get(code)
        for m in ctx.dictionary_matches():
            e = m.entry
            if e.kind != kind:
                continue
            rights = e.rights
            arrow = " | ".join(rights)
            msg = f"{e.wrong} → {arrow}" + (f": {e.note}" if e.note else "")
            yield replacement_finding(rule, ctx.text, m.start, m.end, rights, e.confidence, msg,
                                      note=e.source)

    return check


CONFUSION = dict(
    code="ZH101",
    name="confusion",
    family="dictionary",
    summary="A known misspelling or look-alike / sound-alike character confusion.",
    what="Matches the confusion dictionaries (dictionaries/typos*.tsv and user dictionaries) anywhere in "
    "the text, longest match first, honouring each entry's context conditions.",
    why="参予, 侯车, 膺品 are never right in standard written Chinese; spell checkers built on word "
    "boundaries cannot find them inside a sentence.",
    fix_safety="Safe when the entry has one correction and a confidence of at least 0.8; entries with "
    "several corrections are suggestions only.",
    examples=(
        Example("他积极参予了这项工作。", "他积极参与了这项工作。"),
        Example("旅客在侯车室等候。", "旅客在候车室等候。"),
        Example("这批膺品已被查获。", "这批赝品已被查获。"),
        Example("他积极参与了这项工作。", flag=False),
        Example("旅客在候车室等候。", flag=False),
    ),
)

SPIN = dict(
    code="ZH201",
    name="spin",
    family="dictionary",
    summary="A synonym swapped in by a spinning tool (伪原创): each word is Chinese, the collocation is not.",
    what="Matches the spin dictionaries (dictionaries/spin*.tsv): spun collocations such as 坚毅阵地, "
    "学问竞赛, 平安生产, and spun words under context conditions (宣扬 before 资料, 教化 after 家庭).",
    why="Content farms run documents through a thesaurus; the result reads wrong to every reader and "
    "cannot be published. Many spun words are right elsewhere (教化, 冲突, 推动), so entries are "
    "collocations or carry context conditions rather than bare words.",
    fix_safety="Safe for single-candidate entries with confidence of at least 0.8 (fixed collocations); "
    "looser entries carry a lower confidence and are suggestions.",
    examples=(
        Example("把党支部建设成为坚毅阵地。", "把党支部建设成为坚强阵地。"),
        Example("举办安全学问竞赛。", "举办安全知识竞赛。"),
        Example("抓好平安生产工作。", "抓好安全生产工作。"),
        Example("发放宣扬资料500份。", "发放宣传资料500份。"),
        Example("稳步推动乡村振兴。", "稳步推进乡村振兴。"),
        Example("推动经济社会又好又快发展。", flag=False),
        Example("以德教化百姓，移风易俗。", flag=False),
        Example("化解矛盾纠纷。", flag=False),
        Example("祝你一路平安。", flag=False),
        Example("这位老先生很有学问。", flag=False),
    ),
)


def register(reg: Registry) -> None:
    reg.add(Rule(check=_checker("confusion", "ZH101"), **CONFUSION))  # type: ignore[arg-type]
    reg.add(Rule(check=_checker("spin", "ZH201"), **SPIN))  # type: ignore[arg-type]
