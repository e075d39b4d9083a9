"""Error-code coverage: terminal report, JSON, fail-under, and xdist totals equal to serial.

Honest counting: documented codes count only from passing tests, marker-only catalogs stay
out of TOTAL, thresholds can be per catalog, and drift names the tests that saw it.
"""

from __future__ import annotations

import json
import textwrap

import pytest

from pytest_errcodes._coverage import CoverageRecorder, build_report, render_report

SHOP_TESTS = {
    "test_cards": """
        from pytest_errcodes import assert_api_error, raises_api_error

        def test_declined():
            body = {"error": {"code": "card_declined", "decline_code": "insufficient_funds",
                              "type": "card_error"}}
            assert_api_error(body, "card_declined")

        def test_raised():
            class SdkError(Exception):
                code = "OUT_OF_CREDIT"
                status = 403
            with raises_api_error("OUT_OF_CREDIT"):
                raise SdkError("no credit")
    """,
    "test_validation": """
        import pytest
        from pytest_errcodes import assert_api_error

        def test_problem():
            body = {"type": "https://example.net/validation-error", "title": "Not valid",
                    "status": 422, "code": "VALIDATION_FAILED",
                    "errors": [{"detail": "must be positive", "pointer": "#/age"}]}
            assert_api_error(body, "VALIDATION_FAILED", field="age")

        def test_drift_is_seen_even_when_the_assertion_fails():
            body = {"errors": [{"code": "INVALID_ATTRIBUTE", "status": "422"},
                               {"code": "ATTRIBUTE_TOO_SHINY", "status": "422"}],
                    "jsonapi": {"version": "1.1"}}
            with pytest.raises(AssertionError, match="undocumented error code"):
                assert_api_error(body, "INVALID_ATTRIBUTE")

        @pytest.mark.parametrize("n", range(4))
        def test_padding_for_workers(n):
            pass
    """,
    "test_voip": """
        import pytest
        from pytest_errcodes import assert_api_error

        @pytest.mark.errcodes(catalog="voipnow")
        def test_other_catalog_by_marker():
            assert_api_error({"error": {"code": "unauthorized", "message": "x"}}, "unauthorized")
    """,
}

EXPECTED_TABLE = [
    "-* error-code coverage -*",
    "Catalog  Codes  Exercised   Cover  Undocumented",
    "shop         9          5   55.6%             1",
    "TOTAL        9          5   55.6%             1",
    "marker-only catalogs (not in TOTAL):",
    "voipnow     70          1    1.4%             0",
    "",
    "shop: not exercised (4):",
    "  INVALID_ARGUMENT, API_KEY_INVALID, BAD_USER_INPUT, never_exercised",
    "shop: undocumented codes seen (1):",
    "  ATTRIBUTE_TOO_SHINY (test_validation.py::test_drift_is_seen_*)",
    "voipnow: not exercised (69):",
]


@pytest.fixture
def shop_suite(shop_project):
    for name, source in SHOP_TESTS.items():
        shop_project.makepyfile(**{name: textwrap.dedent(source)})
    return shop_project


def test_terminal_report(shop_suite, run_inner):
    result = run_inner("--errcodes-coverage")
    result.assert_outcomes(passed=9)
    result.stdout.fnmatch_lines(EXPECTED_TABLE, consecutive=True)


