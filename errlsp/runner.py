"""Check many files: discovery, a persistent cache, and all cores for the parsing.

The pipeline is shaped by cost: reading and pre-filtering every file is cheap, libcst
parsing is expensive and done only around candidate lines; both run on a process pool
(all cores) when there are many files. Results are cached per file, keyed by size and mtime and
verified by content hash, under a fingerprint of the tool, settings and catalogs, so a
second run parses only what changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from errlsp import __version__
from errlsp.analysis.model import CodeReference, Finding, Fix, Position, Span
from errlsp.catalog import CatalogSet
from errlsp.config import SEVERITIES, Settings
from errlsp.rules import RULES
from errlsp.safeio import SkippedFile, UnreadableFile, is_regular, read_bytes, read_text

if TYPE_CHECKING:
    from errlsp.analysis.check import PendingUse
    from errlsp.analysis.symbols import Definition, ProjectIndex

# The analysis itself (``errlsp.analysis.check`` and what it needs) is imported where a file
# is analysed, not here: a warm run answers from the cache and never loads it.

DEFAULT_EXCLUDES = frozenset(
    {".git", ".hg", ".svn", ".venv", "venv", ".tox", ".nox", "node_modules", "__pycache__",
     ".mypy_cache", ".ruff_cache", ".pytest_cache", ".errlsp_cache", "build", "dist",
     "site-packages"}
)  # fmt: skip
PARALLEL_THRESHOLD = 16


@dataclass
class FileResult:
    path: Path
    findings: list[Finding] = field(default_factory=list)
    # What the cache records, taken when the file was read (never read twice).
    stamp: tuple[int, int, str] | None = None  # size, mtime_ns, content hash
    # Constants the file defines, and constants it uses from other files (resolved when the
    # whole project is indexed, so a cached file is re-judged when a constant changes).
    definitions: tuple[Definition, ...] = ()
    pending: tuple[PendingUse, ...] = ()


def discover(paths: Iterable[Path], settings: Settings) -> Iterator[Path]:
    """Python files under ``paths``, skipping excludes and what ``.gitignore`` ignores.

    A file named explicitly is always checked, as ruff does, unless config excludes it.
    The walk uses ``os.scandir`` entries and string paths: on a 3,000-file tree, ``os.walk``'s
    extra ``lstat`` calls and ``pathlib`` objects per entry cost more than reading the cache.
    """
    for root in paths:
        if not root.is_dir():  # a file, or a FIFO/device named explicitly: reported, unopened
            if not settings.is_excluded(root):
                yield root
            continue
        ignore = _gitignore(root, settings)
        excluded = settings.is_excluded if settings.exclude else None
        yield from _walk(str(root), "", ignore, excluded)


def _walk(folder: str, prefix: str, ignore: Any, excluded: Any) -> Iterator[Path]:
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError:
        return
    subfolders = []
    for entry in entries:
        name = entry.name
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            continue
        if is_dir:
            if name in DEFAULT_EXCLUDES or name.endswith(".egg-info"):
                continue
            if ignore is not None and ignore.match_file(f"{prefix}{name}/"):
                continue
            if excluded is not None and excluded(entry.path):
                continue
            subfolders.append(entry)
        elif name.endswith((".py", ".pyi")):
            # Non-regular entries (a FIFO, socket, device, dangling link) are yielded too, so
            # that ``_check_file`` reports them; it never opens them.
            if ignore is not None and ignore.match_file(prefix + name):
                continue
            if excluded is None or not excluded(entry.path):
                yield Path(entry.path)
    for entry in subfolders:
        yield from _walk(entry.path, f"{prefix}{entry.name}/", ignore, excluded)


def _gitignore(root: Path, settings: Settings) -> Any:
    lines: list[str] = []
    for folder in {root.resolve(), *(filter(None, [settings.root]))}:
        file = Path(folder) / ".gitignore"
        if file.is_file():
            with contextlib.suppress(UnreadableFile):
                lines.extend(read_text(file, "config", errors="replace").splitlines())
    if not lines:
        return None
    import pathspec  # only when there is something to match (its import is half a warm run's walk)

    return pathspec.GitIgnoreSpec.from_lines(lines)


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
    result.stamp = (stat.st_size, stat.st_mtime_ns, _digest(data))
    return result


def _digest(data: bytes) -> str:
    # SHA-256 is computed in hardware on current CPUs: half blake2b's time on Django's source.
    return hashlib.sha256(data).hexdigest()[:32]


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
        path, list(result.findings), definitions=result.definitions, pending=result.pending
    )


def _decode_position(data: bytes, error: UnicodeDecodeError | LookupError) -> Position:
    """Where decoding failed: the bad byte's line and column (a bad coding cookie: 1:1)."""
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
    start = at or Position(0, 0)
    end = Position(start.line, start.character + 1)
    return Finding("syntax-error", severity, message, Span(start, end))


