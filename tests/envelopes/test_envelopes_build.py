"""``build`` writes bodies the real APIs would send, and ``parse`` reads them back."""

from __future__ import annotations

import json

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from errlsp.envelopes import (
    DIALECTS,
    EnvelopeError,
    build,
    build_text,
    detect,
    media_type,
    parse,
)
from errlsp.envelopes.fields import field_names

# Dialects whose body has a place for the HTTP status; elsewhere it lives on the response.
STATUS_IN_BODY = {"problem-json", "json-api", "google", "flat"}
# AWS's JSON protocols name no field; S3's XML is not a JSON body.
JSON_DIALECTS = tuple(dialect for dialect in DIALECTS if dialect != "s3-xml")


def expected_fields(dialect, field):
    return () if dialect == "aws-json" else field_names(field)


def expected_status(dialect, status, code="SOME_CODE"):
    if dialect == "google" and status is None:
        return {"NOT_FOUND": 404}.get(code, 400)  # Google always states a numeric code
    return status if dialect in STATUS_IN_BODY else None


@pytest.mark.parametrize("dialect", JSON_DIALECTS)
@pytest.mark.parametrize("field", [None, "name", "/data/attributes/name", ["email", "items.0.sku"]])
@pytest.mark.parametrize("status", [None, 402, 404, 422, 503])
@pytest.mark.parametrize("message", [None, "Something is wrong."])
def test_round_trip(dialect, field, status, message):
    body = build("SOME_CODE", dialect=dialect, message=message, field=field, status=status)
    wire = json.dumps(body).encode()
    headers = {"Content-Type": media_type(dialect)}
    for read in (parse(body), parse(wire, None, headers), parse(body, dialect=dialect)):
        assert read is not None
        assert (read.code, read.message, read.dialect) == ("SOME_CODE", message, dialect)
        assert read.fields == expected_fields(dialect, field)
        assert read.status == expected_status(dialect, status)
        assert read.codes()[0] == "SOME_CODE"
    assert parse(body, status=418).status == 418
    assert detect(body) == dialect


def test_round_trip_of_a_canonical_google_code():
    body = build("NOT_FOUND", dialect="google", message="No such book.")
    assert body == {"error": {"code": 404, "message": "No such book.", "status": "NOT_FOUND"}}
    read = parse(body)
    assert (read.code, read.status, read.codes()) == ("NOT_FOUND", 404, ("NOT_FOUND",))


FIELD = st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,6}(\.[a-z0-9]{1,4}){0,2}", fullmatch=True)


@given(
    dialect=st.sampled_from(JSON_DIALECTS),
    code=st.text(min_size=1, max_size=20).filter(str.strip),
    message=st.none() | st.text(max_size=30).filter(str.strip),
    fields=st.lists(FIELD, max_size=3),
    status=st.none() | st.integers(100, 599),
)
def test_round_trip_property(dialect, code, message, fields, status):
    # an AWS shape name is an identifier: no namespace separator, no URI, no padding
    assume(dialect != "aws-json" or (not set("#:") & set(code) and code == code.strip()))
    body = build(code, dialect=dialect, message=message, field=fields, status=status)
    read = parse(json.dumps(body), status, {"content-type": media_type(dialect)})
    assert read is not None
    expected = (code, message, expected_fields(dialect, fields))
    assert (read.code, read.message, read.fields) == expected
    assert read.status == status or (dialect == "google" and status is None)


def test_bodies_look_like_the_documented_ones():
    assert build("FORBIDDEN", dialect="response-status", message="No.") == {
        "ResponseStatus": {"ErrorCode": "FORBIDDEN", "Message": "No.", "Errors": []}
    }
    assert build("cdr_flow_invalid", dialect="error-object", message="Bad flow.") == {
        "error": {"code": "cdr_flow_invalid", "message": "Bad flow."}
    }
    assert build("X", dialect="problem-json", message="m", status=404, field="age") == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "m",
        "code": "X",
        "errors": [{"pointer": "#/age", "code": "X", "detail": "m"}],
    }
    assert build("X", dialect="json-api", field="firstName", status=422) == {
        "errors": [
            {"status": "422", "code": "X", "source": {"pointer": "/data/attributes/firstName"}}
        ]
    }
    google = build("API_KEY_INVALID", dialect="google", message="m", status=400)
    assert google["error"]["status"] == "INVALID_ARGUMENT"
    assert google["error"]["details"][0]["reason"] == "API_KEY_INVALID"
    assert build("card_declined", dialect="stripe", message="m", status=402) == {
        "error": {"type": "card_error", "code": "card_declined", "message": "m"}
    }
    assert build("BAD_USER_INPUT", dialect="graphql", field="id") == {
        "errors": [{"message": "", "extensions": {"code": "BAD_USER_INPUT", "argumentName": "id"}}],
        "data": None,
    }


def test_media_types():
    assert media_type("problem-json") == "application/problem+json"
    assert media_type("json-api") == "application/vnd.api+json"
    assert media_type("response-status") == "application/json"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"code": "X", "dialect": "soap"}, "unknown envelope dialect 'soap'; expected one of: "),
        ({"code": "", "dialect": "flat"}, "an error code must be a non-empty string, got ''"),
        ({"code": 42, "dialect": "flat"}, "an error code must be a non-empty string, got 42"),
        ({"code": "X", "dialect": "flat", "status": 1000}, "status must be an HTTP status"),
        ({"code": "X", "dialect": "flat", "status": True}, "status must be an HTTP status"),
        ({"code": "X", "dialect": "flat", "message": 3}, "message must be a string or None"),
        ({"code": "X", "dialect": "flat", "field": ["a", 1]}, "field must be a string or a"),
    ],
)
def test_programmer_errors_raise_envelope_error(kwargs, message):
    with pytest.raises(EnvelopeError) as exc_info:
        build(**kwargs)
    assert str(exc_info.value).startswith(message)
    assert isinstance(exc_info.value, ValueError)


def test_unknown_dialect_is_a_programmer_error_everywhere():
    for call in (lambda: parse(b"{}", dialect="xml"), lambda: media_type("xml")):
        with pytest.raises(EnvelopeError, match="unknown envelope dialect 'xml'"):
            call()


@pytest.mark.parametrize("dialect", DIALECTS)
def test_build_text_is_what_the_api_sends(dialect):
    text = build_text("NoSuchKey", dialect=dialect, message="<gone> & away", field="key")
    read = parse(text.encode(), 404, {"content-type": media_type(dialect)})
    assert (read.code, read.message, read.dialect) == ("NoSuchKey", "<gone> & away", dialect)


def test_s3_xml_is_text_only():
    with pytest.raises(EnvelopeError, match="build_text"):
        build("NoSuchKey", dialect="s3-xml")
    assert build_text("NoSuchKey", dialect="s3-xml", message="No key.") == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        "<Error><Code>NoSuchKey</Code><Message>No key.</Message></Error>"
    )
