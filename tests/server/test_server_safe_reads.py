"""The server given catalogs that are not regular files: it reads none of them and keeps going.

``/dev/zero`` as a catalog once read until the server was killed at 23 GB; a FIFO blocked it
for good. Both must be reported and skipped while the other catalogs keep working.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lsp_session import Editor, diagnostics_for, start
from lsprotocol import types
from pytest_lsp import LanguageClient

SOURCE = """\
from pytest_errcodes import assert_api_error


def test_codes(resp):
    assert_api_error(resp, "ACCOUNT_NOT_FOUND")
    assert_api_error(resp, "cdr_start_date_invalid")
"""


def reported(client: LanguageClient, path: str) -> bool:
    """Whether ``path`` was named in a message, a log line or a published diagnostic."""
    texts = [message.message for message in client.messages]
    texts += [message.message for message in client.log_messages]
    for uri, items in client.diagnostics.items():
        texts += [f"{uri} {item.message}" for item in items]
    return any(path in text or "not a regular file" in text for text in texts)


@pytest.mark.parametrize("kind", ["device", "fifo"])
async def test_a_catalog_that_is_not_a_regular_file_is_skipped(
    bare_client: LanguageClient, tmp_path: Path, kind: str
) -> None:
    if kind == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs on this platform")
        os.mkfifo(tmp_path / "pipe.toml")
        bad = str(tmp_path / "pipe.toml")
    else:
        bad = "/dev/zero"
    options = {"catalogs": ["voipnow", bad]}
    await start(bare_client, bare_client.client_name, [tmp_path], options)  # type: ignore[attr-defined]
    editor = Editor(bare_client, tmp_path / "test_s.py", SOURCE)
    items = await diagnostics_for(bare_client, editor.uri, editor.version)
    assert sorted((str(item.code), item.range.start.line) for item in items) == [
        ("unknown-code", 4)
    ]
    assert reported(bare_client, bad)
    hover = await bare_client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=editor.uri),
            position=types.Position(line=5, character=30),
        )
    )
    assert hover is not None and "cdr_start_date_invalid" in str(hover.contents)
