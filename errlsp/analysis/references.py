"""Find the error-code references in a source text: pre-filter, cut blocks, parse blocks.

The fast path parses only the blocks around lines the pre-filter flags, each dedented and
mapped back to file positions; the slow path parses the whole file. Both must give the same
references (a test holds them to it). Blocks are cached by their text, so the language
server re-parses only what an edit changed.
"""

from __future__ import annotations

import ast
import re
import warnings
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from errlsp.analysis.contexts import Contexts, settings_contexts
from errlsp.analysis.directives import Directives, directives
from errlsp.analysis.model import CodeReference, Position, Span
from errlsp.analysis.scan import SourceMap, split_lines, without_surrogates
from errlsp.config import Settings


class SourceSyntaxError(Exception):
    """The source does not parse; ``span`` locates the error for a ``syntax-error`` finding."""

    def __init__(self, message: str, span: Span) -> None:
        super().__init__(message)
        self.message = message
        self.span = span


@dataclass(frozen=True, slots=True)
class Block:
    """Physical lines ``first..last`` of a region to parse on its own."""

    first: int
    last: int


def candidate_lines(source: SourceMap, contexts: Contexts) -> list[int]:
    """0-based lines where the pre-filter sees an error-code context."""
    return sorted({source.line_at(offset) for offset in contexts.prefilter.offsets(source.text)})


def candidate_blocks(source: SourceMap, lines: Iterable[int]) -> list[Block]:
    """Merge the blocks around candidate lines; nested or overlapping blocks become one."""
    spans = sorted({source.block_around(line) for line in lines})
    merged: list[list[int]] = []
    for first, last in spans:
        if merged and first <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    return [Block(first, last) for first, last in merged]


