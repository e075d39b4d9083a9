"""The shapes added for real frameworks and APIs, read by ``parse`` alone (no server here;
``tests/pytest_errcodes/test_plugin_frameworks.py`` reads them from the frameworks)."""

from __future__ import annotations

import pytest

from errlsp.catalog.envelope import EnvelopePaths
from errlsp.envelopes import parse
from errlsp.envelopes.pointer import build_with, find_code_like, read_with, resolve


def test_aws_header_names_the_code_when_the_body_does_not():
    header = {"X-Amzn-ErrorType": "AccessDeniedException:http://internal.amazon.com/"}
    error = parse({"Message": "User is not authorized"}, 403, header)
    assert (error.code, error.message, error.dialect) == (
        "AccessDeniedException",
        "User is not authorized",
        "aws-json",
    )
    assert parse({"Message": "m"}, 403).code is None  # no header: a message-only error


def test_s3_xml_in_a_query_protocol_wrapper():
    body = (
        b"<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>"
        b"<Message>Rate exceeded</Message></Error><RequestId>r</RequestId></ErrorResponse>"
    )
    error = parse(body, 400, {"content-type": "text/xml"})
    assert (error.code, error.message, error.dialect) == ("Throttling", "Rate exceeded", "s3-xml")


@pytest.mark.parametrize(
    "body",
    [
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><Error><Code>&a;</Code></Error>',
        b"<Error><Code>Unclosed</Code>",
        b"<html><body>Error</body></html>",
    ],
)
def test_xml_with_entities_or_broken_is_no_error(body):
    assert parse(body, 500, {"content-type": "application/xml"}) is None


def test_text_plain_error_status_is_a_message_only_error():
    error = parse(b"Internal Server Error", 500, {"content-type": "text/plain; charset=utf-8"})
    assert (error.code, error.message) == (None, "Internal Server Error")
    assert parse(b"fine", 200, {"content-type": "text/plain"}) is None
    assert parse(b"<h1>502</h1>", 502, {"content-type": "text/html"}) is None


def test_webargs_code_is_the_status_but_a_jsend_or_custom_code_is_kept():
    smorest = {"code": 400, "status": "Bad Request", "message": "Bad request"}
    assert parse(smorest, 400).code is None
    assert parse({"code": 1001, "status": "Bad Request"}, 400).code == "1001"
    assert parse({"code": 404, "message": "Not Found"}, 404).code == "404"


def test_fields_are_per_code_in_sibling_errors():
    drf = {
        "type": "validation_error",
        "errors": [
            {"code": "required", "detail": "d", "attr": "name"},
            {"code": "invalid", "detail": "d", "attr": "age"},
        ],
    }
    error = parse(drf, 400)
    assert error.fields_for("required") == ("name",)
    assert error.all_fields() == ("name", "age")


PATHS = EnvelopePaths(
    code="/result/errorCode",
    message="/result/text",
    errors="/result/problems",
    errors_code="/id",
    errors_field="/param",
)


def test_pointers_read_build_and_resolve():
    body = build_with(PATHS, "ORDER_INVALID", "Bad order.", ("qty", "sku"), None)
    assert body == {
        "result": {
            "errorCode": "ORDER_INVALID",
            "text": "Bad order.",
            "problems": [
                {"id": "ORDER_INVALID", "message": "Bad order.", "param": "qty"},
                {"id": "ORDER_INVALID", "message": "Bad order.", "param": "sku"},
            ],
        }
    }
    error = read_with(body, 400, PATHS, parse(body, 400))
    assert error.code == "ORDER_INVALID"
    assert error.all_fields() == ("qty", "sku")
    assert resolve({"a/b": {"~": [1, 2]}}, "/a~1b/~0/1") == 2
    assert resolve({"a": 1}, "/a/b") is None
    assert resolve({"a": 1}, "") == {"a": 1}


def test_find_code_like_prefers_the_wanted_value_then_depth():
    body = {"type": "about:blank", "outer": {"inner": {"reason": "X_FAILED"}}, "id": "X_FAILED"}
    assert find_code_like(body, "X_FAILED")[:2] == [
        ("/id", "X_FAILED"),
        ("/outer/inner/reason", "X_FAILED"),
    ]
    deep = {"a": {"b": {"c": {"d": {"e": {"f": {"g": {"h": {"code": "TOO_DEEP"}}}}}}}}}
    assert find_code_like(deep, None) == []
