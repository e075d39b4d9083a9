"""Session lifecycle over stdio: shutdown and exit, cancellation, a 10,000-line file."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from lsp_session import Editor, diagnostics_for, pulls, start, wait_for_push
from lsprotocol import types
from pygls.exceptions import JsonRpcRequestCancelled
from pytest_lsp import LanguageClient

CODES = ["ACCOUNT_NOT_FOUND", "FORBIDDEN", "cdr_start_date_invalid", "NOT_A_REAL_CODE"]


def large_file(lines: int = 10_000) -> tuple[str, int]:
    """A test module with references throughout; returns it and its number of unknown codes."""
    out = ["from pytest_errcodes import assert_api_error", "", ""]
    unknown = 0
    index = 0
    while len(out) < lines - 8:
        code = CODES[index % len(CODES)]
        unknown += code == "NOT_A_REAL_CODE"
        out += [
            f"def test_case_{index}(client):",
            f"    resp = client.get('/items/{index}')",
            "    assert resp.status_code == 400",
            f'    assert_api_error(resp, "{code}")',
            "    if resp.json()['error']['code'] == \"ACCOUNT_NOT_FOUND\":",
            f"        return {index}",
            "",
            "",
        ]
        index += 1
    out += [""] * (lines - len(out))
    return "\n".join(out) + "\n", unknown


async def test_shutdown_then_exit_ends_the_process_cleanly(
    bare_client: LanguageClient, tmp_path: Path
):
    await start(bare_client, bare_client.client_name, [tmp_path])  # type: ignore[attr-defined]
    Editor(bare_client, tmp_path / "test_x.py", 'assert_api_error(r, "X")\n')
    await bare_client.shutdown_async(None)
    bare_client.exit(None)
    process = bare_client._server
    assert process is not None
    assert await asyncio.wait_for(process.wait(), timeout=10) == 0
    bare_client.capabilities = None  # nothing left for the fixture to shut down


async def test_exit_without_shutdown_reports_failure(bare_client: LanguageClient, tmp_path: Path):
    await start(bare_client, bare_client.client_name, [tmp_path])  # type: ignore[attr-defined]
    bare_client.exit(None)
    process = bare_client._server
    assert process is not None
    assert await asyncio.wait_for(process.wait(), timeout=10) == 1
    bare_client.capabilities = None


async def test_cancelled_reference_search(bare_client: LanguageClient, tmp_path: Path):
    def body(file: int) -> str:
        # Every function differs, so no parse is answered from a cache: the search is slow.
        return "".join(
            f'def test_{file}_{n}(r):\n    assert_api_error(r, "ACCOUNT_NOT_FOUND", {n})\n\n'
            for n in range(60)
        )

    for number in range(100):
        (tmp_path / f"test_many_{number}.py").write_text(body(number), encoding="utf-8")
    await start(bare_client, bare_client.client_name, [tmp_path])  # type: ignore[attr-defined]
    editor = Editor(bare_client, tmp_path / "test_here.py", body(-1))
    await diagnostics_for(bare_client, editor.uri, 1)
    params = types.ReferenceParams(
        text_document=types.TextDocumentIdentifier(uri=editor.uri),
        position=types.Position(line=1, character=30),
        context=types.ReferenceContext(include_declaration=False),
    )
    request = asyncio.ensure_future(
        bare_client.protocol.send_request_async(
            types.TEXT_DOCUMENT_REFERENCES, params, msg_id="cancel-me"
        )
    )
    await asyncio.sleep(0.05)
    bare_client.cancel_request(types.CancelParams(id="cancel-me"))
    with pytest.raises(JsonRpcRequestCancelled):
        await request
    # The server is still there and answers at once: the cancelled scan has stopped.
    hover = await bare_client.text_document_hover_async(
        types.HoverParams(text_document=params.text_document, position=params.position)
    )
    assert hover is not None


async def test_ten_thousand_line_file(bare_client: LanguageClient, tmp_path: Path):
    text, unknown = large_file()
    await start(bare_client, bare_client.client_name, [tmp_path])  # type: ignore[attr-defined]
    editor = Editor(bare_client, tmp_path / "test_big.py", text)
    assert len(text.split("\n")) == 10_001
    if pulls(bare_client):
        items = await diagnostics_for(bare_client, editor.uri, 1)
    else:  # the first 150 lines come first, then the whole file, for the same version
        items = await wait_for_push(
            bare_client,
            editor.uri,
            lambda p: sum(i.code == "unknown-code" for i in p.diagnostics) == unknown,
            timeout=60,
        )
    assert sum(item.code == "unknown-code" for item in items) == unknown
    line, column = editor.find('"FORBIDDEN"')
    editor.replace((line, column + 1), (line, column + 10), "NOPE_NOT_DOCUMENTED")
    # How fast is benchmarks/bench_server.py's job (first and fresh diagnostics, p95s);
    # here: that the edit's diagnostics come, and are right.
    items = await diagnostics_for(bare_client, editor.uri, editor.version)
    assert sum(item.code == "unknown-code" for item in items) == unknown + 1
    last = len(editor.text.split("\n")) - 1
    editor.replace((last, 0), (last, 0), 'assert_api_error(r, "FORB')
    result = await bare_client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=editor.uri),
            position=types.Position(line=last, character=len('assert_api_error(r, "FORB')),
        )
    )
    assert isinstance(result, types.CompletionList)
    assert [item.label for item in result.items] == ["FORBIDDEN"]


def test_serve_loads_the_parser_before_it_serves(tmp_path: Path) -> None:
    """``errlsp serve`` imports libcst before it reads its first message, so a file opened
    at start-up is analysed at once instead of waiting behind that import."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from errlsp.server.server import ErrlspServer\n"
        "ErrlspServer.start_io = lambda self, *a, **k: print('libcst' in sys.modules)\n"
        "from errlsp.cli import main\n"
        "sys.exit(main(['serve']))\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "True"
