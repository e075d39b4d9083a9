"""Bodies that are not what a test expected decode without raising, and say why."""

from __future__ import annotations

import json

import pytest

from errlsp.envelopes import DecodedBody, decode_body, parse
from errlsp.envelopes.decode import MAX_JSON_CHARS
from errlsp.envelopes.values import MAX_ITEMS

HTML_PAGE = b"<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head></html>"


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (None, "empty body"),
        (b"", "empty body"),
        ("  \r\n\t", "empty body"),
        (HTML_PAGE, "not JSON: starts with '<!DOCTYPE html>'"),
        (b"Internal Server Error", "not JSON: starts with 'Internal Server Error'"),
        (b"404 page not found\n", "not JSON: starts with '404 page not found'"),
        (b"nope", "not JSON: starts with 'nope'"),
        ("x" * 100, "not JSON: starts with '" + "x" * 40 + "'..."),
        (b'{"error": {"code": "x_invalid", "mess', "truncated JSON at line 1 column 38"),
        (b'{"errors": [\n  {"code": "X"},\n', "truncated JSON at line 2 column 17"),
        (b'{"a": 1,, }', "invalid JSON at line 1 column 9: Expecting property name enclosed "
         "in double quotes"),
        (b"[" * 100_000, "JSON nested too deeply to decode"),
        (b"[" * 100_000 + b"]" * 100_000, "JSON nested too deeply to decode"),
    ],
)  # fmt: skip
def test_bad_bodies_are_explained(body, error):
    decoded = decode_body(body)
    assert decoded.json is None
    assert decoded.error == error
    assert parse(body, 500) is None


@pytest.mark.parametrize(
    ("body", "value"),
    [(b"[]", []), (b"[1, 2]", [1, 2]), (b"5", 5), (b'"oops"', "oops"), (b"null", None)],
)
def test_json_that_is_not_an_object_decodes_but_carries_no_error(body, value):
    decoded = decode_body(body)
    assert (decoded.json, decoded.error) == (value, None)
    assert parse(body, 400) is None


def test_charset_from_content_type_is_used():
    body = '{"error": {"code": "x", "message": "Café fermé"}}'.encode("latin-1")
    decoded = decode_body(body, {"Content-Type": "application/json; charset=ISO-8859-1"})
    assert decoded.json["error"]["message"] == "Café fermé"
    assert decoded.content_type == "application/json"


@pytest.mark.parametrize("charset", ["no-such-charset", "rot13", '"utf-8"'])
def test_unknown_or_odd_charset_falls_back_to_utf8(charset):
    body = '{"message": "naïve"}'.encode()
    decoded = decode_body(body, {"content-type": f"application/json; charset={charset}"})
    assert decoded.json == {"message": "naïve"}


def test_non_utf8_bytes_are_replaced_not_raised():
    decoded = decode_body(b'{"error": {"code": "X", "message": "bad \xff\xfe byte"}}')
    assert decoded.error is None
    assert decoded.json["error"]["message"] == "bad \ufffd\ufffd byte"
    assert parse(b'{"code": "X", "message": "\xc3"}').code == "X"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32"])
def test_byte_order_marks_are_honoured(encoding):
    decoded = decode_body('{"code": "X"}'.encode(encoding))
    assert decoded.json == {"code": "X"}


def test_text_body_with_bom():
    assert decode_body('\ufeff{"code": "X"}').json == {"code": "X"}


def test_header_names_are_case_insensitive_and_pairs_are_accepted():
    for headers in (
        {"CONTENT-TYPE": "application/problem+json"},
        [(b"content-type", b"application/problem+json")],
        [("Content-Type", "application/problem+json")],
    ):
        assert decode_body(b"{}", headers).content_type == "application/problem+json"
    assert decode_body(b"{}", {"Accept": "text/html"}).content_type is None
    assert decode_body(b"{}", 42).content_type is None


def test_parsed_values_pass_through():
    value = {"error": {"code": "X"}}
    decoded = decode_body(value)
    assert decoded.json is value
    assert json.loads(decoded.text) == value
    assert decode_body(decoded) is decoded
    assert parse(decoded).code == "X"


def test_unserialisable_mapping_still_has_text():
    value: dict = {"code": "X"}
    value["self"] = value
    decoded = decode_body(value)
    assert decoded.error is None and decoded.text
    assert parse(value).code == "X"


def test_other_objects_are_not_bodies():
    decoded = decode_body(object())  # type: ignore[arg-type]
    assert decoded.error == "not a response body: object"
    assert parse(object()) is None  # type: ignore[arg-type]


def test_ten_megabyte_error_body_is_read_by_its_first_entries():
    item = {"detail": "x" * 80, "source": {"pointer": "/data/attributes/a"}}
    items = [{"code": f"E{i}", **item} for i in range(100_000)]
    body = json.dumps({"errors": items}).encode()
    assert len(body) > 10_000_000
    error = parse(body, 422)  # its speed: benchmarks/bench_plugin.py ("large bodies")
    assert (error.code, error.fields, len(error.details)) == ("E0", ("a",), MAX_ITEMS - 1)
    assert decode_body(body).text.startswith('{"errors": [{"code": "E0"')


@pytest.mark.parametrize(
    "shape",
    [
        lambda rows: {"data": rows},
        lambda rows: {f"key{i}": row for i, row in enumerate(rows)},
        lambda rows: rows,
    ],
    ids=["data-array", "huge-object", "top-level-array"],
)
def test_ten_megabyte_success_body_is_quick_and_carries_no_error(shape):
    rows = [{"id": i, "name": "x" * 90, "Code": "X"} for i in range(100_000)]
    body = json.dumps(shape(rows)).encode()
    assert len(body) > 10_000_000
    assert parse(body, 200) is None  # its speed: benchmarks/bench_plugin.py ("large bodies")
    assert parse(body, 500) is None


def test_oversized_body_is_kept_as_text_but_not_parsed():
    body = " " * (MAX_JSON_CHARS + 1) + "{}"
    decoded = decode_body(body)
    assert decoded.json is None
    assert decoded.error.startswith("too large to decode as JSON")


def test_decoded_body_is_a_value():
    assert decode_body(b"{}") == DecodedBody({}, "{}", None, None)
