"""Server state and handlers called directly, without a client: roots, documents, freshness.

The handlers are module-level functions of ``(server, params)``, registered by ``factory``;
these tests call them as plain functions on a server that never starts its transport.
"""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types

from errlsp.server import completion, hover, lifecycle, reload
from errlsp.server.factory import create_server
from errlsp.server.state import RootState

PYPROJECT = '[tool.errlsp]\ncatalogs = ["fonedynamics"]\n'


def _server_on(folder: Path):
    """A server with one workspace folder, loaded as ``initialize`` would load it."""
    server = create_server()
    root = server.state.roots[folder] = RootState(folder)
    reload.load_root(server, root, publish=False)
    return server


def test_a_root_per_folder_with_its_config(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    server = _server_on(tmp_path)
    root = server.state.roots[tmp_path]
    assert root.loaded and root.catalogs.names == ("fonedynamics",)
    assert server.state.root_for(tmp_path / "tests" / "test_x.py") is root


async def test_handlers_answer_when_called_as_functions(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    server = _server_on(tmp_path)
    path = tmp_path / "test_x.py"
    text = 'assert_api_error(resp, "PARAMETER_REQUIRED")\nassert_api_error(resp, "PARAM")\n'
    uri = path.as_uri()
    item = types.TextDocumentItem(uri=uri, language_id="python", version=3, text=text)
    lifecycle.did_open(server, types.DidOpenTextDocumentParams(text_document=item))
    state = server.document(uri)
    assert state is not None and state.document.version == 3
    assert state.fresh() is None  # nothing analysed yet: hover scans the line instead
    document = types.TextDocumentIdentifier(uri=uri)
    found = hover.hover_at(server, types.HoverParams(document, types.Position(0, 30)))
    assert found is not None and "PARAMETER_REQUIRED" in str(found.contents)
    listed = completion.complete(server, types.CompletionParams(document, types.Position(1, 29)))
    assert listed is not None
    assert "PARAMETER_REQUIRED" in {item.label for item in listed.items}
    server.stop_workers()
