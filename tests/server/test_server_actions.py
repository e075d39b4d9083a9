"""Code actions over stdio: the finding's fix, ignoring a rule on a line, adding a code."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsp_session import Editor, apply_edits, diagnostics_for, edits_for, unique
from lsprotocol import types
from pytest_lsp import LanguageClient

from errlsp.catalog import parse_catalog

pytestmark = pytest.mark.asyncio(loop_scope="module")

SOURCE = """\
from pytest_errcodes import assert_api_error


def test_typo(client):
    resp = client.get("/accounts/x")
    assert_api_error(resp, "ACCOUNT_NOT_FOUN", status=404)  # the id is wrong
"""


async def actions_at(
    client: LanguageClient, editor: Editor
) -> tuple[types.Diagnostic, list[types.CodeAction]]:
    items = await diagnostics_for(client, editor.uri, editor.version)
    diagnostic = next(item for item in items if item.code == "unknown-code")
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=editor.uri),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )
    assert result is not None
    return diagnostic, [action for action in result if isinstance(action, types.CodeAction)]


def by_title(actions: list[types.CodeAction], start: str) -> types.CodeAction:
    found = [action for action in actions if action.title.startswith(start)]
    assert found, f"no action starting {start!r} in {[a.title for a in actions]}"
    return found[0]


async def apply(client: LanguageClient, editor: Editor, action: types.CodeAction) -> None:
    new = apply_edits(client, editor.text, edits_for(action.edit, editor.uri))
    lines = editor.text.split("\n")
    editor.replace((0, 0), (len(lines) - 1, len(lines[-1])), new)


async def test_quick_fix_replaces_the_code(shared_client: LanguageClient, shared_workspace: Path):
    editor = Editor(shared_client, unique(shared_workspace / "tests" / "test_a.py"), SOURCE)
    diagnostic, actions = await actions_at(shared_client, editor)
    fix = by_title(actions, "Replace with 'ACCOUNT_NOT_FOUND'")
    assert fix.kind == types.CodeActionKind.QuickFix
    assert fix.diagnostics and fix.diagnostics[0].code == diagnostic.code
    await apply(shared_client, editor, fix)
    assert '"ACCOUNT_NOT_FOUND"' in editor.text
    items = await diagnostics_for(shared_client, editor.uri, editor.version)
    assert "unknown-code" not in {item.code for item in items}


async def test_ignore_rule_on_the_line(shared_client: LanguageClient, shared_workspace: Path):
    editor = Editor(shared_client, unique(shared_workspace / "tests" / "test_a.py"), SOURCE)
    _, actions = await actions_at(shared_client, editor)
    ignore = by_title(actions, "Ignore unknown-code on this line")
    await apply(shared_client, editor, ignore)
    assert "# the id is wrong  # errlsp: ignore[unknown-code]" in editor.text
    items = await diagnostics_for(shared_client, editor.uri, editor.version)
    assert items == []


async def test_ignore_extends_an_existing_comment(
    shared_client: LanguageClient, shared_workspace: Path
):
    text = SOURCE.replace("# the id is wrong", "# errlsp: ignore[status-mismatch]")
    editor = Editor(shared_client, unique(shared_workspace / "tests" / "test_a.py"), text)
    _, actions = await actions_at(shared_client, editor)
    await apply(shared_client, editor, by_title(actions, "Ignore unknown-code"))
    assert "# errlsp: ignore[status-mismatch, unknown-code]" in editor.text


async def test_add_the_code_to_the_user_catalog(
    shared_client: LanguageClient, shared_workspace: Path
):
    editor = Editor(shared_client, unique(shared_workspace / "tests" / "test_a.py"), SOURCE)
    _, actions = await actions_at(shared_client, editor)
    add = by_title(actions, "Add 'ACCOUNT_NOT_FOUN' to catalog shop")
    catalog = shared_workspace / "catalogs" / "shop.toml"
    edits = edits_for(add.edit, catalog.as_uri())
    assert edits, "the edit must target the catalog file"
    text = apply_edits(shared_client, catalog.read_text(encoding="utf-8"), edits)
    added = parse_catalog(text, str(catalog)).get("ACCOUNT_NOT_FOUN")
    assert added is not None and added.statuses == (404,)
    assert not any("fonedynamics" in action.title for action in actions)  # built-ins are read-only


async def test_no_actions_where_nothing_is_wrong(
    shared_client: LanguageClient, shared_workspace: Path
):
    editor = Editor(shared_client, unique(shared_workspace / "tests" / "test_a.py"), SOURCE)
    await diagnostics_for(shared_client, editor.uri, editor.version)
    result = await shared_client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=editor.uri),
            range=types.Range(start=types.Position(0, 0), end=types.Position(0, 4)),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    assert not result
