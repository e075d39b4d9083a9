"""Find the error codes in a documentation page, whatever format it was read from.

The rules follow how API error pages are written:

- a table with a code column (and a message/description column) lists codes, one listing per
  row, in page order; a code listed twice is kept twice (the catalog keeps both messages);
- a vertical key/value table (a row per property: ``Error | bad_digest``, ``Message | ...``;
  a record per code, records separated by blank rows or by the next code row) lists one code
  per record, as Box's guide does;
- headings that are codes (``#### item_name_in_use``), each followed by a paragraph, list a
  code per heading when the page has at least two of them;
- a heading "400 Bad Request" puts the codes listed under it at that status, until the next
  heading of the same or a higher level (in plain text, any other heading); a "4xx" heading
  ends the status of the heading before it;
- a table of HTTP statuses ("Status Code | Name | Description") lists the API-wide error
  statuses; 1xx-3xx rows are success codes and are left out;
- a parameter table ("Parameter | Type | Description") or the example envelope names the key
  that carries the invalid field (``FieldName``); a code whose text names that key carries it;
- the example error body (or a ``ResponseStatus`` object described in the text) gives the
  envelope dialect.

One inference goes beyond transcription, and is marked as such in the file: a code with no
status whose name *is* the reason phrase of a documented status (``FORBIDDEN`` and the
"403 Forbidden" row) gets that status.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from http import HTTPStatus

from errlsp.importers.dialects import body_dialect
from errlsp.importers.document import Document, Heading, Prose, Row, Sample, Table
from errlsp.importers.model import ImportedCatalog, ImportedCode, SkippedItem, case_of
from errlsp.importers.text import column_role, status_heading

_CODE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.:/\-]*$")
_STATUS_NUMBER = re.compile(r"(?<!\d)([1-5]\d\d)(?!\d)")
_FIELD_KEY_HINTS = ("field", "target", "pointer", "param")
_QUOTES = "`'\"‘’“”"
_STATUS_CLASS = re.compile(r"[1-5][xX]{2}(\s+\S.*)?")
_HEADING_CODE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[_.\-][A-Za-z0-9]+)+|[A-Z][A-Z0-9]{2,}")


@dataclass
class _StatusRow:
    status: int
    phrase: str
    where: str


@dataclass
class _Scan:
    """What has been read so far while walking the page top to bottom."""

    result: ImportedCatalog
    status: int | None = None
    status_level: int | None = None
    section: str | None = None
    status_rows: dict[int, _StatusRow] = field(default_factory=dict)
    field_keys: list[str] = field(default_factory=list)
    parameters: list[str] = field(default_factory=list)
    heading_statuses: list[int] = field(default_factory=list)
    code_headings: list[ImportedCode] = field(default_factory=list)
    open_heading: ImportedCode | None = None  # a code heading still waiting for its paragraph


def catalog_from_document(document: Document) -> ImportedCatalog:
    """Every code listing, status and hint the page holds, in page order."""
    result = ImportedCatalog(origin=document.path, title=document.title, source=document.source)
    result.skipped.extend(document.skipped)
    scan = _Scan(result)
    samples: list[Sample] = []
    prose: list[str] = []
    for block in document.blocks:
        if isinstance(block, Heading):
            _on_heading(scan, block)
            _code_heading(scan, document, block)
        elif isinstance(block, Table):
            scan.open_heading = None
            _on_table(scan, document, block)
        elif isinstance(block, Sample):
            samples.append(block)
        elif isinstance(block, Prose):
            prose.append(block.text)
            if scan.open_heading is not None:
                scan.open_heading.message = " ".join(block.text.split())
                scan.open_heading = None
    if len(scan.code_headings) >= 2:
        result.codes.extend(scan.code_headings)
    _drop_case_outliers(result)
    _envelope(scan, document, samples, prose)
    _fields(scan, samples)
    _statuses_from_phrases(scan)
    _unify_statuses(result)
    listed = [row.status for row in scan.status_rows.values() if row.status >= 400]
    result.statuses = tuple(
        sorted(
            set(listed)
            | {s for s in scan.heading_statuses if s >= 400}
            | {s for code in result.codes for s in code.statuses}
        )
    )
    result.case = case_of(result.distinct_codes())
    return result


def _on_heading(scan: _Scan, heading: Heading) -> None:
    if _STATUS_CLASS.fullmatch(heading.text.strip()):  # "## 4xx": a range, not one status
        scan.status, scan.status_level, scan.section = None, heading.level, heading.text
        return
    grouped = status_heading(heading.text)
    if grouped is not None:
        scan.status, scan.status_level, scan.section = grouped[0], heading.level, heading.text
        scan.heading_statuses.append(grouped[0])
        return
    if scan.status is None:
        return
    if heading.level is None or scan.status_level is None or heading.level <= scan.status_level:
        scan.status = scan.status_level = scan.section = None


def _code_heading(scan: _Scan, document: Document, heading: Heading) -> None:
    """``#### item_name_in_use`` followed by a paragraph: a code with that message."""
    scan.open_heading = None
    text = clean_code(heading.text)
    if heading.level is None or not _HEADING_CODE.fullmatch(text):
        return
    listing = ImportedCode(
        code=text,
        statuses=(scan.status,) if scan.status is not None else (),
        where=document.where(heading.line),
        row=heading.text,
        section=scan.section,
    )
    scan.code_headings.append(listing)
    scan.open_heading = listing


