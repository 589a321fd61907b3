"""JUnit XML: one ``<testsuite>`` per file, one failing ``<testcase>`` per finding (a clean file is
one passing test case), an ``<error>`` test case per file that could not be read. Columns in code
points."""

from __future__ import annotations

from collections.abc import Iterable
from xml.etree import ElementTree as ET

from ..positions import LineIndex
from . import FileResult, fix_label, plain_message


def render(results: Iterable[FileResult], errors: Iterable[tuple[str, str]] = ()) -> str:
    results = list(results)
    errors = list(errors)
    root = ET.Element("testsuites", name="jiaokan")
    total = failures = 0
    for r in results:
        index = LineIndex(r.doc.text)
        n = max(1, len(r.findings))
        suite = ET.SubElement(root, "testsuite", name=r.doc.path, tests=str(n),
                              failures=str(len(r.findings)), errors="0", skipped="0")
        total += n
        failures += len(r.findings)
        if not r.findings:
            ET.SubElement(suite, "testcase", name="jiaokan", classname=r.doc.path, file=r.doc.path)
        for f in r.findings:
            line, col = index.line_col(f.span.start)
            case = ET.SubElement(suite, "testcase", name=f"jiaokan.{f.code}", classname=r.doc.path,
                                 file=r.doc.path, line=str(line))
            label = fix_label(f)
            fail = ET.SubElement(case, "failure", message=plain_message(f), type=f.code)
            fail.text = (f"line {line}, col {col}, {f.code} {f.name}: {plain_message(f)}"
                         f"{' ' + label if label else ''} [{f.applicability.label}, {f.confidence:.2f}]")
    if errors:
        suite = ET.SubElement(root, "testsuite", name="jiaokan input errors", tests=str(len(errors)),
                              failures="0", errors=str(len(errors)), skipped="0")
        for path, msg in errors:
            case = ET.SubElement(suite, "testcase", name="jiaokan.read", classname=path, file=path)
            ET.SubElement(case, "error", message=msg, type="InputError").text = f"{path}: {msg}"
    root.set("tests", str(total + len(errors)))
    root.set("failures", str(failures))
    root.set("errors", str(len(errors)))
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
