"""One reader per named envelope dialect: the whole JSON document in, an ``ApiError`` out.

Each reader returns None when the document does not hold its envelope, or holds it empty
(``"ResponseStatus": {}`` on a ServiceStack success). Readers are tolerant: members are
matched case- and underscore-insensitively, and a neighbouring dialect's spelling of the
same thing (``field`` beside ``source.pointer``) is read too. ``status`` is the response's
and wins over any status the body states. Problem details, Google and the top-level
``flat`` dialect need more words and have modules of their own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from errlsp.envelopes.fields import field_names, names_from, path_field
from errlsp.envelopes.model import ApiError, summarise
from errlsp.envelopes.values import (
    get,
    members,
    message_text,
    objects,
    original,
    pick_status,
    status_of,
    text,
)

_MAX_DEPTH = 16


def read_response_status(doc: Any, status: int | None) -> ApiError | None:
    """ServiceStack / Fone Dynamics ``{"ResponseStatus": {"ErrorCode", "Message", "Errors"}}``."""
    block = get(doc, "ResponseStatus")
    details = [
        ApiError(
            text(get(item, "ErrorCode")),
            message_text(get(item, "Message")),
            field_names(get(item, "FieldName")),
            status,
            "response-status",
            raw=item,
        )
        for item in objects(get(block, "Errors"))
    ]
    code, message = text(get(block, "ErrorCode")), message_text(get(block, "Message"))
    if code is None and message is None and not details:
        return None
    return summarise(
        code=code,
        message=message,
        fields=(),
        status=status,
        dialect="response-status",
        details=details,
        raw=block,
    )


def read_error_object(doc: Any, status: int | None) -> ApiError | None:
    """Microsoft REST guidelines / OData / VoipNow ``{"error": {"code", "message", "target"}}``.

    ``details[]`` are error objects themselves; each ``innererror`` level that has a code
    (more specific, by the guidelines) follows them as a detail.
    """
    return _error_object(get(doc, "error", "odata.error"), status, 0)


def _error_object(block: Any, status: int | None, depth: int) -> ApiError | None:
    if not isinstance(block, Mapping):
        return None
    block, whole = members(block), original(block)
    details: list[ApiError] = []
    if depth < _MAX_DEPTH:
        for item in objects(get(block, "details")):
            detail = _error_object(item, status, depth + 1)
            if detail is not None:
                details.append(detail)
    inner = get(block, "innererror")
    while isinstance(inner, Mapping) and len(details) < 2 * _MAX_DEPTH:
        if (inner_code := text(get(inner, "code"))) is not None:
            inner_message = message_text(get(inner, "message"))
            details.append(
                ApiError(inner_code, inner_message, (), status, "error-object", raw=inner)
            )
        inner = get(inner, "innererror")
    code, message = text(get(block, "code")), message_text(get(block, "message"))
    fields = field_names(get(block, "target"))
    if code is None and message is None and not fields and not details:
        return None
    return summarise(
        code=code,
        message=message,
        fields=fields,
        status=pick_status(status, status_of(get(block, "status"))),  # Spotify states one
        dialect="error-object",
        details=details,
        raw=whole,
    )


def read_json_api(doc: Any, status: int | None) -> ApiError | None:
    """JSON:API ``{"errors": [{"status", "code", "title", "detail", "source"}]}``: the
    first error is the main one and the others its details."""
    errors = [
        ApiError(
            text(get(item, "code")),
            message_text(get(item, "detail", "title", "message")),
            names_from(get(item, "source"), "pointer", "parameter")
            + names_from(item, "pointer", "field", "param"),
            pick_status(status, status_of(get(item, "status"))),
            "json-api",
            raw=item,
        )
        for item in objects(get(doc, "errors"))
    ]
    return _first_of(errors, fallback_message=message_text(get(doc, "message")))


def read_graphql(doc: Any, status: int | None) -> ApiError | None:
    """GraphQL ``{"errors": [{"message", "path", "extensions": {"code"}}]}``. Fields come
    from the input names in ``extensions`` (Apollo's ``argumentName``, ``invalidArgs``),
    else from the response ``path``."""
    errors = []
    for item in objects(get(doc, "errors")):
        extensions = get(item, "extensions")
        fields = names_from(extensions, "field", "fields", "argumentName", "invalidArgs")
        fields += names_from(item, "field")
        errors.append(
            ApiError(
                text(get(extensions, "code")) or text(get(item, "code")),
                message_text(get(item, "message")),
                fields or path_field(get(item, "path")),
                status,
                "graphql",
                raw=item,
            )
        )
    return _first_of(errors)


def read_stripe(doc: Any, status: int | None) -> ApiError | None:
    """Stripe ``{"error": {"type", "code", "param", "message", "decline_code"}}``; the
    ``decline_code`` (its own documented set) follows as a detail."""
    block = get(doc, "error")
    if not isinstance(block, Mapping):
        return None
    block, whole = members(block), original(block)
    code, message = text(get(block, "code")), message_text(get(block, "message"))
    decline = text(get(block, "decline_code"))
    details = [ApiError(decline, None, (), status, "stripe", raw=whole)] if decline else []
    fields = field_names(get(block, "param"))
    if code is None and message is None and not fields and not details:
        return None
    return summarise(
        code=code,
        message=message,
        fields=fields,
        status=status,
        dialect="stripe",
        details=details,
        raw=whole,
    )


def _first_of(errors: Sequence[ApiError], fallback_message: str | None = None) -> ApiError | None:
    meaningful = [
        error
        for error in errors
        if error.code or error.message or error.fields or status_of(get(error.raw, "status"))
    ]
    if not meaningful:
        return None
    first, rest = meaningful[0], meaningful[1:]
    return summarise(
        code=first.code,
        message=first.message or fallback_message,
        fields=first.fields,
        status=first.status,
        dialect=first.dialect,
        details=rest,
        raw=first.raw,
    )


DRF_ERROR_TYPES = ("validation_error", "client_error", "server_error")
"""drf-standardized-errors' top-level ``type`` values."""


def read_drf(doc: Any, status: int | None) -> ApiError | None:
    """drf-standardized-errors ``{"type": "validation_error", "errors": [{"code", "detail",
    "attr"}]}``: ``attr`` is the field (dotted for nested serializers, null when none)."""
    errors = [
        ApiError(
            text(get(item, "code")),
            message_text(get(item, "detail")),
            field_names(get(item, "attr")),
            status,
            "drf",
            raw=item,
        )
        for item in objects(get(doc, "errors"))
    ]
    return _first_of(errors)
