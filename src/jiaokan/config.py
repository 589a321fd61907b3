"""Configuration: ``[tool.jiaokan]`` in pyproject.toml, or ``jiaokan.toml`` / ``.jiaokan.toml``,
found upward from each file's directory (``--config FILE`` overrides the search).

Precedence: command-line flags > the config file > defaults. Paths and globs in a config file are
relative to the file's directory; globs are gitignore-style patterns. Unknown keys and bad values
raise :class:`ConfigError`, one line naming the file and the key.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .model import Finding, Severity
from .settings import Settings

CONFIG_NAMES = ("jiaokan.toml", ".jiaokan.toml", "pyproject.toml")
DEFAULT_INCLUDE = ("*.txt", "*.text", "*.md", "*.markdown", "*.mdown", "*.mkd")


class ConfigError(Exception):
    """A bad configuration file or value; ``str()`` is one line naming the file and the key."""


@dataclass(frozen=True)
class Config:
    """One configuration file's values (defaults where it is silent)."""

    path: Path | None = None
    root: Path = field(default_factory=Path.cwd)
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    min_confidence: float = 0.0
    fail_on: Severity = Severity.WARNING
    fail_on_confidence: float = 0.0
    dictionaries: tuple[Path, ...] = ()
    allowlists: tuple[Path, ...] = ()
    builtin_dictionaries: bool = True
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    respect_gitignore: bool = True
    report_unused_suppressions: bool = False

    def relative(self, path: Path) -> str | None:
        """``path`` relative to the config's directory (POSIX), or None if outside it."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return None

    def excluded(self, path: Path) -> bool:
        rel = self.relative(path)
        return bool(rel and self.exclude and _spec(self.exclude).match_file(rel))

    def included(self, path: Path) -> bool:
        rel = self.relative(path) or path.name
        return _spec(self.include).match_file(rel)

    def ignores_for(self, path: Path) -> tuple[str, ...]:
        rel = self.relative(path) if path.name != "-" else None
        if rel is None:
            return ()
        out: list[str] = []
        for glob, codes in self.per_file_ignores:
            if _spec((glob,)).match_file(rel):
                out += codes
        return tuple(out)


@dataclass(frozen=True)
class Overrides:
    """Command-line values; ``None`` where the flag was not given."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    min_confidence: float | None = None
    fail_on: str | None = None
    fail_on_confidence: float | None = None
    dictionaries: tuple[Path, ...] = ()
    allowlists: tuple[Path, ...] = ()
    report_unused_suppressions: bool | None = None
    respect_gitignore: bool | None = None


@functools.lru_cache(maxsize=256)
def _spec(patterns: tuple[str, ...]) -> Any:
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(patterns)


def _toml() -> Any:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    return tomllib


def _read_table(path: Path) -> dict[str, Any] | None:
    """The jiaokan table of a config file (None for a pyproject.toml without one)."""
    toml = _toml()
    try:
        data = toml.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8") from None
    except toml.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("jiaokan")
        if table is not None and not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.jiaokan] must be a table")
        return table
    return data


@functools.lru_cache(maxsize=1024)
def discover(start: Path) -> Path | None:
    """The nearest config file at or above directory ``start``."""
    for d in (start, *start.parents):
        for name in CONFIG_NAMES:
            p = d / name
            if p.is_file() and (name != "pyproject.toml" or _read_table(p) is not None):
                return p
    return None


