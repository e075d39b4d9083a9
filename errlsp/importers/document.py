"""A documentation page reduced to what matters for error codes: headings, tables, samples, prose.

HTML, Markdown and plain text pages are read by different front ends (``html``, ``markdown``,
``text``), but the codes are found by one set of rules (``pages``) over this common shape, so a
page imports the same whatever format it was saved in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from errlsp.importers.model import SkippedItem


@dataclass(frozen=True)
class Heading:
    line: int
    text: str
    level: int | None = None  # 1-6 in HTML/Markdown; None in plain text (levels are unknown)


@dataclass(frozen=True)
class Row:
    line: int
    cells: tuple[str, ...]
    text: str = ""  # the row as the source shows it, when it is one line of text


@dataclass(frozen=True)
class Table:
    line: int
    header: tuple[str, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Sample:
    """A code block or example, e.g. the JSON error envelope a page shows."""

    line: int
    text: str


@dataclass(frozen=True)
class Prose:
    line: int
    text: str


Block = Heading | Table | Sample | Prose


@dataclass
class Document:
    path: str  # as shown in messages
    blocks: list[Block] = field(default_factory=list)
    title: str | None = None  # the page's own title (HTML <title>, first heading), if any
    source: str | None = None  # the page's canonical address, if it says
    skipped: list[SkippedItem] = field(default_factory=list)

    def where(self, line: int) -> str:
        return f"{self.path}:{line}"
