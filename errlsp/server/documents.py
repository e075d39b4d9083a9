"""Open documents as the client sees them: text, version, and LSP-split lines.

The server keeps its own copy instead of pygls' ``TextDocument`` for two reasons: pygls splits
lines with ``str.splitlines`` (which also breaks on form feeds and ``\\u2028``, so incremental
edits after such a character land in the wrong place), and it re-splits the whole text for
every change. Here an edit replaces only the lines it touches, so a keystroke in a
10,000-line file costs a few list operations, not a re-split.
"""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types
from pygls.uris import to_fs_path

from errlsp.server.positions import Codec, content, split_lines


def uri_to_path(uri: str) -> Path | None:
    """The local file behind ``uri``; None for ``untitled:`` and other non-file URIs."""
    if not uri.startswith("file:"):
        return None
    path = to_fs_path(uri)
    return Path(path).resolve() if path else None


class Document:
    """One open text document; ``lines`` keep their terminators (see ``split_lines``)."""

    __slots__ = ("uri", "path", "language_id", "version", "lines", "_text")

    def __init__(self, uri: str, text: str, version: int | None, language_id: str = "") -> None:
        self.uri = uri
        self.path = uri_to_path(uri)
        self.language_id = language_id
        self.version = version
        self.lines = split_lines(text)
        self._text: str | None = text

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "".join(self.lines)
        return self._text

    @property
    def is_python(self) -> bool:
        if self.language_id:
            return self.language_id == "python"
        return self.uri.endswith((".py", ".pyi"))

    def line(self, number: int) -> str:
        """Line ``number`` without its terminator; "" past the end."""
        return content(self.lines[number]) if 0 <= number < len(self.lines) else ""

    def apply(self, change: types.TextDocumentContentChangeEvent, codec: Codec) -> None:
        """Apply one content change (incremental or full) as the client meant it."""
        if isinstance(change, types.TextDocumentContentChangeWholeDocument):
            self.lines = split_lines(change.text)
            self._text = change.text
            return
        span = codec.range_from_lsp(self.lines, change.range)
        start, end = span.start, span.end
        if (end.line, end.character) < (start.line, start.character):
            start, end = end, start
        # Re-split from the previous line: a "\r" ending it and a "\n" starting the new text
        # become one CRLF terminator, as the client sees them.
        first = max(0, start.line - 1)
        before = "".join(self.lines[first : start.line])
        head = self.lines[start.line][: start.character]
        tail = self.lines[end.line][end.character :]
        replacement = split_lines(before + head + change.text + tail)
        if replacement[-1] == "" and end.line + 1 < len(self.lines):
            # The old tail carried a terminator: the next line follows, so the empty rest that
            # ``split_lines`` adds is not a line of its own.
            replacement.pop()
        self.lines[first : end.line + 1] = replacement
        if not self.lines:
            self.lines = [""]
        self._text = None