class _Checker:
    def __init__(self, path: Path, table: dict[str, Any]) -> None:
        self.path = path
        self.table = table
        self.prefix = "tool.jiaokan." if path.name == "pyproject.toml" else ""

    def fail(self, key: str, msg: str) -> ConfigError:
        return ConfigError(f"{self.path}: key '{self.prefix}{key}': {msg}")

    def strings(self, key: str) -> tuple[str, ...] | None:
        v = self.table.get(key)
        if v is None:
            return None
        if isinstance(v, str):
            v = [v]
        if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
            raise self.fail(key, "expected a list of non-empty strings")
        return tuple(x.strip() for x in v)

    def number(self, key: str) -> float | None:
        v = self.table.get(key)
        if v is None:
            return None
        if isinstance(v, bool) or not isinstance(v, int | float) or not 0.0 <= v <= 1.0:
            raise self.fail(key, f"expected a number from 0 to 1, got {v!r}")
        return float(v)

    def boolean(self, key: str) -> bool | None:
        v = self.table.get(key)
        if v is not None and not isinstance(v, bool):
            raise self.fail(key, f"expected true or false, got {v!r}")
        return v

    def level(self, key: str, v: Any) -> Severity:
        if not isinstance(v, str):
            raise self.fail(key, f"expected info, warning or error, got {v!r}")
        try:
            return Severity.parse(v)
        except ValueError as exc:
            raise self.fail(key, str(exc)) from None

    def selectors(self, key: str, values: Sequence[str]) -> None:
        reg = _registry(_default_registry)
        for s in values:
            try:
                reg.matches(s)
            except KeyError:
                raise self.fail(key, f"unknown rule selector {s!r} (see 'jiaokan rules')") from None

    def paths(self, key: str) -> tuple[Path, ...]:
        out = []
        for s in self.strings(key) or ():
            p = (self.path.parent / s).resolve()
            if not p.is_file():
                raise self.fail(key, f"no such file {s!r} (relative to the config file)")
            out.append(p)
        return tuple(out)


@functools.lru_cache(maxsize=1)
def _registry(make: Any) -> Any:
    return make()


def _default_registry() -> Any:
    from .registry import default_registry

    return default_registry()


KEYS = ("select", "ignore", "severity", "min-confidence", "fail-on", "fail-on-confidence",
        "dictionaries", "allowlists", "builtin-dictionaries", "include", "exclude",
        "per-file-ignores", "respect-gitignore", "report-unused-suppressions")


@functools.lru_cache(maxsize=256)
def load(path: Path) -> Config:
    """Read and validate one configuration file."""
    path = path.resolve()
    if not path.is_file():
        raise ConfigError(f"{path}: no such config file")
    table = _read_table(path)
    if table is None:
        raise ConfigError(f"{path}: has no [tool.jiaokan] table")
    c = _Checker(path, table)
    for key in table:
        if key not in KEYS:
            raise c.fail(key, f"unknown key (known: {', '.join(KEYS)})")
    kw: dict[str, Any] = {"path": path, "root": path.parent}
    for key in ("select", "ignore"):
        v = c.strings(key)
        if v is not None:
            c.selectors(key, v)
            kw[key] = v
    sev = table.get("severity")
    if sev is not None:
        if not isinstance(sev, dict):
            raise c.fail("severity", "expected a table of rule code = \"info\" | \"warning\" | \"error\"")
        c.selectors("severity", list(sev))
        reg = _registry(_default_registry)
        kw["severity"] = tuple((r.code, c.level(f"severity.{k}", v))
                               for k, v in sev.items() for r in reg.matches(k))
    for key, attr in (("min-confidence", "min_confidence"), ("fail-on-confidence", "fail_on_confidence")):
        n = c.number(key)
        if n is not None:
            kw[attr] = n
    if "fail-on" in table:
        kw["fail_on"] = c.level("fail-on", table["fail-on"])
    kw["dictionaries"] = c.paths("dictionaries")
    kw["allowlists"] = c.paths("allowlists")
    for key in ("include", "exclude"):
        v = c.strings(key)
        if v is not None:
            kw[key] = v
    for key, attr in (("builtin-dictionaries", "builtin_dictionaries"),
                      ("respect-gitignore", "respect_gitignore"),
                      ("report-unused-suppressions", "report_unused_suppressions")):
        b = c.boolean(key)
        if b is not None:
            kw[attr] = b
    pfi = table.get("per-file-ignores")
    if pfi is not None:
        if not isinstance(pfi, dict):
            raise c.fail("per-file-ignores", "expected a table of \"glob\" = [rule codes]")
        items = []
        for glob, codes in pfi.items():
            sub = _Checker(path, {glob: codes})
            sub.prefix = c.prefix + "per-file-ignores."
            vals = sub.strings(glob) or ()
            sub.selectors(glob, vals)
            items.append((glob, vals))
        kw["per_file_ignores"] = tuple(items)
    return Config(**kw)


