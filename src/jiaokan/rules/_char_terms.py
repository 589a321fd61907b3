"""ZH103's lexical knowledge of what is not a typo: characters that stand alone in right text,
productive suffixes, surnames, and names and terms the model cannot know (transliterations,
characters glued to a Latin word)."""

from __future__ import annotations

import functools

import regex

_NUMERALS = set("一二三四五六七八九十百千万亿两零〇")
# characters that stand alone in correct text all the time (and 的/地/得 usage is a style question)
_COMMON_SINGLES = set("的地得了是在和与及或也都就而又把被让给向对从以为于之其这那有没不很更最还再已并且"
                      "时个种至第几到项级")  # measure words and particles (0 of SIGHAN's 438 errors)
_QUIET = frozenset(_NUMERALS | _COMMON_SINGLES)  # never a suspect
# productive suffixes: after another character they make new words all the time (办复率, 可及性)
_SUFFIXES = frozenset("率性化者度型式源")  # 源 as in 工业源, 移动源, 风险源
# productive prefixes of official prose: before another character they make new words (涉企, 涉农, 涉气)
_PREFIXES = frozenset("涉")
_PLACE_SUFFIXES = set("省市县区镇乡村州旗盟屯寨街路巷")
# characters of transliterated foreign names (艾拉莉安, 阿卜杜勒): three or more in a row are a name,
# not a word with a typo (chosen from the transliteration tables, without common native characters)
_TRANSLIT = frozenset("阿埃艾奥巴拜贝彼毕波伯博布达迪蒂杜厄恩尔菲费芬佛弗盖戈哈赫亨霍贾卡凯柯科克肯库"
                      "奎昆拉莱朗劳勒雷蕾莉露卢鲁伦罗洛玛迈麦曼梅米蜜摩莫墨默姆穆纳娜奈尼妮涅纽努诺欧帕佩"
                      "珀萨塞赛桑瑟莎珊舍斯丝索特汀瓦韦沃娅扬耶伊尤扎詹兹珂薇妲卜姬缇芙黛莲蓓茜媞琳丁德法托普兰利里亚格雅"
                      "什夫廷辛齐塔佐锡迦孚基西沙罗威")
_TRANSLIT_RUN = regex.compile(f"[{''.join(sorted(_TRANSLIT))}]{{3,}}")
_LATIN_EDGE = regex.compile(r"[A-Za-z] ?$")  # a Han clause right after a Latin word (not a number: 10各 is 10个)
_LATIN_START = regex.compile(r" ?[A-Za-z]")  # used with match(): anchored at the clause end; not digits (企射25家 is 企业)
# a lone run that starts with a common surname is most likely a personal name (张秀梅)
_SURNAMES = set("张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕"
                "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")


# official coinages in parallel: 以赛促学, 以案促改, 以训带练 (以X促Y: each half a new abbreviation)
_COINED = regex.compile(r"以\p{Han}[促带代养育强保]\p{Han}")
_PARALLEL_HEADS = "自互群联共齐同严全"  # 自救互救, 群防群治, 联防联控, 共建共享, 严管严查
_PARALLEL = regex.compile(f"[{_PARALLEL_HEADS}]\\p{{Han}}[{_PARALLEL_HEADS}]\\p{{Han}}")


def _parallel_positions(clause: str) -> set[int]:
    """Positions of four-character coinages built in parallel, which the model often lacks and whose
    characters are chosen, not mistyped: two halves that share a character in the same place and
    begin with the heads such coinages use (自救互救, 群防群治, 联防联控) or 以X促Y (以赛促学). Not
    every pair of halves: a learner's 友山友海 (有山有海) and 每天六天 (六点) share a character too."""
    out: set[int] = set()
    for m in _PARALLEL.finditer(clause, overlapped=True):  # two heads two apart; then the halves
        i = m.start()
        q = clause[i : i + 4]
        if (q[0] == q[2]) != (q[1] == q[3]):
            out.update(range(i, i + 4))
    for m in _COINED.finditer(clause):
        out.update(range(m.start(), m.end()))
    return out


def _term_positions(text: str, clause: str, a: int, b: int) -> frozenset[int]:
    """Positions of the clause ``text[a:b]`` that belong to names and terms the model cannot know:
    runs of transliteration characters (艾莉娅, 阿卜杜勒) or a short clause of them only (法廷), and
    a character glued to a Latin word (zhmCJK宏包), part of a technical term; coinages in parallel
    (自救互救, 以赛促学: :func:`_parallel_positions`). Not a character next to
    a number: that is where measure words go wrong (10各, 企射25家)."""
    out: set[int] = _parallel_positions(clause) if len(clause) >= 4 else set()
    if len(clause) >= 3:
        for m in _TRANSLIT_RUN.finditer(clause):
            out.update(range(m.start(), m.end()))
    elif all(c in _TRANSLIT for c in clause):  # a short item of a list of names (法廷, 亚辛)
        out.update(range(len(clause)))
    if a and _LATIN_EDGE.search(text, max(0, a - 2), a):
        out.add(0)
    if b < len(text) and _LATIN_START.match(text, b, b + 2):
        out.add(len(clause) - 1)
    return frozenset(out)


@functools.lru_cache(maxsize=1)
def _official_terms():  # type: ignore[no-untyped-def]
    """An automaton over dictionaries/terms_official.txt (read on first use)."""
    import ahocorasick

    from ..dictionaries import builtin_dir

    auto = ahocorasick.Automaton()
    for line in (builtin_dir() / "terms_official.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            auto.add_word(line, len(line))
    auto.make_automaton()
    return auto


def official_term_spans(text: str) -> list[tuple[int, int]]:
    """Where the text writes an abbreviation or coinage of official prose that the model cannot know
    (销号, 提质增效, 两客一危, 家次): spans ZH103 leaves alone, as it does a known phrase."""
    return [(end - n + 1, end + 1) for end, n in _official_terms().iter(text)]
