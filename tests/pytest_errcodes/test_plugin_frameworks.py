"""The error bodies real frameworks and real APIs return, read by ``assert_api_error``.

Each framework serves its own default error bodies (nothing hand-written): FastAPI under
uvicorn on 127.0.0.1 (sync and ``httpx.AsyncClient``), Starlette's ``HTTPException``, Django
REST framework with its default handler, with ``get_full_details()`` codes and with
drf-standardized-errors, Django Ninja (Django's test client), Flask-smorest under werkzeug on
127.0.0.1, and Litestar through its test client. Public APIs that are not frameworks
(Microsoft Graph / Azure, Google AIP-193, AWS JSON and S3 XML, Slack) are served as their
documentation shows, with their headers, by a Starlette app on 127.0.0.1 and read through
requests, httpx and aiohttp.
"""

from __future__ import annotations

import asyncio
import json
import sys
import threading
import time
import types
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from pytest_errcodes import assert_api_error
from pytest_errcodes._responses import ResponseData

FRAMEWORKS = str(Path(__file__).parent / "data" / "frameworks.toml")


def sibling_conftest() -> types.ModuleType:
    """This folder's conftest, by path (a bare ``import conftest`` may find another one)."""
    import importlib.util

    name = "errcodes_plugin_conftest"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("conftest.py"))
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


GOOGLE_API_KEY = sibling_conftest().GOOGLE_API_KEY
pytestmark = pytest.mark.errcodes(catalog=FRAMEWORKS)


def serve_asgi(app) -> Iterator[str]:
    """``app`` under uvicorn on a free 127.0.0.1 port; yields the base URL."""
    import socket

    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(5)
        sock.close()


# --- FastAPI and Starlette ---------------------------------------------------------------------


def fastapi_app():
    from fastapi import FastAPI, HTTPException
    from pydantic import BaseModel

    app = FastAPI()

    class Item(BaseModel):
        name: str
        price: float

    def create(item):
        return item

    # this module's annotations are strings (PEP 563) the framework cannot resolve in a closure
    create.__annotations__ = {"item": Item, "return": Item}
    app.post("/items")(create)

    @app.get("/object")
    def detail_object() -> None:
        raise HTTPException(
            400, detail={"code": "NAME_REQUIRED", "message": "Name is required", "field": "name"}
        )

    @app.get("/string")
    def detail_string() -> None:
        raise HTTPException(404, detail="Item not found")

    return app


@pytest.fixture(scope="module")
def fastapi_url() -> Iterator[str]:
    yield from serve_asgi(fastapi_app())


def test_fastapi_detail_object(fastapi_url):
    import httpx

    response = httpx.get(fastapi_url + "/object")
    assert response.json() == {
        "detail": {"code": "NAME_REQUIRED", "message": "Name is required", "field": "name"}
    }
    error = assert_api_error(response, "NAME_REQUIRED", field="name", status=400)
    assert error.message == "Name is required"


def test_fastapi_detail_string_is_a_code_less_error(fastapi_url):
    import requests

    response = requests.get(fastapi_url + "/string", timeout=10)
    error = assert_api_error(response, status=404, message="Item not found")
    assert error.code is None
    with pytest.raises(AssertionError, match="the error states no code"):
        assert_api_error(response, "not_found")


def test_fastapi_pydantic_422(fastapi_url):
    import httpx

    response = httpx.post(fastapi_url + "/items", json={"price": "cheap"})
    assert response.status_code == 422
    assert_api_error(response, "missing", field="name", status=422, message="Field required")
    assert_api_error(response, "float_parsing", field="price")
    assert_api_error(response, field=["name", "price"], status=422)
    with pytest.raises(AssertionError, match="does not name field 'colour'"):
        assert_api_error(response, field="colour")


async def test_fastapi_through_httpx_async_client(fastapi_url):
    import httpx

    async with httpx.AsyncClient(base_url=fastapi_url) as client:
        response = await client.get("/object")
        missing = await client.post("/items", json={})
    assert_api_error(response, "NAME_REQUIRED", field="name")
    assert_api_error(missing, "missing", field="price")


