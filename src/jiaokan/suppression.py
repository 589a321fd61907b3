"""Inline suppression comments.

A directive stands alone on its line, in an HTML comment (Markdown) or as a plain text line,
optionally after a comment leader (``#``, ``//``, ``%``, ``;``)::

    <!-- jiaokan: disable-next-line ZH101 -->   the next non-blank line
    <!-- jiaokan: disable ZH2, spin -->         from here ...
    <!-- jiaokan: enable ZH2, spin -->          ... to here (or to the end of the file)
    jiaokan: disable-next-line                  no codes: every rule

Codes are rule codes, code prefixes or rule names, separated by commas or spaces. ``enable``
without codes ends every open ``disable``. A directive that suppressed nothing is *unused*; with
``report_unused`` it becomes a finding of its own (``JK100``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .model import Finding, Severity, Span

UNUSED_CODE = "JK100"
UNUSED_NAME = "unused-suppression"
UNUSED_SUMMARY = "A jiaokan suppression comment that suppressed nothing."

_DIRECTIVE = re.compile(
    r"(?:\A|(?<=[\r\n]))[ \t]*(?:<!--|#+|//|%|;)?[ \t]*jiaokan:[ \t]*(disable-next-line|disable|enable)\b"
    r"(?P<codes>[^\r\n]*?)[ \t]*(?:-->)?[ \t]*(?=[\r\n]|\Z)"
)


@dataclass
class Directive:
    kind: str
    codes: tuple[str, ...]
    span: Span  # the directive's line, without its line break
    regions: list[Span] = field(default_factory=list)
    used: bool = False

    def matches(self, f: Finding) -> bool:
        if not self.codes:
            return True
        return any(f.code.startswith(c.upper()) or f.name == c for c in self.codes)


def parse(text: str) -> list[Directive]:
    """Every directive with the regions (code-point spans) it covers."""
    if "jiaokan:" not in text:
        return []
    out: list[Directive] = []
    open_: list[tuple[Directive, int]] = []
    for m in _DIRECTIVE.finditer(text):
        kind = m.group(1)
        codes = tuple(c for c in re.split(r"[\s,]+", m.group("codes").strip()) if c)
        d = Directive(kind, codes, Span(m.start(), m.end()))
        out.append(d)
        if kind == "disable-next-line":
            d.regions.append(_next_line(text, m.end()))
        elif kind == "disable":
            open_.append((d, m.end()))
        else:  # enable
            still = []
            for dis, start in open_:
                if not codes or set(dis.codes) & set(codes) or not dis.codes:
                    dis.regions.append(Span(start, m.start()))
                    d.used = True  # an enable that closes a disable is never unused
                else:
                    still.append((dis, start))
            open_ = still
    for dis, start in open_:
        dis.regions.append(Span(start, len(text)))
    return out


def _next_line(text: str, pos: int) -> Span:
    """The next line after ``pos`` (the end of the directive's line) that is not blank."""
    n = len(text)
    i = pos
    while i < n:
        i += 2 if text.startswith("\r\n", i) else 1  # the line break ending the previous line
        j = i
        while j < n and text[j] not in "\r\n":
            j += 1
        if text[i:j].strip():
            return Span(i, j)
        i = j
    return Span(n, n)


def apply(text: str, findings: Sequence[Finding], *, report_unused: bool = False) -> list[Finding]:
    """``findings`` without the suppressed ones (plus unused-suppression findings if asked)."""
    directives = parse(text)
    if not directives:
        return list(findings)
    kept = []
    for f in findings:
        hit = False
        for d in directives:
            if d.kind != "enable" and d.matches(f) and any(r.start <= f.span.start < r.end
                                                            for r in d.regions):
                d.used = True
                hit = True
        if not hit:
            kept.append(f)
    if report_unused:
        for d in directives:
            if not d.used and d.kind != "enable":
                what = ", ".join(d.codes) if d.codes else "all rules"
                kept.append(Finding(
                    code=UNUSED_CODE, name=UNUSED_NAME,
                    message=f"unused suppression: '{d.kind}' for {what} suppressed nothing",
                    span=d.span, severity=Severity.WARNING, confidence=1.0,
                    original=text[d.span.start:d.span.end].strip(),
                ))
        kept.sort(key=Finding.sort_key)
    return kept
