"""Check many files: the cache first, then all cores for what it does not hold.

The pipeline is shaped by cost: reading and pre-filtering every file is cheap, libcst
parsing is expensive and done only around candidate lines; both run in forked children
(all cores) when there are many files. Results are cached per file (``errlsp.cache``), so a
second run parses only what changed; files are found by ``errlsp.walk``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from errlsp.cache import FileResult, ResultCache, digest, fingerprint
from errlsp.catalog.sources import catalog_sources
from errlsp.config import Settings
from errlsp.safeio import SkippedFile, UnreadableFile, read_bytes

if TYPE_CHECKING:
    from errlsp.analysis.model import Finding, Position
    from errlsp.analysis.symbols import ProjectIndex
    from errlsp.catalog.model import CatalogSet

# The analysis itself (``errlsp.analysis.check`` and what it needs) is imported where a file
# is analysed, not here: a warm run answers from the cache and never loads it.

PARALLEL_THRESHOLD = 16


def source_encoding(data: bytes) -> str:
    """The encoding Python would read ``data`` with: BOM, coding cookie, else UTF-8.

    A file with neither (nearly all) is UTF-8 without asking ``tokenize``: the cookie can
    only stand in the first two lines, and looking there is a tenth of the cost.
    """
    second = data.find(b"\n", data.find(b"\n") + 1)
    if not data.startswith(b"\xef\xbb\xbf") and b"coding" not in data[: max(second, 0) or None]:
        return "utf-8"
    import io
    import tokenize

    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError:
        encoding = "utf-8"
    return encoding


def decode_source(data: bytes) -> str:
    """Decode like Python does; raises ``UnicodeDecodeError`` (or ``LookupError``)."""
    return data.decode(source_encoding(data))


def _check_file(path: Path, settings: Settings, catalogs: CatalogSet) -> FileResult:
    try:
        data, stat = read_bytes(path, "source")
    except UnreadableFile as error:
        skipped = isinstance(error, SkippedFile)  # chosen, not a failure: a warning
        return FileResult(path, [_file_problem(error.reason, "warning" if skipped else "error")])
    result = _check_data(path, data, settings, catalogs)
    result.stamp = (stat.st_size, stat.st_mtime_ns, digest(data))
    return result


def _check_data(path: Path, data: bytes, settings: Settings, catalogs: CatalogSet) -> FileResult:
    from errlsp.analysis.check import analyse
    from errlsp.analysis.contexts import settings_contexts

    try:
        text = decode_source(data)
    except (UnicodeDecodeError, LookupError) as error:
        # Only worth a finding if the file might hold references at all.
        lenient = data.decode("utf-8", errors="replace")
        if not settings_contexts(settings).prefilter.search(lenient):
            return FileResult(path, [])
        at = _decode_position(data, error)
        return FileResult(path, [_file_problem(_decode_message(data, error), at=at)])
    result = analyse(text, settings, catalogs, path=path)
    return FileResult(
        path,
        list(result.findings),
        definitions=result.definitions,
        pending=result.pending,
        maybe=result.maybe_constants,
    )


def _decode_position(data: bytes, error: UnicodeDecodeError | LookupError) -> Position:
    """Where decoding failed: the bad byte's line and column (a bad coding cookie: 1:1)."""
    from errlsp.analysis.model import Position

    if not isinstance(error, UnicodeDecodeError):
        return Position(0, 0)
    line = data.count(b"\n", 0, error.start)
    start = data.rfind(b"\n", 0, error.start) + 1
    column = len(data[start : error.start].decode(error.encoding, errors="replace"))
    return Position(line, column)


def _decode_message(data: bytes, error: UnicodeDecodeError | LookupError) -> str:
    if not isinstance(error, UnicodeDecodeError):
        return f"cannot decode file: {error}"
    return (
        f"cannot decode file as {error.encoding}: {error.reason} (byte 0x{data[error.start]:02x})"
    )


def _file_problem(message: str, severity: str = "error", *, at: Position | None = None) -> Finding:
    from errlsp.analysis.model import Finding, Position, Span

    start = at or Position(0, 0)
    end = Position(start.line, start.character + 1)
    return Finding("syntax-error", severity, message, Span(start, end))


