"""The catalog's value types: a documented error code, and a whole API's catalog of them.

A ``Catalog`` is immutable once built and indexed for the four questions every adapter asks:
is this exact code documented, is it documented in another case, which codes start with what
the user typed, and which documented code did they probably mean.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from errlsp.catalog.envelope import EnvelopePaths
from errlsp.catalog.lookup import PrefixIndex, suggest_codes

CASE_RULES = ("upper", "lower", "mixed")
# Response dialects a catalog may pin. ``errlsp.envelopes.DIALECTS`` parses exactly these
# (a test holds the two equal); the catalog layer names them without importing envelopes.
ENVELOPES = (
    "response-status",
    "error-object",
    "problem-json",
    "json-api",
    "google",
    "graphql",
    "stripe",
    "drf",
    "aws-json",
    "s3-xml",
    "flat",
)


@dataclass(frozen=True, slots=True)
class Location:
    """Where a code is defined: a file and a 1-based line, as a human reads ``file:line``."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class ErrorCode:
    """One documented error code with everything its documentation says about it.

    ``statuses`` is empty when the documentation does not tie the code to a status; callers
    then fall back to the statuses the API documents overall (``Catalog.statuses_for``).
    ``messages`` keeps every variant in documentation order, because several APIs document
    one code with different messages and a test may meet any of them.
    """

    code: str
    catalog: str
    statuses: tuple[int, ...] = ()
    messages: tuple[str, ...] = ()
    field: str | None = None
    group: str | None = None
    description: str | None = None
    deprecated: str | None = None
    locations: tuple[Location, ...] = ()
    integer: bool = False  # documented as a number (Twilio's 20404); ``code`` is its decimal text
    sources: tuple[str, ...] = ()  # the imported sources that list it, when there were several

    @property
    def message(self) -> str:
        """The first documented message, or an empty string when none is documented."""
        return self.messages[0] if self.messages else ""

    @property
    def location(self) -> Location | None:
        """The first definition, the target of go-to-definition."""
        return self.locations[0] if self.locations else None


