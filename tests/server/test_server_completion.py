"""Completion over stdio: half-typed literals, both code cases, ranking, encodings, CRLF."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsp_session import CURSOR, at, marked, open_document, unique
from lsprotocol import types
from pytest_lsp import LanguageClient

pytestmark = pytest.mark.asyncio(loop_scope="module")
HEADER = "from pytest_errcodes import assert_api_error\n\n\ndef test_x(client, resp):\n"


async def complete(
    client: LanguageClient, path: Path, text: str
) -> tuple[list[types.CompletionItem], str, types.Position]:
    """Open ``text`` (with a cursor marker) and complete at the marker; items best first."""
    source, position = marked(text)
    uri = open_document(client, unique(path), source)
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=at(client, source, position),
        )
    )
    if result is None:
        return [], source, position
    items = result.items if isinstance(result, types.CompletionList) else result
    return sorted(items, key=lambda item: item.sort_text or item.label), source, position


async def test_unterminated_string_in_a_helper_call(
    shared_client: LanguageClient, shared_workspace: Path
):
    text = HEADER + f'    assert_api_error(resp, "ACCOUNT_N{CURSOR}'
    items, source, position = await complete(
        shared_client, shared_workspace / "tests" / "test_new.py", text
    )
    labels = [item.label for item in items]
    assert "ACCOUNT_NOT_FOUND" in labels
    assert all(label.casefold().startswith("account_n") for label in labels)
    item = next(item for item in items if item.label == "ACCOUNT_NOT_FOUND")
    edit = item.text_edit
    assert isinstance(edit, types.TextEdit) and edit.new_text == "ACCOUNT_NOT_FOUND"
    assert item.insert_text is None
    line = source.split("\n")[position.line]
    start = line.index('"') + 1
    assert edit.range.start == at(shared_client, source, types.Position(position.line, start))
    assert edit.range.end == at(shared_client, source, position)


async def test_replaces_the_whole_existing_literal(
    shared_client: LanguageClient, shared_workspace: Path
):
    text = HEADER + f'    assert_api_error(resp, "ACC{CURSOR}OUNT_NOT_FOUND", status=400)\n'
    items, source, position = await complete(
        shared_client, shared_workspace / "tests" / "test_new.py", text
    )
    edit = items[0].text_edit
    assert isinstance(edit, types.TextEdit)
    line = source.split("\n")[position.line]
    end = line.index('", status')
    assert edit.range.end == at(shared_client, source, types.Position(position.line, end))


async def test_lower_case_catalog_codes_in_a_comparison(
    shared_client: LanguageClient, shared_workspace: Path
):
    text = HEADER + f'    if resp.json()["error"]["code"] == "cdr_start{CURSOR}'
    items, _, _ = await complete(shared_client, shared_workspace / "tests" / "test_new.py", text)
    assert [item.label for item in items] == ["cdr_start_date_invalid"]
    assert items[0].detail is not None and "voipnow" in items[0].detail


async def test_upper_case_prefix_typed_in_lower_case(
    shared_client: LanguageClient, shared_workspace: Path
):
    text = HEADER + f'    assert_api_error(resp, "forbid{CURSOR}")'
    items, _, _ = await complete(shared_client, shared_workspace / "tests" / "test_new.py", text)
    assert "FORBIDDEN" in [item.label for item in items]


async def test_codes_with_the_nearby_status_rank_first(
    shared_client: LanguageClient, shared_workspace: Path
):
    text = HEADER + f'    assert resp.status_code == 409\n    assert_api_error(resp, "{CURSOR}'
    items, _, _ = await complete(shared_client, shared_workspace / "tests" / "test_new.py", text)
    assert items[0].label == "out_of_stock"
    text = HEADER + f'    assert_api_error(resp, "{CURSOR}", status=404)'
    items, _, _ = await complete(shared_client, shared_workspace / "tests" / "test_other.py", text)
    assert items[0].label == "item_not_found"


async def test_scoped_catalog_ranks_first(shared_client: LanguageClient, shared_workspace: Path):
    text = HEADER + f'    assert_api_error(resp, "{CURSOR}'
    items, _, _ = await complete(
        shared_client, shared_workspace / "tests" / "shop" / "test_new.py", text
    )
    shop = {"cart_empty", "coupon_expired", "coupon_invalid", "item_not_found", "out_of_stock"}
    assert {item.label for item in items[:5]} == shop
    assert len(items) > 5  # other catalogs still offered, after the scoped one


async def test_explicit_catalog_argument(shared_client: LanguageClient, shared_workspace: Path):
    text = HEADER + f'    assert_api_error(resp, "{CURSOR}", catalog="voipnow")'
    items, _, _ = await complete(shared_client, shared_workspace / "tests" / "test_new.py", text)
    assert items[0].detail is not None and items[0].detail.endswith("voipnow")


async def test_documentation_follows_the_client(
    shared_client: LanguageClient, shared_workspace: Path
):
    text = HEADER + f'    assert_api_error(resp, "out_of{CURSOR}'
    items, _, _ = await complete(shared_client, shared_workspace / "tests" / "test_new.py", text)
    documentation = items[0].documentation
    caps = shared_client.capabilities
    assert caps is not None and caps.text_document is not None
    formats = caps.text_document.completion.completion_item.documentation_format  # type: ignore[union-attr]
    text_of = (
        documentation.value if isinstance(documentation, types.MarkupContent) else documentation
    )
    assert text_of is not None and "out of stock" in text_of
    if formats:
        assert isinstance(documentation, types.MarkupContent)
    else:
        assert isinstance(documentation, str)


@pytest.mark.parametrize(
    "text",
    [
        f'    # assert_api_error(resp, "ACC{CURSOR}',
        f'    print("ACC{CURSOR}',
        f'    assert_api_error(resp, "X", message="ACC{CURSOR}',
        f"    value = 1{CURSOR}",
    ],
)
async def test_nothing_outside_error_code_contexts(
    shared_client: LanguageClient, shared_workspace: Path, text: str
):
    items, _, _ = await complete(
        shared_client, shared_workspace / "tests" / "test_new.py", HEADER + text
    )
    assert items == []


async def test_columns_after_accents_cjk_and_emoji(
    shared_client: LanguageClient, shared_workspace: Path
):
    text = (
        HEADER
        + f'    note = "caf\u00e9 \u6f22\u5b57 \U0001f600"; assert_api_error(resp, "FORB{CURSOR}'
    )
    items, source, position = await complete(
        shared_client, shared_workspace / "tests" / "test_new.py", text
    )
    edit = items[0].text_edit
    assert isinstance(edit, types.TextEdit)
    line = source.split("\n")[position.line]
    start = line.rindex('"') + 1
    assert edit.range.start == at(shared_client, source, types.Position(position.line, start))
    assert edit.range.end == at(shared_client, source, position)


async def test_crlf_document(shared_client: LanguageClient, shared_workspace: Path):
    source = HEADER.replace("\n", "\r\n") + '    assert_api_error(resp, "cart_'
    uri = open_document(shared_client, unique(shared_workspace / "tests" / "test_crlf.py"), source)
    line = source.count("\n")
    result = await shared_client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=len('    assert_api_error(resp, "cart_')),
        )
    )
    assert isinstance(result, types.CompletionList)
    assert [item.label for item in result.items] == ["cart_empty"]
    edit = result.items[0].text_edit
    assert isinstance(edit, types.TextEdit) and edit.range.start.line == line


async def test_half_typed_file_that_does_not_parse(
    shared_client: LanguageClient, shared_workspace: Path
):
    text = "def broken(:\n    pass\n\n" + HEADER + f'    raise ShopError("out{CURSOR}\n    x = [\n'
    items, _, _ = await complete(shared_client, shared_workspace / "tests" / "test_new.py", text)
    assert [item.label for item in items] == ["out_of_stock"]
