"""Measure a run against gold pairs and against clean text (``jiaokan eval``).

Gold pairs use the TSV columns of ``../shared/dev/spun/pairs.tsv``: ``spun``, ``original``,
``context_snippet`` (verbatim in the page) and ``page_file``; pages may start with a header ended by
a line ``----``. A pair is *restored* when the snippet, with the spun phrase replaced by the original,
is found in the corrected page (whitespace and punctuation ignored), and *flagged* when any finding
covers the spun phrase. On clean text every finding is a false positive.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import regex

from .engine import Engine
from .formats import from_text
from .model import Applicability

_NORM = regex.compile(r"[\s\p{P}\p{S}]+")


def norm(s: str) -> str:
    return _NORM.sub("", s)


def page_body(text: str) -> str:
    lines = text.split("\n")
    for i, ln in enumerate(lines[:12]):
        if ln.strip() == "----":
            return "\n".join(lines[i + 1 :])
    return text


@dataclass
class PairResult:
    page: str
    spun: str
    original: str
    snippet: str
    restored: bool
    flagged: bool
    found_in_page: bool


@dataclass
class PairsReport:
    results: list[PairResult] = field(default_factory=list)
    edits: int = 0
    chars: int = 0

    @property
    def total(self) -> int:
        return sum(1 for r in self.results if r.found_in_page)

    @property
    def restored(self) -> int:
        return sum(1 for r in self.results if r.found_in_page and r.restored)

    @property
    def flagged(self) -> int:
        return sum(1 for r in self.results if r.found_in_page and r.flagged)


def read_pairs(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    need = {"spun", "original", "context_snippet", "page_file"}
    if rows and not need <= set(rows[0]):
        raise ValueError(f"{path}: expected columns {sorted(need)}")
    return rows


def eval_pairs(engine: Engine, pairs_path: Path, pages_dir: Path,
               level: Applicability = Applicability.SAFE) -> PairsReport:
    rows = read_pairs(pairs_path)
    by_page: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        by_page.setdefault(r["page_file"].strip(), []).append(r)
    report = PairsReport()
    for page, prs in sorted(by_page.items()):
        path = pages_dir / f"{page}.txt"
        if not path.is_file():
            path = pages_dir / page
        text = page_body(path.read_text(encoding="utf-8"))
        doc = from_text(text, path=str(path))
        out = engine.fix(doc, level)
        findings = engine.check(doc)
        fixed = norm(out.text)
        report.edits += len(out.changes)
        report.chars += len(text)
        for r in prs:
            snippet, spun, orig = r["context_snippet"], r["spun"], r["original"]
            at = text.find(snippet)
            found = at >= 0 and spun in snippet
            pos = at + snippet.find(spun) if found else -1
            restored = found and norm(snippet.replace(spun, orig, 1)) in fixed
            if found and not restored:
                # other spins in the same snippet were fixed too: compare the spun phrase's place only
                restored = any(c.span.start <= pos < c.span.end or pos <= c.span.start < pos + len(spun)
                               for c in out.changes) and norm(orig) in fixed and norm(spun) not in fixed
            flagged = found and any(f.span.start < pos + len(spun) and pos < f.span.end for f in findings)
            report.results.append(PairResult(page, spun, orig, snippet, restored, flagged, found))
    return report


@dataclass
class CleanReport:
    chars: int
    findings: int
    safe_edits: int
    by_rule: dict[str, int]
    examples: list[str]

    @property
    def per_10k(self) -> float:
        return self.findings * 10000 / max(1, self.chars)


def eval_clean(engine: Engine, texts: Iterable[tuple[str, str]],
               min_severity: int = 1) -> CleanReport:
    chars = findings = safe = 0
    by_rule: dict[str, int] = {}
    examples: list[str] = []
    for name, text in texts:
        doc = from_text(text, path=name)
        fs = [f for f in engine.check(doc) if f.severity >= min_severity]
        chars += len(text)
        findings += len(fs)
        safe += sum(1 for f in fs if f.applicability == Applicability.SAFE)
        for f in fs:
            by_rule[f.code] = by_rule.get(f.code, 0) + 1
            ctx = text[max(0, f.span.start - 8) : f.span.end + 8].replace("\n", " ")
            examples.append(f"{name}: {f.code} {f.message} …{ctx}…")
    return CleanReport(chars, findings, safe, by_rule, examples)


def format_pairs(rep: PairsReport, verbose: bool = False) -> list[str]:
    n = max(1, rep.total)
    lines = [
        f"pairs: {rep.total} found in their pages ({len(rep.results) - rep.total} snippets not found)",
        f"restored (applied fixes): {rep.restored}/{rep.total} = {100 * rep.restored / n:.1f}%",
        f"flagged (any applicability): {rep.flagged}/{rep.total} = {100 * rep.flagged / n:.1f}%",
        f"edits applied: {rep.edits} on {rep.chars} characters "
        f"({rep.edits * 10000 / max(1, rep.chars):.1f} per 10k; includes punctuation and debris)",
    ]
    if verbose:
        for r in rep.results:
            if r.found_in_page and not r.restored:
                state = "flagged" if r.flagged else "missed"
                lines.append(f"  {state}: {r.page} {r.spun} → {r.original}  …{r.snippet}…")
    return lines


def format_clean(rep: CleanReport, verbose: bool = False) -> list[str]:
    lines = [
        f"clean text: {rep.chars} characters, {rep.findings} findings = {rep.per_10k:.2f} per 10k, "
        f"{rep.safe_edits} safe edits",
    ]
    if rep.by_rule:
        lines.append("  by rule: " + ", ".join(f"{k} {v}" for k, v in sorted(rep.by_rule.items())))
    if verbose:
        lines += ["  " + x for x in rep.examples]
    return lines


# ---- sentence pairs (SIGHAN style) and OCR pairs ----------------------------------------------------

@dataclass
class SentenceReport:
    sentences: int
    with_errors: int
    changed: int
    corrected: int          # changed into exactly the gold sentence
    detected: int           # erroneous sentences the tool changed at all
    correct_changed: int    # correct sentences the tool changed (false positives)

    @property
    def precision(self) -> float:
        return self.corrected / self.changed if self.changed else 0.0

    @property
    def recall(self) -> float:
        return sum_ok(self.corrected, self.with_errors)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def fp_rate(self) -> float:
        return sum_ok(self.correct_changed, self.sentences - self.with_errors)


def sum_ok(a: int, b: int) -> float:
    return a / b if b else 0.0


def read_sentence_pairs(path: Path) -> list[tuple[str, str]]:
    """``wrong<TAB>right`` lines (SIGHAN-2015 as shipped in the pycorrector wheel)."""
    out = []
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 2:
            raise ValueError(f"{path}:{no}: expected wrong<TAB>right")
        out.append((cols[0], cols[1]))
    return out


def eval_sentences(engine: Engine, pairs: list[tuple[str, str]],
                   level: Applicability = Applicability.SAFE) -> SentenceReport:
    rep = SentenceReport(len(pairs), 0, 0, 0, 0, 0)
    for wrong, right in pairs:
        pred = engine.fix(from_text(wrong), level).text
        has_err = wrong != right
        rep.with_errors += has_err
        if pred != wrong:
            rep.changed += 1
            rep.detected += has_err
            rep.corrected += has_err and pred == right
            rep.correct_changed += not has_err
    return rep


def format_sentences(rep: SentenceReport) -> list[str]:
    return [
        f"sentences: {rep.sentences} ({rep.with_errors} with errors, {rep.sentences - rep.with_errors} correct)",
        f"correction (sentence level): precision {rep.precision:.3f}, recall {rep.recall:.3f}, F1 {rep.f1:.3f}",
        f"detection: {rep.detected}/{rep.with_errors} erroneous sentences changed",
        f"correct sentences changed: {rep.correct_changed} = {100 * rep.fp_rate:.1f}%",
    ]


def levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def eval_ocr(engine: Engine, records: Iterable[tuple[str, str, str]],
             level: Applicability = Applicability.SAFE) -> dict[str, tuple[int, int, int, int]]:
    """Per group: (gold characters, edit distance before, after, correct lines damaged)."""
    out: dict[str, list[int]] = {}
    for group, gold, ocr in records:
        fixed = engine.fix(from_text(ocr), level).text
        acc = out.setdefault(group, [0, 0, 0, 0])
        acc[0] += len(gold)
        acc[1] += levenshtein(gold, ocr)
        acc[2] += levenshtein(gold, fixed)
        acc[3] += gold == ocr and fixed != ocr
    return {k: (v[0], v[1], v[2], v[3]) for k, v in out.items()}


def format_ocr(res: dict[str, tuple[int, int, int, int]]) -> list[str]:
    lines = []
    for group, (chars, before, after, damaged) in sorted(res.items()):
        lines.append(f"{group}: CER before {100 * before / max(1, chars):.2f}%, after {100 * after / max(1, chars):.2f}% "
                     f"({chars} gold characters; {damaged} correct lines changed)")
    return lines
