"""Settings as layers over stdio: the config file, then the editor's settings, recomputed.

Each ``didChangeConfiguration`` replaces the editor's layer: a key it no longer sends falls
back to the config file. Unknown catalog names and scopes naming no active catalog are
reported (``window/showMessage`` and the log) and ignored, keeping every other setting.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lsp_session import Editor, diagnostics_for, start, wait_for_push
from lsprotocol import types
from pytest_lsp import LanguageClient

SOURCE = """\
from pytest_errcodes import assert_api_error


def test_codes(resp):
    assert_api_error(resp, "ACCOUNT_NOT_FOUND")
    assert_api_error(resp, "cdr_start_date_invalid")
"""
ONLY_VOIPNOW = [("unknown-code", 4)]  # ACCOUNT_NOT_FOUND is fonedynamics'
ONLY_FONEDYNAMICS = [("unknown-code", 5)]


def codes(items: list[types.Diagnostic]) -> list[tuple[str, int]]:
    return sorted((str(item.code), item.range.start.line) for item in items)


async def eventually(
    client: LanguageClient,
    editor: Editor,
    accept: Callable[[list[tuple[str, int]]], bool],
    timeout: float = 10.0,
) -> list[tuple[str, int]]:
    """The document's diagnostics once they satisfy ``accept`` (a reload is asynchronous)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        found = codes(await diagnostics_for(client, editor.uri, editor.version))
        if accept(found) or loop.time() > deadline:
            return found
        await asyncio.sleep(0.05)


def send(client: LanguageClient, settings: dict[str, Any]) -> None:
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"errlsp": settings})
    )


async def shown(client: LanguageClient, needle: str, timeout: float = 10.0) -> str:
    """The first shown message containing ``needle``; also checks the log got it."""
    for _ in range(int(timeout / 0.05)):
        messages = [m.message for m in client.messages if needle in m.message]
        if messages:
            logged = [m.message for m in client.log_messages if needle in m.message]
            assert logged, f"{needle!r} shown but not logged"
            return messages[0]
        await asyncio.sleep(0.05)
    raise AssertionError(f"no message mentions {needle!r}: {client.messages!r}")


async def session(client: LanguageClient, folder: Path, config: str) -> Editor:
    (folder / "errlsp.toml").write_text(config, encoding="utf-8")
    await start(client, client.client_name, [folder])  # type: ignore[attr-defined]
    editor = Editor(client, folder / "test_s.py", SOURCE)
    assert codes(await diagnostics_for(client, editor.uri, editor.version)) == ONLY_VOIPNOW
    return editor


async def test_a_key_the_editor_stops_sending_falls_back_to_the_config_file(
    bare_client: LanguageClient, tmp_path: Path
):
    editor = await session(bare_client, tmp_path, 'catalogs = ["voipnow"]\n')
    send(bare_client, {"catalogs": ["fonedynamics"]})
    assert await eventually(bare_client, editor, lambda c: c == ONLY_FONEDYNAMICS) == (
        ONLY_FONEDYNAMICS
    )
    send(bare_client, {"strict": False})  # no `catalogs` any more
    assert await eventually(bare_client, editor, lambda c: c == ONLY_VOIPNOW) == ONLY_VOIPNOW


async def test_per_file_ignores_removed_in_the_editor_apply_no_more(
    bare_client: LanguageClient, tmp_path: Path
):
    editor = await session(bare_client, tmp_path, 'catalogs = ["voipnow"]\n')
    send(bare_client, {"perFileIgnores": {"test_s.py": ["unknown-code"]}})
    assert await eventually(bare_client, editor, lambda c: c == []) == []
    send(bare_client, {})
    assert await eventually(bare_client, editor, lambda c: c == ONLY_VOIPNOW) == ONLY_VOIPNOW


async def test_an_empty_notification_keeps_the_initialization_options(
    bare_client: LanguageClient, tmp_path: Path
):
    """Neovim sends ``settings: {}`` after initializing: "ask me", not "forget everything"."""
    options = {"catalogs": ["fonedynamics"]}
    await start(bare_client, bare_client.client_name, [tmp_path], options)  # type: ignore[attr-defined]
    editor = Editor(bare_client, tmp_path / "test_s.py", SOURCE)
    assert codes(await diagnostics_for(bare_client, editor.uri, 1)) == ONLY_FONEDYNAMICS
    bare_client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={}))
    await asyncio.sleep(0.3)
    editor.replace((0, 0), (0, 0), "\n")
    assert codes(await diagnostics_for(bare_client, editor.uri, editor.version)) == [
        ("unknown-code", 6)
    ]


async def test_an_unknown_catalog_name_is_reported_and_ignored(
    bare_client: LanguageClient, tmp_path: Path
):
    editor = await session(bare_client, tmp_path, 'catalogs = ["voipnow"]\n')
    send(bare_client, {"catalogs": ["nope-nope"], "severity": {"unknown-code": "warning"}})
    message = await shown(bare_client, "nope-nope")
    assert "not a built-in catalog" in message
    # The rest of the settings apply; the config file's catalogs stay.
    editor.replace((0, 0), (0, 0), "\n")
    items = await diagnostics_for(bare_client, editor.uri, editor.version)
    assert codes(items) == [("unknown-code", 5)]
    assert items[0].severity == types.DiagnosticSeverity.Warning


async def test_only_the_unknown_names_of_a_catalog_list_are_dropped(
    bare_client: LanguageClient, tmp_path: Path
):
    editor = await session(bare_client, tmp_path, 'catalogs = ["voipnow"]\n')
    send(bare_client, {"catalogs": ["nope-nope", "fonedynamics"]})
    await shown(bare_client, "nope-nope")
    assert await eventually(bare_client, editor, lambda c: c == ONLY_FONEDYNAMICS) == (
        ONLY_FONEDYNAMICS
    )


async def test_a_scope_naming_no_active_catalog_from_the_editor_is_ignored(
    bare_client: LanguageClient, tmp_path: Path
):
    editor = await session(bare_client, tmp_path, 'catalogs = ["voipnow"]\n')
    send(bare_client, {"scopes": {"**": "x"}, "severity": {"unknown-code": "warning"}})
    message = await shown(bare_client, "'x'")
    assert "scopes" in message and "not an active catalog" in message
    editor.replace((0, 0), (0, 0), "\n")
    items = await diagnostics_for(bare_client, editor.uri, editor.version)
    assert codes(items) == [("unknown-code", 5)]  # no "other-catalog" for every code
    assert items[0].severity == types.DiagnosticSeverity.Warning


async def test_a_scope_naming_no_active_catalog_in_the_config_is_an_error_there(
    bare_client: LanguageClient, tmp_path: Path
):
    config = 'catalogs = ["voipnow"]\n\n[scopes]\n"**" = "x"\n'
    editor = await session(bare_client, tmp_path, config)
    errors = await wait_for_push(
        bare_client, (tmp_path / "errlsp.toml").as_uri(), lambda p: bool(p.diagnostics)
    )
    assert "'x' is not an active catalog" in errors[0].message
    assert codes(await diagnostics_for(bare_client, editor.uri, editor.version)) == ONLY_VOIPNOW
