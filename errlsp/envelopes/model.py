"""The values an error body is read into: ``ApiError`` and ``DecodedBody``.

They are plain frozen dataclasses so every layer above (analysis, the pytest plugin, the
server) can compare, hash and print them without knowing which dialect produced them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

DIALECTS: tuple[str, ...] = (
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
"""Every envelope dialect, in documentation order. ``flat`` covers bodies whose error
members sit at the top level: ``{"code", "message"}``, OAuth 2 ``{"error", "error_description"}``,
Slack, JSend, FastAPI/pydantic ``{"detail": [...]}``, Laravel/Rails ``errors`` by field, and
Django REST framework field dicts (also with ``ErrorDetail`` codes), Flask-smorest/marshmallow
``errors`` by location, Litestar ``extra``. ``drf`` is drf-standardized-errors, ``aws-json`` the
AWS JSON protocols (``__type``, ``x-amzn-ErrorType``), ``s3-xml`` S3-style ``<Error><Code>``."""


class EnvelopeError(ValueError):
    """A programming error in a call to this package (an unknown dialect, a bad argument).

    Bad *bodies* never raise: they read as "no error" and ``decode_body`` says why.
    """


@dataclass(frozen=True)
class ApiError:
    """One error a response states, in any dialect.

    ``fields`` of an error with details also lists every field its details name, so a
    ``ResponseStatus`` whose ``Errors[0].FieldName`` is ``Name`` matches ``field="Name"``
    at the top level; each detail lists only its own.
    """

    code: str | None
    message: str | None
    fields: tuple[str, ...]
    status: int | None
    dialect: str
    details: tuple[ApiError, ...] = ()
    raw: Any = field(default=None, compare=False, repr=False)
    own: tuple[str, ...] | None = field(default=None, compare=False, repr=False)

    @property
    def own_fields(self) -> tuple[str, ...]:
        """The fields this error itself names, without those only its details name."""
        return self.fields if self.own is None else self.own

    def fields_for(self, code: str | None) -> tuple[str, ...]:
        """The fields named for ``code``: this error's own, plus those of every detail that
        states ``code`` or no code. A sibling error with another code (JSON:API, DRF) does
        not lend its field to this one."""
        found = list(self.own_fields)
        for detail in self.details:
            if detail.code is None or detail.code == code:
                found.extend(detail.fields_for(code))
        return unique(found)

    def codes(self) -> tuple[str, ...]:
        """This error's code, then every code among its details (depth first), each once."""
        return unique(error.code for error in self._walk() if error.code is not None)

    def all_fields(self) -> tuple[str, ...]:
        """Every field this error and its details name, each once, in order."""
        return unique(name for error in self._walk() for name in error.fields)

    def _walk(self) -> Iterator[ApiError]:
        pending: list[ApiError] = [self]
        while pending:
            error = pending.pop()
            yield error
            pending.extend(reversed(error.details))


@dataclass(frozen=True)
class DecodedBody:
    """A response body as text and, when it is JSON, as a value.

    ``content_type`` is the media type alone, lower-cased (``application/problem+json``),
    without parameters. ``json`` is None both for JSON ``null`` and for a body that is not
    JSON; ``error`` tells them apart.
    """

    json: Any | None
    text: str
    error: str | None
    content_type: str | None


def unique(items: Iterable[str]) -> tuple[str, ...]:
    """``items`` without repeats, first occurrence kept."""
    return tuple(dict.fromkeys(items))


def summarise(
    *,
    code: str | None,
    message: str | None,
    fields: Iterable[str],
    status: int | None,
    dialect: str,
    details: Iterable[ApiError] = (),
    raw: Any = None,
) -> ApiError:
    """An ``ApiError`` whose ``fields`` also name every field its ``details`` name."""
    parts = tuple(details)
    own = unique(fields)
    named = unique((*own, *(name for part in parts for name in part.all_fields())))
    return ApiError(code, message, named, status, dialect, parts, raw, own)
