"""Check many files: discovery, a persistent cache, and all cores for the parsing.

The pipeline is shaped by cost: reading and pre-filtering every file is cheap, libcst
parsing is expensive and done only around candidate lines; both run on a process pool
(all cores) when there are many files. Results are cached per file, keyed by size and mtime and
verified by content hash, under a fingerprint of the tool, settings and catalogs, so a
second run parses only what changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from errlsp import __version__
from errlsp.analysis import Finding, Fix, Position, Span, check_source
from errlsp.analysis.contexts import settings_contexts
from errlsp.catalog import CatalogSet
from errlsp.config import Settings

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


def discover(paths: Iterable[Path], settings: Settings) -> Iterator[Path]:
    """Python files under ``paths``, skipping excludes and what ``.gitignore`` ignores.

    A file named explicitly is always checked, as ruff does, unless config excludes it.
    The walk uses ``os.scandir`` entries and string paths: on a 3,000-file tree, ``os.walk``'s
    extra ``lstat`` calls and ``pathlib`` objects per entry cost more than reading the cache.
    """
    for root in paths:
        if root.is_file():
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
            if ignore is not None and ignore.match_file(prefix + name):
                continue
            if excluded is None or not excluded(entry.path):
                yield Path(entry.path)
    for entry in subfolders:
        yield from _walk(entry.path, f"{prefix}{entry.name}/", ignore, excluded)


def _gitignore(root: Path, settings: Settings) -> Any:
    import pathspec

    lines: list[str] = []
    for folder in {root.resolve(), *(filter(None, [settings.root]))}:
        file = Path(folder) / ".gitignore"
        if file.is_file():
            lines.extend(file.read_text(encoding="utf-8", errors="replace").splitlines())
    return pathspec.GitIgnoreSpec.from_lines(lines) if lines else None


def source_encoding(data: bytes) -> str:
    """The encoding Python would read ``data`` with: BOM, coding cookie, else UTF-8."""
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
        stat = path.stat()
        data = path.read_bytes()
    except OSError as error:
        return FileResult(path, [_file_problem(f"cannot read file: {error.strerror}")])
    result = _check_data(path, data, settings, catalogs)
    result.stamp = (stat.st_size, stat.st_mtime_ns, _digest(data))
    return result


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _check_data(path: Path, data: bytes, settings: Settings, catalogs: CatalogSet) -> FileResult:
    try:
        text = decode_source(data)
    except (UnicodeDecodeError, LookupError) as error:
        # Only worth a finding if the file might hold references at all.
        lenient = data.decode("utf-8", errors="replace")
        if not settings_contexts(settings).prefilter.search(lenient):
            return FileResult(path, [])
        return FileResult(path, [_file_problem(f"cannot decode file: {error}")])
    return FileResult(path, check_source(text, settings, catalogs, path=path))


def _file_problem(message: str) -> Finding:
    return Finding("syntax-error", "error", message, Span(Position(0, 0), Position(0, 1)))


# -- the cache ------------------------------------------------------------------------------
def fingerprint(settings: Settings, catalogs: CatalogSet) -> str:
    """Changes whenever anything that affects findings changes: tool, settings, catalogs."""
    digest = hashlib.blake2b(digest_size=12)
    digest.update(__version__.encode())
    digest.update(repr(sorted(asdict(settings).items(), key=lambda kv: kv[0])).encode())
    for catalog in catalogs:
        digest.update(repr((catalog.name, catalog.path, len(catalog))).encode())
        if catalog.path and Path(catalog.path).is_file():
            digest.update(Path(catalog.path).read_bytes())
    return digest.hexdigest()


class ResultCache:
    """One JSON file per fingerprint: path -> (size, mtime, hash, findings)."""

    def __init__(self, folder: Path, key: str) -> None:
        self.file = folder / f"check-{key}.json"
        self.folder = folder
        self.entries: dict[str, Any] = {}
        self.dirty = False
        try:
            self.entries = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.entries = {}

    def lookup(self, path: Path) -> list[Finding] | None:
        entry = self.entries.get(str(path))
        if entry is None:
            return None
        try:
            stat = path.stat()
        except OSError:
            return None
        if entry["size"] != stat.st_size:
            return None
        if entry["mtime"] != stat.st_mtime_ns:
            if _digest(path.read_bytes()) != entry["hash"]:
                return None
            entry["mtime"] = stat.st_mtime_ns
            self.dirty = True
        return [finding_from_json(item) for item in entry["findings"]]

    def store(self, result: FileResult) -> None:
        if result.stamp is None:
            return  # unreadable: check it again next time
        size, mtime, digest = result.stamp
        self.entries[str(result.path)] = {
            "size": size,
            "mtime": mtime,
            "hash": digest,
            "findings": [finding_to_json(item) for item in result.findings],
        }
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / ".gitignore").write_text("*\n", encoding="utf-8")
            for stale in self.folder.glob("check-*.json"):
                if stale != self.file:
                    stale.unlink(missing_ok=True)
            temporary = self.file.with_suffix(".tmp")
            temporary.write_text(json.dumps(self.entries), encoding="utf-8")
            temporary.replace(self.file)
        except OSError:
            pass  # a read-only tree still gets checked, just not cached


def finding_to_json(finding: Finding) -> dict[str, Any]:
    return asdict(finding)


def finding_from_json(data: dict[str, Any]) -> Finding:
    def span(value: dict[str, Any]) -> Span:
        return Span(Position(**value["start"]), Position(**value["end"]))

    fix = data.get("fix")
    return Finding(
        rule=data["rule"],
        severity=data["severity"],
        message=data["message"],
        span=span(data["span"]),
        code=data.get("code"),
        catalog=data.get("catalog"),
        suggestions=tuple(data.get("suggestions", ())),
        fix=Fix(fix["title"], span(fix["span"]), fix["replacement"], fix.get("safe", True))
        if fix
        else None,
    )


# -- running ----------------------------------------------------------------------------------
def run_check(
    files: list[Path],
    settings: Settings,
    catalogs: CatalogSet,
    *,
    cache_dir: Path | None,
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[FileResult]:
    """Findings for every file, in the order given; cached results are reused."""
    cache = ResultCache(cache_dir, fingerprint(settings, catalogs)) if cache_dir else None
    results: dict[Path, FileResult] = {}
    pending: list[Path] = []
    for path in files:
        cached = cache.lookup(path) if cache else None
        if cached is not None:
            results[path] = FileResult(path, cached)
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
    return [results[path] for path in files]


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
