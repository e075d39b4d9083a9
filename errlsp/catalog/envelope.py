"""``[catalog.envelope]``: where in an error body a catalog's API puts code, message and field.

Most APIs use a dialect errlsp knows (``envelope = "google"``). An API of its own shape is
described with RFC 6901 JSON Pointers instead::

    [catalog.envelope]
    code = "/result/errorCode"
    message = "/result/text"
    errors = "/result/problems"      # an array of nested errors, each read with
    errors_code = "/id"              # pointers relative to the item (defaults: /code,
    errors_field = "/param"          # /message, /field)

``dialect`` names a dialect to read first; the pointers add to or replace what it reads.
The catalog layer only validates and keeps the pointers; ``errlsp.envelopes`` reads and
writes bodies with them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

POINTER = re.compile(r"^(/([^~]|~[01])*)*$")
POINTER_KEYS = (
    "code",
    "message",
    "field",
    "errors",
    "errors_code",
    "errors_message",
    "errors_field",
)
ENVELOPE_KEYS = ("dialect", *POINTER_KEYS)


@dataclass(frozen=True, slots=True)
class EnvelopePaths:
    """The pointers of one ``[catalog.envelope]`` table; None where the table names none."""

    dialect: str | None = None
    code: str | None = None
    message: str | None = None
    field: str | None = None
    errors: str | None = None
    errors_code: str = "/code"
    errors_message: str = "/message"
    errors_field: str = "/field"

    @property
    def has_pointers(self) -> bool:
        return any(getattr(self, key) is not None for key in ("code", "message", "field", "errors"))


def read_envelope_table(
    table: Mapping[str, Any], dialects: tuple[str, ...], problem: Callable[[str, str], None]
) -> EnvelopePaths:
    """Validate ``table``; each problem is reported as ``problem(key, message)``."""
    values: dict[str, str] = {}
    for key, value in table.items():
        if key not in ENVELOPE_KEYS:
            problem(
                f"catalog.envelope.{key}",
                f"unknown key; expected one of {', '.join(ENVELOPE_KEYS)}",
            )
            continue
        if not isinstance(value, str):
            problem(f"catalog.envelope.{key}", f"expected a string, got {type(value).__name__}")
            continue
        if key == "dialect":
            if value not in dialects:
                problem("catalog.envelope.dialect", f"expected one of {', '.join(dialects)}")
                continue
        elif not POINTER.match(value):
            problem(
                f"catalog.envelope.{key}",
                f"expected a JSON Pointer (RFC 6901) such as '/detail/code', got {value!r}",
            )
            continue
        values[key] = value
    return EnvelopePaths(**values)
