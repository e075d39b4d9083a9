"""Read catalog files (TOML, JSON) into ``Catalog`` values, with errors a person can act on.

Nothing in a catalog file is executed: TOML and JSON are data-only formats. Every problem is
collected (not just the first) and names the file, the line and the key, because a catalog is
edited by hand and a running language server must keep the last good one while the user fixes
the new one.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from errlsp.catalog.envelope import read_envelope_table
from errlsp.catalog.model import CASE_RULES, ENVELOPES, Catalog, ErrorCode, Location
from errlsp.catalog.positions import KeyLines, json_key_lines, toml_key_lines
from errlsp.problems import CatalogError, Problem
from errlsp.safeio import UnreadableFile, data_nesting_error, deep_input_error, read_text

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
CATALOG_KEYS = {
    "name": "a catalog name such as 'myapi' (lower case, digits, '-', '_', '.')",
    "title": "a string",
    "source": "a string",
    "description": "a string",
    "envelope": "a dialect name, or a [catalog.envelope] table of JSON Pointers",
    "case": "one of 'upper', 'lower', 'mixed'",
    "case_sensitive": "true or false",
    "statuses": "a list of HTTP statuses (integers 100-599)",
    "complete": "true or false (false: the documentation lists only some codes)",
}
CODE_KEYS = {
    "code": "a non-empty string without whitespace",
    "status": "an HTTP status (integer 100-599) or a list of them",
    "message": "a string",
    "messages": "a list of strings",
    "field": "the field this code names, such as 'Name'",
    "group": "a string",
    "description": "a string",
    "deprecated": "a string (the reason) or true",
    "sources": "a list of strings (where the code was imported from)",
}


def load_catalog(
    path: str | Path, *, builtin: bool = False, max_size: int | None = None
) -> Catalog:
    """Load a catalog file; ``.json`` is JSON, anything else TOML.

    Only a regular file of at most ``max_size`` bytes (default: ``safeio.LIMITS``) is read.
    """
    file = Path(path)
    try:
        text = read_text(file, "catalog", limit=max_size)
    except UnreadableFile as error:
        raise CatalogError([Problem(error.path, error.line, None, error.reason)]) from None
    return parse_catalog(text, str(file), builtin=builtin)


def parse_catalog(text: str, path: str, *, builtin: bool = False) -> Catalog:
    """Parse catalog text; the suffix of ``path`` picks the format. A BOM is ignored."""
    text = text.removeprefix("\ufeff")
    if path.endswith(".json"):
        data, lines = _decode_json(text, path), json_key_lines(text)
    else:
        data, lines = _decode_toml(text, path), toml_key_lines(text)
    deep = data_nesting_error(data, text)
    if deep is not None:
        raise CatalogError([_too_deep(path, deep)])
    return _CatalogReader(path, lines, builtin).read(data)


def _too_deep(path: str, located: tuple[int | None, str]) -> Problem:
    return Problem(path, located[0], None, located[1])


def _decode_toml(text: str, path: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"\(at line (\d+), column \d+\)", str(error))
        line = int(found.group(1)) if found else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        raise CatalogError([Problem(path, line, None, f"invalid TOML: {message}")]) from None
    except RecursionError:
        raise CatalogError([_too_deep(path, deep_input_error(text))]) from None


def _decode_json(text: str, path: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise CatalogError(
            [Problem(path, error.lineno, None, f"invalid JSON: {error.msg}")]
        ) from None
    except RecursionError:
        raise CatalogError([_too_deep(path, deep_input_error(text))]) from None
    except ValueError as error:  # e.g. a number too long to convert
        raise CatalogError([Problem(path, None, None, f"invalid JSON: {error}")]) from None


class _CatalogReader:
    """Validates decoded data key by key, collecting located problems."""

    def __init__(self, path: str, lines: KeyLines, builtin: bool) -> None:
        self.path = path
        self.lines = lines
        self.builtin = builtin
        self.problems: list[Problem] = []

    def problem(self, line: int | None, key: str | None, message: str) -> None:
        self.problems.append(Problem(self.path, line, key, message))

    def read(self, data: Any) -> Catalog:
        if not isinstance(data, Mapping):
            raise CatalogError(
                [Problem(self.path, 1, None, "expected a table/object at top level")]
            )
        for key in data:
            if key not in ("catalog", "codes"):
                self.problem(self.lines.top(key), key, "unknown key; expected 'catalog' or 'codes'")
        header = data.get("catalog")
        if not isinstance(header, Mapping):
            self.problem(1, "catalog", "missing [catalog] table with 'name' and 'title'")
            header = {}
        meta = self._read_header(header)
        codes = self._read_codes(data.get("codes", []), meta["name"])
        if self.problems:
            raise CatalogError(self.problems)
        return Catalog(codes=codes, path=self.path, builtin=self.builtin, **meta)

    def _read_header(self, header: Mapping[str, Any]) -> dict[str, Any]:
        line = self.lines.catalog
        for key in header:
            if key not in CATALOG_KEYS:
                expected = ", ".join(CATALOG_KEYS)
                self.problem(
                    line(key), f"catalog.{key}", f"unknown key; expected one of {expected}"
                )
        name = header.get("name")
        if not isinstance(name, str) or not NAME_PATTERN.match(name):
            self.problem(line("name"), "catalog.name", f"expected {CATALOG_KEYS['name']}")
            name = "unnamed"
        title = self._string(header, "title", line, "catalog.title") or name
        envelope_paths = None
        if isinstance(header.get("envelope"), Mapping):  # [catalog.envelope] table
            envelope_paths = read_envelope_table(
                header["envelope"],
                ENVELOPES,
                lambda key, message: self.problem(self.lines.top("catalog.envelope"), key, message),
            )
            envelope = envelope_paths.dialect
        else:
            envelope = self._string(header, "envelope", line, "catalog.envelope")
        if envelope is not None and envelope not in ENVELOPES:
            known = ", ".join(ENVELOPES)
            self.problem(line("envelope"), "catalog.envelope", f"expected one of {known}")
        case = header.get("case", "mixed")
        if case not in CASE_RULES:
            self.problem(line("case"), "catalog.case", f"expected {CATALOG_KEYS['case']}")
            case = "mixed"
        case_sensitive = header.get("case_sensitive", True)
        if not isinstance(case_sensitive, bool):
            self.problem(line("case_sensitive"), "catalog.case_sensitive", "expected true or false")
            case_sensitive = True
        statuses = self._statuses(header.get("statuses", []), line("statuses"), "catalog.statuses")
        complete = header.get("complete", True)
        if not isinstance(complete, bool):
            self.problem(line("complete"), "catalog.complete", "expected true or false")
            complete = True
        return {
            "is_complete": complete,
            "name": name,
            "title": title,
            "source": self._string(header, "source", line, "catalog.source"),
            "envelope": envelope,
            "envelope_paths": envelope_paths,
            "case": case,
            "case_sensitive": case_sensitive,
            "statuses": statuses,
        }

    def _read_codes(self, entries: Any, catalog: str) -> tuple[ErrorCode, ...]:
        if not isinstance(entries, list):
            self.problem(self.lines.top("codes"), "codes", "expected an array of [[codes]] tables")
            return ()
        merged: dict[str, dict[str, Any]] = {}
        for index, entry in enumerate(entries):
            where = f"codes[{index}]"
            if not isinstance(entry, Mapping):
                self.problem(self.lines.entry(index, None), where, "expected a table")
                continue
            parsed = self._read_entry(index, entry)
            if parsed is None:
                continue
            previous = merged.get(parsed["code"])
            if previous is None:
                merged[parsed["code"]] = parsed
            else:
                self._merge(previous, parsed, index)
        return tuple(
            ErrorCode(
                code=code,
                catalog=catalog,
                statuses=fields["statuses"] or (),
                messages=tuple(fields["messages"]),
                field=fields["field"],
                group=fields["group"],
                description=fields["description"],
                deprecated=fields["deprecated"],
                locations=tuple(fields["locations"]),
                integer=fields["integer"],
                sources=tuple(fields["sources"]),
            )
            for code, fields in merged.items()
        )

    def _read_entry(self, index: int, entry: Mapping[str, Any]) -> dict[str, Any] | None:
        def line(key: str | None) -> int | None:
            return self.lines.entry(index, key)

        code = entry.get("code")
        integer = isinstance(code, int) and not isinstance(code, bool) and code >= 0
        if integer:
            code = str(code)
        valid = isinstance(code, str) and code.strip() and not any(ch.isspace() for ch in code)
        where = f"codes[{index}] ({code})" if valid else f"codes[{index}]"
        for key in entry:
            if key not in CODE_KEYS:
                expected = ", ".join(CODE_KEYS)
                self.problem(
                    line(key), f"{where}.{key}", f"unknown key; expected one of {expected}"
                )
        if not valid or not isinstance(code, str):
            shown = "missing" if code is None else f"got {code!r}"
            self.problem(line("code"), f"{where}.code", f"expected {CODE_KEYS['code']} ({shown})")
            return None
        if "message" in entry and "messages" in entry:
            self.problem(line("messages"), where, "use either 'message' or 'messages', not both")
        messages: list[str] = []
        if "message" in entry:
            if isinstance(entry["message"], str):
                messages.append(entry["message"])
            else:
                self.problem(line("message"), f"{where}.message", "expected a string")
        if "messages" in entry:
            value = entry["messages"]
            if isinstance(value, list) and all(isinstance(item, str) for item in value):
                messages.extend(value)
            else:
                self.problem(line("messages"), f"{where}.messages", "expected a list of strings")
        raw_status = entry.get("status")
        statuses: tuple[int, ...] | None = None
        if raw_status is not None:
            listed = raw_status if isinstance(raw_status, list) else [raw_status]
            statuses = self._statuses(listed, line("status"), f"{where}.status")
        deprecated = entry.get("deprecated")
        if deprecated is True:
            deprecated = "deprecated"
        elif deprecated is False:
            deprecated = None
        elif deprecated is not None and not isinstance(deprecated, str):
            self.problem(line("deprecated"), f"{where}.deprecated", "expected a string or true")
            deprecated = None

        def text(key: str) -> str | None:
            return self._string(entry, key, line, f"{where}.{key}")

        sources = entry.get("sources", [])
        if not isinstance(sources, list) or not all(isinstance(item, str) for item in sources):
            self.problem(line("sources"), f"{where}.sources", "expected a list of strings")
            sources = []
        return {
            "integer": integer,
            "sources": list(sources),
            "code": code,
            "statuses": statuses,
            "messages": messages,
            "field": text("field"),
            "group": text("group"),
            "description": text("description"),
            "deprecated": deprecated,
            "locations": [Location(self.path, line(None) or 1)],
            "index": index,
        }

    def _merge(self, previous: dict[str, Any], new: dict[str, Any], index: int) -> None:
        """Repeated listings of one code add message variants; statuses must agree."""
        code = new["code"]
        if new["statuses"] is not None:
            if previous["statuses"] is not None and previous["statuses"] != new["statuses"]:
                first = previous["locations"][0].line
                self.problem(
                    self.lines.entry(index, "status"),
                    f"codes[{index}] ({code}).status",
                    f"duplicate code with a conflicting status: {list(new['statuses'])} here, "
                    f"{list(previous['statuses'])} at line {first}",
                )
            previous["statuses"] = new["statuses"]
        for message in new["messages"]:
            if message not in previous["messages"]:
                previous["messages"].append(message)
        for key in ("field", "group", "description", "deprecated"):
            if previous[key] is None:
                previous[key] = new[key]
        previous["locations"].extend(new["locations"])
        previous["sources"].extend(s for s in new["sources"] if s not in previous["sources"])

    def _statuses(self, value: Any, line: int | None, key: str) -> tuple[int, ...]:
        if not isinstance(value, list):
            value = [value]
        good: set[int] = set()
        for item in value:
            if isinstance(item, bool) or not isinstance(item, int) or not 100 <= item <= 599:
                self.problem(line, key, f"bad status number {item!r}: expected an integer 100-599")
            else:
                good.add(item)
        return tuple(sorted(good))

    def _string(self, table: Mapping[str, Any], key: str, line: Any, where: str) -> str | None:
        value = table.get(key)
        if value is None or isinstance(value, str):
            return value
        self.problem(line(key), where, f"expected a string, got {type(value).__name__}")
        return None
