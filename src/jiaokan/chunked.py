"""Huge plain-text and Markdown files, processed chunk by chunk so that memory does not grow with them.

A file of at least :func:`threshold` bytes is decoded incrementally (the encoding is detected the way
:func:`jiaokan.formats.text.decode` does it, in a first streaming pass that also validates the whole
file) and cut into chunks of about :func:`chunk_chars` code points at paragraph boundaries: after a
blank line if there is one in the second half of the chunk, else after a line that ends a sentence,
else after any line break, else after a sentence end (。！？ and closing quotes), else at a grapheme
boundary; never between CR and LF, nor inside a site boilerplate block or a Markdown code block or
comment when another cut exists. The engine runs on each chunk; offsets are shifted by the chunk's
code-point base so that they stay code points into the whole text, and :class:`ChunkIndex` gives
reporters the file's own line and column numbers.

Document-level rules see one chunk: the title rules (ZH601, ZH602) run on the first chunk only, the
truncation rule (ZH603) on the last only; the spin density (ZH202/ZH203), the density of character
repairs (ZH103), the wrap width (ZH405) and the chunk-marker and heading sequences (ZH402, ZH604) are
judged per chunk. Each finding comes from exactly one chunk, so none is reported twice.
"""

from __future__ import annotations

import bisect
import codecs
import contextlib
import dataclasses
import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex

from .formats import Document, InputError, format_for
from .model import Edit, Finding, Span
from .positions import LineIndex

if TYPE_CHECKING:
    from .engine import Engine

THRESHOLD_ENV = "JIAOKAN_CHUNK_THRESHOLD"  # bytes: files at least this big are processed in chunks
CHUNK_ENV = "JIAOKAN_CHUNK_CHARS"  # code points per chunk (about)
DEFAULT_THRESHOLD = 8 << 20
DEFAULT_CHUNK = 1 << 19
READ_BLOCK = 1 << 20
CONTEXT = 64  # code points of the neighbouring chunks kept for snippets and fingerprints
FIRST_ONLY = frozenset({"ZH601", "ZH602"})
LAST_ONLY = frozenset({"ZH603"})
_CLOSERS = "”’」』）》】〕)\"'"
_BLANK = regex.compile(r"(?:\r\n|\r|\n)[ \t\u3000]*(?:\r\n|\r|\n)")
_BREAK = regex.compile(r"\r\n|\r|\n")
_PARA_END = regex.compile(r"(?<=[。！？!?…：:；;" + regex.escape(_CLOSERS) + r"])(?:\r\n|\r|\n)")
_GRAPHEME = regex.compile(r"\X")
_SENTENCE = regex.compile(r"[。！？][" + regex.escape(_CLOSERS) + r"]*")


def _env_int(name: str, default: int, low: int) -> int:
    try:
        return max(low, int(os.environ.get(name, "")))
    except ValueError:
        return default


def threshold() -> int:
    """Files of at least this many bytes are processed in chunks (``JIAOKAN_CHUNK_THRESHOLD``)."""
    return _env_int(THRESHOLD_ENV, DEFAULT_THRESHOLD, 0)


def chunk_chars() -> int:
    """The target chunk size in code points (``JIAOKAN_CHUNK_CHARS``; at least 16)."""
    return _env_int(CHUNK_ENV, DEFAULT_CHUNK, 16)


def is_big(path: str, fmt: str | None = None) -> bool:
    """Whether ``path`` is a regular text or Markdown file to process in chunks."""
    if path == "-" or (fmt or format_for(path)) not in ("text", "markdown"):
        return False
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return False  # reported by the ordinary reader
    return stat.S_ISREG(st.st_mode) and st.st_size >= threshold()


# --- decoding ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Source:
    """A huge file, validated: how to decode it and how to write it back."""

    path: str
    format: str
    encoding: str
    bom: bytes
    size: int


def _blocks(path: str, skip: int) -> Iterator[bytes]:
    try:
        with open(path, "rb") as fh:
            fh.seek(skip)
            while block := fh.read(READ_BLOCK):
                yield block
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None


