"""Corpus mode: local worker processes and a 2-worker Dask cluster give the same records."""

from __future__ import annotations

import json

import pytest

from jiaokan.batch import SUMMARY, run_dask, run_local

from .conftest import DATA, SEED


@pytest.fixture(scope="module")
def shards(tmp_path_factory):
    d = tmp_path_factory.mktemp("shards")
    paras = [p for p in SEED.read_text(encoding="utf-8").split("\n") if p.strip()]
    paras += [p for f in sorted((DATA / "clean").glob("*.txt"))[:2] for p in f.read_text(encoding="utf-8").split("\n")]
    for i in range(3):
        with (d / f"shard{i}.jsonl").open("w", encoding="utf-8") as fh:
            for j, p in enumerate(paras[i::3]):
                fh.write(json.dumps({"id": f"{i}-{j}", "text": p}, ensure_ascii=False) + "\n")
            fh.write("not json\n")
    return sorted(d.glob("*.jsonl"))


def read(d):
    return {p.name: [json.loads(x) for x in p.read_text(encoding="utf-8").splitlines()]
            for p in sorted(d.glob("*.jsonl"))}


def test_local_run_cleans_and_summarises(shards, tmp_path):
    out = tmp_path / "out"
    stats = run_local(shards, out, jobs=1)
    assert [s.shard for s in stats] == [p.name for p in shards]
    recs = read(out)
    assert sum(len(v) for v in recs.values()) == sum(s.records for s in stats)
    texts = " ".join(r.get("text", "") for v in recs.values() for r in v)
    assert "宣传" in texts and "，" in texts
    import regex

    assert not regex.search(r"\p{Han},\p{Han}", texts)  # half-width commas fixed
    assert any("error" in r["jiaokan"] for v in recs.values() for r in v)  # the bad line is kept, marked
    summary = json.loads((out / SUMMARY).read_text(encoding="utf-8"))
    assert summary["total"]["records"] == sum(s.records for s in stats)
    assert summary["total"]["errors"] == 3


def test_resumable(shards, tmp_path):
    out = tmp_path / "out"
    run_local(shards, out, jobs=1)
    (out / shards[1].name).unlink()
    again = run_local(shards, out, jobs=1)
    assert [s.skipped for s in again] == [True, False, True]


def test_process_pool_and_dask_match_local(shards, tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    run_local(shards, a, jobs=1)
    run_local(shards, b, jobs=2)
    pytest.importorskip("distributed")
    run_dask(shards, c, workers=2)
    assert read(a) == read(b) == read(c)


def test_parquet_shard_matches_jsonl(shards, tmp_path):
    """The same records as a Parquet shard: text cleaned and a summary per record, as for JSONL; the
    input's column types are kept (int32 stays int32) and an empty shard keeps its columns."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    recs = [json.loads(x) for x in shards[0].read_text(encoding="utf-8").splitlines() if x.startswith("{")]
    recs.append({"id": "no-text", "text": None})
    src_json, src_pq = tmp_path / "in_json", tmp_path / "in_pq"
    src_json.mkdir()
    src_pq.mkdir()
    with (src_json / "part.jsonl").open("w", encoding="utf-8") as fh:
        for i, r in enumerate(recs):
            fh.write(json.dumps({**r, "n": i}, ensure_ascii=False) + "\n")
    table = pa.table({"id": [r["id"] for r in recs], "text": [r["text"] for r in recs],
                      "n": pa.array(range(len(recs)), pa.int32())})
    pq.write_table(table, src_pq / "part.parquet")
    pq.write_table(table.slice(0, 0), src_pq / "empty.parquet")

    a = run_local([src_json / "part.jsonl"], tmp_path / "out_json")
    b = run_local([src_pq / "empty.parquet", src_pq / "part.parquet"], tmp_path / "out_pq")
    from_json = read(tmp_path / "out_json")["part.jsonl"]
    out = pq.read_table(tmp_path / "out_pq" / "part.parquet")
    assert out.schema.field("n").type == pa.int32() and out.schema.field("jiaokan").type == pa.string()
    from_pq = [{**r, "jiaokan": json.loads(r["jiaokan"])} for r in out.to_pylist()]
    assert from_pq == from_json
    assert any(r["text"] != o["text"] for r, o in zip(recs, from_pq, strict=True) if r["text"])  # something was cleaned
    assert from_pq[-1]["jiaokan"] == {"error": "no text field 'text'"} and from_pq[-1]["text"] is None
    assert [(s.records, s.chars, s.changes, s.errors) for s in a] == \
        [(s.records, s.chars, s.changes, s.errors) for s in b if s.shard == "part.parquet"]
    empty = pq.read_table(tmp_path / "out_pq" / "empty.parquet")
    assert empty.num_rows == 0 and empty.schema.names == ["id", "text", "n", "jiaokan"]
    assert json.loads((tmp_path / "out_pq" / SUMMARY).read_text(encoding="utf-8"))["total"]["errors"] == 1
