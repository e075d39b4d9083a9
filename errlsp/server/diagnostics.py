"""Diagnostics: findings as LSP diagnostics, debounced, version-tagged and never stale.

Each change (re)starts a short timer for its document; when typing pauses, the analysis runs
on the worker thread against a snapshot of the text. Its result is published only if it still
describes the document: an analysis overtaken by an edit is kept as cache but never shown, so
after the last keystroke the diagnostics match the final text. Clients that can pull
(``textDocument/diagnostic``) get their diagnostics that way and nothing pushed for Python
files (pushing too would show everything twice); the others get ``publishDiagnostics`` with
the document version. Configuration and catalog errors are always pushed, to their own file.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterable, Sequence
from functools import partial

from lsprotocol import types

from errlsp.analysis import RULES, Finding
from errlsp.analysis.incremental import DocumentAnalysis, DocumentAnalyzer
from errlsp.server import constants
from errlsp.server.positions import split_lines
from errlsp.server.server import ErrlspServer
from errlsp.server.state import DocumentState, RootState

SOURCE = "errlsp"
# Chunks analysed afresh in one run above which the survivors are frozen (see settle_memory).
SETTLE_AFTER = 200
# A large file's first analysis publishes the diagnostics of its first lines first.
HEAD_LINES = 150
SEVERITIES = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
    "hint": types.DiagnosticSeverity.Hint,
}


def register(server: ErrlspServer) -> None:
    server.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(
            identifier=SOURCE, inter_file_dependencies=False, workspace_diagnostics=False
        ),
    )(pull)


async def pull(
    server: ErrlspServer, params: types.DocumentDiagnosticParams
) -> types.DocumentDiagnosticReport:
    state = server.document(params.text_document.uri)
    if state is None or not state.document.is_python:
        return types.RelatedFullDocumentDiagnosticReport(items=[])
    analysis = await fresh_analysis(server, state)
    result_id = f"{analysis.version}:{analysis.key}"
    if params.previous_result_id == result_id:
        return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
    items = to_diagnostics(server, state.document.lines, analysis.findings())
    return types.RelatedFullDocumentDiagnosticReport(items=items, result_id=result_id)


def schedule(server: ErrlspServer, state: DocumentState, delay: float | None = None) -> None:
    """Ask for an analysis of ``state`` once ``delay`` has passed without another change.

    Each document has at most one analysis loop (``state.pending``); a change only moves its
    deadline, so a burst of edits, even one arriving while an analysis runs, costs one more
    analysis of the final text, not one per edit.
    """
    if not state.document.is_python:
        return
    wait = server.options.diagnostic_delay if delay is None else delay
    state.due = asyncio.get_running_loop().time() + wait
    if state.pending is None or state.pending.done():
        state.pending = asyncio.ensure_future(_analysis_loop(server, state))


async def _analysis_loop(server: ErrlspServer, state: DocumentState) -> None:
    """Analyse until the last analysis describes the current text and catalogs."""
    loop = asyncio.get_running_loop()
    while True:
        while (wait := state.due - loop.time()) > 0:
            await asyncio.sleep(wait)
        if state.fresh() is not None or not await _analyse(server, state):
            return


async def _analyse(server: ErrlspServer, state: DocumentState) -> bool:
    """One analysis of the current text on the worker thread; False once the session ends."""
    document, root = state.document, state.root
    excluded = document.path is not None and root.settings.is_excluded(document.path)
    lines = list(document.lines) if not excluded else [""]
    if constants.note(root.index, document.path, document.text, root.settings):
        root.constants_changed += 1
        for other in server.state.documents_of(root):  # they may use what changed
            if other is not state and other.document.is_python:
                schedule(server, other)
    job = (lines, document.version, root.settings, root.catalogs, document.path, state.key)
    loop = asyncio.get_running_loop()
    try:
        if state.analysis is None and len(lines) > 2 * HEAD_LINES:
            run_head = partial(state.analyzer.run, *job, first_lines=HEAD_LINES, index=root.index)
            head = await loop.run_in_executor(server.analysis_pool, run_head)
            _publish_head(server, state, head)
        run = partial(state.analyzer.run, *job, index=root.index)
        analysis = await loop.run_in_executor(server.analysis_pool, run)
    except RuntimeError:  # the worker was shut down: the session is ending
        return False
    state.analyses += 1
    if server.document(document.uri) is not state:
        return False  # closed meanwhile
    state.analysis = analysis  # the worker runs jobs in order: this one is the newest
    waiters, state.changed = state.changed, asyncio.Event()
    waiters.set()
    if state.fresh() is analysis and not server.features.pull_diagnostics:
        published = (analysis.version, analysis.key)
        if state.published != published:
            state.published = published
            items = chunk_diagnostics(server, state, document.lines, analysis)
            publish(server, document.uri, items, document.version)
    if analysis.analysed >= SETTLE_AFTER:
        settle_memory()
    return True


def _publish_head(server: ErrlspServer, state: DocumentState, head: DocumentAnalysis) -> None:
    """Push the diagnostics of a large file's first lines while the rest is analysed.

    A freshly opened 10,000-line file takes seconds to analyse in full; its top, which the
    editor shows first, takes about as long as ``ast.parse`` of the whole file
    (``benchmarks/bench_server.py``). The full set follows, for the same version, and replaces
    these. Pulling clients wait for the full set instead.
    """
    if server.features.pull_diagnostics or server.document(state.document.uri) is not state:
        return
    if head.version != state.document.version or head.key != state.key:
        return
    items = chunk_diagnostics(server, state, state.document.lines, head)
    publish(server, state.document.uri, items, head.version)


# Analysed once at start-up on the worker: the first analysis of a session pays for what is
# set up on first use (the suggestion scorer's import, the parser's and the regexes' caches),
# which a file just opened should not. (``errlsp serve`` has loaded the parser itself.)
WARM_UP_SOURCE = """\
from pytest_errcodes import assert_api_error