def _on_table(scan: _Scan, document: Document, table: Table) -> None:
    if _vertical_records(scan, document, table):
        return
    roles = [column_role(name) for name in table.header]
    code_column = _first(roles, "code")
    status_column = _first(roles, "status")
    if code_column is not None and _all_statuses(table, code_column):
        status_column, code_column = code_column, None  # "Code | Description" of HTTP codes
    if code_column is None:
        code_column = _column_of_codes(table, roles)
    if code_column is not None:
        _code_rows(scan, document, table, roles, code_column, status_column)
    elif status_column is not None:
        _status_rows(scan, document, table, roles, status_column)
    elif _first(roles, "parameter") is not None or "type" in roles:
        column = _first(roles, "parameter")
        column = 0 if column is None else column
        scan.parameters.extend(row.cells[column].strip(_QUOTES) for row in table.rows)
    elif table.rows:
        columns = " | ".join(table.header) or "none"
        scan.result.skipped.append(
            SkippedItem(
                document.where(table.line),
                f"table with columns {columns} has no code or HTTP status column; left out",
            )
        )


def _code_rows(
    scan: _Scan,
    document: Document,
    table: Table,
    roles: Sequence[str],
    code_column: int,
    status_column: int | None,
) -> None:
    message_column = _first(roles, "message")
    if message_column is None:
        others = [i for i, role in enumerate(roles) if i not in (code_column, status_column)]
        message_column = others[-1] if others else None
    listings: list[ImportedCode] = []
    for row in table.rows:
        where = document.where(row.line)
        raw = row.cells[code_column] if code_column < len(row.cells) else ""
        code = clean_code(raw)
        if not code or not _CODE.match(code):
            shown = raw.strip() or "(empty)"
            why = f'"{shown}" in the {table.header[code_column]} column is not a code'
            scan.result.skipped.append(
                SkippedItem(where, why + " (a code is one word); row left out")
            )
            continue
        statuses: tuple[int, ...] = (scan.status,) if scan.status is not None else ()
        notes: list[str] = []
        if status_column is not None and status_column < len(row.cells):
            cell = row.cells[status_column]
            found = tuple(sorted({int(n) for n in _STATUS_NUMBER.findall(cell)}))
            if found:
                statuses = found
            elif cell.strip():
                notes.append(f'status cell "{cell.strip()}" is not an HTTP status; left out')
        message = None
        if message_column is not None and message_column < len(row.cells):
            message = row.cells[message_column].strip() or None
        listing = ImportedCode(
            code=code,
            statuses=statuses,
            message=message,
            where=where,
            row=row.text or " | ".join(row.cells),
            section=scan.section,
            notes=notes,
        )
        listings.append(listing)
    scan.result.codes.extend(listings)


