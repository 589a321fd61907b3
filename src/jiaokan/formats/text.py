"""Plain text: encoding detection that keeps what is needed to write the file back as it was."""

from __future__ import annotations

import codecs

import regex

from ..model import Span
from . import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# encodings a Chinese document plausibly uses; anything else is "not confidently decodable"
_GB = {"gb2312", "gbk", "gb18030", "hz", "cp936"}
_ACCEPT = _GB | {"big5", "big5hkscs", "cp950", "utf_16", "utf_16_le", "utf_16_be", "ascii", "utf_8"}

URL_RE = regex.compile(r"(?:https?|ftp)://[^\s<>\"'（）《》，。；！？、]+|www\.[A-Za-z0-9-]+\.[^\s<>\"'，。；]+"
                       r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\t\n\r\f\v") or ch == "\ufffd")
    return bad / len(text)


def decode(data: bytes) -> tuple[str, str, bytes]:
    """Return ``(text, encoding, bom)``. Raises :class:`InputError` for binary or undecodable data."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(enc)
            except UnicodeDecodeError as exc:
                raise InputError(f"has a {enc} byte-order mark but invalid {enc} at byte "
                                 f"{exc.start + len(bom)}") from None
            return text, enc, bom
    if b"\x00" in data[:65536]:
        raise InputError("binary file (NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = ""
    else:
        if _control_ratio(text[:65536]) > 0.05:
            raise InputError("binary file (control bytes), not text")
        return text, "utf-8", b""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1 << 20]).best()
    enc = best.encoding.lower() if best is not None else ""
    if enc not in _ACCEPT:
        guess = f" (best guess {enc}, not a Chinese text encoding)" if enc else ""
        raise InputError(f"cannot decode confidently: not UTF-8, GB18030, Big5 or UTF-16{guess}")
    enc = "gb18030" if enc in _GB else enc.replace("_", "-")
    try:
        text = data.decode(enc)
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot decode confidently as {enc} (bad byte at {exc.start})") from None
    if _control_ratio(text[:65536]) > 0.05:
        raise InputError("binary file (control bytes), not text")
    if text.encode(enc, errors="replace") != data:  # writing back must give the same bytes
        raise InputError(f"cannot decode confidently as {enc} (it does not encode back to the same bytes)")
    return text, enc, b""


def plain_skips(text: str) -> list[Span]:
    """URLs and e-mail addresses are never flagged in any format."""
    if "://" not in text and "www." not in text and "@" not in text:
        return []  # each alternative of URL_RE needs one of these (most documents have none)
    return [Span(m.start(), m.end()) for m in URL_RE.finditer(text)]