def decode_stream(src: Source) -> Iterator[str]:
    """The text of ``src`` in pieces (an incremental decoder: a piece never ends inside a character)."""
    dec = codecs.getincrementaldecoder(src.encoding)("strict")
    fed = len(src.bom)
    for block in _blocks(src.path, len(src.bom)):
        pending = len(dec.getstate()[0])
        try:
            text = dec.decode(block)
        except UnicodeDecodeError as exc:
            raise _bad(src, fed - pending + exc.start) from None
        fed += len(block)
        if text:
            yield text
    try:
        dec.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        raise _bad(src, fed - len(dec.getstate()[0]) + exc.start) from None


def _bad(src: Source, at: int) -> InputError:
    if src.bom:
        return InputError(f"has a {src.encoding} byte-order mark but invalid {src.encoding} at byte {at}")
    return InputError(f"cannot decode confidently as {src.encoding} (bad byte at {at})")


def open_source(path: str, fmt: str | None = None) -> Source:
    """Detect and validate the encoding of a huge file in streaming passes (as
    :func:`jiaokan.formats.text.decode` does for a small one). Raises :class:`InputError`."""
    from .formats.text import _ACCEPT, _BOMS, _GB, _control_ratio

    fmt = fmt or format_for(path)
    try:
        size = os.stat(path).st_size
        with open(path, "rb") as fh:
            head = fh.read(1 << 20)
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None
    for bom, enc in _BOMS:
        if head.startswith(bom):
            src = Source(path, fmt, enc, bom, size)
            for _ in decode_stream(src):
                pass
            return src
    if b"\x00" in head[:65536]:
        raise InputError("binary file (NUL bytes), not text")
    src = Source(path, fmt, "utf-8", b"", size)
    first: str | None = None
    try:
        for text in decode_stream(src):
            first = text if first is None else first
    except InputError:
        first = None
    else:
        if _control_ratio((first or "")[:65536]) > 0.05:
            raise InputError("binary file (control bytes), not text")
        return src
    from charset_normalizer import from_bytes

    best = from_bytes(head).best()
    enc = best.encoding.lower() if best is not None else ""
    if enc not in _ACCEPT:
        guess = f" (best guess {enc}, not a Chinese text encoding)" if enc else ""
        raise InputError(f"cannot decode confidently: not UTF-8, GB18030, Big5 or UTF-16{guess}")
    src = Source(path, fmt, "gb18030" if enc in _GB else enc.replace("_", "-"), b"", size)
    raw, back = hashlib.sha256(), hashlib.sha256()
    for block in _blocks(path, 0):
        raw.update(block)
    first = None
    for text in decode_stream(src):
        if first is None:
            first = text
            if _control_ratio(text[:65536]) > 0.05:
                raise InputError("binary file (control bytes), not text")
        back.update(text.encode(src.encoding, errors="replace"))
    if raw.digest() != back.digest():  # writing back must give the same bytes
        raise InputError(f"cannot decode confidently as {src.encoding} (it does not encode back to the same bytes)")
    return src


# --- cutting -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Chunk:
    text: str
    base: int  # code points before it in the file's text
    first: bool
    last: bool
    after: str  # up to CONTEXT code points that follow it


def _md_skips(text: str, at_start: bool) -> list[Span]:
    from .formats.markdown import markdown_skips

    if at_start:
        return markdown_skips(text)
    # past the start of the file a leading "---" is a rule, not front matter
    return [Span(max(0, s.start - 1), s.end - 1) for s in markdown_skips("\n" + text) if s.end > 1]


def _merged(spans: list[Span]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for sp in sorted(spans):
        if out and sp.start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], sp.end))
        else:
            out.append((sp.start, sp.end))
    return out


