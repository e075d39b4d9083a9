"""Wrapped-object dialects read by ``parse``: ServiceStack ``ResponseStatus``, the Microsoft/OData
error object, Google and Stripe, modelled on each API's documented examples."""

from __future__ import annotations

import json

import pytest

from errlsp.envelopes import ApiError, parse

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
    ("spotify", {"error": {"status": 401, "message": "Invalid access token"}}, None, None, None,
     "Invalid access token", (), 401, "error-object", ()),
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


def test_response_status_wins_over_stated_status():
    assert parse(GOOGLE_ERROR_INFO, 503).status == 503
    assert parse({"errors": [{"status": "422", "code": "x"}]}, 400).status == 400
