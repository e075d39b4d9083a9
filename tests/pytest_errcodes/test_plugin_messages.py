"""Failure text snapshots: exact messages, and the same text with and without rewriting."""

from __future__ import annotations

import re
import textwrap

import pytest

from pytest_errcodes import assert_api_error
from pytest_errcodes._messages import body_excerpt
from pytest_errcodes._responses import ResponseData

pytestmark = pytest.mark.errcodes(catalog=["fonedynamics", "voipnow"])

ONE_OF_SEVERAL = (
    b'{"ResponseStatus": {"ErrorCode": "ONE_OF_SEVERAL_PARAMETERS_REQUIRED", "Message": "One of '
    b'the parameters \'Email\', \'PhoneNumber\' is required.", "Errors": [{"ErrorCode": '
    b'"ONE_OF_SEVERAL_PARAMETERS_REQUIRED", "FieldName": "Email, PhoneNumber"}]}}'
)


def failure(response, code, **kwargs) -> str:
    with pytest.raises(AssertionError) as excinfo:
        assert_api_error(response, code, **kwargs)
    return str(excinfo.value)


def test_field_failure_snapshot():
    response = ResponseData(
        ONE_OF_SEVERAL, 400, {"content-type": "application/json"}, request="POST /contacts"
    )
    expected = """\
API error 'ONE_OF_SEVERAL_PARAMETERS_REQUIRED' does not name field 'Name'
  Request:           POST /contacts
  Expected code:     'ONE_OF_SEVERAL_PARAMETERS_REQUIRED'
  Actual code:       'ONE_OF_SEVERAL_PARAMETERS_REQUIRED'
  Status:            400
  Expected field:    'Email', 'Name'
  Actual message:    "One of the parameters 'Email', 'PhoneNumber' is required."
  Catalog:           CATALOG_LINE
  Dialect:           response-status
  Codes present:     'ONE_OF_SEVERAL_PARAMETERS_REQUIRED'
  Fields present:    'Email', 'PhoneNumber'
  Body (application/json; 243 bytes):
    {
      "ResponseStatus": {
        "ErrorCode": "ONE_OF_SEVERAL_PARAMETERS_REQUIRED",
        "Message": "One of the parameters 'Email', 'PhoneNumber' is required.",
        "Errors": [
          {
            "ErrorCode": "ONE_OF_SEVERAL_PARAMETERS_REQUIRED",
            "FieldName": "Email, PhoneNumber"
          }
        ]
      }
    }"""
    catalog = (
        "'ONE_OF_SEVERAL_PARAMETERS_REQUIRED' (fonedynamics; HTTP 400, 401, 403, 500): "
        "'At least one parameter from several parameters must be provided. "
        "The name of the parameters are a...'"
    )
    actual = failure(response, "ONE_OF_SEVERAL_PARAMETERS_REQUIRED", field=["Email", "Name"])
    assert actual == expected.replace("CATALOG_LINE", catalog)


def test_wrong_code_snapshot_lists_both_catalog_entries():
    body = {"error": {"code": "unauthorized", "message": "Access unauthorized"}}
    expected = """\
Expected API error 'expired_token', got 'unauthorized'
  Expected code:     'expired_token'
  Actual code:       'unauthorized'
  Actual message:    'Access unauthorized'
  Catalog:           'expired_token' (voipnow; HTTP 401): 'Token is expired or otherwise invalid.'
                     'unauthorized' (voipnow; HTTP 401): 'Access unauthorized'
  Dialect:           error-object
  Codes present:     'unauthorized'
  Fields present:    none
  Body (no content type; parsed JSON):
    {
      "error": {
        "code": "unauthorized",
        "message": "Access unauthorized"
      }
    }"""
    assert failure(body, "expired_token") == expected


def test_undocumented_code_snapshot_has_did_you_mean_and_hint():
    body = {"ResponseStatus": {"ErrorCode": "PARAMETER_REQUIRED"}}
    message = failure(body, "PARAM_REQUIRED")
    assert message.splitlines()[:3] == [
        "'PARAM_REQUIRED' is not a documented error code (searched fonedynamics, voipnow)",
        "  Expected code:     'PARAM_REQUIRED'",
        "  Actual code:       'PARAMETER_REQUIRED'",
    ]
    assert "  Did you mean:      'PARAMETER_REQUIRED'?" in message.splitlines()
    assert "  Hint:              pass strict=False, or set `errcodes_strict = false`" in message


