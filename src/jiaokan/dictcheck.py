"""Checks on user dictionaries before a run: a size limit and cycles between entries.

A cycle (A → B and B → A, or longer) would make ``fix`` flip the text back and forth, so it is
never idempotent; a dictionary too large to be a hand-kept term list is probably the wrong file.
Both are a :class:`~jiaokan.dictionaries.DictionaryError` naming the file and line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from .dictionaries import DictionaryError, Entry

MAX_USER_BYTES = 64 * 1024 * 1024
MAX_USER_ENTRIES = 500_000


def check_size(path: Path) -> None:
    """Refuse a user dictionary over the limits, naming the line where the entry limit is passed."""
    try:
        size = path.stat().st_size
    except OSError:
        return  # the loader reports it
    if size > MAX_USER_BYTES:
        raise DictionaryError(str(path), 0, f"too large ({size} bytes; a user dictionary may have "
                                            f"at most {MAX_USER_BYTES})")
    count = 0
    with path.open("rb") as fh:
        for no, raw in enumerate(fh, 1):
            if raw.strip() and not raw.startswith(b"#"):
                count += 1
                if count > MAX_USER_ENTRIES:
                    raise DictionaryError(str(path), no, f"more than {MAX_USER_ENTRIES} entries; "
                                                         "split the dictionary or prune it")


def _source_line(e: Entry) -> tuple[str, int]:
    path, _, line = e.source.rpartition(":")
    return (path, int(line)) if line.isdigit() else (e.source, 0)


def check_cycles(user: Sequence[Entry], others: Iterable[Entry] = ()) -> None:
    """Raise for the first user entry whose single, unconditional correction leads back to its own
    wrong term through unconditional entries (the user's own or ``others``, e.g. the built-ins)."""
    step: dict[str, Entry] = {}
    for e in [*others, *user]:
        if not e.conditional and len(e.rights) == 1:
            step.setdefault(e.wrong, e)
    for e in user:
        if e.conditional or len(e.rights) != 1:
            continue
        chain, term, seen = [e], e.rights[0], {e.wrong}
        while term in step and term not in seen and len(chain) < 64:
            seen.add(term)
            chain.append(step[term])
            term = step[term].rights[0]
        if term == e.wrong:
            path, line = _source_line(e)
            route = " → ".join([c.wrong for c in chain] + [e.wrong])
            where = ", ".join(c.source for c in chain[1:])
            raise DictionaryError(path, line, f"cycle between entries: {route} (see {where})")