# -- running ----------------------------------------------------------------------------------
def run_check(
    files: Iterable[Path],
    settings: Settings,
    catalogs: CatalogSet | Callable[[], CatalogSet],
    *,
    cache_dir: Path | None,
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
    warn: Callable[[str], None] | None = None,
) -> list[FileResult]:
    """Findings for every file, in the order given; cached results are reused.

    ``files`` may be a generator (``discover``): each file is looked up in the cache as it
    is found, and what is not cached is checked on all cores (see ``_Checker``). ``warn``
    receives one-line problems that do not stop the run (default: stderr).

    ``catalogs`` are the settings' own; given as a function that loads them, it is called
    only if no cache written with the same catalog files' bytes proves they load, or once a
    file needs checking: a run that answers from the cache parses no catalog. Its
    ``CatalogError`` comes from here.
    """
    load = _once(catalogs)
    key = fingerprint(settings, catalog_sources(settings))
    cache = ResultCache(cache_dir, key, warn) if cache_dir else None
    if cache is None or not cache.entries:
        load()  # no cache of a run with these very catalog files proves that they load
    results: dict[str, FileResult] = {}  # by name: a Path hashes its parts, a str is cached
    order: list[str] = []

    def record(result: FileResult) -> None:
        results[str(result.path)] = result
        if cache:
            cache.store(result)
        if progress:
            progress(1)

    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    with _Checker(settings, load, workers) as checker:
        for path in files:
            name = str(path)
            order.append(name)
            cached = cache.lookup(path, name) if cache else None
            if cached is not None:
                results[name] = cached
                if progress:
                    progress(1)
                continue
            for result in checker.add(path):
                record(result)
        for result in checker.finish():
            record(result)
    if cache:
        cache.save()
    _resolve_constants([results[name] for name in dict.fromkeys(order)], settings, load)
    return [results[name] for name in order]


def _once(catalogs: CatalogSet | Callable[[], CatalogSet]) -> Callable[[], CatalogSet]:
    """A loader that runs at most once (the catalogs themselves, if given)."""
    if not callable(catalogs):
        given = catalogs
        return lambda: given
    loaded: list[CatalogSet] = []

    def load() -> CatalogSet:
        if not loaded:
            loaded.append(catalogs())
        return loaded[0]

    return load


def project_index(results: Iterable[FileResult], settings: Settings) -> ProjectIndex:
    """The constants every checked file defines, by module."""
    from errlsp.analysis.symbols import ProjectIndex, module_of

    index = ProjectIndex()
    for result in results:
        if result.definitions:
            index.add(module_of(result.path, settings.root), result.definitions)
    return index


def project_index_of(texts: Mapping[Path, str], settings: Settings) -> ProjectIndex:
    """The project's constants from file texts already read (``--show-references``, the server)."""
    from errlsp.analysis.symbols import ProjectIndex, definitions, might_define, module_of

    index = ProjectIndex()
    for path, text in texts.items():
        holds = settings.holds_constants(path)
        if might_define(text, holds, settings.constant_classes):
            found = definitions(text, classes=settings.constant_classes, module_constants=holds)
            index.add(module_of(path, settings.root), found)
    return index


def _resolve_constants(
    results: list[FileResult], settings: Settings, load: Callable[[], CatalogSet]
) -> None:
    """Judge the constants files use from other files, now that every file is indexed.

    ``results`` are in the order the files were given, so that of two files holding the same
    module (``codes.py``, ``codes.pyi``) the same one wins whatever ran in parallel. A file
    that was not parsed, but whose contexts name a member the project defines
    (``ErrorCode.ITEM_NOT_FOUND``), is analysed again, parsed, with the whole index.
    """
    if not any(result.pending for result in results) and not any(
        result.definitions for result in results
    ):
        return  # nothing to resolve, or no constant for a ``maybe`` name to be
    index = project_index(results, settings)
    members = index.members()
    if not any(result.pending or result.maybe & members for result in results):
        return  # (a warm run of Django stops here, without importing the analysis)
    from errlsp.analysis.check import analyse, resolve_pending

    catalogs = load()
    for result in results:
        if result.maybe & members:
            try:
                text = decode_source(read_bytes(result.path, "source")[0])
            except (UnreadableFile, UnicodeDecodeError, LookupError):
                continue  # changed since: its findings stand as read
            again = analyse(text, settings, catalogs, path=result.path, index=index)
            result.findings = list(again.findings)
        elif result.pending:
            found = resolve_pending(result.pending, index, settings, catalogs, result.path)
            if found:
                result.findings = sorted(
                    [*result.findings, *found], key=lambda finding: finding.span.start
                )


