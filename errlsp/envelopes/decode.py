"""Turning whatever a client hands over (bytes, text, parsed JSON) into a ``DecodedBody``.

A failing test is usually looking at a body that is not what it expected: an HTML error
page, a truncated proxy response, text in another charset. So decoding never raises; it
says in one line why the body is not JSON, in words a test report can show as is.
"""

from __future__ import annotations

import codecs
import json
import reprlib
from collections.abc import Iterable, Mapping
from typing import Any, TypeAlias

from errlsp.envelopes.model import DecodedBody

Body: TypeAlias = (
    "bytes | bytearray | memoryview | str | Mapping[str, Any] | list[Any] | DecodedBody | None"
)
"""What ``decode_body`` and ``parse`` accept; a ``DecodedBody`` passes through unchanged."""

MAX_JSON_CHARS = 64 * 1024 * 1024
"""Bodies longer than this are kept as text but not parsed: no error envelope is that big."""

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_JSON_STARTS = frozenset('{["-0123456789tfnNI')
_SNIPPET_CHARS = 40


def decode_body(body: Body, headers: Mapping[str, str] | None = None) -> DecodedBody:
    """Decode ``body`` with the charset its ``Content-Type`` names (UTF-8 otherwise)."""
    if isinstance(body, DecodedBody):
        return body
    media, charset = content_type(headers)
    if body is None:
        return DecodedBody(None, "", "empty body", media)
    if isinstance(body, (bytes, bytearray, memoryview)):
        body_text = _decode_bytes(bytes(body), charset)
    elif isinstance(body, str):
        body_text = body.removeprefix("\ufeff")
    elif isinstance(body, (Mapping, list, int, float)):
        return DecodedBody(body, _dump(body), None, media)
    else:
        kind = type(body).__name__
        return DecodedBody(None, reprlib.repr(body), f"not a response body: {kind}", media)
    value, error = _loads(body_text)
    return DecodedBody(value, body_text, error, media)


def content_type(headers: Any) -> tuple[str | None, str | None]:
    """The media type (lower-cased, no parameters) and the charset of ``headers``.

    Accepts any mapping (case-insensitive names) or ASGI/WSGI-style pairs.
    """
    for name, value in _header_pairs(headers):
        if name.casefold() == "content-type":
            media, _, params = value.partition(";")
            charset = None
            for param in params.split(";"):
                key, _, param_value = param.partition("=")
                if key.strip().casefold() == "charset":
                    charset = param_value.strip().strip("\"'") or None
            return (media.strip().casefold() or None), charset
    return None, None


def _header_pairs(headers: Any) -> Iterable[tuple[str, str]]:
    if headers is None:
        return []
    try:
        items = headers.items() if isinstance(headers, Mapping) else headers
        return [(_header_text(name), _header_text(value)) for name, value in items]
    except (TypeError, ValueError):
        return []


def _header_text(value: Any) -> str:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("latin-1")
    if isinstance(value, (list, tuple)) and value:
        return _header_text(value[0])
    return str(value)


def _decode_bytes(data: bytes, charset: str | None) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    try:
        return data.decode(charset or "utf-8", errors="replace")
    except LookupError:  # unknown or non-text charset such as "rot13"
        return data.decode("utf-8", errors="replace")


def _dump(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, default=repr)
    except (TypeError, ValueError, RecursionError):
        return reprlib.repr(value)


def _loads(body_text: str) -> tuple[Any, str | None]:
    stripped = body_text.lstrip()
    if not stripped:
        return None, "empty body"
    if stripped[0] not in _JSON_STARTS:
        return None, f"not JSON: starts with {_snippet(stripped)}"
    if len(body_text) > MAX_JSON_CHARS:
        return None, f"too large to decode as JSON ({len(body_text)} characters)"
    try:
        return json.loads(body_text), None
    except json.JSONDecodeError as exc:
        if stripped[0] not in "{[":
            return None, f"not JSON: starts with {_snippet(stripped)}"
        if exc.pos >= len(body_text.rstrip()) or exc.msg.startswith("Unterminated string"):
            line, column = _end_position(body_text.rstrip())
            return None, f"truncated JSON at line {line} column {column}"
        return None, f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
    except RecursionError:
        return None, "JSON nested too deeply to decode"
    except ValueError as exc:  # e.g. an integer longer than sys.get_int_max_str_digits()
        return None, f"invalid JSON: {exc}"


def _snippet(stripped: str) -> str:
    first_line = stripped[: _SNIPPET_CHARS + 1].splitlines()[0]
    if len(first_line) > _SNIPPET_CHARS:
        return repr(first_line[:_SNIPPET_CHARS]) + "..."
    return repr(first_line)


def _end_position(body_text: str) -> tuple[int, int]:
    line = body_text.count("\n") + 1
    return line, len(body_text) - (body_text.rfind("\n") + 1) + 1
