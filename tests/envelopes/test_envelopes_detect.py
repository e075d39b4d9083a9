"""Which dialect a document is in, including the shapes that look alike."""

from __future__ import annotations

import pytest

from errlsp.envelopes import DIALECTS, detect

ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo"

CASES = [
    ("seed-response-status", {"ResponseStatus": {"ErrorCode": "FORBIDDEN"}}, None,
     "response-status"),
    ("camel-response-status", {"responseStatus": {"errorCode": "NotEmpty"}}, None,
     "response-status"),
    ("null-response-status", {"Result": 1, "ResponseStatus": None}, None, None),
    ("seed-error-object", {"error": {"code": "x_invalid", "message": "m"}}, None, "error-object"),
    ("odata-v3", {"odata.error": {"code": "X", "message": {"value": "m"}}}, None, "error-object"),
    ("error-object-with-details", {"error": {"code": "X", "details": [{"code": "Y",
     "target": "z"}]}}, None, "error-object"),
    ("google-status-string", {"error": {"code": 404, "message": "m", "status": "NOT_FOUND"}},
     None, "google"),
    ("google-numeric-code-only", {"error": {"code": 403, "message": "m"}}, None, "google"),
    ("google-typed-details", {"error": {"code": "X", "details": [{"@type": ERROR_INFO}]}}, None,
     "google"),
    ("error-object-string-numeric-code", {"error": {"code": "404", "message": "m"}}, None,
     "error-object"),
    ("error-object-code-out-of-status-range", {"error": {"code": 1001, "message": "m"}}, None,
     "error-object"),
    ("stripe-type", {"error": {"type": "card_error", "code": "card_declined"}}, None, "stripe"),
    ("stripe-param-only", {"error": {"message": "m", "param": "amount"}}, None, "stripe"),
    ("oauth-error-string", {"error": "invalid_grant"}, None, "flat"),
    ("graphql-extensions", {"errors": [{"message": "m", "extensions": {"code": "X"}}]}, None,
     "graphql"),
    ("graphql-beside-null-data", {"errors": [{"message": "m"}], "data": None}, None, "graphql"),
    ("json-api-title", {"errors": [{"status": "422", "title": "t"}]}, None, "json-api"),
    ("json-api-member", {"jsonapi": {}, "errors": [{"code": "X", "message": "m"}]}, None,
     "json-api"),
    ("twitter-code-message-tie", {"errors": [{"code": 88, "message": "Rate limit"}]}, None,
     "graphql"),
    ("unknown-item-members", {"errors": [{"field": "x", "reason": "y"}]}, None, "json-api"),
    ("json-api-media-type", {"errors": [{"message": "m"}]}, "application/vnd.api+json",
     "json-api"),
    ("graphql-media-type", {"errors": [{"title": "t"}]}, "application/graphql-response+json",
     "graphql"),
    ("problem-uri-type", {"type": "https://example.com/probs/x", "title": "t"}, None,
     "problem-json"),
    ("problem-about-blank", {"type": "about:blank", "code": "X"}, None, "problem-json"),
    ("problem-status-title", {"title": "Not Found", "status": 404}, None, "problem-json"),
    ("problem-with-errors-array", {"type": "https://example.net/validation-error", "title": "t",
     "errors": [{"detail": "d", "pointer": "#/age"}]}, None, "problem-json"),
    ("problem-relative-type", {"type": "/probs/out-of-credit", "detail": "d"}, None,
     "problem-json"),
    ("resource-with-type-and-title", {"type": "movie", "title": "Jaws", "status": "released"},
     None, None),
    ("resource-with-ok-status", {"id": 1, "title": "post", "status": 200}, None, None),
    ("flat-code", {"code": "X", "message": "m"}, None, "flat"),
    ("flat-code-problem-media-type", {"code": "X", "message": "m"}, "application/problem+json",
     "problem-json"),
    ("problem-media-type-parameters", {"code": "X"}, "Application/Problem+JSON; charset=utf-8",
     "problem-json"),
    ("flat-error-code", {"errorCode": "X"}, None, "flat"),
    ("fastapi-detail-list", {"detail": [{"loc": ["body", "x"], "msg": "m", "type": "t"}]}, None,
     "flat"),
    ("laravel-errors-by-field", {"message": "m", "errors": {"email": ["e"]}}, None, "flat"),
    ("drf-standardized-errors", {"type": "client_error", "errors": [{"code": "x", "detail": "d",
     "attr": None}]}, None, "drf"),
    ("aws-json-type", {"__type": "ns#ThrottlingException", "message": "m"}, None, "aws-json"),
    ("bare-message", {"message": "Not Found"}, None, None),
    ("success-code-zero", {"code": 0, "data": {}}, None, None),
    ("success-data", {"data": {"id": 1}}, None, None),
    ("empty-object", {}, None, None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("value", "media_type", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_detect(value, media_type, expected):
    headers = {"content-type": media_type} if media_type else None
    assert detect(value, headers) == expected


@pytest.mark.parametrize("value", [[], [{"error": {"code": "X"}}], "x", 5, 1.5, True, None])
def test_non_objects_have_no_dialect(value):
    assert detect(value) is None
    assert detect(value, {"Content-Type": "application/problem+json"}) is None


def test_every_detected_dialect_is_known():
    assert {case[-1] for case in CASES} - {None} == set(DIALECTS) - {"s3-xml"}  # not JSON
