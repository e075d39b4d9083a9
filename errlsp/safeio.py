"""Reading files errlsp did not write: only regular files, never more than a size limit.

A path in a config (``catalogs = ["/dev/zero"]``), a ``fifo.py`` in the checked tree or a
socket in place of a cache entry must not hang ``errlsp check`` in CI or exhaust a language
server's memory. So every file errlsp reads goes through ``read_bytes``: it looks at the path
with ``stat`` first (which never opens it, so a FIFO cannot block), refuses anything that is
not a regular file, refuses a file above the limit for its kind, and then reads at most that
many bytes from a descriptor checked again with ``fstat`` (the path may change in between).

The limits are generous for what each kind holds in practice; only the catalog limit is
configurable (``$ERRLSP_MAX_CATALOG_SIZE``), because generated catalogs of big APIs can be
large. It is an environment variable so that the CLI, the server and the pytest plugin read it
the same way before any config file is read.

This module is a leaf: it imports nothing from the rest of errlsp, so every layer may use it.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final

MIB: Final = 1024 * 1024
CATALOG_SIZE_VARIABLE: Final = "ERRLSP_MAX_CATALOG_SIZE"

#: Bytes errlsp reads at most, per kind of file.
LIMITS: Final[dict[str, int]] = {
    "catalog": 16 * MIB,  # a catalog file (TOML/JSON); $ERRLSP_MAX_CATALOG_SIZE changes it
    "config": 1 * MIB,  # pyproject.toml, errlsp.toml, .gitignore
    "source": 16 * MIB,  # a Python file to check
    "cache": 256 * MIB,  # the check cache (one JSON file for a whole tree)
    "document": 32 * MIB,  # a documentation page or OpenAPI spec to import
}

#: Nesting deeper than this in a catalog, config or imported spec is refused before parsing:
#: parsers and the readers behind them recurse once per level.
MAX_NESTING: Final = 64

_KINDS: Final = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


class UnreadableFile(OSError):
    """A file errlsp will not or cannot read; ``str()`` is one line naming the path."""

    def __init__(self, path: str | os.PathLike[str], reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.path = os.fspath(path)
        self.reason = reason
        self.line = line  # 1-based, when the reason is at one place in the file

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


class SkippedFile(UnreadableFile):
    """A file errlsp chose not to read (as opposed to one it failed to read)."""


class NotRegularFile(SkippedFile):
    """The path is a directory, FIFO, socket or device: skipped without being opened."""


class TooLarge(SkippedFile):
    """The file is over the size limit for its kind: skipped, not read."""


def describe(mode: int) -> str | None:
    """What a non-regular file is ("a FIFO"), or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def format_size(size: int) -> str:
    if size >= MIB and size % MIB == 0:
        return f"{size // MIB} MiB"
    if size >= 1024 and size % 1024 == 0:
        return f"{size // 1024} KiB"
    return f"{size} bytes"


def limit_for(kind: str, limit: int | None = None) -> int:
    """The byte limit for ``kind``: ``limit`` when given, else ``$ERRLSP_MAX_CATALOG_SIZE``
    for catalogs (a number of bytes, with an optional KiB/MiB/GiB unit), else ``LIMITS``.

    Raises ``ValueError`` (one line) for a variable that is set but not a size.
    """
    if limit is not None:
        return limit
    configured = os.environ.get(CATALOG_SIZE_VARIABLE, "") if kind == "catalog" else ""
    if configured.strip():
        size = parse_size(configured)
        if size is None:
            raise ValueError(
                f"${CATALOG_SIZE_VARIABLE}={configured!r} is not a size; "
                "expected a number of bytes such as 33554432 or '32 MiB'"
            )
        return size
    return LIMITS[kind]


def parse_size(text: str) -> int | None:
    """``"64 MiB"`` -> 67108864; ``"2000"`` -> 2000; None for anything else."""
    match = _SIZE.fullmatch(text.strip().lower())
    if match is None or int(match.group(1)) == 0:
        return None
    size: int = int(match.group(1)) * 1024 ** _POWERS[match.group(2)[:1]]
    return size


_SIZE = re.compile(r"(\d+)\s*(|b|bytes|k|kb|kib|m|mb|mib|g|gb|gib)")
_POWERS = {"": 0, "b": 0, "k": 1, "m": 2, "g": 3}


