"""One reader per named envelope dialect: the whole JSON document in, an ``ApiError`` out.

Each reader returns None when the document does not hold its envelope, or holds it empty
(``"ResponseStatus": {}`` on a ServiceStack success). Readers are tolerant: members are
matched case- and underscore-insensitively, and a neighbouring dialect's spelling of the
same thing (``field`` beside ``source.pointer``) is read too. ``status`` is the response's
and wins over any status the body states. The top-level ``flat`` reader lives in ``flat.py``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from errlsp.envelopes.fields import field_names, names_from, path_field
from errlsp.envelopes.model import ApiError, summarise
from errlsp.envelopes.values import get, message_text, objects, status_of, text

_MAX_DEPTH = 16
_RPC_TYPES = ("ErrorInfo", "BadRequest", "PreconditionFailure", "QuotaFailure")


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
        code=code, message=message, fields=(), status=status, dialect="response-status",
        details=details, raw=block,
    )  # fmt: skip


def read_error_object(doc: Any, status: int | None) -> ApiError | None:
    """Microsoft REST guidelines / OData / VoipNow ``{"error": {"code", "message", "target"}}``.

    ``details[]`` are error objects themselves; each ``innererror`` level that has a code
    (more specific, by the guidelines) follows them as a detail.
    """
    return _error_object(get(doc, "error", "odata.error"), status, 0)


def _error_object(block: Any, status: int | None, depth: int) -> ApiError | None:
    if not isinstance(block, Mapping):
        return None
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
            details.append(ApiError(inner_code, inner_message, (), status, "error-object", raw=inner))
        inner = get(inner, "innererror")
    code, message = text(get(block, "code")), message_text(get(block, "message"))
    fields = field_names(get(block, "target"))
    if code is None and message is None and not fields and not details:
        return None
    return summarise(
        code=code, message=message, fields=fields, status=status, dialect="error-object",
        details=details, raw=block,
    )  # fmt: skip


def read_problem_json(doc: Any, status: int | None) -> ApiError | None:
    """RFC 9457 / 7807 problem details. The code is an extension member (``code``,
    ``error_code``, ``errorCode``), never derived from ``type``: read ``raw["type"]`` for
    the problem type URI. The message is ``detail``, else ``title``, else ``message``."""
    if not isinstance(doc, Mapping):
        return None
    code = text(get(doc, "code", "error_code"))
    message = message_text(get(doc, "detail", "title", "message"))
    details = [*_problem_errors(get(doc, "errors"), status), *_invalid_params(doc, status)]
    stated = status_of(get(doc, "status"))
    if code is None and message is None and stated is None and not details:
        return None
    return summarise(
        code=code, message=message, fields=names_from(doc, "pointer", "field"),
        status=_pick(status, stated), dialect="problem-json", details=details, raw=doc,
    )  # fmt: skip


def _problem_errors(errors: Any, status: int | None) -> list[ApiError]:
    """``errors`` as RFC 9457's ``[{"pointer", "detail"}]`` or ASP.NET's ``{field: [msg]}``."""
    if isinstance(errors, Mapping):
        return [
            ApiError(None, message, field_names(str(name)), status, "problem-json", raw=messages)
            for name, messages in errors.items()
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
    items = value if isinstance(value, (list, tuple)) else [value]
    return [item for item in items if isinstance(item, str)]


def read_json_api(doc: Any, status: int | None) -> ApiError | None:
    """JSON:API ``{"errors": [{"status", "code", "title", "detail", "source"}]}``: the
    first error is the main one and the others its details."""
    errors = [
        ApiError(
            text(get(item, "code")),
            message_text(get(item, "detail", "title", "message")),
            names_from(get(item, "source"), "pointer", "parameter")
            + names_from(item, "field", "param"),
            _pick(status, status_of(get(item, "status"))),
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


def read_google(doc: Any, status: int | None) -> ApiError | None:
    """Google AIP-193 ``{"error": {"code": 400, "status", "message", "details": [...]}}``.

    The code is ``ErrorInfo.reason``, else the canonical ``status``, else a legacy
    ``errors[].reason``; the canonical status also follows as the first detail, so
    ``codes()`` holds both. Field violations and precondition/quota violations are details.
    """
    block = get(doc, "error")
    if not isinstance(block, Mapping):
        return None
    numeric = get(block, "code")
    stated = status_of(numeric)
    canonical = text(get(block, "status")) if isinstance(get(block, "status"), str) else None
    reason: str | None = None
    details: list[ApiError] = []
    for item in objects(get(block, "details")):
        kind = next((name for name in _RPC_TYPES if _rpc_type(item).endswith(name)), None)
        if kind == "ErrorInfo":
            reason = reason or text(get(item, "reason"))
        elif kind == "BadRequest":
            details += _violations(get(item, "fieldViolations"), status, with_fields=True)
        elif kind is not None:
            details += _violations(get(item, "violations"), status, with_fields=False)
    legacy = [
        ApiError(
            text(get(item, "reason")),
            message_text(get(item, "message")),
            names_from(item, "location") if get(item, "locationType") != "header" else (),
            status,
            "google",
            raw=item,
        )
        for item in objects(get(block, "errors"))
    ]
    free_text = text(numeric) if isinstance(numeric, str) and stated is None else None
    code = reason or canonical or next((e.code for e in legacy if e.code), None) or free_text
    if canonical is not None and canonical != code:
        details.insert(0, ApiError(canonical, None, (), status, "google", raw=block))
    message = message_text(get(block, "message"))
    details += legacy
    if code is None and message is None and stated is None and not details:
        return None
    return summarise(
        code=code, message=message, fields=(), status=_pick(status, stated), dialect="google",
        details=details, raw=block,
    )  # fmt: skip


def _rpc_type(item: Mapping[str, Any]) -> str:
    return text(get(item, "@type")) or ""


def _violations(value: Any, status: int | None, *, with_fields: bool) -> list[ApiError]:
    return [
        ApiError(
            text(get(item, "reason", "type")),
            message_text(get(item, "description", "localizedMessage")),
            names_from(item, "field") if with_fields else (),
            status,
            "google",
            raw=item,
        )
        for item in objects(value)
    ]


def read_stripe(doc: Any, status: int | None) -> ApiError | None:
    """Stripe ``{"error": {"type", "code", "param", "message", "decline_code"}}``; the
    ``decline_code`` (its own documented set) follows as a detail."""
    block = get(doc, "error")
    if not isinstance(block, Mapping):
        return None
    code, message = text(get(block, "code")), message_text(get(block, "message"))
    decline = text(get(block, "decline_code"))
    details = [ApiError(decline, None, (), status, "stripe", raw=block)] if decline else []
    fields = field_names(get(block, "param"))
    if code is None and message is None and not fields and not details:
        return None
    return summarise(
        code=code, message=message, fields=fields, status=status, dialect="stripe",
        details=details, raw=block,
    )  # fmt: skip


def _first_of(errors: Sequence[ApiError], fallback_message: str | None = None) -> ApiError | None:
    meaningful = [e for e in errors if e.code or e.message or e.fields or e.status]
    if not meaningful:
        return None
    first, rest = meaningful[0], meaningful[1:]
    return summarise(
        code=first.code, message=first.message or fallback_message, fields=first.fields,
        status=first.status, dialect=first.dialect, details=rest, raw=first.raw,
    )  # fmt: skip


def _pick(response_status: int | None, stated: int | None) -> int | None:
    return response_status if response_status is not None else stated
