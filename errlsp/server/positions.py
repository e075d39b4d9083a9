"""Code points <-> LSP columns: the only place in errlsp where position encodings exist.

``errlsp.analysis`` counts columns in Unicode code points on lines split the way Python splits
source (``\\n``, ``\\r\\n``, ``\\r``). LSP counts columns in the code units of the negotiated
encoding (UTF-16 unless the client offers UTF-8 or UTF-32) on lines split the same way. The two
agree on ASCII lines, which is the fast path; everything else is converted here so a column is
never right on one line and wrong after an accent, a CJK character or an emoji.

``str.splitlines`` is not used anywhere in the server: it also breaks on form feeds, ``\\x1c``,
``\\u2028`` and friends, which LSP clients and Python's tokenizer treat as ordinary characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from lsprotocol import types

from errlsp.analysis import Position, Span

UTF8 = "utf-8"
UTF16 = "utf-16"
UTF32 = "utf-32"
ENCODINGS = (UTF8, UTF16, UTF32)

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)")
_TERMINATOR = re.compile(r"(?:\r\n|\r|\n)\Z")


def split_lines(text: str) -> list[str]:
    """Lines with their terminators; the last element is the (possibly empty) unterminated rest.

    ``"a\\nb\\n"`` gives ``["a\\n", "b\\n", ""]`` so that every position a client may send,
    including the start of the empty last line, names an element.
    """
    lines = _LINE.findall(text)
    consumed = sum(map(len, lines))
    lines.append(text[consumed:])
    return lines


def content(line: str) -> str:
    """A line without its terminator."""
    match = _TERMINATOR.search(line)
    return line[: match.start()] if match else line


def to_units(line: str, column: int, encoding: str) -> int:
    """Code points -> code units of ``encoding`` for ``column`` on ``line`` (no terminator)."""
    column = max(0, min(column, len(line)))
    if encoding == UTF32 or line.isascii():
        return column
    head = line[:column]
    if encoding == UTF8:
        try:
            return len(head.encode("utf-8"))
        except UnicodeEncodeError:  # a lone surrogate: counted as its replacement, 3 bytes
            return sum(map(_utf8_width, head))
    return column + sum(1 for char in head if ord(char) > 0xFFFF)


def from_units(line: str, units: int, encoding: str) -> int:
    """Code units -> code points; past the end clamps to the end, inside a character rounds down.

    Never raises: a lone surrogate (which a client may send, e.g. ``"\\ud800"`` decoded from
    JSON) is one UTF-16 unit, and in UTF-8 the three bytes of the U+FFFD that replaces it.
    """
    units = max(0, units)
    if encoding == UTF32 or line.isascii():
        return min(units, len(line))
    try:
        if encoding == UTF8:
            return len(line.encode("utf-8")[:units].decode("utf-8", errors="ignore"))
        encoded = line.encode("utf-16-le")[: 2 * units]
    except UnicodeEncodeError:
        return _from_units_slow(line, units, _utf8_width if encoding == UTF8 else _utf16_width)
    return len(encoded.decode("utf-16-le", errors="ignore"))


def _utf8_width(char: str) -> int:
    point = ord(char)
    return 1 if point < 0x80 else 2 if point < 0x800 else 3 if point < 0x10000 else 4


def _utf16_width(char: str) -> int:
    return 2 if ord(char) > 0xFFFF else 1


def _from_units_slow(line: str, units: int, width: Callable[[str], int]) -> int:
    """``from_units`` counted character by character, for lines the codecs refuse."""
    total = 0
    for index, char in enumerate(line):
        total += width(char)
        if total > units:
            return index
    return len(line)


def units_length(text: str, encoding: str) -> int:
    """Length of ``text`` in code units of ``encoding``."""
    return to_units(text, len(text), encoding)


class Codec:
    """Converts positions for one negotiated encoding against a document's lines."""

    __slots__ = ("encoding",)

    def __init__(self, encoding: str = UTF16) -> None:
        self.encoding = encoding if encoding in ENCODINGS else UTF16

    def __repr__(self) -> str:
        return f"Codec({self.encoding!r})"

    def to_lsp(self, lines: Sequence[str], position: Position) -> types.Position:
        """An analysis position (code points) as an LSP position, clamped into the document."""
        line, character = self._clamp(lines, position.line, position.character)
        text = content(lines[line])
        return types.Position(line=line, character=to_units(text, character, self.encoding))

    def range_to_lsp(self, lines: Sequence[str], span: Span) -> types.Range:
        return types.Range(start=self.to_lsp(lines, span.start), end=self.to_lsp(lines, span.end))

    def from_lsp(self, lines: Sequence[str], position: types.Position) -> Position:
        """An LSP position as code points, clamped: past the last line means the document end."""
        if position.line >= len(lines):
            last = len(lines) - 1
            return Position(last, len(content(lines[last])))
        line = max(0, position.line)
        text = content(lines[line])
        return Position(line, from_units(text, position.character, self.encoding))

    def range_from_lsp(self, lines: Sequence[str], range_: types.Range) -> Span:
        return Span(self.from_lsp(lines, range_.start), self.from_lsp(lines, range_.end))

    def end_of(self, lines: Sequence[str]) -> types.Position:
        """The LSP position just after the last character of the document."""
        last = len(lines) - 1
        return types.Position(line=last, character=units_length(lines[last], self.encoding))

    @staticmethod
    def _clamp(lines: Sequence[str], line: int, character: int) -> tuple[int, int]:
        if line >= len(lines):
            last = len(lines) - 1
            return last, len(content(lines[last]))
        line = max(0, line)
        return line, max(0, min(character, len(content(lines[line]))))