def test_json_report(shop_suite, run_inner):
    result = run_inner("--errcodes-coverage-json", "out/coverage.json")
    result.assert_outcomes(passed=9)
    result.stdout.fnmatch_lines(["error-code coverage JSON written to *coverage.json"])
    assert "Exercised" not in result.stdout.str()  # JSON only: no table
    data = json.loads((shop_suite.path / "out" / "coverage.json").read_text())
    assert data["version"] == 2
    assert data["totals"] == {"documented": 9, "exercised": 5, "percent": 55.56, "undocumented": 1}
    shop = data["catalogs"]["shop"]
    assert shop["exercised"] == [
        "OUT_OF_CREDIT",
        "VALIDATION_FAILED",
        "INVALID_ATTRIBUTE",
        "card_declined",
        "insufficient_funds",
    ]
    assert shop["not_exercised"] == [
        "INVALID_ARGUMENT",
        "API_KEY_INVALID",
        "BAD_USER_INPUT",
        "never_exercised",
    ]
    assert shop["undocumented"] == ["ATTRIBUTE_TOO_SHINY"]
    assert shop["codes"]["card_declined"] == ["asserted", "observed"]
    assert shop["codes"]["insufficient_funds"] == ["observed"]
    assert shop["tests"]["card_declined"] == ["test_cards.py::test_declined"]
    assert set(data["catalogs"]) == {"shop"}
    assert data["marker_only"]["voipnow"]["exercised"] == ["unauthorized"]
    drifted = "test_validation.py::test_drift_is_seen_even_when_the_assertion_fails"
    assert data["drift"] == [{"catalog": "shop", "code": "ATTRIBUTE_TOO_SHINY", "tests": [drifted]}]


@pytest.mark.parametrize(
    ("threshold", "exit_code", "line"),
    [
        ("50", pytest.ExitCode.OK,
         "Required error-code coverage of 50% reached. Total coverage: 55.56%"),
        ("60%", pytest.ExitCode.TESTS_FAILED,
         "FAIL Required error-code coverage of 60% not reached: TOTAL 55.56% < 60%. "
         "Total coverage: 55.56%"),
        ("shop=50,voipnow=1", pytest.ExitCode.OK,
         "Required error-code coverage of shop=50%, voipnow=1% reached. Total coverage: 55.56%"),
        ("voipnow=80", pytest.ExitCode.TESTS_FAILED,
         "FAIL Required error-code coverage of voipnow=80% not reached: voipnow 1.43% < 80%. *"),
        ("nope=1", pytest.ExitCode.TESTS_FAILED,
         "FAIL * not reached: nope: no such catalog in the report (catalogs: shop, voipnow). *"),
    ],
)  # fmt: skip
def test_fail_under(shop_suite, run_inner, threshold, exit_code, line):
    result = run_inner("--errcodes-fail-under", threshold)
    assert result.ret == exit_code
    result.stdout.fnmatch_lines([EXPECTED_TABLE[0], line])


def test_fail_under_from_ini(shop_suite, run_inner):
    shop_suite.makeini("[pytest]\nerrcodes_fail_under = 90\n")
    assert run_inner().ret == pytest.ExitCode.TESTS_FAILED


def test_failing_tests_keep_their_exit_code(shop_suite, run_inner):
    shop_suite.makepyfile(test_broken="def test_broken():\n    assert False\n")
    result = run_inner("--errcodes-fail-under", "1")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["Required error-code coverage of 1% reached.*"])


def test_xdist_totals_equal_a_serial_run(shop_suite, run_inner):
    serial = run_inner("--errcodes-coverage-json", "serial.json")
    serial.assert_outcomes(passed=9)
    parallel = run_inner("-n", "2", "--errcodes-coverage", "--errcodes-coverage-json", "xdist.json")
    parallel.assert_outcomes(passed=9)
    parallel.stdout.fnmatch_lines(["created: 2/2 workers", *EXPECTED_TABLE])
    serial_data = json.loads((shop_suite.path / "serial.json").read_text())
    parallel_data = json.loads((shop_suite.path / "xdist.json").read_text())
    assert parallel_data == serial_data
    assert serial_data["totals"]["exercised"] == 5


def test_coverage_without_xdist_loaded(shop_suite, run_inner):
    result = run_inner("-p", "no:xdist", "--errcodes-coverage")
    result.assert_outcomes(passed=9)
    result.stdout.fnmatch_lines(EXPECTED_TABLE[:5])


