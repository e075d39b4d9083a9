"""Navigation: definition in the catalog, references across the workspace, symbols, links.

Definitions land on the code's entry in its catalog file, built-in catalogs included (they are
real files in the installed package). References come from the analyses of open documents and
from a scan of the workspace's Python files on disk, which runs on its own worker, skips files
that do not contain the code's text, and stops when the client cancels the request.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path

from lsprotocol import types
from pygls.uris import from_fs_path

from errlsp import safeio
from errlsp.analysis import BlockCache, Position, SourceSyntaxError, Span, references
from errlsp.catalog import ErrorCode, Location
from errlsp.server import diagnostics
from errlsp.server.locate import code_at, entries_for, located_reference
from errlsp.server.positions import Codec, content, split_lines
from errlsp.server.server import ErrlspServer
from errlsp.server.state import RootState

MAX_SYMBOLS = 1000


def register(server: ErrlspServer) -> None:
    server.feature(types.TEXT_DOCUMENT_DEFINITION)(definition)
    server.feature(types.TEXT_DOCUMENT_REFERENCES)(find_references)
    server.feature(types.WORKSPACE_SYMBOL)(workspace_symbol)
    server.feature(types.TEXT_DOCUMENT_DOCUMENT_LINK)(document_link)


def definition(server: ErrlspServer, params: types.DefinitionParams) -> list[types.Location] | None:
    state = server.document(params.text_document.uri)
    if state is None:
        return None
    position = server.codec.from_lsp(state.document.lines, params.position)
    located = code_at(state, position)
    if located is None or located.in_catalog_file:
        return None
    entries = entries_for(state.root, located, state.document.path)
    found = [loc for entry in entries if (loc := definition_of(server, entry)) is not None]
    return found or None


async def find_references(
    server: ErrlspServer, params: types.ReferenceParams
) -> list[types.Location] | None:
    state = server.document(params.text_document.uri)
    if state is None:
        return None
    position = server.codec.from_lsp(state.document.lines, params.position)
    located = code_at(state, position)
    if located is None:
        return None
    code = located.code
    found: list[types.Location] = []
    if params.context.include_declaration:
        for entry in entries_for(state.root, located, state.document.path):
            if (declaration := definition_of(server, entry)) is not None:
                found.append(declaration)
    found.extend(await _open_references(server, code))
    stop = threading.Event()
    open_paths = {s.document.path for s in server.state.documents.values()}
    job = (
        code,
        list(server.state.roots.values()),
        open_paths,
        server.codec,
        stop,
        server.search_blocks,
    )
    loop = asyncio.get_running_loop()
    try:
        found.extend(await loop.run_in_executor(server.search_pool, _disk_references, *job))
    except asyncio.CancelledError:
        stop.set()  # the client cancelled: let the scan end early
        raise
    return found


def workspace_symbol(
    server: ErrlspServer, params: types.WorkspaceSymbolParams
) -> list[types.SymbolInformation]:
    query = params.query.casefold()
    symbols: list[types.SymbolInformation] = []
    seen: set[tuple[str, str | None]] = set()
    for root in server.state.roots.values():
        for catalog in root.catalogs:
            if (catalog.name, catalog.path) in seen:
                continue
            seen.add((catalog.name, catalog.path))
            for entry in catalog:
                if query not in entry.code.casefold():
                    continue
                location = definition_of(server, entry)
                if location is None:
                    continue
                symbols.append(
                    types.SymbolInformation(
                        name=entry.code,
                        kind=types.SymbolKind.Constant,
                        location=location,
                        container_name=catalog.name,
                        deprecated=True if entry.deprecated else None,
                    )
                )
                if len(symbols) >= MAX_SYMBOLS:
                    return symbols
    return symbols


async def document_link(
    server: ErrlspServer, params: types.DocumentLinkParams
) -> list[types.DocumentLink] | None:
    state = server.document(params.text_document.uri)
    if state is None or not state.document.is_python:
        return None
    analysis = await diagnostics.fresh_analysis(server, state)
    links: list[types.DocumentLink] = []
    lines = state.document.lines
    for reference in analysis.references():
        located = located_reference(reference)
        entries = entries_for(state.root, located, state.document.path)
        if not entries or entries[0].location is None:
            continue
        location = entries[0].location
        links.append(
            types.DocumentLink(
                range=server.codec.range_to_lsp(lines, reference.inner),
                target=f"{from_fs_path(location.path)}#L{location.line}",
                tooltip=f"{entries[0].code} in catalog {entries[0].catalog}"
                if server.features.link_tooltips
                else None,
            )
        )
    return links


def definition_of(server: ErrlspServer, entry: ErrorCode) -> types.Location | None:
    """The code's line in its catalog file, the code's text selected when it can be found."""
    location = entry.location
    if location is None:
        return None
    lines = _file_lines(server, location)
    number = min(max(location.line - 1, 0), len(lines) - 1)
    span = Span(Position(number, 0), Position(number, len(content(lines[number]))))
    for candidate in range(number, min(number + 12, len(lines))):
        text = content(lines[candidate])
        column = text.find(f'"{entry.code}"')
        if column >= 0 and "code" in text:
            span = Span(
                Position(candidate, column + 1), Position(candidate, column + 1 + len(entry.code))
            )
            break
    uri = _uri_for(server, Path(location.path))
    return types.Location(uri=uri, range=server.codec.range_to_lsp(lines, span))


def _file_lines(server: ErrlspServer, location: Location) -> list[str]:
    path = Path(location.path).resolve()
    for state in server.state.documents.values():
        if state.document.path == path:
            return state.document.lines
    try:
        return split_lines(safeio.read_text(path, "catalog"))
    except (OSError, UnicodeDecodeError):
        return [""]


def _uri_for(server: ErrlspServer, path: Path) -> str:
    resolved = path.resolve()
    for state in server.state.documents.values():
        if state.document.path == resolved:
            return state.document.uri
    return from_fs_path(str(resolved)) or str(resolved)


async def _open_references(server: ErrlspServer, code: str) -> list[types.Location]:
    found: list[types.Location] = []
    for state in list(server.state.documents.values()):
        if not state.document.is_python or code not in state.document.text:
            continue
        analysis = await diagnostics.fresh_analysis(server, state)
        lines = state.document.lines
        for reference in analysis.references():
            if reference.code == code:
                found.append(
                    types.Location(
                        uri=state.document.uri,
                        range=server.codec.range_to_lsp(lines, reference.inner),
                    )
                )
    return found


def _disk_references(
    code: str,
    roots: list[RootState],
    open_paths: set[Path | None],
    codec: Codec,
    stop: threading.Event,
    blocks: BlockCache,
) -> list[types.Location]:
    """References in Python files on disk that are not open in the editor (worker thread)."""
    found: list[types.Location] = []
    seen: set[Path] = set()
    for root in roots:
        if root.folder is None:
            continue
        for path in _python_files(root):
            if stop.is_set():
                return found
            if path in seen or path in open_paths:
                continue
            seen.add(path)
            try:
                text = safeio.read_text(path, "source")  # never a FIFO: it would block
            except (OSError, UnicodeDecodeError):
                continue
            if code not in text:
                continue
            try:
                matches = [
                    ref for ref in references(text, root.settings, cache=blocks) if ref.code == code
                ]
            except SourceSyntaxError:
                continue
            if not matches:
                continue
            lines = split_lines(text)
            uri = from_fs_path(str(path)) or str(path)
            found.extend(
                types.Location(uri=uri, range=codec.range_to_lsp(lines, ref.inner))
                for ref in matches
            )
    return found


def _python_files(root: RootState) -> Iterator[Path]:
    """The files ``errlsp check`` would read in the root: one walker, the same skips."""
    from errlsp.walk import discover

    assert root.folder is not None
    for path in discover([root.folder], root.settings):
        yield path.resolve()