def cut_point(buf: str, size: int, fmt: str = "text", at_start: bool = True) -> int:
    """Where to end a chunk of ``buf`` (which holds more than ``size`` code points): in ``(0, size]``."""
    from .dictionaries import compiled_patterns

    lo, hi = max(1, size // 2), size
    spans = _md_skips(buf, at_start) if fmt == "markdown" else []
    # a site's boilerplate block spans lines: cut around it, so that ZH401 sees it whole
    spans += [Span(m.start(), m.end()) for _, rx in compiled_patterns() for m in rx.finditer(buf)]
    blocked = _merged(spans)
    starts = [s for s, _ in blocked]

    def inside(pos: int) -> tuple[int, int] | None:
        i = bisect.bisect_left(starts, pos) - 1
        return blocked[i] if i >= 0 and blocked[i][1] > pos else None

    def ok(pos: int) -> bool:
        if buf[pos - 1] == "\r" and buf[pos] == "\n":
            return False
        return not blocked or inside(pos) is None

    for rx in (_BLANK, _PARA_END, _BREAK, _SENTENCE):
        for pos in reversed([m.end() for m in rx.finditer(buf, lo - 1, hi)]):
            if lo <= pos <= hi and ok(pos) and not (rx is _SENTENCE and buf[pos] in _CLOSERS):
                return pos
    region = inside(hi) if blocked else None
    if region is not None and 0 < region[0] < lo:  # keep a code block whole: end before it
        return region[0]
    clusters = [m.start() for m in _GRAPHEME.finditer(buf, max(0, hi - 64), min(len(buf), hi + 8))]
    for pos in reversed(clusters):
        if 0 < pos <= hi and ok(pos):
            return pos
    for pos in reversed(clusters):  # inside a code block longer than a chunk: any grapheme boundary
        if 0 < pos <= hi:
            return pos
    return hi


def chunks(src: Source, size: int | None = None) -> Iterator[Chunk]:
    """The text of ``src`` cut into chunks (see :func:`cut_point`), in order."""
    size = size or chunk_chars()
    buf, base, first = "", 0, True
    for piece in decode_stream(src):
        buf += piece
        while len(buf) > size + CONTEXT:
            cut = cut_point(buf, size, src.format, first)
            yield Chunk(buf[:cut], base, first, False, buf[cut:cut + CONTEXT])
            buf, base, first = buf[cut:], base + cut, False
    while len(buf) > size + CONTEXT:
        cut = cut_point(buf, size, src.format, first)
        yield Chunk(buf[:cut], base, first, False, buf[cut:cut + CONTEXT])
        buf, base, first = buf[cut:], base + cut, False
    yield Chunk(buf, base, first, True, "")


def chunk_document(src: Source, chunk: Chunk) -> Document:
    """A chunk as a document of its own (local offsets). The BOM is written once, by the caller."""
    from .formats.text import plain_skips

    text = chunk.text
    skips = _md_skips(text, chunk.first) if src.format == "markdown" else plain_skips(text)
    return Document(src.path, text, src.format, src.encoding, b"", tuple(skips))


@contextlib.contextmanager
def rules_for_chunk(engine: Engine, chunk: Chunk) -> Iterator[Engine]:
    """``engine`` without the rules that only make sense at the start or at the end of a document,
    for the time of one call (its dictionaries, matchers and language model are shared, not copied)."""
    drop = (frozenset() if chunk.first else FIRST_ONLY) | (frozenset() if chunk.last else LAST_ONLY)
    saved = engine.rules
    engine.rules = [r for r in saved if r.code not in drop]
    try:
        yield engine
    finally:
        engine.rules = saved


def shift(f: Finding, delta: int) -> Finding:
    """``f`` with every offset moved by ``delta`` code points."""
    if not delta:
        return f
    fix = f.fix
    if fix is not None:
        fix = dataclasses.replace(fix, edits=tuple(Edit(Span(e.span.start + delta, e.span.end + delta), e.content)
                                                   for e in fix.edits))
    return dataclasses.replace(f, span=Span(f.span.start + delta, f.span.end + delta), fix=fix)


# --- line numbers ----------------------------------------------------------------------------------

class _View:
    """A chunk's text addressed by offsets into the whole text (with a little context either side)."""

    def __init__(self, text: str, base: int, before: str, after: str) -> None:
        self.text, self.base, self.before, self.after = text, base, before, after

    def __getitem__(self, key: slice) -> str:
        start = (key.start or 0) - self.base
        stop = len(self.text) + len(self.after) if key.stop is None else key.stop - self.base
        if stop <= start:
            return ""
        n = len(self.text)
        if 0 <= start and stop <= n:  # the usual case: no copy of more than the slice
            return self.text[start:stop]
        head = self.before[max(0, len(self.before) + start):len(self.before) + min(0, stop)] if start < 0 else ""
        return head + self.text[max(0, start):max(0, stop)] + self.after[max(0, start - n):max(0, stop - n)]

    def __len__(self) -> int:
        return self.base + len(self.text) + len(self.after)


class _Starts:
    def __init__(self, local: list[int], base: int, first_line: int, line_start: int) -> None:
        self.local, self.base, self.first_line, self.line_start = local, base, first_line, line_start

    def __getitem__(self, i: int) -> int:
        k = i + 1 - self.first_line
        return self.line_start if k == 0 else self.base + self.local[k]

    def __len__(self) -> int:
        return self.first_line - 1 + len(self.local)


class ChunkIndex(LineIndex):
    """:class:`LineIndex` for one chunk, answering for offsets into the whole text."""

    def __init__(self, text: str, base: int, first_line: int, line_start: int, utf16_extra: int,
                 before: str = "", after: str = "") -> None:
        self.local = LineIndex(text)
        self.base, self.first_line, self.utf16_extra = base, first_line, utf16_extra
        self.text = _View(text, base, before, after)  # type: ignore[assignment]
        self.starts = _Starts(self.local.starts, base, first_line, line_start)  # type: ignore[assignment]

    def line_of(self, offset: int) -> int:
        return self.first_line - 1 + self.local.line_of(offset - self.base)

    def line_col_utf16(self, offset: int) -> tuple[int, int]:  # line_col is LineIndex's, over these starts
        line = self.line_of(offset)
        start = self.starts[line - 1]
        seg = self.local.text[max(start, self.base) - self.base:offset - self.base]
        extra = self.utf16_extra if start < self.base else 0
        return line, offset - start + _astral(seg) + extra + 1

    def line_text(self, line: int) -> str:
        return self.local.line_text(line - self.first_line + 1)


def _astral(s: str) -> int:
    return len(s.encode("utf-16-le", "surrogatepass")) // 2 - len(s)


class Lines:
    """Line numbering carried from chunk to chunk of one text (the source, or the fixed text)."""

    def __init__(self) -> None:
        self.base, self.line, self.line_start, self.utf16_extra, self.tail = 0, 1, 0, 0, ""

    def index(self, text: str, after: str = "") -> ChunkIndex:
        return ChunkIndex(text, self.base, self.line, self.line_start, self.utf16_extra, self.tail, after)

    def advance(self, text: str, index: ChunkIndex | None = None) -> None:
        starts = (index.local if index is not None else LineIndex(text)).starts
        if len(starts) > 1:
            self.line += len(starts) - 1
            self.line_start = self.base + starts[-1]
            self.utf16_extra = _astral(text[starts[-1]:])
        else:
            self.utf16_extra += _astral(text)
        self.base += len(text)
        self.tail = (self.tail + text[-CONTEXT:])[-CONTEXT:]


# --- checking and fixing ----------------------------------------------------------------------------

def check_file(src: Source, engine: Engine,
               size: int | None = None) -> Iterator[tuple[ChunkIndex, list[Finding]]]:
    """Each chunk's findings (offsets into the whole text) with the index that places them."""
    lines = Lines()
    for chunk in chunks(src, size):
        with rules_for_chunk(engine, chunk) as eng:
            found = eng.check(chunk_document(src, chunk))
        index = lines.index(chunk.text, chunk.after)
        yield index, [shift(f, chunk.base) for f in found]
        lines.advance(chunk.text, index)
