"""Value types of the analysis: positions, references found in source, and findings.

Positions are 0-based lines and 0-based columns counted in Unicode code points, the natural
unit of a Python ``str``; conversion to UTF-16 or UTF-8 happens only at the LSP edge.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class Position:
    line: int
    character: int


@dataclass(frozen=True, slots=True)
class Span:
    start: Position
    end: Position

    def contains(self, position: Position) -> bool:
        return self.start <= position <= self.end

    def moved(self, lines: int) -> Span:
        """The same columns ``lines`` further down."""
        if lines == 0:
            return self
        return Span(
            Position(self.start.line + lines, self.start.character),
            Position(self.end.line + lines, self.end.character),
        )

    @staticmethod
    def of(line: int, start: int, end_line: int, end: int) -> Span:
        return Span(Position(line, start), Position(end_line, end))


# Context kinds, from most to least specific about naming the API.
KINDS = (
    "helper",
    "exception",
    "comparison",
    "membership",
    "match",
    "binding",
    "raises-match",
    "constant",
)


@dataclass(frozen=True, slots=True)
class CodeReference:
    """A string literal in an error-code context, and what the code around it says.

    ``names_api`` is true where the context can only mean an API error code (our helpers,
    configured accessors and exception classes, an explicit catalog); elsewhere an
    undocumented literal that resembles no documented code is someone else's code.
    ``catalogs`` are the catalogs the code names for it, most specific first: a call's
    ``catalog=``, else the test's ``errcodes`` marker, else the file's ``# errlsp: catalog=``.
    ``strict`` is a helper call's ``strict=`` argument (``False`` allows undocumented codes).
    ``symbol`` is set for a use of a constant: ``code`` is then the constant's value and the
    span is the name's, and the code's spelling is checked where it is defined, not here.
    """

    code: str
    span: Span
    inner: Span
    kind: str
    names_api: bool
    status: int | None = None
    field: tuple[str, ...] | None = None
    catalogs: tuple[str, ...] = ()
    strict: bool | None = None
    symbol: str | None = None  # a use of a constant (``ErrorCode.ITEM_NOT_FOUND``), resolved

    @property
    def catalog(self) -> str | None:
        """The first catalog the code names for this reference, if any."""
        return self.catalogs[0] if self.catalogs else None

    def moved(self, lines: int) -> CodeReference:
        """The same reference ``lines`` further down (chunks and blocks are parsed alone)."""
        if lines == 0:
            return self
        # (Constructed, not ``dataclasses.replace``d: the server moves thousands per edit.)
        return CodeReference(
            self.code,
            self.span.moved(lines),
            self.inner.moved(lines),
            self.kind,
            self.names_api,
            self.status,
            self.field,
            self.catalogs,
            self.strict,
            self.symbol,
        )


@dataclass(frozen=True, slots=True)
class Fix:
    """A machine-applicable edit: replace ``span`` with ``replacement``.

    ``safe`` fixes are applied by ``errlsp check --fix`` and preferred in editors; the others
    are suggestions (``--unsafe-fixes``, a quick fix the user picks), as in ruff.
    """

    title: str
    span: Span
    replacement: str
    safe: bool = True


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: str
    message: str
    span: Span
    code: str | None = None
    catalog: str | None = None
    suggestions: tuple[str, ...] = ()
    fix: Fix | None = None

    def moved(self, lines: int) -> Finding:
        """The same finding ``lines`` further down, its fix included."""
        if lines == 0:
            return self
        fix = self.fix
        if fix is not None:
            fix = Fix(fix.title, fix.span.moved(lines), fix.replacement, fix.safe)
        return Finding(
            self.rule,
            self.severity,
            self.message,
            self.span.moved(lines),
            self.code,
            self.catalog,
            self.suggestions,
            fix,
        )
