"""Which envelope dialect an example error body (or an error schema's shape) is written in.

A documentation page usually shows one example error response, and an OpenAPI spec describes
one; either is enough to pin the catalog's ``envelope`` so that tests parse responses the
documented way instead of guessing. The names are those of CATALOG_FORMAT.md.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

DIALECTS = (
    "response-status",
    "error-object",
    "problem-json",
    "json-api",
    "google",
    "graphql",
    "stripe",
)
# Keys only Stripe's error object has; "type" + "param" alone is also OpenAI's and Azure's.
_STRIPE_KEYS = frozenset({"decline_code", "doc_url", "charge", "payment_intent", "request_log_url"})


def guess_dialect(body: Any) -> str | None:
    """The dialect of an example error body, or None when it matches none of them."""
    if not isinstance(body, Mapping):
        return None
    return dialect_of_keys(body.keys(), lambda key: body.get(key))


def dialect_of_keys(keys: Collection[str], child: Any) -> str | None:
    """The dialect from top-level keys; ``child(key)`` gives a key's value (or its key set).

    Shared by example bodies (values) and schemas (``child`` returns the property names of a
    nested object schema, or a one-item list of them for an array of objects).
    """
    names = set(keys)
    if names & {"ResponseStatus", "responseStatus"}:
        return "response-status"
    errors = child("errors") if "errors" in names else None
    if isinstance(errors, list) and errors:
        first = _keys(errors[0])
        if "extensions" in first or {"message", "locations"} <= first or {"message", "path"} <= first:
            return "graphql"
        if first & {"status", "title", "detail", "source", "code"}:
            return "json-api"
    error = child("error") if "error" in names else None
    inner = _keys(error)
    if inner:
        if "status" in inner and ("details" in inner or "code" in inner) and "message" in inner:
            if "details" in inner or isinstance(_value(error, "code"), int):
                return "google"
        if inner & _STRIPE_KEYS:
            return "stripe"
        if "code" in inner:
            return "error-object"
    if {"type", "title"} <= names or {"title", "status", "detail"} <= names:
        return "problem-json"
    return None


def _keys(value: Any) -> set[str]:
    if isinstance(value, Mapping):
        return {str(key) for key in value}
    if isinstance(value, (set, frozenset)):
        return {str(key) for key in value}
    return set()


def _value(container: Any, key: str) -> Any:
    return container.get(key) if isinstance(container, Mapping) else None
