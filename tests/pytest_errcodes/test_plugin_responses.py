"""``_responses.read_response``: every supported client's response, read from a real socket."""

from __future__ import annotations

import json

import pytest

from pytest_errcodes._responses import ResponseBodyNotRead, ResponseData, read_response


def test_every_client_yields_status_headers_and_body(fetch):
    data = read_response(fetch("/voipnow/unauthorized"))
    assert data.status == 401
    assert data.content_type == "application/json"
    assert json.loads(data.body) == {
        "error": {"code": "unauthorized", "message": "Access unauthorized"}
    }


def test_every_client_keeps_non_json_bodies_as_bytes(fetch):
    data = read_response(fetch("/bad/html"))
    assert data.status == 502
    assert data.content_type.startswith("text/html")
    assert b"<h1>502 Bad Gateway</h1>" in data.body
