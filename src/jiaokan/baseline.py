"""Baselines: record today's findings, then fail only on new ones.

A finding's fingerprint hashes its rule code, the flagged text and up to ``CONTEXT`` code points on
either side (whitespace removed), plus its rank among identical keys in the file. Line numbers are
not part of it, so findings survive lines moving and paragraphs being re-wrapped elsewhere. Paths in
the baseline file are relative to the file's own directory, with forward slashes.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .model import Finding
from .positions import LineIndex

SCHEMA = "jiaokan-baseline"
VERSION = 1
CONTEXT = 8


class BaselineError(Exception):
    """An unreadable or malformed baseline file; ``str()`` is one line naming the file."""


def _squash(s: str) -> str:
    return "".join(s.split())


def fingerprints(text: str, findings: Sequence[Finding]) -> list[str]:
    """One stable fingerprint per finding, in order."""
    seen: Counter[str] = Counter()
    out = []
    for f in findings:
        left = _squash(text[max(0, f.span.start - CONTEXT):f.span.start])[-CONTEXT // 2:]
        right = _squash(text[f.span.end:f.span.end + CONTEXT])[:CONTEXT // 2]
        key = "\x1f".join((f.code, f.original, left, right))
        digest = hashlib.sha256(f"{key}\x1f{seen[key]}".encode()).hexdigest()[:20]
        seen[key] += 1
        out.append(digest)
    return out


def _rel(path: str, base: Path) -> str:
    if path.startswith("<"):
        return path
    try:
        rel = os.path.relpath(os.path.abspath(path), base)
    except ValueError:  # another drive on Windows
        rel = os.path.abspath(path)
    return rel.replace(os.sep, "/")


@dataclass
class Baseline:
    path: Path
    counts: Counter[tuple[str, str, str]]

    def split(self, doc_path: str, text: str,
              findings: Sequence[Finding]) -> tuple[tuple[Finding, ...], int]:
        """The findings of one file not in the baseline, and how many were."""
        rel = _rel(doc_path, self.path.parent)
        new: list[Finding] = []
        known = 0
        for f, fp in zip(findings, fingerprints(text, findings), strict=True):
            key = (rel, f.code, fp)
            if self.counts[key] > 0:
                self.counts[key] -= 1
                known += 1
            else:
                new.append(f)
        return tuple(new), known


def render_baseline(results: Iterable[tuple[str, str, Sequence[Finding]]], target: Path) -> str:
    """Baseline JSON for ``(path, text, findings)`` triples, paths relative to ``target``'s folder."""
    base = target.resolve().parent
    rows = []
    for path, text, findings in results:
        index = LineIndex(text)
        for f, fp in zip(findings, fingerprints(text, findings), strict=True):
            rows.append({"path": _rel(path, base), "code": f.code, "fingerprint": fp,
                         "line": index.line_of(f.span.start), "original": f.original})
    rows.sort(key=lambda r: (r["path"], r["line"], r["code"], r["fingerprint"]))
    payload = {"schema": SCHEMA, "version": VERSION,
               "fingerprint": f"code, text and {CONTEXT} code points of context; lines not included",
               "findings": rows}
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"


def load_baseline(path: Path) -> Baseline:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{path}: baseline file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc}") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}: not a jiaokan baseline (bad JSON at line {exc.lineno})") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise BaselineError(f"{path}: not a jiaokan baseline (no \"schema\": \"{SCHEMA}\")")
    if data.get("version") != VERSION:
        raise BaselineError(f"{path}: baseline version {data.get('version')!r}, expected {VERSION}")
    counts: Counter[tuple[str, str, str]] = Counter()
    rows = data.get("findings")
    if not isinstance(rows, list):
        raise BaselineError(f"{path}: \"findings\" must be a list")
    for i, row in enumerate(rows):
        try:
            counts[(str(row["path"]), str(row["code"]), str(row["fingerprint"]))] += 1
        except (KeyError, TypeError):
            raise BaselineError(f"{path}: finding {i} lacks path, code or fingerprint") from None
    return Baseline(path.resolve(), counts)

