"""Check many files: the cache first, then all cores for what it does not hold.

The pipeline is shaped by cost: reading and pre-filtering every file is cheap, libcst
parsing is expensive and done only around candidate lines; both run in forked children
(all cores) when there are many files. Results are cached per file (``errlsp.cache``), so a
second run parses only what changed; files are found by ``errlsp.walk``.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections import deque
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


def _check_file(path: str | Path, settings: Settings, catalogs: CatalogSet) -> FileResult:
    try:
        data, stat = read_bytes(path, "source")
    except UnreadableFile as error:
        skipped = isinstance(error, SkippedFile)  # chosen, not a failure: a warning
        return FileResult(path, [_file_problem(error.reason, "warning" if skipped else "error")])
    result = _check_data(path, data, settings, catalogs)
    result.stamp = (stat.st_size, stat.st_mtime_ns, digest(data))
    return result


def _check_data(
    path: str | Path, data: bytes, settings: Settings, catalogs: CatalogSet
) -> FileResult:
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
    files: Iterable[str | Path],
    settings: Settings,
    catalogs: CatalogSet | Callable[[], CatalogSet],
    *,
    cache_dir: Path | None,
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
    warn: Callable[[str], None] | None = None,
) -> list[FileResult]:
    """Findings for every file, in the order given; cached results are reused.

    ``files`` may be a generator (``discover_names``: strings, a ``Path`` made only where
    one is needed): each file is looked up in the cache as it is found, and what is not
    cached is checked on all cores (see ``_Checker``). ``warn`` receives one-line problems
    that do not stop the run (default: stderr).

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
        results[result.name] = result
        if cache:
            cache.store(result)
        if progress:
            progress(1)

    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    with _Checker(settings, load, workers) as checker:
        for path in files:
            name = path if type(path) is str else str(path)
            order.append(name)
            cached = cache.lookup(name) if cache else None
            if cached is not None:
                results[name] = cached
                if progress:
                    progress(1)
                continue
            for result in checker.add(name):
                record(result)
        for result in checker.finish():
            record(result)
        if cache:  # while the children, told to end, exit: they are reaped after it
            cache.save()
    _resolve_constants([results[name] for name in dict.fromkeys(order)], settings, load)
    return [results[name] for name in order]


