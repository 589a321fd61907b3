"""Corpus mode: clean JSONL (and Parquet) shards of records with a text field.

Each input shard ``name.jsonl`` becomes ``OUT/name.jsonl`` with the text field corrected (safe
fixes) and a ``jiaokan`` summary per record; ``OUT/_summary.json`` sums the run. A shard is written
to a temporary file and renamed when complete, so an interrupted run resumes by skipping the shards
whose output exists. Work is spread over local worker processes, or over a Dask cluster.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .engine import Engine
from .files import write_atomic
from .formats import from_text
from .gctune import collect_less
from .model import Applicability
from .settings import Settings

SUMMARY = "_summary.json"


@dataclass
class ShardStats:
    shard: str
    records: int = 0
    chars: int = 0
    changed: int = 0
    changes: int = 0
    errors: int = 0
    seconds: float = 0.0
    by_rule: dict[str, int] = field(default_factory=dict)
    skipped: bool = False


def clean_text(engine: Engine, text: str) -> tuple[str, dict[str, object]]:
    out = engine.fix(from_text(text), Applicability.SAFE)
    by_rule = Counter(c.finding.code for c in out.changes)
    remaining = Counter(f.code for f in out.remaining)
    return out.text, {"changes": len(out.changes), "by_rule": dict(sorted(by_rule.items())),
                      "remaining": dict(sorted(remaining.items()))}


def _records_jsonl(path: Path) -> Iterable[tuple[int, dict[str, object] | None, str]]:
    with path.open(encoding="utf-8") as fh:
        for no, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                yield no, None, line
                continue
            yield no, rec if isinstance(rec, dict) else None, line


def process_records(engine: Engine, records: Iterable[dict[str, object] | None], field_name: str,
                    stats: ShardStats) -> list[dict[str, object]]:
    out = []
    for rec in records:
        stats.records += 1
        if rec is None or not isinstance(rec.get(field_name), str):
            stats.errors += 1
            out.append({"jiaokan": {"error": f"no text field {field_name!r}"}, **(rec or {})})
            continue
        text = rec[field_name]
        assert isinstance(text, str)
        stats.chars += len(text)
        fixed, summary = clean_text(engine, text)
        if fixed != text:
            stats.changed += 1
        stats.changes += int(summary["changes"])  # type: ignore[call-overload]
        for code, n in summary["by_rule"].items():  # type: ignore[attr-defined]
            stats.by_rule[code] = stats.by_rule.get(code, 0) + n
        out.append({**rec, field_name: fixed, "jiaokan": summary})
    return out


def output_path(shard: Path, out_dir: Path) -> Path:
    return out_dir / shard.name


def process_shard(engine: Engine, shard: Path, out_dir: Path, field_name: str) -> ShardStats:
    target = output_path(shard, out_dir)
    stats = ShardStats(shard=shard.name)
    if target.exists():
        stats.skipped = True
        return stats
    t = time.perf_counter()
    if shard.suffix == ".parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pq.read_table(shard)
        rows = process_records(engine, table.to_pylist(), field_name, stats)
        for r in rows:
            r["jiaokan"] = json.dumps(r["jiaokan"], ensure_ascii=False)
        # the input's own column types (int32 stays int32; an empty shard keeps its columns), the
        # summary as a JSON string column; inferring the schema from the rows would widen the types
        schema = table.schema
        if "jiaokan" in schema.names:
            schema = schema.remove(schema.get_field_index("jiaokan"))
        schema = schema.append(pa.field("jiaokan", pa.string()))
        tmp = target.with_name(f".{target.name}.tmp")
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), tmp)
        os.replace(tmp, target)
    else:
        rows = process_records(engine, (rec for _, rec, _ in _records_jsonl(shard)), field_name, stats)
        data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")
        write_atomic(str(target), data)
    stats.seconds = time.perf_counter() - t
    return stats


# ---- local worker processes ---------------------------------------------------------------------

_WORKER_ENGINE: Engine | None = None


def _init_worker(settings: Settings) -> None:
    global _WORKER_ENGINE
    collect_less()
    _WORKER_ENGINE = Engine(settings)


def _work(args: tuple[str, str, str]) -> ShardStats:
    assert _WORKER_ENGINE is not None
    shard, out_dir, field_name = args
    return process_shard(_WORKER_ENGINE, Path(shard), Path(out_dir), field_name)


def shards_in(paths: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(x for x in p.iterdir() if x.suffix in (".jsonl", ".parquet") and not x.name.startswith("."))
        else:
            out.append(p)
    return out


def run_local(shards: list[Path], out_dir: Path, field_name: str = "text", jobs: int = 1,
              settings: Settings | None = None,
              progress: Callable[[ShardStats], None] | None = None) -> list[ShardStats]:
    out_dir.mkdir(parents=True, exist_ok=True)
    settings = settings or Settings()
    results: list[ShardStats] = []
    if jobs <= 1 or len(shards) <= 1:
        collect_less()
        engine = Engine(settings)
        for s in shards:
            st = process_shard(engine, s, out_dir, field_name)
            results.append(st)
            if progress:
                progress(st)
    else:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(settings,)) as pool:
            futs = [pool.submit(_work, (str(s), str(out_dir), field_name)) for s in shards]
            for fut in as_completed(futs):
                st = fut.result()
                results.append(st)
                if progress:
                    progress(st)
    results.sort(key=lambda s: s.shard)
    write_summary(out_dir, results)
    return results


# ---- Dask ------------------------------------------------------------------------------------------

def _dask_task(shard: str, out_dir: str, field_name: str, settings: Settings) -> ShardStats:
    from distributed import get_worker

    worker = get_worker()
    engine = getattr(worker, "_jiaokan_engine", None)
    if engine is None:
        collect_less()
        engine = Engine(settings)
        worker._jiaokan_engine = engine  # one engine per worker process, reused across shards
    return process_shard(engine, Path(shard), Path(out_dir), field_name)


def run_dask(shards: list[Path], out_dir: Path, field_name: str = "text", workers: int = 2,
             settings: Settings | None = None, address: str | None = None) -> list[ShardStats]:
    """The same job on a Dask cluster: ``address`` of a scheduler, or a local cluster of ``workers``
    processes (one thread each)."""
    from distributed import Client, LocalCluster

    out_dir.mkdir(parents=True, exist_ok=True)
    settings = settings or Settings()
    cluster = None
    if address is None:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, host="127.0.0.1")
        client = Client(cluster)
    else:
        client = Client(address)
    try:
        futs = client.map(_dask_task, [str(s) for s in shards], out_dir=str(out_dir), field_name=field_name,
                          settings=settings, pure=False)
        results = sorted(client.gather(futs), key=lambda s: s.shard)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    write_summary(out_dir, results)
    return results


def write_summary(out_dir: Path, results: list[ShardStats]) -> None:
    total = Counter()  # type: ignore[var-annotated]
    by_rule: Counter[str] = Counter()
    for r in results:
        for k in ("records", "chars", "changed", "changes", "errors"):
            total[k] += getattr(r, k)
        by_rule.update(r.by_rule)
    payload = {"shards": [asdict(r) for r in results], "total": dict(total), "by_rule": dict(sorted(by_rule.items()))}
    write_atomic(str(out_dir / SUMMARY), (json.dumps(payload, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