def config_in(directory: Path, explicit: Path | None = None) -> Config:
    """The configuration that governs files in ``directory`` (``explicit`` wins when given)."""
    if explicit is not None:
        return load(explicit)
    found = discover(directory.resolve())
    return load(found) if found else _defaults(Path.cwd().resolve())


@functools.lru_cache(maxsize=16)
def _defaults(root: Path) -> Config:
    return Config(root=root)


def config_for(target: str, explicit: Path | None = None) -> Config:
    """The configuration that governs ``target`` (a file path, or ``-`` for the working directory)."""
    return config_in(Path.cwd() if target == "-" else Path(target).resolve().parent, explicit)


def settings_for(cfg: Config, cli: Overrides, target: str | None = None) -> Settings:
    """Effective settings: CLI > config > defaults, plus the per-file ignores for ``target``."""
    select = cli.select if cli.select is not None else cfg.select
    ignore = (() if cli.select is not None else cfg.ignore) + cli.ignore
    if target is not None:
        ignore += cfg.ignores_for(Path(target))
    return Settings(
        select=select,
        ignore=ignore,
        min_confidence=cli.min_confidence if cli.min_confidence is not None else cfg.min_confidence,
        dictionaries=cfg.dictionaries + cli.dictionaries,
        allowlists=cfg.allowlists + cli.allowlists,
        builtin_dictionaries=cfg.builtin_dictionaries,
        fail_on=Severity.parse(cli.fail_on) if cli.fail_on is not None else cfg.fail_on,
        fail_on_confidence=(cli.fail_on_confidence if cli.fail_on_confidence is not None
                            else cfg.fail_on_confidence),
        severity=cfg.severity,
        report_unused_suppressions=(cli.report_unused_suppressions if cli.report_unused_suppressions
                                    is not None else cfg.report_unused_suppressions),
    )


def adjust_severity(findings: Sequence[Finding], table: Sequence[tuple[str, Severity]]) -> list[Finding]:
    """Apply per-rule severities (``(code, level)`` pairs; a later pair wins)."""
    if not table:
        return list(findings)
    levels = dict(table)
    return [replace(f, severity=levels[f.code]) if f.code in levels else f for f in findings]


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, Severity):
        return f'"{v.label}"'
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, Path):
        return _toml_value(str(v))
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return "[" + ", ".join(_toml_value(x) for x in v) + "]"


def describe(cfg: Config, settings: Settings, respect_gitignore: bool) -> str:
    """The effective settings as TOML (what `jiaokan config` prints)."""
    src = str(cfg.path) if cfg.path else "none found; defaults"
    lines = [f"# config file: {src}", f"# paths and globs relative to: {cfg.root}", "[tool.jiaokan]"]
    vals: list[tuple[str, Any]] = [
        ("select", settings.select), ("ignore", settings.ignore),
        ("min-confidence", settings.min_confidence), ("fail-on", settings.fail_on),
        ("fail-on-confidence", settings.fail_on_confidence),
        ("dictionaries", settings.dictionaries), ("allowlists", settings.allowlists),
        ("builtin-dictionaries", settings.builtin_dictionaries), ("include", cfg.include),
        ("exclude", cfg.exclude), ("respect-gitignore", respect_gitignore),
        ("report-unused-suppressions", settings.report_unused_suppressions),
    ]
    lines += [f"{k} = {_toml_value(v)}" for k, v in vals]
    lines.append("")
    lines.append("[tool.jiaokan.severity]")
    lines += [f"{k} = {_toml_value(s)}" for k, s in settings.severity]
    lines.append("")
    lines.append("[tool.jiaokan.per-file-ignores]")
    lines += [f"{_toml_value(g)} = {_toml_value(c)}" for g, c in cfg.per_file_ignores]
    return "\n".join(lines) + "\n"
