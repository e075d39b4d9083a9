"""Reader for RFC 9457 / RFC 7807 problem details (``application/problem+json``).

Problem documents are also how ASP.NET Core and Spring report validation errors, so
``errors`` is read both as RFC 9457's array and as ASP.NET's field-keyed object.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import islice
from typing import Any

from errlsp.envelopes.fields import field_names, names_from
from errlsp.envelopes.model import ApiError, summarise
from errlsp.envelopes.values import (
    MAX_ITEMS,
    get,
    members,
    message_text,
    objects,
    original,
    pick_status,
    status_of,
    text,
)


def read_problem_json(doc: Any, status: int | None) -> ApiError | None:
    """RFC 9457 / 7807 problem details. The code is an extension member (``code``,
    ``error_code``, ``errorCode``), never derived from ``type``: read ``raw["type"]`` for
    the problem type URI. The message is ``detail``, else ``title``, else ``message``."""
    if not isinstance(doc, Mapping):
        return None
    doc, whole = members(doc), original(doc)
    code = text(get(doc, "code", "error_code"))
    message = message_text(get(doc, "detail", "title", "message"))
    details = [*_problem_errors(get(doc, "errors"), status), *_invalid_params(doc, status)]
    stated = status_of(get(doc, "status"))
    if code is None and message is None and stated is None and not details:
        return None
    return summarise(
        code=code,
        message=message,
        fields=names_from(doc, "pointer", "field"),
        status=pick_status(status, stated),
        dialect="problem-json",
        details=details,
        raw=whole,
    )


def _problem_errors(errors: Any, status: int | None) -> list[ApiError]:
    """``errors`` as RFC 9457's ``[{"pointer", "detail"}]`` or ASP.NET's ``{field: [msg]}``."""
    if isinstance(errors, Mapping):
        return [
            ApiError(None, message, field_names(str(name)), status, "problem-json", raw=messages)
            for name, messages in islice(errors.items(), MAX_ITEMS)
            for message in _messages(messages)
        ]
    return [
        ApiError(
            text(get(item, "code", "error_code")),
            message_text(get(item, "detail", "message", "title", "reason")),
            names_from(item, "pointer", "field", "name", "property")
            + names_from(get(item, "source"), "pointer", "parameter"),
            status,
            "problem-json",
            raw=item,
        )
        for item in objects(errors)
    ]


def _invalid_params(doc: Mapping[str, Any], status: int | None) -> list[ApiError]:
    return [
        ApiError(
            text(get(item, "code")),
            message_text(get(item, "reason", "detail", "message")),
            names_from(item, "name"),
            status,
            "problem-json",
            raw=item,
        )
        for item in objects(get(doc, "invalid-params"))
    ]


def _messages(value: Any) -> list[str]:
    items = value[:MAX_ITEMS] if isinstance(value, (list, tuple)) else [value]
    return [item for item in items if isinstance(item, str)]
