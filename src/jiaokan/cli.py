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
    from .config import Overrides
    from .model import Severity

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
    from .config import Config, config_in

    if isolated:
        default = Config(root=Path.cwd().resolve())
        return lambda _d: default
    if config is not None:
        config_in(Path.cwd(), config)  # raises ConfigError now
    return lambda d: config_in(d, config)


def _targets(paths, get_config, cli, respect_gitignore):  # type: ignore[no-untyped-def]
    """Walk the inputs into targets, each with its effective settings; validate every engine."""
    from .config import ConfigError, settings_for
    from .dictionaries import DictionaryError
    from .files import Target, engine_for, resolvable, walk

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
    from . import reporters

    if fmt == "text":
        from .reporters import text

        return text.render(results, color=color, show_source=show_source)
    if fmt == "sarif":
        from .reporters import sarif

        return sarif.render(results, errors, rules=reporters.rule_infos(), version=_version())
    import importlib

    module = importlib.import_module(f".reporters.{'json_' if fmt == 'json' else fmt}", __package__)
    return module.render(results, errors)  # type: ignore[no-any-return]


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

    from .baseline import BaselineError, load_baseline, render_baseline
    from .config import ConfigError
    from .files import Interrupted, check_targets, write_atomic
    from .reporters import FileResult

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
    use_color = color if color is not None else (
        output_file is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ)
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


@app.command("config")
def config_cmd(
    path: Annotated[str, typer.Argument(help="A file or directory whose effective settings to show.")] = ".",
    config: ConfigOpt = None, isolated: Isolated = False,
) -> None:
    """Print the effective settings (as TOML) for PATH: the config file found and every value."""
    from .config import ConfigError, describe, settings_for

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
    from .config import ConfigError
    from .files import write_atomic
    from .model import Applicability

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
    reports: list[str] = []
    try:
        errors = _fix_all(targets, stdin_filename, output, write, diff, level, no_track_changes, reports)
        interrupted = False
    except KeyboardInterrupt:  # the file being written is left as it was (write_atomic cleans up)
        interrupted = True
    if report is not None:
        try:
            write_atomic(str(report), "".join(reports).encode("utf-8"))
        except OSError as exc:
            _err(f"{report}: cannot write report: {exc.strerror or exc}")
            errors += 1
    if interrupted:
        _interrupted(f"after {len(reports)} file(s); files not reached are unchanged")
    raise typer.Exit(2 if errors else 0)


def _fix_all(targets, stdin_filename, output, write, diff, level, no_track_changes, reports) -> int:  # type: ignore[no-untyped-def]
    """Fix each target, write where asked, print and collect each file's report; the error count."""
    from .files import SKIPPED_WHEN_WALKING, engine_for, output_bytes, read_document, write_atomic
    from .formats import InputError, format_for, load_bytes
    from .reporters import diff as diff_rep

    errors = 0
    for target in targets:
        path = dest = target.path
        try:
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
        stream = sys.stderr if to_stdout else sys.stdout
        stream.write(text)
        stream.flush()
    return errors


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



@app.command()
def doctor() -> None:
    """Say which scorer, thesaurus and dictionaries are active, and what is lost without them."""
    from .doctor import report as doctor_report
    from .engine import Engine

    lines, _full = doctor_report(Engine())
    for line in lines:
        typer.echo(line)


@app.command(name="eval")
def eval_cmd(
    pairs: Annotated[Path | None, typer.Option("--pairs", help="Gold pairs TSV (spun, original, context_snippet, page_file).")] = None,
    pages: Annotated[Path | None, typer.Option("--pages", help="Folder of the pages the pairs refer to.")] = None,
    clean: Annotated[list[Path] | None, typer.Option("--clean", help="Clean text file or folder: every finding is a false positive.")] = None,
    sentences: Annotated[Path | None, typer.Option("--sentences", help="Sentence pairs TSV wrong<TAB>right (SIGHAN style).")] = None,
    ocr: Annotated[list[Path] | None, typer.Option("--ocr", help="OCR pairs JSONL with gold and ocr fields (repeatable).")] = None,
    unsafe: Annotated[bool, typer.Option("--unsafe-fixes", help="Count unsafe fixes as applied.")] = False,
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="List misses and false positives.")] = False,
) -> None:
    """Score a run against gold pairs and against clean text (recall, flagged, findings per 10k)."""
    from .engine import Engine
    from .evaluate import eval_clean, eval_pairs, format_clean, format_pairs
    from .model import Applicability

    if pairs is None and not clean and sentences is None and not ocr:
        _err("give --pairs (with --pages), --clean, --sentences and/or --ocr")
        raise typer.Exit(2)
    engine = Engine()
    try:
        level = Applicability.UNSAFE if unsafe else Applicability.SAFE
        if pairs is not None:
            rep = eval_pairs(engine, pairs, pages or pairs.parent / "pages", level)
            for line in format_pairs(rep, verbose):
                typer.echo(line)
        if clean:
            files = [f for p in clean for f in (sorted(p.rglob("*.txt")) if p.is_dir() else [p])]
            texts = [(str(f), f.read_text(encoding="utf-8")) for f in files]
            for line in format_clean(eval_clean(engine, texts), verbose):
                typer.echo(line)
        if sentences is not None:
            from .evaluate import eval_sentences, format_sentences, read_sentence_pairs

            for line in format_sentences(eval_sentences(engine, read_sentence_pairs(sentences), level)):
                typer.echo(line)
        if ocr:
            import json

            from .evaluate import eval_ocr, format_ocr

            records = []
            for f in ocr:
                for line in f.read_text(encoding="utf-8").splitlines():
                    if line.strip():
                        r = json.loads(line)
                        records.append((str(r.get("level") or f.stem), r["gold"], r["ocr"]))
            for line in format_ocr(eval_ocr(engine, records, level)):
                typer.echo(line)
    except (OSError, ValueError, KeyError, UnicodeDecodeError) as exc:
        _err(str(exc))
        raise typer.Exit(2) from None


