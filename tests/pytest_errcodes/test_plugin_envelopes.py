"""``[catalog.envelope]``, field-only assertions, the fixtures, and the newcomer's cases.

Inner pytest sessions (``pytester``) run the way a user's suite would: a catalog file in the
project, ``[tool.errlsp]`` naming it, and tests calling the helpers and fixtures.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from errlsp.catalog import CatalogError, parse_catalog

ORDERS_TOML = """
[catalog]
name = "orders"
title = "Orders API"

[catalog.envelope]
code = "/result/errorCode"
message = "/result/text"
errors = "/result/problems"
errors_code = "/id"
errors_field = "/param"
errors_message = "/why"

[[codes]]
code = "ORDER_INVALID"
status = 400
message = "The order is invalid."

[[codes]]
code = "QUANTITY_TOO_LARGE"
status = 400
"""

ORDERS_TESTS = """
    import pytest
    from pytest_errcodes import assert_api_error, raises_api_error

    BODY = {"result": {"errorCode": "ORDER_INVALID", "text": "The order is invalid.",
                       "problems": [{"id": "QUANTITY_TOO_LARGE", "param": "quantity",
                                     "why": "at most 10"}]}}

    def test_assert_reads_the_declared_envelope():
        error = assert_api_error(BODY, "ORDER_INVALID", message="invalid")
        assert error.codes() == ("ORDER_INVALID", "QUANTITY_TOO_LARGE")
        assert_api_error(BODY, "QUANTITY_TOO_LARGE", field="quantity", message="at most")

    def test_raises_reads_it_too():
        class Response:
            status_code = 400
            headers = {"content-type": "application/json"}
            content = b'{"result": {"errorCode": "ORDER_INVALID"}}'

        class ApiFailure(Exception):
            response = Response()

        with raises_api_error("ORDER_INVALID", status=400) as info:
            raise ApiFailure()
        assert info.error.code == "ORDER_INVALID"

    def test_api_error_body_writes_the_declared_envelope(api_error_body):
        body = api_error_body("ORDER_INVALID")
        assert body == {"result": {"errorCode": "ORDER_INVALID",
                                   "text": "The order is invalid."}}
        nested = api_error_body("QUANTITY_TOO_LARGE", field=["quantity", "sku"])
        assert nested["result"]["problems"] == [
            {"id": "QUANTITY_TOO_LARGE", "param": "quantity"},
            {"id": "QUANTITY_TOO_LARGE", "param": "sku"},
        ]
        assert_api_error(nested, "QUANTITY_TOO_LARGE", field=["quantity", "sku"])

    def test_errcodes_catalog_is_a_mapping_of_codes(errcodes_catalog):
        assert "ORDER_INVALID" in errcodes_catalog
        assert "order_invalid" not in errcodes_catalog
        assert errcodes_catalog["ORDER_INVALID"].statuses == (400,)
        assert list(errcodes_catalog) == ["ORDER_INVALID", "QUANTITY_TOO_LARGE"]
        assert len(errcodes_catalog) == 2
        assert errcodes_catalog.names == ("orders",)
        with pytest.raises(KeyError, match="did you mean 'ORDER_INVALID'"):
            errcodes_catalog["ORDER_INVALIDD"]
