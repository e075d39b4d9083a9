"""Diagnostics over stdio: push or pull per client, severities, versions, rapid edits."""

from __future__ import annotations

import asyncio
import itertools
from pathlib import Path

import pytest
from lsp_session import (
    Editor,
    at,
    diagnostics_for,
    open_document,
    published,
    pulls,
    unique,
    wait_for_push,
)
from lsprotocol import types
from pytest_lsp import LanguageClient

from errlsp.analysis import BlockCache
from errlsp.analysis.incremental import DocumentAnalyzer
from errlsp.catalog import load_catalogs
from errlsp.config import load_settings
from errlsp.server.positions import split_lines

pytestmark = pytest.mark.asyncio(loop_scope="module")

ACCOUNTS = """\
from pytest_errcodes import assert_api_error


def test_typo(client):
    resp = client.get("/accounts/x")
    assert_api_error(resp, "ACCOUNT_NOT_FOUN")


def test_deprecated(client):
    assert_api_error(client.get("/coupons"), "coupon_expired")
"""


def expected(workspace: Path, path: Path, text: str) -> list[tuple[str, int, int, int, int]]:
    """What the server should report for ``text``: (rule, span) in code points."""
    settings = load_settings(workspace)
    analysis = DocumentAnalyzer(BlockCache()).run(
        split_lines(text), 1, settings, load_catalogs(settings), path, None
    )
    return sorted(
        (f.rule, f.span.start.line, f.span.start.character, f.span.end.line, f.span.end.character)
        for f in analysis.findings()
    )


def shown(client: LanguageClient, text: str, items: list[types.Diagnostic]):
    """Diagnostics as (rule, span) in code points, for comparing with ``expected``."""
    lines = text.split("\n")

    def column(line: int, units: int) -> int:
        for index in range(len(lines[line]) + 1):
            if at(client, text, types.Position(line, index)).character >= units:
                return index
        return len(lines[line])

    return sorted(
        (
            str(item.code),
            item.range.start.line,
            column(item.range.start.line, item.range.start.character),
            item.range.end.line,
            column(item.range.end.line, item.range.end.character),
        )
        for item in items
    )


async def test_findings_become_diagnostics(shared_client: LanguageClient, shared_workspace: Path):
    path = unique(shared_workspace / "tests" / "test_d.py")
    uri = open_document(shared_client, path, ACCOUNTS)
    items = await diagnostics_for(shared_client, uri, 1)
    by_code = {item.code: item for item in items}
    assert set(by_code) == {"unknown-code", "deprecated-code"}
    typo = by_code["unknown-code"]
    assert typo.source == "errlsp"
    assert typo.severity == types.DiagnosticSeverity.Error
    assert "ACCOUNT_NOT_FOUND" in typo.message
    line = ACCOUNTS.split("\n")[typo.range.start.line]
    assert line[typo.range.start.character :].startswith('"ACCOUNT_NOT_FOUN"')
    # [tool.errlsp.severity] deprecated-code = "info"
    assert by_code["deprecated-code"].severity == types.DiagnosticSeverity.Information
    caps = shared_client.capabilities
    assert caps is not None and caps.text_document is not None
    publish = caps.text_document.publish_diagnostics
    if publish is not None and publish.code_description_support:
        assert typo.code_description is not None
        assert typo.code_description.href.endswith("unknown-code")
    else:
        assert typo.code_description is None


async def test_push_or_pull_as_the_client_supports(
    shared_client: LanguageClient, shared_workspace: Path
):
    uri = open_document(shared_client, unique(shared_workspace / "tests" / "test_d.py"), ACCOUNTS)
    if pulls(shared_client):
        report = await shared_client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
        assert report.result_id is not None and len(report.items) == 2
        again = await shared_client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                previous_result_id=report.result_id,
            )
        )
        assert isinstance(again, types.RelatedUnchangedDocumentDiagnosticReport)
        await asyncio.sleep(0.3)
        assert uri not in published(shared_client)  # no duplicate push to a pulling client
    else:
        items = await wait_for_push(shared_client, uri, lambda p: p.version == 1)
        assert len(items) == 2


async def test_rapid_edits_never_leave_stale_diagnostics(
    shared_client: LanguageClient, shared_workspace: Path
):
    path = unique(shared_workspace / "tests" / "test_d.py")
    editor = Editor(shared_client, path, ACCOUNTS)
    line, column = editor.find("ACCOUNT_NOT_FOUN")
    end = column + len("ACCOUNT_NOT_FOUN")
    editor.replace((line, column), (line, end), "")  # the literal is now ""
    editor.type(line, column, "FORBIDDE")  # unknown while typing ...
    editor.type(line, column + len("FORBIDDE"), "N")  # ... documented at the end
    editor.type(line + 1, 0, "\n")
    final = await diagnostics_for(shared_client, editor.uri, editor.version)
    assert shown(shared_client, editor.text, final) == expected(shared_workspace, path, editor.text)
    assert [item.code for item in final] == ["deprecated-code"]
    for params in published(shared_client).get(editor.uri, []):
        # Every push describes exactly the text of the version it names.
        text = editor.texts[params.version]  # type: ignore[index]
        got = shown(shared_client, text, list(params.diagnostics))
        assert got == expected(shared_workspace, path, text)


