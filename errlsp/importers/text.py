"""Plain text pages, as copied from a browser: tables without markup, glued cells and all.

A copied table loses its cell borders. What is left is a header line made of column names
("Error Code Description", "Status Code Name Description") and rows whose cells are separated
by a tab, by two or more spaces, by one space, or by nothing at all: browsers often copy
``<td>cdr_start_date_invalid</td><td>The start date ...</td>`` as
``cdr_start_date_invalidThe start date ...`` and the header as ``CodeMessage``. The header tells
the columns and whether the rows are glued; each row is then split by the shape of its first
cells (a status is three digits; a code is one token, or the run of code characters before the
message's capital letter).

Two more layouts come from conversions: a pipe table flattened onto one line by text
extraction (``| Code | Description | |---|---| | a | ... | | b | ... |``), read when its header
cells are column names; and definition lists (a code on its own line, then ``: description``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from http import HTTPStatus

from errlsp.importers.document import Block, Document, Heading, Prose, Row, Sample, Table
from errlsp.importers.model import SkippedItem

# Column names a copied header line is made of, longest first so "Status Code" wins over
# "Status" and "Error Code" over "Error".
COLUMN_NAMES = (
    "HTTP Status Code",
    "HTTP Response Code",
    "HTTP Status",
    "HTTP Code",
    "Response Code",
    "Return Code",
    "Status Code",
    "Error Code",
    "Error Message",
    "Error Name",
    "Error Type",
    "ErrorCode",
    "Explanation",
    "Description",
    "Resolution",
    "Parameter",
    "Property",
    "Message",
    "Meaning",
    "Details",
    "Detail",
    "Status",
    "Reason",
    "Field",
    "Error",
    "Code",
    "Name",
    "Type",
    "Key",
)
_COLUMN = re.compile("|".join(re.escape(name) for name in COLUMN_NAMES), re.IGNORECASE)
_STATUS_LINE = re.compile(r"^\s*([1-5]\d\d)\s+(\S.{0,60}?)\s*$")
_JSON_START = ("{", "[")
_CODE_CHARS = re.compile(r"[A-Za-z0-9_.\-]+")


def parse_text(text: str, path: str) -> Document:
    """Split a plain text page into headings, tables, samples and prose."""
    document = Document(path=path)
    lines = text.splitlines()
    document.blocks, document.skipped = blocks_from_lines(lines, 1, path)
    document.title = next(
        (block.text for block in document.blocks if isinstance(block, Heading)), None
    )
    return document


def blocks_from_lines(
    lines: Sequence[str], first_line: int, path: str, *, headings: bool = True
) -> tuple[list[Block], list[SkippedItem]]:
    """Blocks of a run of text lines; ``first_line`` is the 1-based number of ``lines[0]``.

    Also used on Markdown paragraphs and HTML ``<pre>`` blocks, which may hold copied tables;
    there real headings are marked up, so ``headings=False`` takes only status headings
    ("400 Bad Request") from the text and leaves other short lines as prose.
    """
    blocks: list[Block] = []
    skipped: list[SkippedItem] = []
    index = 0
    count = len(lines)
    while index < count:
        line = lines[index].rstrip()
        number = first_line + index
        if not line.strip():
            index += 1
            continue
        flat = flattened_table(line)
        if flat is not None:
            columns, cell_rows = flat
            rows_of = tuple(Row(number, cells, " | ".join(cells)) for cells in cell_rows)
            blocks.append(Table(number, columns, rows_of))
            index += 1
            continue
        terms = _definitions(lines, index)
        if terms:
            rows_of = tuple(Row(first_line + at, cells) for at, cells in terms)
            blocks.append(Table(number, ("Code", "Description"), rows_of))
            index = terms[-1][0] + 1
            continue
        header = split_header(line)
        if header is not None:
            columns, glued = header
            rows: list[Row] = []
            index += 1
            while index < count and lines[index].strip():
                row_text = lines[index].strip()
                cells = split_row(row_text, columns, glued)
                if cells is None:
                    skipped.append(
                        SkippedItem(
                            f"{path}:{first_line + index}",
                            f"{_quote(row_text)} is not a row of the "
                            f"{' | '.join(columns)} table above it (expected "
                            f"{_expected_row(columns)})",
                        )
                    )
                else:
                    rows.append(Row(first_line + index, cells, row_text))
                index += 1
            blocks.append(Table(number, columns, tuple(rows)))
            continue
        if line.lstrip().startswith(_JSON_START):
            end = _sample_end(lines, index)
            blocks.append(Sample(number, "\n".join(lines[index : end + 1])))
            index = end + 1
            continue
        isolated = (index == 0 or not lines[index - 1].strip()) and (
            index + 1 >= count or not lines[index + 1].strip()
        )
        if status_heading(line) is not None or (
            headings and isolated and _looks_like_heading(line)
        ):
            blocks.append(Heading(number, line.strip()))
        else:
            blocks.append(Prose(number, line.strip()))
        index += 1
    return blocks, skipped


_SEPARATOR = re.compile(r":?-{3,}:?")
_DEFINITION = re.compile(r"^\s{0,3}:\s+(\S.*)$")
_TERM = re.compile(r"^`?[A-Za-z0-9_][A-Za-z0-9_.:/\-]*`?$")


def flattened_table(line: str) -> tuple[tuple[str, ...], list[tuple[str, ...]]] | None:
    """A pipe table that text extraction put on one line: its header and rows, or None.

    The header is the leading run of cells that are all column names (one naming a code or a
    status); the ``---`` delimiter cells and the empty cell where two rows were joined
    (``| a | b | | c | d |``) are dropped. None unless the rest splits into whole rows.
    """
    text = line.strip()
    if text.count("|") < 6 or not text.startswith("|"):
        return None
    cells = [cell.strip() for cell in text.strip("|").split("|")]
    width = 0
    while width < len(cells) and cells[width] and not _SEPARATOR.fullmatch(cells[width]):
        width += 1
    delimited = all(_SEPARATOR.fullmatch(cell) for cell in _after_blank(cells, width)[:width])
    named = [cell for cell in cells[:width] if column_role(cell)]
    roles = {column_role(cell) for cell in named}
    if width < 2 or not roles & {"code", "status"} or (not delimited and len(named) < width):
        return None
    position = width
    if position < len(cells) and not cells[position]:
        position += 1
    if all(_SEPARATOR.fullmatch(cell) for cell in cells[position : position + width]):
        position += width
    rows: list[tuple[str, ...]] = []
    while position < len(cells):
        if not cells[position] and len(cells) - position > width:
            position += 1  # where two rows were joined
        row = cells[position : position + width]
        if len(row) < width:
            if any(row):
                return None
            break
        rows.append(tuple(row))
        position += width
    return (tuple(cells[:width]), rows) if rows else None


def _after_blank(cells: Sequence[str], position: int) -> Sequence[str]:
    if position < len(cells) and not cells[position]:
        position += 1
    return cells[position:]


def _definitions(lines: Sequence[str], start: int) -> list[tuple[int, tuple[str, str]]]:
    """``code`` then ``: description`` lines (a Markdown definition list), from ``start``."""
    found: list[tuple[int, tuple[str, str]]] = []
    index = start
    while index + 1 < len(lines):
        term = lines[index].strip()
        definition = _DEFINITION.match(lines[index + 1])
        if not term or definition is None or not _TERM.match(term):
            break
        found.append((index, (term.strip("`"), definition.group(1).strip())))
        index += 2
        while index < len(lines) and not lines[index].strip():
            index += 1
    return found


def split_header(line: str) -> tuple[tuple[str, ...], bool] | None:
    """The column names of a copied table header, and whether they were glued together.

    ``"Error Code Description"`` -> (("Error Code", "Description"), False);
    ``"CodeMessage"`` -> (("Code", "Message"), True). None for anything that is not made only
    of two or more known column names.
    """
    text = line.strip().strip("|").strip()
    columns: list[str] = []
    glued = False
    position = 0
    while position < len(text):
        match = _COLUMN.match(text, position)
        if match is None:
            return None
        end = match.end()
        if end < len(text) and text[end].isalnum():
            if not text[end].isupper() or text[end - 1].isupper():
                return None  # "Codes", "CODEMESSAGE": a word, not two column names
            glued = True
        columns.append(match.group())
        position = end
        while position < len(text) and text[position] in " \t|":
            position += 1
    if len(columns) < 2:
        return None
    return tuple(columns), glued


def split_row(text: str, columns: Sequence[str], glued: bool) -> tuple[str, ...] | None:
    """A row's cells, one per column; None when the row cannot be split that way."""
    most = max(len(columns) - 1, 0)
    if "\t" in text:
        cells = [cell.strip() for cell in re.split(r"\t+", text, maxsplit=most)]
    elif re.search(r"\S {2,}\S", text):
        cells = [cell.strip() for cell in re.split(r" {2,}", text, maxsplit=most)]
    else:
        return _split_by_shape(text, columns, glued)
    while len(cells) < len(columns):
        cells.append("")
    return tuple(cells)