def regular_stat(path: str | os.PathLike[str]) -> os.stat_result:
    """``os.stat`` of ``path`` if it is a regular file; else ``UnreadableFile``. Never opens it."""
    try:
        status = os.stat(path)
    except OSError as error:
        raise UnreadableFile(path, _reason(path, error)) from None
    kind = describe(status.st_mode)
    if kind is not None:
        raise NotRegularFile(path, f"not a regular file: {kind}; skipped")
    return status


def read_bytes(
    path: str | os.PathLike[str], kind: str, *, limit: int | None = None
) -> tuple[bytes, os.stat_result]:
    """The content of a regular file at most ``limit`` bytes long, and its ``stat``.

    Raises ``UnreadableFile`` (an ``OSError``) for a missing or dangling path, a directory,
    FIFO, socket or device, a file over the limit, or any read error.
    """
    path = os.fspath(path)  # once: each call with a Path formats it again (a third of a read)
    try:
        most = limit_for(kind, limit)
    except ValueError as error:
        raise UnreadableFile(path, str(error)) from None
    status = regular_stat(path)
    if status.st_size > most:
        raise TooLarge(path, _too_big(status.st_size, most, kind))
    try:
        # O_NONBLOCK: if the path became a FIFO since the stat, opening it must not wait.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise UnreadableFile(path, _reason(path, error)) from None
    try:
        opened = os.fstat(descriptor)
        changed = describe(opened.st_mode)
        if changed is not None:
            raise NotRegularFile(path, f"not a regular file: {changed}; skipped")
        # Ask for what the stat says, plus one byte (a buffer of the limit's size per file is
        # slow; a file object per file too); a file that grew since is read on, up to the limit.
        data = _read_up_to(descriptor, min(most, opened.st_size) + 1)
        if len(data) > opened.st_size and len(data) <= most:
            data += _read_up_to(descriptor, most + 1 - len(data), whole=True)
    except UnreadableFile:
        raise
    except OSError as error:
        raise UnreadableFile(path, _reason(path, error)) from None
    finally:
        os.close(descriptor)
    if len(data) > most:
        raise TooLarge(path, _too_big(len(data), most, kind))
    return data, opened


def _read_up_to(descriptor: int, size: int, *, whole: bool = False) -> bytes:
    """Up to ``size`` bytes from ``descriptor``, fewer only at its end.

    A regular file's short read is its end, so the first read of what the stat promised
    plus one byte needs no second read to learn that (one ``read`` per source file, not two);
    ``whole`` reads on to ``size`` or the end, for a file that grew since its stat.
    """
    chunks: list[bytes] = []
    while size > 0:
        wanted = min(size, 1 << 30)
        chunk = os.read(descriptor, wanted)
        if not chunk:
            break
        chunks.append(chunk)
        size -= len(chunk)
        if len(chunk) < wanted and not whole:
            break
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def read_text(
    path: str | os.PathLike[str], kind: str, *, limit: int | None = None, errors: str = "strict"
) -> str:
    """``read_bytes`` decoded as UTF-8 (a leading BOM is dropped).

    An undecodable file raises ``UnreadableFile`` naming the line of the first bad byte.
    """
    data, _ = read_bytes(path, kind, limit=limit)
    try:
        return data.decode("utf-8-sig", errors=errors)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        reason = f"not UTF-8 text (byte 0x{data[error.start]:02x})"
        raise UnreadableFile(path, reason, line) from None


def nesting_error(text: str, *, limit: int = MAX_NESTING) -> tuple[int | None, str] | None:
    """(line, message) if brackets in TOML or JSON ``text`` nest deeper than ``limit``.

    Strings and comments are skipped, so a ``"[[["`` in a message does not count. Checked
    before parsing: ``json`` and ``tomllib`` recurse once per level, and so do the readers
    that walk what they return. A regular expression jumps between the few characters that
    matter, so this costs a fraction of the parse.
    """
    depth = 0
    index = 0
    while True:
        found = _SIGNIFICANT.search(text, index)
        if found is None:
            return None
        char = found.group()
        index = found.end()
        if char in "[{":
            depth += 1
            if depth > limit:
                return text.count("\n", 0, index) + 1, f"nested more than {limit} levels deep"
        elif char in "]}":
            depth = max(0, depth - 1)
        elif char == "#":
            end = text.find("\n", index)
            index = len(text) if end < 0 else end
        else:
            index = _string_end(text, found.start())


