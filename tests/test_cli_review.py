"""CLI wiring of the review outputs: .docx in `fix`, `report`, `doctor`, `eval`, `batch`."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from typer.testing import CliRunner

from jiaokan.cli import app

from .conftest import DATA, ROOT

runner = CliRunner()


def test_fix_docx_writes_tracked_changes(tmp_path):
    docx = pytest.importorskip("docx")
    from jiaokan.formats.docx import load_docx, resolve_revisions

    d = docx.Document()
    d.add_paragraph("同学们要再接再励，发放宣扬资料。")
    src = tmp_path / "a.docx"
    d.save(src)
    out = tmp_path / "a.reviewed.docx"
    r = runner.invoke(app, ["fix", str(src), "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    reviewed = out.read_bytes()
    xml = zipfile.ZipFile(io.BytesIO(reviewed)).read("word/document.xml")
    assert b"w:ins" in xml and b'w:author="jiaokan"' in xml
    accepted = load_docx("x.docx", resolve_revisions(reviewed, accept=True)).text
    rejected = load_docx("x.docx", resolve_revisions(reviewed, accept=False)).text
    assert "再接再厉" in accepted and rejected == "同学们要再接再励，发放宣扬资料。"
    clean = tmp_path / "a.clean.docx"
    assert runner.invoke(app, ["fix", str(src), "-o", str(clean), "--no-track-changes"]).exit_code == 0
    assert b"w:ins" not in zipfile.ZipFile(clean).read("word/document.xml")


def test_malformed_docx_one_line_exit_2(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 truncated")
    r = runner.invoke(app, ["check", str(bad)])
    assert r.exit_code == 2
    assert r.stderr.strip().count("\n") == 0 and "not a valid .docx" in r.stderr


def test_report_command_writes_html(tmp_path):
    out = tmp_path / "r.html"
    r = runner.invoke(app, ["report", str(ROOT / "examples" / "seed_report.txt"), "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") or html.lower().startswith("<!doctype html>")
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html


def test_doctor_reports_scorer():
    r = runner.invoke(app, ["doctor"])
    assert r.exit_code == 0
    assert "scorer:" in r.stdout and "dictionaries:" in r.stdout


def test_eval_on_clean_text():
    r = runner.invoke(app, ["eval", "--clean", str(DATA / "clean")])
    assert r.exit_code == 0, r.stderr
    assert "per 10k" in r.stdout


def test_eval_needs_input():
    assert runner.invoke(app, ["eval"]).exit_code == 2


def test_batch_command(tmp_path):
    shard = tmp_path / "in" / "s0.jsonl"
    shard.parent.mkdir()
    shard.write_text(json.dumps({"text": "同学们要再接再励,继续努力。"}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    r = runner.invoke(app, ["batch", str(shard.parent), "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    rec = json.loads((out / "s0.jsonl").read_text(encoding="utf-8"))
    assert rec["text"] == "同学们要再接再厉，继续努力。" and rec["jiaokan"]["changes"] == 2
    again = runner.invoke(app, ["batch", str(shard.parent), "-o", str(out)])
    assert "1 already done" in again.stdout


def test_eval_sentence_and_ocr_modes(tmp_path):
    sents = tmp_path / "s.tsv"
    sents.write_text("他积极参予了工作。\t他积极参与了工作。\n今天天气很好。\t今天天气很好。\n", encoding="utf-8")
    ocr = tmp_path / "o.jsonl"
    ocr.write_text(json.dumps({"level": "x", "gold": "对不起！", "ocr": "对不起!"}, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    r = runner.invoke(app, ["eval", "--sentences", str(sents), "--ocr", str(ocr)])
    assert r.exit_code == 0, r.stderr
    assert "precision 1.000, recall 1.000, F1 1.000" in r.stdout
    assert "correct sentences changed: 0" in r.stdout
    assert "x: CER before 25.00%, after 0.00%" in r.stdout