class _Checker:
    """Checks the files taken: here when they are few, else shared out over ``workers``
    processes, this one included.

    The uncached files are dealt out in turn (file ``i`` to share ``i % workers``, which
    balances big and small files), each other share goes to a forked child that sends its
    results back in batches through a pipe, and this process checks the first share itself,
    reading the pipes between files. No pool, no queue, no thread: on Django the executor's
    threads cost the main process a tenth of a second of GIL hand-overs.
    """

    BATCH = 64  # results per message from a child
    POLL_EVERY = 8  # files checked here between looks at the children's pipes

    def __init__(self, settings: Settings, load: Callable[[], CatalogSet], workers: int) -> None:
        self.settings, self.load, self.workers = settings, load, workers
        self.waiting: list[Path] = []
        self.children: list[_Child] = []

    @property
    def catalogs(self) -> CatalogSet:
        return self.load()  # loaded when the first file is checked (before any fork)

    def __enter__(self) -> _Checker:
        return self

    def __exit__(self, *exc: object) -> None:
        for child in self.children:  # only still running if this run was interrupted
            child.stop()

    def add(self, path: Path) -> Iterator[FileResult]:
        """Take ``path``; checked at once when there is one process, else at ``finish``."""
        if self.workers <= 1:
            yield _check_file(path, self.settings, self.catalogs)
        else:
            self.waiting.append(path)

    def finish(self) -> Iterator[FileResult]:
        """The results of every file taken and not yet yielded."""
        waiting, self.waiting = self.waiting, []
        if len(waiting) < PARALLEL_THRESHOLD:
            for path in waiting:
                yield _check_file(path, self.settings, self.catalogs)
            return
        # A child only for a share worth its start-up. (Each process imports the analysis
        # itself, at once: on two cores that is quicker than importing it before forking.)
        workers = min(self.workers, len(waiting) // (PARALLEL_THRESHOLD // 2))
        shares = [waiting[index::workers] for index in range(workers)]
        self.children = [_Child(share, self.settings, self.catalogs) for share in shares[1:]]
        for count, path in enumerate(shares[0], 1):
            yield _check_file(path, self.settings, self.catalogs)
            if count % self.POLL_EVERY == 0:
                for child in self.children:
                    yield from child.ready(wait=False)
        for child in self.children:
            yield from child.ready(wait=True)
            child.stop()
        self.children = []


class _Child:
    """A forked process checking one share of the files (spawned where fork is not safe)."""

    def __init__(self, share: list[Path], settings: Settings, catalogs: CatalogSet) -> None:
        import multiprocessing

        method = "fork" if sys.platform.startswith("linux") else None
        context: Any = multiprocessing.get_context(method)
        self.share, self.settings, self.catalogs = share, settings, catalogs
        self.received = 0
        self.done = False
        self.connection, theirs = context.Pipe(duplex=False)
        self.process = context.Process(
            target=_check_share, args=(share, settings, catalogs, theirs), daemon=True
        )
        self.process.start()
        theirs.close()

    def ready(self, *, wait: bool) -> Iterator[FileResult]:
        """The results the child has sent; with ``wait``, all of them. Files of a child that
        died (killed, out of memory) are checked here instead."""
        while not self.done:
            try:  # (poll too: on Windows it raises once the writer is gone)
                if not wait and not self.connection.poll():
                    break
                batch = self.connection.recv()
            except (EOFError, OSError):
                break
            if batch is None:
                self.done = True
                break
            for stamp, findings, defined, pending, maybe in batch:
                path = self.share[self.received]
                self.received += 1
                yield FileResult(path, list(findings), stamp, defined, pending, maybe)
        if wait and not self.done:
            for path in self.share[self.received :]:
                yield _check_file(path, self.settings, self.catalogs)
            self.received, self.done = len(self.share), True

    def stop(self) -> None:
        if self.process.is_alive():  # first, so that it is not left writing to a closed pipe
            self.process.terminate()
        self.process.join()
        self.connection.close()


def _check_share(
    paths: list[Path], settings: Settings, catalogs: CatalogSet, connection: Any
) -> None:
    """A child's work: check ``paths`` and send compact results (no paths: the parent has
    them, in order) in batches, then ``None``."""
    batch: list[tuple[Any, ...]] = []
    for path in paths:
        result = _check_file(path, settings, catalogs)
        batch.append(
            (
                result.stamp,
                tuple(result.findings),
                result.definitions,
                result.pending,
                result.maybe,
            )
        )
        if len(batch) >= _Checker.BATCH:
            connection.send(batch)
            batch = []
    connection.send(batch)
    connection.send(None)
    connection.close()