"""


def test_a_declared_envelope_serves_every_helper(pytester, run_inner):
    (pytester.path / "orders.toml").write_text(ORDERS_TOML)
    pytester.makepyprojecttoml('[tool.errlsp]\ncatalogs = ["orders.toml"]\n')
    pytester.makepyfile(test_orders=textwrap.dedent(ORDERS_TESTS))
    result = run_inner("--errcodes-coverage")
    result.assert_outcomes(passed=4)
    result.stdout.fnmatch_lines(["orders      2          2  100.0%             0"])


def test_envelope_tables_are_validated_with_located_problems():
    bad = ORDERS_TOML.replace('code = "/result/errorCode"', 'code = "result.errorCode"')
    bad = bad.replace('errors_field = "/param"', 'errors_field = "/param"\ncolour = "/x"')
    with pytest.raises(CatalogError) as excinfo:
        parse_catalog(bad, "orders.toml")
    problems = [str(problem) for problem in excinfo.value.problems]
    assert problems == [
        "orders.toml:6: catalog.envelope.code: expected a JSON Pointer (RFC 6901) such as "
        "'/detail/code', got 'result.errorCode'",
        "orders.toml:6: catalog.envelope.colour: unknown key; expected one of dialect, code, "
        "message, field, errors, errors_code, errors_message, errors_field",
    ]
    pinned = parse_catalog('[catalog]\nname = "g"\ntitle = "G"\n[catalog.envelope]\n'
                           'dialect = "google"\n', "g.toml")  # fmt: skip
    assert pinned.envelope == "google"
    with pytest.raises(CatalogError, match="catalog.envelope.dialect: expected one of"):
        parse_catalog('[catalog]\nname = "g"\ntitle = "G"\n[catalog.envelope]\ndialect = "x"\n',
                      "g.toml")  # fmt: skip


NEWCOMER_TESTS = """
    import pytest
    from pytest_errcodes import assert_api_error

    def test_code_elsewhere_is_pointed_at():
        body = {"outcome": {"failure": {"reason": "NAME_REQUIRED"}}}
        with pytest.raises(AssertionError) as excinfo:
            assert_api_error(body, "NAME_REQUIRED", strict=False)
        print(excinfo.value)

    def test_field_only():
        import json
        from werkzeug.wrappers import Response

        body = {"name": ["This field is required."]}
        response = Response(json.dumps(body), 400, content_type="application/json")
        assert_api_error(response, field="name", status=400)
        with pytest.raises(AssertionError, match="does not name field 'email'"):
            assert_api_error(response, field="email")

    def test_api_error_body_follows_the_catalog_that_names_a_dialect(api_error_body):
        assert api_error_body("FORBIDDEN") == {"ResponseStatus": {
            "ErrorCode": "FORBIDDEN",
            "Message": "A request could not be processed due to missing permissions.",
            "Errors": []}}
        assert api_error_body("unauthorized")["error"]["code"] == "unauthorized"

    def test_membership(errcodes_catalog):
        assert "FORBIDDEN" in errcodes_catalog
        assert "unauthorized" in errcodes_catalog
        assert "nope" not in errcodes_catalog
"""


def test_newcomer_cases(pytester, run_inner):
    pytester.makepyfile(test_newcomer=textwrap.dedent(NEWCOMER_TESTS))
    result = run_inner("-s", "--errcodes-catalog", "fonedynamics", "--errcodes-catalog", "voipnow")
    result.assert_outcomes(passed=4)
    out = result.stdout.str()
    assert (
        "Expected API error 'NAME_REQUIRED', but the response body holds no error envelope" in out
    )
    assert (
        "  Hint:              the body holds 'NAME_REQUIRED' at /outcome/failure/reason; if that "
        "is the error code, declare the envelope in the catalog: [catalog.envelope] code = "
        '"/outcome/failure/reason" (see https://github.com/errlsp/errlsp#catalog-envelopes)'
    ) in out


README = Path(__file__).parents[2] / "README.md"


def github_anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def test_every_readme_link_the_plugin_prints_resolves():
    anchors = {
        github_anchor(line.lstrip("#"))
        for line in README.read_text("utf-8").splitlines()
        if line.startswith("#")
    }
    package = Path(__file__).parents[2] / "pytest_errcodes"
    linked = {
        match
        for path in package.glob("*.py")
        for match in re.findall(r"github\.com/errlsp/errlsp#([\w-]+)", path.read_text("utf-8"))
    }
    assert linked  # the hints do link to the README
    assert linked - anchors == set()


def test_a_huge_code_yields_a_bounded_message():
    """Issue 15: a 1M-character code made a 3 MB assertion message."""
    from pytest_errcodes import assert_api_error
    from pytest_errcodes._context import Context, Options, using

    huge = "X" * 1_000_000
    with using(Context(Path.cwd(), Options(catalogs=("voipnow",)))):
        for body, code in (({"error": {"code": huge}}, "unauthorized"),
                           ({"error": {"code": "unauthorized"}}, huge),
                           ({"error": {"code": huge}}, huge + "Y")):  # fmt: skip
            with pytest.raises(AssertionError) as excinfo:
                assert_api_error(body, code)
            assert len(str(excinfo.value)) < 6000
            assert "more characters" in str(excinfo.value)


def test_a_raising_code_property_does_not_escape_raises_api_error():
    """Issue 15: the check reports the exception, it does not die of it."""
    from pytest_errcodes import raises_api_error
    from pytest_errcodes._context import Context, Options, using

    class Half(Exception):
        @property
        def code(self):
            raise RuntimeError("not parsed yet")

        @property
        def response(self):
            raise ValueError("no response either")

        error_code = "unauthorized"

    with using(Context(Path.cwd(), Options(catalogs=("voipnow",)))):
        with raises_api_error("unauthorized") as info:
            raise Half()
        assert info.error.code == "unauthorized"

        class Hopeless(Exception):
            @property
            def code(self):
                raise RuntimeError("boom")

        with (
            pytest.raises(AssertionError, match="carries no error code"),
            raises_api_error("unauthorized"),
        ):
            raise Hopeless()