def test_broken_config_is_reported_not_raised(pytester, run_inner):
    pytester.makepyprojecttoml('[tool.errlsp]\ncatalogs = ["missing.toml"]\n')
    pytester.makepyfile(test_nothing="def test_nothing():\n    pass\n")
    result = run_inner("--errcodes-coverage")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(
        ["errcodes: invalid errlsp configuration:*", "*cannot report error-code coverage: *"]
    )


def test_report_of_an_empty_recorder_renders_a_table_and_lists():
    from errlsp.catalog import load_builtin

    report = build_report(CoverageRecorder(), [load_builtin("voipnow")])
    assert report.percent == 0.0
    lines = render_report(report, width=60)
    assert lines[:3] == [
        "Catalog  Codes  Exercised   Cover  Undocumented",
        "voipnow     70          0    0.0%             0",
        "TOTAL       70          0    0.0%             0",
    ]
    assert all(len(line) <= 60 for line in lines)


def test_merging_is_order_independent():
    a = CoverageRecorder({("x", "asserted", "shop", "t.py::a")}, {"shop": "/tmp/shop.toml"})
    b = CoverageRecorder({("y", "observed", "shop", ""), ("x", "asserted", "shop", "t.py::a")})
    left, right = CoverageRecorder(), CoverageRecorder()
    left.merge(a.to_json())
    left.merge(b.to_json())
    right.merge(b.to_json())
    right.merge(a.to_json())
    assert left == right
    assert left.sources == {"shop": "/tmp/shop.toml"}


def test_undocumented_codes_are_attributed_by_dialect_then_case_then_order():
    from errlsp.catalog import CatalogSet, load_builtin
    from pytest_errcodes._coverage import attribute_undocumented

    scope = CatalogSet((load_builtin("fonedynamics"), load_builtin("voipnow")))
    assert attribute_undocumented("whatever", scope, "error-object").name == "voipnow"
    assert attribute_undocumented("lower_case", scope, None).name == "voipnow"
    assert attribute_undocumented("UPPER_CASE", scope, "graphql").name == "fonedynamics"
    assert attribute_undocumented("Mixed", scope, None).name == "fonedynamics"
    assert attribute_undocumented("x", CatalogSet(()), None) is None


def test_codes_outside_any_catalog_are_reported_as_unattributed():
    from errlsp.catalog import CatalogSet

    recorder = CoverageRecorder()
    recorder.record("LOST", "observed", CatalogSet(()))
    report = build_report(recorder, [])
    assert report.unattributed == ("LOST",)
    assert report.to_json()["totals"]["undocumented"] == 1
    assert render_report(report)[-2:] == [
        "undocumented codes seen outside any catalog (1):",
        "  LOST",
    ]


def test_fail_under_per_catalog_is_repeatable(shop_suite, run_inner):
    result = run_inner("--errcodes-fail-under", "shop=50", "--errcodes-fail-under", "voipnow=2")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["FAIL * of shop=50%, voipnow=2% not reached: voipnow 1.43% < 2%*"])


OUTCOMES = """
    import pytest
    from pytest_errcodes import assert_api_error

    BODY = {"error": {"code": "card_declined", "type": "card_error"}}

    def test_fails_after_asserting():
        assert_api_error(BODY, "card_declined")
        assert False

    @pytest.mark.xfail(reason="known")
    def test_xfailed():
        assert_api_error({"code": "OUT_OF_CREDIT", "type": "about:blank"}, "OUT_OF_CREDIT")
        assert False

    @pytest.mark.xfail(reason="passes anyway")
    def test_xpassed():
        assert_api_error({"code": "VALIDATION_FAILED", "type": "about:blank"},
                         "VALIDATION_FAILED")

    def test_skipped_after_asserting():
        assert_api_error({"errors": [{"code": "INVALID_ATTRIBUTE", "status": "422"}]},
                         "INVALID_ATTRIBUTE")
        pytest.skip("not today")

    @pytest.fixture
    def broken():
        yield
        raise RuntimeError("teardown fails")

    def test_teardown_error(broken):
        assert_api_error({"error": {"code": "never_exercised"}}, "never_exercised",
                         strict=False)

    def test_drift_counts_even_from_a_failing_test():
        assert_api_error({"error": {"code": "card_declined", "decline_code": "NEW_ONE"}},
                         "card_declined")

    def test_passes():
        body = {"errors": [{"message": "m", "extensions": {"code": "BAD_USER_INPUT"}}],
                "data": None}
        assert_api_error(body, "BAD_USER_INPUT")
"""


