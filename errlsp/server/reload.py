"""Config and catalog (re)loading: keep the last good catalog, show a broken one's errors.

Each catalog a root names is loaded on its own, so one broken user catalog never takes the
built-ins with it; when a file breaks, the root keeps the version that last loaded and the
file's problems are published as diagnostics *in that file*. Changes are noticed through
``workspace/didChangeWatchedFiles`` when the client can register watchers, otherwise by
polling the few files that matter; an open catalog is reloaded from the editor's buffer as
it is typed, so its errors appear before it is saved.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from lsprotocol import types
from pygls.uris import from_fs_path

from errlsp.catalog import (
    Catalog,
    CatalogError,
    CatalogSet,
    Problem,
    builtin_names,
    load_reference,
    parse_catalog,
    scope_problems,
)
from errlsp.config import ConfigError, Settings, load_settings
from errlsp.safeio import UnreadableFile, read_text
from errlsp.server import diagnostics
from errlsp.server.constants import workspace_index
from errlsp.server.positions import content, split_lines
from errlsp.server.server import ErrlspServer
from errlsp.server.settings import (
    accept,
    carries_settings,
    pull_scoped,
    root_client_settings,
    unwrap,
)
from errlsp.server.state import RootState

CONFIG_NAMES = ("pyproject.toml", "errlsp.toml")
WATCH_GLOBS = ("**/*.toml", "**/*.json")


def register(server: ErrlspServer) -> None:
    server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)(configuration_changed)
    server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)(watched_files_changed)


async def configuration_changed(
    server: ErrlspServer, params: types.DidChangeConfigurationParams
) -> None:
    if carries_settings(params.settings):
        accept(server, unwrap(params.settings), "workspace/didChangeConfiguration")
    await pull_scoped(server)
    for root in list(server.state.roots.values()):
        load_root(server, root)


def watched_files_changed(server: ErrlspServer, params: types.DidChangeWatchedFilesParams) -> None:
    from errlsp.server.documents import uri_to_path

    for change in params.changes:
        path = uri_to_path(change.uri)
        if path is not None and (is_watched(server, path) or path.name in CONFIG_NAMES):
            schedule_reload(server, path, delay=0.0)


def load_root(server: ErrlspServer, root: RootState, *, publish: bool = True) -> None:
    """(Re)load a root's settings and catalogs, then re-check its open documents."""
    problems: dict[str, list[Problem]] = defaultdict(list)
    # Stamp the files before reading them: a write during the load shows as a change later.
    stamps = {path: _stamp(path) for path in root.watched}
    root.client, client_problems = root_client_settings(server, root)
    root.file_settings = _file_settings(root, problems)
    root.settings = root.effective()
    root.catalogs = _catalogs(server, root, problems)
    root.settings = _valid_scopes(root, problems, client_problems)
    root.index = workspace_index(root.folder, root.settings)
    if client_problems != root.client_problems:  # say it once, not on every reload
        root.client_problems = client_problems
        server.report(client_problems, server.client_source)
    root.problems = dict(problems)
    root.watched = frozenset(root.watched_paths())
    root.stamps = {path: stamps.get(path, _stamp(path)) for path in root.watched}
    root.generation += 1
    root.loaded = True
    if publish:
        publish_problems(server, root)
        for state in server.state.documents_of(root):
            diagnostics.schedule(server, state, delay=0.0)
        if server.features.pull_diagnostics and server.features.diagnostic_refresh:
            server.workspace_diagnostic_refresh(None)


def _file_settings(root: RootState, problems: dict[str, list[Problem]]) -> Settings:
    if root.folder is None:
        return Settings()
    try:
        return load_settings(root.folder)
    except ConfigError as error:
        for problem in error.problems:
            problems[problem.path].append(problem)
        return root.file_settings  # the last good one (defaults at first)


def _catalogs(
    server: ErrlspServer, root: RootState, problems: dict[str, list[Problem]]
) -> CatalogSet:
    loaded: list[Catalog] = []
    settings = root.settings
    for reference in settings.catalogs:
        catalog: Catalog | None
        try:
            catalog = root.last_good[reference] = _load(server, root, reference)
        except CatalogError as error:
            for problem in error.problems:
                where = problem.path
                if not Path(where).is_file() and settings.config_path is not None:
                    # "not a catalog nor a file": the mistake is in the config's `catalogs`.
                    where = str(settings.config_path)
                    problem = replace(problem, path=where, line=_line_of(where, "catalogs"))
                problems[where].append(problem)
            catalog = root.last_good.get(reference)
        if catalog is not None:
            loaded.append(catalog)
    root.last_good = {ref: c for ref, c in root.last_good.items() if ref in settings.catalogs}
    return CatalogSet(tuple(loaded))


def _valid_scopes(
    root: RootState, problems: dict[str, list[Problem]], client_problems: list[Problem]
) -> Settings:
    """The settings without scopes naming an inactive catalog; each such scope reported.

    A scope from the editor is reported to the user; one from the config file as a
    diagnostic in it, as ``errlsp check`` reports it.
    """
    settings = root.settings
    bad = scope_problems(settings, root.catalogs)
    if not bad:
        return settings
    if "scopes" in root.client.given:
        client_problems.extend(replace(problem, path="settings") for problem in bad)
    else:
        where = str(settings.config_path) if settings.config_path is not None else "settings"
        for problem in bad:
            problems[where].append(replace(problem, line=_line_of(where, "scopes")))
    patterns = {problem.key for problem in bad}
    kept = tuple(scope for scope in settings.scopes if f"scopes.{scope.pattern}" not in patterns)
    return replace(settings, scopes=kept)


