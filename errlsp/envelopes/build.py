"""``build``: a correct error body in a given dialect, for mocks and test doubles.

Each writer produces what the real API would send, and ``parse`` reads it back to the same
code, message, fields and status. Two limits of the formats themselves: a status is written
into the body only where the dialect has a place for it (problem-json, json-api, google,
flat), elsewhere it belongs on the response; and Google always states a numeric code, so
without a status it uses the one a canonical code implies, else 400.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any
from xml.sax.saxutils import escape

from errlsp.envelopes.fields import field_names, to_pointer
from errlsp.envelopes.flat import says_success
from errlsp.envelopes.model import EnvelopeError
from errlsp.envelopes.parse import check_dialect
from errlsp.envelopes.values import status_of

_MEDIA_TYPES = {
    "problem-json": "application/problem+json",
    "json-api": "application/vnd.api+json",
    "aws-json": "application/x-amz-json-1.1",
    "s3-xml": "application/xml",
}
_GOOGLE_STATUS = {
    "INVALID_ARGUMENT": 400, "FAILED_PRECONDITION": 400, "OUT_OF_RANGE": 400,
    "UNAUTHENTICATED": 401, "PERMISSION_DENIED": 403, "NOT_FOUND": 404, "ABORTED": 409,
    "ALREADY_EXISTS": 409, "RESOURCE_EXHAUSTED": 429, "CANCELLED": 499, "DATA_LOSS": 500,
    "UNKNOWN": 500, "INTERNAL": 500, "UNIMPLEMENTED": 501, "UNAVAILABLE": 503,
    "DEADLINE_EXCEEDED": 504,
}  # fmt: skip
_GOOGLE_CANONICAL = {
    400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND",
    409: "ABORTED", 429: "RESOURCE_EXHAUSTED", 499: "CANCELLED", 500: "INTERNAL",
    501: "UNIMPLEMENTED", 503: "UNAVAILABLE", 504: "DEADLINE_EXCEEDED",
}  # fmt: skip
_GOOGLE_INFO = "type.googleapis.com/google.rpc.ErrorInfo"
_GOOGLE_BAD_REQUEST = "type.googleapis.com/google.rpc.BadRequest"
_MOCK_DOMAIN = "example.com"


@dataclass(frozen=True)
class _Spec:
    """What a writer states: the checked, normalised arguments of ``build``."""

    code: str
    message: str | None
    fields: tuple[str, ...]
    status: int | None

    def said(self, member: str) -> dict[str, str]:
        """``{member: message}``, or nothing when there is no message to say."""
        return {member: self.message} if self.message is not None else {}


def build(
    code: str,
    *,
    dialect: str,
    message: str | None = None,
    field: str | Sequence[str] | None = None,
    status: int | None = None,
) -> dict[str, Any]:
    """An error body stating ``code`` in ``dialect``; see the module docstring."""
    check_dialect(dialect)
    if not isinstance(code, str) or not code.strip():
        raise EnvelopeError(f"an error code must be a non-empty string, got {code!r}")
    if status is not None and status_of(status) != status:
        raise EnvelopeError(f"status must be an HTTP status code (100-599), got {status!r}")
    if message is not None and not isinstance(message, str):
        raise EnvelopeError(f"message must be a string or None, got {message!r}")
    if field is not None and not isinstance(field, str):
        if not all(isinstance(name, str) for name in field):
            raise EnvelopeError(f"field must be a string or a sequence of strings, got {field!r}")
        field = list(field)
    return _WRITERS[dialect](_Spec(code, message, field_names(field), status))


def media_type(dialect: str) -> str:
    """The ``Content-Type`` a response in ``dialect`` is served with."""
    check_dialect(dialect)
    return _MEDIA_TYPES.get(dialect, "application/json")


def _response_status(spec: _Spec) -> dict[str, Any]:
    errors = [
        {"ErrorCode": spec.code, "FieldName": name, **spec.said("Message")} for name in spec.fields
    ]
    return {"ResponseStatus": {"ErrorCode": spec.code, **spec.said("Message"), "Errors": errors}}


def _error_object(spec: _Spec) -> dict[str, Any]:
    """One field is the ``target``; several are one detail each (the guidelines' example)."""
    block: dict[str, Any] = {"code": spec.code, "message": spec.message or ""}
    if len(spec.fields) == 1:
        block["target"] = spec.fields[0]
    elif spec.fields:
        block["details"] = [
            {"code": spec.code, "message": spec.message or "", "target": name}
            for name in spec.fields
        ]
    return {"error": block}


def _problem(spec: _Spec) -> dict[str, Any]:
    """``title`` (the status phrase, as RFC 9457 asks for ``about:blank``) only beside a
    ``detail``, so that a body without a message reads back without one."""
    body: dict[str, Any] = {"type": "about:blank"}
    if spec.status is not None:
        if spec.message is not None and spec.status in HTTPStatus._value2member_map_:
            body["title"] = HTTPStatus(spec.status).phrase
        body["status"] = spec.status
    body.update(spec.said("detail"))
    body["code"] = spec.code
    if spec.fields:
        body["errors"] = [
            {"pointer": to_pointer(name, prefix="#"), "code": spec.code, **spec.said("detail")}
            for name in spec.fields
        ]
    return body


def _json_api(spec: _Spec) -> dict[str, Any]:
    """One error object per field, each pointing into ``/data/attributes``."""
    item: dict[str, Any] = {"status": str(spec.status)} if spec.status is not None else {}
    item.update(code=spec.code, **spec.said("detail"))
    sources = [
        {"source": {"pointer": to_pointer(name, prefix="/data/attributes")}} for name in spec.fields
    ]
    return {"errors": [{**item, **source} for source in sources or [{}]]}


def _google(spec: _Spec) -> dict[str, Any]:
    """A canonical code is the ``status``; any other code is an ``ErrorInfo.reason``."""
    numeric = spec.status or _GOOGLE_STATUS.get(spec.code, 400)
    canonical = spec.code if spec.code in _GOOGLE_STATUS else _canonical(numeric)
    details: list[dict[str, Any]] = []
    if spec.code != canonical:
        details.append({"@type": _GOOGLE_INFO, "reason": spec.code, "domain": _MOCK_DOMAIN})
    if spec.fields:
        violations = [{"field": name, "description": spec.message or ""} for name in spec.fields]
        details.append({"@type": _GOOGLE_BAD_REQUEST, "fieldViolations": violations})
    block = {"code": numeric, "message": spec.message or "", "status": canonical}
    return {"error": {**block, "details": details} if details else block}


def _canonical(status: int) -> str:
    if status in _GOOGLE_CANONICAL:
        return _GOOGLE_CANONICAL[status]
    return "INTERNAL" if status >= 500 else "INVALID_ARGUMENT" if status >= 400 else "UNKNOWN"


def _graphql(spec: _Spec) -> dict[str, Any]:
    """Apollo's spelling: ``extensions.code`` and ``argumentName`` / ``invalidArgs``."""
    extensions: dict[str, Any] = {"code": spec.code}
    if len(spec.fields) == 1:
        extensions["argumentName"] = spec.fields[0]
    elif spec.fields:
        extensions["invalidArgs"] = list(spec.fields)
    return {"errors": [{"message": spec.message or "", "extensions": extensions}], "data": None}


def _stripe(spec: _Spec) -> dict[str, Any]:
    """Stripe names one ``param``; several fields are joined as ServiceStack does."""
    status = spec.status or 400
    kind = {402: "card_error", 409: "idempotency_error"}.get(status, "invalid_request_error")
    block: dict[str, Any] = {"type": "api_error" if status >= 500 else kind, "code": spec.code}
    block.update(spec.said("message"))
    if spec.fields:
        block["param"] = ", ".join(spec.fields)
    return {"error": block}


def _flat(spec: _Spec) -> dict[str, Any]:
    """A code that reads as success on its own (``0``, ``OK``, ``200``) gets a flag."""
    body: dict[str, Any] = {"code": spec.code, **spec.said("message")}
    if says_success(body):
        body["success"] = False
    if len(spec.fields) == 1:
        body["field"] = spec.fields[0]
    elif spec.fields:
        body["fields"] = list(spec.fields)
    if spec.status is not None:
        body["status"] = spec.status
    return body


def _drf(spec: _Spec) -> dict[str, Any]:
    """drf-standardized-errors: one ``errors[]`` item per field, ``attr`` null without one."""
    kind = "server_error" if (spec.status or 400) >= 500 else "client_error"
    items = [
        {"code": spec.code, "detail": spec.message or "", "attr": name}
        for name in spec.fields or (None,)
    ]
    return {"type": "validation_error" if spec.fields else kind, "errors": items}


def _aws_json(spec: _Spec) -> dict[str, Any]:
    """The JSON protocols' ``__type`` (the shape name; a namespace is optional)."""
    return {"__type": spec.code, **spec.said("message")}


def _s3_xml(spec: _Spec) -> dict[str, Any]:
    raise EnvelopeError("s3-xml bodies are XML text: use build_text(code, dialect='s3-xml')")


def build_text(
    code: str,
    *,
    dialect: str,
    message: str | None = None,
    field: str | Sequence[str] | None = None,
    status: int | None = None,
) -> str:
    """The body ``build`` describes, serialised as the API sends it (JSON, or XML for
    ``s3-xml``)."""
    if dialect != "s3-xml":
        body = build(code, dialect=dialect, message=message, field=field, status=status)
        return json.dumps(body, ensure_ascii=False)
    build(code, dialect="flat", message=message, field=field, status=status)  # validates
    parts = [f"<Code>{escape(code)}</Code>"]
    if message is not None:
        parts.append(f"<Message>{escape(message)}</Message>")
    names = field_names(list(field) if isinstance(field, (list, tuple)) else field)
    parts += [f"<ArgumentName>{escape(name)}</ArgumentName>" for name in names[:1]]
    return '<?xml version="1.0" encoding="UTF-8"?>\n<Error>' + "".join(parts) + "</Error>"


_WRITERS: dict[str, Callable[[_Spec], dict[str, Any]]] = {
    "response-status": _response_status,
    "error-object": _error_object,
    "problem-json": _problem,
    "json-api": _json_api,
    "google": _google,
    "graphql": _graphql,
    "stripe": _stripe,
    "drf": _drf,
    "aws-json": _aws_json,
    "s3-xml": _s3_xml,
    "flat": _flat,
}
