"""Offsets are code points into the source; lines and columns are computed only here, at the edges."""

from __future__ import annotations

import bisect


class LineIndex:
    """Maps code-point offsets to 1-based line and column.

    A line ends after ``\\n``, after ``\\r\\n`` or after a lone ``\\r``.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        i, n = 0, len(text)
        while i < n:
            c = text[i]
            if c == "\n" or c == "\r":
                if c == "\r" and i + 1 < n and text[i + 1] == "\n":
                    i += 1
                starts.append(i + 1)
            i += 1
        self.starts = starts

    def line_of(self, offset: int) -> int:
        """1-based line number."""
        return bisect.bisect_right(self.starts, offset)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and 1-based column in code points."""
        line = self.line_of(offset)
        return line, offset - self.starts[line - 1] + 1

    def line_col_utf16(self, offset: int) -> tuple[int, int]:
        """1-based line and 1-based column in UTF-16 code units (SARIF, LSP)."""
        line = self.line_of(offset)
        start = self.starts[line - 1]
        seg = self.text[start:offset]
        return line, len(seg) + sum(1 for ch in seg if ord(ch) > 0xFFFF) + 1

    def line_text(self, line: int) -> str:
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")
