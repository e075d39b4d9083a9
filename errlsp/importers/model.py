"""What an importer found: a catalog in the making, before it is written as a file.

Importers read documentation that was written for people, so they keep more than the catalog
file needs: where each listing came from (for comments a reviewer can check against the page),
which facts were inferred rather than read (so the file says so), and what could not be placed
(``SkippedItem``), because a partial import that hides its gaps is worse than none.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as _field


@dataclass(frozen=True)
class SkippedItem:
    """Something in the source that looked relevant but could not be placed in the catalog."""

    where: str  # "page.txt:135", "spec.yaml#/paths/~1users/get/responses/400"
    why: str

    def __str__(self) -> str:
        return f"{self.where}: {self.why}"


class ImportFailed(Exception):
    """The source holds nothing importable; ``str(error)`` is one line saying what was expected.

    ``skipped`` lists what was seen but could not be placed, which often explains why.
    """

    def __init__(self, message: str, skipped: list[SkippedItem] | None = None) -> None:
        super().__init__(message)
        self.skipped = list(skipped or [])


@dataclass
class ImportedCode:
    """One listing of a code, as the source shows it (a code listed twice is two listings)."""

    code: str
    statuses: tuple[int, ...] = ()
    message: str | None = None
    field: str | None = None
    group: str | None = None
    description: str | None = None
    deprecated: str | None = None
    where: str | None = None  # the listing's place in the source, for review
    row: str | None = None  # the listing as the source shows it, for messages about it
    section: str | None = None  # the heading it was listed under ("400 Bad Request")
    notes: list[str] = _field(default_factory=list)  # facts that were inferred, not read
    integer: bool = False  # the code is a number (written ``code = 20404``)
    sources: tuple[str, ...] = ()  # which imported sources list it, when there are several


@dataclass
class ImportedCatalog:
    """A whole import: the catalog header fields, every listing in source order, and the gaps."""

    name: str | None = None
    title: str | None = None
    source: str | None = None
    envelope: str | None = None
    case: str | None = None
    statuses: tuple[int, ...] = ()
    codes: list[ImportedCode] = _field(default_factory=list)
    skipped: list[SkippedItem] = _field(default_factory=list)
    notes: list[str] = _field(default_factory=list)  # catalog-wide facts that were inferred
    origin: str = ""  # the file it was imported from, as given
    complete: bool = True  # False: a source is known to list only part of the API's codes

    def distinct_codes(self) -> list[str]:
        """Each code once, in first-listing order."""
        return list(dict.fromkeys(entry.code for entry in self.codes))


def case_of(codes: list[str]) -> str:
    """The case convention the codes follow: "upper", "lower" or "mixed"."""
    cased = [code for code in codes if code.upper() != code.lower()]
    if cased and all(code == code.upper() for code in cased):
        return "upper"
    if cased and all(code == code.lower() for code in cased):
        return "lower"
    return "mixed"
