"""Loaders: bytes of one file -> :class:`Document` (the text, regions never to flag, how to write back)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

from ..model import Span


class InputError(Exception):
    """A file that cannot be read or decoded; ``str()`` is one line naming the problem."""


@dataclass(frozen=True)
class Document:
    """A loaded file. ``text`` is the decoded source verbatim (line endings kept); offsets of every
    finding are code points into it. ``skip`` holds regions no rule may flag or change."""

    path: str
    text: str
    format: str = "text"
    encoding: str = "utf-8"
    bom: bytes = b""
    skip: tuple[Span, ...] = field(default=())

    def encode(self, text: str) -> bytes:
        """Bytes for ``text`` in this document's encoding and BOM (line endings live in the text)."""
        try:
            return self.bom + text.encode(self.encoding)
        except UnicodeEncodeError as exc:
            raise InputError(
                f"corrected text has {text[exc.start]!r}, which {self.encoding} cannot encode"
            ) from None


MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}


def format_for(path: str) -> str:
    suffix = PurePath(path).suffix.lower()
    if suffix == ".docx":
        return "docx"
    return "markdown" if suffix in MARKDOWN_SUFFIXES else "text"


def load_bytes(path: str, data: bytes, fmt: str | None = None) -> Document:
    """Decode ``data`` and find the regions to skip. Raises :class:`InputError`."""
    from .text import decode

    fmt = fmt or format_for(path)
    if fmt == "docx":
        from .docx import load_docx

        return load_docx(path, data)
    text, encoding, bom = decode(data)
    skips = markdown_skips(text) if fmt == "markdown" else plain_skips(text)
    return Document(path=path, text=text, format=fmt, encoding=encoding, bom=bom, skip=tuple(skips))


def from_text(text: str, path: str = "<text>", fmt: str = "text") -> Document:
    skips = markdown_skips(text) if fmt == "markdown" else plain_skips(text)
    return Document(path=path, text=text, format=fmt, skip=tuple(skips))


# at the end: they import InputError from this package (light modules: regex and the data model)
from .markdown import markdown_skips  # noqa: E402
from .text import plain_skips  # noqa: E402
