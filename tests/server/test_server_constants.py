"""Constants through the server: uses resolve across the workspace and follow edits."""

from __future__ import annotations

from pathlib import Path

from lsp_session import Editor, diagnostics_for, open_document, pulls, start, wait_for_push
from pytest_lsp import LanguageClient

ERRORS = """\
class ErrorCode:
    FORBIDDEN = "FORBIDDEN"
    MISSING = "PARAMETER_REQURED"
"""
CLIENT = """\
from app.errors import ErrorCode


def handle(resp):
    assert_api_error(resp, ErrorCode.FORBIDDEN, status=401)
"""


async def test_a_constant_from_another_file_is_checked_where_used(
    bare_client: LanguageClient, tmp_path: Path
) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "app" / "errors.py").write_text(ERRORS, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.errlsp]\ncatalogs = ["fonedynamics"]\n')
    await start(bare_client, bare_client.client_name, [tmp_path])  # type: ignore[attr-defined]
    uri = open_document(bare_client, tmp_path / "app" / "client.py", CLIENT)
    items = await diagnostics_for(bare_client, uri, 1)
    assert [(item.code, item.range.start.line) for item in items] == [("status-mismatch", 4)]
    assert "'FORBIDDEN' is documented with status 403" in items[0].message

    # the definition, edited in an open buffer: the use follows it
    errors = Editor(bare_client, tmp_path / "app" / "errors.py", ERRORS)
    typo = await diagnostics_for(bare_client, errors.uri, errors.version)
    assert [(item.code, item.range.start.line) for item in typo] == [("unknown-code", 2)]
    errors.replace((1, 17), (1, 26), "NUMBER_NOT_FOUND")  # documented, any API status
    await diagnostics_for(bare_client, errors.uri, errors.version)
    # client.py did not change, but the constant it uses did: it is analysed again, and
    # NUMBER_NOT_FOUND (tied to no status) may come with 401
    if pulls(bare_client):
        again = await diagnostics_for(bare_client, uri)
    else:
        again = await wait_for_push(bare_client, uri, lambda p: not p.diagnostics)
    assert again == []


BILLING = """\
[catalog]
name = "billing"
title = "Billing"

[[codes]]
code = "CARD_EXPIRED"
message = "The card has expired."
deprecated = "use PAYMENT_METHOD_EXPIRED"
"""


async def test_a_constant_compared_in_a_generic_context_is_checked(
    bare_client: LanguageClient, tmp_path: Path
) -> None:
    """No helper and no literal next to the context, only a constant: the document is still
    parsed, because the workspace's index defines the member it names."""
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "shop" / "codes.py").write_text(
        'class BillingErrorCode:\n    EXPIRED = "CARD_EXPIRED"\n', encoding="utf-8"
    )
    (tmp_path / "billing.toml").write_text(BILLING, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.errlsp]\ncatalogs = ["billing.toml"]\n')
    await start(bare_client, bare_client.client_name, [tmp_path])  # type: ignore[attr-defined]
    text = (
        "from shop.codes import BillingErrorCode\n\n\ndef declined(err):\n"
        "    code = err.code\n    log(code)\n    return code == BillingErrorCode.EXPIRED\n"
    )
    uri = open_document(bare_client, tmp_path / "shop" / "checkout.py", text)
    items = await diagnostics_for(bare_client, uri, 1)
    assert [(item.code, item.range.start.line) for item in items] == [("deprecated-code", 6)]


TWILIO = """\
[catalog]
name = "twilio"
title = "Twilio (excerpt)"

[[codes]]
code = 20404
status = 404
message = "The requested resource was not found"

[[codes]]
code = 21211
status = 400
message = "Invalid 'To' Phone Number"
"""


async def test_integer_codes_complete_and_hover(bare_client: LanguageClient, tmp_path: Path):
    from lsp_session import at
    from lsprotocol import types

    (tmp_path / "twilio.toml").write_text(TWILIO, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.errlsp]\ncatalogs = ["twilio.toml"]\n')
    await start(bare_client, bare_client.client_name, [tmp_path])  # type: ignore[attr-defined]
    text = "def send(e):\n    if e.code == 20404:\n        return 1\n    if e.code == 212\n"
    uri = open_document(bare_client, tmp_path / "send.py", text)
    document = types.TextDocumentIdentifier(uri=uri)
    listed = await bare_client.text_document_completion_async(
        types.CompletionParams(document, at(bare_client, text, types.Position(3, 20)))
    )
    assert listed is not None
    labels = [item.label for item in (listed.items if hasattr(listed, "items") else listed)]
    assert labels == ["21211"]
    await diagnostics_for(bare_client, uri, 1)
    hover = await bare_client.text_document_hover_async(
        types.HoverParams(document, at(bare_client, text, types.Position(1, 19)))
    )
    assert hover is not None and "The requested resource was not found" in str(hover.contents)
