"""Every reporter over ONE fixed list of findings, snapshot-tested; SARIF validated against the
official 2.1.0 schema; columns checked by hand on a Chinese line with an emoji before the error."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from jiaokan.formats import Document
from jiaokan.model import Applicability, Edit, Finding, Fix, Severity, Span
from jiaokan.reporters import FileResult, RuleInfo, github, json_, junit, rdjson, sarif, text

from .snapshots_util import assert_snapshot

SCHEMA = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"

GUIDE = "# 标题\n第一行😀，同学们要再接再励。\n他大力宣扬安全生产知识。\n"
NOTES = "会议于3月召开,大家积极发言。\r\n"
ERROR_LINE = GUIDE.splitlines()[1]

RULES = {
    "ZH101": RuleInfo("ZH101", "confusion", "A known misspelling.", "ZH101 confusion\n\nWhat it does\n  Flags known misspellings.", "warning", "dictionary"),
    "ZH201": RuleInfo("ZH201", "spin", "A synonym swapped in by a spinning tool.", "ZH201 spin\n\nWhat it does\n  Flags spun collocations.", "warning", "dictionary"),
    "ZH501": RuleInfo("ZH501", "halfwidth-punct", "Half-width punctuation in Chinese text.", "ZH501 halfwidth-punct", "warning", "punctuation"),
}


def _at(text: str, needle: str) -> int:
    i = text.index(needle)
    return i


def fixed_results() -> tuple[list[FileResult], list[tuple[str, str]]]:
    """The one list of findings every reporter is tested on."""
    s = _at(GUIDE, "再接再励")
    safe = Finding(
        code="ZH101", name="confusion", message="再接再励 → 再接再厉", span=Span(s, s + 4),
        severity=Severity.WARNING, confidence=0.9, original="再接再励", suggestions=("再接再厉",),
        fix=Fix((Edit.replace(s + 3, s + 4, "厉"),), Applicability.SAFE, 0.9),
    )
    s2 = _at(GUIDE, "宣扬")
    several = Finding(
        code="ZH201", name="spin", message="宣扬 may be spun: 宣传 or 宣讲", span=Span(s2, s2 + 2),
        severity=Severity.INFO, confidence=0.6, original="宣扬", suggestions=("宣传", "宣讲"),
    )
    s3 = _at(NOTES, ",")
    unsafe = Finding(
        code="ZH501", name="halfwidth-punct", message="half-width , between Chinese characters",
        span=Span(s3, s3 + 1), severity=Severity.ERROR, confidence=0.75, original=",",
        suggestions=("，",), fix=Fix((Edit.replace(s3, s3 + 1, "，"),), Applicability.UNSAFE, 0.75),
    )
    results = [
        FileResult(Document("docs/指南.md", GUIDE, "markdown"), (safe, several)),
        FileResult(Document("notes.txt", NOTES, "text", "gb18030"), (unsafe,)),
        FileResult(Document("clean.txt", "一切正常。\n"), ()),
    ]
    return results, [("broken.txt", "binary file (NUL bytes), not text")]


def render(fmt: str) -> str:
    results, errors = fixed_results()
    if fmt == "text":
        return text.render(results)
    if fmt == "text-color":
        return text.render(results, color=True)
    if fmt == "sarif":
        return sarif.render(results, errors, rules=RULES, version="0.0-test")
    module = {"json": json_, "github": github, "rdjson": rdjson, "junit": junit}[fmt]
    return module.render(results, errors)


SNAPSHOT_NAMES = {"text": "text.txt", "text-color": "text-color.txt", "json": "json.json",
                  "sarif": "sarif.sarif", "github": "github.txt", "rdjson": "rdjson.json", "junit": "junit.xml"}


@pytest.mark.parametrize("fmt", sorted(SNAPSHOT_NAMES))
def test_reporter_snapshot(fmt):
    assert_snapshot(f"reporters/{SNAPSHOT_NAMES[fmt]}", render(fmt))


def test_snapshot_can_fail(tmp_path, monkeypatch):
    from . import snapshots_util

    monkeypatch.delenv("JIAOKAN_UPDATE_SNAPSHOTS", raising=False)
    monkeypatch.setattr(snapshots_util, "SNAPSHOTS", tmp_path)
    (tmp_path / "x.txt").write_text("old\n", encoding="utf-8")
    with pytest.raises(AssertionError):
        snapshots_util.assert_snapshot("x.txt", "new\n")


# --- columns on a line full of Chinese with an emoji before the error -----------------------------

# 第一行😀，同学们要再接再励。: 再 is the 10th code point, the 11th UTF-16 unit (😀 is a surrogate pair)
# and starts at byte 29 of the line in UTF-8 (3×3 + 4 + 3 + 4×3 = 28 bytes before it).
CP_COL, UTF16_COL, UTF8_COL = 10, 11, 29


def test_fixture_columns_are_what_the_comment_says():
    i = ERROR_LINE.index("再接再励")
    assert i + 1 == CP_COL
    assert len(ERROR_LINE[:i].encode("utf-16-le")) // 2 + 1 == UTF16_COL
    assert len(ERROR_LINE[:i].encode("utf-8")) + 1 == UTF8_COL


def test_text_columns_code_points_and_caret_under_span():
    out = render("text").splitlines()
    assert out[0].startswith(f"docs/指南.md:2:{CP_COL}: ZH101")
    src, carets = out[1], out[2]
    assert src.endswith(ERROR_LINE)
    # the caret starts under 再 (each Chinese character and the emoji take two cells)
    prefix_cells = 2 * 9
    gutter = src.index("|") + 2
    assert carets.index("^") == gutter + prefix_cells
    assert carets.count("^") == 8
    assert out[3].strip() == "= fix (safe): 再接再励 → 再接再厉"
    assert "= suggestions: 宣传 | 宣讲" in "\n".join(out)
    assert out[-1] == "Found 3 finding(s) in 2 file(s) (2 fixable with 'jiaokan fix')."


def test_text_color_only_when_asked():
    assert "\x1b[" not in render("text")
    assert "\x1b[1;31mZH101\x1b[0m" in render("text-color")


def test_json_columns_code_points():
    d = json.loads(render("json"))
    f = d["files"][0]["findings"][0]
    assert (f["line"], f["column"], f["end_column"]) == (2, CP_COL, CP_COL + 4)
    assert d["errors"] == [{"path": "broken.txt", "message": "binary file (NUL bytes), not text"}]


def test_sarif_columns_utf16_and_said_so():
    d = json.loads(render("sarif"))
    run = d["runs"][0]
    assert run["columnKind"] == "utf16CodeUnits"
    assert "UTF-16" in run["properties"]["columns"]
    region = run["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (2, UTF16_COL, UTF16_COL + 4)
    fix = run["results"][0]["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert fix["deletedRegion"]["startColumn"] == UTF16_COL + 3
    assert fix["insertedContent"]["text"] == "厉"
    assert "fixes" not in run["results"][1]  # several suggestions, no fix
    assert run["results"][1]["properties"]["suggestions"] == ["宣传", "宣讲"]
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == \
        "docs/%E6%8C%87%E5%8D%97.md"
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["ZH101", "ZH201", "ZH501"]
    assert all(r["help"]["text"] for r in run["tool"]["driver"]["rules"])
    assert run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"].startswith("broken.txt")
    assert [r["level"] for r in run["results"]] == ["warning", "note", "error"]


def _validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_sarif_validates_against_official_schema():
    v = _validator()
    errors = sorted(v.iter_errors(json.loads(render("sarif"))), key=str)
    assert not errors, "\n".join(e.message for e in errors[:5])


def test_sarif_validation_can_fail():
    v = _validator()
    bad = json.loads(render("sarif"))
    bad["runs"][0]["results"][0]["level"] = "fatal"
    del bad["version"]
    assert list(v.iter_errors(bad))


def test_github_columns_and_escaping():
    lines = render("github").splitlines()
    assert lines[0].startswith(f"::warning file=docs/指南.md,line=2,col={CP_COL},endLine=2,endColumn={CP_COL + 4},"
                               "title=ZH101 confusion::")
    assert lines[1].startswith("::notice ")  # info → notice
    assert lines[2].startswith("::error ") and "%2C" not in lines[2].split("::")[1].split("title=")[0]
    assert "half-width , between" in lines[2]  # commas in the message are data, not escaped
    assert lines[3] == "::error file=broken.txt,title=jiaokan::binary file (NUL bytes), not text"
    assert github.escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"


def test_rdjson_columns_utf8_bytes_and_suggestions():
    d = json.loads(render("rdjson"))
    first = d["diagnostics"][0]
    assert first["location"]["range"]["start"] == {"line": 2, "column": UTF8_COL}
    assert first["location"]["range"]["end"] == {"line": 2, "column": UTF8_COL + 12}
    assert first["suggestions"] == [{"range": {"start": {"line": 2, "column": UTF8_COL + 9},
                                               "end": {"line": 2, "column": UTF8_COL + 12}}, "text": "厉"}]
    assert [s["text"] for s in d["diagnostics"][1]["suggestions"]] == ["宣传", "宣讲"]
    assert d["diagnostics"][1]["severity"] == "INFO"


def test_junit_is_xml_with_counts():
    root = ET.fromstring(render("junit").encode("utf-8"))
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("5", "3", "1")
    cases = root.findall(".//testcase")
    assert cases[0].get("name") == "jiaokan.ZH101"
    assert f"line 2, col {CP_COL}" in cases[0].find("failure").text
