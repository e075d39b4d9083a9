"""Realistic error bodies, modelled on each API's documented examples, read by ``parse``."""

from __future__ import annotations

import json

import pytest

from errlsp.envelopes import ApiError, parse

PROBLEM = {"Content-Type": "application/problem+json"}

FONE_PARAMETER_REQUIRED = {
    "ResponseStatus": {
        "ErrorCode": "PARAMETER_REQUIRED",
        "Message": "The parameter 'Name' is required.",
        "Errors": [
            {
                "ErrorCode": "PARAMETER_REQUIRED",
                "FieldName": "Name",
                "Message": "The parameter 'Name' is required.",
            }
        ],
    }
}
SERVICESTACK_CAMEL = {
    "responseStatus": {
        "errorCode": "NotEmpty",
        "message": "'Name' must not be empty.",
        "errors": [
            {
                "errorCode": "NotEmpty",
                "fieldName": "Name",
                "message": "'Name' must not be empty.",
                "meta": {"PropertyName": "Name"},
            },
            {"errorCode": "GreaterThan", "fieldName": "Age", "message": "'Age' must be > 0."},
        ],
    }
}
MICROSOFT_DETAILS = {
    "error": {
        "code": "BadArgument",
        "message": "Multiple errors in ContactInfo data",
        "target": "ContactInfo",
        "details": [
            {
                "code": "NullValue",
                "target": "PhoneNumber",
                "message": "Phone number must not be null",
            },
            {"code": "NullValue", "target": "LastName", "message": "Last name must not be null"},
            {"code": "MalformedValue", "target": "Address", "message": "Address is not valid"},
        ],
    }
}
MICROSOFT_INNERERROR = {
    "error": {
        "code": "BadArgument",
        "message": "Previous passwords may not be reused",
        "target": "password",
        "innererror": {
            "code": "PasswordError",
            "innererror": {
                "code": "PasswordDoesNotMeetPolicy",
                "minLength": "6",
                "innererror": {"code": "PasswordReuseNotAllowed"},
            },
        },
    }
}
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
GOOGLE_ERROR_INFO = {
    "error": {
        "code": 400,
        "message": "API key not valid. Please pass a valid API key.",
        "status": "INVALID_ARGUMENT",
        "details": [
            {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": "API_KEY_INVALID",
                "domain": "googleapis.com",
                "metadata": {"service": "translate.googleapis.com"},
            }
        ],
    }
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
STRIPE_DECLINE = {
    "error": {
        "code": "card_declined",
        "decline_code": "insufficient_funds",
        "doc_url": "https://stripe.com/docs/error-codes/card-declined",
        "message": "Your card has insufficient funds.",
        "request_log_url": "https://dashboard.stripe.com/test/logs/req_x?t=1",
        "type": "card_error",
    }
}

# (id, body, status, headers, code, message, fields, status read, dialect, codes)
CASES = [
    ("fone", FONE_PARAMETER_REQUIRED, 400, None, "PARAMETER_REQUIRED",
     "The parameter 'Name' is required.", ("Name",), 400, "response-status",
     ("PARAMETER_REQUIRED",)),
    ("servicestack-camel", SERVICESTACK_CAMEL, 400, None, "NotEmpty",
     "'Name' must not be empty.", ("Name", "Age"), 400, "response-status",
     ("NotEmpty", "GreaterThan")),
    ("fone-no-errors", {"ResponseStatus": {"ErrorCode": "FORBIDDEN", "Message": "No."}}, 403,
     None, "FORBIDDEN", "No.", (), 403, "response-status", ("FORBIDDEN",)),
    ("voipnow", {"error": {"code": "cdr_start_date_invalid", "message": "The start date "
     "parameter is invalid."}}, 400, None, "cdr_start_date_invalid",
     "The start date parameter is invalid.", (), 400, "error-object", ("cdr_start_date_invalid",)),
    ("microsoft-details", MICROSOFT_DETAILS, 400, None, "BadArgument",
     "Multiple errors in ContactInfo data", ("ContactInfo", "PhoneNumber", "LastName", "Address"),
     400, "error-object", ("BadArgument", "NullValue", "MalformedValue")),
    ("microsoft-innererror", MICROSOFT_INNERERROR, 400, None, "BadArgument",
     "Previous passwords may not be reused", ("password",), 400, "error-object",
     ("BadArgument", "PasswordError", "PasswordDoesNotMeetPolicy", "PasswordReuseNotAllowed")),
    ("graph-innererror-without-code", {"error": {"code": "Request_ResourceNotFound",
     "message": "Resource does not exist.", "innerError": {"date": "2024-01-01T00:00:00",
     "request-id": "b9d0"}}}, 404, None, "Request_ResourceNotFound", "Resource does not exist.",
     (), 404, "error-object", ("Request_ResourceNotFound",)),
    ("azure-table-odata-v3", {"odata.error": {"code": "ResourceNotFound", "message": {
     "lang": "en-US", "value": "The specified resource does not exist."}}}, 404, None,
     "ResourceNotFound", "The specified resource does not exist.", (), 404, "error-object",
     ("ResourceNotFound",)),
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
    ("google-error-info", GOOGLE_ERROR_INFO, None, None, "API_KEY_INVALID",
     "API key not valid. Please pass a valid API key.", (), 400, "google",
     ("API_KEY_INVALID", "INVALID_ARGUMENT")),
    ("google-bad-request", {"error": {"code": 400, "message": "Invalid value at 'book.title'",
     "status": "INVALID_ARGUMENT", "details": [{"@type": "type.googleapis.com/google.rpc."
     "BadRequest", "fieldViolations": [{"field": "book.title", "description": "Title must not "
     "be empty"}]}]}}, None, None, "INVALID_ARGUMENT", "Invalid value at 'book.title'",
     ("book.title",), 400, "google", ("INVALID_ARGUMENT",)),
    ("google-status-only", {"error": {"code": 404, "message": "Requested entity was not found.",
     "status": "NOT_FOUND"}}, 404, None, "NOT_FOUND", "Requested entity was not found.", (), 404,
     "google", ("NOT_FOUND",)),
    ("google-legacy-v1", {"error": {"errors": [{"domain": "usageLimits", "reason":
     "dailyLimitExceeded", "message": "Daily Limit Exceeded"}], "code": 403, "message":
     "Daily Limit Exceeded"}}, None, None, "dailyLimitExceeded", "Daily Limit Exceeded", (), 403,
     "google", ("dailyLimitExceeded",)),
    ("graphql-spec", GRAPHQL_SPEC, 200, None, "CAN_NOT_FETCH_BY_ID",
     "Name for character with ID 1002 could not be fetched.", ("hero.heroFriends.1.name",), 200,
     "graphql", ("CAN_NOT_FETCH_BY_ID",)),
    ("apollo-bad-user-input", {"errors": [{"message": "Invalid argument value", "locations": [{
     "line": 2, "column": 3}], "path": ["userWithID"], "extensions": {"code": "BAD_USER_INPUT",
     "argumentName": "id"}}], "data": {"userWithID": None}}, 200, None, "BAD_USER_INPUT",
     "Invalid argument value", ("id",), 200, "graphql", ("BAD_USER_INPUT",)),
    ("stripe-decline", STRIPE_DECLINE, 402, None, "card_declined",
     "Your card has insufficient funds.", (), 402, "stripe",
     ("card_declined", "insufficient_funds")),
    ("stripe-nested-param", {"error": {"code": "incorrect_number", "message": "Your card number "
     "is incorrect.", "param": "card[number]", "type": "card_error"}}, 402, None,
     "incorrect_number", "Your card number is incorrect.", ("card.number",), 402, "stripe",
     ("incorrect_number",)),
    ("stripe-missing-param", {"error": {"code": "parameter_missing", "message": "Missing "
     "required param: amount.", "param": "amount", "type": "invalid_request_error"}}, 400, None,
     "parameter_missing", "Missing required param: amount.", ("amount",), 400, "stripe",
     ("parameter_missing",)),
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
def test_realistic_bodies(
    body, status, headers, code, message, fields, read_status, dialect, codes
):
    for wire in (body, json.dumps(body), json.dumps(body).encode()):
        error = parse(wire, status, headers)
        assert isinstance(error, ApiError)
        assert (error.code, error.message, error.fields) == (code, message, fields)
        assert (error.status, error.dialect, error.codes()) == (read_status, dialect, codes)


def test_response_status_details_keep_their_own_field():
    error = parse(SERVICESTACK_CAMEL)
    assert [(d.code, d.fields, d.message) for d in error.details] == [
        ("NotEmpty", ("Name",), "'Name' must not be empty."),
        ("GreaterThan", ("Age",), "'Age' must be > 0."),
    ]
    assert error.all_fields() == ("Name", "Age")
    assert error.details[0].raw["meta"] == {"PropertyName": "Name"}


def test_concatenated_field_name_names_each_parameter():
    code = "ONE_OF_SEVERAL_PARAMETERS_REQUIRED"
    item = {"ErrorCode": code, "FieldName": "Email,PhoneNumber"}
    body = {"ResponseStatus": {"ErrorCode": code, "Errors": [item]}}
    assert parse(body).fields == ("Email", "PhoneNumber")


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


def test_response_status_wins_over_stated_status():
    assert parse(GOOGLE_ERROR_INFO, 503).status == 503
    assert parse({"errors": [{"status": "422", "code": "x"}]}, 400).status == 400


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
