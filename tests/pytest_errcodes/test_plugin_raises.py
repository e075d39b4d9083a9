"""``raises_api_error`` with real client exceptions and SDK-style exceptions."""

from __future__ import annotations

import pytest

from pytest_errcodes import raises_api_error
from pytest_errcodes._context import Context, Options, current_context, using

pytestmark = pytest.mark.errcodes(catalog=["fonedynamics", "voipnow"])


class FoneError(Exception):
    """What an SDK raises: the code and status copied into attributes."""

    def __init__(self, code: str, status: int, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.status_code = status
        self.field = field


class LegacyError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def test_requests_http_error_is_read_through_its_response(uvicorn_url):
    import requests

    with raises_api_error("PARAMETER_REQUIRED", field="Name", status=400) as info:
        requests.get(uvicorn_url + "/fone/parameter-required", timeout=10).raise_for_status()
    assert isinstance(info.value, requests.HTTPError)
    assert info.type is requests.HTTPError
    assert info.error is not None and info.error.dialect == "response-status"


def test_httpx_status_error_is_read_through_its_response(uvicorn_url):
    import httpx

    with (
        httpx.Client(base_url=uvicorn_url) as client,
        raises_api_error("unauthorized", status=401, message="Access") as info,
    ):
        client.get("/voipnow/unauthorized").raise_for_status()
    assert isinstance(info.value, httpx.HTTPStatusError)


def test_wrong_code_in_a_real_http_error_fails_with_the_full_report(uvicorn_url):
    import requests

    with pytest.raises(AssertionError) as excinfo:  # noqa: SIM117 - the order is the point
        with raises_api_error("FORBIDDEN"):
            requests.get(uvicorn_url + "/voipnow/unauthorized", timeout=10).raise_for_status()
    lines = str(excinfo.value).splitlines()
    assert lines[0] == "Expected API error 'FORBIDDEN', got 'unauthorized'"
    assert lines[1].startswith("  Request:           GET http://127.0.0.1:")
    assert "  Status:            401" in lines


def test_sdk_exception_attributes():
    with raises_api_error("PARAMETER_REQUIRED", field="name", status=400) as info:
        raise FoneError("PARAMETER_REQUIRED", 400, "Name is required", field="Name")
    assert info.error is not None
    assert info.error.dialect == "exception"
    assert info.error.fields == ("Name",)
    assert info.error.message == "Name is required"


def test_sdk_exception_with_wrong_status():
    with pytest.raises(AssertionError) as excinfo:  # noqa: SIM117
        with raises_api_error("FORBIDDEN"):
            raise FoneError("FORBIDDEN", 404, "nope")
    assert str(excinfo.value).splitlines()[0] == (
        "HTTP 404 is not a documented status for 'FORBIDDEN' (documented: 403)"
    )


def test_did_not_raise():
    with pytest.raises(AssertionError) as excinfo:  # noqa: SIM117
        with raises_api_error("FORBIDDEN"):
            pass
    assert str(excinfo.value).splitlines()[0] == (
        "DID NOT RAISE: expected an exception carrying API error 'FORBIDDEN'"
    )


def test_other_exception_types_propagate_untouched():
    with pytest.raises(KeyError):  # noqa: SIM117
        with raises_api_error("FORBIDDEN", exception=FoneError):
            raise KeyError("x")


def test_exception_without_a_code_names_what_was_looked_for():
    with pytest.raises(AssertionError) as excinfo:  # noqa: SIM117
        with raises_api_error("FORBIDDEN"):
            raise LegacyError("FORBIDDEN")
    message = str(excinfo.value)
    assert message.splitlines()[0] == (
        "LegacyError was raised but carries no error code (looked for a `.response` and for the "
        "attributes code, error_code, errorCode, ErrorCode, err_code)"
    )
    assert "errcodes_exception_attributes" in message


def test_configured_exception_attributes():
    context = Context(current_context().rootdir, Options(exception_attributes=("reason",)))
    with using(context), raises_api_error("FORBIDDEN") as info:
        raise LegacyError("FORBIDDEN")
    assert info.error is not None and info.error.code == "FORBIDDEN"


def test_undocumented_code_in_an_exception_gets_did_you_mean():
    with pytest.raises(AssertionError) as excinfo:  # noqa: SIM117
        with raises_api_error("FORBIDEN"):
            raise FoneError("FORBIDDEN", 403, "nope")
    lines = str(excinfo.value).splitlines()
    assert lines[0] == "'FORBIDEN' is not a documented error code (searched fonedynamics, voipnow)"
    assert "  Did you mean:      'FORBIDDEN'?" in lines
