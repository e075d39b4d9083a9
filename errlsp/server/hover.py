"""Hover: what a code literal means, and what a suppression comment silences.

On a code: the code, its catalog, HTTP status(es), every documented message, the field it
carries, an example error body in the catalog's envelope and where it is defined. Markdown
when the client accepts it, readable plain text otherwise (Emacs' eglot may ask for plain
text). On ``# errlsp: ignore[rule]``: the rule's documentation, as ruff's server does for
``noqa``. Hover reads cached state or scans the line; it never waits for a parse.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol import types
from pygls.uris import from_fs_path

from errlsp.analysis import (
    RULES,
    Context,
    Position,
    Span,
    judge,
    parse_suppression,
    verdict_message,
)
from errlsp.catalog import Catalog, ErrorCode
from errlsp.server.locate import Located, code_at, entries_for
from errlsp.server.server import ErrlspServer

if TYPE_CHECKING:
    from errlsp.server.state import RootState


def register(server: ErrlspServer) -> None:
    server.feature(types.TEXT_DOCUMENT_HOVER)(hover_at)


def hover_at(server: ErrlspServer, params: types.HoverParams) -> types.Hover | None:
    state = server.document(params.text_document.uri)
    if state is None:
        return None
    document = state.document
    position = server.codec.from_lsp(document.lines, params.position)
    markdown = server.features.hover_markdown
    located = code_at(state, position)
    if located is None:
        return _rule_hover(server, document.lines, position, markdown)
    entries = entries_for(state.root, located, document.path)
    if entries:
        value = "\n\n".join(describe(entry, state.root, markdown) for entry in entries)
    else:
        value = _undocumented(located, state.root, document.path)
    return types.Hover(
        contents=_markup(value, markdown),
        range=server.codec.range_to_lsp(document.lines, located.span),
    )


def describe(entry: ErrorCode, root: RootState, markdown: bool) -> str:
    """Everything the catalog says about one code, for a person reading a hover."""
    catalog = root.catalogs.get(entry.catalog)
    title = catalog.title if catalog else entry.catalog
    statuses = catalog.statuses_for(entry) if catalog else entry.statuses
    scope = "" if entry.statuses or not statuses else " (API-wide; none documented per code)"
    lines = [
        f"**`{entry.code}`** · {title} (`{entry.catalog}`)"
        if markdown
        else f"{entry.code} · {title} ({entry.catalog})",
        f"HTTP status: {statuses_text(statuses) or 'not documented'}{scope}",
    ]
    if entry.deprecated:
        lines.append(f"Deprecated: {entry.deprecated}")
    if entry.field:
        lines.append(
            f"Field: named in `{entry.field}`" if markdown else f"Field: named in {entry.field}"
        )
    if entry.messages:
        heading = "Messages:" if len(entry.messages) > 1 else "Message:"
        bullet = "- " if markdown else "  "
        lines.append(heading + "\n" + "\n".join(bullet + message for message in entry.messages))
    if entry.description:
        lines.append(entry.description)
    if catalog is not None and (body := example_body(entry, catalog)) is not None:
        lines.append(
            f"Example body:\n```json\n{body}\n```" if markdown else f"Example body:\n{body}"
        )
    if (location := entry.location) is not None:
        path = Path(location.path).resolve()
        target = f"{from_fs_path(str(path))}#L{location.line}"
        name = path.name
        where = f"[{name}:{location.line}]({target})" if markdown else f"{path}:{location.line}"
        lines.append(f"Defined at {where}")
    return "\n\n".join(lines)


def statuses_text(statuses: tuple[int, ...]) -> str:
    return ", ".join(map(str, statuses))


def example_body(entry: ErrorCode, catalog: Catalog) -> str | None:
    """A response body carrying ``entry`` in the catalog's envelope, or None without one."""
    if catalog.envelope is None:
        return None
    try:
        from errlsp.envelopes import build

        statuses = catalog.statuses_for(entry)
        body = build(
            entry.code,
            dialect=catalog.envelope,
            message=entry.message or None,
            field="name" if entry.field else None,
            status=statuses[0] if len(statuses) == 1 else None,
        )
    except Exception:  # an unknown dialect must not break hover
        return None
    return json.dumps(body, indent=2, ensure_ascii=False)


def _undocumented(located: Located, root: RootState, path: Path | None) -> str:
    """The verdict on a code no catalog in reach documents, in the rule's words."""
    context = Context(names_api=True, catalogs=located.catalogs)
    verdict = judge(located.code, context, root.catalogs, root.scoped(path))
    return verdict_message(verdict)


def _rule_hover(
    server: ErrlspServer, lines: list[str], position: Position, markdown: bool
) -> types.Hover | None:
    """The documentation of the rules a suppression comment under the cursor names."""
    from errlsp.server.positions import content

    text = content(lines[position.line]) if position.line < len(lines) else ""
    found = parse_suppression(text)
    if found is None or not found.start <= position.character <= found.end:
        return None
    docs = [f"# {name}\n\n{RULES[name].doc}" for name in found.names if name in RULES]
    if not docs:
        return None
    span = Span(Position(position.line, found.start), Position(position.line, found.end))
    return types.Hover(
        contents=_markup("\n\n".join(docs), markdown),
        range=server.codec.range_to_lsp(lines, span),
    )


def _markup(value: str, markdown: bool) -> types.MarkupContent:
    if markdown:
        return types.MarkupContent(kind=types.MarkupKind.Markdown, value=value)
    return types.MarkupContent(kind=types.MarkupKind.PlainText, value=value)