async def test_each_push_after_edits_is_its_texts_own(
    shared_client: LanguageClient, shared_workspace: Path
):
    """Chunks an edit leaves where they were keep their converted diagnostics; chunks moved
    down, merged by an open bracket or split again get new ones. Every push must still be
    exactly that version's findings."""
    path = unique(shared_workspace / "tests" / "test_d.py")
    text = ACCOUNTS + '\n\ndef test_third(client):\n    assert_api_error(client, "FORBIDEN")\n'
    editor = Editor(shared_client, path, text)
    await diagnostics_for(shared_client, editor.uri, editor.version)
    line, column = editor.find("coupon_expired")
    edits = [
        lambda: editor.type(line, column, "x"),  # inside one chunk, nothing moves
        lambda: editor.type(0, 0, "\n\n"),  # everything moves two lines down
        lambda: editor.type(line + 2, 0, "value = (\n"),  # an open bracket swallows the rest
        lambda: editor.type(line + 3, 0, ")\n"),  # closed again
        lambda: editor.replace((0, 0), (2, 0), ""),  # back up
    ]
    for edit in edits:
        edit()
        items = await diagnostics_for(shared_client, editor.uri, editor.version)
        assert shown(shared_client, editor.text, items) == expected(
            shared_workspace, path, editor.text
        ), editor.text


async def test_a_broken_function_keeps_the_other_findings(
    shared_client: LanguageClient, shared_workspace: Path
):
    text = ACCOUNTS + '\n\ndef test_half_typed(client):\n    assert_api_error(client, "FORB\n'
    uri = open_document(shared_client, unique(shared_workspace / "tests" / "test_d.py"), text)
    items = await diagnostics_for(shared_client, uri, 1)
    assert {item.code for item in items} == {"unknown-code", "deprecated-code", "syntax-error"}


async def test_close_clears_pushed_diagnostics(
    shared_client: LanguageClient, shared_workspace: Path
):
    if pulls(shared_client):
        pytest.skip("a pulling client asks for diagnostics; nothing is pushed to clear")
    uri = open_document(shared_client, unique(shared_workspace / "tests" / "test_d.py"), ACCOUNTS)
    await wait_for_push(shared_client, uri, lambda p: p.version == 1 and len(p.diagnostics) == 2)
    shared_client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    await wait_for_push(shared_client, uri, lambda p: p.version is None and not p.diagnostics)


async def test_crlf_and_form_feed(shared_client: LanguageClient, shared_workspace: Path):
    text = ACCOUNTS.replace("    assert_api_error(resp,", "\f    assert_api_error(resp,")
    text = text.replace("\n", "\r\n")
    path = unique(shared_workspace / "tests" / "test_d.py")
    editor = Editor(shared_client, path, text)
    line, column = editor.find("FOUN")
    editor.replace((line, column), (line, column + 4), "FOUND")  # after the form feed
    items = await diagnostics_for(shared_client, editor.uri, editor.version)
    assert [item.code for item in items] == ["deprecated-code"]
    assert shown(shared_client, editor.text, items) == expected(shared_workspace, path, editor.text)
    editor.replace((line, column), (line, column + 5), "FOUN")
    items = await diagnostics_for(shared_client, editor.uri, editor.version)
    typo = next(item for item in items if item.code == "unknown-code")
    literal = types.Position(*editor.find('"ACCOUNT_NOT_FOUN"'))
    assert typo.range.start == at(shared_client, editor.text, literal)


async def test_typing_with_pauses_around_the_debounce(
    shared_client: LanguageClient, shared_workspace: Path
):
    path = unique(shared_workspace / "tests" / "test_d.py")
    editor = Editor(shared_client, path, ACCOUNTS)
    line, column = editor.find('"ACCOUNT_NOT_FOUN"')
    pauses = itertools.cycle([0.0, 0.005, 0.03, 0.0, 0.018, 0.05])
    for char in ', status=409) or assert_api_error(resp, "cart_':
        editor.replace((line, column), (line, column), char)
        column += 1
        await asyncio.sleep(next(pauses))
    final = await diagnostics_for(shared_client, editor.uri, editor.version)
    assert shown(shared_client, editor.text, final) == expected(shared_workspace, path, editor.text)
    for params in published(shared_client).get(editor.uri, []):
        text = editor.texts[params.version]  # type: ignore[index]
        got = shown(shared_client, text, list(params.diagnostics))
        assert got == expected(shared_workspace, path, text)


async def test_ranges_after_accents_cjk_and_emoji(
    shared_client: LanguageClient, shared_workspace: Path
):
    text = ACCOUNTS.replace(
        '    assert_api_error(resp, "ACCOUNT_NOT_FOUN")',
        '    s = "\u00e9\u6f22\u5b57\U0001f600"; assert_api_error(resp, "ACCOUNT_NOT_FOUN")',
    )
    path = unique(shared_workspace / "tests" / "test_d.py")
    uri = open_document(shared_client, path, text)
    items = await diagnostics_for(shared_client, uri, 1)
    typo = next(item for item in items if item.code == "unknown-code")
    line, column = next(
        (number, line.index('"ACCOUNT_NOT_FOUN"'))
        for number, line in enumerate(text.split("\n"))
        if '"ACCOUNT_NOT_FOUN"' in line
    )
    assert typo.range.start == at(shared_client, text, types.Position(line, column))
    end = column + len('"ACCOUNT_NOT_FOUN"')
    assert typo.range.end == at(shared_client, text, types.Position(line, end))
    assert shown(shared_client, text, items) == expected(shared_workspace, path, text)
