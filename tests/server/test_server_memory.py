"""What a long session leaves behind in the server process, whatever the analysis caches.

``benchmarks/bench_memory.py`` found the server's RSS growing by 2 MiB per thousand edits
while every cache of the analysis stayed flat: pygls kept the finished future of every
notification handled by a generator or coroutine (``didChange`` is one). The first test sends
wire messages through the server's own dispatch, as its stdio reader does, and counts the
futures still alive; the second runs ``errlsp serve`` over stdio and reads its resident set
size, with a bound generous enough for any allocator (Linux only: it reads ``/proc``).
"""

from __future__ import annotations

import asyncio
import gc
import json
import sys
from concurrent.futures import Future
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsp_session import SERVER, diagnostics_for, open_document, start
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import LanguageClient

from errlsp.server import diagnostics, reload
from errlsp.server.factory import create_server
from errlsp.server.server import ErrlspServer
from errlsp.server.state import RootState

CALL = '    assert_api_error(resp, "'
SOURCE = (
    f'from pytest_errcodes import assert_api_error\n\n\ndef test_it(resp):\n{CALL}FORBIDDEN")\n'
)
LINE, START = 4, len(CALL)  # where the code literal starts


def literal_change(uri: str, version: int, old: str, new: str) -> types.DidChangeTextDocumentParams:
    """Replace the code literal ``old`` of ``SOURCE``'s last line by ``new``."""
    return types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[
            types.TextDocumentContentChangePartial(
                range=types.Range(
                    types.Position(LINE, START), types.Position(LINE, START + len(old))
                ),
                text=new,
            )
        ],
    )


def live_futures() -> int:
    """Futures of handlers still referenced: pygls' (``concurrent.futures``) and tasks."""
    gc.collect()
    return sum(1 for item in gc.get_objects() if type(item) in (Future, asyncio.Task))


class Wire:
    """Messages as the client sends them, delivered the way pygls' stdio reader does."""

    def __init__(self, server: ErrlspServer) -> None:
        self.server = server
        self.converter = default_converter()

    def notify(self, notification: Any) -> None:
        body = json.dumps(self.converter.unstructure(notification))
        protocol = self.server.protocol
        protocol.handle_message(json.loads(body, object_hook=protocol.structure_message))


async def test_handled_notifications_leave_no_future_behind(tmp_path: Path) -> None:
    server = create_server()
    server.features = replace(server.features, pull_diagnostics=True)  # nothing to send
    server.options = replace(server.options, diagnostic_delay=0.0)
    root = server.state.roots[tmp_path] = RootState(tmp_path)
    reload.load_root(server, root, publish=False)
    wire = Wire(server)
    uri = (tmp_path / "test_wire.py").as_uri()
    item = types.TextDocumentItem(uri=uri, language_id="python", version=1, text=SOURCE)
    wire.notify(types.DidOpenTextDocumentNotification(types.DidOpenTextDocumentParams(item)))
    state = server.document(uri)
    assert state is not None
    code = "FORBIDDEN"

    async def session(first: int, count: int) -> None:
        nonlocal code
        for version in range(first, first + count):
            new = f"CODE_{version}"
            change = literal_change(uri, version, code, new)
            wire.notify(types.DidChangeTextDocumentNotification(change))  # a generator handler
            code = new
            if version % 10 == 0:  # a coroutine handler
                settings = types.DidChangeConfigurationParams(settings=None)
                wire.notify(types.DidChangeConfigurationNotification(settings))
            await asyncio.sleep(0)
        await diagnostics.fresh_analysis(server, state)
        for _ in range(3):
            await asyncio.sleep(0)  # the coroutines' done callbacks run on the loop

    await session(2, 20)
    after_warm_up = live_futures()
    await session(22, 300)
    assert state.document.line(LINE) == f'{CALL}{code}")'
    assert live_futures() <= after_warm_up + 2  # before the fix: one more per notification
    server.stop_workers()


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no VmRSS for process {pid}")


@pytest_lsp.fixture(config=SERVER, params=["visual-studio-code"])
async def vscode_client(lsp_client: LanguageClient, tmp_path: Path):
    await start(lsp_client, "visual-studio-code", [tmp_path])
    yield
    await lsp_client.shutdown_session()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
async def test_a_long_stdio_session_keeps_the_server_rss_level(
    vscode_client: LanguageClient, tmp_path: Path
) -> None:
    """4,000 edits over stdio; before the fix they grew the server by about 8 MiB."""
    client = vscode_client
    pid = client._server.pid  # type: ignore[union-attr]  # the process pytest-lsp started
    uri = open_document(client, tmp_path / "test_long.py", SOURCE)
    await diagnostics_for(client, uri, 1)
    code = "FORBIDDEN"

    async def edits(first: int, count: int) -> None:
        nonlocal code
        for version in range(first, first + count):
            new = f"CODE_{version}"
            client.text_document_did_change(literal_change(uri, version, code, new))
            code = new
            if version % 100 == 0:
                await asyncio.sleep(0)  # let the writes drain
        await diagnostics_for(client, uri, first + count - 1)

    await edits(2, 1000)
    after_warm_up = rss_mib(pid)
    await edits(1002, 4000)
    growth = rss_mib(pid) - after_warm_up
    assert growth < 3.0, f"server RSS grew {growth:.1f} MiB over 4,000 edits"
