"""Navigation over stdio: definition into catalogs, references, workspace symbols, links."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsp_session import CURSOR, at, marked, open_document, unique
from lsprotocol import types
from pytest_lsp import LanguageClient

from errlsp.catalog import builtin_path

pytestmark = pytest.mark.asyncio(loop_scope="module")

HEADER = "from pytest_errcodes import assert_api_error\n\n\ndef test_n(client, resp):\n"


async def open_at(client: LanguageClient, path: Path, text: str) -> tuple[str, types.Position]:
    source, position = marked(text)
    uri = open_document(client, path, source)
    return uri, at(client, source, position)


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(number for number, line in enumerate(lines) if needle in line)


async def definition(client: LanguageClient, uri: str, position: types.Position):
    result = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=position
        )
    )
    assert isinstance(result, list) and result
    return result


async def test_definition_in_a_builtin_catalog(
    shared_client: LanguageClient, shared_workspace: Path
):
    text = HEADER + f'    assert_api_error(resp, "ACCOUNT_NOT{CURSOR}_FOUND")\n'
    uri, position = await open_at(shared_client, unique(shared_workspace / "t.py"), text)
    (location,) = await definition(shared_client, uri, position)
    assert isinstance(location, types.Location)
    catalog = builtin_path("fonedynamics").resolve()
    assert location.uri == catalog.as_uri()
    assert location.range.start.line == line_of(catalog, 'code = "ACCOUNT_NOT_FOUND"')


async def test_definition_in_the_user_catalog(
    shared_client: LanguageClient, shared_workspace: Path
):
    text = (
        HEADER + f'    if resp.json()["error"]["code"] == "out_of_{CURSOR}stock":\n        pass\n'
    )
    uri, position = await open_at(shared_client, unique(shared_workspace / "t.py"), text)
    (location,) = await definition(shared_client, uri, position)
    catalog = shared_workspace / "catalogs" / "shop.toml"
    assert location.uri == catalog.as_uri()
    assert location.range.start.line == line_of(catalog, 'code = "out_of_stock"')


async def test_references_across_the_workspace(
    shared_client: LanguageClient, shared_workspace: Path
):
    text = HEADER + f'    assert_api_error(resp, "ACCOUNT_{CURSOR}NOT_FOUND")\n'
    path = unique(shared_workspace / "tests" / "test_n.py")
    uri, position = await open_at(shared_client, path, text)
    result = await shared_client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=position,
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert result is not None
    uris = {location.uri for location in result}
    on_disk = (shared_workspace / "tests" / "test_accounts.py").as_uri()
    assert {uri, on_disk, builtin_path("fonedynamics").resolve().as_uri()} <= uris
    here = next(location for location in result if location.uri == uri)
    assert here.range.start.line == 4


async def test_references_from_the_catalog_file(
    shared_client: LanguageClient, shared_workspace: Path
):
    catalog = shared_workspace / "catalogs" / "shop.toml"
    uri = open_document(shared_client, catalog)
    line = line_of(catalog, 'code = "cart_empty"')
    result = await shared_client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=10),
            context=types.ReferenceContext(include_declaration=False),
        )
    )
    assert result is not None
    assert (shared_workspace / "tests" / "shop" / "test_cart.py").as_uri() in {
        location.uri for location in result
    }
    shared_client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )


async def test_workspace_symbols(shared_client: LanguageClient):
    result = await shared_client.workspace_symbol_async(types.WorkspaceSymbolParams(query="coupon"))
    assert result is not None
    names = {symbol.name for symbol in result}
    assert names == {"coupon_expired", "coupon_invalid"}
    symbol = next(symbol for symbol in result if symbol.name == "coupon_invalid")
    assert isinstance(symbol, types.SymbolInformation)
    assert symbol.container_name == "shop" and symbol.kind == types.SymbolKind.Constant
    everything = await shared_client.workspace_symbol_async(types.WorkspaceSymbolParams(query=""))
    assert everything is not None and len(everything) > 100


async def test_document_links_to_catalog_lines(
    shared_client: LanguageClient, shared_workspace: Path
):
    text = HEADER + '    assert_api_error(resp, "cart_empty")\n    assert_api_error(resp, "NOPE")\n'
    uri = open_document(shared_client, unique(shared_workspace / "t.py"), text)
    links = await shared_client.text_document_document_link_async(
        types.DocumentLinkParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert links is not None and len(links) == 1
    (link,) = links
    catalog = shared_workspace / "catalogs" / "shop.toml"
    assert link.target is not None and link.target.startswith(catalog.as_uri() + "#L")
    assert link.range.start.line == 4
