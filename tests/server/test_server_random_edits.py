"""Random edit sequences never crash the server nor yield a range outside the document.

Hypothesis drives one long-lived server per client (starting a process per example would
dominate the run): each example opens a new document, applies random incremental edits with
random pauses, then checks the final diagnostics, a hover and a completion.
"""

from __future__ import annotations

import asyncio
import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lsp_session import Editor, diagnostics_for, lsp_lines, server_on_own_loop, within
from lsprotocol import types
from pytest_lsp import LanguageClient

from errlsp.analysis import BlockCache
from errlsp.analysis.incremental import DocumentAnalyzer
from errlsp.catalog import load_catalogs
from errlsp.config import load_settings
from errlsp.server.positions import split_lines

SEED = """\
from pytest_errcodes import assert_api_error


def test_one(resp):
    assert resp.status_code == 400
    assert_api_error(resp, "ACCOUNT_NOT_FOUN")
    if resp.json()["error"]["code"] == "cdr_start_date_invalid":
        pass
"""
PIECES = st.sampled_from(
    [
        "a", " ", "\n", "\r\n", "\t", "\f", '"', "'", "(", ")", "#", '"""', "\\",
        "\u00e9", "\u6f22", "\U0001f600",
        'assert_api_error(resp, "', '"FORBIDDEN"', '"NOPE"', "def f(x):\n    ", "    ",
    ]
)  # fmt: skip
TEXT = st.lists(PIECES, max_size=6).map("".join)
EDIT = st.tuples(
    st.floats(0, 1), st.floats(0, 1), st.integers(0, 12), TEXT, st.sampled_from([0, 0, 0.005, 0.03])
)
_names = itertools.count()


@pytest.fixture(scope="module", params=["visual-studio-code", "neovim"])
def session(
    request, tmp_path_factory
) -> Iterator[tuple[asyncio.AbstractEventLoop, LanguageClient, Path]]:
    folder = tmp_path_factory.mktemp("random")
    with server_on_own_loop(request.param, folder) as (loop, client):
        yield loop, client, folder


async def scenario(client: LanguageClient, folder: Path, edits: list) -> None:
    path = folder / f"test_random_{next(_names)}.py"
    editor = Editor(client, path, SEED)
    for line_fraction, column_fraction, length, new, pause in edits:
        lines = lsp_lines(editor.text)
        line = int(line_fraction * (len(lines) - 1))
        column = int(column_fraction * len(lines[line]))
        end = min(column + length, len(lines[line]))
        editor.replace((line, column), (line, end), new)
        if pause:
            await asyncio.sleep(pause)
    items = await diagnostics_for(client, editor.uri, editor.version)
    for item in items:
        assert within(client, editor.text, item.range), (item, editor.text)
    settings_ = load_settings(folder)
    expected = DocumentAnalyzer(BlockCache()).run(
        split_lines(editor.text), 1, settings_, load_catalogs(settings_), path, None
    )
    assert len(items) == len(list(expected.findings()))
    position = types.Position(line=5, character=30)
    identifier = types.TextDocumentIdentifier(uri=editor.uri)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=identifier, position=position)
    )
    if hover is not None and hover.range is not None:
        assert within(client, editor.text, hover.range)
    completion = await client.text_document_completion_async(
        types.CompletionParams(text_document=identifier, position=position)
    )
    if isinstance(completion, types.CompletionList):
        for item in completion.items:
            assert isinstance(item.text_edit, types.TextEdit)
            assert within(client, editor.text, item.text_edit.range)
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=identifier))


EXAMPLES = int(os.environ.get("ERRLSP_RANDOM_EXAMPLES", "40"))  # raise it for a longer hunt


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(edits=st.lists(EDIT, min_size=1, max_size=12))
def test_random_edit_sequences(session, edits):
    loop, client, folder = session
    loop.run_until_complete(asyncio.wait_for(scenario(client, folder, edits), timeout=60))
