"""Reading input files into documents and writing results atomically."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from .formats import Document, InputError, load_bytes

MAX_BYTES = 512 * 1024 * 1024


def read_document(path: str, fmt: str | None = None) -> Document:
    """Load one file. Raises :class:`InputError` with a one-line reason (no path in it)."""
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise InputError("no such file") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError("symbolic link loop") from None
        raise InputError(exc.strerror or str(exc)) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError("is a directory")
    if not stat.S_ISREG(st.st_mode):
        raise InputError("not a regular file")
    if st.st_size > MAX_BYTES:
        raise InputError(f"file too large ({st.st_size} bytes; limit {MAX_BYTES})")
    try:
        data = p.read_bytes()
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None
    return load_bytes(path, data, fmt)


def write_atomic(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same directory, fsync, rename.

    The target's permission bits are kept. Either the old or the new file exists at every moment.
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = None
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".jiaokan-tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:
        dfd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass


TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".mdown", ".mkd"}


def collect_paths(paths: list[str]) -> list[str]:
    """Expand directories into the text and Markdown files below them (hidden entries skipped),
    in a stable order; files and ``-`` are kept as given (errors are reported when read)."""
    out: list[str] = []
    for p in paths:
        path = Path(p)
        if p != "-" and path.is_dir():
            found = []
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for n in names:
                    if not n.startswith(".") and Path(n).suffix.lower() in TEXT_SUFFIXES:
                        found.append(os.path.join(root, n))
            out += sorted(found)
        else:
            out.append(p)
    return out
