"""A cheap scanner of Python source: physical lines, logical lines and enclosing blocks.

libcst is far too slow to parse whole files for a handful of references, so the analysis
parses only the block around each candidate line. Finding that block needs strings,
comments, brackets and indentation and nothing else; one regex pass gives them, and it
tolerates half-typed code (an unterminated string simply ends at the end of its line).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

NEWLINE = re.compile(r"\r\n|\r|\n")
_TOKENS = re.compile(
    r"""
    (?P<string>(?:'''[\s\S]*?(?:'''|\Z)|\"\"\"[\s\S]*?(?:\"\"\"|\Z)
        |'(?:\\[\s\S]|[^'\\\r\n])*(?:'|(?=[\r\n])|\Z)|"(?:\\[\s\S]|[^"\\\r\n])*(?:"|(?=[\r\n])|\Z)))
    |(?P<comment>\#[^\r\n]*)
    |(?P<open>[(\[{])
    |(?P<close>[)\]}])
    |(?P<continuation>\\(?:\r\n|\r|\n))
    |(?P<newline>\r\n|\r|\n)
    """,
    re.VERBOSE,
)
_STRING, _COMMENT, _OPEN, _CLOSE, _CONTINUATION, _NEWLINE = range(1, 7)  # _TOKENS groups
_DEF = re.compile(r"(?:async\s+)?def\b")
_DECORATED = re.compile(r"(?:async\s+)?(?:def|class)\b")
_HEADER = re.compile(
    r"(?:async\s+)?(?:if|elif|else|for|while|with|try|except|finally|def|class)\b"
    r"|(?:match|case)\b[^=]*:\s*(?:#.*)?$"
)
_TEMPLATE_PREFIXES = set("fFtT")
_PREFIXES = frozenset("rRbBuUfFtT")
MAX_BLOCK_LINES = 3000  # pruning makes big functions cheap; beyond this, cut to a statement


def line_starts(text: str) -> list[int]:
    """Offsets where each physical line starts (``\\r\\n``, ``\\r`` and ``\\n`` end lines)."""
    return [0, *(match.end() for match in NEWLINE.finditer(text))]


def string_tokens(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of every string literal that is not an f-/t-string, in order.

    The scanning regex starts at the quote (a prefix alternative would make every letter a
    match attempt); the prefix is read back from the text here, and only here.
    """
    spans = []
    for match in _TOKENS.finditer(text):
        if match.lastindex != _STRING:
            continue
        start = match.start()
        prefix_start = start
        while prefix_start > start - 2 and prefix_start > 0 and text[prefix_start - 1] in _PREFIXES:
            prefix_start -= 1
        if prefix_start > 0 and (text[prefix_start - 1].isalnum() or text[prefix_start - 1] == "_"):
            prefix_start = start  # `if"x"`: the letters belong to a keyword or a name
        if not set(text[prefix_start:start]) & _TEMPLATE_PREFIXES:
            spans.append((prefix_start, match.end()))
    return spans


def ends_open(text: str) -> bool:
    """Whether ``text`` leaves a bracket, a string or a backslash continuation open at its end.

    The same tokens as ``SourceMap``: a chunk of a document is closed when this is False.
    """
    depth = 0
    last: re.Match[str] | None = None
    for match in _TOKENS.finditer(text):
        kind = match.lastindex
        if kind == _OPEN:
            depth += 1
        elif kind == _CLOSE:
            depth = max(0, depth - 1)
        elif kind == _STRING and _unterminated(match.group()):
            return True
        if kind != _NEWLINE:
            last = match
    if depth > 0:
        return True
    return last is not None and last.lastindex == _CONTINUATION and last.end() >= len(text.rstrip())


def _unterminated(token: str) -> bool:
    """A string token the scanner ended at a line end or at the end of the text."""
    quote = token[:3] if token[:3] in ("'''", '"""') else token[0]
    if len(token) < 2 * len(quote) or not token.endswith(quote):
        return True
    body = token[len(quote) : len(token) - len(quote)]
    return (len(body) - len(body.rstrip("\\"))) % 2 == 1  # the closing quote is escaped


_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """``text`` with lone surrogates as U+FFFD: libcst refuses them (an editor may send one),
    and one code point for another keeps every column where it was."""
    if text.isascii() or _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub("\ufffd", text)


def split_lines(text: str) -> list[str]:
    """Physical lines without their endings; unlike ``str.splitlines`` a form feed is no break."""
    return NEWLINE.split(text)


@dataclass(frozen=True, slots=True)
class Logical:
    """One logical line: physical lines ``first..last`` (0-based, inclusive)."""

    first: int
    last: int
    indent: int
    blank: bool
    head: str


class SourceMap:
    """Logical lines of a text, and the block to parse around any physical line."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = line_starts(text)
        self.lines = split_lines(text)
        self.logical: list[Logical] = []
        self._logical_of: list[int] = [0] * len(self.starts)
        self._scan()

    def line_at(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1

    def _add(self, first: int, last: int) -> None:
        raw = self.lines[first]
        stripped = raw.lstrip(" \t\f")
        blank = not stripped or stripped.startswith("#")
        indent = len(raw[: len(raw) - len(stripped)].replace("\f", "").expandtabs(8))
        index = len(self.logical)
        self.logical.append(Logical(first, last, indent, blank, stripped[:16]))
        for line in range(first, last + 1):
            self._logical_of[line] = index

    def _scan(self) -> None:
        """One pass over the tokens; lines are counted, not looked up, to keep it cheap."""
        depth = 0
        first = 0
        line = 0
        string_lines: list[int] = []
        add = self._add
        for match in _TOKENS.finditer(self.text):
            kind = match.lastindex
            if kind == _NEWLINE:
                if depth == 0:
                    add(first, line)
                    first = line + 1
                line += 1
            elif kind == _STRING:
                token = match.group()
                breaks = token.count("\n") + token.count("\r") - token.count("\r\n")
                if breaks:
                    string_lines.extend(range(line + 1, line + breaks + 1))
                    line += breaks
            elif kind == _OPEN:
                depth += 1
            elif kind == _CLOSE:
                if depth:
                    depth -= 1
            elif kind == _CONTINUATION:
                line += 1
        self._string_lines = string_lines
        if first < len(self.starts):
            add(first, len(self.starts) - 1)

    def lines_in_strings(self, first: int, last: int) -> set[int]:
        """Indexes (relative to ``first``) of lines ``first..last`` that start inside a string."""
        return {line - first for line in self._string_lines if first <= line <= last}

    def logical_of(self, line: int) -> Logical:
        return self.logical[self._logical_of[min(line, len(self._logical_of) - 1)]]

    def block_around(self, line: int) -> tuple[int, int]:
        """Physical lines of the innermost function around ``line``, else its top statement.

        A function is the unit in which a status asserted "nearby" and a name bound from an
        accessor are meaningful; a huge function falls back to its statement containing the line.
        """
        index = self._logical_of[min(line, len(self._logical_of) - 1)]
        current = self.logical[index]
        ceiling = current.indent
        top = index
        chain = [index]
        for candidate in range(index - 1, -1, -1):
            if ceiling == 0:
                break
            logical = self.logical[candidate]
            if logical.blank or logical.indent >= ceiling:
                continue
            ceiling = logical.indent
            chain.append(candidate)
            top = candidate
            if _DEF.match(logical.head):
                first, last = self._extent(candidate)
                if last - first <= MAX_BLOCK_LINES:
                    return first, last
                inner = chain[-2] if len(chain) > 1 else index
                return self._extent(inner)
        return self._extent(top)

    def decorated_extent(self, line: int) -> tuple[int, int] | None:
        """Lines of the function or class that the decorator on ``line`` decorates."""
        index = self._logical_of[min(line, len(self._logical_of) - 1)]
        indent = self.logical[index].indent
        for candidate in range(index + 1, len(self.logical)):
            logical = self.logical[candidate]
            if logical.blank or logical.head.startswith("@"):
                continue
            if logical.indent != indent or not _DECORATED.match(logical.head):
                return None
            return self._extent(candidate)
        return None

    def _extent(self, index: int) -> tuple[int, int]:
        """A statement and every deeper-indented logical line after it (its body)."""
        header = self.logical[index]
        last = header.last
        for logical in self.logical[index + 1 :]:
            if logical.blank:
                continue
            if logical.indent <= header.indent:
                break
            last = logical.last
        return header.first, last

    def pruned(self, first: int, last: int, keep: set[int], words: re.Pattern[str]) -> list[str]:
        """Lines ``first..last`` with irrelevant simple statements replaced by ``pass``.

        libcst's cost grows with the nodes it builds, and most statements of a function hold
        no reference. Compound-statement headers stay (they carry the structure and the
        ``if status_code == N:`` guards); a simple statement stays if a kept line falls in it
        or ``words`` (bound names, status checks) matches it. Line numbers and the columns of
        every kept line are unchanged, so positions need no remapping.
        """
        lines = self.lines[first : last + 1]
        index = self._logical_of[first]
        while index < len(self.logical) and self.logical[index].first <= last:
            logical = self.logical[index]
            index += 1
            if logical.blank or logical.first < first:
                continue
            head = self.lines[logical.first]
            stripped = head.lstrip(" \t\f")
            span = range(logical.first, min(logical.last, last) + 1)
            if _HEADER.match(stripped) and (
                stripped.split(None, 1)[0] not in ("match", "case") or _ends_header(self, logical)
            ):
                continue
            if any(line in keep for line in span):
                continue
            if words.search("\n".join(self.lines[line] for line in span)):
                continue
            lines[logical.first - first] = head[: len(head) - len(stripped)] + "pass"
            for line in span[1:]:
                lines[line - first] = ""
        return lines


def _ends_header(source: SourceMap, logical: Logical) -> bool:
    """A ``match``/``case`` soft keyword starts a header only if the line ends with a colon."""
    text = source.lines[logical.last].split("#", 1)[0].rstrip()
    return text.endswith(":")


def line_bounds_with(source: str, word: str) -> Iterator[tuple[int, int]]:
    """(start, end) offsets of each line of ``source`` holding ``word``, in order; found by
    ``str.find``, not by testing each of 10,000 lines (``end`` excludes the newline)."""
    position = source.find(word)
    while position >= 0:
        start = source.rfind("\n", 0, position) + 1
        end = source.find("\n", position)
        yield start, end if end >= 0 else len(source)
        if end < 0:
            return
        position = source.find(word, end)


def lines_with(source: str, word: str) -> str:
    """The lines of ``source`` that hold ``word``, joined."""
    return "\n".join(source[start:end] for start, end in line_bounds_with(source, word))
