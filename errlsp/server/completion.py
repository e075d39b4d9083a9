"""Completion of documented codes inside error-code string literals.

The context comes from ``errlsp.analysis.completion.completion_context``, a line-level scan
that works while the literal is still unterminated, so completion never waits for a parse.
Each item replaces the literal's whole content (a ``textEdit``), carries the code's message and
status as documentation, and is ranked by what the context says: codes documented with the
status checked nearby first, then the catalogs scoped to the file, then the rest.
"""

from __future__ import annotations

from lsprotocol import types

from errlsp.analysis.completion import CompletionContext, completion_context
from errlsp.catalog import Catalog, CatalogSet, ErrorCode
from errlsp.server.hover import statuses_text
from errlsp.server.server import ErrlspServer

TRIGGERS = ['"', "'"]
# A catalog can hold thousands of codes; past this many the list is marked incomplete and
# the client asks again as the user types.
MAX_ITEMS = 500


def register(server: ErrlspServer) -> None:
    server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=TRIGGERS, resolve_provider=False),
    )(complete)


def complete(server: ErrlspServer, params: types.CompletionParams) -> types.CompletionList | None:
    state = server.document(params.text_document.uri)
    if state is None or not state.document.is_python:
        return None
    document, root = state.document, state.root
    position = server.codec.from_lsp(document.lines, params.position)
    context = completion_context(document.text, position, root.settings.for_path(document.path))
    if context is None:
        return None
    scoped = root.catalogs.resolve(context.catalogs, root.scoped(document.path))
    ranked = _ranked(context, scoped, root.catalogs)
    edit_range = server.codec.range_to_lsp(document.lines, context.inner)
    items = [
        _item(server, entry, catalog, index, edit_range)
        for index, (entry, catalog) in enumerate(ranked[:MAX_ITEMS])
    ]
    return types.CompletionList(is_incomplete=len(ranked) > MAX_ITEMS, items=items)


def _ranked(
    context: CompletionContext, scoped: CatalogSet, every: CatalogSet
) -> list[tuple[ErrorCode, Catalog]]:
    """Candidates, best first: the file's catalogs before the others; within them codes
    documented with the nearby status, then catalogs whose case the typed prefix follows."""
    found: list[tuple[tuple[int, int, int], ErrorCode, Catalog]] = []
    seen: set[tuple[str, str]] = set()
    typed = context.prefix if any(char.isalpha() for char in context.prefix) else ""
    for catalogs, outside in ((scoped, 0), (every, 1)):
        for catalog in catalogs:
            case_rank = 0 if not typed or catalog.conforms_to_case(typed) else 1
            for entry in catalog.complete(context.prefix):
                if (catalog.name, entry.code) in seen:
                    continue
                seen.add((catalog.name, entry.code))
                rank = (outside, _status_rank(context.status, entry, catalog), case_rank)
                found.append((rank, entry, catalog))
    found.sort(key=lambda item: item[0])  # stable: documentation order within a rank
    return [(entry, catalog) for _, entry, catalog in found]


def _status_rank(status: int | None, entry: ErrorCode, catalog: Catalog) -> int:
    """0 status documented for the code, 1 documented API-wide, 2 no status known, 3 another."""
    if status is None:
        return 2
    if status in entry.statuses:
        return 0
    if not entry.statuses and status in catalog.statuses:
        return 1
    return 3


def _item(
    server: ErrlspServer,
    entry: ErrorCode,
    catalog: Catalog,
    index: int,
    edit_range: types.Range,
) -> types.CompletionItem:
    features = server.features
    statuses = catalog.statuses_for(entry)
    detail = f"{statuses_text(statuses) or 'status unknown'} · {catalog.name}"
    text = _documentation_text(entry, catalog, markdown=features.completion_markup == "markdown")
    documentation: str | types.MarkupContent = text
    if features.completion_markup is not None:
        documentation = types.MarkupContent(kind=features.completion_markup, value=text)
    deprecated = entry.deprecated is not None
    return types.CompletionItem(
        label=entry.code,
        kind=types.CompletionItemKind.Constant,
        detail=detail,
        documentation=documentation,
        sort_text=f"{index:05d}",
        filter_text=entry.code,
        text_edit=types.TextEdit(range=edit_range, new_text=entry.code),
        tags=[types.CompletionItemTag.Deprecated]
        if deprecated and features.completion_deprecated_tag
        else None,
        deprecated=True if deprecated and features.completion_deprecated_property else None,
    )


def _documentation_text(entry: ErrorCode, catalog: Catalog, *, markdown: bool) -> str:
    lines = list(entry.messages) or ["(no documented message)"]
    if markdown:
        lines = [f"- {message}" for message in lines] if len(lines) > 1 else lines
    if entry.deprecated:
        lines.append(f"Deprecated: {entry.deprecated}")
    lines.append(f"{catalog.title} ({catalog.name})")
    return "\n\n".join(lines) if markdown else "\n".join(lines)
