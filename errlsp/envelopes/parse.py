"""``parse``: a response body in, the error it carries (or None) out."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from errlsp.envelopes.aws import header_code, looks_like_xml_error, read_aws_json, read_s3_xml
from errlsp.envelopes.decode import Body, content_type, decode_body
from errlsp.envelopes.detect import detect_shape
from errlsp.envelopes.dialects import (
    read_drf,
    read_error_object,
    read_graphql,
    read_json_api,
    read_response_status,
    read_stripe,
)
from errlsp.envelopes.flat import read_flat
from errlsp.envelopes.google import read_google
from errlsp.envelopes.model import DIALECTS, ApiError, EnvelopeError
from errlsp.envelopes.problem import read_problem_json
from errlsp.envelopes.values import status_of

Reader = Callable[[Any, "int | None"], "ApiError | None"]
"""A dialect reader: the whole JSON document and the response status in."""

READERS: Mapping[str, Reader] = {
    "response-status": read_response_status,
    "error-object": read_error_object,
    "problem-json": read_problem_json,
    "json-api": read_json_api,
    "google": read_google,
    "graphql": read_graphql,
    "stripe": read_stripe,
    "drf": read_drf,
    "aws-json": read_aws_json,
    "s3-xml": lambda doc, status: None,  # XML is read from the text, before JSON
    "flat": read_flat,
}


def parse(
    body: Body,
    status: int | None = None,
    headers: Mapping[str, str] | None = None,
    *,
    dialect: str | None = None,
) -> ApiError | None:
    """The error ``body`` carries, or None when it carries none or is not a JSON object.

    ``status`` is the response's HTTP status: it wins over one the body states, and from
    400 up it lets a bare ``{"message"}`` or a field-keyed dict count as an error.
    ``dialect`` pins the reading: a pinned dialect is the only one tried, so a body in
    another dialect reads as None. Unpinned, the dialect is detected (see ``detect``) and
    a body of no known shape is still offered to the ``flat`` reader. An
    ``x-amzn-ErrorType`` header makes a body of no other shape an ``aws-json`` error, and
    a body that is XML ``<Error>`` is read as ``s3-xml``; a short ``text/plain`` body with an
    error status is an error with that message and no code.
    """
    check_dialect(dialect)
    status = status_of(status)
    if isinstance(body, Mapping):  # parsed already: skip re-serialising it as text
        return _read_json(body, content_type(headers)[0], status, headers, dialect)
    decoded = decode_body(body, headers)
    if dialect in (None, "s3-xml") and decoded.error is not None:
        if looks_like_xml_error(decoded.text):
            return read_s3_xml(decoded.text, status)
        return _plain_text(decoded.text, decoded.content_type, status) if dialect is None else None
    if decoded.error is not None or not isinstance(decoded.json, Mapping):
        return None
    return _read_json(decoded.json, decoded.content_type, status, headers, dialect)


def _read_json(
    doc: Mapping[str, Any],
    media: str | None,
    status: int | None,
    headers: Mapping[str, str] | None,
    dialect: str | None,
) -> ApiError | None:
    chosen = dialect or detect_shape(doc, media)
    aws_header = header_code(headers)
    if chosen in ("aws-json", None) and aws_header is not None:
        return read_aws_json(doc, status, aws_header)
    return READERS[chosen or "flat"](doc, status)


MAX_PLAIN_TEXT = 1000


def _plain_text(body_text: str, media_type: str | None, status: int | None) -> ApiError | None:
    """Starlette's ``HTTPException`` and many proxies answer an error status with a short
    ``text/plain`` body: an error with that message and no code (HTML pages stay no error)."""
    said = body_text.strip()
    if media_type != "text/plain" or status is None or status < 400 or not said:
        return None
    if len(said) > MAX_PLAIN_TEXT:
        return None
    return ApiError(None, said, (), status, "flat", raw=body_text)


def check_dialect(dialect: str | None) -> None:
    """Raise ``EnvelopeError`` unless ``dialect`` is None or one of ``DIALECTS``."""
    if dialect is not None and dialect not in DIALECTS:
        known = ", ".join(DIALECTS)
        raise EnvelopeError(f"unknown envelope dialect {dialect!r}; expected one of: {known}")
