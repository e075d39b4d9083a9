"""The check cache: each file's result, keyed by its size, mtime and content hash, under a
fingerprint of the tool, the settings and the catalog files.

One sealed JSON file per fingerprint (``errlsp.sealed``), ``{path: entry}``, an entry
``[size, mtime_ns, hash]`` for a file with nothing to report (nearly all of them) and
``[size, mtime_ns, hash, contents]`` for the others, ``contents`` holding findings and
constants (``errlsp.cache.codec``). Arrays, not objects: on Django the file decodes in a
quarter of the time, and a warm run spends most of its time reading it and ``stat``-ing.

The file is data anyone can edit or break, so nothing in it is trusted: a file whose seal
does not match is read as empty, an entry of the wrong shape or whose file changed is a miss,
and those files are checked again. A cache file that is not a regular file (a FIFO in its
place) is reported through ``warn`` and never opened.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from errlsp import __version__
from errlsp.config import Settings
from errlsp.safeio import UnreadableFile, read_bytes
from errlsp.sealed import unsealed, write_sealed

if TYPE_CHECKING:
    from errlsp.analysis.check import PendingUse
    from errlsp.analysis.model import Finding
    from errlsp.analysis.symbols import Definition


class FileResult:
    """One file's findings, what the cache records of it, and its constants.

    Known by ``name``, the path's string as the walk found it; ``path``, a ``Path``, is made
    only when asked for: a warm run of Django answers 2,912 files from the cache, and making
    a ``Path`` for each (and its string again) was a tenth of that run.
    """

    __slots__ = ("name", "_path", "findings", "stamp", "definitions", "pending", "maybe")
    name: str
    _path: Path | None
    findings: list[Finding]
    stamp: tuple[int, int, str] | None
    definitions: tuple[Definition, ...]
    pending: tuple[PendingUse, ...]
    maybe: frozenset[str]

    def __init__(
        self,
        path: str | Path,
        findings: list[Finding] | None = None,
        # What the cache records, taken when the file was read (never read twice).
        stamp: tuple[int, int, str] | None = None,  # size, mtime_ns, content hash
        # Constants the file defines, and constants it uses from other files (resolved when
        # the whole project is indexed, so a cached file is re-judged when a constant changes).
        definitions: tuple[Definition, ...] = (),
        pending: tuple[PendingUse, ...] = (),
        # Not parsed, but names members its contexts use that may be constants of other files.
        maybe: frozenset[str] = frozenset(),
    ) -> None:
        if isinstance(path, str):
            self.name, self._path = path, None
        else:
            self.name, self._path = os.fspath(path), path
        self.findings = [] if findings is None else findings
        self.stamp = stamp
        self.definitions = definitions
        self.pending = pending
        self.maybe = maybe

    @property
    def path(self) -> Path:
        if self._path is None:
            self._path = Path(self.name)
        return self._path

    def _fields(self) -> tuple[object, ...]:
        return (self.name, self.findings, self.stamp, self.definitions, self.pending, self.maybe)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FileResult):
            return NotImplemented
        return self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # mutable, as the dataclass it replaces

    def __repr__(self) -> str:
        return (
            f"FileResult({self.name!r}, findings={self.findings!r}, stamp={self.stamp!r}, "
            f"definitions={self.definitions!r}, pending={self.pending!r}, maybe={self.maybe!r})"
        )


def digest(data: bytes) -> str:
    """A file's content hash. (SHA-256 is computed in hardware on current CPUs: half of
    blake2b's time on Django's source.)"""
    return hashlib.sha256(data).hexdigest()[:32]


def fingerprint(settings: Settings, sources: Iterable[tuple[str, Path]]) -> str:
    """Changes whenever anything that affects findings changes: the tool, the settings and
    the catalog files' bytes (``catalog_sources``: a catalog is a function of its file)."""
    hasher = hashlib.blake2b(digest_size=12)
    hasher.update(__version__.encode())
    hasher.update(repr(sorted(asdict(settings).items(), key=lambda kv: kv[0])).encode())
    for reference, path in sources:
        hasher.update(repr((reference, str(path))).encode())
        with contextlib.suppress(UnreadableFile):
            hasher.update(read_bytes(path, "catalog")[0])
    return hasher.hexdigest()


