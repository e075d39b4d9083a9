"""Re-analyse only what an edit changed: a document as top-level chunks, each cached by text.

``errlsp.analysis.check_source`` already parses only the blocks around candidate lines and
caches them by text (``BlockCache``), but it still scans the whole file on every call, which on
a 10,000-line file costs more than the 150 ms the server may spend after a keystroke. So the
server cuts the document into *chunks*: runs of complete top-level statements, found with a
line scan plus a bracket/string check of each chunk. An edit changes the text of one chunk (or
a few); every other chunk's findings and references come from a dictionary keyed by its text,
and only their line offset changes. Chunks never split a function, a class or a block, so the
analysis of a chunk equals that of the same lines in the whole file.

Two things are file-wide, not chunk-wide: ``import ... as alias`` of a helper and the
``# errlsp: catalog=NAME`` comment. The lines that carry them are prepended to every chunk as
comments (the analysis finds both with a text search, and a comment never parses wrongly).

One difference from the whole-file check is deliberate: a chunk that does not parse (the
normal state while typing) gets its own ``syntax-error`` finding, and the other chunks keep
theirs, so diagnostics do not all vanish while a string is half typed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from errlsp.analysis import (
    BlockCache,
    CodeReference,
    Finding,
    Fix,
    Position,
    SourceSyntaxError,
    Span,
    check_source,
    references,
)
from errlsp.analysis.contexts import settings_contexts
from errlsp.catalog import CatalogSet
from errlsp.config import Settings

# Lines at column 0 that continue the statement above rather than start a new one.
_CONTINUATIONS = re.compile(r"(?:else|elif|except|finally)\b")
_NOT_A_START = frozenset(" \t\f\r\n#)]}")
# Strings (single-line ones end at the line end, triple-quoted ones may run to the end),
# comments, brackets and backslash continuations: all that decides whether a chunk is closed.
_TOKENS = re.compile(
    r"""
    (?P<triple>[rRbBuUfFtT]{0,2}
        (?:'''(?:\\[\s\S]?|[^\\])*?(?:'''|\Z)|\"\"\"(?:\\[\s\S]?|[^\\])*?(?:\"\"\"|\Z)))
    |[rRbBuUfFtT]{0,2}(?:'(?:\\[\s\S]?|[^'\\\r\n])*'?|"(?:\\[\s\S]?|[^"\\\r\n])*"?)
    |\#[^\r\n]*
    |(?P<open>[(\[{])
    |(?P<close>[)\]}])
    |(?P<continued>\\(?:\r\n|\r|\n|\Z))
    """,
    re.VERBOSE,
)


def ends_open(text: str) -> bool:
    """Whether ``text`` leaves a bracket, a triple-quoted string or a continuation open."""
    depth = 0
    continued = False
    for match in _TOKENS.finditer(text):
        kind = match.lastgroup
        continued = False
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth = max(0, depth - 1)
        elif kind == "triple":
            token = match.group()
            quote = token.lstrip("rRbBuUfFtT")[:3]
            if len(token.lstrip("rRbBuUfFtT")) < 6 or not token.endswith(quote):
                return True
        elif kind == "continued":
            continued = True
    return depth > 0 or continued


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
class Analysis:
    """A document's analysis for one version: chunks with their results."""

    version: int | None
    key: object
    starts: tuple[int, ...]
    results: tuple[ChunkResult, ...]
    analysed: int = 0  # chunks analysed afresh (not from the cache) for this version
    _references: list[CodeReference] | None = field(default=None, compare=False)

    def findings(self) -> Iterator[Finding]:
        for start, result in zip(self.starts, self.results, strict=False):
            for finding in result.findings:
                yield moved_finding(finding, start)

    def references(self) -> list[CodeReference]:
        every: list[CodeReference] = []
        for start, result in zip(self.starts, self.results, strict=False):
            every.extend(moved_reference(reference, start) for reference in result.references)
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
                return moved_reference(reference, start)
        return None


def _moved(span: Span, lines: int) -> Span:
    if lines == 0:
        return span
    return Span(
        Position(span.start.line + lines, span.start.character),
        Position(span.end.line + lines, span.end.character),
    )


def moved_reference(reference: CodeReference, lines: int) -> CodeReference:
    if lines == 0:
        return reference
    return CodeReference(
        reference.code,
        _moved(reference.span, lines),
        _moved(reference.inner, lines),
        reference.kind,
        reference.names_api,
        reference.status,
        reference.field,
        reference.catalog,
    )


def moved_finding(finding: Finding, lines: int) -> Finding:
    if lines == 0:
        return finding
    fix = finding.fix
    if fix is not None:
        fix = Fix(fix.title, _moved(fix.span, lines), fix.replacement)
    return Finding(
        finding.rule,
        finding.severity,
        finding.message,
        _moved(finding.span, lines),
        finding.code,
        finding.catalog,
        finding.suggestions,
        fix,
    )


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
    ) -> Analysis:
        header = file_header(lines, settings)
        full_key = (key, header)
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
                result = self._analyse(header, text, settings, catalogs, path)
                analysed += 1
            current[text] = result
            closed[text] = True
            starts.append(first)
            results.append(result)
        self._chunks = current
        self._closed = {text: state for text, state in self._closed.items() if text in closed}
        self._closed.update(closed)
        return Analysis(version, key, tuple(starts), tuple(results), analysed)

    def _analyse(
        self, header: str, text: str, settings: Settings, catalogs: CatalogSet, path: Path | None
    ) -> ChunkResult:
        source = header + text
        offset = header.count("\n")
        findings = check_source(source, settings, catalogs, path=path, cache=self._blocks)
        try:
            found = references(source, settings, cache=self._blocks)
        except SourceSyntaxError:
            found = []
        return ChunkResult(
            tuple(
                moved_finding(finding, -offset)
                for finding in findings
                if finding.span.start.line >= offset
            ),
            tuple(
                moved_reference(reference, -offset)
                for reference in found
                if reference.span.start.line >= offset
            ),
        )


def file_header(lines: Sequence[str], settings: Settings) -> str:
    """File-wide directives as comment lines: helper aliases and the file's catalog comment."""
    helpers = settings_contexts(settings).helpers
    kept = []
    for line in lines:
        if " as " in line and any(name in line for name in helpers):
            kept.append("# " + line.strip() + "\n")
        elif "errlsp:" in line and "catalog" in line:
            kept.append("# " + line.strip().lstrip("#") + "\n")
    return "".join(kept)
