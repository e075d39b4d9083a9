"""``assert_api_error`` against responses from real servers, through every supported client."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

from pytest_errcodes import ApiError, UndocumentedErrorCodeWarning, assert_api_error
from pytest_errcodes._context import Context, Options, current_context, using

SHOP_CATALOG = str(Path(__file__).parent / "data" / "shop.toml")
# Pin the built-ins so a [tool.errlsp] in the repository cannot change what these tests mean.
pytestmark = pytest.mark.errcodes(catalog=["fonedynamics", "voipnow"])

PASSING = [
    ("/fone/parameter-required", "PARAMETER_REQUIRED", {"field": "Name", "status": 400}),
    ("/fone/parameter-required", "PARAMETER_REQUIRED", {"field": "name", "message": "'Name'"}),
    (
        "/fone/one-of-several",
        "ONE_OF_SEVERAL_PARAMETERS_REQUIRED",
        {"field": ["Email", "PhoneNumber"]},
    ),
    ("/fone/forbidden", "FORBIDDEN", {"status": 403, "message": "Numbers.Write"}),
    ("/voipnow/unauthorized", "unauthorized", {"status": 401, "message": re.compile("^Access")}),
    ("/voipnow/cdr", "cdr_start_date_invalid", {"catalog": "voipnow"}),
    ("/problem/out-of-credit", "OUT_OF_CREDIT", {"status": 403, "catalog": SHOP_CATALOG}),
    (
        "/problem/validation",
        "VALIDATION_FAILED",
        {"field": ["age", "#/profile/color"], "catalog": SHOP_CATALOG},
    ),
    ("/json-api/invalid", "INVALID_ATTRIBUTE", {"field": "/firstName", "catalog": SHOP_CATALOG}),
    ("/google/api-key", "API_KEY_INVALID", {"status": 400, "catalog": SHOP_CATALOG}),
    ("/google/api-key", "INVALID_ARGUMENT", {"catalog": SHOP_CATALOG}),
    ("/graphql/bad-input", "BAD_USER_INPUT", {"field": "id", "catalog": SHOP_CATALOG}),
    ("/stripe/declined", "card_declined", {"status": 402, "catalog": SHOP_CATALOG}),
    ("/stripe/declined", "insufficient_funds", {"catalog": SHOP_CATALOG}),
]


@pytest.mark.parametrize(("path", "code", "kwargs"), PASSING, ids=lambda v: str(v)[:40])
def test_documented_errors_pass_and_return_the_parsed_error(fetch, path, code, kwargs):
    error = assert_api_error(fetch(path), code, **kwargs)
    assert isinstance(error, ApiError)
    assert code in error.codes()


FAILING = [
    ("/ok", "FORBIDDEN", {}, "Expected API error 'FORBIDDEN', but the response is a success: "
     "HTTP 200 and no error in its body"),
    ("/fone/forbidden", "PARAM_REQUIRED", {}, "'PARAM_REQUIRED' is not a documented error code "
     "(searched fonedynamics, voipnow)"),
    ("/fone/forbidden", "forbidden", {}, "'forbidden' is documented as 'FORBIDDEN' in fonedynamics "
     "(codes are case-sensitive)"),
    ("/fone/forbidden", "PARAMETER_REQUIRED", {}, "Expected API error 'PARAMETER_REQUIRED', got "
     "'FORBIDDEN'"),
    ("/fone/forbidden-as-404", "FORBIDDEN", {}, "HTTP 404 is not a documented status for "
     "'FORBIDDEN' (documented: 403)"),
    ("/fone/parameter-required", "PARAMETER_REQUIRED", {"status": 422}, "Expected HTTP 422 with "
     "'PARAMETER_REQUIRED', got HTTP 400"),
    ("/fone/parameter-required", "PARAMETER_REQUIRED", {"field": "Email"}, "API error "
     "'PARAMETER_REQUIRED' does not name field 'Email'"),
    ("/fone/forbidden", "FORBIDDEN", {"field": "Email"}, "API error 'FORBIDDEN' names no field; "
     "expected 'Email'"),
    ("/fone/one-of-several", "ONE_OF_SEVERAL_PARAMETERS_REQUIRED", {"field": ["Email", "Name"]},
     "API error 'ONE_OF_SEVERAL_PARAMETERS_REQUIRED' does not name field 'Name'"),
    ("/voipnow/unauthorized", "unauthorized", {"message": "expired"}, "The message of API error "
     "'unauthorized' does not contain 'expired'"),
    ("/voipnow/unauthorized", "unauthorized", {"message": re.compile(r"\d+")}, "The message of "
     "API error 'unauthorized' does not match the pattern"),
    ("/fone/undocumented", "PARAMETER_REQUIRED", {}, "Expected API error 'PARAMETER_REQUIRED', "
     "got 'NUMBER_QUARANTINED'"),
    ("/bad/html", "unauthorized", {}, "Expected API error 'unauthorized', but the response body "
     "holds no error envelope (not JSON: starts with '<!DOCTYPE html>')"),
    ("/bad/empty", "unauthorized", {}, "Expected API error 'unauthorized', but the response body "
     "holds no error envelope (empty body)"),
    ("/bad/truncated", "unauthorized", {}, "Expected API error 'unauthorized', but the response "
     "body holds no error envelope (truncated JSON at line 1 column 30)"),
    ("/bad/list", "unauthorized", {}, "Expected API error 'unauthorized', but the response body "
     "holds no error envelope (the JSON is list, not an object)"),
    ("/bad/number", "unauthorized", {}, "Expected API error 'unauthorized', but the response body "
     "holds no error envelope (the JSON is int, not an object)"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "code", "kwargs", "headline"), FAILING, ids=lambda v: str(v)[:40])
def test_each_check_fails_with_its_own_headline(fetch, path, code, kwargs, headline):
    with pytest.raises(AssertionError) as excinfo:
        assert_api_error(fetch(path), code, **kwargs)
    message = str(excinfo.value)
    assert message.splitlines()[0] == headline
    assert "JSONDecodeError" not in message
    assert "Expected code:" in message and "Actual code:" in message


def test_undocumented_response_code_fails_even_when_it_is_the_expected_one(fetch):
    with pytest.raises(AssertionError) as excinfo:
        assert_api_error(fetch("/fone/undocumented"), "NUMBER_QUARANTINED")
    assert str(excinfo.value).splitlines()[0] == (
        "'NUMBER_QUARANTINED' is not a documented error code (searched fonedynamics, voipnow)"
    )


def test_strict_false_allows_an_undocumented_expected_code(fetch):
    error = assert_api_error(fetch("/fone/undocumented"), "NUMBER_QUARANTINED", strict=False)
    assert error.message == "The number is quarantined."


def test_other_undocumented_codes_in_the_response_still_fail():
    body = {
        "ResponseStatus": {
            "ErrorCode": "PARAMETER_REQUIRED",
            "Errors": [{"ErrorCode": "NAME_TOO_SHINY", "FieldName": "Name"}],
        }
    }
    with pytest.raises(AssertionError) as excinfo:
        assert_api_error(body, "PARAMETER_REQUIRED")
    lines = str(excinfo.value).splitlines()
    assert lines[0] == (
        "The response carries undocumented error code 'NAME_TOO_SHINY' "
        "(catalogs: fonedynamics, voipnow)"
    )
    assert any(line.startswith("  Hint:") and "errcodes_undocumented" in line for line in lines)


def with_options(**changes):
    """Run under a context with other options, as the plugin builds from ini/CLI."""
    return using(Context(current_context().rootdir, Options(**changes)))


def test_undocumented_policy_warning_warns_at_the_callers_line():
    body = {"ResponseStatus": {"ErrorCode": "PARAMETER_REQUIRED", "Errors": [
        {"ErrorCode": "NAME_TOO_SHINY"}]}}  # fmt: skip
    with (
        with_options(undocumented="warning"),
        pytest.warns(UndocumentedErrorCodeWarning, match="'NAME_TOO_SHINY'") as record,
    ):
        assert_api_error(body, "PARAMETER_REQUIRED")
    assert record[0].filename == __file__


def test_undocumented_policy_ignore_is_silent():
    body = {"ResponseStatus": {"ErrorCode": "PARAMETER_REQUIRED", "Errors": [
        {"ErrorCode": "NAME_TOO_SHINY"}]}}  # fmt: skip
    with with_options(undocumented="ignore"), warnings.catch_warnings():
        warnings.simplefilter("error")
        assert_api_error(body, "PARAMETER_REQUIRED")


def test_status_check_can_be_switched_off(fetch):
    with with_options(check_status=False):
        error = assert_api_error(fetch("/fone/forbidden-as-404"), "FORBIDDEN")
    assert error.status == 404


def test_graphql_errors_at_http_200_count_as_errors(fetch):
    error = assert_api_error(fetch("/graphql/bad-input"), "BAD_USER_INPUT", catalog=SHOP_CATALOG)
    assert error.status == 200


def test_huge_body_is_parsed_and_its_excerpt_truncated(fetch):
    response = fetch("/bad/huge")
    assert assert_api_error(response, "unauthorized", status=401).code == "unauthorized"
    with pytest.raises(AssertionError) as excinfo:
        assert_api_error(response, "expired_token")
    message = str(excinfo.value)
    assert len(message) < 6000
    assert re.search(r"\.\.\. \(\d+ more characters; raise errcodes_body_limit", message)


def test_status_from_a_bare_problem_body_is_checked():
    body = {"type": "about:blank", "title": "Forbidden", "status": 403, "code": "OUT_OF_CREDIT"}
    assert_api_error(body, "OUT_OF_CREDIT", status=403, catalog=SHOP_CATALOG)
    with pytest.raises(
        AssertionError, match="Expected HTTP 402 with 'OUT_OF_CREDIT', got HTTP 403"
    ):
        assert_api_error(body, "OUT_OF_CREDIT", status=402, catalog=SHOP_CATALOG)


def test_status_of_a_bare_body_without_one_is_unknown():
    body = {"error": {"code": "unauthorized", "message": "Access unauthorized"}}
    with pytest.raises(AssertionError) as excinfo:
        assert_api_error(body, "unauthorized", status=401)
    assert str(excinfo.value).splitlines()[0] == (
        "Expected HTTP 401 with 'unauthorized', but the status is unknown: pass the response "
        "rather than its body"
    )


def test_json_text_and_bytes_bodies():
    text = '{"error": {"code": "unauthorized", "message": "Access unauthorized"}}'
    assert assert_api_error(text, "unauthorized").dialect == "error-object"
    assert assert_api_error(text.encode(), "unauthorized").dialect == "error-object"


def test_a_pinned_catalog_envelope_still_falls_back_to_detection():
    # voipnow documents the error-object envelope; a ResponseStatus body is still read.
    body = {"ResponseStatus": {"ErrorCode": "unauthorized"}}
    assert assert_api_error(body, "unauthorized", catalog="voipnow").dialect == "response-status"


def test_bad_arguments_are_type_errors_not_assertion_failures():
    with pytest.raises(TypeError, match="cannot read an API response from object"):
        assert_api_error(object(), "unauthorized")
    with pytest.raises(TypeError, match="non-empty str"):
        assert_api_error({}, "")


def test_unknown_catalog_name_is_a_clear_configuration_error():
    from pytest_errcodes import ErrcodesConfigError

    with pytest.raises(ErrcodesConfigError) as excinfo:
        assert_api_error({}, "unauthorized", catalog="no-such-catalog")
    assert str(excinfo.value).startswith("catalog 'no-such-catalog' cannot be used:\n  ")
    assert "not a built-in catalog (fonedynamics, voipnow) nor a file" in str(excinfo.value)


@pytest.mark.parametrize(
    ("body", "code", "headline"),
    [
        ({"error": {"code": "Unauthorized", "message": "x"}}, "unauthorized",
         "Expected API error 'unauthorized', got 'Unauthorized' (differs in case only)"),
        ({"type": "about:blank", "title": "Not Found", "status": 404}, "unauthorized",
         "Expected API error 'unauthorized', but the error states no code"),
        ({"ResponseStatus": {"Errors": [{"ErrorCode": "PARAMETER_INVALID"}]}},
         "PARAMETER_REQUIRED", "Expected API error 'PARAMETER_REQUIRED', got 'PARAMETER_INVALID'"),
    ],
    ids=["case", "no-code", "code-only-in-details"],
)  # fmt: skip
def test_code_mismatch_headlines(body, code, headline):
    with pytest.raises(AssertionError) as excinfo:
        assert_api_error(body, code)
    assert str(excinfo.value).splitlines()[0] == headline


def test_expected_code_may_be_a_detail_and_its_own_fields_are_checked():
    body = {
        "ResponseStatus": {
            "ErrorCode": "PARAMETER_REQUIRED",
            "Errors": [
                {"ErrorCode": "PARAMETER_REQUIRED", "FieldName": "Name"},
                {"ErrorCode": "PARAMETER_INVALID", "FieldName": "Email"},
            ],
        }
    }
    assert_api_error(body, "PARAMETER_INVALID", field="Email")
    with pytest.raises(AssertionError, match="does not name field 'Name'"):
        assert_api_error(body, "PARAMETER_INVALID", field="Name")