def _load(server: ErrlspServer, root: RootState, reference: str) -> Catalog:
    if reference not in builtin_names():
        path = root.catalog_path(reference)
        for state in server.state.documents.values():
            if state.document.path == path:
                return parse_catalog(state.document.text, str(path))  # the unsaved buffer
    return load_reference(reference, root.settings.root)


def _line_of(path: str, key: str) -> int | None:
    try:
        lines = read_text(path, "config").splitlines()
    except UnreadableFile:
        return None
    return next((n for n, line in enumerate(lines, 1) if line.lstrip().startswith(key)), None)


# -- problems as diagnostics in the broken file ------------------------------------------------
def publish_problems(server: ErrlspServer, root: RootState) -> None:
    published: set[str] = set()
    for path, problems in root.problems.items():
        uri = _uri_of(server, path)
        lines = _lines_of(server, path)
        items = [_diagnostic(server, problem, lines) for problem in problems]
        diagnostics.publish(server, uri, items, _version_of(server, uri))
        published.add(uri)
    for uri in root.published - published:
        diagnostics.publish(server, uri, [], _version_of(server, uri))
    root.published = published


def clear_problems(server: ErrlspServer, root: RootState) -> None:
    root.problems = {}
    publish_problems(server, root)


def _uri_of(server: ErrlspServer, path: str) -> str:
    resolved = Path(path).resolve()
    for state in server.state.documents.values():
        if state.document.path == resolved:
            return state.document.uri
    return from_fs_path(str(resolved)) or path


def _version_of(server: ErrlspServer, uri: str) -> int | None:
    state = server.document(uri)
    return state.document.version if state else None


def _lines_of(server: ErrlspServer, path: str) -> list[str]:
    resolved = Path(path).resolve()
    for state in server.state.documents.values():
        if state.document.path == resolved:
            return state.document.lines
    try:  # the problem's file may be /dev/zero or a FIFO: read only a regular file
        return split_lines(read_text(path, "catalog"))
    except UnreadableFile:
        return [""]


def _diagnostic(server: ErrlspServer, problem: Problem, lines: list[str]) -> types.Diagnostic:
    from errlsp.analysis import Position, Span

    line = min(max((problem.line or 1) - 1, 0), len(lines) - 1)
    text = content(lines[line])
    start = len(text) - len(text.lstrip())
    span = Span(Position(line, start), Position(line, len(text)))
    message = f"{problem.key}: {problem.message}" if problem.key else problem.message
    return types.Diagnostic(
        range=server.codec.range_to_lsp(lines, span),
        message=message,
        severity=types.DiagnosticSeverity.Error,
        source="errlsp",
    )


# -- noticing changes ---------------------------------------------------------------------------
def is_watched(server: ErrlspServer, path: Path | None) -> bool:
    if path is None:
        return False
    return any(path in root.watched for root in server.state.roots.values())


def schedule_reload(server: ErrlspServer, path: Path | None, delay: float | None = None) -> None:
    """Reload every root that depends on ``path``, once typing pauses."""
    if path is None:
        return
    wait = server.options.diagnostic_delay if delay is None else delay
    for root in list(server.state.roots.values()):
        if path in root.watched or path.parent in (root.folder, root.settings.root):
            if (handle := server.reload_timers.pop(id(root), None)) is not None:
                handle.cancel()
            loop = asyncio.get_running_loop()
            server.reload_timers[id(root)] = loop.call_later(wait, _reload_now, server, root)


def _reload_now(server: ErrlspServer, root: RootState) -> None:
    server.reload_timers.pop(id(root), None)
    if root in server.state.roots.values():
        load_root(server, root)


async def start_watching(server: ErrlspServer) -> None:
    """Register file watchers with the client, or poll the files ourselves."""
    if server.features.watched_files:
        watchers = [types.FileSystemWatcher(glob_pattern=glob) for glob in WATCH_GLOBS]
        registration = types.Registration(
            id="errlsp-watched-files",
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
        )
        try:
            await server.client_register_capability_async(
                types.RegistrationParams(registrations=[registration])
            )
            return
        except Exception as error:  # a client may refuse: then we poll
            server.log(f"errlsp: file watchers not registered ({error}); polling instead")
    server.poller = asyncio.ensure_future(_poll(server))


def stop_watching(server: ErrlspServer) -> None:
    if server.poller is not None:
        server.poller.cancel()
        server.poller = None
    for handle in server.reload_timers.values():
        handle.cancel()
    server.reload_timers.clear()


async def _poll(server: ErrlspServer) -> None:
    """Compare size and mtime of every watched file with those it had when it was loaded."""
    while True:
        for root in list(server.state.roots.values()):
            if any(_stamp(path) != stamp for path, stamp in root.stamps.items()):
                try:
                    load_root(server, root)
                except Exception as error:  # never let one bad reload end the polling
                    server.log(f"errlsp: reload failed: {error}", types.MessageType.Error)
        await asyncio.sleep(server.options.poll_interval)


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size
