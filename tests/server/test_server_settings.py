"""Settings over stdio: initializationOptions, didChangeConfiguration, multi-root workspaces."""

from __future__ import annotations

import asyncio
from pathlib import Path

from lsp_session import Editor, diagnostics_for, start
from lsprotocol import types
from pytest_lsp import LanguageClient

SOURCE = """\
from pytest_errcodes import assert_api_error


def test_codes(resp):
    assert_api_error(resp, "ACCOUNT_NOT_FOUND")
    assert_api_error(resp, "cdr_start_date_invalid")
"""


def codes(items: list[types.Diagnostic]) -> list[tuple[str, int]]:
    return sorted((str(item.code), item.range.start.line) for item in items)


async def test_initialization_options_choose_the_catalogs(
    bare_client: LanguageClient, tmp_path: Path
):
    await start(bare_client, bare_client.client_name, [tmp_path], {"catalogs": ["voipnow"]})  # type: ignore[attr-defined]
    editor = Editor(bare_client, tmp_path / "test_s.py", SOURCE)
    items = await diagnostics_for(bare_client, editor.uri, editor.version)
    assert codes(items) == [("unknown-code", 4)]


async def test_did_change_configuration_switches_catalogs_and_severity(
    bare_client: LanguageClient, tmp_path: Path
):
    await start(bare_client, bare_client.client_name, [tmp_path], {"catalogs": ["voipnow"]})  # type: ignore[attr-defined]
    editor = Editor(bare_client, tmp_path / "test_s.py", SOURCE)
    assert codes(await diagnostics_for(bare_client, editor.uri, editor.version)) == [
        ("unknown-code", 4)
    ]
    settings = {"errlsp": {"catalogs": ["fonedynamics"], "severity": {"unknown-code": "warning"}}}
    bare_client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings=settings)
    )
    await asyncio.sleep(0.3)
    editor.replace((0, 0), (0, 0), "\n")
    items = await diagnostics_for(bare_client, editor.uri, editor.version)
    assert codes(items) == [("unknown-code", 6)]
    assert items[0].severity == types.DiagnosticSeverity.Warning


async def test_invalid_settings_are_reported_and_ignored(
    bare_client: LanguageClient, tmp_path: Path
):
    options = {"catalogs": ["voipnow"], "stritc": True, "diagnosticDelay": "soon"}
    await start(bare_client, bare_client.client_name, [tmp_path], options)  # type: ignore[attr-defined]
    editor = Editor(bare_client, tmp_path / "test_s.py", SOURCE)
    assert codes(await diagnostics_for(bare_client, editor.uri, editor.version)) == [
        ("unknown-code", 4)
    ]
    shown = "\n".join(message.message for message in bare_client.messages)
    assert "stritc" in shown and "diagnosticDelay" in shown


async def test_each_root_has_its_own_config(bare_client: LanguageClient, tmp_path: Path):
    first, second = tmp_path / "api_a", tmp_path / "api_b"
    first.mkdir()
    second.mkdir()
    (first / "errlsp.toml").write_text('catalogs = ["fonedynamics"]\n', encoding="utf-8")
    (second / "pyproject.toml").write_text(
        '[tool.errlsp]\ncatalogs = ["voipnow"]\n', encoding="utf-8"
    )
    await start(bare_client, bare_client.client_name, [first, second])  # type: ignore[attr-defined]
    in_first = Editor(bare_client, first / "test_a.py", SOURCE)
    in_second = Editor(bare_client, second / "test_b.py", SOURCE)
    assert codes(await diagnostics_for(bare_client, in_first.uri, 1)) == [("unknown-code", 5)]
    assert codes(await diagnostics_for(bare_client, in_second.uri, 1)) == [("unknown-code", 4)]


async def test_folder_settings_from_workspace_configuration(
    bare_client: LanguageClient, tmp_path: Path
):
    bare_client.set_configuration(
        {"errlsp": {"catalogs": ["voipnow"]}}, scope_uri=tmp_path.as_uri()
    )
    await start(bare_client, bare_client.client_name, [tmp_path])  # type: ignore[attr-defined]
    await asyncio.sleep(0.3)  # the server asks for folder settings after `initialized`
    editor = Editor(bare_client, tmp_path / "test_s.py", SOURCE)
    assert codes(await diagnostics_for(bare_client, editor.uri, editor.version)) == [
        ("unknown-code", 4)
    ]


async def test_folders_added_later_bring_their_config(bare_client: LanguageClient, tmp_path: Path):
    first, second = tmp_path / "api_a", tmp_path / "api_b"
    first.mkdir()
    second.mkdir()
    (second / "errlsp.toml").write_text('catalogs = ["voipnow"]\n', encoding="utf-8")
    await start(bare_client, bare_client.client_name, [first])  # type: ignore[attr-defined]
    bare_client.workspace_did_change_workspace_folders(
        types.DidChangeWorkspaceFoldersParams(
            event=types.WorkspaceFoldersChangeEvent(
                added=[types.WorkspaceFolder(uri=second.as_uri(), name="api_b")], removed=[]
            )
        )
    )
    editor = Editor(bare_client, second / "test_b.py", SOURCE)
    assert codes(await diagnostics_for(bare_client, editor.uri, 1)) == [("unknown-code", 4)]


async def test_file_outside_every_folder_uses_its_own_config(
    bare_client: LanguageClient, tmp_path: Path
):
    folder, outside = tmp_path / "folder", tmp_path / "elsewhere"
    folder.mkdir()
    outside.mkdir()
    (outside / "errlsp.toml").write_text('catalogs = ["fonedynamics"]\n', encoding="utf-8")
    await start(bare_client, bare_client.client_name, [folder])  # type: ignore[attr-defined]
    editor = Editor(bare_client, outside / "test_o.py", SOURCE)
    assert codes(await diagnostics_for(bare_client, editor.uri, 1)) == [("unknown-code", 5)]


async def test_camel_case_keys(bare_client: LanguageClient, tmp_path: Path):
    options = {
        "errlsp": {"catalogs": ["voipnow"], "perFileIgnores": {"test_ignored.py": ["unknown-code"]}}
    }
    await start(bare_client, bare_client.client_name, [tmp_path], options)  # type: ignore[attr-defined]
    ignored = Editor(bare_client, tmp_path / "test_ignored.py", SOURCE)
    checked = Editor(bare_client, tmp_path / "test_checked.py", SOURCE)
    assert await diagnostics_for(bare_client, ignored.uri, 1) == []
    assert codes(await diagnostics_for(bare_client, checked.uri, 1)) == [("unknown-code", 4)]
