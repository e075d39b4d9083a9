"""What the server saw: ``errlsp.showReferences`` and the (opt-in) inlay hints."""

from __future__ import annotations

from pathlib import Path

from lsp_session import open_document, start
from lsprotocol import types
from pytest_lsp import LanguageClient

SOURCE = """\
def handle(e, resp):
    if e.code == "FORBIDDEN":
        return 1
    if e.code == "SomeOtherLibrarysCode":
        return 2
    assert_api_error(resp, "PARAMETER_REQURED")
"""


async def test_show_references_lists_every_reference(bare_client: LanguageClient, tmp_path: Path):
    await start(bare_client, bare_client.client_name, [tmp_path])  # type: ignore[attr-defined]
    uri = open_document(bare_client, tmp_path / "handle.py", SOURCE)
    result = await bare_client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="errlsp.showReferences", arguments=[uri])
    )
    assert [(r["line"], r["code"], r["verdict"], r["reported"]) for r in result] == [
        (2, "FORBIDDEN", "documented", True),
        (4, "SomeOtherLibrarysCode", "unknown", False),
        (6, "PARAMETER_REQURED", "unknown", True),
    ]
    hints = await bare_client.text_document_inlay_hint_async(
        types.InlayHintParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(types.Position(0, 0), types.Position(7, 0)),
        )
    )
    assert not hints, "inlay hints are off by default"


async def test_inlay_hints_when_asked_for(bare_client: LanguageClient, tmp_path: Path):
    await start(
        bare_client,
        bare_client.client_name,  # type: ignore[attr-defined]
        [tmp_path],
        {"showReferences": True},
    )
    uri = open_document(bare_client, tmp_path / "handle.py", SOURCE)
    hints = await bare_client.text_document_inlay_hint_async(
        types.InlayHintParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(types.Position(0, 0), types.Position(3, 0)),
        )
    )
    assert hints is not None
    assert [(hint.position.line, hint.label) for hint in hints] == [
        (1, " documented in fonedynamics")
    ]
