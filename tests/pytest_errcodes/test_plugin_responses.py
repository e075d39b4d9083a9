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


def test_request_line_names_method_and_url(fetch):
    data = read_response(fetch("/fone/forbidden"))
    assert data.request is not None
    assert data.request.startswith("GET ")
    assert data.request.endswith("/fone/forbidden")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"error": {"code": "x"}}, {"error": {"code": "x"}}),
        ([1, 2], [1, 2]),
        ('{"code": "x"}', '{"code": "x"}'),
        (b'{"code": "x"}', b'{"code": "x"}'),
        (bytearray(b"{}"), b"{}"),
        (memoryview(b"{}"), b"{}"),
    ],
    ids=["dict", "list", "str", "bytes", "bytearray", "memoryview"],
)
def test_bare_bodies_have_no_status(body, expected):
    data = read_response(body)
    assert data.body == expected
    assert data.status is None
    assert data.headers == {}


def test_none_is_the_documented_type_error():
    """A helper that returned nothing is a bug in the test, not an empty body (issue 15)."""
    from pytest_errcodes import assert_api_error

    with pytest.raises(TypeError, match=r"^cannot read an API response from None .*dict"):
        assert_api_error(None, "unauthorized")
    with pytest.raises(TypeError, match="from None"):
        read_response(None)


def test_response_data_passes_through():
    data = ResponseData(body=b"{}", status=418)
    assert read_response(data) is data


def test_unknown_objects_get_a_type_error_naming_the_supported_ones():
    with pytest.raises(TypeError) as excinfo:
        read_response(3.5)
    message = str(excinfo.value)
    assert message.startswith("cannot read an API response from float; expected one of:")
    for name in ("requests.Response", "httpx.Response", "Django", "Flask", "aiohttp", "dict"):
        assert name in message


def test_unread_httpx_stream_is_explained(uvicorn_url):
    import httpx

    with httpx.Client() as client, client.stream("GET", uvicorn_url + "/fone/forbidden") as resp:
        with pytest.raises(ResponseBodyNotRead, match=r"call `response.read\(\)`"):
            read_response(resp)
        resp.read()
        assert read_response(resp).status == 403


def test_unread_aiohttp_response_is_explained(uvicorn_url):
    import asyncio

    import aiohttp

    async def unread():
        url = uvicorn_url + "/fone/forbidden"
        async with aiohttp.ClientSession() as session, session.get(url) as response:
            with pytest.raises(ResponseBodyNotRead, match=r"await response.read\(\)"):
                read_response(response)
            await response.read()
            return read_response(response)

    data = asyncio.run(unread())
    assert data.status == 403
    assert data.request is not None and data.request.startswith("GET http://127.0.0.1:")


def test_mapping_bodies_are_copied():
    from types import MappingProxyType

    data = read_response(MappingProxyType({"error": {"code": "x"}}))
    assert data.body == {"error": {"code": "x"}}
    assert data.source == "mappingproxy"


def test_aiohttp_server_response():
    from aiohttp import web

    data = read_response(web.json_response({"error": {"code": "unauthorized"}}, status=401))
    assert data.status == 401
    assert json.loads(data.body) == {"error": {"code": "unauthorized"}}


def test_django_streaming_response_is_consumed(django_test_client):
    from django.http import StreamingHttpResponse

    response = StreamingHttpResponse(iter([b'{"error": ', '{"code": "unauthorized"}}']), status=401)
    data = read_response(response)
    assert data.status == 401
    assert json.loads(data.body) == {"error": {"code": "unauthorized"}}


def test_werkzeug_test_client_response():
    from werkzeug.test import Client
    from werkzeug.wrappers import Response

    app = Response(b'{"error": {"code": "unauthorized"}}', 401, content_type="application/json")
    data = read_response(Client(app).get("/anything"))
    assert data.status == 401
    assert data.request == "GET http://localhost/anything"
