"""``check`` and ``fix`` for runs with huge files (see :mod:`jiaokan.chunked`).

``check``: the report is written as each huge file is checked, chunk by chunk (:func:`stream_check`).
``fix``: each chunk is fixed on its own and its corrected text streamed into the temporary file that
becomes the target (or ``-o``) when all went well; the report (the diff, the changes, what was not
fixed) is kept in a temporary file, laid out as :func:`jiaokan.reporters.diff.render` lays it out,
with line numbers of the whole file (:func:`fix_file`)."""

from __future__ import annotations

import contextlib
import difflib
import re
from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING

from .chunked import Lines, Source, chunk_document, chunks, open_source, rules_for_chunk, shift
from .chunked_report import Parts, Writer, _spool, copy_spool
from .model import Applicability
from .positions import LineIndex

if TYPE_CHECKING:
    from .engine import Engine
    from .files import Target

_SEPS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # where str.splitlines (and so difflib) ends a line
_HUNK = re.compile(r"@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@")
CARRY_LIMIT = 1 << 20  # a partial line longer than this is diffed as it stands


def _complete(text: str) -> int:
    """The length of ``text`` up to the end of its last complete line."""
    lines = text.splitlines(True)
    if not lines or lines[-1][-1] in _SEPS:
        return len(text)
    return len(text) - len(lines[-1])


class DiffStream:
    """A unified diff of a text given in consecutive pieces (old and new side by side): each piece's
    hunks are numbered by the lines of the pieces before it; a partial last line waits for the next."""

    def __init__(self, path: str, write: Callable[[str], None]) -> None:
        self.path, self.write = path, write
        self.old_line = self.new_line = 0
        self.carry_old = self.carry_new = ""
        self.started = False

    def add(self, old: str, new: str, final: bool = False) -> None:
        old, new = self.carry_old + old, self.carry_new + new
        self.carry_old = self.carry_new = ""
        if not final:
            a, b = _complete(old), _complete(new)
            if len(old) - a + len(new) - b < CARRY_LIMIT:
                old, self.carry_old = old[:a], old[a:]
                new, self.carry_new = new[:b], new[b:]
        a_lines, b_lines = old.splitlines(True), new.splitlines(True)
        if old != new:
            lines = difflib.unified_diff(a_lines, b_lines, fromfile=f"a/{self.path}", tofile=f"b/{self.path}")
            for i, ln in enumerate(lines):
                if i < 2 and self.started:
                    continue  # the ---/+++ header, once
                m = _HUNK.match(ln) if i >= 2 else None
                if m:
                    ln = (f"@@ -{int(m[1]) + self.old_line}{m[2] or ''} +{int(m[3]) + self.new_line}{m[4] or ''} @@"
                          + ln[m.end():])
                self.write(ln if ln.endswith("\n") else ln + "\n\\ No newline at end of file\n")
            self.started = True
        self.old_line += len(a_lines)
        self.new_line += len(b_lines)


