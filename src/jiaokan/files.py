"""Files: reading them into documents, writing results atomically, walking directories (honouring
.gitignore and the configured excludes) and checking many files in parallel in a stable order."""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .formats import Document, InputError, load_bytes
from .model import Finding
from .settings import Settings

if TYPE_CHECKING:
    from .config import Config
    from .engine import Engine, FixOutcome

MAX_BYTES = 512 * 1024 * 1024


def read_document(path: str, fmt: str | None = None) -> Document:
    """Load one file. Raises :class:`InputError` with a one-line reason (no path in it)."""
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise InputError("broken symbolic link" if p.is_symlink() else "no such file") from None
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


def resolvable(path: str) -> bool:
    """Whether ``path`` resolves (False for a symbolic link loop; a missing path resolves)."""
    try:
        Path(path).resolve()
    except (RuntimeError, OSError):
        return False
    return True


def write_atomic(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same directory, fsync, rename.

    The target's permission bits (and, when allowed, owner and group) are kept; a symbolic link is
    written through, not replaced; a file we may not write is refused (PermissionError) although the
    rename would succeed. Either the old or the new file exists at every moment.
    """
    with AtomicWriter(path) as fh:
        fh.write(data)


class AtomicWriter:
    """:func:`write_atomic` for data written piece by piece (a huge file fixed chunk by chunk).

    ``with AtomicWriter(path) as w: w.write(b"...")`` streams into a temporary file beside the
    target; leaving the block normally fsyncs and renames it over the target, an exception (or
    :meth:`discard`) removes it and leaves the target untouched."""

    def __init__(self, path: str) -> None:
        self.target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
        self.directory = self.target.parent if str(self.target.parent) else Path(".")
        self.keep = True
        self._fh: Any = None
        self._tmp = ""
        self._st: os.stat_result | None = None

    def __enter__(self) -> AtomicWriter:
        try:
            self._st = self.target.stat()
        except FileNotFoundError:
            self._st = None
        if self._st is not None and not os.access(self.target, os.W_OK):
            raise PermissionError(errno.EACCES, "permission denied (the file is not writable)", str(self.target))
        fd, self._tmp = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".jiaokan-tmp",
                                         dir=self.directory)
        self._fh = os.fdopen(fd, "wb")
        return self

    def write(self, data: bytes) -> None:
        self._fh.write(data)

    def discard(self) -> None:
        """Leave the target as it is (nothing changed): the temporary file is removed on exit."""
        self.keep = False

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        try:
            if exc_type is not None or not self.keep:
                self._fh.close()
                raise _Discard
            self._commit()
        except BaseException as err:
            try:
                os.unlink(self._tmp)
            except OSError:
                pass
            if isinstance(err, _Discard):
                return
            raise
        try:
            dfd = os.open(self.directory, os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)
        except OSError:
            pass

    def _commit(self) -> None:
        fh, st, tmp = self._fh, self._st, self._tmp
        with fh:
            fh.flush()
            os.fsync(fh.fileno())
        if st is not None:
            if (st.st_uid, st.st_gid) != (os.geteuid(), os.getegid()):
                try:
                    os.chown(tmp, st.st_uid, st.st_gid)
                except OSError:
                    pass  # only root may give a file away; the new file is then ours
            os.chmod(tmp, stat.S_IMODE(st.st_mode))
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, self.target)


class _Discard(Exception):
    pass


TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".mdown", ".mkd", ".docx"}


def output_bytes(doc: Document, outcome: FixOutcome, track_changes: bool = True) -> bytes:
    """What ``fix`` writes: the corrected text in the document's own encoding, or for a Word
    document the reviewed .docx (every fix a tracked change, suggestions as comments)."""
    if doc.format == "docx":
        from .formats.docx import write_reviewed

        return write_reviewed(doc, outcome, track_changes=track_changes)  # type: ignore[arg-type]
    return doc.encode(outcome.text)


def collect_paths(paths: list[str]) -> list[str]:
    """Expand directories into the text and Markdown files below them (hidden entries skipped),
    in a stable order; files and ``-`` are kept as given (errors are reported when read)."""
    return [p for p, _ in walk(paths, None, respect_gitignore=False)]


# --- walking ---------------------------------------------------------------------------------------

Spec = tuple[Path, Any]  # (directory a .gitignore lives in, its compiled pathspec)


def _gitignore(directory: Path) -> Spec | None:
    f = directory / ".gitignore"
    try:
        lines = f.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    import pathspec

    return directory, pathspec.GitIgnoreSpec.from_lines(lines)


def _outer_gitignores(top: Path) -> list[Spec]:
    """The .gitignore files above ``top`` up to its git work tree's root (none outside a repo)."""
    chain = []
    for d in top.parents:
        chain.append(d)
        if (d / ".git").exists():
            break
    else:
        return []
    specs = [_gitignore(d) for d in reversed(chain)]
    return [sp for sp in specs if sp is not None]


def _ignored(path: Path, is_dir: bool, specs: Sequence[Spec]) -> bool:
    hit = False
    for base, spec in specs:  # deeper files come later and win, as in git
        rel = path.relative_to(base).as_posix() + ("/" if is_dir else "")
        res = spec.check_file(rel)
        if res.include is not None:
            hit = bool(res.include)
    return hit


def walk(paths: Sequence[str], get_config: Callable[[Path], Config] | None, *,
         respect_gitignore: bool | None = None) -> list[tuple[str, bool]]:
    """``(path, explicit)`` for each file to check: files named on the command line (unless a config
    excludes them), and below each directory the files the config includes (by default the text and
    Markdown suffixes), skipping hidden entries, .gitignore'd and excluded ones. Sorted per directory."""
    out: list[tuple[str, bool]] = []
    for p in paths:
        path = Path(p)
        if p == "-" or not path.is_dir():
            if p != "-" and not resolvable(p):
                out.append((p, True))  # a symbolic link loop: reported when read
                continue
            cfg = get_config(path.resolve().parent) if get_config and p != "-" else None
            if cfg is None or not cfg.excluded(path):
                out.append((p, True))
            continue
        top = path.resolve()
        cfg_top = get_config(top) if get_config else None
        use_git = respect_gitignore if respect_gitignore is not None else (
            cfg_top.respect_gitignore if cfg_top else True)
        inherited: dict[Path, list[Spec]] = {top: _outer_gitignores(top) if use_git else []}
        found = []
        for root, dirs, names in os.walk(path):
            rroot = Path(root).resolve()
            specs = inherited.pop(rroot, [])
            own = _gitignore(rroot) if use_git else None
            if own:
                specs = [*specs, own]
            cfg = get_config(rroot) if get_config else None
            keep = []
            for d in sorted(dirs):
                full = rroot / d
                if d.startswith(".") or (specs and _ignored(full, True, specs)):
                    continue
                if cfg is not None and cfg.excluded(full):
                    continue
                keep.append(d)
                inherited[full] = specs
            dirs[:] = keep
            for n in names:
                full = rroot / n
                if n.startswith(".") or (specs and _ignored(full, False, specs)):
                    continue
                if not resolvable(str(full)):
                    if Path(n).suffix.lower() in TEXT_SUFFIXES:
                        found.append(os.path.normpath(os.path.join(root, n)))  # reported when read
                    continue
                if cfg is None:
                    if Path(n).suffix.lower() not in TEXT_SUFFIXES:
                        continue
                elif not cfg.included(full) or cfg.excluded(full):
                    continue
                found.append(os.path.normpath(os.path.join(root, n)))
        out += [(f, False) for f in sorted(found)]
    return out


# --- checking in parallel --------------------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    path: str  # as given or found; "-" is standard input
    settings: Settings
    explicit: bool = True  # named on the command line (a binary found by walking is only a note)


@dataclass(frozen=True)
class Checked:
    path: str
    doc: Document | None
    findings: tuple[Finding, ...] = ()
    error: str | None = None  # one line: the file could not be read or decoded
    note: str | None = None  # skipped, not an error (a binary file found while walking)


_ENGINES: dict[Settings, Engine] = {}


def engine_for(settings: Settings) -> Engine:
    """One engine per distinct settings in this process, dictionaries loaded and validated."""
    eng = _ENGINES.get(settings)
    if eng is None:
        from .dictcheck import check_cycles, check_size
        from .engine import Engine

        for path in settings.dictionaries:
            check_size(path)
        eng = Engine(settings)
        eng.matcher  # noqa: B018  (build now: errors surface before any file is read)
        mine = {str(p) for p in settings.dictionaries}
        user = [e for e in eng.dictionary[0] if e.source.rpartition(":")[0] in mine]
        check_cycles(user, eng.dictionary[0])
        _ENGINES[settings] = eng
    return eng


WARM_UP = "# 标题\n\n同学们要再接再励，坚毅阵地。\n"


def _warm(settings: Settings) -> None:
    """Load what rules load lazily on their first document (tables, the language model)."""
    from .formats import from_text

    engine_for(settings).check(from_text(WARM_UP, fmt="markdown"))


class Interrupted(Exception):
    """Ctrl-C during :func:`check_targets`; ``done`` holds the results of the first targets."""

    def __init__(self, done: list[Checked]) -> None:
        super().__init__("interrupted")
        self.done = done


def _init_worker(settings: Sequence[Settings]) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops the pool
    for s in settings:  # inherited already warm when the pool forks; loaded here otherwise
        _warm(s)


# found while walking a directory, these are skipped with a note; named on the command line, errors
SKIPPED_WHEN_WALKING = ("binary file", "symbolic link loop", "broken symbolic link")


def check_target(target: Target, stdin_name: str | None = None) -> Checked:
    from .config import adjust_severity
    from .formats import format_for

    try:
        if target.path == "-":
            name = stdin_name or "<stdin>"
            doc = load_bytes(name, sys.stdin.buffer.read(), format_for(name))
        else:
            doc = read_document(target.path)
    except InputError as exc:
        msg = str(exc)
        if not target.explicit and msg.startswith(SKIPPED_WHEN_WALKING):
            return Checked(target.path, None, note=f"skipped: {msg}")
        return Checked(target.path, None, error=msg)
    findings = engine_for(target.settings).check(doc)
    return Checked(target.path, doc, tuple(adjust_severity(findings, target.settings.severity)))


PARALLEL_MIN = 8  # fewer files than this are checked in-process: a pool costs more than it saves


def check_targets(targets: Sequence[Target], jobs: int = 1, stdin_name: str | None = None) -> list[Checked]:
    """Check every target; the result is in the order of ``targets`` whatever ``jobs`` is.

    Ctrl-C raises :class:`Interrupted` carrying the results of the targets finished before it, in
    order (a prefix of ``targets``), so that a partial report can still be written."""
    for s in dict.fromkeys(t.settings for t in targets):
        engine_for(s)
    files = [t for t in targets if t.path != "-"]
    out: list[Checked] = []
    if jobs <= 1 or len(files) < PARALLEL_MIN:
        try:
            for t in targets:
                out.append(check_target(t, stdin_name))
        except KeyboardInterrupt:
            raise Interrupted(out) from None
        return out
    from multiprocessing import Pool

    settings = list(dict.fromkeys(t.settings for t in files))
    for s in settings:  # once here, so that forked workers start warm
        _warm(s)
    workers = min(jobs, len(files))
    chunk = max(1, len(files) // (workers * 8))
    pool = Pool(workers, initializer=_init_worker, initargs=(settings,))
    try:
        done = pool.imap(check_target, files, chunksize=chunk)
        for t in targets:
            out.append(check_target(t, stdin_name) if t.path == "-" else next(done))
    except KeyboardInterrupt:
        pool.terminate()  # the workers ignore SIGINT; stop them without waiting for their chunks
        raise Interrupted(out) from None
    except BaseException:
        pool.terminate()
        raise
    pool.close()
    pool.join()
    return out