def _once(catalogs: CatalogSet | Callable[[], CatalogSet]) -> Callable[[], CatalogSet]:
    """A loader that runs at most once (the catalogs themselves, if given)."""
    if callable(catalogs):
        return functools.cache(catalogs)
    return lambda: catalogs


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
    """Checks the files taken: here when they are few, else also in forked children, all of
    them drawing from one queue.

    Children start as soon as ``PARALLEL_THRESHOLD`` files wait, while the walk goes on: a
    child checks its first files while this process is still listing folders. Each child is
    sent ``CHUNK`` paths at a time (fewer as the queue empties, once the walk is done), two
    chunks ahead, and a new chunk whenever it returns one; once the walk is done this process
    checks files from the same queue, looking at the children's pipes between files. So every
    process works until the queue is empty, whatever the files cost (a static split of Django
    left one process idle for the last tenth of the run). No pool and no thread: on Django an
    executor's threads cost the main process a tenth of a second of GIL hand-overs.
    """

    CHUNK = 24  # paths per message to a child
    AHEAD = 2  # chunks a child holds, so that it never waits for the next one
    POLL_EVERY = 4  # files checked here between looks at the children's pipes

    def __init__(self, settings: Settings, load: Callable[[], CatalogSet], workers: int) -> None:
        self.settings, self.load, self.workers = settings, load, workers
        self.waiting: deque[str] = deque()  # names of the files to check
        self.children: list[_Child] = []
        self.started = False
        self.walked = False  # every file taken: the queue only shrinks from here
        self.taken = 0

    @property
    def catalogs(self) -> CatalogSet:
        return self.load()  # loaded when the first file is checked (before any fork)

    def __enter__(self) -> _Checker:
        return self

    def __exit__(self, *exc: object) -> None:
        for child in self.children:  # told to end by ``finish``, unless this run was interrupted
            child.stop()
        self.children = []

    def add(self, name: str) -> Iterator[FileResult]:
        """Take the file at ``name``; checked at once when there is one process, else queued."""
        if self.workers <= 1:
            yield _check_file(name, self.settings, self.catalogs)
            return
        self.waiting.append(name)
        self.taken += 1
        if not self.started and len(self.waiting) >= PARALLEL_THRESHOLD:
            self.started = True
            catalogs = self.catalogs
            # Imported once, here, and inherited: every process needs it, and importing it in
            # each, in parallel, cost two cores 22 ms of CPU each.
            import errlsp.analysis.check  # noqa: F401
            import errlsp.analysis.contexts  # noqa: F401

            inherited: list[int] = []  # pipe ends of the children started before, to close
            for _ in range(self.workers - 1):
                try:
                    self.children.append(_Child(self.settings, catalogs, inherited))
                except OSError:  # no process to be had (a limit, no memory): fewer children
                    break
        if self.children and self.taken % self.POLL_EVERY == 0:
            yield from self._serve(wait=False)

    def finish(self) -> Iterator[FileResult]:
        """The results of every file taken and not yet yielded."""
        self.walked = True
        count = 0
        while self.waiting:
            if count % self.POLL_EVERY == 0 and self.children:
                yield from self._serve(wait=False)
            if self.waiting:
                yield _check_file(self.waiting.pop(), self.settings, self.catalogs)
                count += 1
        while any(child.chunks for child in self.children):
            yield from self._serve(wait=True)
            while self.waiting:  # a child died: its files are checked here
                yield _check_file(self.waiting.pop(), self.settings, self.catalogs)
        for child in self.children:  # reaped on leaving: a child takes a while to exit
            child.tell_to_end()

    def _serve(self, *, wait: bool) -> Iterator[FileResult]:
        """Collect what the children have sent and keep each one ``AHEAD`` chunks ahead;
        with ``wait``, first block until a child that holds chunks answers."""
        if wait:
            busy = next((child for child in self.children if child.chunks), None)
            if busy is not None:
                yield from self._collect(busy, wait=True)
        for child in self.children:
            yield from self._collect(child, wait=False)

    def _collect(self, child: _Child, *, wait: bool) -> Iterator[FileResult]:
        yield from child.results(wait=wait)
        if child.dead:  # its chunks sent but never answered are checked by the others
            for chunk in child.chunks:
                self.waiting.extend(chunk)
            child.chunks.clear()
            return
        while len(child.chunks) < self.AHEAD and self.waiting:
            size = min(self.CHUNK, len(self.waiting))
            if self.walked:  # smaller chunks as the queue empties, so that all end together
                size = min(size, max(1, len(self.waiting) // (self.AHEAD * self.workers)))
            child.send([self.waiting.popleft() for _ in range(size)])


class _Child:
    """A forked process checking the chunks of paths it is sent (spawned where fork is not
    safe), and sending back compact results, a list per chunk, in order."""

    def __init__(self, settings: Settings, catalogs: CatalogSet, inherited: list[int]) -> None:
        self.chunks: deque[list[str]] = deque()  # sent, not yet answered
        self.dead = False
        self.told = False  # to end
        self.pid = 0
        self.process: Any = None
        if sys.platform.startswith("linux"):
            self.connection: Any = self._fork(settings, catalogs, inherited)
        else:
            import multiprocessing

            self.connection, theirs = multiprocessing.Pipe(duplex=True)
            self.process = multiprocessing.Process(
                target=_check_chunks, args=(settings, catalogs, theirs), daemon=True
            )
            self.process.start()
            theirs.close()

    def _fork(self, settings: Settings, catalogs: CatalogSet, inherited: list[int]) -> _Pipe:
        """``os.fork`` with two pipes: importing multiprocessing and starting its Process
        cost 20 ms, on the path of every cold run; a fork costs a third of one."""
        ours_in, theirs_out = os.pipe()
        theirs_in, ours_out = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            for descriptor in (ours_in, theirs_out, theirs_in, ours_out):
                os.close(descriptor)
            raise
        if pid == 0:  # the child: it never returns from here
            code = 1
            try:
                for descriptor in (ours_in, ours_out, *inherited):
                    os.close(descriptor)
                _check_chunks(settings, catalogs, _Pipe(theirs_in, theirs_out))
                code = 0
            finally:
                os._exit(code)
        os.close(theirs_in)
        os.close(theirs_out)
        self.pid = pid
        inherited.extend((ours_in, ours_out))  # the next child closes them
        return _Pipe(ours_in, ours_out)

    def send(self, chunk: list[str]) -> None:
        try:
            self.connection.send(chunk)
        except OSError:
            self.dead = True
        self.chunks.append(chunk)  # (if it died, the chunk is taken back with the others)

    def results(self, *, wait: bool) -> Iterator[FileResult]:
        """The results of the chunks answered so far; with ``wait``, at least one chunk's.
        A child found dead (killed, out of memory) is marked so; its chunks are kept."""
        while self.chunks and not self.dead:
            try:  # (poll too: on Windows it raises once the writer is gone)
                if not wait and not self.connection.poll():
                    return
                answer = self.connection.recv()
            except (EOFError, OSError):
                self.dead = True
                return
            chunk = self.chunks.popleft()
            for name, (stamp, findings, defined, pending, maybe) in zip(chunk, answer, strict=True):
                yield FileResult(name, list(findings), stamp, defined, pending, maybe)
            wait = False

    def tell_to_end(self) -> None:
        """Tell it to end (it is waiting for a chunk), without waiting for it to exit."""
        if not self.told:
            self.told = True
            with contextlib.suppress(OSError):
                self.connection.send(None)

    def stop(self) -> None:
        """Tell it to end, and reap it; killed if it does not end within a second."""
        self.tell_to_end()
        if self.process is not None:
            self.process.join(timeout=1)
            if self.process.is_alive():
                self.process.terminate()
            self.process.join()
        elif self.pid:
            _reap(self.pid)
        self.connection.close()


def _reap(pid: int) -> None:
    import signal
    import time

    pause, waited = 0.0005, 0.0
    while waited < 1:  # a second, then it is killed
        with contextlib.suppress(ChildProcessError):
            if os.waitpid(pid, os.WNOHANG)[0]:
                return
            # Short pauses first: a child told to end exits within a few milliseconds, and
            # a first pause of 10 ms was a thirtieth of a cold run of Django.
            time.sleep(pause)
            waited += pause
            pause = min(pause * 2, 0.02)
            continue
        return  # not our child any more
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


class _Pipe:
    """One end of two pipes speaking length-prefixed pickles: what ``_check_chunks`` needs of
    multiprocessing's ``Connection``, for a forked child (the data are our own objects).
    (pickle and select are imported here: a warm run that checks nothing never needs them.)"""

    def __init__(self, reading: int, writing: int) -> None:
        import pickle
        import select

        self.reading, self.writing = reading, writing
        self._pickle, self._select = pickle, select

    def send(self, value: object) -> None:
        data = self._pickle.dumps(value, self._pickle.HIGHEST_PROTOCOL)
        view = memoryview(len(data).to_bytes(8, "little") + data)
        while view:
            view = view[os.write(self.writing, view) :]

    def recv(self) -> Any:
        size = int.from_bytes(self._exactly(8), "little")
        return self._pickle.loads(self._exactly(size))

    def _exactly(self, size: int) -> bytes:
        chunks: list[bytes] = []
        while size > 0:
            chunk = os.read(self.reading, min(size, 1 << 20))
            if not chunk:
                raise EOFError("the other end closed its pipe")
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)

    def poll(self) -> bool:
        return bool(self._select.select([self.reading], [], [], 0)[0])

    def close(self) -> None:
        for descriptor in (self.reading, self.writing):
            with contextlib.suppress(OSError):
                os.close(descriptor)


def _check_chunks(settings: Settings, catalogs: CatalogSet, connection: Any) -> None:
    """A child's work: check each chunk of paths it receives, answer with compact results
    (no paths: the parent has them, in order), until it receives ``None``."""
    while True:
        try:
            chunk = connection.recv()
        except (EOFError, OSError):
            break
        if chunk is None:
            break
        answer = []
        for name in chunk:
            result = _check_file(name, settings, catalogs)
            answer.append(
                (result.stamp, tuple(result.findings), result.definitions, result.pending,
                 result.maybe)
            )  # fmt: skip
        connection.send(answer)
    connection.close()