def test_html_from_a_real_server_is_shown_as_text(uvicorn_url):
    import requests

    response = requests.get(uvicorn_url + "/bad/html", timeout=10)
    message = re.sub(r"127\.0\.0\.1:\d+", "HOST", failure(response, "unauthorized"))
    expected = """\
Expected API error 'unauthorized', but the response body holds no error envelope \
(not JSON: starts with '<!DOCTYPE html>')
  Request:           GET http://HOST/bad/html
  Expected code:     'unauthorized'
  Actual code:       none (no error envelope in the body)
  Status:            502
  Catalog:           'unauthorized' (voipnow; HTTP 401): 'Access unauthorized'
  Body (text/html; 159 bytes; not JSON: starts with '<!DOCTYPE html>'):
    <!DOCTYPE html>
    <html>
    <head><title>502 Bad Gateway</title></head>
    <body>
    <center><h1>502 Bad Gateway</h1></center>
    <hr><center>nginx</center>
    </body>
    </html>"""
    assert message == expected


@pytest.mark.parametrize(
    ("body", "headers", "expected"),
    [
        (b"", {}, ["  Body (no content type, 0 bytes): empty"]),
        (b"   ", {}, ["  Body (no content type, 3 bytes): empty"]),
        (
            b'{"error": {"code": "unauth',
            {"content-type": "application/json"},
            [
                "  Body (application/json; 26 bytes; truncated JSON at line 1 column 27):",
                '    {"error": {"code": "unauth',
            ],
        ),
        (
            b"[1, 2]",
            {},
            ["  Body (no content type; 6 bytes):", "    [", "      1,", "      2", "    ]"],
        ),
        (b"42", {}, ["  Body (no content type; 2 bytes):", "    42"]),
        (
            "Gateway Timeout".encode("utf-16"),
            {"content-type": "text/plain; charset=utf-16"},
            ["  Body (text/plain; 32 bytes; not JSON: starts with 'Gateway Timeout'):",
             "    Gateway Timeout"],
        ),
    ],
    ids=["empty", "blank", "truncated", "list", "number", "utf16-text"],
)  # fmt: skip
def test_body_excerpts(body, headers, expected):
    assert body_excerpt(ResponseData(body, 500, headers), 2000) == expected


def test_long_bodies_are_cut_by_characters_and_lines():
    long_text = "x" * 5000
    lines = body_excerpt(ResponseData(long_text.encode(), 500, {"content-type": "text/plain"}), 100)
    assert lines[1] == "    " + "x" * 100
    assert lines[2] == "    ... (4900 more characters; raise errcodes_body_limit to see more)"
    many_lines = "\n".join(f"line {n}" for n in range(100)).encode()
    lines = body_excerpt(ResponseData(many_lines, 500, {"content-type": "text/plain"}), 10_000)
    assert lines[-2] == "    line 39"
    assert re.fullmatch(r"    \.\.\. \(\d+ more characters; raise errcodes_body_limit.*", lines[-1])


INNER_TEST = """
    from pytest_errcodes import assert_api_error

    def test_wrong_code():
        body = {"ResponseStatus": {"ErrorCode": "PARAMETER_INVALID", "Message": "Bad name",
                                   "Errors": [{"ErrorCode": "PARAMETER_INVALID",
                                               "FieldName": "Name"}]}}
        assert_api_error(body, "PARAMETER_REQUIRED", field="Name")
"""


def _failure_lines(result: pytest.RunResult) -> list[str]:
    return [line for line in result.outlines if line.startswith("E ")]


def test_failure_text_is_identical_under_assert_plain_and_helper_frames_are_hidden(
    pytester, run_inner
):
    pytester.makepyfile(textwrap.dedent(INNER_TEST))
    rewritten = run_inner()
    plain = run_inner("--assert=plain")
    for result in (rewritten, plain):
        result.assert_outcomes(failed=1)
        result.stdout.fnmatch_lines(
            [
                "E       AssertionError: Expected API error 'PARAMETER_REQUIRED', "
                "got 'PARAMETER_INVALID'",
                "E         Expected code:     'PARAMETER_REQUIRED'",
                "E         Actual code:       'PARAMETER_INVALID'",
                "E         Catalog:           'PARAMETER_REQUIRED' (fonedynamics; *",
                "E                            'PARAMETER_INVALID' (fonedynamics; *",
                "E         Dialect:           response-status",
                "E         Fields present:    'Name'",
            ]
        )
        assert "_assertions.py" not in result.stdout.str()
        assert "def fail(" not in result.stdout.str()
    assert _failure_lines(rewritten) == _failure_lines(plain)


def test_helper_bugs_are_not_hidden(pytester, run_inner):
    pytester.makepyfile(
        textwrap.dedent(
            """
            from pytest_errcodes import assert_api_error

            def test_bad_argument():
                assert_api_error(object(), "PARAMETER_REQUIRED")
            """
        )
    )
    result = run_inner()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*_assertions.py:*: in assert_api_error", "E*TypeError: cannot read an API response*"]
    )