def test_starlette_http_exception():
    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException
    from starlette.routing import Route

    async def teapot(request):
        raise HTTPException(status_code=409, detail="Name taken")

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*starlette.testclient.*httpx2")
        from starlette.testclient import TestClient

    with TestClient(Starlette(routes=[Route("/taken", teapot)])) as client:
        response = client.get("/taken")
        not_found = client.get("/nowhere")
    assert (response.headers["content-type"], response.text) == (
        "text/plain; charset=utf-8",
        "Name taken",
    )
    assert_api_error(response, status=409, message="Name taken")
    assert_api_error(not_found, status=404, message="Not Found")
    with pytest.raises(AssertionError, match="the error states no code"):
        assert_api_error(response, "NAME_REQUIRED")


# --- Django REST framework, drf-standardized-errors, Django Ninja ------------------------------


def drf_urls() -> str:
    """A URLconf with one DRF view per exception handler and a Django Ninja API."""
    name = "errcodes_framework_urls"
    if name in sys.modules:
        return name
    sibling_conftest().django_client()  # configures Django once per process
    from django.urls import path
    from drf_standardized_errors.handler import exception_handler as standardized
    from ninja import NinjaAPI, Schema
    from rest_framework import exceptions, serializers
    from rest_framework.response import Response
    from rest_framework.views import APIView, exception_handler

    class ItemSerializer(serializers.Serializer):
        name = serializers.CharField()
        age = serializers.IntegerField()

    class Default(APIView):
        authentication_classes: list = []
        permission_classes: list = []

        def post(self, request):
            ItemSerializer(data=request.data).is_valid(raise_exception=True)
            return Response({})

        def get(self, request):
            raise exceptions.NotFound()

    def with_codes(exc, context):
        response = exception_handler(exc, context)
        if response is not None and isinstance(exc, exceptions.APIException):
            response.data = exc.get_full_details()
        return response

    class WithCodes(Default):
        def get_exception_handler(self):
            return with_codes

    class Standardized(Default):
        def get_exception_handler(self):
            return standardized

    api = NinjaAPI(urls_namespace="errcodes-ninja")

    class Item(Schema):
        name: str

    def create(request, payload):
        return {}

    create.__annotations__ = {"payload": Item}
    api.post("/items")(create)

    urls = types.ModuleType(name)
    urls.urlpatterns = [  # type: ignore[attr-defined]
        path("drf/default", Default.as_view()),
        path("drf/codes", WithCodes.as_view()),
        path("drf/standardized", Standardized.as_view()),
        path("ninja/", api.urls),
    ]
    sys.modules[name] = urls
    return name


@pytest.fixture
def django() -> Iterator[object]:
    urlconf = drf_urls()
    from django.test import Client, override_settings

    with override_settings(ROOT_URLCONF=urlconf, REST_FRAMEWORK={"UNAUTHENTICATED_USER": None}):
        yield Client()


def post_json(client, path: str, body: object):
    return client.post(path, data=json.dumps(body), content_type="application/json")


def test_drf_default_bodies_name_fields_without_codes(django):
    response = post_json(django, "/drf/default", {"age": "old"})
    assert response.json() == {
        "name": ["This field is required."],
        "age": ["A valid integer is required."],
    }
    assert_api_error(response, field="name", status=400)
    assert_api_error(response, field=["name", "age"], message="This field is required.")
    assert_api_error(django.get("/drf/default"), status=404, message="Not found.")


def test_drf_error_detail_codes(django):
    response = post_json(django, "/drf/codes", {"age": "old"})
    assert response.json()["name"] == [{"message": "This field is required.", "code": "required"}]
    assert_api_error(response, "required", field="name", status=400)
    assert_api_error(response, "invalid", field="age")
    assert_api_error(django.get("/drf/codes"), "not_found", status=404)


def test_drf_standardized_errors_attr_is_the_field(django):
    response = post_json(django, "/drf/standardized", {"age": "old"})
    assert response.json()["type"] == "validation_error"
    error = assert_api_error(response, "required", field="name", status=400)
    assert error.dialect == "drf"
    assert_api_error(response, "invalid", field="age")
    with pytest.raises(AssertionError, match="does not name field 'age'"):
        assert_api_error(response, "required", field="age")
    assert_api_error(django.get("/drf/standardized"), "not_found", status=404)


def test_django_ninja_validation(django):
    response = post_json(django, "/ninja/items", {})
    assert response.status_code == 422
    assert_api_error(response, "missing", field="name", status=422)
    assert_api_error(response, "missing", field="payload.name")