def _vertical_records(scan: _Scan, document: Document, table: Table) -> bool:
    """Read a vertical key/value table (a row per property, a record per code), if it is one.

    It is one when its first column holds only property names (``Error``, ``Message``,
    ``Solution``, ``Status``) and one of them names the code; its header is blank or is itself
    the first property row. Records start at each code row.
    """
    rows = list(table.rows)
    header_is_row = bool(table.header) and column_role(table.header[0]) == "code"
    if header_is_row and len(table.header) >= 2 and column_role(table.header[1]) != "":
        return False  # "Error | Description": an ordinary header
    if not header_is_row and any(cell.strip() for cell in table.header):
        return False
    if header_is_row:
        rows.insert(0, Row(table.line, table.header))
    labels = [
        row.cells[0].strip().rstrip(":") for row in rows if row.cells and row.cells[0].strip()
    ]
    if not labels or not any(column_role(label) == "code" for label in labels):
        return False
    if len(set(labels)) > 8 or any(len(label.split()) > 3 or "_" in label for label in labels):
        return False  # property names are a few words; a first column of codes is not that
    current: ImportedCode | None = None
    extra: list[str] = []

    def close() -> None:
        if current is not None:
            current.description = " ".join(extra) or None
            scan.result.codes.append(current)

    for row in rows:
        label = row.cells[0].strip().rstrip(":") if row.cells else ""
        value = " ".join(row.cells[1:]).strip() if len(row.cells) > 1 else ""
        role = column_role(label)
        where = document.where(row.line)
        if role == "code":
            close()
            current, extra = None, []
            code = clean_code(value)
            if not code or not _CODE.match(code):
                why = (
                    f'"{value or "(empty)"}" in the {label} row is not a code (a code is one word)'
                )
                scan.result.skipped.append(SkippedItem(where, why + "; record left out"))
                continue
            statuses = (scan.status,) if scan.status is not None else ()
            current = ImportedCode(
                code=code, statuses=statuses, where=where, row=value, section=scan.section
            )
        elif current is None or not value:
            continue
        elif role == "status":
            found = tuple(sorted({int(n) for n in _STATUS_NUMBER.findall(value)}))
            if found:
                current.statuses = found
        elif role == "message" and current.message is None:
            current.message = value
        else:
            extra.append(value)
    close()
    return True


def _drop_case_outliers(result: ImportedCatalog) -> None:
    """Drop a capitalised English word that a copied table swallowed ("Note: ...", "Last updated").

    Only when every other code follows one case convention: in an UPPER_CASE or snake_case
    catalog, "Last" is the page's footer, not a code.
    """

    def is_word(code: str) -> bool:
        return re.fullmatch(r"[A-Z][a-z]+", code) is not None

    shaped = [listing.code for listing in result.codes if not is_word(listing.code)]
    convention = case_of(shaped)
    if len(shaped) < 3 or convention == "mixed" or len(shaped) == len(result.codes):
        return
    kept: list[ImportedCode] = []
    for listing in result.codes:
        if not is_word(listing.code):
            kept.append(listing)
            continue
        row = listing.row or listing.code
        result.skipped.append(
            SkippedItem(
                listing.where or result.origin,
                f'"{row}" is not a code row: every other code is {convention} case; left out',
            )
        )
    result.codes = kept


def _status_rows(
    scan: _Scan,
    document: Document,
    table: Table,
    roles: Sequence[str],
    status_column: int,
) -> None:
    name_column = _first(roles, "name")
    message_column = _first(roles, "message")
    success: list[int] = []
    for row in table.rows:
        where = document.where(row.line)
        found = _STATUS_NUMBER.match(row.cells[status_column].strip())
        if found is None:
            shown = row.cells[status_column].strip() or "(empty)"
            why = f'"{shown}" is not an HTTP status; row of the status table left out'
            scan.result.skipped.append(SkippedItem(where, why))
            continue
        status = int(found.group(1))
        if status < 400:
            success.append(status)
            continue
        phrase = row.cells[name_column].strip() if name_column is not None else ""
        if not phrase and message_column is not None:
            phrase = _leading_phrase(status, row.cells[message_column])
        scan.status_rows[status] = _StatusRow(status, phrase, where)
    if success:
        listed = ", ".join(map(str, success))
        scan.result.skipped.append(
            SkippedItem(
                document.where(table.line),
                f"status table lists {listed}: success statuses, not errors; left out",
            )
        )


def _envelope(scan: _Scan, document: Document, samples: list[Sample], prose: list[str]) -> None:
    for sample in samples:
        try:
            body = json.loads(sample.text)
        except ValueError:
            continue
        dialect = body_dialect(body)
        if dialect is not None:
            scan.result.envelope = dialect
            scan.result.notes.append(
                f"envelope {dialect!r} from the example body at {document.where(sample.line)}"
            )
            return
    mentions_wrapper = any("ResponseStatus" in text for text in prose) or (
        "ResponseStatus" in scan.parameters
    )
    if mentions_wrapper and ("ErrorCode" in scan.parameters or "ErrorCode" in " ".join(prose)):
        scan.result.envelope = "response-status"
        scan.result.notes.append(
            "envelope 'response-status': the page describes ErrorCode in a ResponseStatus object"
        )
    elif any("application/problem+json" in text for text in prose):
        scan.result.envelope = "problem-json"
        scan.result.notes.append("envelope 'problem-json': the page names application/problem+json")


