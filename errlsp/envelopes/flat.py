"""Reader for the ``flat`` dialect: error members at the top level of the document.

No standard, many frameworks: ``{"code", "message"}``; OAuth 2 and Slack
``{"error": "invalid_grant"}``; Spring Boot ``{"status": 404, "error": "Not Found"}``;
JSend ``{"status": "fail", "data": {field: message}}``; FastAPI/pydantic
``{"detail": [{"loc", "msg", "type"}]}``, FastAPI's ``{"detail": {"code", "message"}}`` and
Starlette's ``{"detail": "Not Found"}``; Laravel/Rails ``{"errors": {field: [message]}}``;
Flask-smorest/webargs ``{"code": 422, "status": "Unprocessable Entity", "errors": {"json":
{field: [message]}}}`` (the location is dropped, the numeric ``code`` is the status); Litestar
``{"status_code", "detail", "extra": [{"key", "message"}]}``; Django REST framework's
``ErrorDetail`` codes as ``get_full_details()`` gives them (``{field: [{"message", "code"}]}``).
Two shapes say "error" only together with an error status (400 and up), because the same
shape is a normal success body: a bare ``{"message"}`` / ``{"detail"}`` and Django REST
framework's ``{field: [message]}``. Bodies that say "success" (``"ok": true``,
``"success": true``, ``"error": false``, or, without such a flag, ``"code": 0``) never
carry an error.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from itertools import islice
from typing import Any

from errlsp.envelopes.fields import field_names, names_from, path_field
from errlsp.envelopes.frameworks import is_full_detail, litestar_extra, without_locations
from errlsp.envelopes.model import ApiError, summarise
from errlsp.envelopes.values import (
    MAX_ITEMS,
    get,
    member_key,
    members,
    message_text,
    objects,
    original,
    pick_status,
    status_of,
    text,
)

_TOKEN = re.compile(r"[\w.:/-]+")
_MESSAGE_MEMBERS = ("message", "error_message", "errmsg", "msg", "error_description")
_FIELD_MEMBERS = ("field", "fields", "field_name", "param", "parameter", "target", "property")
_LOCATIONS = ("body", "query", "path", "header", "cookie")
_JSEND_STATUSES = ("success", "fail", "error")
_KNOWN = frozenset(
    member_key(name)
    for name in (*_MESSAGE_MEMBERS, *_FIELD_MEMBERS, "code", "error_code", "error", "detail")
)
_NOT_A_FIELD = "non_field_errors"
_MAX_DEPTH = 8


def read_flat(doc: Any, status: int | None) -> ApiError | None:
    """A top-level error, or None; see the module docstring for the shapes it knows."""
    if not isinstance(doc, Mapping):
        return None
    doc, whole = members(doc), original(doc)  # read members by name; iterate the whole
    if says_success(doc):
        return None
    error_member = get(doc, "error")
    code = _code_of(doc)
    message = message_text(get(doc, *_MESSAGE_MEMBERS))
    detail = get(doc, "detail")
    fields = names_from(doc, *_FIELD_MEMBERS)
    if isinstance(detail, Mapping):  # FastAPI ``HTTPException(detail={...})``
        code = code or text(get(detail, "code", "error_code", "errcode"))
        message = message or message_text(get(detail, *_MESSAGE_MEMBERS))
        fields += names_from(detail, *_FIELD_MEMBERS)
    if isinstance(error_member, str) and text(error_member):
        if code is None and _TOKEN.fullmatch(error_member):
            code = error_member
        else:
            message = message or error_member
    jsend = (text(get(doc, "status")) or "").casefold()
    message = message or message_text(detail)
    errors = without_locations(get(doc, "errors"))
    details = [*_pydantic_errors(detail, status), *_by_field(errors, status)]
    details += _listed(errors, status) + litestar_extra(get(doc, "extra"), status)
    if code is None and isinstance(extra := get(doc, "extra"), Mapping):
        code = text(get(extra, "code", "error_code"))
    if jsend == "fail":
        details += _by_field(get(doc, "data"), status)
    stated = status_of(get(doc, "status", "status_code", "http_status")) or _code_status(doc)
    said_error = bool(
        code is not None
        or jsend in ("error", "fail")
        or details
        or error_member is True
        or text(error_member)
    )
    if not said_error and status is not None and status >= 400:
        details = [] if set(map(_key, whole)) & _KNOWN else _by_field(whole, status)
        said_error = message is not None or bool(details)
    if not said_error:
        return None
    return summarise(
        code=code,
        message=message or next((d.message for d in details if d.message), None),
        fields=fields,
        status=pick_status(status, stated),
        dialect="flat",
        details=details,
        raw=whole,
    )


def says_success(doc: Mapping[str, Any]) -> bool:
    """An explicit flag decides (``ok``/``success``/``error``); else a code of 0, OK or 2xx."""
    for flag, success in (("ok", True), ("success", True), ("error", False)):
        if isinstance(stated := get(doc, flag), bool):
            return stated is success
    code = get(doc, "code")
    said = (text(code) or "").casefold()
    return said in ("0", "ok", "success") or 200 <= (status_of(code) or 0) < 300


def _code_of(doc: Mapping[str, Any]) -> str | None:
    """The code member; a numeric one beside a reason phrase (``{"code": 422, "status":
    "Unprocessable Entity"}``, Flask-smorest) is the HTTP status, not an error code."""
    value = get(doc, "code", "error_code", "errcode")
    said = get(doc, "status")
    if (
        isinstance(value, int)
        and (status_of(value) or 0) >= 400
        and isinstance(said, str)
        and said.casefold() not in _JSEND_STATUSES
        and status_of(said) is None
    ):
        return None
    return text(value)


def _code_status(doc: Mapping[str, Any]) -> int | None:
    """``{"code": 404, "message": "Not Found"}``: a code that is an error status states it."""
    stated = status_of(get(doc, "code"))
    return stated if stated is not None and stated >= 400 else None


def _listed(value: Any, status: int | None) -> list[ApiError]:
    """``{"errors": ["Name is required"]}``: messages without codes or fields."""
    if not isinstance(value, list):
        return []
    return [
        ApiError(None, m, (), status, "flat", raw=m) for m in value[:MAX_ITEMS] if message_text(m)
    ]


def _pydantic_errors(detail: Any, status: int | None) -> list[ApiError]:
    """FastAPI's 422 body: ``[{"type": "missing", "loc": ["body", "name"], "msg": ...}]``."""
    if not isinstance(detail, list):
        return []
    return [
        ApiError(
            text(get(item, "type")),
            message_text(get(item, "msg")),
            _loc_fields(get(item, "loc")),
            status,
            "flat",
            raw=item,
        )
        for item in objects(detail)
        if get(item, "loc") is not None or get(item, "msg")
    ]


