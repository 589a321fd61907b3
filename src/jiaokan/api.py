"""The library entry point: check and fix text or files.

>>> from jiaokan import api
>>> [f.code for f in api.check_text("同学们要再接再励。")]
['ZH101']
>>> api.fix_text("同学们要再接再励。").text
'同学们要再接再厉。'
"""

from __future__ import annotations

from collections.abc import Iterator

from .engine import Engine, FixOutcome
from .files import read_document, write_atomic
from .formats import Document, InputError, from_text
from .model import Applicability, Finding
from .settings import Settings

__all__ = [
    "Engine", "FixOutcome", "Settings", "Document", "InputError",
    "check_text", "fix_text", "check_path", "fix_path", "read_document", "write_atomic",
    "iter_check_path", "fix_file",
]


def _engine(engine: Engine | None, settings: Settings | None) -> Engine:
    return engine if engine is not None else Engine(settings)


def check_text(text: str, *, fmt: str = "text", settings: Settings | None = None,
               engine: Engine | None = None) -> list[Finding]:
    """Findings for ``text``; offsets are code points into it."""
    return _engine(engine, settings).check(from_text(text, fmt=fmt))


def fix_text(text: str, *, unsafe: bool = False, fmt: str = "text", settings: Settings | None = None,
             engine: Engine | None = None) -> FixOutcome:
    """Apply safe fixes (and unsafe ones with ``unsafe=True``); ``.text`` is the result."""
    level = Applicability.UNSAFE if unsafe else Applicability.SAFE
    return _engine(engine, settings).fix(from_text(text, fmt=fmt), level)


def check_path(path: str, *, settings: Settings | None = None,
               engine: Engine | None = None) -> tuple[Document, list[Finding]]:
    doc = read_document(path)
    return doc, _engine(engine, settings).check(doc)


def fix_path(path: str, *, unsafe: bool = False, write: bool = False, settings: Settings | None = None,
             engine: Engine | None = None) -> FixOutcome:
    """Fix a file; with ``write=True`` it is rewritten atomically in its own encoding, BOM and
    line endings (only when something changed)."""
    doc = read_document(path)
    level = Applicability.UNSAFE if unsafe else Applicability.SAFE
    out = _engine(engine, settings).fix(doc, level)
    if write and out.text != doc.text:
        write_atomic(path, doc.encode(out.text))
    return out


def iter_check_path(path: str, *, settings: Settings | None = None,
                    engine: Engine | None = None) -> Iterator[Finding]:
    """The findings of a file of any size, in order; offsets are code points into its whole text.
    A text or Markdown file of at least ``jiaokan.chunked.threshold()`` bytes is decoded and checked
    chunk by chunk, in bounded memory (see README, "Reliability")."""
    from .chunked import check_file, is_big, open_source

    eng = _engine(engine, settings)
    if not is_big(path):
        yield from check_path(path, engine=eng)[1]
        return
    for _, found in check_file(open_source(path), eng):
        yield from found


def fix_file(path: str, *, unsafe: bool = False, dest: str | None = None, settings: Settings | None = None,
             engine: Engine | None = None) -> int:
    """Fix a file of any size and write it atomically to ``dest`` (default: in place, and only when
    something changed) in its own encoding, BOM and line endings; the number of changes applied.
    A huge file is fixed and written chunk by chunk."""
    from .chunked import is_big

    level = Applicability.UNSAFE if unsafe else Applicability.SAFE
    eng = _engine(engine, settings)
    if is_big(path):
        from .chunked_run import fix_file as fix_chunked

        report, n = fix_chunked(path, eng, level, dest=dest or path, only_if_changed=dest is None)
        report.close()
        return n
    doc = read_document(path)
    out = eng.fix(doc, level)
    if dest is not None or out.text != doc.text:
        write_atomic(dest or path, doc.encode(out.text))
    return len(out.changes)
