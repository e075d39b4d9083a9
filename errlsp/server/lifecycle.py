"""Session lifecycle: initialize, workspace folders, document synchronisation, shutdown.

``initialize`` reads what the client can do (``ClientFeatures``), the negotiated position
encoding and the ``initializationOptions``, then loads each root's config and catalogs.
Document notifications keep ``ServerState`` current and hand work to the diagnostics
scheduler and the catalog reloader; they never analyse on the event loop themselves.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lsprotocol import types

from errlsp.server import diagnostics, reload, settings
from errlsp.server.capabilities import ClientFeatures
from errlsp.server.documents import Document, uri_to_path
from errlsp.server.positions import Codec
from errlsp.server.server import ErrlspServer
from errlsp.server.settings import unwrap
from errlsp.server.state import RootState


def register(server: ErrlspServer) -> None:
    server.feature(types.INITIALIZE)(initialize)
    server.feature(types.INITIALIZED)(initialized)
    server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)(folders_changed)
    server.feature(types.TEXT_DOCUMENT_DID_OPEN)(did_open)
    server.feature(types.TEXT_DOCUMENT_DID_CHANGE)(did_change)
    server.feature(types.TEXT_DOCUMENT_DID_SAVE)(did_save)
    server.feature(types.TEXT_DOCUMENT_DID_CLOSE)(did_close)
    server.feature(types.SHUTDOWN)(shutdown)
    server.feature(types.EXIT)(exit_)


def initialize(server: ErrlspServer, params: types.InitializeParams) -> None:
    server.features = ClientFeatures.of(params.capabilities)
    encoding = server.workspace.position_encoding
    server.codec = Codec(str(getattr(encoding, "value", encoding) or "utf-16"))
    settings.accept(server, unwrap(params.initialization_options), "initializationOptions")
    for folder in _folders(params):
        server.state.roots[folder] = RootState(folder)
    for root in list(server.state.roots.values()):
        reload.load_root(server, root, publish=False)
    diagnostics.warm_up(server, next(iter(server.state.roots.values()), RootState(None)))


async def initialized(server: ErrlspServer, params: types.InitializedParams) -> None:
    for root in server.state.roots.values():
        reload.publish_problems(server, root)
    for root in await settings.pull_scoped(server):
        reload.load_root(server, root)
    await reload.start_watching(server)


def folders_changed(server: ErrlspServer, params: types.DidChangeWorkspaceFoldersParams) -> None:
    for removed in params.event.removed:
        path = uri_to_path(removed.uri)
        root = server.state.roots.pop(path, None) if path else None
        if root is not None:
            reload.clear_problems(server, root)
    for added in params.event.added:
        path = uri_to_path(added.uri)
        if path is not None and path not in server.state.roots:
            root = server.state.roots[path] = RootState(path)
            reload.load_root(server, root)
    _rehome_documents(server)


def did_open(server: ErrlspServer, params: types.DidOpenTextDocumentParams) -> None:
    item = params.text_document
    document = Document(item.uri, item.text, item.version, item.language_id)
    root = server.state.root_for(document.path)
    if not root.loaded:
        reload.load_root(server, root)
    state = server.state.open(document)
    if reload.is_watched(server, document.path):
        reload.schedule_reload(server, document.path)
    diagnostics.schedule(server, state, delay=0.0)


def did_change(server: ErrlspServer, params: types.DidChangeTextDocumentParams) -> None:
    state = server.document(params.text_document.uri)
    if state is None:
        return
    document = state.document
    for change in params.content_changes:
        document.apply(change, server.codec)
    document.version = params.text_document.version
    if reload.is_watched(server, document.path):
        reload.schedule_reload(server, document.path)
    diagnostics.schedule(server, state)


def did_save(server: ErrlspServer, params: types.DidSaveTextDocumentParams) -> None:
    state = server.document(params.text_document.uri)
    path = state.document.path if state else uri_to_path(params.text_document.uri)
    if reload.is_watched(server, path) or (path and path.name in reload.CONFIG_NAMES):
        reload.schedule_reload(server, path)


def did_close(server: ErrlspServer, params: types.DidCloseTextDocumentParams) -> None:
    state = server.state.documents.pop(params.text_document.uri, None)
    if state is None:
        return
    if state.pending is not None and not state.pending.done():
        state.pending.cancel()
    if state.document.is_python and not server.features.pull_diagnostics:
        diagnostics.publish(server, state.document.uri, [], None)
    if reload.is_watched(server, state.document.path):
        reload.schedule_reload(server, state.document.path)  # back to the file on disk


def shutdown(server: ErrlspServer, params: Any) -> None:
    server.shut_down = True
    reload.stop_watching(server)
    for state in server.state.documents.values():
        if state.pending is not None and not state.pending.done():
            state.pending.cancel()
    server.stop_workers()


def exit_(server: ErrlspServer, params: Any) -> None:
    server.exit_code = 0 if server.shut_down else 1
    reload.stop_watching(server)
    server.stop_workers()  # never keep the process alive for an analysis nobody awaits


def _folders(params: types.InitializeParams) -> list[Path]:
    uris = [folder.uri for folder in params.workspace_folders or []]
    if not uris and params.root_uri:
        uris = [params.root_uri]
    elif not uris and params.root_path:
        return [Path(params.root_path).resolve()]
    return [path for uri in uris if (path := uri_to_path(uri)) is not None]  # resolved


def _rehome_documents(server: ErrlspServer) -> None:
    """After folders change, move each open document to the root that now holds it."""
    for state in server.state.documents.values():
        root = server.state.root_for(state.document.path)
        if not root.loaded:
            reload.load_root(server, root)
        if root is not state.root:
            state.root = root
            diagnostics.schedule(server, state, delay=0.0)
