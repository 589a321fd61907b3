"""Reports written piece by piece, for a run that includes a huge file (see :mod:`jiaokan.chunked`).

Each writer gives the same output as the reporter of its format (``jiaokan.reporters``), but takes
a file's findings chunk by chunk, each chunk with the :class:`~jiaokan.positions.LineIndex` that
places it, and writes as it goes. Formats whose header needs totals (SARIF's rules, JUnit's counts)
keep the body in a temporary file until the end.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import IO
from xml.etree import ElementTree as ET

from .model import Finding
from .positions import LineIndex

Write = Callable[[str], None]
Parts = Iterable[tuple[LineIndex, Sequence[Finding]]]


def _dump(obj: object, level: int) -> str:
    """``json.dumps(obj, indent=2)`` as it appears nested ``level`` deep in a larger document."""
    return json.dumps(obj, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * level)


def _spool() -> IO[str]:
    return tempfile.TemporaryFile("w+", encoding="utf-8", newline="")


def copy_spool(spool: IO[str], write: Write) -> None:
    spool.seek(0)
    while piece := spool.read(1 << 20):
        write(piece)


class _Array:
    """A JSON array written item by item, ``level`` deep."""

    def __init__(self, write: Write, level: int) -> None:
        self.write, self.level, self.n = write, level, 0

    def item(self) -> None:
        self.write(("[\n" if self.n == 0 else ",\n") + "  " * (self.level + 1))
        self.n += 1

    def close(self) -> None:
        self.write("[]" if self.n == 0 else "\n" + "  " * self.level + "]")


class Fingerprints:
    """:func:`jiaokan.baseline.fingerprints` over a text given chunk by chunk (the rank among
    identical keys is carried from chunk to chunk)."""

    def __init__(self) -> None:
        self.seen: Counter[str] = Counter()

    def __call__(self, text: object, findings: Sequence[Finding]) -> list[str]:
        from .baseline import CONTEXT, _squash

        out = []
        for f in findings:
            left = _squash(text[max(0, f.span.start - CONTEXT):f.span.start])[-CONTEXT // 2:]  # type: ignore[index]
            right = _squash(text[f.span.end:f.span.end + CONTEXT])[:CONTEXT // 2]  # type: ignore[index]
            key = "\x1f".join((f.code, f.original, left, right))
            out.append(hashlib.sha256(f"{key}\x1f{self.seen[key]}".encode()).hexdigest()[:20])
            self.seen[key] += 1
        return out


class Writer:
    def __init__(self, write: Write) -> None:
        self.write = write

    def begin(self) -> None:
        pass

    def file(self, path: str, encoding: str, parts: Parts) -> None:
        raise NotImplementedError

    def end(self, errors: Sequence[tuple[str, str]]) -> None:
        pass


class TextWriter(Writer):
    def __init__(self, write: Write, color: bool = False, show_source: bool = True) -> None:
        super().__init__(write)
        self.color, self.show_source = color, show_source
        self.n_findings = self.n_fixable = self.n_files = 0

    def file(self, path: str, encoding: str, parts: Parts) -> None:
        from .reporters import fix_label, plain_message
        from .reporters.text import _advice, _style, source_snippet

        any_found = False
        for index, findings in parts:
            for f in findings:
                any_found = True
                self.n_findings += 1
                self.n_fixable += f.fix is not None
                line, col = index.line_col(f.span.start)
                label = fix_label(f)
                head = _style(f"{path}:{line}:{col}:", "path", self.color)
                out = [f"{head} {_style(f.code, 'code', self.color)} {plain_message(f)}"
                       f"{' ' + label if label else ''} [{f.applicability.label}, {f.confidence:.2f}]"]
                if self.show_source:
                    out += source_snippet(index, f, color=self.color)
                    advice = _advice(f, self.color)
                    if advice:
                        out.append(advice)
                self.write("".join(s + "\n" for s in out))
        self.n_files += any_found

    def end(self, errors: Sequence[tuple[str, str]]) -> None:
        if self.n_findings:
            fixable = f" ({self.n_fixable} fixable with 'jiaokan fix')" if self.n_fixable else ""
            self.write(f"Found {self.n_findings} finding(s) in {self.n_files} file(s){fixable}.\n")


class GithubWriter(Writer):
    def file(self, path: str, encoding: str, parts: Parts) -> None:
        from .reporters.github import annotation, escape_property

        epath = escape_property(path)
        for index, findings in parts:
            for f in findings:
                self.write(annotation(f, index, epath) + "\n")

    def end(self, errors: Sequence[tuple[str, str]]) -> None:
        from .reporters.github import escape_data, escape_property

        for path, msg in errors:
            self.write(f"::error file={escape_property(path)},title=jiaokan::{escape_data(msg)}\n")


class JsonWriter(Writer):
    def begin(self) -> None:
        from .reporters.json_ import SCHEMA_VERSION

        self.write('{\n  "schema": "jiaokan-findings",\n  "version": ' + str(SCHEMA_VERSION) + ',\n'
                   '  "offsets": "code points into the decoded source text",\n  "files": ')
        self.files = _Array(self.write, 1)

    def file(self, path: str, encoding: str, parts: Parts) -> None:
        from .reporters.json_ import finding_dict

        self.files.item()
        self.write('{\n      "path": ' + _dump(path, 3) + ',\n      "encoding": ' + _dump(encoding, 3)
                   + ',\n      "findings": ')
        arr = _Array(self.write, 3)
        try:
            for index, findings in parts:
                for f in findings:
                    item = _dump(finding_dict(f, index), 4)
                    arr.item()
                    self.write(item)
        finally:  # Ctrl-C in a huge file: the document stays whole
            arr.close()
            self.write("\n    }")

    def end(self, errors: Sequence[tuple[str, str]]) -> None:
        self.files.close()
        self.write(',\n  "errors": ' + _dump([{"path": p, "message": m} for p, m in errors], 1) + "\n}\n")


class RdjsonWriter(Writer):
    def begin(self) -> None:
        from .reporters.rdjson import SOURCE

        self.write('{\n  "source": ' + _dump(SOURCE, 1) + ',\n  "severity": "WARNING",\n  "diagnostics": ')
        self.diags = _Array(self.write, 1)

    def file(self, path: str, encoding: str, parts: Parts) -> None:
        from .reporters.rdjson import diagnostic

        for index, findings in parts:
            for f in findings:
                self.diags.item()
                self.write(_dump(diagnostic(f, path, index), 2))

    def end(self, errors: Sequence[tuple[str, str]]) -> None:
        from .reporters.rdjson import SOURCE

        for path, msg in errors:
            self.diags.item()
            self.write(_dump({"message": msg, "location": {"path": path}, "severity": "ERROR", "source": SOURCE}, 2))
        self.diags.close()
        self.write("\n}\n")


class SarifWriter(Writer):
    """Results wait in a temporary file: the rules they use come first in the document."""

    def __init__(self, write: Write, rules: dict[str, object], version: str) -> None:
        super().__init__(write)
        self.rules, self.version = rules, version
        self.spool = _spool()
        self.used: set[str] = set()

    def file(self, path: str, encoding: str, parts: Parts) -> None:
        from .reporters.sarif import _result, artifact_uri

        uri = artifact_uri(path)
        prints = Fingerprints()
        for index, findings in parts:
            for f, fp in zip(findings, prints(index.text, findings), strict=True):
                self.used.add(f.code)
                res = json.dumps(_result(f, uri, index, 0, fp), ensure_ascii=False)
                self.spool.write(f"{f.code}\t{res}\n")

    def end(self, errors: Sequence[tuple[str, str]]) -> None:
        from .reporters import RuleInfo
        from .reporters.sarif import COLUMNS_NOTE, INFO_URI, SCHEMA_URI, _rule, error_notes

        infos = [self.rules.get(c) or RuleInfo(c, c.lower(), c) for c in sorted(self.used)]
        order = {info.code: i for i, info in enumerate(infos)}  # type: ignore[union-attr]
        notes = error_notes(errors)
        run = {
            "tool": {"driver": {"name": "jiaokan", "version": self.version, "informationUri": INFO_URI,
                                "rules": [_rule(i) for i in infos]}},  # type: ignore[arg-type]
            "columnKind": "utf16CodeUnits",
            "invocations": [{"executionSuccessful": not notes, "toolExecutionNotifications": notes}],
            "results": "\x00",
            "properties": {"columns": COLUMNS_NOTE},
        }
        head, tail = _dump({"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}, 0).split('"\\u0000"')
        self.write(head)
        arr = _Array(self.write, 3)
        self.spool.seek(0)
        for line in self.spool:
            code, _, res = line.rstrip("\n").partition("\t")
            d = json.loads(res)
            d["ruleIndex"] = order[code]
            arr.item()
            self.write(_dump(d, 4))
        arr.close()
        self.write(tail + "\n")
        self.spool.close()


def _tag(tag: str, attrs: dict[str, str]) -> str:
    """An element's start tag, attributes escaped as ElementTree does."""
    return ET.tostring(ET.Element(tag, attrs), encoding="unicode")[:-3] + ">"


