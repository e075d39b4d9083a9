"""Find the Python files to check: excludes, ``.gitignore``, and last run's listings.

A warm ``errlsp check`` of Django spends more time listing its 3,267 folders than looking up
its 2,912 files in the result cache, and ruff's whole run is only a few times that. A folder's
entries change only with its own mtime (creating, removing or renaming an entry sets it), so
``Listings`` keeps each folder's filtered listing from the last run with its mtime and inode,
and a folder that still has both is read back, not listed: one ``stat`` instead of a
``scandir``, a sort and the filters. As git does for its index, a listing is kept only for a
folder whose mtime is older than the run by more than a filesystem's timestamp step, so a
change in the same tick as the listing can never hide. The listings are kept per root, under
a digest of what filters them (``.gitignore`` lines, ``exclude``, the root): a change there
throws them away.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from errlsp import __version__
from errlsp.cache import has_results
from errlsp.config import Settings
from errlsp.safeio import UnreadableFile, read_bytes, read_text
from errlsp.sealed import unsealed, write_sealed

DEFAULT_EXCLUDES = frozenset(
    {".git", ".hg", ".svn", ".venv", "venv", ".tox", ".nox", "node_modules", "__pycache__",
     ".mypy_cache", ".ruff_cache", ".pytest_cache", ".errlsp_cache", "build", "dist",
     "site-packages"}
)  # fmt: skip

# Coarse filesystems stamp whole seconds (FAT two): a folder changed less than this before
# the run may change again in the same tick after it, so its listing is not kept.
_TICK_NS = 3_000_000_000

Listing = tuple[list[str], list[str]]  # (Python files, subfolders to walk), names sorted


class Listings:
    """Last run's folder listings, one sealed file (``walk.json``) in the cache folder.

    ``{root: {"rules": digest, "folders": {relative: [mtime_ns, inode, files, subfolders]}}}``,
    ``relative`` the folder's path under its root, ``""`` or ending in ``/``.
    Nothing in it is trusted: a bad seal reads as empty, an entry of the wrong shape is a
    miss, and a folder is listed again whenever its mtime or inode differ.
    """

    def __init__(self, folder: Path) -> None:
        self.file = folder / "walk.json"
        self._started = time.time_ns()
        try:
            loaded = unsealed(read_bytes(self.file, "cache")[0])
        except (UnreadableFile, ValueError, RecursionError):
            loaded = {}
        self._old: dict[str, Any] = loaded if isinstance(loaded, dict) else {}
        self._new: dict[str, Any] = {}
        self._dirty = False
        # Kept from the second run on: a first run (no cache at all yet, a fresh clone in CI
        # whose cache is thrown away) does not pay a ``stat`` per folder for them.
        self.keeping = bool(self._old) or has_results(folder)

    def root(self, root: str, rules: str) -> _RootListings:
        """The listings under ``root``, kept only if they were made with the same ``rules``."""
        old = self._old.get(root)
        folders = None
        if isinstance(old, dict) and old.get("rules") == rules:
            folders = old.get("folders")
        new: dict[str, Any] = {}
        self._new[root] = {"rules": rules, "folders": new}
        return _RootListings(self, folders if isinstance(folders, dict) else {}, new)

    def save(self) -> None:
        if not self._dirty and self._new.keys() >= self._old.keys():
            return
        with contextlib.suppress(OSError):  # a read-only tree is still checked, just not cached
            write_sealed(self.file, {**self._old, **self._new})


class _RootListings:
    def __init__(self, owner: Listings, old: dict[str, Any], new: dict[str, Any]) -> None:
        self._owner = owner
        self._old = old
        self._new = new

    def get(self, folder: str, stat: os.stat_result) -> Listing | None:
        """The kept listing of ``folder`` (relative to the root) if it is still current."""
        entry = self._old.get(folder)
        try:
            mtime, inode, files, subfolders = entry  # type: ignore[misc]
        except (TypeError, ValueError):
            return None
        if mtime != stat.st_mtime_ns or inode != stat.st_ino:
            return None
        if not (
            isinstance(files, list)
            and isinstance(subfolders, list)
            and all(map(_plain_name, files))
            and all(map(_plain_name, subfolders))
        ):
            return None  # a forged entry must not lead the walk out of its folder
        self._new[folder] = entry
        return files, subfolders

    def put(self, folder: str, stat: os.stat_result, listing: Listing) -> None:
        if self._owner._started - stat.st_mtime_ns < _TICK_NS:
            return  # too recent to trust its mtime next time
        self._new[folder] = [stat.st_mtime_ns, stat.st_ino, *listing]
        self._owner._dirty = True


def _plain_name(name: object) -> bool:
    return (
        type(name) is str
        and name not in ("", ".", "..")
        and "/" not in name
        and os.sep not in name
        and "\0" not in name
    )


def discover(
    paths: Iterable[Path], settings: Settings, listings: Listings | None = None
) -> Iterator[Path]:
    """Python files under ``paths``, as ``discover_names`` finds them, as ``Path`` objects."""
    for name in discover_names(paths, settings, listings):
        yield Path(name)


def discover_names(
    paths: Iterable[Path], settings: Settings, listings: Listings | None = None
) -> Iterator[str]:
    """Python files under ``paths``, skipping excludes and what ``.gitignore`` ignores.

    A file named explicitly is always checked, as ruff does, unless config excludes it.
    The walk uses ``os.scandir`` entries and string paths: on a 3,000-file tree, ``os.walk``'s
    extra ``lstat`` calls and ``pathlib`` objects per entry cost more than reading the cache.
    Each name is ``str`` of the ``Path`` it stands for (joined from a root that is a ``Path``,
    so already in its normal form). With ``listings``, unchanged folders are not listed again
    (see the module's docstring).
    """
    for root in paths:
        if not root.is_dir():  # a file, or a FIFO/device named explicitly: reported, unopened
            if not settings.is_excluded(root):
                yield str(root)
            continue
        lines = _gitignore_lines(root, settings)
        ignore = _gitignore(lines)
        excluded = settings.is_excluded if settings.exclude else None
        known = None
        if listings is not None and listings.keeping:
            rules = repr((__version__, lines, settings.exclude, str(settings.root)))
            known = listings.root(str(root), hashlib.blake2b(rules.encode()).hexdigest())
        # ``Path(".") / "a.py"`` is ``a.py``: the walk lists ``./`` and names drop it, so that
        # ``check .`` and ``check a.py`` share their cache entries.
        cut = len(os.curdir + os.sep) if str(root) == os.curdir else 0
        for folder, names in _walk(str(root), ignore, excluded, known):
            base = folder[cut:]
            for name in names:
                yield base + name


def _walk(
    root: str, ignore: Any, excluded: Any, known: _RootListings | None
) -> Iterator[tuple[str, list[str]]]:
    """Each folder holding Python files (ready for a name: with its trailing separator), with
    their names: files first, then subfolders, each in name order, depth first. A stack, not
    recursion: every file yielded through nested ``yield from`` would pass each level's frame."""
    # The root with a separator after it, as ``Path`` would join it: "/" has one already,
    # and Windows's drive-relative "C:" takes none.
    stack = [(os.path.join(root, ""), "")]
    while stack:
        folder, prefix = stack.pop()
        stat = None
        listing = None
        if known is not None:
            try:
                stat = os.stat(folder)
            except OSError:
                continue
            listing = known.get(prefix, stat)
        if listing is None:
            listing = _list(folder, prefix, ignore, excluded)
            if listing is None:
                continue
            if known is not None and stat is not None:
                known.put(prefix, stat, listing)
        files, subfolders = listing
        if files:
            yield folder, files
        for name in reversed(subfolders):
            stack.append((f"{folder}{name}{os.sep}", f"{prefix}{name}/"))


def _list(folder: str, prefix: str, ignore: Any, excluded: Any) -> Listing | None:
    """The Python files and the subfolders to walk of ``folder``; None if it can't be listed."""
    try:
        with os.scandir(folder) as scan:
            entries = list(scan)
    except OSError:
        return None
    files: list[str] = []
    subfolders: list[str] = []
    for entry in entries:  # (sorted once filtered: most entries of a tree are no Python file)
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
            subfolders.append(name)
        elif name.endswith((".py", ".pyi")):
            # Non-regular entries (a FIFO, socket, device, dangling link) are listed too, so
            # that the check reports them; it never opens them.
            if ignore is not None and ignore.match_file(prefix + name):
                continue
            if excluded is None or not excluded(entry.path):
                files.append(name)
    files.sort()
    subfolders.sort()
    return files, subfolders


def _gitignore_lines(root: Path, settings: Settings) -> tuple[str, ...]:
    lines: list[str] = []
    for folder in sorted({root.resolve(), *(filter(None, [settings.root]))}):
        file = Path(folder) / ".gitignore"
        if file.is_file():
            with contextlib.suppress(UnreadableFile):
                lines.extend(read_text(file, "config", errors="replace").splitlines())
    return tuple(lines)


def _gitignore(lines: tuple[str, ...]) -> Any:
    if not lines:
        return None
    import pathspec  # only when there is something to match (its import is half a warm run's walk)

    return pathspec.GitIgnoreSpec.from_lines(lines)
