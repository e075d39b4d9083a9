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

Memory stays bounded by the document, not by the session: every cache here is keyed by text,
and each is cut back after a run to what the current chunks use (``LiveBlocks`` for the parsed
blocks), so ten thousand edits leave no more behind than the last one.

``run(..., first_lines=N)`` analyses only the chunks ending before line N: a freshly opened
large file gets the diagnostics of its top (what the editor shows) in a fraction of the full
analysis, whose chunks it then reuses.

The language server schedules this and converts the results to LSP types; nothing here knows
about LSP.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from errlsp.analysis.check import analyse
from errlsp.analysis.contexts import settings_contexts
from errlsp.analysis.directives import Directives, file_wide
from errlsp.analysis.model import CodeReference, Finding, Position
from errlsp.analysis.references import BlockCache
from errlsp.analysis.scan import ends_open
from errlsp.analysis.symbols import ProjectIndex, imports, module_of
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
    complete: bool = True  # False: only the chunks of the first lines (``first_lines``)

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


BlockKey = tuple[object, ...]


class LiveBlocks(BlockCache):
    """Parsed blocks of one document's current chunks, recording which ones each chunk uses.

    An LRU of fixed size either forgets blocks still in use (a large file) or keeps thousands
    no text has any more (a long session: +4 MiB per thousand edits of a 2,000-line file).
    This cache is pruned to the blocks of the chunks that exist now, whatever the file size.
    """

    def __init__(self) -> None:
        super().__init__(size=0)
        self._live: dict[BlockKey, list[CodeReference]] = {}
        self.used: set[BlockKey] = set()

    def get(self, key: BlockKey) -> list[CodeReference] | None:
        found = self._live.get(key)
        if found is not None:
            self.used.add(key)
        return found

    def put(self, key: BlockKey, value: list[CodeReference]) -> None:
        self._live[key] = value
        self.used.add(key)

    def keep(self, keys: Iterable[BlockKey]) -> None:
        self._live = {key: self._live[key] for key in keys if key in self._live}

    def __len__(self) -> int:
        return len(self._live)


class DocumentAnalyzer:
    """Per-document chunk cache; ``run`` is called from one worker thread at a time.

    Without ``blocks`` the document keeps its own ``LiveBlocks``; a shared cache passed in is
    bounded by its owner.
    """

    def __init__(self, blocks: BlockCache | None = None) -> None:
        self._live = LiveBlocks() if blocks is None else None
        self._blocks = blocks if blocks is not None else self._live
        self._chunks: dict[str, ChunkResult] = {}
        self._closed: dict[str, bool] = {}
        self._uses: dict[str, frozenset[BlockKey]] = {}  # chunk text -> its blocks (LiveBlocks)
        self._prune_at = 0
        self._key: object = None
        self._index: ProjectIndex | None = None

    def run(
        self,
        lines: Sequence[str],
        version: int | None,
        settings: Settings,
        catalogs: CatalogSet,
        path: Path | None,
        key: object,
        *,
        first_lines: int | None = None,
        index: ProjectIndex | None = None,
    ) -> DocumentAnalysis:
        """Analyse ``lines``; with ``first_lines``, only the chunks that end before that line.

        ``index``: the project's constants, to resolve ``ErrorCode.X`` used in the document;
        a chunk's cached result holds while the index's definitions are the same.
        """
        settings = settings.for_path(path)
        text = "".join(lines)
        found = file_wide(text, settings_contexts(settings))
        digest = None
        if index is not None and index.modules:
            found = replace(found, imports=imports(text, module_of(path, settings.root)))
            digest = index.digest
        self._index = index
        full_key = (key, found.key, digest)
        if full_key != self._key:
            self._chunks = {}
            self._key = full_key
        complete = first_lines is None or first_lines >= len(lines)
        if complete:
            spans = chunk_spans(lines, self._closed)
        else:
            # The spans of a prefix are those of the whole but for the last, which may be cut.
            spans = chunk_spans(lines[:first_lines], self._closed)[:-1]
        starts: list[int] = []
        results: list[ChunkResult] = []
        current: dict[str, ChunkResult] = {}
        analysed = 0
        for first, last in spans:
            text = "".join(lines[first : last + 1])
            result = current.get(text) or self._chunks.get(text)
            if result is None:
                result = self._analyse(found, text, settings, catalogs, path)
                analysed += 1
            current[text] = result
            starts.append(first)
            results.append(result)
        if not complete:  # a head start: keep everything for the full run that follows
            self._chunks.update(current)
            return DocumentAnalysis(version, key, tuple(starts), tuple(results), analysed, False)
        self._chunks = current
        # Only what ``chunk_spans`` measured: the last chunk was never asked whether it closes
        # (nothing follows it), and taking it as closed would split there once lines follow.
        self._closed = {text: state for text, state in self._closed.items() if text in current}
        self._prune_blocks(current)
        return DocumentAnalysis(version, key, tuple(starts), tuple(results), analysed)

    def _prune_blocks(self, current: dict[str, ChunkResult]) -> None:
        """Forget the blocks no current chunk uses, once they are as many as the used ones."""
        if self._live is None:
            return
        self._uses = {text: uses for text, uses in self._uses.items() if text in current}
        if len(self._live) < self._prune_at:
            return
        live = set().union(*self._uses.values())
        self._live.keep(live)
        self._prune_at = 2 * len(live) + 64

    def _analyse(
        self,
        found: Directives,
        text: str,
        settings: Settings,
        catalogs: CatalogSet,
        path: Path | None,
    ) -> ChunkResult:
        if self._live is not None:
            self._live.used = set()
        result = analyse(
            text,
            settings,
            catalogs,
            path=path,
            cache=self._blocks,
            found_directives=found.for_part(text),
            index=self._index,
        )
        if self._live is not None:
            self._uses[text] = frozenset(self._live.used)
        return ChunkResult(result.findings, result.references)


__all__ = [
    "ChunkResult",
    "DocumentAnalysis",
    "DocumentAnalyzer",
    "LiveBlocks",
    "chunk_spans",
    "ends_open",
]