def test_only_passing_tests_count(shop_project, run_inner):
    shop_project.makepyfile(test_outcomes=textwrap.dedent(OUTCOMES))
    result = run_inner("--errcodes-coverage-json", "cov.json")
    result.assert_outcomes(passed=2, failed=2, skipped=1, xfailed=1, xpassed=1, errors=1)
    shop = json.loads((shop_project.path / "cov.json").read_text())["catalogs"]["shop"]
    assert shop["exercised"] == ["BAD_USER_INPUT"]
    assert shop["undocumented"] == ["NEW_ONE"]
    assert shop["tests"]["NEW_ONE"] == [
        "test_outcomes.py::test_drift_counts_even_from_a_failing_test"
    ]


CRASHING = """
    import os
    import pytest
    from pytest_errcodes import assert_api_error

    @pytest.mark.parametrize("n", range(3))
    def test_recorded(n):
        body = {"error": {"code": "card_declined", "type": "card_error"}}
        assert_api_error(body, "card_declined")

    def test_worker_dies():
        assert_api_error({"code": "OUT_OF_CREDIT", "type": "about:blank"}, "OUT_OF_CREDIT")
        os._exit(1)
"""


def test_a_crashed_xdist_worker_loses_no_coverage(shop_project, run_inner):
    """Issue 15: what a worker recorded before it died still counts (its test did not pass)."""
    shop_project.makepyfile(test_crash=textwrap.dedent(CRASHING))
    result = run_inner("-n", "1", "-p", "xdist", "--errcodes-coverage-json", "cov.json")
    result.assert_outcomes(passed=3, failed=1)
    result.stdout.fnmatch_lines(["*worker*crashed*"])
    shop = json.loads((shop_project.path / "cov.json").read_text())["catalogs"]["shop"]
    assert shop["exercised"] == ["card_declined"]
    assert len(shop["tests"]["card_declined"]) == 3


FAIL_UNDER = "--errcodes-fail-under"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((FAIL_UNDER, "nan"), f"{FAIL_UNDER}: expected a finite number, got 'nan'"),
        ((FAIL_UNDER, "inf"), f"{FAIL_UNDER}: expected a finite number, got 'inf'"),
        ((FAIL_UNDER, "101"), f"{FAIL_UNDER}: expected 0-100, got '101'"),
        ((FAIL_UNDER, "-1"), f"{FAIL_UNDER}: expected a number >= 0, got '-1'"),
        ((FAIL_UNDER, "shop=lots"), f"{FAIL_UNDER}: expected a number, got 'lots'"),
        ((FAIL_UNDER, "Shop Name=5"),
         f"{FAIL_UNDER}: expected PERCENT or CATALOG=PERCENT, got 'Shop Name=5'"),
        (("--errcodes-coverage-json", "."), "--errcodes-coverage-json: . is a directory; *"),
        (("--errcodes-coverage-json", "a_file/cov.json"),
         "--errcodes-coverage-json: cannot write a_file/cov.json (*a_file is not writable)"),
        (("--errcodes-coverage-html", "a_file"),
         "--errcodes-coverage-html: a_file exists and is not a directory"),
    ],
)  # fmt: skip
def test_bad_coverage_options_are_usage_errors(pytester, run_inner, args, message):
    """Issue 15: validated when pytest configures, before any test runs; no traceback."""
    (pytester.path / "a_file").write_text("x")
    pytester.makepyfile(test_x="def test_x():\n    raise SystemExit('must not run')\n")
    result = run_inner(*args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"ERROR: {message}"])
    assert "Traceback" not in result.stderr.str() + result.stdout.str()