# --- Flask-smorest under werkzeug, Litestar ------------------------------------------------------


@pytest.fixture(scope="module")
def smorest_url() -> Iterator[str]:
    import marshmallow as ma
    from flask import Flask
    from flask_smorest import Api, Blueprint, abort
    from werkzeug.serving import make_server

    app = Flask("errcodes_smorest")
    app.config.update(API_TITLE="shop", API_VERSION="1", OPENAPI_VERSION="3.0.2")
    api = Api(app)
    items = Blueprint("items", "items", url_prefix="/items")

    class ItemSchema(ma.Schema):
        name = ma.fields.String(required=True)

    class PageSchema(ma.Schema):
        page = ma.fields.Integer()

    @items.route("/", methods=["POST"])
    @items.arguments(PageSchema, location="query")
    @items.arguments(ItemSchema)
    def create(page, item):
        return item

    @items.route("/taken")
    def taken():
        abort(409, message="Name taken", errors={"json": {"name": ["taken"]}})

    api.register_blueprint(items)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.port}"
    server.shutdown()
    thread.join(5)
    server.server_close()


def test_flask_smorest_errors_by_location(smorest_url):
    import requests

    response = requests.post(smorest_url + "/items/?page=two", json={}, timeout=10)
    assert response.json()["errors"] == {"query": {"page": ["Not a valid integer."]}}
    error = assert_api_error(response, field="page", status=422)
    assert error.code is None  # ``"code": 422`` is the status, not an error code
    missing = requests.post(smorest_url + "/items/", json={}, timeout=10)
    assert_api_error(missing, field="name", message="Missing data for required field.")
    assert_api_error(requests.get(smorest_url + "/items/taken", timeout=10), field="name",
                     status=409, message="Name taken")  # fmt: skip


@pytest.mark.filterwarnings("ignore:.*Reserved kwarg 'data':DeprecationWarning")
def test_litestar_validation_and_extra_code():
    from dataclasses import dataclass

    from litestar import Litestar, get, post
    from litestar.exceptions import NotFoundException
    from litestar.logging.config import LoggingConfig
    from litestar.testing import TestClient

    @dataclass
    class Item:
        name: str
        price: int

    async def create(data):
        return data

    async def gone():
        raise NotFoundException(detail="No such item", extra={"code": "ITEM_MISSING"})

    create.__annotations__ = {"data": Item, "return": Item}
    gone.__annotations__ = {"return": None}
    create, gone = post("/items")(create), get("/gone")(gone)

    app = Litestar([create, gone], logging_config=LoggingConfig(log_exceptions="never"))
    with TestClient(app) as client:
        invalid = client.post("/items", json={"name": "x", "price": "cheap"})
        missing = client.get("/gone")
    assert invalid.json()["extra"][0]["key"] == "price"
    assert_api_error(invalid, field="price", status=400, message="Validation failed")
    assert_api_error(missing, "ITEM_MISSING", status=404, message="No such item")


# --- public APIs, served as documented ------------------------------------------------------------

GRAPH_TOKEN = {
    "error": {
        "code": "InvalidAuthenticationToken",
        "message": "Access token is empty.",
        "innerError": {
            "date": "2021-07-16T10:00:00",
            "request-id": "0c4a8b26-4bd1-4a3a-a35a-6b2c8b0e1f5e",
        },
    }
}
AZURE_NESTED = {
    "error": {
        "code": "InvalidResourceName",
        "message": "The resource name is invalid.",
        "target": "accountName",
        "details": [
            {"code": "ResourceNameInvalid", "target": "accountName", "message": "Too long."}
        ],
        "innererror": {
            "code": "NameTooLong",
            "innererror": {"code": "MaxLengthExceeded", "message": "At most 24 characters."},
        },
    }
}
GOOGLE_FIELD = {  # the API key error of conftest, with the field violation AIP-193 adds
    "error": {
        **GOOGLE_API_KEY["error"],
        "details": [
            *GOOGLE_API_KEY["error"]["details"],
            {
                "@type": "type.googleapis.com/google.rpc.BadRequest",
                "fieldViolations": [{"field": "key", "description": "Invalid API key."}],
            },
        ],
    }
}
AWS_JSON = {
    "__type": "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",
    "message": "Requested resource not found",
}
S3_XML = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code>'
    b"<Message>The specified key does not exist.</Message><Key>photos/cat.jpg</Key>"
    b"<RequestId>4442587FB7D0A2F9</RequestId><HostId>aGVsbG8=</HostId></Error>"
)
SLACK = {"ok": False, "error": "channel_not_found"}

