"""Hover over stdio: Markdown or plain text per client, every detail of the catalog entry."""

from __future__ import annotations

from pathlib import Path

import pytest
import pytest_lsp
from lsp_session import CLIENTS, CURSOR, SERVER, at, marked, open_document, start, unique
from lsprotocol import types
from pytest_lsp import LanguageClient

HEADER = "from pytest_errcodes import assert_api_error\n\n\ndef test_x(client, resp):\n"


@pytest_lsp.fixture(config=SERVER, params=[*CLIENTS, "eglot-plaintext"], scope="module")
async def hover_client(
    lsp_client: LanguageClient, request: pytest.FixtureRequest, shared_workspace: Path
):
    await start(lsp_client, request.param, [shared_workspace])
    yield
    await lsp_client.shutdown_session()


pytestmark = pytest.mark.asyncio(loop_scope="module")


def wants_markdown(client: LanguageClient) -> bool:
    caps = client.capabilities
    assert caps is not None and caps.text_document is not None
    assert caps.text_document.hover is not None
    return types.MarkupKind.Markdown in (caps.text_document.hover.content_format or [])


async def hover(client: LanguageClient, path: Path, text: str) -> tuple[types.Hover | None, str]:
    source, position = marked(text)
    uri = open_document(client, unique(path), source)
    result = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=at(client, source, position),
        )
    )
    return result, source


def value_of(result: types.Hover | None) -> str:
    assert result is not None
    assert isinstance(result.contents, types.MarkupContent)
    return result.contents.value


async def test_documented_code(hover_client: LanguageClient, shared_workspace: Path):
    text = HEADER + f'    assert_api_error(resp, "out_of_st{CURSOR}ock")\n'
    result, source = await hover(hover_client, shared_workspace / "tests" / "test_h.py", text)
    value = value_of(result)
    assert "out_of_stock" in value and "Shop API" in value
    assert "409" in value
    assert "The item is out of stock." in value and "Not enough items in stock." in value
    assert '"code": "out_of_stock"' in value  # example body in the catalog's envelope
    assert "shop.toml" in value
    assert result is not None and result.range is not None
    line = source.split("\n")[result.range.start.line]
    start = line.index("out_of_stock")
    assert result.range.start == at(
        hover_client, source, types.Position(result.range.start.line, start)
    )
    if wants_markdown(hover_client):
        assert result.contents.kind == types.MarkupKind.Markdown  # type: ignore[union-attr]
        assert "**`out_of_stock`**" in value and "```json" in value
    else:
        assert result.contents.kind == types.MarkupKind.PlainText  # type: ignore[union-attr]
        assert "**" not in value and "```" not in value


async def test_code_without_per_code_status_shows_api_wide_statuses(
    hover_client: LanguageClient, shared_workspace: Path
):
    text = HEADER + f'    assert_api_error(resp, "ACCOUNT_NOT_{CURSOR}FOUND")\n'
    result, _ = await hover(hover_client, shared_workspace / "tests" / "test_h.py", text)
    value = value_of(result)
    assert "400, 401, 403, 500" in value and "API-wide" in value
    assert "fonedynamics.toml" in value
    assert '"ResponseStatus"' in value


async def test_field_and_deprecation(hover_client: LanguageClient, shared_workspace: Path):
    text = HEADER + f'    assert_api_error(resp, "coupon_exp{CURSOR}ired")\n'
    value = value_of((await hover(hover_client, shared_workspace / "tests" / "test_h.py", text))[0])
    assert "Deprecated: use coupon_invalid" in value
    text = HEADER + f'    assert_api_error(resp, "item_not_{CURSOR}found")\n'
    value = value_of((await hover(hover_client, shared_workspace / "tests" / "test_h.py", text))[0])
    assert "Field: named in" in value and "target" in value


async def test_unknown_code_suggests(hover_client: LanguageClient, shared_workspace: Path):
    text = HEADER + f'    assert_api_error(resp, "ACCOUNT_NOT_FOU{CURSOR}N")\n'
    value = value_of((await hover(hover_client, shared_workspace / "tests" / "test_h.py", text))[0])
    assert "not a documented error code" in value and "ACCOUNT_NOT_FOUND" in value


async def test_unterminated_literal_while_typing(
    hover_client: LanguageClient, shared_workspace: Path
):
    text = HEADER + f'    assert_api_error(resp, "cart_em{CURSOR}pty\n'
    value = value_of((await hover(hover_client, shared_workspace / "tests" / "test_h.py", text))[0])
    assert "The cart has no items." in value


async def test_suppression_comment_shows_the_rule(
    hover_client: LanguageClient, shared_workspace: Path
):
    text = HEADER + f'    assert_api_error(resp, "NOPE")  # errlsp: ign{CURSOR}ore[unknown-code]\n'
    value = value_of((await hover(hover_client, shared_workspace / "tests" / "test_h.py", text))[0])
    assert "unknown-code" in value and "What it does" in value


@pytest.mark.parametrize(
    "text",
    [
        f'    print("out_of_st{CURSOR}ock")\n',
        f"    # out_of_st{CURSOR}ock\n",
        f"    va{CURSOR}lue = 1\n",
    ],
)
async def test_nothing_elsewhere(hover_client: LanguageClient, shared_workspace: Path, text: str):
    result, _ = await hover(hover_client, shared_workspace / "tests" / "test_h.py", HEADER + text)
    assert result is None


async def test_range_after_emoji_and_cjk(hover_client: LanguageClient, shared_workspace: Path):
    text = HEADER + f'    s = "\U0001f600\u6f22"; assert_api_error(resp, "FORBID{CURSOR}DEN")\n'
    result, source = await hover(hover_client, shared_workspace / "tests" / "test_h.py", text)
    assert result is not None and result.range is not None
    line_number = result.range.start.line
    line = source.split("\n")[line_number]
    start, end = line.index("FORBIDDEN"), line.index("FORBIDDEN") + len("FORBIDDEN")
    assert result.range.start == at(hover_client, source, types.Position(line_number, start))
    assert result.range.end == at(hover_client, source, types.Position(line_number, end))
