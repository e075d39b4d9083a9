"""Real HTTP servers and real clients for the plugin's tests.

One table of responses (``ROUTES``) is served by a Starlette app under uvicorn and by a
Flask app under werkzeug, both on 127.0.0.1 with a free port, and by a Django view; the
``fetch`` fixture reads a route through every supported client, so each assertion test runs
against every response type the plugin claims to understand, from a real socket.
"""

from __future__ import annotations

import asyncio
import json
import socket
import sys
import threading
import time
import types
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest


def pytest_configure(config: pytest.Config) -> None:
    # ``pytest_plugins`` is only allowed in the top-level conftest, which is not ours.
    if not config.pluginmanager.has_plugin("pytester"):
        config.pluginmanager.import_plugin("pytester")


@dataclass(frozen=True)
class Route:
    status: int
    content_type: str | None
    body: bytes


def _json(status: int, value: object, content_type: str = "application/json") -> Route:
    return Route(status, content_type, json.dumps(value).encode())


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
FONE_ONE_OF_SEVERAL = {
    "ResponseStatus": {
        "ErrorCode": "ONE_OF_SEVERAL_PARAMETERS_REQUIRED",
        "Message": "One of the parameters 'Email', 'PhoneNumber' is required.",
        "Errors": [
            {
                "ErrorCode": "ONE_OF_SEVERAL_PARAMETERS_REQUIRED",
                "FieldName": "Email, PhoneNumber",
                "Message": "One of the parameters 'Email', 'PhoneNumber' is required.",
            }
        ],
    }
}
FONE_FORBIDDEN = {
    "ResponseStatus": {"ErrorCode": "FORBIDDEN", "Message": "Missing permission: Numbers.Write"}
}
FONE_UNDOCUMENTED = {
    "ResponseStatus": {"ErrorCode": "NUMBER_QUARANTINED", "Message": "The number is quarantined."}
}
VOIPNOW_UNAUTHORIZED = {"error": {"code": "unauthorized", "message": "Access unauthorized"}}
VOIPNOW_CDR = {
    "error": {
        "code": "cdr_start_date_invalid",
        "message": "The start date parameter is invalid. The format should be ISO ISO 8601 "
        "YYYY-MM-DDThh:mm:ss.",
    }
}
PROBLEM_OUT_OF_CREDIT = {
    "type": "https://example.com/probs/out-of-credit",
    "title": "You do not have enough credit.",
    "status": 403,
    "detail": "Your current balance is 30, but that costs 50.",
    "instance": "/account/12345/msgs/abc",
    "code": "OUT_OF_CREDIT",
    "balance": 30,
}
PROBLEM_VALIDATION = {
    "type": "https://example.net/validation-error",
    "title": "Your request is not valid.",
    "status": 422,
    "code": "VALIDATION_FAILED",
    "errors": [
        {"detail": "must be a positive integer", "pointer": "#/age"},
        {"detail": "must be 'green', 'red' or 'blue'", "pointer": "#/profile/color"},
    ],
}
JSON_API_INVALID = {
    "jsonapi": {"version": "1.1"},
    "errors": [
        {
            "status": "422",
            "code": "INVALID_ATTRIBUTE",
            "source": {"pointer": "/data/attributes/firstName"},
            "title": "Invalid Attribute",
            "detail": "First name must contain at least two characters.",
        }
    ],
}
GOOGLE_API_KEY = {
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
GRAPHQL_BAD_INPUT = {
    "errors": [
        {
            "message": 'Variable "$id" got invalid value "abc"; Int cannot represent it.',
            "locations": [{"line": 1, "column": 8}],
            "extensions": {"code": "BAD_USER_INPUT", "argumentName": "id"},
        }
    ],
    "data": None,
}
STRIPE_DECLINED = {
    "error": {
        "code": "card_declined",
        "decline_code": "insufficient_funds",
        "doc_url": "https://stripe.com/docs/error-codes/card-declined",
        "message": "Your card has insufficient funds.",
        "param": "",
        "type": "card_error",
    }
}
HTML_502 = (
    b"<!DOCTYPE html>\n<html>\n<head><title>502 Bad Gateway</title></head>\n"
    b"<body>\n<center><h1>502 Bad Gateway</h1></center>\n<hr><center>nginx</center>\n"
    b"</body>\n</html>\n"
)
HUGE = {
    "error": {"code": "unauthorized", "message": "Access unauthorized"},
    "trace": [f"frame {index}" for index in range(60_000)],
}

ROUTES: dict[str, Route] = {
    "/fone/parameter-required": _json(400, FONE_PARAMETER_REQUIRED),
    "/fone/one-of-several": _json(400, FONE_ONE_OF_SEVERAL),
    "/fone/forbidden": _json(403, FONE_FORBIDDEN),
    "/fone/forbidden-as-404": _json(404, FONE_FORBIDDEN),
    "/fone/undocumented": _json(400, FONE_UNDOCUMENTED),
    "/voipnow/unauthorized": _json(401, VOIPNOW_UNAUTHORIZED),
    "/voipnow/cdr": _json(400, VOIPNOW_CDR),
    "/problem/out-of-credit": _json(403, PROBLEM_OUT_OF_CREDIT, "application/problem+json"),
    "/problem/validation": _json(422, PROBLEM_VALIDATION, "application/problem+json"),
    "/json-api/invalid": _json(422, JSON_API_INVALID, "application/vnd.api+json"),
    "/google/api-key": _json(400, GOOGLE_API_KEY),
    "/graphql/bad-input": _json(200, GRAPHQL_BAD_INPUT),
    "/stripe/declined": _json(402, STRIPE_DECLINED),
    "/ok": _json(200, {"id": 42, "name": "Sales line"}),
    "/bad/html": Route(502, "text/html; charset=utf-8", HTML_502),
    "/bad/empty": Route(500, None, b""),
    "/bad/truncated": Route(500, "application/json", b'{"error": {"code": "unauthori'),
    "/bad/list": _json(400, [{"code": "unauthorized"}]),
    "/bad/number": _json(500, 42),
    "/bad/huge": _json(401, HUGE),
}


# --- Starlette under uvicorn ---------------------------------------------------------------


def starlette_app():
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route as StarletteRoute

    async def endpoint(request: Request) -> Response:
        route = ROUTES.get(request.url.path)
        if route is None:
            return Response(b"not found", 404, media_type="text/plain")
        headers = {"content-type": route.content_type} if route.content_type else {}
        return Response(route.body, route.status, headers=headers)

    return Starlette(routes=[StarletteRoute("/{path:path}", endpoint)])


def _free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@pytest.fixture(scope="module")
def uvicorn_url() -> Iterator[str]:
    """A Starlette app served by uvicorn on a free 127.0.0.1 port, in a thread."""
    import uvicorn

    sock = _free_socket()
    port = sock.getsockname()[1]
    config = uvicorn.Config(starlette_app(), log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(5)
    sock.close()


# --- Flask under werkzeug --------------------------------------------------------------------


def flask_app():
    from flask import Flask, Response, request

    app = Flask("errcodes_test_app")

    @app.route("/", defaults={"path": ""})
    @app.route("/<path:path>")
    def endpoint(path: str) -> Response:
        route = ROUTES.get(request.path)
        if route is None:
            return Response(b"not found", 404, content_type="text/plain")
        response = Response(route.body, route.status)
        if route.content_type:
            response.headers["Content-Type"] = route.content_type
        else:
            del response.headers["Content-Type"]
        return response

    return app


@pytest.fixture(scope="module")
def werkzeug_url() -> Iterator[str]:
    """The Flask app served by werkzeug's threaded WSGI server on a free port."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, flask_app(), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.port}"
    server.shutdown()
    thread.join(5)
    server.server_close()


# --- Django ----------------------------------------------------------------------------------


def django_client():
    """Django's test client over a one-view URLconf, with settings configured minimally."""
    import django
    from django.conf import settings

    if not settings.configured:
        from django.http import HttpResponse
        from django.urls import re_path

        def view(request, path: str = ""):
            route = ROUTES.get(request.path)
            if route is None:
                return HttpResponse(b"not found", status=404, content_type="text/plain")
            response = HttpResponse(route.body, status=route.status)
            if route.content_type:
                response["Content-Type"] = route.content_type
            else:
                del response["Content-Type"]
            return response

        urls = types.ModuleType("errcodes_test_urls")
        urls.urlpatterns = [re_path(r"^(?P<path>.*)$", view)]  # type: ignore[attr-defined]
        sys.modules[urls.__name__] = urls
        settings.configure(
            DEBUG=False,
            SECRET_KEY="errcodes-tests",
            ROOT_URLCONF=urls.__name__,
            ALLOWED_HOSTS=["testserver"],
            MIDDLEWARE=[],
            INSTALLED_APPS=[],
            DATABASES={},
            USE_TZ=True,
        )
        django.setup()
    from django.test import Client

    return Client()


@pytest.fixture
def django_test_client():
    """Django's test client (configures Django once per process)."""
    return django_client()


# --- aiohttp ---------------------------------------------------------------------------------


def aiohttp_get(url: str):
    """An aiohttp ClientResponse whose body was read inside the session, as tests do."""
    import aiohttp

    async def get():
        async with aiohttp.ClientSession() as session, session.get(url) as response:
            await response.read()
            return response

    return asyncio.run(get())


# --- one fixture, every client ---------------------------------------------------------------

CLIENTS = (
    "requests",
    "httpx",
    "httpx-werkzeug",
    "aiohttp",
    "starlette-testclient",
    "flask-testclient",
    "django-testclient",
)


@pytest.fixture(scope="module", params=CLIENTS)
def fetch(request: pytest.FixtureRequest) -> Iterator[Callable[[str], object]]:
    """``fetch(path)``: the route's response as the parametrized client returns it."""
    kind = request.param
    if kind == "requests":
        import requests

        base = request.getfixturevalue("uvicorn_url")
        with requests.Session() as session:
            yield lambda path: session.get(base + path, timeout=10)
    elif kind in ("httpx", "httpx-werkzeug"):
        import httpx

        fixture = "uvicorn_url" if kind == "httpx" else "werkzeug_url"
        with httpx.Client(base_url=request.getfixturevalue(fixture), timeout=10) as client:
            yield client.get
    elif kind == "aiohttp":
        base = request.getfixturevalue("uvicorn_url")
        yield lambda path: aiohttp_get(base + path)
    elif kind == "starlette-testclient":
        with warnings.catch_warnings():  # Starlette 1.x nudges towards httpx2; httpx is fine
            warnings.filterwarnings("ignore", message=".*starlette.testclient.*httpx2")
            from starlette.testclient import TestClient

        with TestClient(starlette_app()) as client:
            yield client.get
    elif kind == "flask-testclient":
        with flask_app().test_client() as client:
            yield client.get
    else:
        client = django_client()
        yield client.get


# --- inner pytest sessions -------------------------------------------------------------------

# No cache files, no pytest-asyncio configuration warning, and pytest-randomly (if installed)
# must not matter: every inner run passes these.
INNER_OPTIONS = ("-p", "no:cacheprovider", "-p", "no:asyncio", "-p", "no:randomly")
SHOP_TOML = Path(__file__).parent / "data" / "shop.toml"


@pytest.fixture
def shop_project(pytester: pytest.Pytester) -> pytest.Pytester:
    """A pytester project whose ``[tool.errlsp]`` names only the small ``shop`` catalog."""
    (pytester.path / "shop.toml").write_text(SHOP_TOML.read_text("utf-8"), "utf-8")
    pytester.makepyprojecttoml('[tool.errlsp]\ncatalogs = ["shop.toml"]\n')
    return pytester


@pytest.fixture
def run_inner(pytester: pytest.Pytester) -> Callable[..., pytest.RunResult]:
    """Run an inner session in-process with ``INNER_OPTIONS``."""

    def run(*args: str) -> pytest.RunResult:
        return pytester.runpytest(*INNER_OPTIONS, *args)

    return run
