"""Turn whatever a test holds into one shape: status, headers, body, and what it was.

Test suites meet responses from many libraries; the assertions should not care which. Every
adapter here is duck-typed on public attributes, so none of those libraries is imported (a
suite using only ``requests`` must not pay for ``django``), and an unknown object gets a
``TypeError`` that lists what is supported instead of an ``AttributeError`` from deep inside.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from errlsp.envelopes import Body

SUPPORTED = (
    "requests.Response, httpx.Response (also Starlette/FastAPI TestClient responses), "
    "Django test responses, Werkzeug/Flask test responses, aiohttp ClientResponse "
    "(after `await response.read()`), aiohttp.web.Response, a dict or list (parsed JSON), "
    "or a JSON str/bytes body"
)


class ResponseBodyNotRead(TypeError):
    """A streamed response whose body was never read: there is nothing to check yet."""


@dataclass(frozen=True)
class ResponseData:
    """A response reduced to what error checks need.

    ``body`` is exactly what the test gave: bytes or text from the wire, or an already
    parsed JSON value (dict, list...) when the test passed one. ``headers`` has lower-case
    names so lookups need no case-insensitive mapping type. ``status`` is ``None`` when the
    test passed a bare body, which carries no status.
    """

    body: Body
    status: int | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    source: str = "body"
    request: str | None = None

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")


def read_response(response: object) -> ResponseData:
    """Adapt ``response`` (see ``SUPPORTED``); raise ``TypeError`` for anything else."""
    if isinstance(response, ResponseData):
        return response
    if response is None:
        raise TypeError(
            f"cannot read an API response from None (did the call return nothing?); "
            f"expected one of: {SUPPORTED}"
        )
    if isinstance(response, (dict, list, str, bytes, bytearray, memoryview)):
        return ResponseData(body=_plain_body(response), source=type(response).__name__)
    kind = _describe(response)
    if _has(response, "status_code"):
        return ResponseData(
            body=_body_of_status_code_response(response, kind),
            status=_as_int(response.status_code),  # type: ignore[attr-defined]
            headers=_headers_of(response),
            source=kind,
            request=_request_of(response),
        )
    if _has(response, "status") and isinstance(response.status, int):  # type: ignore[attr-defined]
        return ResponseData(
            body=_body_of_aiohttp_response(response, kind),
            status=response.status,  # type: ignore[attr-defined]
            headers=_headers_of(response),
            source=kind,
            request=_request_of(response),
        )
    if isinstance(response, Mapping):  # after responses: aiohttp's are MutableMappings too
        return ResponseData(body=dict(response), source=kind)
    raise TypeError(f"cannot read an API response from {kind}; expected one of: {SUPPORTED}")


def _plain_body(body: Any) -> Body:
    if isinstance(body, (bytearray, memoryview)):
        return bytes(body)
    return b"" if body is None else cast("Body", body)


def _describe(response: object) -> str:
    cls = type(response)
    module = cls.__module__
    return cls.__qualname__ if module == "builtins" else f"{module}.{cls.__qualname__}"


def _has(response: object, name: str) -> bool:
    try:
        getattr(response, name)
    except AttributeError:
        return False
    except Exception:  # a property that fails still tells us the attribute exists
        return True
    return True


def _as_int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[call-overload,no-any-return]
    except (TypeError, ValueError):
        return None


def _body_of_status_code_response(response: Any, kind: str) -> Body:
    """requests, httpx and Django expose ``.content``; Werkzeug/Flask expose ``get_data()``."""
    if getattr(response, "streaming", False) and hasattr(response, "streaming_content"):
        # Django StreamingHttpResponse / FileResponse: consuming it is what a test would do.
        return b"".join(_to_bytes(chunk) for chunk in response.streaming_content)
    get_data = getattr(type(response), "get_data", None)
    if callable(get_data):  # Werkzeug: ``.data`` is the same bytes, ``get_data`` is the API
        return _plain_body(response.get_data())
    try:
        content = response.content
    except AttributeError:
        content = None
    except Exception as error:  # httpx.ResponseNotRead and friends
        raise ResponseBodyNotRead(
            f"the body of this {kind} was not read yet ({type(error).__name__}: {error}); "
            "call `response.read()` (or `await response.aread()`) before checking it"
        ) from None
    if isinstance(content, (bytes, bytearray, memoryview, str)):
        return _plain_body(content)
    text = getattr(response, "text", None)
    if isinstance(text, str):
        return text
    raise TypeError(f"cannot read the body of {kind}; expected one of: {SUPPORTED}")


def _body_of_aiohttp_response(response: Any, kind: str) -> Body:
    """aiohttp keeps a read client body in ``_body``; a server ``web.Response`` in ``body``."""
    module = type(response).__module__
    if module.startswith("aiohttp") and hasattr(response, "read") and hasattr(response, "_body"):
        body = response._body
        if body is None:
            raise ResponseBodyNotRead(
                f"the body of this {kind} was not read yet; call `await response.read()` "
                "(or `.json()` / `.text()`) inside the test before checking it"
            )
        return _plain_body(body)
    for name in ("body", "text", "content", "data"):
        value = getattr(response, name, None)
        if isinstance(value, (bytes, bytearray, memoryview, str)):
            return _plain_body(value)
    raise TypeError(f"cannot read the body of {kind}; expected one of: {SUPPORTED}")


def _to_bytes(chunk: Any) -> bytes:
    if isinstance(chunk, str):
        return chunk.encode()
    return bytes(chunk)


def _headers_of(response: Any) -> dict[str, str]:
    headers = getattr(response, "headers", None)
    if headers is None and callable(getattr(response, "items", None)):  # Django < 3.2
        headers = dict(response.items())
    if headers is None:
        return {}
    try:
        pairs = headers.items()
    except AttributeError:
        return {}
    return {str(name).lower(): str(value) for name, value in pairs}


def _request_of(response: Any) -> str | None:
    """``GET http://host/path`` when the library tells us, for the failure headline."""
    try:
        request = response.request
    except Exception:  # httpx raises RuntimeError when no request is attached
        request = None
    method = getattr(request, "method", None)
    url = getattr(request, "url", None)
    if isinstance(request, Mapping):  # Django's test client: the WSGI request dict
        method = request.get("REQUEST_METHOD")
        url = request.get("PATH_INFO")
    if method is None and url is None:  # aiohttp: method and url on the response itself
        method = getattr(response, "method", None)
        url = getattr(response, "url", None)
    if url is None:
        return None
    return f"{method} {url}" if method else str(url)
