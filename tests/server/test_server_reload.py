"""Catalog and config reload: a broken catalog keeps the last good one and shows its errors."""

from __future__ import annotations

import asyncio
from pathlib import Path

from lsp_session import (
    Editor,
    diagnostics_for,
    marked,
    open_document,
    pulls,
    start,
    wait_for_push,
)
from lsprotocol import types
from pytest_lsp import LanguageClient

USES_NEW_CODE = """\
from pytest_errcodes import assert_api_error


def test_gift(client):
    assert_api_error(client.post("/gift"), "gift_card_invalid")
"""
NEW_CODE = '\n[[codes]]\ncode = "gift_card_invalid"\nstatus = 400\nmessage = "Bad gift card."\n'


async def notify(client: LanguageClient, path: Path) -> None:
    """Tell the server a file changed on disk, as a client with file watchers does.

    A client that cannot register watchers says nothing: the server polls the file instead.
    """
    caps = client.capabilities
    assert caps is not None and caps.workspace is not None
    watched = caps.workspace.did_change_watched_files
    if watched is None or not watched.dynamic_registration:
        return
    for _ in range(500):  # the server registers its watchers right after `initialized`
        if any(r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES for r in client.registrations):  # type: ignore[attr-defined]
            break
        await asyncio.sleep(0.01)
    else:
        raise AssertionError("the server never registered file watchers")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=path.as_uri(), type=types.FileChangeType.Changed)]
        )
    )


async def labels(client: LanguageClient, uri: str, text: str) -> set[str]:
    _, position = marked(text)
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=position
        )
    )
    assert isinstance(result, types.CompletionList)
    return {item.label for item in result.items}


async def test_broken_catalog_edited_back_to_good(client: LanguageClient, workspace: Path):
    catalog = workspace / "catalogs" / "shop.toml"
    good = catalog.read_text(encoding="utf-8")
    completing = 'from pytest_errcodes import assert_api_error\nassert_api_error(r, "<|>'
    uri = open_document(client, workspace / "tests" / "test_gift.py", completing.replace("<|>", ""))
    assert "cart_empty" in await labels(client, uri, completing)

    broken = good.replace(
        'code = "cart_empty"\nstatus = 400', 'code = "cart_empty"\nstatus = "400"'
    )
    catalog.write_text(broken, encoding="utf-8")
    await notify(client, catalog)
    errors = await wait_for_push(client, catalog.as_uri(), lambda p: bool(p.diagnostics))
    assert any("status" in item.message for item in errors)
    status_line = broken.split("\n").index('status = "400"')
    assert errors[0].range.start.line == status_line
    assert errors[0].severity == types.DiagnosticSeverity.Error
    assert "cart_empty" in await labels(client, uri, completing)  # the last good catalog

    catalog.write_text(good + NEW_CODE, encoding="utf-8")
    await notify(client, catalog)
    await wait_for_push(client, catalog.as_uri(), lambda p: not p.diagnostics)
    assert {"cart_empty", "gift_card_invalid"} <= await labels(client, uri, completing)


async def test_open_catalog_is_checked_as_typed(client: LanguageClient, workspace: Path):
    catalog = workspace / "catalogs" / "shop.toml"
    python = Editor(client, workspace / "tests" / "test_gift.py", USES_NEW_CODE)
    items = await diagnostics_for(client, python.uri, python.version)
    assert [item.code for item in items] == ["unknown-code"]

    editor = Editor(client, catalog, catalog.read_text(encoding="utf-8"))
    end = len(editor.text.split("\n")) - 1
    editor.replace((end, 0), (end, 0), "[[codes]]\ncode = 1.5\n")  # not saved, and wrong
    errors = await wait_for_push(client, editor.uri, lambda p: bool(p.diagnostics))
    assert "code" in errors[0].message
    lines = editor.text.split("\n")
    editor.replace((end, 0), (len(lines) - 1, len(lines[-1])), NEW_CODE.lstrip("\n"))
    await wait_for_push(client, editor.uri, lambda p: not p.diagnostics)
    if pulls(client):
        items = await diagnostics_for(client, python.uri, python.version)
    else:  # the reload republishes the open file; the push before it had the same version
        items = await wait_for_push(client, python.uri, lambda p: not p.diagnostics)
    assert items == []  # the buffer's new code is already known


async def test_broken_config_keeps_the_last_good_settings(client: LanguageClient, workspace: Path):
    config = workspace / "pyproject.toml"
    text = USES_NEW_CODE.replace("gift_card_invalid", "cart_empty")
    python = Editor(client, workspace / "tests" / "test_cfg.py", text)
    assert await diagnostics_for(client, python.uri, python.version) == []
    config.write_text(config.read_text(encoding="utf-8") + "\n[tool.errlsp\n", encoding="utf-8")
    await notify(client, config)
    errors = await wait_for_push(client, config.as_uri(), lambda p: bool(p.diagnostics))
    assert "invalid TOML" in errors[0].message
    python.replace((0, 0), (0, 0), "\n")
    assert await diagnostics_for(client, python.uri, python.version) == []  # shop still active


async def test_unknown_catalog_name_is_shown_in_the_config(
    bare_client: LanguageClient, tmp_path: Path
):
    config = tmp_path / "errlsp.toml"
    config.write_text('strict = false\ncatalogs = ["fonedynamics", "nope"]\n', encoding="utf-8")
    await start(bare_client, bare_client.client_name, [tmp_path])  # type: ignore[attr-defined]
    errors = await wait_for_push(bare_client, config.as_uri(), lambda p: bool(p.diagnostics))
    assert "nope" in errors[0].message or "not a built-in" in errors[0].message
    assert errors[0].range.start.line == 1
    python = Editor(
        bare_client, tmp_path / "test_x.py", USES_NEW_CODE.replace("gift_card_invalid", "FORBIDDEN")
    )
    assert await diagnostics_for(bare_client, python.uri, 1) == []  # fonedynamics still loaded
