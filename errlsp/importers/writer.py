"""Write an import as a catalog file a person reviews and commits (CATALOG_FORMAT.md).

Rendered by hand rather than by a TOML library so the file reads like the built-in catalogs:
a comment saying where it came from and what to check, one ``[[codes]]`` table per listing in
source order, a divider per status heading, and a comment on every fact that was inferred
rather than read. Strings are TOML basic strings with every required escape.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable
from typing import Any

from errlsp.importers.model import ImportedCatalog, ImportedCode

_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}
_WIDTH = 100


def toml_string(value: str) -> str:
    """``value`` as a TOML basic string: quotes, backslashes and control characters escaped."""
    parts = ['"']
    for char in value:
        if char in _ESCAPES:
            parts.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            parts.append(f"\\u{ord(char):04X}")
        else:
            parts.append(char)
    parts.append('"')
    return "".join(parts)


def render_catalog(catalog: ImportedCatalog, *, name: str, title: str) -> str:
    """The catalog file text; ``name`` and ``title`` are required by the format."""
    lines = _preamble(catalog)
    lines.append("[catalog]")
    lines.append(f"name = {toml_string(name)}")
    lines.append(f"title = {toml_string(title)}")
    if catalog.source:
        lines.append(f"source = {toml_string(catalog.source)}")
    if catalog.envelope:
        lines.append(f"envelope = {toml_string(catalog.envelope)}")
    lines.append(f"case = {toml_string(catalog.case or 'mixed')}")
    if catalog.statuses:
        lines.append(f"statuses = {_statuses(catalog.statuses)}")
    if not catalog.complete:
        lines.append("complete = false")
    section: str | None = None
    for listing in catalog.codes:
        if listing.section != section and listing.section:
            lines.append("")
            lines.append(_divider(listing.section))
        section = listing.section
        lines.append("")
        lines.extend(_listing(listing))
    return "\n".join(lines) + "\n"


def render_catalog_json(catalog: ImportedCatalog, *, name: str, title: str) -> str:
    """The same catalog in the JSON form of the format (which has no comments)."""
    header: dict[str, Any] = {"name": name, "title": title}
    for key in ("source", "envelope"):
        if getattr(catalog, key):
            header[key] = getattr(catalog, key)
    header["case"] = catalog.case or "mixed"
    if catalog.statuses:
        header["statuses"] = list(catalog.statuses)
    if not catalog.complete:
        header["complete"] = False
    codes: list[dict[str, Any]] = []
    for listing in catalog.codes:
        numeric = listing.integer and listing.code.isdigit()
        entry: dict[str, Any] = {"code": int(listing.code) if numeric else listing.code}
        if listing.statuses:
            entry["status"] = (
                listing.statuses[0] if len(listing.statuses) == 1 else list(listing.statuses)
            )
        for key in ("message", "field", "group", "description", "deprecated"):
            if getattr(listing, key) is not None:
                entry[key] = getattr(listing, key)
        if listing.sources:
            entry["sources"] = list(listing.sources)
        codes.append(entry)
    document = {"catalog": header, "codes": codes}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _preamble(catalog: ImportedCatalog) -> list[str]:
    origin = catalog.origin or "its source"
    codes = len(catalog.distinct_codes())
    listings = len(catalog.codes)
    lines = [f"# Error-code catalog imported by `errlsp catalog import` from {origin}."]
    lines.extend(
        _comment(
            f"{codes} code{'' if codes == 1 else 's'} in {listings} "
            f"listing{'' if listings == 1 else 's'}, in the order the source lists them. "
            "Review before committing: messages keep the source's own wording, and a code "
            "listed more than once has one [[codes]] table per listing (errlsp merges them "
            "into message variants)."
        )
    )
    if catalog.notes:
        lines.append("#")
        lines.append("# Read from the source:")
        for note in catalog.notes:
            lines.extend(_comment(note, indent="#   - ", follow="#     "))
    if catalog.skipped:
        lines.append("#")
        lines.append(f"# Skipped ({len(catalog.skipped)}):")
        for item in catalog.skipped:
            lines.extend(_comment(str(item), indent="#   - ", follow="#     "))
    lines.append("")
    return lines


def _listing(listing: ImportedCode) -> list[str]:
    code = listing.code if listing.integer and listing.code.isdigit() else toml_string(listing.code)
    lines = ["[[codes]]", f"code = {code}"]
    for note in listing.notes:
        lines.extend(_comment(note))
    if listing.statuses:
        value = str(listing.statuses[0]) if len(listing.statuses) == 1 else None
        lines.append(f"status = {value or _statuses(listing.statuses)}")
    if listing.message is not None:
        lines.append(f"message = {toml_string(listing.message)}")
    for key in ("field", "group", "description", "deprecated"):
        value = getattr(listing, key)
        if value is not None:
            lines.append(f"{key} = {toml_string(value)}")
    if listing.sources:
        lines.append(f"sources = [{', '.join(toml_string(item) for item in listing.sources)}]")
    return lines


def _statuses(statuses: Iterable[int]) -> str:
    return "[" + ", ".join(str(status) for status in statuses) + "]"


def _divider(section: str) -> str:
    head = f"# --- {' '.join(section.split())} "
    return head + "-" * max(3, _WIDTH - len(head))


def _comment(text: str, indent: str = "# ", follow: str | None = None) -> list[str]:
    """``text`` as comment lines wrapped at 100 columns (long paths and words are not broken)."""
    return textwrap.wrap(
        " ".join(text.split()),
        width=_WIDTH,
        initial_indent=indent,
        subsequent_indent=follow if follow is not None else indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent.rstrip()]