class ResultCache:
    """The results of the last run with the same fingerprint (see the module's docstring)."""

    def __init__(self, folder: Path, key: str, warn: Callable[[str], None] | None = None) -> None:
        self.file = folder / f"{_PREFIX}{key}.json"
        self.folder = folder
        self.dirty = False
        try:
            loaded = unsealed(read_bytes(self.file, "cache")[0])
        except UnreadableFile as error:
            if os.path.lexists(self.file):  # a missing cache is normal; a FIFO is not
                (warn or _warn)(f"cache ignored: {error}")
            loaded = {}
        except (ValueError, RecursionError):
            loaded = {}
        self.entries: dict[str, Any] = loaded if isinstance(loaded, dict) else {}

    def lookup(self, name: str) -> FileResult | None:
        """The cached result of the file at ``name`` (a path's string), if its entry is sound
        and the file unchanged."""
        entry: Any = self.entries.get(name)
        try:  # the file is sealed as ours, so a shape to reject is rare: exceptions are cheap
            size, mtime, content_hash, *contents = entry
        except (TypeError, ValueError):
            return None
        if contents:
            result = _with_contents(name, contents[0]) if len(contents) == 1 else None
            if result is None:
                return None
        else:
            result = FileResult(name)
        try:
            stat = os.stat(name)
        except (OSError, ValueError):
            return None
        if size != stat.st_size or type(size) is not int:
            return None
        if mtime != stat.st_mtime_ns:
            try:
                data = read_bytes(name, "source")[0]
            except UnreadableFile:
                return None
            if digest(data) != content_hash:
                return None
            entry[1] = stat.st_mtime_ns
            self.dirty = True
        return result

    def store(self, result: FileResult) -> None:
        if result.stamp is None:
            return  # unreadable: check it again next time
        entry: list[Any] = list(result.stamp)
        if result.findings or result.definitions or result.pending or result.maybe:
            from errlsp.cache.codec import contents_to_json

            entry.append(
                contents_to_json(result.findings, result.definitions, result.pending, result.maybe)
            )
        self.entries[result.name] = entry
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        try:
            write_sealed(self.file, self.entries)
            for name in _result_files(self.folder):
                if name != self.file.name:
                    (self.folder / name).unlink(missing_ok=True)
        except OSError:
            pass  # a read-only tree still gets checked, just not cached


_PREFIX = "check-"


def has_results(folder: Path) -> bool:
    """Whether a run has left its results in the cache ``folder`` (under any fingerprint)."""
    return bool(_result_files(folder))


def _result_files(folder: Path) -> list[str]:
    """The names of the result files in ``folder`` (``listdir``: ``glob`` compiles a pattern)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return [name for name in names if name.startswith(_PREFIX) and name.endswith(".json")]


def _with_contents(name: str, contents: Any) -> FileResult | None:
    """The result an entry's ``contents`` describe; None if they are of the wrong shape."""
    from errlsp.cache import codec

    try:
        findings, defined, pending, maybe = (
            contents.get("findings", []),
            contents.get("definitions", []),
            contents.get("pending", []),
            contents.get("maybe", []),
        )
        if not all(isinstance(value, list) for value in (findings, defined, pending, maybe)):
            return None
        return FileResult(
            name,
            [codec.finding_from_json(item) for item in findings],
            definitions=tuple(codec.definition_from_json(item) for item in defined),
            pending=tuple(codec.pending_from_json(item) for item in pending),
            maybe=frozenset(codec.strings(maybe)),
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _warn(message: str) -> None:
    sys.stderr.write(f"warning: {message}\n")
