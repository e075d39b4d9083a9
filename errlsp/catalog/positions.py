"""Line numbers for keys of catalog files, which ``tomllib`` and ``json`` do not report.

Errors and go-to-definition need ``file:line``. A light line scan is enough because the
shape is fixed: one ``[catalog]`` table and an array of ``[[codes]]`` tables (TOML), or one
object per code carrying a ``"code"`` key (JSON). If the scan misses, the entry line is used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_TOML_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\"-]+)\s*\]\]?\s*(#.*)?$")
_TOML_KEY = re.compile(r"^\s*\"?([A-Za-z0-9_-]+)\"?\s*=")
_JSON_KEY = re.compile(r"\"([A-Za-z0-9_-]+)\"\s*:")


@dataclass
class KeyLines:
    """1-based lines of keys: top level, in the catalog table, and in each code entry."""

    top_keys: dict[str, int] = field(default_factory=dict)
    catalog_keys: dict[str, int] = field(default_factory=dict)
    entries: list[dict[str | None, int]] = field(default_factory=list)

    def top(self, key: str) -> int | None:
        return self.top_keys.get(key)

    def catalog(self, key: str) -> int | None:
        return self.catalog_keys.get(key, self.top_keys.get("catalog"))

    def entry(self, index: int, key: str | None) -> int | None:
        if index >= len(self.entries):
            return None
        keys = self.entries[index]
        return keys.get(key, keys.get(None))


def toml_key_lines(text: str) -> KeyLines:
    lines = KeyLines()
    target: dict[str | None, int] | dict[str, int] = lines.top_keys
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TOML_HEADER.match(line)
        if header:
            name = header.group(1).strip('"')
            lines.top_keys.setdefault(name, number)
            if name == "codes":
                lines.entries.append({None: number})
                target = lines.entries[-1]
            elif name == "catalog":
                target = lines.catalog_keys
            else:
                target = {}
            continue
        key = _TOML_KEY.match(line)
        if key:
            target.setdefault(key.group(1), number)
    return lines


def json_key_lines(text: str) -> KeyLines:
    """Scan JSON: each ``"code":`` after the ``"codes"`` key opens a new entry."""
    lines = KeyLines()
    in_codes = False
    for number, line in enumerate(text.splitlines(), start=1):
        for match in _JSON_KEY.finditer(line):
            key = match.group(1)
            if key == "codes":
                in_codes = True
                lines.top_keys.setdefault(key, number)
            elif key == "catalog" and not in_codes:
                lines.top_keys.setdefault(key, number)
            elif in_codes and key == "code":
                lines.entries.append({None: number, "code": number})
            elif in_codes and lines.entries:
                lines.entries[-1].setdefault(key, number)
            elif not in_codes:
                lines.catalog_keys.setdefault(key, number)
    return lines
