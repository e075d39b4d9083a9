"""What a file says about all of its references: helper aliases, catalogs named for its code.

Three things in a file change how references elsewhere in it are read:
- ``from pytest_errcodes import assert_api_error as expect`` makes ``expect(...)`` a helper;
- ``# errlsp: catalog=NAME`` names the catalog of every reference in the file;
- ``@pytest.mark.errcodes(catalog="NAME")`` on a test function or class (or a module-level
  ``pytestmark = pytest.mark.errcodes(...)``) names the catalogs of the references in that
  test, exactly as the pytest plugin reads them for its assertions.
A call's own ``catalog=`` beats the marker, which beats the file comment, which beats the
configured scope. The server analyses a document by chunks, so the file-wide parts are read
once from the whole text (``file_wide``), the markers from each chunk (a decorated function
or class never spans two chunks).
"""

from __future__ import annotations

import ast
import re
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace

from errlsp.analysis.contexts import Contexts, file_catalog
from errlsp.analysis.scan import SourceMap, line_bounds_with

_MARKER = re.compile(r"^[ \t]*@[ \t]*(?:pytest[ \t]*\.[ \t]*)?mark[ \t]*\.[ \t]*errcodes\b", re.M)
_PYTESTMARK = re.compile(r"^pytestmark[ \t]*(?::[^=\n]*)?=", re.M)


@dataclass(frozen=True, slots=True)
class MarkedRange:
    """Physical lines ``first..last`` of a test function or class and the catalogs it names."""

    first: int
    last: int
    catalogs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Directives:
    """A file's directives; ``contexts`` includes the file's helper aliases."""

    contexts: Contexts
    file_catalog: str | None = None
    module_marker: tuple[str, ...] = ()
    marked: tuple[MarkedRange, ...] = ()
    # Names the whole file imports (for constants used in a chunk); None: read them from the
    # text being analysed when a constant is used there.
    imports: Mapping[str, str] | None = None

    @property
    def key(self) -> tuple[object, ...]:
        """The file-wide part, for cache keys: a chunk's result depends on it."""
        return (self.contexts.key, self.file_catalog, self.module_marker)

    def catalogs_at(self, line: int) -> tuple[str, ...]:
        """Catalogs named for code on ``line``: innermost marker, module marker, file comment."""
        best: MarkedRange | None = None
        for marked in self.marked:
            if marked.first <= line <= marked.last and (best is None or marked.first > best.first):
                best = marked
        if best is not None:
            return best.catalogs
        if self.module_marker:
            return self.module_marker
        return (self.file_catalog,) if self.file_catalog else ()

    def for_part(self, text: str, source: SourceMap | None = None) -> Directives:
        """These file-wide directives with the markers of ``text``, a chunk of the file."""
        return replace(self, marked=_marked_ranges(text, source))


def directives(
    text: str, contexts: Contexts, source: SourceMap | None = None, *, aliased: bool = False
) -> Directives:
    """Every directive of a whole file (``source`` is its scan, when the caller has one);
    ``aliased``: ``contexts`` already hold the file's helper aliases."""
    if not aliased:
        contexts = contexts.with_aliases(text)
    if "errcodes" not in text:  # (both marker forms name it: one search, not two)
        return Directives(contexts, file_catalog(text))
    return Directives(
        contexts, file_catalog(text), _module_marker(text), _marked_ranges(text, source)
    )


def catalogs_named_at(text: str, line: int, contexts: Contexts) -> tuple[str, ...]:
    """The catalogs a marker, ``pytestmark`` or the file comment names for ``line``."""
    return catalog_directives(text, contexts).catalogs_at(line)


def catalog_directives(text: str, contexts: Contexts) -> Directives:
    """The directives that name catalogs (file comment, module and test markers), for
    ``catalogs_at``; ``contexts`` is kept as given.

    Completion asks on every keystroke, so helper aliases (which this does not need) are
    not looked for: in a 10,000-line file that search cost more than the rest.
    """
    if "errcodes" not in text:  # (both marker forms name it; most files never do)
        return Directives(contexts, file_catalog(text))
    return Directives(
        contexts, file_catalog(text), _module_marker(text), _marked_ranges(text, None)
    )


def file_wide(text: str, contexts: Contexts) -> Directives:
    """The directives that hold for the whole file, without per-test markers."""
    return Directives(contexts.with_aliases(text), file_catalog(text), _module_marker(text))


def _marked_ranges(text: str, source: SourceMap | None) -> tuple[MarkedRange, ...]:
    if "errcodes" not in text:  # (both marker forms name it; most files never do)
        return ()
    found = list(_line_matches(_MARKER, text, "errcodes"))
    if not found:
        return ()
    source = source or SourceMap(text)
    ranges = []
    for match in found:
        line = source.line_at(match.start())
        decorator = source.logical_of(line)
        catalogs = _marker_catalogs(_logical_text(source, decorator.first, decorator.last))
        extent = source.decorated_extent(line)
        if catalogs and extent is not None:
            ranges.append(MarkedRange(decorator.first, extent[1], catalogs))
    return tuple(ranges)


def _module_marker(text: str) -> tuple[str, ...]:
    if "errcodes" not in text or "pytestmark" not in text:
        return ()
    found = next(_line_matches(_PYTESTMARK, text, "pytestmark"), None)
    if found is None:
        return ()
    source = SourceMap(text)
    statement = source.logical_of(source.line_at(found.start()))
    assignment = _logical_text(source, statement.first, statement.last)
    return _marker_catalogs(assignment.partition("=")[2])


def _line_matches(pattern: re.Pattern[str], text: str, word: str) -> Iterator[re.Match[str]]:
    """``pattern`` (anchored at a line start) on the lines holding ``word``, in order.

    The same matches as ``pattern.finditer(text)``, but a ``^`` pattern with ``re.M`` tries
    every position of the text, and this is asked on every completion: a test module that
    imports ``pytest_errcodes`` names the word once, at the top.
    """
    for line_start, _ in line_bounds_with(text, word):
        found = pattern.match(text, line_start)
        if found is not None:
            yield found


def _logical_text(source: SourceMap, first: int, last: int) -> str:
    return "\n".join(source.lines[first : last + 1]).strip()


def _marker_catalogs(expression: str) -> tuple[str, ...]:
    """Catalog names from ``@pytest.mark.errcodes(...)`` text, read as data, never run."""
    expression = expression.strip().lstrip("@").split("#", 1)[0].strip()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(expression, mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return ()
    calls = tree.elts if isinstance(tree, (ast.List, ast.Tuple)) else [tree]
    for call in calls:
        if not isinstance(call, ast.Call) or not _is_errcodes(call.func):
            continue
        value = call.args[0] if call.args else None
        for keyword in call.keywords:
            if keyword.arg == "catalog":
                value = keyword.value
        return _names(value)
    return ()


def _is_errcodes(func: ast.expr) -> bool:
    return isinstance(func, ast.Attribute) and func.attr == "errcodes"


def _names(value: ast.expr | None) -> tuple[str, ...]:
    if isinstance(value, ast.Constant) and isinstance(value.value, str) and value.value:
        return (value.value,)
    if isinstance(value, (ast.List, ast.Tuple)):
        names = [element.value for element in value.elts if isinstance(element, ast.Constant)]
        if names and all(isinstance(name, str) and name for name in names):
            return tuple(str(name) for name in names)
    return ()


__all__ = [
    "Directives",
    "MarkedRange",
    "catalog_directives",
    "catalogs_named_at",
    "directives",
    "file_wide",
]
