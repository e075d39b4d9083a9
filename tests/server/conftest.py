"""Fixtures for end-to-end server tests: a real ``errlsp serve`` process and pytest-lsp's client.

Every ``client`` runs under the recorded capabilities of a real editor (VS Code: UTF-16, push
diagnostics and file watchers; Neovim 0.11: UTF-8 and pull diagnostics; Emacs: UTF-32, no
completion documentation format), so one test checks all three ways of talking to the server.
Each test works on its own copy of ``data/workspace``.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

DATA = Path(__file__).parent / "data"
SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "errlsp", "serve"])
CLIENTS = ["visual-studio-code", "neovim", "emacs"]
CURSOR = "<|>"
# Fast diagnostics for tests; the default (150 ms) is for people typing.
OPTIONS = {"diagnosticDelay": 20, "pollInterval": 0.2}


def capabilities(name: str) -> types.ClientCapabilities:
    """A recorded client's capabilities; ``eglot-plaintext`` is Emacs asking for plain text."""
    if name == "eglot-plaintext":
        caps = client_capabilities("emacs")
        assert caps.text_document is not None and caps.text_document.hover is not None
        caps.text_document.hover.content_format = [types.MarkupKind.PlainText]
        return caps
    return client_capabilities(name)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A fresh copy of the example workspace (pyproject ``[tool.errlsp]`` + a user catalog)."""
    target = tmp_path / "workspace"
    shutil.copytree(DATA / "workspace", target)
    return target.resolve()


async def start(
    lsp_client: LanguageClient,
    client_name: str,
    folders: list[Path],
    options: dict[str, Any] | None = None,
) -> None:
    """Initialize a session like an editor opening ``folders``."""
    registrations: list[types.Registration] = []
    lsp_client.registrations = registrations  # type: ignore[attr-defined]

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register_capability(params: types.RegistrationParams) -> None:
        registrations.extend(params.registrations)

    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities(client_name),
            root_uri=folders[0].as_uri() if folders else None,
            workspace_folders=[
                types.WorkspaceFolder(uri=folder.as_uri(), name=folder.name) for folder in folders
            ],
            initialization_options={**OPTIONS, **(options or {})},
        )
    )


@pytest_lsp.fixture(config=SERVER, params=CLIENTS)
async def client(lsp_client: LanguageClient, request: pytest.FixtureRequest, workspace: Path):
    await start(lsp_client, request.param, [workspace])
    yield
    await lsp_client.shutdown_session()


def marked(text: str) -> tuple[str, types.Position]:
    """Remove the cursor marker; its position in UTF-16 is filled in by ``at``."""
    before, marker, after = text.partition(CURSOR)
    assert marker, f"no {CURSOR} in test text"
    lines = before.split("\n")
    return before + after, types.Position(line=len(lines) - 1, character=len(lines[-1]))


def encode_column(client: LanguageClient, line: str, column: int) -> int:
    """A code-point column in the encoding the server chose for this client."""
    encoding = server_encoding(client)
    head = line[:column]
    if encoding == "utf-8":
        return len(head.encode("utf-8"))
    if encoding == "utf-16":
        return len(head.encode("utf-16-le")) // 2
    return len(head)


def server_encoding(client: LanguageClient) -> str:
    result = client.protocol.server_capabilities  # type: ignore[attr-defined]
    encoding = result.position_encoding if result is not None else None
    return str(getattr(encoding, "value", encoding) or "utf-16")


def at(client: LanguageClient, text: str, position: types.Position) -> types.Position:
    """``position`` (code points) converted to the negotiated encoding of ``client``."""
    line = text.split("\n")[position.line]
    return types.Position(position.line, encode_column(client, line, position.character))


def open_document(
    client: LanguageClient, path: Path, text: str | None = None, version: int = 1
) -> str:
    uri = path.as_uri()
    if text is None:
        text = path.read_text(encoding="utf-8")
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri,
                language_id="python" if path.suffix == ".py" else "toml",
                version=version,
                text=text,
            )
        )
    )
    return uri


def pulls(client: LanguageClient) -> bool:
    caps = client.capabilities
    return bool(caps and caps.text_document and caps.text_document.diagnostic is not None)


async def diagnostics_for(
    client: LanguageClient, uri: str, version: int | None = None
) -> list[types.Diagnostic]:
    """The diagnostics the client would show for ``uri``: pulled or pushed, for ``version``."""
    if pulls(client):
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
        return list(report.items)
    return await wait_for_push(client, uri, lambda params: version is None or params.version == version)


async def wait_for_push(
    client: LanguageClient,
    uri: str,
    accept: Callable[[types.PublishDiagnosticsParams], bool],
    timeout: float = 10.0,
) -> list[types.Diagnostic]:
    """Wait until a ``publishDiagnostics`` for ``uri`` satisfies ``accept``."""
    import asyncio

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    seen: list[types.PublishDiagnosticsParams] = published(client).setdefault(uri, [])
    while True:
        for params in reversed(seen):
            if accept(params):
                return list(params.diagnostics)
        if loop.time() > deadline:
            raise AssertionError(f"no matching diagnostics for {uri}; got {seen!r}")
        await asyncio.sleep(0.01)


def published(client: LanguageClient) -> dict[str, list[types.PublishDiagnosticsParams]]:
    """Every publishDiagnostics received, per URI, in order (pytest-lsp keeps only the last)."""
    record = getattr(client, "published", None)
    if record is None:
        record = {}
        client.published = record  # type: ignore[attr-defined]

        @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def keep(params: types.PublishDiagnosticsParams) -> None:
            client.diagnostics[params.uri] = params.diagnostics
            record.setdefault(params.uri, []).append(params)

    return record
