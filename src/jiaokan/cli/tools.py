"""Tool commands: doctor, eval, report, batch."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from . import Ignore, Select, _err, app


@app.command()
def doctor() -> None:
    """Say which scorer, thesaurus and dictionaries are active, and what is lost without them."""
    from ..doctor import report as doctor_report
    from ..engine import Engine

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
    select: Select = None,
    ignore: Ignore = None,
) -> None:
    """Score a run against gold pairs and against clean text (recall, flagged, findings per 10k)."""
    from ..engine import Engine
    from ..evaluate import eval_clean, eval_pairs, format_clean, format_pairs
    from ..model import Applicability

    if pairs is None and not clean and sentences is None and not ocr:
        _err("give --pairs (with --pages), --clean, --sentences and/or --ocr")
        raise typer.Exit(2)
    from ..settings import Settings

    try:
        engine = Engine(Settings(select=tuple(select or ()), ignore=tuple(ignore or ())))
    except KeyError as exc:
        _err(f"unknown rule selector {exc.args[0]!r} (see 'jiaokan rules')")
        raise typer.Exit(2) from None
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
            from ..evaluate import eval_sentences, format_sentences, read_sentence_pairs

            for line in format_sentences(eval_sentences(engine, read_sentence_pairs(sentences), level)):
                typer.echo(line)
        if ocr:
            import json

            from ..evaluate import eval_ocr, format_ocr

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
    from ..engine import Engine
    from ..files import collect_paths, read_document, write_atomic
    from ..formats import InputError
    from ..model import Applicability
    from ..reporters import html

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
    from ..batch import run_dask, run_local, shards_in

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