# -- the cache ------------------------------------------------------------------------------
def fingerprint(settings: Settings, catalogs: CatalogSet) -> str:
    """Changes whenever anything that affects findings changes: tool, settings, catalogs."""
    digest = hashlib.blake2b(digest_size=12)
    digest.update(__version__.encode())
    digest.update(repr(sorted(asdict(settings).items(), key=lambda kv: kv[0])).encode())
    for catalog in catalogs:
        digest.update(repr((catalog.name, catalog.path, len(catalog))).encode())
        if catalog.path:
            with contextlib.suppress(UnreadableFile):
                digest.update(read_bytes(catalog.path, "catalog")[0])
    return digest.hexdigest()


class ResultCache:
    """One JSON file per fingerprint: path -> size, mtime, hash, findings, constants, seal.

    The file is data anyone can edit or break, so nothing in it is trusted: an entry of the
    wrong shape, one whose ``seal`` (a digest of its hash and contents) does not match, or one
    whose file changed is a miss, and the file is checked again. A cache file that is not a
    regular file (a FIFO in its place) is reported through ``warn`` and never opened.
    """

    def __init__(self, folder: Path, key: str, warn: Callable[[str], None] | None = None) -> None:
        self.file = folder / f"check-{key}.json"
        self.folder = folder
        self.entries: dict[str, Any] = {}
        self.dirty = False
        try:
            loaded = json.loads(read_bytes(self.file, "cache")[0])
        except UnreadableFile as error:
            if os.path.lexists(self.file):  # a missing cache is normal; a FIFO is not
                (warn or _warn)(f"cache ignored: {error}")
            loaded = {}
        except (ValueError, RecursionError):
            loaded = {}
        self.entries = loaded if isinstance(loaded, dict) else {}

    def lookup(self, path: Path) -> list[Finding] | None:
        entry = self.entries.get(str(path))
        findings = _valid_findings(entry)
        if findings is None or not isinstance(entry, dict):
            return None
        try:
            stat = path.stat()
        except OSError:
            return None
        if entry["size"] != stat.st_size:
            return None
        if entry["mtime"] != stat.st_mtime_ns:
            try:
                data = read_bytes(path, "source")[0]
            except UnreadableFile:
                return None
            if _digest(data) != entry["hash"]:
                return None
            entry["mtime"] = stat.st_mtime_ns
            self.dirty = True
        return findings

    def constants(self, path: Path) -> tuple[tuple[Definition, ...], tuple[PendingUse, ...]]:
        """The constants a cached file defines and uses (see ``lookup``)."""
        entry = self.entries.get(str(path), {})
        defined = tuple(_definition_from_json(item) for item in entry.get("definitions", ()))
        pending = tuple(_pending_from_json(item) for item in entry.get("pending", ()))
        return defined, pending

    def store(self, result: FileResult) -> None:
        if result.stamp is None:
            return  # unreadable: check it again next time
        size, mtime, digest = result.stamp
        entry: dict[str, Any] = {
            "size": size,
            "mtime": mtime,
            "hash": digest,
            "findings": [finding_to_json(item) for item in result.findings],
            "definitions": [asdict(item) for item in result.definitions],
            "pending": [asdict(item) for item in result.pending],
        }
        entry["seal"] = _seal(entry)
        self.entries[str(result.path)] = entry
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not is_regular(ignore):  # absent, or a FIFO that writing would block on
                ignore.unlink(missing_ok=True)
                ignore.write_text("*\n", encoding="utf-8")
            for stale in self.folder.glob("check-*.json"):
                if stale != self.file:
                    stale.unlink(missing_ok=True)
            temporary = self.file.with_suffix(".tmp")
            temporary.unlink(missing_ok=True)  # never write into a FIFO left in its place
            temporary.write_text(json.dumps(self.entries), encoding="utf-8")
            temporary.replace(self.file)
        except OSError:
            pass  # a read-only tree still gets checked, just not cached


