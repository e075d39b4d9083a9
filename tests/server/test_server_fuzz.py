"""Seeded random LSP sessions: edits, bursts, requests and cancels, closes, settings changes.

One ``errlsp serve`` per client runs for ``--fuzz-seconds`` (default 3; raise it for a long
hunt, with ``--fuzz-seed`` to replay one). Every request must answer (a cancelled one may
answer "cancelled"), the server must never report an internal error, and at the end each
open document's diagnostics must be those of its final text, within its lines.

Lone surrogates are in the alphabet: positions convert them without raising (one UTF-16 unit,
their UTF-8 replacement) and the analysis reads them as U+FFFD.
"""

from __future__ import annotations

import asyncio
import itertools
import random
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lsp_session import Editor, diagnostics_for, lsp_lines, server_on_own_loop, within
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import LanguageClient

from errlsp.analysis.incremental import DocumentAnalyzer
from errlsp.catalog import load_catalogs
from errlsp.config import load_settings
from errlsp.server.positions import split_lines

CANCELLED = -32800  # RequestCancelled: the one error a cancelled request may answer with
SEEDS = [
    "from pytest_errcodes import assert_api_error\n\n\ndef test_a(resp):\n"
    '    assert resp.status_code == 404\n    assert_api_error(resp, "ACCOUNT_NOT_FOUND")\n',
    'import pytest\n\n\n@pytest.mark.errcodes("voipnow")\nclass TestB:\n'
    '    def test_b(self, resp):\n        assert resp.json()["error"]["code"] == "FORBIDEN"\n',
    "",
]
PIECES = [
    "a", " ", "\n", "\r\n", "\r", "\t", "\f", "\u2028", '"', "'", "(", ")", "#", '"""', "\\",
    "\u00e9", "\u6f22", "\U0001f600", "\x00", "\ud800", "\udfff",
    'assert_api_error(resp, "', '"FORBIDDEN"', '"NOPE"', "def f(x):\n    ", "    ",
    "# errlsp: ignore[unknown-code]", "# errlsp: catalog=voipnow\n", "pytestmark = 1\n",
]  # fmt: skip
SETTINGS: list[dict[str, Any]] = [
    {},
    {"catalogs": ["voipnow"]},
    {"catalogs": ["nope-nope"]},
    {"catalogs": ["nope-nope", "fonedynamics"]},
    {"scopes": {"**": "x"}},
    {"severity": {"unknown-code": "warning"}},
    {"perFileIgnores": {"*.py": ["unknown-code"]}},
    {"strict": True, "diagnosticDelay": 0},
    {"stritc": 1},
]
POSITION_REQUESTS: dict[str, Any] = {
    types.TEXT_DOCUMENT_HOVER: types.HoverParams,
    types.TEXT_DOCUMENT_COMPLETION: types.CompletionParams,
    types.TEXT_DOCUMENT_DEFINITION: types.DefinitionParams,
}
REQUESTS = [*POSITION_REQUESTS, types.TEXT_DOCUMENT_REFERENCES, types.TEXT_DOCUMENT_CODE_ACTION]
_names = itertools.count()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "fuzz_seed" in metafunc.fixturenames:
        seed = metafunc.config.getoption("--fuzz-seed")
        metafunc.parametrize("fuzz_seed", [seed] if seed is not None else [15, 1015])


@pytest.fixture(scope="module", params=["visual-studio-code", "neovim"])
def fuzz_session(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[asyncio.AbstractEventLoop, LanguageClient, Path]]:
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "errlsp.toml").write_text('catalogs = ["fonedynamics", "voipnow"]\n', "utf-8")
    with server_on_own_loop(request.param, folder) as (loop, client):
        yield loop, client, folder