def _loc_fields(loc: Any) -> tuple[str, ...]:
    """``["body", "name"]`` -> ``name``; Django Ninja and FastAPI with several body
    parameters put the parameter first (``["body", "payload", "name"]``): that names
    ``payload.name`` and, without the parameter, ``name``."""
    fields = path_field(loc, skip_first=_LOCATIONS)
    if isinstance(loc, (list, tuple)) and len(loc) >= 3 and loc[0] == "body":
        fields += path_field(loc[1:], skip_first=[str(loc[1])])
    return fields


def _by_field(value: Any, status: int | None, prefix: str = "", depth: int = 0) -> list[ApiError]:
    """``{field: "message" | [messages] | {nested field: ...}}``; anything else is not one."""
    if not isinstance(value, Mapping) or not value or depth > _MAX_DEPTH:
        return []
    errors: list[ApiError] = []
    for name, messages in islice(value.items(), MAX_ITEMS):
        if not isinstance(name, str):
            return []
        path = f"{prefix}.{name}" if prefix else name
        if isinstance(messages, Mapping):
            nested = _by_field(messages, status, path, depth + 1)
            if not nested:
                return []
            errors += nested
            continue
        said = [messages] if isinstance(messages, str) else messages
        if not isinstance(said, list) or not said:
            return []
        fields = () if name == _NOT_A_FIELD else field_names(path)
        if all(isinstance(m, str) for m in said):
            errors += [ApiError(None, m, fields, status, "flat", raw=messages) for m in said]
        elif all(is_full_detail(m) for m in said):  # DRF ``get_full_details()``
            errors += [
                ApiError(text(m["code"]), message_text(m["message"]), fields, status, "flat", raw=m)
                for m in said
            ]
        else:
            return []
    return errors


def _key(name: Any) -> str:
    return member_key(name) if isinstance(name, str) else ""
