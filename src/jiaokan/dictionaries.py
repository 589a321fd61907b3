"""Load and validate the TSV dictionaries (format: ``dictionaries/README.md``).

Nothing is read at import time; :func:`load_builtin` is cached.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

KINDS = ("confusion", "spin")
DEFAULT_CONFIDENCE = 0.9
CONDITION_KEYS = ("L", "R", "!L", "!R", "cue", "obj", "conf")
# ``cue=`` (a word in the same sentence) and ``obj=`` (a word later in the same clause) are evidence
# for the context judgement (ZH202), not a gate
CUE_KINDS = ("candidates-spin",)


class DictionaryError(ValueError):
    """A malformed dictionary line; ``str()`` is ``path:line: problem``."""

    def __init__(self, path: str, line: int, problem: str) -> None:
        super().__init__(f"{path}:{line}: {problem}" if line else f"{path}: {problem}")
        self.path, self.line, self.problem = path, line, problem


@dataclass(frozen=True)
class Entry:
    wrong: str
    rights: tuple[str, ...]
    note: str
    kind: str
    left: tuple[str, ...] = ()
    right: tuple[str, ...] = ()
    not_left: tuple[str, ...] = ()
    not_right: tuple[str, ...] = ()
    confidence: float = DEFAULT_CONFIDENCE
    source: str = ""
    cues: tuple[str, ...] = ()
    objects: tuple[str, ...] = ()

    @property
    def conditional(self) -> bool:
        return bool(self.left or self.right or self.not_left or self.not_right)

    def accepts(self, text: str, start: int, end: int) -> bool:
        """Do the context conditions hold for a match at ``text[start:end]``?"""
        if self.left and not any(text.endswith(a, 0, start) for a in self.left):
            return False
        if self.right and not any(text.startswith(a, end) for a in self.right):
            return False
        if any(text.endswith(a, 0, start) for a in self.not_left):
            return False
        return not any(text.startswith(a, end) for a in self.not_right)

    def conditions_text(self) -> str:
        parts = []
        for key, vals in (("L", self.left), ("R", self.right), ("!L", self.not_left), ("!R", self.not_right),
                          ("cue", self.cues), ("obj", self.objects)):
            if vals:
                parts.append(f"{key}={'|'.join(vals)}")
        if self.confidence != DEFAULT_CONFIDENCE:
            parts.append(f"conf={self.confidence:g}")
        return " ".join(parts)

    def canonical_line(self) -> str:
        cols = [self.wrong, "|".join(self.rights), self.note]
        cond = self.conditions_text()
        if cond:
            cols.append(cond)
        return "\t".join(cols).rstrip("\t")


@dataclass(frozen=True)
class Allowed:
    term: str
    reason: str
    source: str = ""


def _check_term(path: str, no: int, what: str, term: str) -> None:
    if not term:
        raise DictionaryError(path, no, f"empty {what}")
    if unicodedata.normalize("NFC", term) != term:
        raise DictionaryError(path, no, f"{what} {term!r} is not NFC")
    if any(ch.isspace() for ch in term):
        raise DictionaryError(path, no, f"{what} {term!r} contains whitespace")


def _parse_conditions(path: str, no: int, text: str) -> dict[str, object]:
    out: dict[str, object] = {}
    for token in text.split():
        key, sep, value = token.partition("=")
        if not sep or key not in CONDITION_KEYS or not value:
            raise DictionaryError(path, no, f"bad condition {token!r} (use L=, R=, !L=, !R=, cue=, obj=, conf=)")
        if key in out:
            raise DictionaryError(path, no, f"condition {key} given twice")
        if key == "conf":
            try:
                conf = float(value)
            except ValueError:
                raise DictionaryError(path, no, f"conf {value!r} is not a number") from None
            if not 0.0 < conf <= 1.0:
                raise DictionaryError(path, no, f"conf {value} outside (0, 1]")
            out[key] = conf
        else:
            alts = tuple(value.split("|"))
            for a in alts:
                _check_term(path, no, "context", a)
            out[key] = alts
    return out


def parse_dictionary(lines: Iterable[str], path: str, kind: str) -> list[Entry]:
    """Parse ``wrong<TAB>right[|right2]<TAB>note[<TAB>conditions]`` lines."""
    entries: list[Entry] = []
    for no, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 2 or len(cols) > 4:
            raise DictionaryError(path, no, f"expected 2 to 4 tab-separated columns, got {len(cols)}")
        wrong, rights_s = cols[0], cols[1]
        _check_term(path, no, "wrong term", wrong)
        rights = tuple(rights_s.split("|"))
        for r in rights:
            _check_term(path, no, "correction", r)
        if len(set(rights)) != len(rights):
            raise DictionaryError(path, no, f"duplicate correction in {rights_s!r}")
        if wrong in rights:
            raise DictionaryError(path, no, f"{wrong!r} corrects to itself")
        note = cols[2] if len(cols) > 2 else ""
        cond = _parse_conditions(path, no, cols[3]) if len(cols) > 3 else {}
        for key in ("cue", "obj"):
            if key in cond and kind not in CUE_KINDS:
                raise DictionaryError(path, no, f"{key}= is read only in candidate tables (candidates_spin.tsv)")
        entries.append(
            Entry(
                wrong=wrong,
                rights=rights,
                note=note,
                kind=kind,
                left=cond.get("L", ()),  # type: ignore[arg-type]
                right=cond.get("R", ()),  # type: ignore[arg-type]
                not_left=cond.get("!L", ()),  # type: ignore[arg-type]
                not_right=cond.get("!R", ()),  # type: ignore[arg-type]
                confidence=cond.get("conf", DEFAULT_CONFIDENCE),  # type: ignore[arg-type]
                source=f"{path}:{no}",
                cues=cond.get("cue", ()),  # type: ignore[arg-type]
                objects=cond.get("obj", ()),  # type: ignore[arg-type]
            )
        )
    return entries


def parse_allowlist(lines: Iterable[str], path: str) -> list[Allowed]:
    """Parse ``term<TAB>reason`` lines; every exemption carries a reason."""
    out: list[Allowed] = []
    for no, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 2 or not cols[1].strip():
            raise DictionaryError(path, no, "expected term<TAB>reason")
        _check_term(path, no, "allowed term", cols[0])
        out.append(Allowed(cols[0], cols[1], f"{path}:{no}"))
    return out


def _read_lines(path: Path) -> list[str]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DictionaryError(str(path), 0, f"cannot read: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        raise DictionaryError(str(path), data.count(b"\n", 0, exc.start) + 1, "not UTF-8") from None


def kind_of(path: Path, default: str = "confusion") -> str:
    stem = path.stem.split(".")[0].split("_")[0]
    return {"typos": "confusion", "confusion": "confusion", "spin": "spin"}.get(stem, default)


def load_file(path: Path, kind: str | None = None) -> list[Entry]:
    return parse_dictionary(_read_lines(path), str(path), kind or kind_of(path))


def load_allowlist(path: Path) -> list[Allowed]:
    return parse_allowlist(_read_lines(path), str(path))


def builtin_dir() -> Path:
    """The shipped dictionaries: package data in a wheel, ``dictionaries/`` in a checkout."""
    packaged = resources.files("jiaokan") / "dictionaries"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "dictionaries"


@functools.lru_cache(maxsize=4)
def load_builtin(directory: str | None = None) -> tuple[tuple[Entry, ...], tuple[Allowed, ...]]:
    """All shipped dictionary entries and allowlist terms (cached)."""
    base = Path(directory) if directory else builtin_dir()
    entries: list[Entry] = []
    allowed: list[Allowed] = []
    for path in sorted(base.glob("*.tsv")):
        if path.stem.startswith("candidates"):
            continue  # candidate tables feed the context rules, not the matcher
        if path.stem.startswith("allowed"):
            allowed += load_allowlist(path)
        else:
            entries += load_file(path)
    return tuple(entries), tuple(allowed)


def validate_set(entries: Iterable[Entry]) -> list[str]:
    """Cross-entry problems: an unconditional wrong term that is also a correction (a cycle or a
    chain), and duplicate (wrong, conditions) keys. Returns messages, empty when clean."""
    entries = list(entries)
    problems: list[str] = []
    unconditional = {e.wrong: e for e in entries if not e.conditional}
    seen: dict[tuple[str, str], Entry] = {}
    for e in entries:
        key = (e.wrong, e.conditions_text())
        if key in seen:
            problems.append(f"{e.source}: duplicate of {seen[key].source} ({e.wrong})")
        seen[key] = e
        for r in e.rights:
            if r in unconditional:
                problems.append(f"{e.source}: correction {r!r} is itself listed as wrong at "
                                f"{unconditional[r].source}")
    return problems


@dataclass(frozen=True)
class Pattern:
    """A boilerplate pattern: a regular expression (``regex`` module syntax, multiline)."""

    name: str
    pattern: str
    note: str
    source: str = ""


def parse_patterns(lines: Iterable[str], path: str) -> list[Pattern]:
    """Parse ``name<TAB>regex<TAB>note`` lines; every regex must compile."""
    import regex

    out: list[Pattern] = []
    for no, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 3 or not cols[0] or not cols[1]:
            raise DictionaryError(path, no, "expected name<TAB>regex<TAB>note")
        try:
            regex.compile(cols[1], regex.M)
        except regex.error as exc:
            raise DictionaryError(path, no, f"bad regex: {exc}") from None
        out.append(Pattern(cols[0], cols[1], cols[2], f"{path}:{no}"))
    return out


@functools.lru_cache(maxsize=4)
def load_builtin_patterns(directory: str | None = None) -> tuple[Pattern, ...]:
    base = Path(directory) if directory else builtin_dir()
    out: list[Pattern] = []
    for path in sorted(base.glob("boilerplate*.txt")):
        out += parse_patterns(_read_lines(path), str(path))
    return tuple(out)


@functools.lru_cache(maxsize=4)
def load_candidates(name: str = "spin", directory: str | None = None) -> tuple[Entry, ...]:
    """Candidate tables (``candidates_<name>.tsv`` and ``candidates_<name>_*.tsv``): spun→original
    pairs judged in context."""
    base = Path(directory) if directory else builtin_dir()
    paths = [base / f"candidates_{name}.tsv", *sorted(base.glob(f"candidates_{name}_*.tsv"))]
    return tuple(e for path in paths if path.is_file() for e in load_file(path, kind=f"candidates-{name}"))


@functools.lru_cache(maxsize=4)
def compiled_patterns(directory: str | None = None) -> tuple[tuple[Pattern, object], ...]:
    """The boilerplate patterns, compiled once."""
    import regex

    return tuple((p, regex.compile(p.pattern, regex.M)) for p in load_builtin_patterns(directory))
