"""Re-analyse only what an edit changed: a document as top-level chunks, each cached by text.

``analyse`` already parses only the blocks around candidate lines and caches them by text
(``BlockCache``), but it still scans the whole file on every call, which on a 10,000-line file
costs more than the 150 ms an editor may spend after a keystroke. So a document is cut into
*chunks*: runs of complete top-level statements, found with a line scan plus a check with the
scanner's tokens that each chunk closes every bracket and string (``scan.ends_open``). An edit
changes the text of one chunk (or a few); every other chunk's findings and references come
from a dictionary keyed by its text, and only their line offset changes. Chunks never split a
function, a class or a block, so the analysis of a chunk equals that of the same lines in the
whole file.

What is file-wide, not chunk-wide (helper aliases, ``# errlsp: catalog=``, a module-level
``pytestmark``), is read once from the whole document (``directives.file_wide``) and handed
to each chunk's analysis; a chunk's results are cached under it.

One difference from the whole-file check is deliberate: a chunk that does not parse (the
normal state while typing) gets its own ``syntax-error`` finding, and the other chunks keep
theirs, so diagnostics do not all vanish while a string is half typed.

The language server schedules this and converts the results to LSP types; nothing here knows
about LSP.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from errlsp.analysis.check import analyse
from errlsp.analysis.contexts import settings_contexts
from errlsp.analysis.directives import Directives, file_wide
from errlsp.analysis.model import CodeReference, Finding, Position
from errlsp.analysis.references import BlockCache
from errlsp.analysis.scan import ends_open
from errlsp.catalog import CatalogSet
from errlsp.config import Settings

# Lines at column 0 that continue the statement above rather than start a new one.
_CONTINUATIONS = re.compile(r"(?:else|elif|except|finally)\b")
_NOT_A_START = frozenset(" \t\f\r\n#)]}")


def chunk_spans(lines: Sequence[str], closed: dict[str, bool]) -> list[tuple[int, int]]:
    """(first, last) line of each chunk; ``closed`` caches ``not ends_open`` by chunk text."""
    starts = [number for number, line in enumerate(lines) if line[:1] not in _NOT_A_START]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    spans: list[tuple[int, int]] = []
    first = 0
    for index, start in enumerate(starts):
        following = starts[index + 1] if index + 1 < len(starts) else len(lines)
        if following < len(lines):
            if lines[start].startswith("@") or _CONTINUATIONS.match(lines[following]):
                continue  # a decorator joins its function; `else:` joins its `if`
            text = "".join(lines[first:following])
            state = closed.get(text)
            if state is None:
                state = closed[text] = not ends_open(text)
            if not state:
                continue
        spans.append((first, following - 1))
        first = following
    return spans


@dataclass(frozen=True)
class ChunkResult:
    """Findings and references of one chunk, positioned relative to the chunk's first line."""

    findings: tuple[Finding, ...]
    references: tuple[CodeReference, ...]


@dataclass(frozen=True)
class DocumentAnalysis:
    """A document's analysis for one version: chunks with their results."""

    version: int | None
    key: object
    starts: tuple[int, ...]
    results: tuple[ChunkResult, ...]
    analysed: int = 0  # chunks analysed afresh (not from the cache) for this version

    def findings(self) -> Iterator[Finding]:
        for start, result in zip(self.starts, self.results, strict=False):
            for finding in result.findings:
                yield finding.moved(start)

    def references(self) -> list[CodeReference]:
        every: list[CodeReference] = []
        for start, result in zip(self.starts, self.results, strict=False):
            every.extend(reference.moved(start) for reference in result.references)
        return every

    def reference_at(self, position: Position) -> CodeReference | None:
        """The reference whose literal covers ``position``; looks in one chunk only."""
        index = bisect_right(self.starts, position.line) - 1
        if index < 0:
            return None
        start = self.starts[index]
        relative = Position(position.line - start, position.character)
        for reference in self.results[index].references:
            if reference.span.contains(relative):
                return reference.moved(start)
        return None


class DocumentAnalyzer:
    """Per-document chunk cache; ``run`` is called from one worker thread at a time."""

    def __init__(self, blocks: BlockCache) -> None:
        self._blocks = blocks
        self._chunks: dict[str, ChunkResult] = {}
        self._closed: dict[str, bool] = {}
        self._key: object = None

    def run(
        self,
        lines: Sequence[str],
        version: int | None,
        settings: Settings,
        catalogs: CatalogSet,
        path: Path | None,
        key: object,
    ) -> DocumentAnalysis:
        settings = settings.for_path(path)
        found = file_wide("".join(lines), settings_contexts(settings))
        full_key = (key, found.key)
        if full_key != self._key:
            self._chunks = {}
            self._key = full_key
        spans = chunk_spans(lines, self._closed)
        starts: list[int] = []
        results: list[ChunkResult] = []
        current: dict[str, ChunkResult] = {}
        closed: dict[str, bool] = {}
        analysed = 0
        for first, last in spans:
            text = "".join(lines[first : last + 1])
            result = current.get(text) or self._chunks.get(text)
            if result is None:
                result = self._analyse(found, text, settings, catalogs, path)
                analysed += 1
            current[text] = result
            closed[text] = True
            starts.append(first)
            results.append(result)
        self._chunks = current
        self._closed = {text: state for text, state in self._closed.items() if text in closed}
        self._closed.update(closed)
        return DocumentAnalysis(version, key, tuple(starts), tuple(results), analysed)

    def _analyse(
        self,
        found: Directives,
        text: str,
        settings: Settings,
        catalogs: CatalogSet,
        path: Path | None,
    ) -> ChunkResult:
        result = analyse(
            text,
            settings,
            catalogs,
            path=path,
            cache=self._blocks,
            found_directives=found.for_part(text),
        )
        return ChunkResult(result.findings, result.references)


__all__ = ["ChunkResult", "DocumentAnalysis", "DocumentAnalyzer", "chunk_spans", "ends_open"]
