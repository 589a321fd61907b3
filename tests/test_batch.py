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
