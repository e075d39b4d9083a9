"""Document-level dialects read by ``parse``: problem details, JSON:API and GraphQL,
modelled on the examples in RFC 9457/7807, the JSON:API spec and the GraphQL spec."""

from __future__ import annotations

import json

import pytest

from errlsp.envelopes import ApiError, parse

PROBLEM = {"Content-Type": "application/problem+json"}

RFC9457_VALIDATION = {
    "type": "https://example.net/validation-error",
    "title": "Your request is not valid.",
    "errors": [
        {"detail": "must be a positive integer", "pointer": "#/age"},
        {"detail": "must be 'green', 'red' or 'blue'", "pointer": "#/profile/color"},
    ],
}
JSON_API_MULTI = {
    "jsonapi": {"version": "1.1"},
    "errors": [
        {
            "code": "123",
            "source": {"pointer": "/data/attributes/firstName"},
            "title": "Value is too short",
            "detail": "First name must contain at least two characters.",
        },
        {
            "code": "225",
            "source": {"pointer": "/data/attributes/password"},
            "title": "Passwords must contain a letter, number, and punctuation character.",
            "detail": "The password provided is missing a punctuation character.",
        },
        {
            "code": "226",
            "source": {"pointer": "/data/attributes/password"},
            "title": "Password and password confirmation do not match.",
        },
    ],
}
GRAPHQL_SPEC = {
    "errors": [
        {
            "message": "Name for character with ID 1002 could not be fetched.",
            "locations": [{"line": 6, "column": 7}],
            "path": ["hero", "heroFriends", 1, "name"],
            "extensions": {
                "code": "CAN_NOT_FETCH_BY_ID",
                "timestamp": "Fri Feb 9 14:33:09 UTC 2018",
            },
        }
    ],
    "data": {"hero": {"name": "R2-D2", "heroFriends": [{"id": "1000"}, None]}},
}
# (id, body, status, headers, code, message, fields, status read, dialect, codes)
CASES = [
    ("rfc9457-out-of-credit", {"type": "https://example.com/probs/out-of-credit",
     "title": "You do not have enough credit.", "detail": "Your current balance is 30, but "
     "that costs 50.", "instance": "/account/12345/msgs/abc", "balance": 30}, 403, PROBLEM,
     None, "Your current balance is 30, but that costs 50.", (), 403, "problem-json", ()),
    ("rfc9457-validation", RFC9457_VALIDATION, 422, PROBLEM, None,
     "Your request is not valid.", ("age", "profile.color"), 422, "problem-json", ()),
    ("rfc7807-invalid-params", {"type": "https://example.net/validation-error",
     "title": "Your request parameters didn't validate.", "invalid-params": [{"name": "age",
     "reason": "must be a positive integer"}, {"name": "color", "reason": "must be 'green', "
     "'red' or 'blue'"}]}, 400, None, None, "Your request parameters didn't validate.",
     ("age", "color"), 400, "problem-json", ()),
    ("aspnet-validation-problem", {"type": "https://tools.ietf.org/html/rfc9110#section-15.5.1",
     "title": "One or more validation errors occurred.", "status": 400, "errors": {"Name": [
     "The Name field is required."], "$.age": ["The JSON value could not be converted."]},
     "traceId": "00-84c1fd4063c38d9f3900d06e56542d48-85d1d4-00"}, None, None, None,
     "One or more validation errors occurred.", ("Name", "age"), 400, "problem-json", ()),
    ("spring-problem-code-extension", {"type": "about:blank", "title": "Bad Request",
     "status": 400, "detail": "Invalid request content.", "instance": "/api/users",
     "error_code": "USER_INVALID"}, None, PROBLEM, "USER_INVALID", "Invalid request content.",
     (), 400, "problem-json", ("USER_INVALID",)),
    ("json-api-spec", {"errors": [{"status": "422", "source": {"pointer":
     "/data/attributes/firstName"}, "title": "Invalid Attribute", "detail": "First name must "
     "contain at least two characters."}]}, None, None, None,
     "First name must contain at least two characters.", ("firstName",), 422, "json-api", ()),
    ("json-api-multi", JSON_API_MULTI, 422, None, "123",
     "First name must contain at least two characters.", ("firstName", "password"), 422,
     "json-api", ("123", "225", "226")),
    ("json-api-parameter", {"errors": [{"source": {"parameter": "include"}, "title": "Invalid "
     "Query Parameter", "detail": "The resource does not have an `auther` relationship path.",
     "status": "400"}]}, None, None, None,
     "The resource does not have an `auther` relationship path.", ("include",), 400, "json-api",
     ()),
    ("github-validation", {"message": "Validation Failed", "errors": [{"resource": "Issue",
     "field": "title", "code": "missing_field"}], "documentation_url": "https://docs.github.com/"
     "rest/issues/issues#create-an-issue"}, 422, None, "missing_field", "Validation Failed",
     ("title",), 422, "json-api", ("missing_field",)),
    ("graphql-spec", GRAPHQL_SPEC, 200, None, "CAN_NOT_FETCH_BY_ID",
     "Name for character with ID 1002 could not be fetched.", ("hero.heroFriends.1.name",), 200,
     "graphql", ("CAN_NOT_FETCH_BY_ID",)),
    ("apollo-bad-user-input", {"errors": [{"message": "Invalid argument value", "locations": [{
     "line": 2, "column": 3}], "path": ["userWithID"], "extensions": {"code": "BAD_USER_INPUT",
     "argumentName": "id"}}], "data": {"userWithID": None}}, 200, None, "BAD_USER_INPUT",
     "Invalid argument value", ("id",), 200, "graphql", ("BAD_USER_INPUT",)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("body", "status", "headers", "code", "message", "fields", "read_status", "dialect", "codes"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_documents(body, status, headers, code, message, fields, read_status, dialect, codes):
    for wire in (body, json.dumps(body), json.dumps(body).encode()):
        error = parse(wire, status, headers)
        assert isinstance(error, ApiError)
        assert (error.code, error.message, error.fields) == (code, message, fields)
        assert (error.status, error.dialect, error.codes()) == (read_status, dialect, codes)


def test_problem_type_uri_is_kept_in_raw_not_invented_as_code():
    error = parse(RFC9457_VALIDATION, 422, PROBLEM)
    assert error.code is None
    assert error.raw["type"] == "https://example.net/validation-error"
    assert [d.message for d in error.details] == [
        "must be a positive integer",
        "must be 'green', 'red' or 'blue'",
    ]


def test_json_api_details_keep_their_own_status_and_code():
    body = {"errors": [{"status": "409", "code": "conflict"}, {"status": "422", "code": "bad"}]}
    error = parse(body)
    assert (error.code, error.status) == ("conflict", 409)
    assert [(d.code, d.status) for d in error.details] == [("bad", 422)]
