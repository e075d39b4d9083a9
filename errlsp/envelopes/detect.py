"""Which dialect a JSON document is written in, judged by its shape and content type.

Order matters where shapes overlap. A declared media type decides first
(``application/problem+json``, JSON:API's ``application/vnd.api+json``, GraphQL's
``application/graphql-response+json``). Then the most specific shapes: ``ResponseStatus``;
AWS's ``__type``; problem details (see ``_is_problem``; checked before ``errors[]`` because
problem documents carry one too); an ``error`` object, told apart by its members;
drf-standardized-errors' ``type`` beside ``errors``; an ``errors`` array, scored between
JSON:API and GraphQL; and last the ``flat`` top-level members.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from errlsp.envelopes.decode import content_type
from errlsp.envelopes.dialects import DRF_ERROR_TYPES
from errlsp.envelopes.flat import read_flat
from errlsp.envelopes.values import get, has, member_key, members, objects, status_of

_PROBLEM_TYPES = ("application/problem+json",)
_JSON_API_TYPES = ("application/vnd.api+json",)
_GRAPHQL_TYPES = ("application/graphql-response+json", "application/graphql+json")
_GRAPHQL_MEMBERS = {"message": 1, "locations": 2, "path": 2, "extensions": 2}
_JSON_API_MEMBERS = {
    "title": 2, "detail": 2, "source": 2, "links": 2, "status": 1, "id": 1, "meta": 1, "code": 1,
}  # fmt: skip
_SCORED_ITEMS = 20


def detect(json_value: Any, headers: Mapping[str, str] | None = None) -> str | None:
    """The dialect ``json_value`` is written in, or None when it has no error shape."""
    return detect_in(json_value, content_type(headers)[0])


def detect_in(json_value: Any, media_type: str | None) -> str | None:
    """``detect`` for a media type already read from the headers."""
    shape = detect_shape(json_value, media_type)
    if shape is not None or not isinstance(json_value, Mapping):
        return shape
    return "flat" if read_flat(json_value, None) is not None else None


def detect_shape(json_value: Any, media_type: str | None) -> str | None:
    """The dialect of a specific shape, else None (the ``flat`` reader may still read it:
    ``parse`` then reads it once, with the response status)."""
    if not isinstance(json_value, Mapping):
        return None
    whole, json_value = json_value, members(json_value)
    errors = objects(get(json_value, "errors"))
    if media_type in _PROBLEM_TYPES:
        return "problem-json"
    if errors and media_type in _JSON_API_TYPES:
        return "json-api"
    if errors and media_type in _GRAPHQL_TYPES:
        return "graphql"
    if isinstance(get(json_value, "ResponseStatus"), Mapping):
        return "response-status"
    if isinstance(whole.get("__type"), str):
        return "aws-json"
    if _is_problem(json_value):
        return "problem-json"
    if isinstance(get(json_value, "odata.error"), Mapping):
        return "error-object"
    block = get(json_value, "error")
    if isinstance(block, Mapping):
        return _error_object_dialect(members(block))
    if errors and get(json_value, "type") in DRF_ERROR_TYPES:
        return "drf"
    if errors:
        return _errors_array_dialect(json_value, errors)
    return None


def _is_problem(doc: Mapping[str, Any]) -> bool:
    """``type: "about:blank"``, or a ``title``/``detail`` text beside a URI ``type`` or an
    error ``status``, or a URI ``type`` beside an error ``status``."""
    problem_type = get(doc, "type")
    if problem_type == "about:blank":
        return True
    uri_type = isinstance(problem_type, str) and (":" in problem_type or problem_type[:1] == "/")
    error_status = (status_of(get(doc, "status")) or 0) >= 400
    said = any(isinstance(get(doc, name), str) for name in ("title", "detail"))
    return (said and (uri_type or error_status)) or (uri_type and error_status)


def _error_object_dialect(block: Mapping[str, Any]) -> str:
    """Google states a canonical ``status`` string, typed ``details`` or a numeric ``code``;
    Stripe a ``type`` or ``param``; the rest is the Microsoft/OData error object."""
    typed = any(has(item, "@type") for item in objects(get(block, "details")))
    if typed or isinstance(get(block, "status"), str):
        return "google"
    if any(get(block, name) is not None for name in ("type", "param", "decline_code")):
        return "stripe"
    code = get(block, "code")
    if isinstance(code, int) and not isinstance(code, bool) and status_of(code) is not None:
        return "google"
    return "error-object"


def _errors_array_dialect(doc: Mapping[str, Any], errors: list[Mapping[str, Any]]) -> str:
    """GraphQL errors carry ``message``/``locations``/``path``/``extensions`` and sit beside
    ``data``; JSON:API errors ``title``/``detail``/``source`` and never beside ``data``.
    A tie with a ``message`` (``[{"code": 88, "message": ...}]``) reads as GraphQL."""
    graphql = 3 if has(doc, "data") else 0
    json_api = 3 if has(doc, "jsonapi") else 0
    for item in errors[:_SCORED_ITEMS]:
        for key in item:
            name = member_key(key) if isinstance(key, str) else ""
            graphql += _GRAPHQL_MEMBERS.get(name, 0)
            json_api += _JSON_API_MEMBERS.get(name, 0)
    messages = any(has(item, "message") for item in errors[:_SCORED_ITEMS])
    return "graphql" if graphql > json_api or (graphql == json_api and messages) else "json-api"
