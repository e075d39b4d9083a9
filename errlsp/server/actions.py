"""Code actions: a finding's own fix, "ignore this rule on this line", "add this code".

Actions are computed from the findings of the current text (waiting for the analysis if an
edit made it stale), not from the diagnostics the client echoes back, so they are right even
for clients that drop diagnostic ``data``. Adding a code appends a ``[[codes]]`` entry to a
user catalog file in TOML that the file's scope uses; built-in catalogs are never edited.
"""

from __future__ import annotations

import json
from pathlib import Path

from lsprotocol import types
from pygls.uris import from_fs_path

from errlsp import safeio
from errlsp.analysis import RULES, Finding, Position, Span, parse_suppression
from errlsp.catalog import Catalog
from errlsp.server import diagnostics
from errlsp.server.positions import content, split_lines
from errlsp.server.server import ErrlspServer
from errlsp.server.state import DocumentState


def register(server: ErrlspServer) -> None:
    server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )(code_action)


async def code_action(
    server: ErrlspServer, params: types.CodeActionParams
) -> list[types.CodeAction] | None:
    state = server.document(params.text_document.uri)
    if state is None or not state.document.is_python or not server.features.code_action_literals:
        return None
    if params.context.only and types.CodeActionKind.QuickFix not in params.context.only:
        return None
    analysis = await diagnostics.fresh_analysis(server, state)
    lines = state.document.lines
    wanted = server.codec.range_from_lsp(lines, params.range)
    actions: list[types.CodeAction] = []
    for finding in analysis.findings():
        if _overlaps(finding.span, wanted):
            actions.extend(actions_for(server, state, finding))
    return actions


def _overlaps(span: Span, wanted: Span) -> bool:
    return span.start <= wanted.end and wanted.start <= span.end


def actions_for(
    server: ErrlspServer, state: DocumentState, finding: Finding
) -> list[types.CodeAction]:
    lines = state.document.lines
    diagnostic = diagnostics.to_diagnostic(server, lines, finding)
    found: list[types.CodeAction] = []
    if finding.fix is not None:
        edit = types.TextEdit(
            range=server.codec.range_to_lsp(lines, finding.fix.span),
            new_text=finding.fix.replacement,
        )
        preferred = finding.fix.safe
        found.append(
            _action(server, finding.fix.title, state, [edit], diagnostic, preferred=preferred)
        )
    if finding.rule in RULES:
        title = f"Ignore {finding.rule} on this line"
        found.append(
            _action(server, title, state, [_ignore_edit(server, lines, finding)], diagnostic)
        )
    if (rule := RULES.get(finding.rule)) is not None and rule.add_to_catalog and finding.code:
        for catalog in _user_catalogs(state):
            found.append(_add_to_catalog(server, state, catalog, finding, diagnostic))
    return found


def _action(
    server: ErrlspServer,
    title: str,
    state: DocumentState,
    edits: list[types.TextEdit],
    diagnostic: types.Diagnostic,
    *,
    preferred: bool = False,
    uri: str | None = None,
    version: int | None = None,
) -> types.CodeAction:
    target = uri or state.document.uri
    if uri is None:
        version = state.document.version
    edit = _workspace_edit(server, target, version, edits)
    return types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        edit=edit,
        is_preferred=True if preferred and server.features.code_action_preferred else None,
    )


def _workspace_edit(
    server: ErrlspServer, uri: str, version: int | None, edits: list[types.TextEdit]
) -> types.WorkspaceEdit:
    if server.features.document_changes:
        document = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version)
        return types.WorkspaceEdit(
            document_changes=[types.TextDocumentEdit(text_document=document, edits=list(edits))]
        )
    return types.WorkspaceEdit(changes={uri: list(edits)})


def _ignore_edit(server: ErrlspServer, lines: list[str], finding: Finding) -> types.TextEdit:
    """Add the rule to the line's ``# errlsp: ignore[...]`` comment, or append one."""
    number = finding.span.start.line
    text = content(lines[number])
    existing = parse_suppression(text)
    if existing is not None and existing.listed is not None:
        start, end = existing.listed
        rules = [rule.strip() for rule in text[start:end].split(",") if rule.strip()]
        merged = ", ".join([*rules, finding.rule])
        span = Span(Position(number, start), Position(number, end))
        return types.TextEdit(range=server.codec.range_to_lsp(lines, span), new_text=merged)
    line_end = Position(number, len(text))
    comment = f"  # errlsp: ignore[{finding.rule}]"  # after any other comment: still found
    edit_range = server.codec.range_to_lsp(lines, Span(line_end, line_end))
    return types.TextEdit(range=edit_range, new_text=comment)


def _user_catalogs(state: DocumentState) -> list[Catalog]:
    """TOML catalogs the file's scope uses that a person may edit."""
    scoped = state.root.scoped(state.document.path)
    return [
        catalog
        for catalog in scoped
        if not catalog.builtin and catalog.path and not catalog.path.endswith(".json")
    ]


def _add_to_catalog(
    server: ErrlspServer,
    state: DocumentState,
    catalog: Catalog,
    finding: Finding,
    diagnostic: types.Diagnostic,
) -> types.CodeAction:
    assert catalog.path is not None and finding.code is not None
    path = Path(catalog.path)
    uri, lines, version = _catalog_buffer(server, path)
    reference = state.analysis.reference_at(finding.span.start) if state.analysis else None
    entry = ["", "[[codes]]", f"code = {json.dumps(finding.code)}"]
    if reference is not None and reference.status is not None:
        entry.append(f"status = {reference.status}")
    entry.append('message = ""')
    text = "".join(lines)
    newline = "\r\n" if "\r\n" in text else "\n"
    block = newline.join(entry) + newline
    if text and not text.endswith(("\n", "\r")):
        block = newline + block
    end = server.codec.end_of(lines)
    edit = types.TextEdit(range=types.Range(start=end, end=end), new_text=block)
    title = f"Add {finding.code!r} to catalog {catalog.name} ({path.name})"
    return _action(server, title, state, [edit], diagnostic, uri=uri, version=version)


def _catalog_buffer(server: ErrlspServer, path: Path) -> tuple[str, list[str], int | None]:
    """The catalog as the editor has it (open buffer), else as on disk."""
    resolved = path.resolve()
    for other in server.state.documents.values():
        if other.document.path == resolved:
            return other.document.uri, other.document.lines, other.document.version
    try:
        text = safeio.read_text(resolved, "catalog")
    except (OSError, UnicodeDecodeError):
        text = ""
    return from_fs_path(str(resolved)) or str(resolved), split_lines(text), None