class BlockCache:
    """References per block text (positions relative to the block), least recently used out."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._entries: OrderedDict[tuple[object, ...], list[CodeReference]] = OrderedDict()

    def get(self, key: tuple[object, ...]) -> list[CodeReference] | None:
        found = self._entries.get(key)
        if found is not None:
            self._entries.move_to_end(key)
        return found

    def put(self, key: tuple[object, ...], value: list[CodeReference]) -> None:
        self._entries[key] = value
        if len(self._entries) > self.size:
            self._entries.popitem(last=False)


def references(
    text: str,
    settings: Settings,
    *,
    whole_file: bool = False,
    cache: BlockCache | None = None,
    found_directives: Directives | None = None,
    constants: bool = False,
) -> list[CodeReference]:
    """Every reference in ``text``; raises ``SourceSyntaxError`` if the file does not parse.

    ``found_directives`` are the file's directives when ``text`` is a chunk of a larger file
    (the server's incremental analysis); by default they are read from ``text``. With
    ``constants``, uses of constants (``ErrorCode.X``) are included unresolved, for
    ``analyse`` to resolve; without, only literals.
    """
    text = without_surrogates(text)
    if found_directives is None:
        found_directives = directives(text, settings_contexts(settings))
    return [
        _with_directives(ref, found_directives)
        for ref in _found(text, settings, whole_file, cache, found_directives.contexts)
        if constants or ref.symbol is None
    ]


def _with_directives(reference: CodeReference, found: Directives) -> CodeReference:
    """A reference with the catalogs its file and test name for it (a call's own win)."""
    if reference.catalogs:
        return reference
    named = found.catalogs_at(reference.span.start.line)
    if not named:
        return reference
    return replace(reference, catalogs=named, names_api=True)


def _found(
    text: str,
    settings: Settings,
    whole_file: bool,
    cache: BlockCache | None,
    contexts: Contexts,
) -> list[CodeReference]:
    if whole_file:
        try:
            return _parse(text, contexts, ())
        except SourceSyntaxError:
            error = syntax_error(text)
            if error is not None:
                raise error from None
            # Compiles, but too deep for libcst as a whole: the block path copes.
            return _found(text, settings, False, cache, contexts)
    if not contexts.prefilter.search(text):
        return []
    # Only the blocks are parsed: a syntax error elsewhere in the file goes unreported (that
    # is the Python tools' job), and compiling every file would cost more than the analysis.
    # The interpreter's compiler is consulted only when libcst fails, for the error's location;
    # libcst itself accepts newer syntax than an older running interpreter does.
    source = SourceMap(text)
    found: list[CodeReference] = []
    compiles: bool | None = None
    lines = candidate_lines(source, contexts)
    for block in candidate_blocks(source, lines):
        keep = {line for line in lines if block.first <= line <= block.last}
        try:
            found.extend(_block_references(source, block, keep, contexts, cache))
        except SourceSyntaxError:
            if compiles is None:
                error = syntax_error(text)
                if error is not None:
                    raise error from None
                compiles = True
            # The file compiles but this block did not parse on its own (or is too deep for
            # libcst's recursion): parse it in its file, else give up on this block only.
            found.extend(_fallback(text, block, contexts))
    return found


def _fallback(text: str, block: Block, contexts: Contexts) -> list[CodeReference]:
    try:
        every = _parse(text, contexts, ())
    except SourceSyntaxError:
        return []
    return [ref for ref in every if block.first <= ref.span.start.line <= block.last]


def _block_references(
    source: SourceMap,
    block: Block,
    keep: set[int],
    contexts: Contexts,
    cache: BlockCache | None,
) -> list[CodeReference]:
    words = _kept_words(source, keep)
    in_string = source.lines_in_strings(block.first, block.last)
    snippet, shifts = _dedent(source.pruned(block.first, block.last, keep, words), in_string)
    key = (snippet, tuple(shifts), contexts.key)
    cached = cache.get(key) if cache is not None else None
    if cached is None:
        cached = _parse(snippet, contexts, shifts)
        if cache is not None:
            cache.put(key, cached)
    return [reference.moved(block.first) for reference in cached]


_BINDING = re.compile(r"^[ \t]*([A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?=(?!=)")


def _kept_words(source: SourceMap, keep: set[int]) -> re.Pattern[str]:
    """Statements to keep besides the candidates: uses of bound names, and status checks."""
    names = set()
    for line in keep:
        bound = _BINDING.match(source.lines[source.logical_of(line).first])
        if bound:
            names.add(bound.group(1))
    return _words_pattern(tuple(sorted(names)))


@lru_cache(maxsize=256)
def _words_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """Bound names anywhere, and ``assert`` statements that check a status."""
    status = r"^[ \t]*assert\b.*\bstatus(?:_code)?\b"
    if not names:
        return re.compile(status, re.MULTILINE)
    used = r"\b(?:" + "|".join(map(re.escape, names)) + r")\b"
    return re.compile(f"{used}|{status}", re.MULTILINE)


def _dedent(lines: list[str], in_string: set[int]) -> tuple[str, list[int]]:
    """Remove the first line's indentation from every line that has it, remembering how much.

    Lines that continue a multi-line string keep their text: dedenting them would change the
    string's value (``in_string`` holds their indexes within ``lines``).
    """
    first = lines[0]
    prefix = first[: len(first) - len(first.lstrip(" \t\f"))]
    if not prefix:
        return "\n".join(lines) + "\n", [0] * len(lines)
    shifts = [
        len(prefix) if line.startswith(prefix) and index not in in_string else 0
        for index, line in enumerate(lines)
    ]
    body = "\n".join(line[shift:] for line, shift in zip(lines, shifts, strict=True))
    return body + "\n", shifts


def _parse(
    snippet: str, contexts: Contexts, shifts: list[int] | tuple[int, ...]
) -> list[CodeReference]:
    from libcst import CSTValidationError, ParserSyntaxError

    from errlsp.analysis.gather import gather

    try:
        return gather(snippet, contexts, column_offsets=shifts)
    except (ParserSyntaxError, CSTValidationError, RecursionError, SyntaxError, ValueError) as err:
        raise SourceSyntaxError(f"cannot parse: {err}", _span(0, 0)) from None


def syntax_error(text: str) -> SourceSyntaxError | None:
    """The file's first syntax error as the compiler reports it, or None if it compiles."""
    bom = text.startswith("\ufeff")  # a decoded file may keep it; the compiler refuses it
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(text[1:] if bom else text)
    except SyntaxError as error:
        line = max((error.lineno or 1) - 1, 0)
        column = max((error.offset or 1) - 1, 0) + (1 if bom and line == 0 else 0)
        lines = split_lines(text)
        length = len(lines[line]) if line < len(lines) else 0
        column = min(column, max(length - 1, 0))
        span = Span(Position(line, column), Position(line, min(column + 1, length)))
        return SourceSyntaxError(f"cannot parse file: {error.msg}", span)
    except (ValueError, RecursionError, MemoryError) as error:
        return SourceSyntaxError(f"cannot parse file: {error}", _span(0, 0))
    return None


def _span(line: int, column: int) -> Span:
    return Span(Position(line, column), Position(line, column + 1))
