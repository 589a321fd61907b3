"""Rule metadata, selection and codes. The registry is an instance, built explicitly."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .model import Finding, Severity

if TYPE_CHECKING:
    from .engine import Context


CheckFn = Callable[["Context"], Iterable[Finding]]


@dataclass(frozen=True)
class Example:
    """A rule example: ``text`` must be flagged (``fixed`` is what the default fix gives),
    or, with ``flag=False``, must not be flagged."""

    text: str
    fixed: str | None = None
    flag: bool = True


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    family: str
    summary: str
    what: str
    why: str
    fix_safety: str
    check: CheckFn
    severity: Severity = Severity.WARNING
    examples: tuple[Example, ...] = ()
    status: str = "stable"
    default_enabled: bool = True

    def doc(self) -> str:
        lines = [f"{self.code} {self.name} ({self.family}, {self.status})", "", self.summary, ""]
        lines += ["What it does", "  " + self.what, "", "Why is this bad", "  " + self.why, ""]
        flag = [e for e in self.examples if e.flag]
        keep = [e for e in self.examples if not e.flag]
        if flag:
            lines.append("Example")
            for e in flag:
                lines.append(f"  {e.text!r}  →  {e.fixed!r}" if e.fixed is not None else f"  {e.text!r}")
            lines.append("")
        if keep:
            lines.append("Not flagged")
            lines += [f"  {e.text!r}" for e in keep]
            lines.append("")
        lines += ["Fix safety", "  " + self.fix_safety]
        return "\n".join(lines)


@dataclass
class Registry:
    """An ordered set of rules keyed by code."""

    _rules: dict[str, Rule] = field(default_factory=dict)

    def add(self, rule: Rule) -> Rule:
        if rule.code in self._rules:
            raise ValueError(f"duplicate rule code {rule.code}")
        if any(r.name == rule.name for r in self._rules.values()):
            raise ValueError(f"duplicate rule name {rule.name}")
        self._rules[rule.code] = rule
        return rule

    def __iter__(self) -> Iterator[Rule]:
        return iter(sorted(self._rules.values(), key=lambda r: r.code))

    def __len__(self) -> int:
        return len(self._rules)

    def __contains__(self, code: object) -> bool:
        return code in self._rules

    def get(self, key: str) -> Rule:
        """Look a rule up by code (``ZH201``) or name (``spin``)."""
        rule = self._rules.get(key)
        if rule is not None:  # the common case: an exact code
            return rule
        key_u = key.strip().upper()
        if key_u in self._rules:
            return self._rules[key_u]
        for r in self._rules.values():
            if r.name == key.strip():
                return r
        raise KeyError(key)

    def matches(self, selector: str) -> list[Rule]:
        """Rules a selector names: ``ALL``, a code, a code prefix (``ZH2``), a name or a family."""
        s = selector.strip()
        if s.upper() == "ALL":
            return list(self)
        out = [r for r in self if r.code.startswith(s.upper()) or r.name == s or r.family == s]
        if not out:
            raise KeyError(selector)
        return out

    def select(self, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Rule]:
        """The enabled rules: default-enabled ones (or those ``select`` names), minus ``ignore``."""
        select = list(select)
        chosen: dict[str, Rule] = {}
        if select:
            for s in select:
                for r in self.matches(s):
                    chosen[r.code] = r
        else:
            chosen = {r.code: r for r in self if r.default_enabled}
        for s in ignore:
            for r in self.matches(s):
                chosen.pop(r.code, None)
        return [chosen[c] for c in sorted(chosen)]


def default_registry() -> Registry:
    """A fresh registry holding every built-in rule."""
    from .rules import register_all

    reg = Registry()
    register_all(reg)
    return reg
