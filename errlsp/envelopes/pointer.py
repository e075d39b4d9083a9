"""Bodies described by JSON Pointers (RFC 6901): a catalog's ``[catalog.envelope]`` table.

``read_with`` reads a body the way a table describes it, on top of a dialect's reading;
``build_with`` writes a body that puts each value where the table says; ``find_code_like``
looks for a code a body holds where no reader looked, so a failure can say where it is. The
table is any object with the attributes of ``errlsp.catalog.envelope.EnvelopePaths``; this
package does not import the catalog layer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from errlsp.envelopes.fields import field_names
from errlsp.envelopes.model import ApiError, summarise
from errlsp.envelopes.values import MAX_ITEMS, member_key, message_text, objects, text

_CODE_LIKE = frozenset(
    member_key(name)
    for name in ("code", "error_code", "errcode", "reason", "error", "type", "id", "__type")
)
_MAX_DEPTH = 6
_MAX_VISITED = 2000


class Paths(Protocol):
    """What ``[catalog.envelope]`` says; see ``errlsp.catalog.envelope.EnvelopePaths``."""

    @property
    def code(self) -> str | None: ...
    @property
    def message(self) -> str | None: ...
    @property
    def field(self) -> str | None: ...
    @property
    def errors(self) -> str | None: ...
    @property
    def errors_code(self) -> str: ...
    @property
    def errors_message(self) -> str: ...
    @property
    def errors_field(self) -> str: ...


def resolve(doc: Any, pointer: str | None) -> Any:
    """The value ``pointer`` names in ``doc``, or None when it names nothing."""
    if pointer is None:
        return None
    value = doc
    for token in _tokens(pointer):
        if isinstance(value, Mapping):
            value = value.get(token)
        elif isinstance(value, list) and token.isdecimal() and int(token) < len(value):
            value = value[int(token)]
        else:
            return None
    return value


def read_with(doc: Any, status: int | None, paths: Paths, base: ApiError | None) -> ApiError | None:
    """``base`` (the dialect's reading) with what the pointers name added or replacing."""
    if not isinstance(doc, Mapping):
        return base
    code = text(resolve(doc, paths.code))
    message = message_text(resolve(doc, paths.message))
    fields = field_names(resolve(doc, paths.field))
    nested = [
        ApiError(
            text(resolve(item, paths.errors_code)),
            message_text(resolve(item, paths.errors_message)),
            field_names(resolve(item, paths.errors_field)),
            status,
            "envelope",
            raw=item,
        )
        for item in objects(resolve(doc, paths.errors))
    ]
    if code is None and message is None and not fields and not nested:
        return base
    if base is None:
        return summarise(
            code=code or next((e.code for e in nested if e.code), None),
            message=message or next((e.message for e in nested if e.message), None),
            fields=fields,
            status=status,
            dialect="envelope",
            details=nested,
            raw=doc,
        )
    return summarise(
        code=code or base.code,
        message=message or base.message,
        fields=(*fields, *base.fields),
        status=base.status if base.status is not None else status,
        dialect=base.dialect,
        details=(*base.details, *nested),
        raw=base.raw,
    )


def build_with(
    paths: Paths, code: str, message: str | None, fields: tuple[str, ...], status: int | None
) -> dict[str, Any]:
    """A body with each value where ``paths`` puts it; fields beyond one go to ``errors``."""
    body: dict[str, Any] = {}
    code_at = paths.code or (None if paths.errors else "/code")
    if code_at:
        _put(body, code_at, code)
    if message is not None and paths.message:
        _put(body, paths.message, message)
    single = paths.field is not None and len(fields) == 1
    if single and paths.field:
        _put(body, paths.field, fields[0])
    if paths.errors and (not paths.code or (fields and not single)):
        items = []
        for name in fields or (None,):
            item: dict[str, Any] = {}
            _put(item, paths.errors_code, code)
            if message is not None:
                _put(item, paths.errors_message, message)
            if name is not None:
                _put(item, paths.errors_field, name)
            items.append(item)
        _put(body, paths.errors, items)
    if status is not None and "status" not in body:
        body["status"] = status
    return body


def find_code_like(doc: Any, wanted: str | None) -> list[tuple[str, str]]:
    """``(pointer, value)`` of strings a body holds under code-like keys (or equal to
    ``wanted``), shallowest first, so a failure can say "the code is at /detail/code"."""
    found: list[tuple[str, str]] = []
    pending: list[tuple[str, Any, int]] = [("", doc, 0)]
    visited = 0
    while pending and visited < _MAX_VISITED:
        pointer, value, depth = pending.pop(0)
        visited += 1
        if isinstance(value, Mapping):
            items: list[tuple[str, Any]] = [
                (key, member)
                for key, member in list(value.items())[:MAX_ITEMS]
                if isinstance(key, str)
            ]
        elif isinstance(value, list):
            items = [(str(index), member) for index, member in enumerate(value[:MAX_ITEMS])]
        else:
            continue
        for key, member in items:
            at = f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}"
            if isinstance(member, str) and member.strip():
                if member == wanted or (
                    isinstance(value, Mapping) and member_key(key) in _CODE_LIKE
                ):
                    found.append((at, member))
            elif depth < _MAX_DEPTH:
                pending.append((at, member, depth + 1))
    found.sort(key=lambda item: (item[1] != wanted, item[0].count("/")))
    return found


def _tokens(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [token.replace("~1", "/").replace("~0", "~") for token in pointer[1:].split("/")]


def _put(body: dict[str, Any], pointer: str, value: Any) -> None:
    tokens = _tokens(pointer)
    if not tokens:
        return
    target = body
    for token in tokens[:-1]:
        child = target.get(token)
        if not isinstance(child, dict):
            child = target[token] = {}
        target = child
    target[tokens[-1]] = value
