"""The errlsp language server: a pygls ``LanguageServer`` wired to one module per feature.

Handlers live in the feature modules and only translate between LSP types and
``errlsp.analysis`` / ``errlsp.catalog``; this module holds the shared state, the analysis
worker and the document synchronisation, and imports no feature module (``factory`` wires
them), so the package has no import cycle.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Generator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.json_rpc import MsgId
from pygls.protocol.language_server import lsp_method

from errlsp import __version__
from errlsp.analysis import BlockCache
from errlsp.catalog import Problem
from errlsp.server.capabilities import ClientFeatures
from errlsp.server.positions import Codec
from errlsp.server.settings import ServerOptions
from errlsp.server.state import DocumentState, ServerState


class ErrlspProtocol(LanguageServerProtocol):
    """pygls' protocol, except that open documents are kept by ``ServerState``.

    pygls' own ``TextDocument`` splits lines with ``str.splitlines`` (wrong after a form feed)
    and re-splits the whole text for every change; the server's ``Document`` does neither, so
    the built-in synchronisation handlers only hand the notification to ours.
    """

    def _execute_handler(
        self,
        msg_id: MsgId,
        handler: Callable[..., Any],
        callback: Callable[[Future[Any]], None],
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
    ) -> None:
        """pygls' handler execution, forgetting each handler's future once it has finished.

        pygls 2.1 files the future of every generator or coroutine handler in
        ``_request_futures`` (where a ``$/cancelRequest`` looks for it), but only a request's
        reply takes it out again. A notification's future, filed under a fresh UUID, stays for
        the rest of the session: every ``didChange`` (a generator handler, above) left a
        finished ``Future`` with its lock and condition behind, about 2 KiB an edit, which was
        the server's whole RSS growth in ``benchmarks/bench_memory.py`` (+24% from 2,000 to
        10,000 edits). A finished future cannot be cancelled, so removing it changes nothing
        else. A cancelled one stays: pygls' ``shutdown`` cancels while iterating the dict,
        and a synchronous callback must not change its size then.
        """

        def forget_then(future: Future[Any]) -> None:
            if not future.cancelled() and self._request_futures.get(msg_id) is future:
                self._request_futures.pop(msg_id, None)
            callback(future)

        super()._execute_handler(msg_id, handler, forget_then, args, kwargs)

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(
        self, params: types.DidOpenTextDocumentParams
    ) -> Generator[Any, Any, None]:
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_OPEN)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(
        self, params: types.DidChangeTextDocumentParams
    ) -> Generator[Any, Any, None]:
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(
        self, params: types.DidCloseTextDocumentParams
    ) -> Generator[Any, Any, None]:
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CLOSE)) is not None:
            yield handler, (params,), None


class ErrlspServer(LanguageServer):
    """The server plus everything its handlers share."""

    def __init__(self) -> None:
        super().__init__("errlsp", __version__, protocol_cls=ErrlspProtocol)
        self.state = ServerState()
        self.features = ClientFeatures()
        self.options = ServerOptions()
        self.codec = Codec()
        self.client_data: dict[str, Any] = {}  # the editor's settings layer, camelCase keys
        self.client_source = "initializationOptions"  # where client_data came from
        self.reload_timers: dict[int, asyncio.TimerHandle] = {}  # per root: a pending reload
        self.poller: asyncio.Task[None] | None = None  # polls files when the client cannot
        self.shut_down = False  # a `shutdown` request came before `exit`
        self.exit_code = 0
        # One analysis worker: analyses of one document must not overlap, and the shared
        # block cache is not meant for concurrent writers. Workspace searches get their own.
        self.analysis_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="errlsp-analysis")
        self.search_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="errlsp-search")
        self.search_blocks = BlockCache(size=4096)  # blocks parsed by workspace searches

    def document(self, uri: str) -> DocumentState | None:
        return self.state.documents.get(uri)

    def report(self, problems: list[Problem], what: str) -> None:
        """Tell the user about settings they sent that were ignored."""
        if not problems:
            return
        lines = "\n".join(f"  {problem}" for problem in problems)
        message = f"errlsp: ignored invalid {what}:\n{lines}"
        self.window_show_message(
            types.ShowMessageParams(type=types.MessageType.Warning, message=message)
        )
        self.log(message, types.MessageType.Warning)

    def log(self, message: str, kind: types.MessageType = types.MessageType.Log) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    def start_io(self, stdin: Any = None, stdout: Any = None) -> None:
        """Serve on stdio until ``exit``; then end the process with the code LSP prescribes.

        pygls swallows the ``SystemExit`` it raises on ``exit``, so the status (1 when the
        client never sent ``shutdown``) is raised again here, once the loop has stopped.
        """
        super().start_io(stdin, stdout)
        if self.exit_code:
            raise SystemExit(self.exit_code)

    def stop_workers(self) -> None:
        for pool in (self.analysis_pool, self.search_pool):
            pool.shutdown(wait=False, cancel_futures=True)
