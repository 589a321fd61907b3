"""The Typer app: parse options, call the engine, choose the exit code. Nothing else lives here.

Exit codes: 0 clean, 1 findings at or above ``--fail-on`` remain, 2 usage, configuration or input
errors (other files are still processed), 130 interrupted.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="jiaokan (校勘): find and correct synonym spin, OCR/typing errors and scraping debris in Chinese text.",
    context_settings={"help_option_names": ["-h", "--help"]},
)

Select = Annotated[list[str] | None, typer.Option("--select", help="Rules to enable (code, prefix, name or family; repeatable).")]
Ignore = Annotated[list[str] | None, typer.Option("--ignore", help="Rules to disable (repeatable).")]
Dicts = Annotated[list[Path] | None, typer.Option("--dict", help="Extra dictionary TSV (repeatable).")]
Allows = Annotated[list[Path] | None, typer.Option("--allow", help="Extra allowlist TSV: term<TAB>reason.")]
MinConf = Annotated[float | None, typer.Option("--min-confidence", min=0.0, max=1.0, help="Drop findings below this confidence.")]
FailOn = Annotated[str | None, typer.Option("--fail-on", help="Lowest severity that makes the exit code 1: info, warning (default), error.")]
StdinName = Annotated[str | None, typer.Option("--stdin-filename", help="Name (and so format) of text read from '-'.")]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="Use this config file instead of searching upward.")]
Isolated = Annotated[bool, typer.Option("--isolated", help="Ignore every config file.")]
Jobs = Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes (default: the number of cores).")]
Gitignore = Annotated[bool | None, typer.Option("--respect-gitignore/--no-respect-gitignore", help="Skip files .gitignore lists when walking directories (default: on).")]

FORMATS = ("text", "json", "sarif", "github", "rdjson", "junit")


def _err(msg: str) -> None:
    typer.echo(f"jiaokan: error: {msg}", err=True)


def _note(msg: str) -> None:
    typer.echo(f"jiaokan: note: {msg}", err=True)


_SAID = {"interrupted": False}


def _interrupted(detail: str = "") -> None:
    """Ctrl-C: say so on one line (no traceback) and exit 130."""
    typer.echo(f"jiaokan: interrupted{' ' + detail if detail else ''}", err=True)
    _SAID["interrupted"] = True
    raise typer.Exit(130)


def _overrides(select, ignore, dicts, allows, min_conf, fail_on, fail_on_conf=None, unused=None):  # type: ignore[no-untyped-def]
    from ..config import Overrides
    from ..model import Severity

    if fail_on is not None:
        try:
            Severity.parse(fail_on)
        except ValueError as exc:
            _err(f"--fail-on: {exc}")
            raise typer.Exit(2) from None
    return Overrides(
        select=tuple(select) if select else None, ignore=tuple(ignore or ()),
        min_confidence=min_conf, fail_on=fail_on, fail_on_confidence=fail_on_conf,
        dictionaries=tuple(Path(d).resolve() for d in dicts or ()),
        allowlists=tuple(Path(a).resolve() for a in allows or ()), report_unused_suppressions=unused,
    )


def _config_getter(config: Path | None, isolated: bool):  # type: ignore[no-untyped-def]
    """A function directory -> Config, validated up front for --config."""
    from ..config import Config, config_in

    if isolated:
        default = Config(root=Path.cwd().resolve())
        return lambda _d: default
    if config is not None:
        config_in(Path.cwd(), config)  # raises ConfigError now
    return lambda d: config_in(d, config)


def _targets(paths, get_config, cli, respect_gitignore):  # type: ignore[no-untyped-def]
    """Walk the inputs into targets, each with its effective settings; validate every engine."""
    from ..config import ConfigError, settings_for
    from ..dictionaries import DictionaryError
    from ..files import Target, engine_for, resolvable, walk

    try:
        found = walk(paths, get_config, respect_gitignore=respect_gitignore)
        targets = []
        for p, explicit in found:
            real = p != "-" and resolvable(p)  # not a symbolic link loop (that is reported when read)
            cfg = get_config(Path(p).resolve().parent if real else Path.cwd())
            targets.append(Target(p, settings_for(cfg, cli, p if real else None), explicit))
        for s in dict.fromkeys(t.settings for t in targets):
            engine_for(s)
    except ConfigError as exc:
        _err(str(exc))
        raise typer.Exit(2) from None
    except KeyError as exc:
        _err(f"unknown rule selector {exc.args[0]!r} (see 'jiaokan rules')")
        raise typer.Exit(2) from None
    except (DictionaryError, ValueError) as exc:
        _err(str(exc))
        raise typer.Exit(2) from None
    return targets


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("jiaokan")
    except PackageNotFoundError:
        return "0"


def _render(fmt: str, results, errors, color: bool, show_source: bool) -> str:  # type: ignore[no-untyped-def]
    from .. import reporters

    if fmt == "text":
        from ..reporters import text

        return text.render(results, color=color, show_source=show_source)
    if fmt == "sarif":
        from ..reporters import sarif

        return sarif.render(results, errors, rules=reporters.rule_infos(), version=_version())
    import importlib

    module = importlib.import_module(f"jiaokan.reporters.{'json_' if fmt == 'json' else fmt}")
    return module.render(results, errors)  # type: ignore[no-any-return]


def main() -> None:
    from ..gctune import collect_less

    collect_less()  # a command-line run is one long batch of documents
    try:
        app()  # Typer turns a KeyboardInterrupt it sees into exit 130, silently
    except KeyboardInterrupt:
        typer.echo("jiaokan: interrupted", err=True)
        sys.exit(130)
    except SystemExit as exc:
        if exc.code == 130 and not _SAID["interrupted"]:
            typer.echo("jiaokan: interrupted", err=True)
        raise


# the commands register themselves on ``app``
from . import lint, tools  # noqa: E402,F401
