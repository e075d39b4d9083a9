"""The ``errcodes`` plugin through inner pytest sessions: options, ini, marker, fixtures, config."""

from __future__ import annotations

import textwrap

import pytest


def write_test(pytester: pytest.Pytester, source: str, name: str = "test_inner") -> None:
    pytester.makepyfile(**{name: textwrap.dedent(source)})


def test_help_lists_options_and_ini_keys(run_inner):
    result = run_inner("--help")
    result.stdout.fnmatch_lines(
        [
            "error-code assertions and coverage (pytest_errcodes):",
            "  --errcodes-catalog=NAME_OR_PATH",
            "  --errcodes-no-strict *",
            "  --errcodes-undocumented=*",
            "  --errcodes-coverage *",
            "  --errcodes-coverage-json=PATH",
            "  --errcodes-coverage-html=DIR",
            "  --errcodes-fail-under=*CATALOG=*PERCENT",
        ]
    )
    for key in (
        "errcodes_catalogs",
        "errcodes_strict",
        "errcodes_undocumented",
        "errcodes_check_status",
        "errcodes_body_limit",
        "errcodes_exception_attributes",
        "errcodes_coverage",
        "errcodes_coverage_json",
        "errcodes_coverage_html",
        "errcodes_fail_under",
    ):
        result.stdout.fnmatch_lines([f"  {key} (*"])


def test_marker_is_registered_with_its_signature(run_inner):
    result = run_inner("--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.errcodes(catalog=None): check error codes in *"])


def test_report_header_without_use_loads_nothing(run_inner):
    result = run_inner()
    result.stdout.fnmatch_lines(
        ["errcodes: catalogs from [tool.errlsp] (default: built-ins), loaded on first use"]
    )


def test_report_header_verbose_names_config_and_catalogs(shop_project, run_inner):
    result = run_inner("-v")
    result.stdout.fnmatch_lines(["errcodes: catalogs shop (9 codes) from *pyproject.toml"])


def test_report_header_with_catalog_option(run_inner):
    result = run_inner("--errcodes-catalog", "voipnow")
    result.stdout.fnmatch_lines(["errcodes: catalogs voipnow (from options), loaded on first use"])


def test_tool_errlsp_config_selects_the_catalogs(shop_project, run_inner):
    write_test(
        shop_project,
        """
        from pytest_errcodes import assert_api_error

        def test_shop(errcodes_catalog):
            assert errcodes_catalog.names == ("shop",)
            assert_api_error({"error": {"code": "card_declined", "type": "card_error"}},
                             "card_declined")

        def test_builtin_code_is_not_documented_here():
            assert_api_error({"error": {"code": "unauthorized"}}, "unauthorized")
        """,
    )
    result = run_inner()
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        ["E * 'unauthorized' is not a documented error code (searched shop)"]
    )


def test_catalog_option_overrides_config(shop_project, run_inner):
    write_test(
        shop_project,
        """
        def test_names(errcodes_catalog):
            assert errcodes_catalog.names == ("voipnow", "fonedynamics")
        """,
    )
    run_inner(
        "--errcodes-catalog", "voipnow", "--errcodes-catalog", "fonedynamics"
    ).assert_outcomes(passed=1)


def test_catalogs_ini_key(pytester, run_inner):
    pytester.makeini("[pytest]\nerrcodes_catalogs =\n    voipnow\n")
    write_test(
        pytester,
        """
        def test_names(errcodes_catalog):
            assert errcodes_catalog.names == ("voipnow",)
        """,
    )
    run_inner().assert_outcomes(passed=1)


def test_config_scopes_pick_catalogs_by_test_path(pytester, run_inner):
    pytester.makepyprojecttoml(
        textwrap.dedent(
            """
            [tool.errlsp]
            catalogs = ["fonedynamics", "voipnow"]

            [tool.errlsp.scopes]
            "tests/voip/**" = ["voipnow"]
            """
        )
    )
    pytester.mkpydir("tests")
    (pytester.path / "tests" / "voip").mkdir()
    (pytester.path / "tests" / "voip" / "test_voip.py").write_text(
        "def test_names(errcodes_catalog):\n    assert errcodes_catalog.names == ('voipnow',)\n"
    )
    (pytester.path / "tests" / "test_all.py").write_text(
        "def test_names(errcodes_catalog):\n"
        "    assert errcodes_catalog.names == ('fonedynamics', 'voipnow')\n"
    )
    run_inner("tests").assert_outcomes(passed=2)


