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
MinConf = Annotated[float, typer.Option("--min-confidence", min=0.0, max=1.0, help="Drop findings below this confidence.")]
FailOn = Annotated[str, typer.Option("--fail-on", help="Lowest severity that makes the exit code 1: info, warning, error.")]
StdinName = Annotated[str | None, typer.Option("--stdin-filename", help="Name (and so format) of text read from '-'.")]


class _Fail(Exception):
    pass


def _err(msg: str) -> None:
    typer.echo(f"jiaokan: error: {msg}", err=True)


def _engine(select, ignore, dicts, allows, min_conf, fail_on):  # type: ignore[no-untyped-def]
    from .dictionaries import DictionaryError
    from .engine import Engine
    from .model import Severity
    from .settings import Settings

    try:
        settings = Settings(
            select=tuple(select or ()), ignore=tuple(ignore or ()), min_confidence=min_conf,
            dictionaries=tuple(dicts or ()), allowlists=tuple(allows or ()), fail_on=Severity.parse(fail_on),
        )
        engine = Engine(settings)
        engine.matcher  # load and validate dictionaries now, not halfway through the files  # noqa: B018
    except KeyError as exc:
        _err(f"unknown rule selector {exc.args[0]!r} (see 'jiaokan rules')")
        raise typer.Exit(2) from None
    except (DictionaryError, ValueError) as exc:
        _err(str(exc))
        raise typer.Exit(2) from None
    return engine


def _load(path: str, stdin_filename: str | None):  # type: ignore[no-untyped-def]
    from .files import read_document
    from .formats import format_for, load_bytes

    if path == "-":
        name = stdin_filename or "<stdin>"
        return load_bytes(name, sys.stdin.buffer.read(), format_for(name))
    return read_document(path)


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="Files or directories; '-' reads standard input.")],
    output_format: Annotated[str, typer.Option("--output-format", "-f", help="text or json.")] = "text",
    select: Select = None, ignore: Ignore = None, dicts: Dicts = None, allows: Allows = None,
    min_confidence: MinConf = 0.0, fail_on: FailOn = "warning",
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when findings remain.")] = False,
    stdin_filename: StdinName = None,
) -> None:
    """Report findings as path:line:col: CODE message (wrong → right)."""
    from .files import collect_paths
    from .formats import InputError
    from .reporters import FileResult
    from .reporters import json_ as json_rep
    from .reporters import text as text_rep

    if output_format not in ("text", "json"):
        _err(f"unknown output format {output_format!r} (text, json)")
        raise typer.Exit(2)
    engine = _engine(select, ignore, dicts, allows, min_confidence, fail_on)
    results, errors = [], []
    for path in collect_paths(paths):
        try:
            doc = _load(path, stdin_filename)
        except InputError as exc:
            errors.append((path, str(exc)))
            _err(f"{path}: {exc}")
            continue
        results.append(FileResult(doc, tuple(engine.check(doc))))
    if output_format == "json":
        sys.stdout.write(json_rep.render(results, errors))
    else:
        sys.stdout.write(text_rep.render(results))
    failing = sum(1 for r in results for f in r.findings if f.severity >= engine.settings.fail_on)
    if errors:
        raise typer.Exit(2)
    raise typer.Exit(1 if failing and not exit_zero else 0)


@app.command()
def fix(
    paths: Annotated[list[str], typer.Argument(help="Files or directories; '-' reads standard input.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write the corrected text here (one input).")] = None,
    write: Annotated[bool, typer.Option("--write", help="Rewrite the files in place (atomically).")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Print only the unified diff; write nothing.")] = False,
    unsafe_fixes: Annotated[bool, typer.Option("--unsafe-fixes", help="Apply suggestions (unsafe fixes) too.")] = False,
    report: Annotated[Path | None, typer.Option("--report", help="Also save the report to this file.")] = None,
    select: Select = None, ignore: Ignore = None, dicts: Dicts = None, allows: Allows = None,
    min_confidence: MinConf = 0.0, stdin_filename: StdinName = None,
) -> None:
    """Correct the text and report every change (a unified diff plus the list of changes).

    Without -o or --write nothing is written. 'jiaokan fix -' writes the corrected text to stdout and
    the report to stderr. Exit 0 when every file was processed (remaining suggestions are listed in
    the report; 'jiaokan check' is the lint), 2 when a file could not be read or written.
    """
    from .files import collect_paths, write_atomic
    from .formats import InputError
    from .model import Applicability
    from .reporters import diff as diff_rep

    files = collect_paths(paths)
    if output is not None and (len(files) != 1 or write):
        _err("-o/--output takes exactly one input and excludes --write")
        raise typer.Exit(2)
    if write and "-" in files:
        _err("--write cannot rewrite standard input")
        raise typer.Exit(2)
    engine = _engine(select, ignore, dicts, allows, min_confidence, "warning")
    level = Applicability.UNSAFE if unsafe_fixes else Applicability.SAFE
    errors = 0
    reports: list[str] = []
    for path in files:
        try:
            doc = _load(path, stdin_filename)
            out = engine.fix(doc, level)
            data = doc.encode(out.text)
            to_stdout = path == "-" and output is None and not diff
            if to_stdout:
                sys.stdout.buffer.write(data)
                sys.stdout.flush()
            if output is not None and not diff:
                write_atomic(str(output), data)
            elif write and not diff and out.text != doc.text:
                write_atomic(path, data)
        except InputError as exc:
            errors += 1
            _err(f"{path}: {exc}")
            continue
        except OSError as exc:
            errors += 1
            _err(f"{path}: cannot write: {exc.strerror or exc}")
            continue
        if diff:
            text = diff_rep.unified_diff(doc.path, doc.text, out.text)
        else:
            text = diff_rep.render([out])
        reports.append(text)
        stream = sys.stderr if to_stdout else sys.stdout
        stream.write(text)
        stream.flush()
    if report is not None:
        try:
            write_atomic(str(report), "".join(reports).encode("utf-8"))
        except OSError as exc:
            _err(f"{report}: cannot write report: {exc.strerror or exc}")
            errors += 1
    raise typer.Exit(2 if errors else 0)


@app.command()
def rules(code: Annotated[str | None, typer.Argument(help="A rule code or name to explain.")] = None) -> None:
    """List the rules, or explain one with its examples."""
    from .registry import default_registry

    reg = default_registry()
    if code:
        try:
            typer.echo(reg.get(code).doc())
        except KeyError:
            _err(f"unknown rule {code!r} (see 'jiaokan rules')")
            raise typer.Exit(2) from None
        return
    for r in reg:
        state = "" if r.default_enabled else " (off by default)"
        typer.echo(f"{r.code}  {r.name:<18} {r.family:<12} {r.summary}{state}")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("jiaokan: interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
