"""Helpers for end-to-end server tests: the client, sessions, cursor markers, edits.

Kept out of ``conftest.py`` so test modules can import them under any pytest import mode;
``conftest.py`` puts this folder on ``sys.path`` and defines the fixtures.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

DATA = Path(__file__).parent / "data"
LOG = ["--log-file", os.environ["ERRLSP_TEST_LOG"]] if os.environ.get("ERRLSP_TEST_LOG") else []
CLIENTS = ["visual-studio-code", "neovim", "emacs"]
CURSOR = "<|>"
# Fast diagnostics for tests; the default (150 ms) is for people typing.
OPTIONS = {"diagnosticDelay": 20, "pollInterval": 0.2}


def make_client() -> LanguageClient:
    """pytest-lsp's client, also keeping every publishDiagnostics and capability registration."""
    client = LanguageClient(converter_factory=default_converter)
    client.published = {}  # type: ignore[attr-defined]
    client.registrations = []  # type: ignore[attr-defined]
    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = _keep_diagnostics
    features[types.CLIENT_REGISTER_CAPABILITY] = _keep_registration
    register_lsp_features(client, features)
    return client


def _keep_diagnostics(ls: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
    ls.diagnostics[params.uri] = params.diagnostics
    ls.published.setdefault(params.uri, []).append(params)  # type: ignore[attr-defined]


def _keep_registration(ls: LanguageClient, params: types.RegistrationParams) -> None:
    ls.registrations.extend(params.registrations)  # type: ignore[attr-defined]


SERVER = ClientServerConfig(
    server_command=[sys.executable, "-m", "errlsp", "serve", *LOG], client_factory=make_client
)


def capabilities(name: str) -> types.ClientCapabilities:
    """A recorded client's capabilities; ``eglot-plaintext`` is Emacs asking for plain text."""
    if name == "eglot-plaintext":
        caps = client_capabilities("emacs")
        assert caps.text_document is not None and caps.text_document.hover is not None
        caps.text_document.hover.content_format = [types.MarkupKind.PlainText]
        return caps
    return client_capabilities(name)


async def start(
    lsp_client: LanguageClient,
    client_name: str,
    folders: list[Path],
    options: dict[str, Any] | None = None,
) -> None:
    """Initialize a session like an editor opening ``folders``."""
    lsp_client.initialize_result = await lsp_client.initialize_session(  # type: ignore[attr-defined]
        types.InitializeParams(
            capabilities=capabilities(client_name),
            root_uri=folders[0].as_uri() if folders else None,
            workspace_folders=[
                types.WorkspaceFolder(uri=folder.as_uri(), name=folder.name) for folder in folders
            ],
            initialization_options={**OPTIONS, **(options or {})},
        )
    )


def marked(text: str) -> tuple[str, types.Position]:
    """Remove the cursor marker; its position in UTF-16 is filled in by ``at``."""
    before, marker, after = text.partition(CURSOR)
    assert marker, f"no {CURSOR} in test text"
    lines = before.split("\n")
    return before + after, types.Position(line=len(lines) - 1, character=len(lines[-1]))


def encode_column(client: LanguageClient, line: str, column: int) -> int:
    """A code-point column in the encoding the server chose for this client (a lone surrogate
    counts as one UTF-16 unit and the three bytes of its UTF-8 replacement, as the server's)."""
    encoding = server_encoding(client)
    head = line[:column]
    if encoding == "utf-8":
        return len(head.encode("utf-8", "surrogatepass"))
    if encoding == "utf-16":
        return len(head.encode("utf-16-le", "surrogatepass")) // 2
    return len(head)


def server_encoding(client: LanguageClient) -> str:
    result: types.InitializeResult = client.initialize_result  # type: ignore[attr-defined]
    encoding = result.capabilities.position_encoding
    return str(getattr(encoding, "value", encoding) or "utf-16")


def lsp_lines(text: str) -> list[str]:
    """Lines as LSP counts them: split at CRLF, CR and LF only."""
    return re.split(r"\r\n|\r|\n", text)


def offset_of(text: str, line: int, column: int) -> int:
    """The string offset of (line, column), both in code points."""
    starts = [0, *(match.end() for match in re.finditer(r"\r\n|\r|\n", text))]
    return starts[line] + column


def at(client: LanguageClient, text: str, position: types.Position) -> types.Position:
    """``position`` (code points) converted to the negotiated encoding of ``client``."""
    line = lsp_lines(text)[position.line]
    return types.Position(position.line, encode_column(client, line, position.character))


_opened = itertools.count()


def unique(path: Path) -> Path:
    """A new file name next to ``path``, so tests sharing a server never share a document."""
    return path.with_name(f"{path.stem}_{next(_opened)}{path.suffix}")


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
    return await wait_for_push(
        client, uri, lambda params: version is None or params.version == version
    )


async def wait_for_push(
    client: LanguageClient,
    uri: str,
    accept: Callable[[types.PublishDiagnosticsParams], bool],
    timeout: float = 10.0,
) -> list[types.Diagnostic]:
    """Wait until a ``publishDiagnostics`` for ``uri`` satisfies ``accept``."""

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


def within(client: LanguageClient, text: str, range_: types.Range) -> bool:
    """Whether ``range_`` (in the client's encoding) is ordered and inside ``text``."""
    lines = lsp_lines(text)

    def inside(position: types.Position) -> bool:
        if position.line >= len(lines):
            return False
        line = lines[position.line]
        return position.character <= encode_column(client, line, len(line))

    ordered = (range_.start.line, range_.start.character) <= (range_.end.line, range_.end.character)
    return ordered and inside(range_.start) and inside(range_.end)


def published(client: LanguageClient) -> dict[str, list[types.PublishDiagnosticsParams]]:
    """Every publishDiagnostics received, per URI, in order (pytest-lsp keeps only the last)."""
    return client.published  # type: ignore[attr-defined,no-any-return]


class Editor:
    """A document as the client edits it: keeps the text and sends incremental changes."""

    def __init__(self, client: LanguageClient, path: Path, text: str) -> None:
        self.client = client
        self.text = text
        self.version = 1
        self.uri = open_document(client, path, text)
        self.texts = {1: text}  # every version sent, for checking what was published

    def replace(self, start: tuple[int, int], end: tuple[int, int], new: str) -> None:
        """Replace code-point range ``start``..``end`` ((line, column) pairs) with ``new``."""
        offset_start = offset_of(self.text, *start)
        offset_end = offset_of(self.text, *end)
        change = types.TextDocumentContentChangePartial(
            range=types.Range(
                start=at(self.client, self.text, types.Position(*start)),
                end=at(self.client, self.text, types.Position(*end)),
            ),
            text=new,
        )
        self.text = self.text[:offset_start] + new + self.text[offset_end:]
        self.version += 1
        self.texts[self.version] = self.text
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(
                    uri=self.uri, version=self.version
                ),
                content_changes=[change],
            )
        )

    def type(self, line: int, column: int, text: str) -> None:
        """Type ``text`` one character at a time, as a person would."""
        for index, char in enumerate(text):
            self.replace((line, column + index), (line, column + index), char)

    def find(self, needle: str) -> tuple[int, int]:
        """(line, column) of the first ``needle``."""
        for number, line in enumerate(lsp_lines(self.text)):
            if needle in line:
                return number, line.index(needle)
        raise AssertionError(f"{needle!r} not in document")