def test_marker_scopes_module_class_and_function(run_inner, pytester):
    write_test(
        pytester,
        """
        import pytest

        pytestmark = pytest.mark.errcodes(catalog="voipnow")

        def test_module(errcodes_catalog):
            assert errcodes_catalog.names == ("voipnow",)

        @pytest.mark.errcodes(catalog=["fonedynamics"])
        def test_function(errcodes_catalog):
            assert errcodes_catalog.names == ("fonedynamics",)

        @pytest.mark.errcodes("fonedynamics")
        class TestClass:
            def test_positional(self, errcodes_catalog):
                assert errcodes_catalog.names == ("fonedynamics",)
        """,
    )
    run_inner("--strict-markers").assert_outcomes(passed=3)


def test_marker_with_bad_arguments_errors_that_test_only(run_inner, pytester):
    write_test(
        pytester,
        """
        import pytest

        @pytest.mark.errcodes(catalog=3)
        def test_bad_value():
            pass

        @pytest.mark.errcodes("voipnow", strict=False)
        def test_bad_keyword():
            pass

        def test_fine():
            pass
        """,
    )
    result = run_inner()
    result.assert_outcomes(passed=1, errors=2)
    result.stdout.fnmatch_lines(
        [
            "*test_inner.py::test_bad_value: errcodes(catalog=...) takes a catalog name or a "
            "list of them, got 3",
            "*test_inner.py::test_bad_keyword: usage is @pytest.mark.errcodes(catalog=None)",
        ]
    )


def test_strict_can_be_relaxed_by_ini_and_option(pytester, run_inner):
    write_test(
        pytester,
        """
        from pytest_errcodes import assert_api_error

        def test_undocumented():
            assert_api_error({"ResponseStatus": {"ErrorCode": "NUMBER_QUARANTINED"}},
                             "NUMBER_QUARANTINED")
        """,
    )
    result = run_inner()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["E * 'NUMBER_QUARANTINED' is not a documented error code *"])
    run_inner("--errcodes-no-strict").assert_outcomes(passed=1)
    pytester.makeini("[pytest]\nerrcodes_strict = false\n")
    run_inner().assert_outcomes(passed=1)


def test_undocumented_policy_by_option_and_ini(pytester, run_inner):
    write_test(
        pytester,
        """
        from pytest_errcodes import assert_api_error

        def test_drifted():
            body = {"ResponseStatus": {"ErrorCode": "PARAMETER_REQUIRED",
                                       "Errors": [{"ErrorCode": "NAME_TOO_SHINY"}]}}
            assert_api_error(body, "PARAMETER_REQUIRED")
        """,
    )
    run_inner().assert_outcomes(failed=1)
    result = run_inner("--errcodes-undocumented=warning")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(
        [
            "*UndocumentedErrorCodeWarning: The response carries undocumented error code "
            "'NAME_TOO_SHINY'*"
        ]
    )
    pytester.makeini("[pytest]\nerrcodes_undocumented = ignore\n")
    result = run_inner()
    result.assert_outcomes(passed=1)
    assert "UndocumentedErrorCodeWarning" not in result.stdout.str()
    run_inner("-W", "error::pytest_errcodes.UndocumentedErrorCodeWarning",
              "--errcodes-undocumented=warning").assert_outcomes(failed=1)  # fmt: skip


def test_check_status_ini_key(pytester, run_inner):
    pytester.makeini("[pytest]\nerrcodes_check_status = false\n")
    write_test(
        pytester,
        """
        from pytest_errcodes._responses import ResponseData
        from pytest_errcodes import assert_api_error

        def test_status():
            body = b'{"ResponseStatus": {"ErrorCode": "FORBIDDEN"}}'
            assert_api_error(ResponseData(body, 404), "FORBIDDEN")
        """,
    )
    run_inner().assert_outcomes(passed=1)


def test_body_limit_ini_key(pytester, run_inner):
    pytester.makeini("[pytest]\nerrcodes_body_limit = 10\n")
    write_test(
        pytester,
        """
        from pytest_errcodes import assert_api_error

        def test_cut():
            assert_api_error(b"<html>" + b"x" * 500, "unauthorized")
        """,
    )
    result = run_inner()
    result.stdout.fnmatch_lines(
        ["E *<html>xxxx", "E *... (496 more characters; raise errcodes_body_limit to see more)"]
    )


