"""When analyses run and what they leave behind: coalesced edits, bounded memory, head first.

The first two call the handlers as functions on a server without a transport (pull
diagnostics, so nothing is pushed); the last runs ``errlsp serve`` over stdio.
"""

from __future__ import annotations

import asyncio
import gc
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

from lsp_session import diagnostics_for, open_document, pulls, start, wait_for_push
from lsprotocol import types
from pytest_lsp import LanguageClient

from errlsp.analysis import CodeReference
from errlsp.server import diagnostics, lifecycle, reload
from errlsp.server.diagnostics import HEAD_LINES
from errlsp.server.factory import create_server
from errlsp.server.server import ErrlspServer
from errlsp.server.state import DocumentState, RootState


def module(functions: int) -> str:
    """A test module with one code reference per function, ``8 * functions`` lines long."""
    out = ["from pytest_errcodes import assert_api_error", "", ""]
    for index in range(functions):
        code = ("FORBIDDEN", "NOT_A_REAL_CODE")[index % 2]
        out += [
            f"def test_{index}(resp):",
            "    assert resp.status_code == 400",
            f'    assert_api_error(resp, "{code}")',
            "    if resp.json()['error']['code'] == \"FORBIDDEN\":",
            f"        return {index}",
            "",
            "",
            "",
        ]
    return "\n".join(out) + "\n"


def pulling_server(folder: Path) -> ErrlspServer:
    server = create_server()
    server.features = replace(server.features, pull_diagnostics=True)
    server.options = replace(server.options, diagnostic_delay=0.01)
    root = server.state.roots[folder] = RootState(folder)
    reload.load_root(server, root, publish=False)
    return server


def opened(server: ErrlspServer, path: Path, text: str) -> DocumentState:
    item = types.TextDocumentItem(uri=path.as_uri(), language_id="python", version=1, text=text)
    lifecycle.did_open(server, types.DidOpenTextDocumentParams(text_document=item))
    state = server.document(path.as_uri())
    assert state is not None
    return state


def change(server: ErrlspServer, state: DocumentState, line: int, new_line: str) -> None:
    """Replace line ``line`` (without its terminator) by ``new_line``."""
    old = state.document.line(line)
    version = (state.document.version or 0) + 1
    edit = types.TextDocumentContentChangePartial(
        range=types.Range(types.Position(line, 0), types.Position(line, len(old))), text=new_line
    )
    identifier = types.VersionedTextDocumentIdentifier(uri=state.document.uri, version=version)
    lifecycle.did_change(server, types.DidChangeTextDocumentParams(identifier, [edit]))


def literal_line(functions: int, index: int, code: str) -> tuple[int, str]:
    return 3 + 8 * (index % functions) + 2, f'    assert_api_error(resp, "{code}")'


async def test_a_burst_of_edits_while_an_analysis_waits_costs_one_more(tmp_path: Path) -> None:
    server = pulling_server(tmp_path)
    state = opened(server, tmp_path / "test_burst.py", module(10))
    await diagnostics.fresh_analysis(server, state)
    versions: list[Any] = []
    run = state.analyzer.run

    def counted(*args: Any, **kwargs: Any) -> Any:
        versions.append(args[1])
        return run(*args, **kwargs)

    state.analyzer.run = counted  # type: ignore[method-assign]
    gate = threading.Event()
    server.analysis_pool.submit(gate.wait)  # the worker is busy, as with a large file
    change(server, state, *literal_line(10, 0, "FIRST"))
    await asyncio.sleep(0.1)  # the debounce is over: that analysis waits for the worker
    for index in range(20):
        change(server, state, *literal_line(10, index, f"CODE_{index}"))
        await asyncio.sleep(0.002)  # typing, faster than an analysis
    gate.set()
    analysis = await diagnostics.fresh_analysis(server, state)
    assert analysis.version == 22
    assert versions == [2, 22]  # the waiting one, then one for the whole burst
    server.stop_workers()


def live_references() -> int:
    gc.collect()
    # type(), not isinstance(): a lazy object (Django's admin site) would set itself up
    return sum(1 for item in gc.get_objects() if type(item) is CodeReference)


async def test_a_long_editing_session_keeps_no_more_than_its_text_needs(tmp_path: Path) -> None:
    """Each edit brings a code never seen before: a cache keyed by text must forget."""
    server = pulling_server(tmp_path)
    state = opened(server, tmp_path / "test_long.py", module(40))

    async def edits(first: int, count: int) -> None:
        for number in range(first, first + count):
            change(server, state, *literal_line(40, number * 7, f"CODE_{number}"))
            await diagnostics.fresh_analysis(server, state)

    await edits(0, 100)
    after_warm_up = live_references()
    await edits(100, 400)
    assert live_references() <= after_warm_up * 1.1 + 10
    server.stop_workers()


async def test_a_large_file_gets_the_diagnostics_of_its_top_first(
    bare_client: LanguageClient, tmp_path: Path
):
    await start(bare_client, bare_client.client_name, [tmp_path])  # type: ignore[attr-defined]
    text = module(HEAD_LINES // 2)  # four times HEAD_LINES
    uri = open_document(bare_client, tmp_path / "test_large.py", text)
    unknown = [n for n, line in enumerate(text.split("\n")) if "NOT_A_REAL_CODE" in line]

    def unknown_lines(items: Any) -> list[int]:
        return sorted(item.range.start.line for item in items if item.code == "unknown-code")

    if pulls(bare_client):  # a pull is answered with the whole file, never a part
        assert unknown_lines(await diagnostics_for(bare_client, uri, 1)) == unknown
        return
    full = await wait_for_push(bare_client, uri, lambda p: unknown_lines(p.diagnostics) == unknown)
    assert unknown_lines(full) == unknown
    first = bare_client.published[uri][0]  # type: ignore[attr-defined]
    assert first.version == 1
    assert unknown_lines(first.diagnostics) == [n for n in unknown if n < HEAD_LINES]
