"""What errlsp saw in a document: every reference with its verdict, clean ones included.

The same list as ``errlsp check --show-references`` (``errlsp.analysis.seen``), offered two
ways: the ``errlsp.showReferences`` command (``workspace/executeCommand`` with the document's
URI; the VS Code extension shows it in its output channel), and inlay hints after each
reference (``documented in voipnow``), off by default (setting ``showReferences``).
"""

from __future__ import annotations

from typing import Any

from lsprotocol import types

from errlsp.analysis import Seen, seen
from errlsp.server.server import ErrlspServer
from errlsp.server.state import DocumentState

COMMAND = "errlsp.showReferences"


def register(server: ErrlspServer) -> None:
    server.command(COMMAND)(show_references)
    server.feature(types.TEXT_DOCUMENT_INLAY_HINT, types.InlayHintOptions(resolve_provider=False))(
        inlay_hints
    )


def _seen_in(server: ErrlspServer, state: DocumentState) -> list[Seen]:
    document, root = state.document, state.root
    return seen(document.text, root.settings, root.catalogs, path=document.path)


def show_references(server: ErrlspServer, uri: str = "") -> list[dict[str, Any]]:
    """``[uri]`` -> the references of that open document, as ``--show-references`` prints."""
    state = server.document(uri) if isinstance(uri, str) else None
    if state is None or not state.document.is_python:
        return []
    return [{"uri": uri, **item.to_json()} for item in _seen_in(server, state)]


def inlay_hints(server: ErrlspServer, params: types.InlayHintParams) -> list[types.InlayHint]:
    """A short verdict after each reference in the range, when ``showReferences`` is on."""
    if not server.options.show_references:
        return []
    state = server.document(params.text_document.uri)
    if state is None or not state.document.is_python:
        return []
    lines = state.document.lines
    wanted = server.codec.range_from_lsp(lines, params.range)
    hints = []
    for item in _seen_in(server, state):
        span = item.reference.span
        if span.end < wanted.start or span.start >= wanted.end:
            continue
        hints.append(
            types.InlayHint(
                position=server.codec.range_to_lsp(lines, span).end,
                label=f" {item.summary()}",
                kind=types.InlayHintKind.Parameter,
                padding_left=True,
            )
        )
    return hints


__all__ = ["COMMAND", "inlay_hints", "register", "show_references"]