def _warn(message: str) -> None:
    sys.stderr.write(f"warning: {message}\n")


def _seal(entry: dict[str, Any]) -> str:
    """A digest of what an entry says, so a hand-edited entry shows as a miss (``mtime`` is
    left out: it is refreshed in place when a touched file's content is unchanged)."""
    sealed = [entry.get(key) for key in ("size", "hash", "findings", "definitions", "pending")]
    if sealed[2:] == [[], [], []]:  # a clean file (nearly all): no JSON encoding per entry
        text = f"{sealed[0]!r}|{sealed[1]!r}"
    else:
        text = json.dumps(sealed, sort_keys=True, separators=(",", ":"))
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def _valid_findings(entry: Any) -> list[Finding] | None:
    """The findings of a well-formed, untampered cache entry; None for anything else.

    Its constants are parsed too (``ResultCache.constants`` reads them later), so an entry
    that would fail there is a miss here.
    """
    if not isinstance(entry, dict):
        return None
    size, mtime, digest = entry.get("size"), entry.get("mtime"), entry.get("hash")
    findings = entry.get("findings")
    if not (
        type(size) is int
        and type(mtime) is int
        and isinstance(digest, str)
        and isinstance(findings, list)
        and isinstance(entry.get("definitions", []), list)
        and isinstance(entry.get("pending", []), list)
        and entry.get("seal") == _seal(entry)
    ):
        return None
    try:
        for item in entry.get("definitions", ()):
            _definition_from_json(item)
        for item in entry.get("pending", ()):
            _pending_from_json(item)
        return [finding_from_json(item) for item in findings]
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _span_from_json(value: dict[str, Any]) -> Span:
    return Span(Position(**value["start"]), Position(**value["end"]))


def _definition_from_json(data: dict[str, Any]) -> Definition:
    from errlsp.analysis.symbols import Definition

    return Definition(
        data["qualname"],
        data["value"],
        _span_from_json(data["span"]),
        _span_from_json(data["inner"]),
        data["in_enum"],
    )


def _pending_from_json(data: dict[str, Any]) -> PendingUse:
    from errlsp.analysis.check import PendingUse

    ref = data["reference"]
    reference = CodeReference(
        ref["code"],
        _span_from_json(ref["span"]),
        _span_from_json(ref["inner"]),
        ref["kind"],
        ref["names_api"],
        ref["status"],
        tuple(ref["field"]) if ref["field"] is not None else None,
        tuple(ref["catalogs"]),
        ref["strict"],
        ref["symbol"],
    )
    suppression = data["suppression"]
    return PendingUse(
        reference, data["target"], tuple(suppression) if suppression is not None else None
    )


def finding_to_json(finding: Finding) -> dict[str, Any]:
    return asdict(finding)