_SIGNIFICANT = re.compile(r"[\[\]{}#\"']")


def data_nesting_error(
    value: object, text: str, *, limit: int = MAX_NESTING
) -> tuple[int | None, str] | None:
    """(line, message) if decoded data nests deeper than ``limit``, else None; iterative.

    Checked after parsing, before anything that recurses walks the data. It also sees what
    brackets do not show: TOML's dotted keys (``a.b.c... = 1``, ``[a.b.c...]``) and YAML's
    indentation. Only when the data is too deep is ``text`` scanned, to name the line.
    """
    if not isinstance(value, (dict, list)):
        return None
    stack: list[tuple[dict[Any, Any] | list[Any], int]] = [(value, 0)]
    deepest: dict[int, int] = {}  # YAML aliases share containers: walk each again only deeper
    while stack:
        item, depth = stack.pop()
        if deepest.get(id(item), -1) >= depth:
            continue
        deepest[id(item)] = depth
        if depth >= limit:
            return deep_input_error(text, limit=limit)
        children: Iterable[Any] = item.values() if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return None


def deep_input_error(text: str, *, limit: int = MAX_NESTING) -> tuple[int | None, str]:
    """(line, message) for input known to nest too deeply (or to exhaust the parser's stack).

    The line is where brackets pass ``limit``, else the first key with that many dotted parts,
    else unknown (YAML indentation).
    """
    located = nesting_error(text, limit=limit)
    if located is not None:
        return located
    return _dotted_line(text, limit), f"nested more than {limit} levels deep"


def expands_beyond(value: object, limit: int) -> bool:
    """Whether decoded data has more than ``limit`` nodes counted as a walk sees them.

    YAML aliases share containers, so a 1 KB document can stand for 10**9 nodes (the "billion
    laughs"); anything that walks it would never finish. Sizes are computed once per shared
    container, bottom up, so the check itself is linear in the document. Cycles must have been
    refused first (``data_nesting_error`` does).
    """
    sizes: dict[int, int] = {}
    stack: list[tuple[object, bool]] = [(value, False)]
    while stack:
        item, children_done = stack.pop()
        children = _children(item)
        if children is None or (not children_done and id(item) in sizes):
            continue
        if children_done:
            size = 1 + sum(sizes.get(id(child), 1) for child in children)
            if size > limit:
                return True
            sizes[id(item)] = size
            continue
        sizes[id(item)] = 1  # in progress: a cycle back to it counts as one node
        stack.append((item, True))
        stack.extend((child, False) for child in children)
    return False


def _children(item: object) -> list[object] | None:
    if isinstance(item, dict):
        return list(item.values())
    if isinstance(item, list):
        return item
    return None


def _dotted_line(text: str, limit: int) -> int | None:
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        key = stripped.strip("[]") if stripped.startswith("[") else stripped.partition("=")[0]
        if key.count(".") >= limit - 1:
            return number
    return None


def _string_end(text: str, start: int) -> int:
    """Index just past the string starting at ``start`` (TOML/JSON quoting, triple quotes too).

    An unterminated one-line string ends at its line's end, where the parser will report it.
    """
    quote = text[start]
    if text.startswith(quote * 3, start):
        end = text.find(quote * 3, start + 3)
        return len(text) if end < 0 else end + 3
    found = (_BASIC_STRING if quote == '"' else _LITERAL_STRING).match(text, start)
    return found.end() if found else len(text)


_BASIC_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*(?:"|\n|\Z)', re.DOTALL)
_LITERAL_STRING = re.compile(r"'[^'\n]*(?:'|\n|\Z)")


def _too_big(size: int, limit: int, kind: str) -> str:
    setting = f"; raise it with ${CATALOG_SIZE_VARIABLE}" if kind == "catalog" else ""
    return f"{format_size(size)} is over the {format_size(limit)} limit for a {kind} file{setting}"


def _reason(path: str | os.PathLike[str], error: OSError) -> str:
    if isinstance(error, FileNotFoundError) and os.path.islink(path):
        try:
            return f"dangling symbolic link (to {os.readlink(path)})"
        except OSError:
            return "dangling symbolic link"
    return f"cannot read file: {error.strerror or error}"


def is_regular(path: Path) -> bool:
    """Whether ``path`` (followed if a link) is a regular file; never opens it."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False