@pytest.mark.parametrize(
    ("ini", "message"),
    [
        ("errcodes_undocumented = sometimes",
         "ERROR: errcodes_undocumented: expected one of error, warning, ignore, got 'sometimes'"),
        ("errcodes_body_limit = lots", "ERROR: errcodes_body_limit: expected a number, got 'lots'"),
        ("errcodes_fail_under = 120", "ERROR: --errcodes-fail-under: expected 0-100, got '120'"),
        ("errcodes_fail_under = nan", "ERROR: --errcodes-fail-under: expected a finite number, "
         "got 'nan'"),
        ("errcodes_strict = maybe", "ERROR: errcodes_strict: expected true or false (*maybe*)"),
        ("errcodes_check_status = 2", "ERROR: errcodes_check_status: expected true or false *"),
        ("errcodes_coverage = often", "ERROR: errcodes_coverage: expected true or false *"),
        ("errcodes_coverage_json = .", "ERROR: --errcodes-coverage-json: . is a directory; *"),
        ("errcodes_catalogs = nope", "ERROR: --errcodes-catalog / errcodes_catalogs: 'nope' is "
         "not a built-in catalog (fonedynamics, voipnow) nor a file"),
    ],
)  # fmt: skip
def test_bad_ini_values_are_usage_errors(pytester, run_inner, ini, message):
    pytester.makeini(f"[pytest]\n{ini}\n")
    result = run_inner()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])


def test_invalid_config_fails_the_test_with_located_problems(pytester, run_inner):
    pytester.makepyprojecttoml('[tool.errlsp]\ncatalogs = ["missing.toml"]\n')
    write_test(
        pytester,
        """
        from pytest_errcodes import assert_api_error

        def test_uses_it():
            assert_api_error({"error": {"code": "unauthorized"}}, "unauthorized")

        def test_does_not():
            pass
        """,
    )
    result = run_inner()
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        ["E *ErrcodesConfigError: invalid errlsp configuration:", "E *missing.toml*"]
    )


def test_api_error_body_builds_documented_bodies(pytester, run_inner):
    write_test(
        pytester,
        """
        import pytest
        from pytest_errcodes import assert_api_error

        def test_fonedynamics(api_error_body):
            body = api_error_body("PARAMETER_REQUIRED", field="Name")
            assert body["ResponseStatus"]["ErrorCode"] == "PARAMETER_REQUIRED"
            assert body["ResponseStatus"]["Message"].startswith("A required parameter is missing")
            assert_api_error(body, "PARAMETER_REQUIRED", field="Name")

        def test_voipnow(api_error_body):
            assert api_error_body("unauthorized") == {
                "error": {"code": "unauthorized", "message": "Access unauthorized"}}

        def test_explicit_dialect_and_message(api_error_body):
            body = api_error_body("unauthorized", dialect="problem-json", message="Who?",
                                  status=401)
            assert body["code"] == "unauthorized" and body["status"] == 401

        def test_undocumented_needs_a_dialect(api_error_body):
            with pytest.raises(ValueError, match="did you mean 'PARAMETER_REQUIRED'"):
                api_error_body("PARAM_REQUIRED")
            assert api_error_body("DRIFTED", dialect="flat") == {"code": "DRIFTED"}

        def test_catalog_argument(api_error_body):
            with pytest.raises(ValueError, match="no active catalog named 'nope'"):
                api_error_body("unauthorized", catalog="nope")
            assert "error" in api_error_body("unauthorized", catalog="voipnow")
        """,
    )
    run_inner().assert_outcomes(passed=5)


def test_raises_api_error_in_an_inner_session(pytester, run_inner):
    write_test(
        pytester,
        """
        from pytest_errcodes import raises_api_error

        class SdkError(Exception):
            code = "expired_token"
            status = 401

        def test_raises():
            with raises_api_error("expired_token", status=401):
                raise SdkError("token expired")

        def test_did_not_raise():
            with raises_api_error("expired_token"):
                pass
        """,
    )
    for args in ((), ("--assert=plain",)):
        result = run_inner(*args)
        result.assert_outcomes(passed=1, failed=1)
        result.stdout.fnmatch_lines(
            ["E *AssertionError: DID NOT RAISE: expected an exception carrying API error "
             "'expired_token'"]
        )  # fmt: skip
        assert "_raises.py" not in result.stdout.str()


def test_a_session_that_never_uses_the_plugin_loads_no_catalog(pytester):
    write_test(
        pytester,
        """
        import sys

        def test_nothing_loaded():
            heavy = ("errlsp.catalog", "errlsp.config", "errlsp.envelopes", "rapidfuzz",
                     "pytest_errcodes._context", "pytest_errcodes._assertions")
            loaded = [name for name in heavy if name in sys.modules]
            assert loaded == []
        """,
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:randomly")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["plugins:*errlsp-*"])  # the plugin was loaded