def test_warm_up(resp):
    assert_api_error(resp, "WARM_UP")
    if resp.json()["error"]["code"] == "WARM_UP":
        raise AssertionError(resp)
"""


def warm_up(server: ErrlspServer, root: RootState) -> None:
    """Queue one small analysis with ``root``'s settings and catalogs before any document."""
    job = (split_lines(WARM_UP_SOURCE), None, root.settings, root.catalogs, None, None)
    server.analysis_pool.submit(DocumentAnalyzer().run, *job)


def settle_memory() -> None:
    """Take what a large analysis keeps out of the cyclic garbage collector's sight.

    A large file leaves hundreds of thousands of long-lived objects (cached findings and
    references). Every full collection would walk them all: measured on a 10,000-line file,
    that is what pushed the 95th percentile of an edit's analysis from 18 ms to 73 ms. One
    collection now, then ``gc.freeze()``, and later collections skip them. It runs once the
    diagnostics are out, when a large file has just been opened or rewritten, not while typing.
    """
    gc.collect()
    gc.freeze()


async def fresh_analysis(server: ErrlspServer, state: DocumentState) -> DocumentAnalysis:
    """The analysis of the current text, waiting for it if an edit made the last one stale."""
    while True:
        analysis = state.fresh()
        if analysis is not None:
            return analysis
        if state.pending is None or state.pending.done():
            schedule(server, state, delay=0.0)
        await state.changed.wait()


def publish(
    server: ErrlspServer, uri: str, items: Sequence[types.Diagnostic], version: int | None
) -> None:
    server.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(uri=uri, diagnostics=list(items), version=version)
    )


def to_diagnostics(
    server: ErrlspServer, lines: Sequence[str], findings: Iterable[Finding]
) -> list[types.Diagnostic]:
    return [to_diagnostic(server, lines, finding) for finding in findings]


def chunk_diagnostics(
    server: ErrlspServer, state: DocumentState, lines: Sequence[str], analysis: DocumentAnalysis
) -> list[types.Diagnostic]:
    """The diagnostics of ``analysis`` (of ``lines``), converted chunk by chunk.

    A chunk with the same result object at the same first line as in the document's last
    publication has the same text there, so its diagnostics are the ones already made:
    converting 2,500 findings to LSP types cost each edit of a 10,000-line file about ten
    milliseconds, for the one chunk an edit changes. (The result is kept with them, so its
    ``id`` cannot be another object's.)
    """
    kept = state.chunk_diagnostics
    made: dict[tuple[int, int], tuple[object, list[types.Diagnostic]]] = {}
    items: list[types.Diagnostic] = []
    for start, result in zip(analysis.starts, analysis.results, strict=True):
        key = (id(result), start)
        entry = kept.get(key)
        if entry is None or entry[0] is not result:
            moved = (finding.moved(start) for finding in result.findings)
            entry = (result, [to_diagnostic(server, lines, finding) for finding in moved])
        made[key] = entry
        items.extend(entry[1])
    if analysis.complete:
        state.chunk_diagnostics = made
    return items


_TAGS = {
    "deprecated": types.DiagnosticTag.Deprecated,
    "unnecessary": types.DiagnosticTag.Unnecessary,
}


def to_diagnostic(server: ErrlspServer, lines: Sequence[str], finding: Finding) -> types.Diagnostic:
    rule = RULES.get(finding.rule)
    features = server.features
    wanted = (_TAGS[name] for name in rule.tags) if rule is not None else ()
    tags = [tag for tag in wanted if tag in features.diagnostic_tags] or None
    return types.Diagnostic(
        range=server.codec.range_to_lsp(lines, finding.span),
        message=finding.message,
        severity=SEVERITIES.get(finding.severity, types.DiagnosticSeverity.Warning),
        code=finding.rule,
        code_description=types.CodeDescription(href=rule.url)
        if rule is not None and features.code_description
        else None,
        source=SOURCE,
        tags=tags,
    )