def _fields(scan: _Scan, samples: list[Sample]) -> None:
    """Mark codes whose documentation names the key that carries the invalid field."""
    keys = [name for name in scan.parameters if _is_field_key(name)]
    for sample in samples:
        try:
            body = json.loads(sample.text)
        except ValueError:
            continue
        keys.extend(key for key in _json_keys(body) if _is_field_key(key))
    keys = list(dict.fromkeys(keys))
    if not keys:
        return
    patterns = [(key, re.compile(rf"(?<![\w]){re.escape(key)}(?![\w])")) for key in keys]
    for listing in scan.result.codes:
        text = " ".join(part for part in (listing.message, listing.description) if part)
        for key, pattern in patterns:
            if pattern.search(text):
                listing.field = key
                break


def _statuses_from_phrases(scan: _Scan) -> None:
    """``FORBIDDEN`` with no status, and a "403 Forbidden" row: the code is that status's."""
    phrases = {_folded(row.phrase): row for row in scan.status_rows.values() if row.phrase}
    for listing in scan.result.codes:
        if listing.statuses:
            continue
        row = phrases.get(_folded(listing.code))
        if row is not None:
            listing.statuses = (row.status,)
            listing.notes.append(
                f'status {row.status} inferred: the status table row "{row.status} {row.phrase}" '
                f"({row.where}) has this code's name"
            )


def _unify_statuses(result: ImportedCatalog) -> None:
    """A code listed under two statuses gets both on every listing (the loader needs one set)."""
    union: dict[str, set[int]] = {}
    for listing in result.codes:
        if listing.statuses:
            union.setdefault(listing.code, set()).update(listing.statuses)
    for listing in result.codes:
        merged = tuple(sorted(union.get(listing.code, ())))
        if listing.statuses and merged != listing.statuses:
            listed = ", ".join(map(str, merged))
            listing.notes.append(f"listed under several statuses on the page: {listed}")
            listing.statuses = merged


def clean_code(text: str) -> str:
    """A code cell's code: without quotes, backticks and a trailing colon."""
    return text.strip().strip(_QUOTES + "*").strip().rstrip(":").strip(_QUOTES + "*")


def _first(roles: Sequence[str], role: str) -> int | None:
    return next((index for index, name in enumerate(roles) if name == role), None)


def _all_statuses(table: Table, column: int) -> bool:
    values = [row.cells[column].strip() for row in table.rows if column < len(row.cells)]
    values = [value for value in values if value]
    return bool(values) and all(re.fullmatch(r"[1-5]\d\d", value) for value in values)


def _column_of_codes(table: Table, roles: Sequence[str]) -> int | None:
    """A "Name" or untitled column that holds codes, as in "Code | Name | Description" tables
    whose "Code" is the HTTP status and whose "Name" is the error code (``INVALID_ARGUMENT``)."""
    if "parameter" in roles or "type" in roles or not table.rows or len(table.header) < 2:
        return None
    for column, role in enumerate(roles):
        if role not in ("name", ""):
            continue
        values = [clean_code(row.cells[column]) for row in table.rows if column < len(row.cells)]
        coded = [v for v in values if _CODE.match(v) and ("_" in v or (v.isupper() and len(v) > 1))]
        if values and len(coded) * 2 > len(values):
            return column
    return None


def _leading_phrase(status: int, text: str) -> str:
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        return ""
    return phrase if text.strip().lower().startswith(phrase.lower()) else ""


def _folded(text: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", text.upper())


def _is_field_key(name: str) -> bool:
    folded = name.casefold()
    return any(hint in folded for hint in _FIELD_KEY_HINTS) and _CODE.match(name) is not None


def _json_keys(value: object) -> list[str]:
    if isinstance(value, dict):
        keys = [str(key) for key in value]
        for child in value.values():
            keys.extend(_json_keys(child))
        return keys
    if isinstance(value, list):
        return [key for item in value for key in _json_keys(item)]
    return []