def edits_for(edit: types.WorkspaceEdit | None, uri: str) -> list[types.TextEdit]:
    """The text edits a workspace edit makes to ``uri`` (``changes`` or ``documentChanges``)."""
    assert edit is not None
    if edit.document_changes is not None:
        return [
            text_edit
            for change in edit.document_changes
            if isinstance(change, types.TextDocumentEdit) and change.text_document.uri == uri
            for text_edit in change.edits
            if isinstance(text_edit, types.TextEdit)
        ]
    return list((edit.changes or {}).get(uri, []))


def apply_edits(client: LanguageClient, text: str, edits: list[types.TextEdit]) -> str:
    """``text`` after ``edits`` (positions in the client's encoding), applied last to first."""

    def offset(position: types.Position) -> int:
        lines = lsp_lines(text)
        line = lines[position.line] if position.line < len(lines) else ""
        column = 0
        while column < len(line) and encode_column(client, line, column) < position.character:
            column += 1
        return offset_of(text, position.line, column)

    ordered = sorted(
        edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True
    )
    for edit in ordered:
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


@contextmanager
def server_on_own_loop(
    client_name: str, folder: Path
) -> Iterator[tuple[asyncio.AbstractEventLoop, LanguageClient]]:
    """A server and client on an event loop of their own, for tests that drive many examples
    through one process (hypothesis, the fuzzer) without pytest-asyncio's per-test loop."""
    loop = asyncio.new_event_loop()
    client = make_client()
    loop.run_until_complete(client.start_io(sys.executable, "-m", "errlsp", "serve", *LOG))
    loop.run_until_complete(start(client, client_name, [folder]))
    try:
        yield loop, client
    finally:
        loop.run_until_complete(client.shutdown_session())
        loop.run_until_complete(client.stop())
        loop.close()
