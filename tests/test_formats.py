from __future__ import annotations

import codecs

import pytest

from jiaokan.formats import InputError, from_text, load_bytes
from jiaokan.formats.text import decode
from jiaokan.positions import LineIndex

SAMPLE = "区妇联2017年工作总结\r\n同学们要再接再励,发放宣扬资料。\n最后一行\r末尾"


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("gb18030", b""),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
    ],
)
def test_roundtrip_encodings(encoding, bom):
    data = bom + (SAMPLE * 5).encode(encoding)
    doc = load_bytes("f.txt", data)
    assert doc.text == SAMPLE * 5
    assert doc.bom == bom
    assert doc.encode(doc.text) == data


def test_big5_detected():
    text = "這是一份關於學校教育工作的報告，內容包括課程改革與教師培訓。" * 3
    doc = load_bytes("b.txt", text.encode("big5"))
    assert doc.text == text and doc.encoding in ("big5", "big5hkscs", "cp950")


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"\x00\x01\x02binary\x00data" * 10, "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (codecs.BOM_UTF8 + b"\xff\xfe\xfa", "invalid utf-8"),
        (bytes(range(0x80, 0x100)) * 4, "cannot decode"),
    ],
)
def test_bad_input(data, problem):
    with pytest.raises(InputError) as exc:
        decode(data)
    assert problem in str(exc.value)


def test_markdown_skips_code_urls_comments_front_matter():
    md = ("---\ntitle: 再接再励\n---\n"
          "正文再接再励。\n\n```\n代码再接再励\n```\n\n行内 `再接再励` 代码，"
          "链接 [再接再厉](https://example.com/再接再励) 和 <!-- 再接再励 --> 注释。\n"
          "~~~~\n未闭合的围栏 再接再励\n")
    doc = from_text(md, fmt="markdown")
    prose = md.index("正文再接再励") + 2
    for s in doc.skip:
        assert not (s.start <= prose < s.end)
    for needle in ("title: 再接再励", "代码再接再励", "`再接再励`", "example.com/再接再励", "<!-- 再接再励 -->",
                   "未闭合的围栏 再接再励"):
        pos = md.index(needle)
        assert any(s.start <= pos < s.end for s in doc.skip), needle


def test_line_index_code_points_and_utf16():
    text = "第一行\r\n😀中文错误\r第三行\n"
    idx = LineIndex(text)
    pos = text.index("错误")
    assert idx.line_col(pos) == (2, 4)
    assert idx.line_col_utf16(pos) == (2, 5)  # the emoji is two UTF-16 units
    assert idx.line_col(text.index("第三行")) == (3, 1)
    assert idx.line_text(2) == "😀中文错误"
