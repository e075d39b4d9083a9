"""Error shapes particular to one web framework, for the ``flat`` reader.

Flask-smorest/webargs key ``errors`` by request location; Litestar lists validation errors in
``extra``; Django REST framework's ``get_full_details()`` gives ``{"message", "code"}`` per
message; Slack and others flag failure explicitly (``"ok": false``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from errlsp.envelopes.fields import field_names
from errlsp.envelopes.model import ApiError
from errlsp.envelopes.values import get, message_text, objects, text

_WEBARGS_LOCATIONS = frozenset(
    ("json", "query", "querystring", "form", "headers", "cookies", "files", "path", "view_args",
     "match_info", "json_or_form")
)  # fmt: skip


def says_failure(doc: Any) -> bool:
    """An explicit failure flag: Slack's ``"ok": false``, ``"success": false``,
    ``"error": true``; such a body is an error even when served with HTTP 200."""
    if not isinstance(doc, Mapping):
        return False
    for flag, failure in (("ok", False), ("success", False), ("error", True)):
        if isinstance(stated := get(doc, flag), bool):
            return stated is failure
    return False


def without_locations(errors: Any) -> Any:
    """webargs' ``{"json": {field: [...]}, "query": {...}}`` -> ``{field: [...], ...}``."""
    if (
        not isinstance(errors, Mapping)
        or not errors
        or not all(isinstance(key, str) and key in _WEBARGS_LOCATIONS for key in errors)
        or not all(isinstance(value, Mapping) for value in errors.values())
    ):
        return errors
    merged: dict[str, Any] = {}
    for value in errors.values():
        merged.update(value)
    return merged


def litestar_extra(extra: Any, status: int | None) -> list[ApiError]:
    """Litestar's validation ``extra``: ``[{"message", "key", "source"}]``."""
    return [
        ApiError(
            text(get(item, "code")),
            message_text(get(item, "message")),
            field_names(get(item, "key")),
            status,
            "flat",
            raw=item,
        )
        for item in objects(extra)
        if get(item, "key") is not None or get(item, "message")
    ]


def is_full_detail(value: Any) -> bool:
    return (
        isinstance(value, Mapping)
        and isinstance(value.get("message"), str)
        and isinstance(value.get("code"), str)
    )