def finding_from_json(data: dict[str, Any]) -> Finding:
    """The inverse of ``finding_to_json``; raises ``ValueError`` (or ``KeyError``,
    ``TypeError``) for data of another shape."""

    def position(value: dict[str, Any]) -> Position:
        line, character = value["line"], value["character"]
        if type(line) is not int or type(character) is not int or min(line, character) < 0:
            raise ValueError(f"bad position {value!r}")
        return Position(line, character)

    def span(value: dict[str, Any]) -> Span:
        return Span(position(value["start"]), position(value["end"]))

    def text(value: Any) -> str:
        if not isinstance(value, str):
            raise ValueError(f"expected a string, got {value!r}")
        return value

    def optional(value: Any) -> str | None:
        return None if value is None else text(value)

    rule, severity = data["rule"], data["severity"]
    if rule not in RULES or severity not in SEVERITIES:
        raise ValueError(f"unknown rule or severity {rule!r}, {severity!r}")
    fix = data.get("fix")
    return Finding(
        rule=rule,
        severity=severity,
        message=text(data["message"]),
        span=span(data["span"]),
        code=optional(data.get("code")),
        catalog=optional(data.get("catalog")),
        suggestions=tuple(text(item) for item in data.get("suggestions", ())),
        fix=_fix_from_json(fix, span) if fix else None,
    )


def _fix_from_json(data: dict[str, Any], span: Callable[[dict[str, Any]], Span]) -> Fix:
    safe = data.get("safe", True)
    if not isinstance(safe, bool):
        raise ValueError(f"expected true or false, got {safe!r}")
    title, replacement = data["title"], data["replacement"]
    if not isinstance(title, str) or not isinstance(replacement, str):
        raise ValueError("expected strings for a fix's title and replacement")
    return Fix(title, span(data["span"]), replacement, safe)


# -- running ----------------------------------------------------------------------------------
def run_check(
    files: list[Path],
    settings: Settings,
    catalogs: CatalogSet,
    *,
    cache_dir: Path | None,
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
    warn: Callable[[str], None] | None = None,
) -> list[FileResult]:
    """Findings for every file, in the order given; cached results are reused.

    ``warn`` receives one-line problems that do not stop the run (default: stderr).
    """
    key = fingerprint(settings, catalogs)
    cache = ResultCache(cache_dir, key, warn) if cache_dir else None
    results: dict[Path, FileResult] = {}
    pending: list[Path] = []
    for path in files:
        cached = cache.lookup(path) if cache else None
        if cached is not None and cache is not None:
            defined, uses = cache.constants(path)
            results[path] = FileResult(path, cached, definitions=defined, pending=uses)
            if progress:
                progress(1)
            continue
        pending.append(path)
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    for result in _check_many(pending, settings, catalogs, workers, progress):
        results[result.path] = result
        if cache:
            cache.store(result)
    if cache:
        cache.save()
    _resolve_constants(list(results.values()), settings, catalogs)
    return [results[path] for path in files]


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


def _resolve_constants(results: list[FileResult], settings: Settings, catalogs: CatalogSet) -> None:
    """Judge the constants files use from other files, now that every file is indexed."""
    if not any(result.pending for result in results):
        return
    from errlsp.analysis.check import resolve_pending

    index = project_index(results, settings)
    for result in results:
        if result.pending:
            found = resolve_pending(result.pending, index, settings, catalogs, result.path)
            if found:
                result.findings = sorted(
                    [*result.findings, *found], key=lambda finding: finding.span.start
                )


def _check_many(
    files: list[Path],
    settings: Settings,
    catalogs: CatalogSet,
    workers: int,
    progress: Callable[[int], None] | None,
) -> Iterator[FileResult]:
    if workers <= 1 or len(files) < PARALLEL_THRESHOLD:
        for path in files:
            yield _check_file(path, settings, catalogs)
            if progress:
                progress(1)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if sys.platform.startswith("linux") else None
    context = multiprocessing.get_context(method)
    chunk = max(1, len(files) // (workers * 4))
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_init_worker, initargs=(settings, catalogs)
    ) as pool:
        for result in pool.map(_check_worker, files, chunksize=chunk):
            yield result
            if progress:
                progress(1)


# Each worker receives settings and catalogs once, at start-up, not with every file.
_WORKER_STATE: list[tuple[Settings, CatalogSet]] = []


def _init_worker(settings: Settings, catalogs: CatalogSet) -> None:
    _WORKER_STATE[:] = [(settings, catalogs)]


def _check_worker(path: Path) -> FileResult:
    settings, catalogs = _WORKER_STATE[0]
    return _check_file(path, settings, catalogs)