@app.command()
def report(
    paths: Annotated[list[str], typer.Argument(help="Files or directories.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The HTML file to write.")] = Path("jiaokan-report.html"),
    unsafe_fixes: Annotated[bool, typer.Option("--unsafe-fixes", help="Show unsafe fixes as applied.")] = False,
) -> None:
    """Write one self-contained HTML review page: original and corrected side by side."""
    from .engine import Engine
    from .files import collect_paths, read_document, write_atomic
    from .formats import InputError
    from .model import Applicability
    from .reporters import html

    engine = Engine()
    level = Applicability.UNSAFE if unsafe_fixes else Applicability.SAFE
    outcomes, errors = [], 0
    for path in collect_paths(paths):
        try:
            outcomes.append(engine.fix(read_document(path), level))
        except InputError as exc:
            errors += 1
            _err(f"{path}: {exc}")
    try:
        write_atomic(str(output), html.render(outcomes).encode("utf-8"))
    except OSError as exc:
        _err(f"{output}: cannot write: {exc.strerror or exc}")
        raise typer.Exit(2) from None
    typer.echo(f"wrote {output} ({len(outcomes)} file(s), {sum(len(o.changes) for o in outcomes)} change(s))")
    raise typer.Exit(2 if errors else 0)


@app.command()
def batch(
    inputs: Annotated[list[Path], typer.Argument(help="JSONL or Parquet shards, or folders of them.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Output folder (one file per shard).")],
    field: Annotated[str, typer.Option("--field", help="The record's text field.")] = "text",
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Local worker processes.")] = 1,
    engine_name: Annotated[str, typer.Option("--engine", help="local or dask.")] = "local",
    address: Annotated[str | None, typer.Option("--address", help="Dask scheduler address (default: a local cluster of --jobs workers).")] = None,
) -> None:
    """Clean a corpus: safe fixes on every record, a summary per record and per run; resumable."""
    from .batch import run_dask, run_local, shards_in

    shards = shards_in(inputs)
    missing = [s for s in shards if not s.is_file()]
    if missing:
        _err(f"{missing[0]}: no such shard")
        raise typer.Exit(2)
    if engine_name not in ("local", "dask"):
        _err(f"unknown engine {engine_name!r} (local, dask)")
        raise typer.Exit(2)
    from rich.progress import BarColumn, Progress, TimeElapsedColumn, TimeRemainingColumn

    with Progress("[progress.description]{task.description}", BarColumn(), "{task.completed}/{task.total} shards",
                  TimeElapsedColumn(), TimeRemainingColumn(), transient=False, console=None) as prog:
        task = prog.add_task("cleaning", total=len(shards))
        if engine_name == "dask":
            results = run_dask(shards, output, field, workers=jobs, address=address)
            prog.update(task, completed=len(shards))
        else:
            results = run_local(shards, output, field, jobs=jobs, progress=lambda _s: prog.advance(task))
    done = [r for r in results if not r.skipped]
    chars = sum(r.chars for r in done)
    secs = sum(r.seconds for r in done) or 1e-9
    typer.echo(f"{len(done)} shard(s) cleaned, {len(results) - len(done)} already done; "
               f"{sum(r.records for r in done)} records, {sum(r.changes for r in done)} changes, "
               f"{chars / secs:,.0f} characters/s per worker")


def main() -> None:
    try:
        app()  # Typer turns a KeyboardInterrupt it sees into exit 130, silently
    except KeyboardInterrupt:
        typer.echo("jiaokan: interrupted", err=True)
        sys.exit(130)
    except SystemExit as exc:
        if exc.code == 130 and not _SAID["interrupted"]:
            typer.echo("jiaokan: interrupted", err=True)
        raise


if __name__ == "__main__":
    main()