class JunitWriter(Writer):
    """Test cases wait in temporary files: a suite's and the run's counts come first."""

    def begin(self) -> None:
        self.body = _spool()
        self.total = self.failures = 0

    def file(self, path: str, encoding: str, parts: Parts) -> None:
        cases = _spool()
        self.n = 0
        try:
            self._cases(path, parts, cases)
        finally:  # Ctrl-C in a huge file: the suite is still written
            self._suite(path, cases, self.n)

    def _cases(self, path: str, parts: Parts, cases: IO[str]) -> None:
        from .reporters import fix_label, plain_message

        for index, findings in parts:
            for f in findings:
                line, col = index.line_col(f.span.start)
                case = ET.Element("testcase", name=f"jiaokan.{f.code}", classname=path, file=path, line=str(line))
                label = fix_label(f)
                fail = ET.SubElement(case, "failure", message=plain_message(f), type=f.code)
                fail.text = (f"line {line}, col {col}, {f.code} {f.name}: {plain_message(f)}"
                             f"{' ' + label if label else ''} [{f.applicability.label}, {f.confidence:.2f}]")
                ET.indent(case, space="  ", level=2)
                cases.write("\n    " + ET.tostring(case, encoding="unicode"))
                self.n += 1

    def _suite(self, path: str, cases: IO[str], n: int) -> None:
        if not n:
            clean = ET.Element("testcase", name="jiaokan", classname=path, file=path)
            cases.write("\n    " + ET.tostring(clean, encoding="unicode"))
        self.body.write("\n  " + _tag("testsuite", {"name": path, "tests": str(max(1, n)), "failures": str(n),
                                                     "errors": "0", "skipped": "0"}))
        copy_spool(cases, self.body.write)
        cases.close()
        self.body.write("\n  </testsuite>")
        self.total += max(1, n)
        self.failures += n

    def end(self, errors: Sequence[tuple[str, str]]) -> None:
        if errors:
            suite = ET.Element("testsuite", name="jiaokan input errors", tests=str(len(errors)),
                               failures="0", errors=str(len(errors)), skipped="0")
            for path, msg in errors:
                case = ET.SubElement(suite, "testcase", name="jiaokan.read", classname=path, file=path)
                ET.SubElement(case, "error", message=msg, type="InputError").text = f"{path}: {msg}"
            ET.indent(suite, space="  ", level=1)
            self.body.write("\n  " + ET.tostring(suite, encoding="unicode"))
        attrs = {"name": "jiaokan", "tests": str(self.total + len(errors)), "failures": str(self.failures),
                 "errors": str(len(errors))}
        self.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        if self.body.tell() == 0:
            self.write(ET.tostring(ET.Element("testsuites", attrs), encoding="unicode") + "\n")
        else:
            self.write(_tag("testsuites", attrs))
            copy_spool(self.body, self.write)
            self.write("\n</testsuites>\n")
        self.body.close()


def writer_for(fmt: str, write: Write, *, color: bool = False, show_source: bool = True,
               version: str = "0") -> Writer:
    if fmt == "text":
        return TextWriter(write, color, show_source)
    if fmt == "sarif":
        from .reporters import rule_infos

        return SarifWriter(write, rule_infos(), version)  # type: ignore[arg-type]
    return {"json": JsonWriter, "github": GithubWriter, "rdjson": RdjsonWriter, "junit": JunitWriter}[fmt](write)