class Fuzzer:
    """One random session; every choice comes from ``rnd``, so a seed replays it."""

    def __init__(self, client: LanguageClient, folder: Path, rnd: random.Random) -> None:
        self.client = client
        self.folder = folder
        self.rnd = rnd
        self.open: list[Editor] = []
        self.pending: list[tuple[str, asyncio.Future[Any]]] = []

    def position(self, editor: Editor) -> types.Position:
        """A random position, sometimes past the end of its line or of the document."""
        lines = lsp_lines(editor.text)
        line = self.rnd.randrange(len(lines) + 1)
        width = len(lines[line]) if line < len(lines) else 0
        return types.Position(line=line, character=self.rnd.randrange(width + 3))

    def edit(self, editor: Editor) -> None:
        lines = lsp_lines(editor.text)
        line = self.rnd.randrange(len(lines))
        column = self.rnd.randrange(len(lines[line]) + 1)
        end_line = min(len(lines) - 1, line + self.rnd.choice([0, 0, 0, 1, 3]))
        end = self.rnd.randrange(len(lines[end_line]) + 1) if end_line > line else column
        end = max(end, column) if end_line == line else end
        new = "".join(self.rnd.choice(PIECES) for _ in range(self.rnd.randrange(5)))
        editor.replace((line, column), (end_line, end), new)

    def request(self, editor: Editor) -> None:
        method = self.rnd.choice(REQUESTS)
        document = types.TextDocumentIdentifier(uri=editor.uri)
        position = self.position(editor)
        params: Any
        if method == types.TEXT_DOCUMENT_REFERENCES:
            context = types.ReferenceContext(include_declaration=True)
            params = types.ReferenceParams(
                text_document=document, position=position, context=context
            )
        elif method == types.TEXT_DOCUMENT_CODE_ACTION:
            span = types.Range(position, position)
            params = types.CodeActionParams(
                text_document=document, range=span, context=types.CodeActionContext([])
            )
        else:
            params = POSITION_REQUESTS[method](text_document=document, position=position)
        msg_id = f"fuzz-{next(_names)}"
        future = self.client.protocol.send_request_async(method, params, msg_id=msg_id)
        self.pending.append((f"{method} at {position} of {editor.text!r}", future))
        if self.rnd.random() < 0.4:
            self.client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id=msg_id))

    async def answered(self) -> None:
        """Every request got an answer: a result, or "cancelled" if it was cancelled."""
        for what, future in self.pending:
            try:
                await asyncio.wait_for(future, 30)
            except JsonRpcException as error:
                assert error.code == CANCELLED, f"{what}: {error!r}"
        self.pending.clear()

    async def step(self) -> None:
        roll = self.rnd.random()
        if not self.open or (roll < 0.05 and len(self.open) < 3):
            path = self.folder / f"test_fuzz_{next(_names)}.py"
            self.open.append(Editor(self.client, path, self.rnd.choice(SEEDS)))
            return
        editor = self.rnd.choice(self.open)
        if roll < 0.08:
            self.open.remove(editor)
            identifier = types.TextDocumentIdentifier(uri=editor.uri)
            self.client.text_document_did_close(types.DidCloseTextDocumentParams(identifier))
        elif roll < 0.12:
            settings = self.rnd.choice(SETTINGS)
            self.client.workspace_did_change_configuration(
                types.DidChangeConfigurationParams(settings={"errlsp": settings})
            )
        elif roll < 0.35:
            self.request(editor)
        elif roll < 0.45:
            for _ in range(self.rnd.randrange(2, 30)):  # a burst, faster than any analysis
                self.edit(editor)
        else:
            self.edit(editor)
        if self.rnd.random() < 0.2:
            await asyncio.sleep(self.rnd.choice([0, 0.005, 0.03]))
        if len(self.pending) > 20:
            await self.answered()

    async def check_final_state(self) -> None:
        """Back to the config file's settings; each document's diagnostics are its text's."""
        self.client.workspace_did_change_configuration(
            types.DidChangeConfigurationParams(settings={"errlsp": {"diagnosticDelay": 0}})
        )
        await self.answered()
        await asyncio.sleep(0.5)
        settings = load_settings(self.folder)
        catalogs = load_catalogs(settings)
        for editor in self.open:
            editor.replace((0, 0), (0, 0), "")  # a new version, analysed with those settings
            items = await diagnostics_for(self.client, editor.uri, editor.version)
            for item in items:
                assert within(self.client, editor.text, item.range), ascii((item, editor.text))
            path = Path(editor.uri.removeprefix("file://"))
            expected = DocumentAnalyzer().run(
                split_lines(editor.text), 1, settings, catalogs, path, None
            )
            # ascii(): a lone surrogate in a failure message kills the xdist worker that sends it
            found = list(expected.findings())
            assert len(items) == len(found), ascii((editor.text, items, found))
        errors = [m.message for m in self.client.messages if m.type == types.MessageType.Error]
        assert errors == []


def test_random_sessions(
    fuzz_session: tuple[asyncio.AbstractEventLoop, LanguageClient, Path],
    fuzz_seed: int,
    request: pytest.FixtureRequest,
) -> None:
    loop, client, folder = fuzz_session
    seconds = float(request.config.getoption("--fuzz-seconds"))
    fuzzer = Fuzzer(client, folder, random.Random(fuzz_seed))

    async def run() -> int:
        steps = 0
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            await fuzzer.step()
            steps += 1
        await fuzzer.check_final_state()
        return steps

    steps = loop.run_until_complete(asyncio.wait_for(run(), timeout=seconds + 120))
    assert steps > 0, f"seed {fuzz_seed}"