JSON = {"content-type": "application/json"}
LAMBDA_ERROR_TYPE = (
    "ValidationException:http://internal.amazon.com/coral/com.amazon.coral.validate/"
)
API_ROUTES: dict[str, tuple[int, dict[str, str], bytes]] = {
    "/graph/me": (401, JSON, json.dumps(GRAPH_TOKEN).encode()),
    "/azure/account": (400, JSON, json.dumps(AZURE_NESTED).encode()),
    "/google/translate": (400, JSON, json.dumps(GOOGLE_FIELD).encode()),
    "/aws/dynamodb": (400, {"content-type": "application/x-amz-json-1.0"},
                      json.dumps(AWS_JSON).encode()),
    "/aws/lambda": (400, {**JSON, "x-amzn-ErrorType": LAMBDA_ERROR_TYPE},
                    b'{"message": "1 validation error detected"}'),
    "/s3/photos/cat.jpg": (404, {"content-type": "application/xml"}, S3_XML),
    "/slack/chat.postMessage": (200, {"content-type": "application/json; charset=utf-8"},
                                json.dumps(SLACK).encode()),
}  # fmt: skip


@pytest.fixture(scope="module")
def api_url() -> Iterator[str]:
    from starlette.applications import Starlette
    from starlette.responses import Response
    from starlette.routing import Route

    async def endpoint(request):
        status, headers, body = API_ROUTES[request.url.path]
        return Response(body, status, headers=headers)

    yield from serve_asgi(Starlette(routes=[Route("/{path:path}", endpoint)]))


def get_with(client: str, url: str):
    if client == "requests":
        import requests

        return requests.get(url, timeout=10)
    if client == "httpx":
        import httpx

        return httpx.get(url)

    import aiohttp

    async def fetch():
        async with aiohttp.ClientSession() as session, session.get(url) as response:
            await response.read()
            return response

    return asyncio.run(fetch())


API_CASES = [
    ("/graph/me", "InvalidAuthenticationToken", {"status": 401, "message": "empty"},
     "error-object"),
    ("/azure/account", "InvalidResourceName", {"field": "accountName"}, "error-object"),
    ("/azure/account", "ResourceNameInvalid", {"field": "accountName"}, "error-object"),
    ("/google/translate", "API_KEY_INVALID", {"field": "key", "status": 400}, "google"),
    ("/google/translate", "INVALID_ARGUMENT", {}, "google"),
    ("/aws/dynamodb", "ResourceNotFoundException", {"message": "not found"}, "aws-json"),
    ("/aws/lambda", "ValidationException", {"status": 400}, "aws-json"),
    ("/s3/photos/cat.jpg", "NoSuchKey", {"status": 404, "message": "does not exist"}, "s3-xml"),
    ("/slack/chat.postMessage", "channel_not_found", {"status": 200}, "flat"),
]  # fmt: skip


@pytest.mark.parametrize("client", ["requests", "httpx", "aiohttp"])
@pytest.mark.parametrize(
    ("path", "code", "kwargs", "dialect"), API_CASES, ids=lambda v: str(v)[:30]
)
def test_public_api_error_bodies(api_url, client, path, code, kwargs, dialect):
    error = assert_api_error(get_with(client, api_url + path), code, **kwargs)
    assert error.dialect == dialect


def test_azure_innererror_chain_and_details_are_all_read(api_url):
    import httpx

    error = assert_api_error(httpx.get(api_url + "/azure/account"), "MaxLengthExceeded")
    assert error.codes() == (
        "InvalidResourceName",
        "ResourceNameInvalid",
        "NameTooLong",
        "MaxLengthExceeded",
    )


def test_slack_success_is_not_an_error():
    body = ResponseData(body=b'{"ok": true, "channel": "C1"}', status=200)
    with pytest.raises(AssertionError, match="the response is a success"):
        assert_api_error(body, "channel_not_found")
