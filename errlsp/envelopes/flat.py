"""Reader for the ``flat`` dialect: error members at the top level of the document.

No standard, many frameworks: ``{"code", "message"}``; OAuth 2 and Slack
``{"error": "invalid_grant"}``; Spring Boot ``{"status": 404, "error": "Not Found"}``;
JSend ``{"status": "fail", "data": {field: message}}``; FastAPI/pydantic
``{"detail": [{"loc", "msg", "type"}]}``; Laravel/Rails ``{"errors": {field: [message]}}``.
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
from errlsp.envelopes.model import ApiError, summarise
from errlsp.envelopes.values import (
    MAX_ITEMS,
    get,
    member_key,
    message_text,
    objects,
    pick_status,
    status_of,
    text,
)

_TOKEN = re.compile(r"[\w.:/-]+")
_MESSAGE_MEMBERS = ("message", "error_message", "errmsg", "msg", "error_description")
_FIELD_MEMBERS = ("field", "fields", "field_name", "param", "parameter", "target", "property")
_LOCATIONS = ("body", "query", "path", "header", "cookie")
_KNOWN = frozenset(
    member_key(name)
    for name in (*_MESSAGE_MEMBERS, *_FIELD_MEMBERS, "code", "error_code", "error", "detail")
)
_NOT_A_FIELD = "non_field_errors"
_MAX_DEPTH = 8


def read_flat(doc: Any, status: int | None) -> ApiError | None:
    """A top-level error, or None; see the module docstring for the shapes it knows."""
    if not isinstance(doc, Mapping) or says_success(doc):
        return None
    error_member = get(doc, "error")
    code = text(get(doc, "code", "error_code", "errcode"))
    message = message_text(get(doc, *_MESSAGE_MEMBERS))
    if isinstance(error_member, str) and text(error_member):
        if code is None and _TOKEN.fullmatch(error_member):
            code = error_member
        else:
            message = message or error_member
    jsend = (text(get(doc, "status")) or "").casefold()
    detail = get(doc, "detail")
    message = message or message_text(detail)
    details = [*_pydantic_errors(detail, status), *_by_field(get(doc, "errors"), status)]
    details += _listed(get(doc, "errors"), status)
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
        details = [] if set(map(_key, doc)) & _KNOWN else _by_field(doc, status)
        said_error = message is not None or bool(details)
    if not said_error:
        return None
    return summarise(
        code=code,
        message=message or next((d.message for d in details if d.message), None),
        fields=names_from(doc, *_FIELD_MEMBERS),
        status=pick_status(status, stated),
        dialect="flat",
        details=details,
        raw=doc,
    )


def says_success(doc: Mapping[str, Any]) -> bool:
    """An explicit flag decides (``ok``/``success``/``error``); else a code of 0, OK or 2xx."""
    for flag, success in (("ok", True), ("success", True), ("error", False)):
        if isinstance(stated := get(doc, flag), bool):
            return stated is success
    code = get(doc, "code")
    said = (text(code) or "").casefold()
    return said in ("0", "ok", "success") or 200 <= (status_of(code) or 0) < 300


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
            path_field(get(item, "loc"), skip_first=_LOCATIONS),
            status,
            "flat",
            raw=item,
        )
        for item in objects(detail)
        if get(item, "loc") is not None or get(item, "msg")
    ]


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
        if not isinstance(said, list) or not said or not all(isinstance(m, str) for m in said):
            return []
        fields = () if name == _NOT_A_FIELD else field_names(path)
        errors += [ApiError(None, m, fields, status, "flat", raw=messages) for m in said]
    return errors


def _key(name: Any) -> str:
    return member_key(name) if isinstance(name, str) else ""
