"""Top-level (``flat``) error bodies from popular frameworks, and bodies with no error."""

from __future__ import annotations

import json

import pytest

from errlsp.envelopes import ApiError, parse

# (id, body, status, headers, code, message, fields, status read, dialect, codes)
CASES = [
    ("flat-code-message", {"code": "INVALID_TOKEN", "message": "The token has expired."}, 401,
     None, "INVALID_TOKEN", "The token has expired.", (), 401, "flat", ("INVALID_TOKEN",)),
    ("oauth2", {"error": "invalid_grant", "error_description": "Bad authorization code."}, 400,
     None, "invalid_grant", "Bad authorization code.", (), 400, "flat", ("invalid_grant",)),
    ("slack", {"ok": False, "error": "invalid_auth"}, 200, None, "invalid_auth", None, (), 200,
     "flat", ("invalid_auth",)),
    ("numeric-error-code", {"error_code": 1001, "error_message": "Quota exceeded"}, None, None,
     "1001", "Quota exceeded", (), None, "flat", ("1001",)),
    ("spring-boot-default", {"timestamp": "2024-05-01T10:00:00.000+00:00", "status": 404,
     "error": "Not Found", "path": "/api/users/7"}, None, None, None, "Not Found", (), 404, "flat",
     ()),
    ("fastapi-422", {"detail": [{"type": "missing", "loc": ["body", "name"], "msg":
     "Field required", "input": {}}, {"type": "int_parsing", "loc": ["query", "limit"], "msg":
     "Input should be a valid integer"}]}, 422, None, None, "Field required", ("name", "limit"),
     422, "flat", ("missing", "int_parsing")),
    ("laravel-422", {"message": "The email field is required.", "errors": {"email": [
     "The email field is required."]}}, 422, None, None, "The email field is required.",
     ("email",), 422, "flat", ()),
    ("jsend-fail", {"status": "fail", "data": {"title": "A title is required"}}, 400, None, None,
     "A title is required", ("title",), 400, "flat", ()),
    ("drf-validation", {"name": ["This field is required."], "address": {"city": [
     "This field may not be blank."]}}, 400, None, None, "This field is required.",
     ("name", "address.city"), 400, "flat", ()),
    ("drf-detail", {"detail": "Not found."}, 404, None, None, "Not found.", (), 404, "flat", ()),
    ("github-not-found", {"message": "Not Found", "documentation_url": "https://docs.github.com/"
     "rest"}, 404, None, None, "Not Found", (), 404, "flat", ()),
]  # fmt: skip


@pytest.mark.parametrize(
    ("body", "status", "headers", "code", "message", "fields", "read_status", "dialect", "codes"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_flat_bodies(body, status, headers, code, message, fields, read_status, dialect, codes):
    for wire in (body, json.dumps(body), json.dumps(body).encode()):
        error = parse(wire, status, headers)
        assert isinstance(error, ApiError)
        assert (error.code, error.message, error.fields) == (code, message, fields)
        assert (error.status, error.dialect, error.codes()) == (read_status, dialect, codes)


@pytest.mark.parametrize(
    "body",
    [
        {"Result": "ok", "ResponseStatus": None},
        {"Id": 1, "ResponseStatus": {}},
        {"data": {"viewer": {"login": "octocat"}}},
        {"data": {"viewer": None}, "errors": []},
        {"error": None},
        {"error": {}},
        {"errors": [{}]},
        {"code": 0, "msg": "success", "data": {"id": 3}},
        {"code": 200, "message": "OK"},
        {"success": True, "code": "X"},
        {"ok": True},
        {"error": False, "message": "done"},
        {"status": "success", "data": {"post": {"id": 1}}},
        {"id": 1, "title": "My post", "status": 200},
        {"type": "movie", "title": "Jaws", "status": "released"},
    ],
)
def test_success_bodies_carry_no_error(body):
    assert parse(body, 200) is None


@pytest.mark.parametrize(
    "body",
    [{"message": "Not Found"}, {"detail": "Not found."}, {"name": ["This field is required."]}],
)
def test_bare_message_or_field_dict_is_an_error_only_at_an_error_status(body):
    assert parse(body) is None
    assert parse(body, 200) is None
    assert parse(body, 400) is not None


def test_errors_array_of_strings_is_read_as_messages():
    error = parse({"errors": ["Name is required", "Email is invalid"]}, 400)
    assert [d.message for d in error.details] == ["Name is required", "Email is invalid"]
    assert error.message == "Name is required"
