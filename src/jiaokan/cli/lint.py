"""The lint and fix commands: check, config, fix, rules."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Annotated

import typer

from . import (
    FORMATS,
    Allows,
    ConfigOpt,
    Dicts,
    FailOn,
    Gitignore,
    Ignore,
    Isolated,
    Jobs,
    MinConf,
    Select,
    StdinName,
    _config_getter,
    _err,
    _interrupted,
    _note,
    _overrides,
    _render,
    _targets,
    app,
)


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="Files or directories; '-' reads standard input.")],
    output_format: Annotated[str, typer.Option("--output-format", "-f", help="text, json, sarif, github, rdjson or junit.")] = "text",
    output_file: Annotated[Path | None, typer.Option("--output-file", "-o", help="Write the report here instead of stdout.")] = None,
    select: Select = None, ignore: Ignore = None, dicts: Dicts = None, allows: Allows = None,
    min_confidence: MinConf = None, fail_on: FailOn = None,
    fail_on_confidence: Annotated[float | None, typer.Option("--fail-on-confidence", min=0.0, max=1.0, help="Only findings at or above this confidence make the exit code 1.")] = None,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when findings remain (report-only runs).")] = False,
    stdin_filename: StdinName = None, config: ConfigOpt = None, isolated: Isolated = False, jobs: Jobs = None,
    baseline: Annotated[Path | None, typer.Option("--baseline", help="Fail only on findings not recorded in this baseline.")] = None,
    write_baseline: Annotated[Path | None, typer.Option("--write-baseline", help="Record today's findings in this baseline file (exit 0).")] = None,
    report_unused: Annotated[bool | None, typer.Option("--report-unused-suppressions/--no-report-unused-suppressions", help="Report suppression comments that suppressed nothing (JK100).")] = None,
    respect_gitignore: Gitignore = None,
    color: Annotated[bool | None, typer.Option("--color/--no-color", help="Colour the text output (default: on a terminal).")] = None,
    show_source: Annotated[bool, typer.Option("--show-source/--no-show-source", help="Text format: show the line with the span marked.")] = True,
) -> None:
    """Report findings. Exit 0 clean, 1 findings at or above --fail-on, 2 usage, config or input error."""
    import os

    from ..baseline import BaselineError, load_baseline, render_baseline
    from ..config import ConfigError
    from ..files import Interrupted, check_targets, write_atomic
    from ..reporters import FileResult

    if output_format not in FORMATS:
        _err(f"unknown output format {output_format!r} ({', '.join(FORMATS)})")
        raise typer.Exit(2)
    cli = _overrides(select, ignore, dicts, allows, min_confidence, fail_on, fail_on_confidence, report_unused)
    try:
        get_config = _config_getter(config, isolated)
        base = load_baseline(baseline) if baseline is not None else None
    except (ConfigError, BaselineError) as exc:
        _err(str(exc))
        raise typer.Exit(2) from None
    targets = _targets(paths, get_config, cli, respect_gitignore)
    use_color = color if color is not None else (
        output_file is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ)
    if base is None and write_baseline is None:  # huge files: checked and reported chunk by chunk
        from ..chunked import is_big

        big = [is_big(t.path) for t in targets]
        if any(big):
            _check_streaming(targets, big, output_format, output_file, jobs, stdin_filename, use_color,
                             show_source, exit_zero)
    try:
        checked, interrupted = check_targets(targets, jobs or os.cpu_count() or 1, stdin_filename), False
    except Interrupted as exc:  # Ctrl-C: report the files finished so far, then exit 130
        checked, interrupted = exc.done, True
        targets = targets[:len(checked)]
    results, errors, settings, known = [], [], [], 0
    for t, c in zip(targets, checked, strict=True):
        if c.note:
            _note(f"{c.path}: {c.note}")
        if c.error is not None or c.doc is None:
            if c.error is not None:
                errors.append((c.path, c.error))
                _err(f"{c.path}: {c.error}")
            continue
        findings = c.findings
        if base is not None:
            findings, n = base.split(c.doc.path, c.doc.text, findings)
            known += n
        results.append(FileResult(c.doc, findings))
        settings.append(t.settings)
    if write_baseline is not None and not interrupted:  # a partial baseline would lose findings
        data = render_baseline(((r.doc.path, r.doc.text, r.findings) for r in results), write_baseline)
        try:
            write_atomic(str(write_baseline), data.encode("utf-8"))
        except OSError as exc:
            _err(f"{write_baseline}: cannot write baseline: {exc.strerror or exc}")
            raise typer.Exit(2) from None
        n = sum(len(r.findings) for r in results)
        _note(f"wrote {n} finding(s) to baseline {write_baseline}")
        raise typer.Exit(2 if errors else 0)
    if known:
        _note(f"{known} finding(s) in the baseline not reported")
    with _sigint_held():  # the files are checked: a Ctrl-C now still gets their whole report, then exits 130
        report = _render(output_format, results, errors, use_color, show_source)
        if output_file is not None:
            try:
                write_atomic(str(output_file), report.encode("utf-8"))
            except OSError as exc:
                _err(f"{output_file}: cannot write report: {exc.strerror or exc}")
                raise typer.Exit(2) from None
        else:
            sys.stdout.write(report)
            sys.stdout.flush()
    if interrupted:
        _interrupted(f"after {len(checked)} file(s); the report covers those")
    failing = any(s.fails(f.severity, f.confidence) for r, s in zip(results, settings, strict=True)
                  for f in r.findings)
    if errors:
        raise typer.Exit(2)
    raise typer.Exit(1 if failing and not exit_zero else 0)


def _check_streaming(targets, big, fmt, output_file, jobs, stdin_filename, color, show_source, exit_zero):  # type: ignore[no-untyped-def]
    """``check`` when some files are huge: the report is written as they are checked."""
    import contextlib
    import os

    from ..chunked_report import writer_for
    from ..chunked_run import stream_check
    from ..files import AtomicWriter
    from . import _version

    sink = AtomicWriter(str(output_file)) if output_file is not None else contextlib.nullcontext()
    try:
        with sink as out:
            write = (lambda s: out.write(s.encode("utf-8"))) if out is not None else sys.stdout.write
            writer = writer_for(fmt, write, color=color, show_source=show_source, version=_version())
            failing, errors, done, interrupted = stream_check(
                targets, big, writer, jobs=jobs or os.cpu_count() or 1, stdin_name=stdin_filename,
                err=_err, note=_note)
    except OSError as exc:
        _err(f"{output_file}: cannot write report: {exc.strerror or exc}")
        raise typer.Exit(2) from None
    sys.stdout.flush()
    if interrupted:
        _interrupted(f"after {done} file(s); the report covers those")
    if errors:
        raise typer.Exit(2)
    raise typer.Exit(1 if failing and not exit_zero else 0)


@app.command("config")
def config_cmd(
    path: Annotated[str, typer.Argument(help="A file or directory whose effective settings to show.")] = ".",
    config: ConfigOpt = None, isolated: Isolated = False,
) -> None:
    """Print the effective settings (as TOML) for PATH: the config file found and every value."""
    from ..config import ConfigError, describe, settings_for

    try:
        get_config = _config_getter(config, isolated)
        p = Path(path)
        directory = p if p.is_dir() else p.resolve().parent
        cfg = get_config(directory)
        settings = settings_for(cfg, _overrides(None, None, None, None, None, None), None if p.is_dir() else path)
    except ConfigError as exc:
        _err(str(exc))
        raise typer.Exit(2) from None
    typer.echo(describe(cfg, settings, cfg.respect_gitignore), nl=False)


@app.command()
def fix(
    paths: Annotated[list[str], typer.Argument(help="Files or directories; '-' reads standard input.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write the corrected text here (one input).")] = None,
    write: Annotated[bool, typer.Option("--write", help="Rewrite the files in place (atomically).")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Print only the unified diff; write nothing.")] = False,
    unsafe_fixes: Annotated[bool, typer.Option("--unsafe-fixes", help="Apply suggestions (unsafe fixes) too.")] = False,
    report: Annotated[Path | None, typer.Option("--report", help="Also save the report to this file.")] = None,
    no_track_changes: Annotated[bool, typer.Option("--no-track-changes", help="For .docx: write a clean corrected copy instead of tracked changes.")] = False,
    select: Select = None, ignore: Ignore = None, dicts: Dicts = None, allows: Allows = None,
    min_confidence: MinConf = None, stdin_filename: StdinName = None, config: ConfigOpt = None,
    isolated: Isolated = False, respect_gitignore: Gitignore = None,
) -> None:
    """Correct the text and report every change (a unified diff plus the list of changes).

    Without -o or --write nothing is written. 'jiaokan fix -' writes the corrected text to stdout and
    the report to stderr. Exit 0 when every file was processed (remaining suggestions are listed in
    the report; 'jiaokan check' is the lint), 2 when a file could not be read or written.
    """
    from ..chunked_report import copy_spool
    from ..config import ConfigError
    from ..files import AtomicWriter
    from ..model import Applicability

    cli = _overrides(select, ignore, dicts, allows, min_confidence, None)
    try:
        get_config = _config_getter(config, isolated)
    except ConfigError as exc:
        _err(str(exc))
        raise typer.Exit(2) from None
    targets = _targets(paths, get_config, cli, respect_gitignore)
    files = [t.path for t in targets]
    if output is not None and (len(files) != 1 or write):
        _err("-o/--output takes exactly one input and excludes --write")
        raise typer.Exit(2)
    if write and "-" in files:
        _err("--write cannot rewrite standard input")
        raise typer.Exit(2)
    level = Applicability.UNSAFE if unsafe_fixes else Applicability.SAFE
    errors = 0
    reports: list[str | IO[str]] = []  # a huge file's report is a temporary file
    try:
        errors = _fix_all(targets, stdin_filename, output, write, diff, level, no_track_changes, reports)
        interrupted = False
    except KeyboardInterrupt:  # the file being written is left as it was (write_atomic cleans up)
        interrupted = True
    if report is not None:
        try:
            with AtomicWriter(str(report)) as fh:
                for part in reports:
                    if isinstance(part, str):
                        fh.write(part.encode("utf-8"))
                    else:
                        copy_spool(part, lambda s: fh.write(s.encode("utf-8")))
        except OSError as exc:
            _err(f"{report}: cannot write report: {exc.strerror or exc}")
            errors += 1
    if interrupted:
        _interrupted(f"after {len(reports)} file(s); files not reached are unchanged")
    raise typer.Exit(2 if errors else 0)


def _fix_all(targets, stdin_filename, output, write, diff, level, no_track_changes, reports) -> int:  # type: ignore[no-untyped-def]
    """Fix each target, write where asked, print and collect each file's report; the error count."""
    from ..chunked import is_big
    from ..chunked_report import copy_spool
    from ..chunked_run import fix_file
    from ..files import SKIPPED_WHEN_WALKING, engine_for, output_bytes, read_document, write_atomic
    from ..formats import InputError, format_for, load_bytes
    from ..reporters import diff as diff_rep

    errors = 0
    for target in targets:
        path = dest = target.path
        try:
            if path != "-" and is_big(path):  # a huge file: fixed, written and reported chunk by chunk
                to_stdout = False
                dest = str(output) if output is not None else path
                spool, _ = fix_file(path, engine_for(target.settings), level, dest=None if diff or (
                    output is None and not write) else dest, only_if_changed=output is None, diff_only=diff)
                copy_spool(spool, sys.stdout.write)
                sys.stdout.flush()
                reports.append(spool)
                continue
            if path == "-":
                name = stdin_filename or "<stdin>"
                doc = load_bytes(name, sys.stdin.buffer.read(), format_for(name))
            else:
                doc = read_document(path)
            out = engine_for(target.settings).fix(doc, level)
            data = output_bytes(doc, out, track_changes=not no_track_changes)
            to_stdout = path == "-" and output is None and not diff
            if to_stdout:
                sys.stdout.buffer.write(data)
                sys.stdout.flush()
            if output is not None and not diff:
                dest = str(output)
                write_atomic(dest, data)
            elif write and not diff and out.text != doc.text:
                dest = path
                write_atomic(path, data)
        except InputError as exc:
            if not target.explicit and str(exc).startswith(SKIPPED_WHEN_WALKING):
                _note(f"{path}: skipped: {exc}")
                continue
            errors += 1
            _err(f"{path}: {exc}")
            continue
        except OSError as exc:
            errors += 1
            _err(f"{dest}: cannot write: {exc.strerror or exc}")
            continue
        if diff:
            text = diff_rep.unified_diff(doc.path, doc.text, out.text)
        else:
            text = diff_rep.render([out])
        reports.append(text)
        _write_whole(sys.stderr if to_stdout else sys.stdout, text)
    return errors


def _write_whole(stream: IO[str], text: str) -> None:
    """Write and flush with Ctrl-C held back until the write is done: an interrupted flush could
    leave half a report line (or half a UTF-8 character) on the output. The interrupt still comes,
    right after."""
    with _sigint_held():
        stream.write(text)
        stream.flush()


@contextlib.contextmanager
def _sigint_held() -> Iterator[None]:
    """Hold SIGINT back for the block (POSIX); a Ctrl-C pressed meanwhile is delivered at its end."""
    import signal

    block = getattr(signal, "pthread_sigmask", None)
    old = block(signal.SIG_BLOCK, {signal.SIGINT}) if block else None
    try:
        yield
    finally:
        if block:
            block(signal.SIG_SETMASK, old)


@app.command()
def rules(code: Annotated[str | None, typer.Argument(help="A rule code or name to explain.")] = None) -> None:
    """List the rules, or explain one with its examples."""
    from ..registry import default_registry

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
