"""A document holding a lone surrogate, over stdio: every request on its line is answered.

``"\\ud800"`` in the JSON of ``didOpen`` decodes to a lone surrogate, which Python's UTF-8
and UTF-16 codecs refuse; before positions counted it by hand, hover, completion,
definition, references and code actions on that line failed with -32603 in every encoding.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lsp_session import diagnostics_for, open_document, server_encoding, unique
from lsprotocol import types
from pytest_lsp import LanguageClient

pytestmark = pytest.mark.asyncio(loop_scope="module")

SOURCE = (
    "from pytest_errcodes import assert_api_error\n"
    "\n"
    "\n"
    "def test_x(client, resp):\n"
    '    x = "\ud800"; assert_api_error(resp, "ACCOUNT_NOT_FOUND")\n'
    '    y = "\udfff\ud83d"; assert_api_error(resp, "ACCOUNT_NOT_FOUN")\n'
)
DOCUMENTED, TYPO = 4, 5  # the two lines


def position(client: LanguageClient, line: int, needle: str, shift: int = 1) -> types.Position:
    """Where ``needle`` (+ ``shift``) is, in the client's encoding; a lone surrogate counts as
    one UTF-16 unit and three UTF-8 bytes (``surrogatepass``)."""
    text = SOURCE.split("\n")[line]
    head = text[: text.index(needle) + shift]
    encoding = server_encoding(client)
    if encoding == "utf-8":
        units = len(head.encode("utf-8", "surrogatepass"))
    elif encoding == "utf-16":
        units = len(head.encode("utf-16-le", "surrogatepass")) // 2
    else:
        units = len(head)
    return types.Position(line=line, character=units)


async def test_requests_on_a_line_with_a_lone_surrogate(
    shared_client: LanguageClient, shared_workspace: Path
) -> None:
    uri = open_document(shared_client, unique(shared_workspace / "tests" / "test_s.py"), SOURCE)
    document = types.TextDocumentIdentifier(uri=uri)
    code = position(shared_client, DOCUMENTED, "ACCOUNT_NOT_FOUND")

    hover = await shared_client.text_document_hover_async(
        types.HoverParams(text_document=document, position=code)
    )
    assert hover is not None and "ACCOUNT_NOT_FOUND" in str(hover.contents)

    definition = await shared_client.text_document_definition_async(
        types.DefinitionParams(text_document=document, position=code)
    )
    assert definition, "the documented code has a home in its catalog"

    references = await shared_client.text_document_references_async(
        types.ReferenceParams(
            context=types.ReferenceContext(include_declaration=True),
            text_document=document,
            position=code,
        )
    )
    assert references, "the catalog entry and the other files that use the code"

    completion = await shared_client.text_document_completion_async(
        types.CompletionParams(
            text_document=document, position=position(shared_client, DOCUMENTED, "_NOT_FOUND")
        )
    )
    assert completion is not None

    line = types.Range(start=types.Position(TYPO, 0), end=position(shared_client, TYPO, ")"))
    actions = await shared_client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=document, range=line, context=types.CodeActionContext(diagnostics=[])
        )
    )
    assert all(isinstance(item, (types.CodeAction, types.Command)) for item in actions or ())


async def test_findings_on_a_line_with_a_lone_surrogate(
    shared_client: LanguageClient, shared_workspace: Path
) -> None:
    uri = open_document(shared_client, unique(shared_workspace / "tests" / "test_s.py"), SOURCE)
    document = types.TextDocumentIdentifier(uri=uri)
    items = await diagnostics_for(shared_client, uri)
    typo = next(item for item in items if item.code == "unknown-code")
    assert typo.range.start == position(shared_client, TYPO, '"ACCOUNT', shift=0)
    actions = await shared_client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=document,
            range=typo.range,
            context=types.CodeActionContext(diagnostics=[typo]),
        )
    )
    assert actions and any("ACCOUNT_NOT_FOUND" in action.title for action in actions)