def _split_by_shape(text: str, columns: Sequence[str], glued: bool) -> tuple[str, ...] | None:
    """Split a row whose cells are separated by one space or nothing, column by column."""
    cells: list[str] = []
    rest = text
    previous_role = ""
    for position, column in enumerate(columns[:-1]):
        role = column_role(column)
        cell: str | None
        if role == "status":
            match = re.match(r"([1-5]\d\d)(?!\d)\s*", rest)
            cell, rest = (match.group(1), rest[match.end() :]) if match else (None, rest)
        elif role == "code" and position == 0:
            split = split_glued(rest) if glued else _split_token(rest)
            cell, rest = split if split else (None, rest)
        elif role == "name" and previous_role == "status" and cells:
            cell, rest = _split_phrase(int(cells[-1]), rest)
        else:
            split = _split_token(rest)
            cell, rest = split if split else (None, rest)
        if cell is None:
            return None
        cells.append(cell)
        previous_role = role
    cells.append(rest.strip())
    return tuple(cells)


def _split_token(text: str) -> tuple[str, str] | None:
    token, _, rest = text.strip().partition(" ")
    return (token, rest.strip()) if token else None


def _split_phrase(status: int, text: str) -> tuple[str, str]:
    """Split "Bad Request The server ..." after the status's reason phrase, when it is there."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        return "", text
    if text.lower().startswith(phrase.lower()):
        return text[: len(phrase)], text[len(phrase) :].strip()
    return "", text


def split_glued(text: str) -> tuple[str, str] | None:
    """Split ``code`` from ``message`` in a copied row where they may touch.

    ``cdr_start_date_invalidThe start ...`` -> ("cdr_start_date_invalid", "The start ...");
    ``unauthorizedAccess unauthorized`` -> ("unauthorized", "Access unauthorized");
    ``INVALID_FORMATThe format ...`` -> ("INVALID_FORMAT", "The format ...");
    ``invalid_filter_by_id The filter ...`` (a space after all) splits at the space.
    The message is taken to start at a capital letter followed by a lower-case one: snake_case
    and UPPER_CASE codes cannot contain that, so the first such place is the boundary; a
    camelCase code can, so there the last one in the first word is taken.
    """
    stripped = text.strip()
    token, space, rest = stripped.partition(" ")
    if not token or not _CODE_CHARS.match(token):
        return None
    starts = [
        index
        for index in range(1, len(token) - 1)
        if token[index].isupper() and token[index + 1].islower()
    ]
    if token[0].islower() or token[0].isdigit():
        if not token[0].isalnum():
            return None
        snake = any(mark in token for mark in "_.-") or not starts
        boundary = starts[0] if snake and starts else (starts[-1] if starts else len(token))
    elif token[0].isupper():
        boundary = starts[0] if starts else len(token)
        if boundary < 2:
            return None  # "Last updated: ...": prose, not a code
    else:
        return None
    code = token[:boundary]
    if not _CODE_CHARS.fullmatch(code):
        return None
    message = (token[boundary:] + space + rest).strip()
    return code, message


def column_role(name: str) -> str:
    """What a column holds: "status", "code", "message", "name", "type", "parameter" or ""."""
    folded = name.casefold().replace(" ", "")
    if folded in {"status", "statuscode", "httpstatus", "httpcode", "httpstatuscode"}:
        return "status"
    if folded in {"httpresponsecode", "responsecode", "returncode"}:
        return "status"
    if folded in {"code", "errorcode", "error", "errorname", "errortype"}:
        return "code"
    if folded in {"description", "message", "errormessage", "meaning", "explanation"}:
        return "message"
    if folded in {"details", "detail", "reason", "resolution"}:
        return "message"
    if folded in {"parameter", "field", "property", "key"}:
        return "parameter"
    if folded == "name":
        return "name"
    if folded == "type":
        return "type"
    return ""


def status_heading(text: str) -> tuple[int, str] | None:
    """``"400 Bad Request"`` -> (400, "Bad Request"): a heading that groups codes by status."""
    match = _STATUS_LINE.match(text)
    if match is None:
        return None
    status, phrase = int(match.group(1)), match.group(2).strip(" -–—:")
    try:
        known = HTTPStatus(status).phrase
    except ValueError:
        known = ""
    words = phrase.split()
    if phrase.casefold() == known.casefold() or (
        0 < len(words) <= 5 and not phrase.endswith(".") and all(w[:1].isupper() for w in words)
    ):
        return status, phrase
    return None


def _looks_like_heading(line: str) -> bool:
    text = line.strip()
    return len(text) <= 80 and not text.endswith((".", ":", ",", ";")) and len(text.split()) <= 10


def _sample_end(lines: Sequence[str], start: int) -> int:
    """The last line of a JSON sample starting at ``start``: where its brackets balance."""
    depth = 0
    in_string = False
    escaped = False
    for index in range(start, len(lines)):
        for char in lines[index]:
            if in_string:
                if escaped:
                    escaped = False
                elif char == "\\":
                    escaped = True
                elif char == '"':
                    in_string = False
            elif char == '"':
                in_string = True
            elif char in "{[":
                depth += 1
            elif char in "}]":
                depth -= 1
        if depth <= 0:
            return index
        if not lines[index].strip() and index > start:
            return index - 1  # a blank line ends a sample that never closes
    return len(lines) - 1


def _expected_row(columns: Sequence[str]) -> str:
    roles = [column_role(column) for column in columns]
    if roles and roles[0] == "status":
        return "a three-digit HTTP status first"
    return "a code followed by its " + (columns[-1].lower() if columns else "message")


def _quote(text: str, limit: int = 70) -> str:
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    return f'"{shown}"'
