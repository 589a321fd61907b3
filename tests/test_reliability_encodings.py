"""Reliability: every supported encoding is read, fixed and written back as it was (encoding, BOM,
line endings); what cannot be decoded confidently is reported (exit 2) and never rewritten; offsets
stay right around characters outside the BMP and combining marks."""

from __future__ import annotations

import codecs
import json

import pytest
from typer.testing import CliRunner

from jiaokan.cli import app
from jiaokan.engine import Engine
from jiaokan.formats import InputError, load_bytes
from jiaokan.formats.text import decode

runner = CliRunner()
# CRLF, LF and CR in one file, a character outside the BMP and a combining mark
TEXT = "区妇联2017年工作总结\r\n同学们要再接再励,发放宣扬资料。\n𠮷野家e\u0301 最后一行\r末尾再接再励"
FIXED = "区妇联2017年工作总结\r\n同学们要再接再厉，发放宣传资料。\n𠮷野家e\u0301 最后一行\r末尾再接再厉"
ENGINE = Engine()


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("gb18030", b""),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-32-le", codecs.BOM_UTF32_LE),
    ],
)
def test_fix_write_keeps_encoding_bom_and_line_endings(tmp_path, encoding, bom):
    f = tmp_path / "a.txt"
    f.write_bytes(bom + TEXT.encode(encoding))
    r = runner.invoke(app, ["fix", "--isolated", "--write", str(f)])
    assert r.exit_code == 0, r.output
    assert f.read_bytes() == bom + FIXED.encode(encoding)


def test_gbk_file_roundtrips_byte_for_byte_outside_the_fix(tmp_path):
    text = "关于开展安全生产月活动的通知\r\n同学们要再接再励，做好各项工作。\r\n" * 20
    f = tmp_path / "gbk.txt"
    f.write_bytes(text.encode("gbk"))
    r = runner.invoke(app, ["fix", "--isolated", "--write", str(f)])
    assert r.exit_code == 0, r.output
    expected = ENGINE.fix(load_bytes("gbk.txt", text.encode("gbk"))).text
    assert "再接再厉" in expected and "再接再励" not in expected
    assert f.read_bytes() == expected.encode("gbk")


def test_big5_fix_that_big5_cannot_write_is_left_as_a_finding(tmp_path):
    """A simplified-character fix in a Big5 file is not applied; the file is still processed."""
    text = "這是一份關於學校教育工作的報告，同學們要再接再勵。\r\n內容包括課程改革與教師培訓。\n"
    f = tmp_path / "big5.txt"
    f.write_bytes(text.encode("big5"))
    doc = load_bytes(str(f), f.read_bytes())
    assert doc.encoding.startswith("big5") or doc.encoding == "cp950"
    out = ENGINE.fix(doc)
    doc.encode(out.text)  # never raises: every applied fix is encodable
    r = runner.invoke(app, ["fix", "--isolated", "--write", str(f)])
    assert r.exit_code == 0, r.output
    assert f.read_bytes().decode(doc.encoding) == out.text


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"\x00\x01\x02binary\x00data" * 10, "binary file"),
        ("café résumé naïve ".encode("latin-1") * 5, "cannot decode confidently"),
        (("再接再励，" * 60).encode() + b"\xff" + "再接再励".encode(), "cannot decode confidently"),
        (codecs.BOM_UTF16_LE + "再接再励".encode("utf-16-le") + b"\x00", "byte-order mark"),
        (codecs.BOM_UTF8 + b"\xc3\x28 \xe5", "invalid utf-8"),
    ],
)
def test_undecodable_file_is_reported_and_never_rewritten(tmp_path, data, problem):
    f = tmp_path / "bad.txt"
    f.write_bytes(data)
    for args in (["check"], ["fix", "--write"]):
        r = runner.invoke(app, [*args, "--isolated", str(f)])
        assert r.exit_code == 2, r.output
        assert problem in r.stderr and str(f) in r.stderr
        assert "Traceback" not in r.output
        assert f.read_bytes() == data


def test_decoded_text_always_encodes_back_to_the_same_bytes():
    samples = ["關於學校教育工作的報告，內容包括課程改革與教師培訓。".encode("big5") * 3,
               "关于学校教育工作的报告，内容包括课程改革与教师培训。".encode("gb18030") * 3,
               "一\r二\r\n三\n".encode()]
    for data in samples:
        try:
            text, enc, bom = decode(data)
        except InputError:
            continue  # refusing is allowed; decoding to something else is not
        assert bom + text.encode(enc) == data


@pytest.mark.parametrize("prefix", ["𠮷", "😀😀", "e\u0301", "\u1100\u1161\u11a8", "𠮷\r\n"])
def test_offsets_are_code_points_after_astral_and_combining(tmp_path, prefix):
    text = prefix + "同学们要再接再励。\n"
    f = tmp_path / "o.txt"
    f.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    r = runner.invoke(app, ["check", "--isolated", "-f", "json", str(f)])
    findings = json.loads(r.stdout)["files"][0]["findings"]
    hit = [x for x in findings if x["original"] == "再接再励" or x["original"] == "励"]
    assert hit, findings
    for x in hit:
        assert text[x["start"]:x["end"]] == x["original"]
        for e in x["fix"]["edits"]:
            assert text[e["start"]:e["end"]] in ("励", "再接再励")