def fix_file(src: Source | str, engine: Engine, level: Applicability = Applicability.SAFE, *,
             dest: str | None = None, only_if_changed: bool = False, diff_only: bool = False,
             size: int | None = None) -> tuple[IO[str], int]:
    """Fix a huge file chunk by chunk. The corrected text goes to ``dest`` (atomically; with
    ``only_if_changed`` an unchanged file is not rewritten). Returns the report (a temporary file,
    read from its start) and the number of changes applied. Raises InputError or OSError."""
    from .files import AtomicWriter
    from .reporters.diff import _context, _pending

    if isinstance(src, str):
        src = open_source(src)
    path = src.path
    report, changes, pending = _spool(), _spool(), _spool()
    n_changes = n_pending = 0
    diff = DiffStream(path, report.write)
    old_lines, new_lines = Lines(), Lines()
    changed = False
    denied: PermissionError | None = None
    with contextlib.ExitStack() as stack:
        out = None
        try:
            out = stack.enter_context(AtomicWriter(dest)) if dest is not None else None
        except PermissionError as exc:  # a read-only file is an error only if it needs a fix
            if not only_if_changed:
                raise
            denied = exc
        if out is not None:
            out.write(src.bom)
        for chunk in chunks(src, size):
            doc = chunk_document(src, chunk)
            with rules_for_chunk(engine, chunk) as eng:
                res = eng.fix(doc, level)
            if out is not None:
                out.write(doc.encode(res.text))
            changed |= res.text != chunk.text
            diff.add(chunk.text, res.text, final=chunk.last)
            old_index = old_lines.index(chunk.text, chunk.after)
            new_index = new_lines.index(res.text)
            if not diff_only:
                for c in res.changes:
                    f = c.finding
                    s, e = chunk.base + c.span.start, chunk.base + c.span.end
                    line, col = old_index.line_col(s)
                    changes.write(
                        f"  {line}:{col} {f.code} {f.name} {_context(old_index.text, s, e, c.replacement)}"  # type: ignore[arg-type]
                        f"  confidence {f.confidence:.2f}, {f.applicability.label} — {f.message}\n")
                for f in res.remaining:
                    pending.write("  " + _pending(shift(f, new_lines.base), new_index, "") + "\n")
                n_changes += len(res.changes)
                n_pending += len(res.remaining)
            old_lines.advance(chunk.text, old_index)
            new_lines.advance(res.text, new_index)
        if out is not None and only_if_changed and not changed:
            out.discard()
    if denied is not None and changed:
        raise denied
    if not diff_only:
        report.write(f"{path}: {n_changes} change(s) applied\n")
        copy_spool(changes, report.write)
        if n_pending:
            report.write(f"{path}: {n_pending} finding(s) not fixed (suggestions)\n")
            copy_spool(pending, report.write)
    changes.close()
    pending.close()
    report.seek(0)
    return report, n_changes


def stream_check(targets: Sequence[Target], big: Sequence[bool], writer: Writer, *, jobs: int,
                 stdin_name: str | None, err: Callable[[str], None],
                 note: Callable[[str], None]) -> tuple[bool, list[tuple[str, str]], int, bool]:
    """``check`` for a run with huge files: the others are checked first (in parallel with
    ``jobs``), then every file is reported in order, each huge one chunk by chunk as it is checked.
    Returns ``(failing, errors, files done, interrupted)``; the report is whole even after Ctrl-C."""
    from .chunked import check_file, open_source
    from .config import adjust_severity
    from .files import SKIPPED_WHEN_WALKING, Interrupted, check_targets, engine_for
    from .formats import InputError

    interrupted = False
    try:
        done = check_targets([t for t, b in zip(targets, big, strict=True) if not b], jobs, stdin_name)
    except Interrupted as exc:
        done, interrupted = exc.done, True
    small = iter(done)
    left = len(done)
    errors: list[tuple[str, str]] = []
    failing = False
    n = 0
    writer.begin()
    try:
        for t, is_big in zip(targets, big, strict=True):
            if interrupted and (is_big or not left):
                break
            if not is_big:
                left -= 1
                c = next(small)
                if c.note:
                    note(f"{c.path}: {c.note}")
                if c.error is not None:
                    errors.append((c.path, c.error))
                    err(f"{c.path}: {c.error}")
                if c.doc is not None:
                    failing |= any(t.settings.fails(f.severity, f.confidence) for f in c.findings)
                    writer.file(c.doc.path, c.doc.encoding, [(LineIndex(c.doc.text), c.findings)])
                n += 1
                continue
            try:
                src = open_source(t.path)
            except InputError as exc:
                msg = str(exc)
                if not t.explicit and msg.startswith(SKIPPED_WHEN_WALKING):
                    note(f"{t.path}: skipped: {msg}")
                else:
                    errors.append((t.path, msg))
                    err(f"{t.path}: {msg}")
                n += 1
                continue
            fails: list[bool] = []

            def parts(t: Target = t, src: Source = src, fails: list[bool] = fails) -> Parts:
                for index, found in check_file(src, engine_for(t.settings)):
                    found = adjust_severity(found, t.settings.severity)
                    fails.append(any(t.settings.fails(f.severity, f.confidence) for f in found))
                    yield index, found

            try:
                writer.file(t.path, src.encoding, parts())
            except InputError as exc:  # the file changed while it was read
                errors.append((t.path, str(exc)))
                err(f"{t.path}: {exc}")
            finally:
                failing |= any(fails)
            n += 1
    except KeyboardInterrupt:
        interrupted = True
    writer.end(errors)
    return failing, errors, n, interrupted
