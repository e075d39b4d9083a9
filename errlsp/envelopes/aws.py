"""Readers for Amazon Web Services errors: the JSON protocols and S3-style XML.

The JSON protocols (DynamoDB, Lambda, most services on ``awsJson1_0``/``awsJson1_1`` and
``restJson1``) name the error by its shape: ``{"__type": "com.amazonaws.dynamodb.v20120810#
ResourceNotFoundException", "message": "..."}``, and the ``x-amzn-ErrorType`` header says the
same (``ValidationException:http://internal.amazon.com/...``), sometimes as the only source.
The code is the shape name without its namespace or URI. S3 and the query protocols answer
in XML: ``<Error><Code>NoSuchKey</Code><Message>...</Message></Error>`` (``<Errors>`` and
``<ErrorResponse>`` wrap it in the query protocols).

XML is read with the standard library's parser only after a document type declaration is
ruled out, so no entity is expanded and nothing outside the body is read.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from xml.etree import ElementTree

from errlsp.envelopes.model import ApiError, summarise
from errlsp.envelopes.values import get, message_text, pick_status, text

ERROR_TYPE_HEADER = "x-amzn-errortype"
MAX_XML_CHARS = 1024 * 1024
"""XML bodies longer than this are not parsed: an S3 error document is a few hundred bytes."""


def shape_name(value: str | None) -> str | None:
    """``ns#Name`` or ``Name:uri`` (either or both) -> ``Name``."""
    if value is None:
        return None
    name = value.rpartition("#")[2].partition(":")[0].strip()
    return name or None


def header_code(headers: Mapping[str, str] | None) -> str | None:
    """The error shape named by ``x-amzn-ErrorType``, if the response has that header."""
    if not headers:
        return None
    for name, value in headers.items():
        if isinstance(name, str) and name.casefold() == ERROR_TYPE_HEADER:
            return shape_name(str(value))
    return None


def read_aws_json(doc: Any, status: int | None, header: str | None = None) -> ApiError | None:
    """``{"__type": "ns#Code", "message": "..."}``; ``header`` is the ``x-amzn-ErrorType``
    shape, used when the body names none."""
    if not isinstance(doc, Mapping):
        return None
    code = shape_name(text(get(doc, "__type", "code"))) or header
    message = message_text(get(doc, "message", "Message", "errorMessage"))
    if code is None and message is None:
        return None
    return summarise(
        code=code,
        message=message,
        fields=(),
        status=status,
        dialect="aws-json",
        raw=doc,
    )


def looks_like_xml_error(body_text: str) -> bool:
    head = body_text.lstrip()[:200]
    return head.startswith("<") and "<Error" in body_text[:4096]


def read_s3_xml(body_text: str, status: int | None) -> ApiError | None:
    """``<Error><Code>`` (S3) or ``<ErrorResponse><Error><Code>`` (query protocols)."""
    if len(body_text) > MAX_XML_CHARS or "<!DOCTYPE" in body_text.upper():
        return None
    try:
        root = ElementTree.fromstring(body_text.lstrip())
    except (ElementTree.ParseError, ValueError):
        return None
    found = [element for element in root.iter() if _local(element.tag) == "Error"]
    errors = [_error_of(element, status) for element in found[:100]]
    meaningful = [error for error in errors if error.code or error.message]
    if not meaningful:
        return None
    first, rest = meaningful[0], meaningful[1:]
    return summarise(
        code=first.code,
        message=first.message,
        fields=first.fields,
        status=pick_status(status, None),
        dialect="s3-xml",
        details=rest,
        raw=first.raw,
    )


def _error_of(element: ElementTree.Element, status: int | None) -> ApiError:
    members = {_local(child.tag): (child.text or "").strip() for child in element}
    fields = tuple(name for name in (members.get("ArgumentName"),) if name)
    return ApiError(
        text(members.get("Code")),
        message_text(members.get("Message")),
        fields,
        status,
        "s3-xml",
        raw=members,
    )


def _local(tag: Any) -> str:
    """A tag without its ``{namespace}``."""
    return str(tag).rpartition("}")[2]