@dataclass(frozen=True)
class Catalog:
    """A documented set of error codes for one API.

    Build it with :func:`make_catalog` (or a loader) so that the lookup indexes exist;
    the dataclass fields describe the API, the private indexes answer questions fast.
    """

    name: str
    title: str
    codes: tuple[ErrorCode, ...]
    source: str | None = None
    envelope: str | None = None
    case: str = "mixed"
    case_sensitive: bool = True
    statuses: tuple[int, ...] = ()
    path: str | None = None
    builtin: bool = False
    # ``complete = false`` in the file: the documentation is known to list only some codes.
    # (Not ``complete``: that name is the prefix-completion method below.)
    is_complete: bool = True
    envelope_paths: EnvelopePaths | None = None  # [catalog.envelope] as a table
    _exact: dict[str, ErrorCode] = field(default_factory=dict, repr=False, compare=False)
    _folded: dict[str, ErrorCode] = field(default_factory=dict, repr=False, compare=False)
    _prefix: PrefixIndex = field(default_factory=PrefixIndex, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Indexes are built once here; the dataclass is frozen, so mutate the dicts in place.
        for entry in self.codes:
            self._exact[entry.code] = entry
            self._folded.setdefault(entry.code.casefold(), entry)
        self._prefix.build(entry.code for entry in self.codes)

    def __contains__(self, code: object) -> bool:
        return code in self._exact

    def __iter__(self) -> Iterator[ErrorCode]:
        return iter(self.codes)

    def __len__(self) -> int:
        return len(self.codes)

    def get(self, code: str) -> ErrorCode | None:
        return self._exact.get(code)

    def get_folded(self, code: str) -> ErrorCode | None:
        """The code documented under another case, for ``wrong-case`` reports."""
        return self._folded.get(code.casefold())

    def complete(self, prefix: str) -> list[ErrorCode]:
        """Codes starting with ``prefix`` (case-insensitive), in documentation order."""
        return [self._exact[code] for code in self._prefix.starting_with(prefix)]

    def suggest(self, code: str, limit: int = 3, *, cutoff: float | None = None) -> list[str]:
        """The few documented codes the user most probably meant; none for nonsense."""
        if cutoff is None:
            return suggest_codes(code, self._exact, limit=limit)
        return suggest_codes(code, self._exact, limit=limit, cutoff=cutoff)

    def typos_of(self, code: str) -> list[tuple[str, int]]:
        """Documented codes ``code`` is a typo of, with their edit counts (see ``lookup``)."""
        return self._prefix.typos_of(code)

    @property
    def records_fields(self) -> bool:
        """Whether this catalog says anything about fields (an enum import, say, does not)."""
        return any(entry.field is not None for entry in self.codes)

    def statuses_for(self, entry: ErrorCode) -> tuple[int, ...]:
        """The statuses a response carrying ``entry`` may have, per the documentation."""
        return entry.statuses or self.statuses

    def conforms_to_case(self, code: str) -> bool:
        """Whether ``code`` follows this catalog's case convention (shape of a code here)."""
        if self.case == "upper":
            return code == code.upper() and code != code.lower()
        if self.case == "lower":
            return code == code.lower() and code != code.upper()
        return True


@dataclass(frozen=True)
class CatalogSet:
    """The catalogs active for a file, in priority order."""

    catalogs: tuple[Catalog, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(catalog.name for catalog in self.catalogs)

    def __iter__(self) -> Iterator[Catalog]:
        return iter(self.catalogs)

    def __len__(self) -> int:
        return len(self.catalogs)

    def get(self, name: str) -> Catalog | None:
        for catalog in self.catalogs:
            if catalog.name == name:
                return catalog
        return None

    def lookup(self, code: str) -> list[ErrorCode]:
        return [entry for catalog in self.catalogs if (entry := catalog.get(code))]

    def lookup_folded(self, code: str) -> list[ErrorCode]:
        return [entry for catalog in self.catalogs if (entry := catalog.get_folded(code))]

    def suggest(self, code: str, limit: int = 3) -> list[str]:
        return suggest_codes(code, self._merged(), limit=limit)

    def suggest_scored(self, code: str, limit: int = 3) -> list[tuple[str, float]]:
        """Suggestions with their similarity (0-100), best first, the runner-up included."""
        return suggest_codes(code, self._merged(), limit=limit, scored=True)

    def _merged(self) -> dict[str, ErrorCode]:
        merged: dict[str, ErrorCode] = {}
        for catalog in self.catalogs:
            for entry in catalog.codes:
                merged.setdefault(entry.code, entry)
        return merged

    def complete(self, prefix: str) -> list[ErrorCode]:
        return [entry for catalog in self.catalogs for entry in catalog.complete(prefix)]

    def subset(self, names: Iterable[str]) -> CatalogSet:
        wanted = list(names)
        return CatalogSet(tuple(c for name in wanted for c in self.catalogs if c.name == name))

    def catalog_of(self, entry: ErrorCode) -> Catalog | None:
        return self.get(entry.catalog)

    @cached_property
    def has_integer_codes(self) -> bool:
        """Whether any catalog documents numeric codes (then int literals are references)."""
        return any(entry.integer for catalog in self.catalogs for entry in catalog.codes)

    def union(self, other: Iterable[Catalog]) -> CatalogSet:
        """These catalogs, then those of ``other`` not already here (by name)."""
        names = set(self.names)
        extra = tuple(catalog for catalog in other if catalog.name not in names)
        return CatalogSet(self.catalogs + extra) if extra else self

    def resolve(self, named: Sequence[str], scoped: CatalogSet) -> CatalogSet:
        """The catalogs one reference is checked against.

        Catalogs named in code (a call's ``catalog=``, a test's ``errcodes`` marker, a file's
        ``# errlsp: catalog=``) beat the file's scope when any of them is active; unknown
        names fall back to the scope. Every face asks this, so the rule lives only here.
        """
        if named:
            explicit = self.subset(named)
            if len(explicit):
                return explicit
        return scoped

    def documented(self, code: str) -> list[ErrorCode]:
        """Entries documenting ``code``: as written, or in another case where the catalog
        says case does not matter (``case_sensitive = false``)."""
        return self.lookup(code) or [
            entry
            for catalog in self.catalogs
            if not catalog.case_sensitive and (entry := catalog.get_folded(code)) is not None
        ]

    def statuses_of(self, entry: ErrorCode) -> tuple[int, ...]:
        """The statuses a response carrying ``entry`` may have: its own, else its API's."""
        catalog = self.catalog_of(entry)
        return catalog.statuses_for(entry) if catalog is not None else entry.statuses
