"""``errlsp.analysis.contexts``: context names from settings, helper aliases, the pre-filter.

The pre-filter decides which files and lines are parsed at all, so a miss here is a silent
miss of the fast path. Its contract: every text holding a reference (as a whole-file parse
finds it) passes the filter, with the reference's line or its statement among the candidate
lines; plain code with code-shaped strings but no context does not pass.
"""

from __future__ import annotations

import pytest

from errlsp.analysis import candidate_lines, references
from errlsp.analysis.contexts import (
    ACCESSORS,
    EXCEPTION_SUFFIXES,
    HELPERS,
    contexts_for,
    file_catalog,
    settings_contexts,
)
from errlsp.analysis.scan import SourceMap
from errlsp.config import Settings

DEFAULT = Settings()
CONFIGURED = Settings(
    helpers=("mylib.testing.expect_error",),
    exceptions=("myapi.errors.Billing",),
    accessors=("reason",),
)


def test_defaults_match_issues_3_and_11() -> None:
    assert HELPERS == {"assert_api_error": 1, "raises_api_error": 0, "make_api_error": 0}
    assert set(ACCESSORS) == {"code", "error_code", "errorCode", "ErrorCode", "err_code"} | {
        "Code",  # botocore
        "error",  # Slack
        "reason",  # Google ErrorInfo
    }
    assert set(EXCEPTION_SUFFIXES) == {"Error", "Exception", "Failure"}


def test_default_contexts_have_nothing_configured() -> None:
    contexts = settings_contexts(DEFAULT)
    assert contexts.helpers == HELPERS
    assert contexts.accessors == frozenset(ACCESSORS)
    assert contexts.configured_helpers == frozenset()
    assert contexts.configured_accessors == frozenset()
    assert contexts.exceptions == frozenset()


def test_configured_names_drop_their_module_path() -> None:
    contexts = settings_contexts(CONFIGURED)
    assert contexts.helpers["expect_error"] == -1  # first string argument
    assert contexts.configured_helpers == frozenset({"expect_error"})
    assert "reason" in contexts.accessors
    assert contexts.configured_accessors == frozenset({"reason"})
    assert contexts.exceptions == frozenset({"Billing"})


def test_configuring_a_builtin_helper_keeps_its_code_position() -> None:
    contexts = contexts_for(("pytest_errcodes.assert_api_error",), (), ())
    assert contexts.helpers["assert_api_error"] == 1


def test_contexts_are_shared_per_settings_value() -> None:
    assert settings_contexts(Settings()) is settings_contexts(DEFAULT)


@pytest.mark.parametrize(
    ("text", "aliases"),
    [
        ("from pytest_errcodes import assert_api_error as aae\n", {"aae": 1}),
        ("from pytest_errcodes import (\n    raises_api_error as rae,\n)\n", {"rae": 0}),
        (
            "from pytest_errcodes import assert_api_error as a, make_api_error as m\n",
            {"a": 1, "m": 0},
        ),
        ("from pytest_errcodes import assert_api_error\n", {}),
        ("import pytest_errcodes as pe\n", {}),
    ],
)
def test_with_aliases(text: str, aliases: dict[str, int]) -> None:
    base = settings_contexts(DEFAULT)
    contexts = base.with_aliases(text)
    assert {name: contexts.helpers[name] for name in aliases} == aliases
    assert set(contexts.helpers) == set(base.helpers) | set(aliases)
    if not aliases:
        assert contexts is base
    else:
        assert contexts.prefilter.search(f"{next(iter(aliases))}(resp, 'X')")


def test_alias_of_a_configured_helper() -> None:
    contexts = settings_contexts(CONFIGURED).with_aliases(
        "from mylib.testing import expect_error as ee"
    )
    assert contexts.helpers["ee"] == -1


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("# errlsp: catalog=fonedynamics\n", "fonedynamics"),
        ("#errlsp:catalog=voipnow", "voipnow"),
        ("x = 1\n\n# errlsp:  catalog = my-api.v2\n", "my-api.v2"),
        ("# errlsp: ignore[unknown-code]\n", None),
        ("# catalog=voipnow\n", None),
        ("", None),
    ],
)
def test_file_catalog(text: str, name: str | None) -> None:
    assert file_catalog(text) == name


# --- the pre-filter ----------------------------------------------------------------------------
# (text, line expected among the candidates) for texts that hold a context
CONTEXT_LINES = [
    ('assert_api_error(resp, "X")', 0),
    ('x = 1\npe.assert_api_error(resp, "X")', 1),
    ('x = 1\n\nraises_api_error("X")', 2),
    ('make_api_error(code="X")', 0),
    ('assert_api_error (\n    resp,\n    "X",\n)', 0),
    ('if e.code == "X":\n    pass', 0),
    ('if e["code"] == "X":\n    pass', 0),
    ("if e['ErrorCode'] == 'X':\n    pass", 0),
    ('if e.get("error_code") == "X":\n    pass', 0),
    ('if e.errorCode == "X":\n    pass', 0),
    ('if e.err_code == "X":\n    pass', 0),
    ('x = 1\nif resp.json()["error"]["code"] in ("A", "B"):\n    pass', 1),
    ('match subject:\n    case "X":\n        pass', 1),
    ('raise ApiError("FORBIDDEN")', 0),
    ("raise ApiError('FORBIDDEN')", 0),
    ('raise ApiError(\n    "FORBIDDEN",\n)', 0),
    ('raise ApiError(code="FORBIDDEN")', 0),
    ('raise ApiError("The request failed", error_code="FORBIDDEN")', 0),
    ('raise PaymentFailure(r"FORBIDDEN")', 0),
    ('with pytest.raises(ApiError, match="FORBIDDEN"):\n    pass', 0),
    # whitespace before and inside the literal's parentheses (each is the context's own)
    ('raise ApiError( ( "FORBIDDEN" ))', 0),
    ('raise ApiError(\n    (\n        "FORBIDDEN"\n    )\n)', 0),
    ('raise ApiError(  # why\n    code = ( ("FORBIDDEN")))', 0),
    ('x = make(code= (\n    "FORBIDDEN"))', 0),
    ('with pytest.raises(ApiError, match = (\n    "FORBIDDEN")):\n    pass', 0),
]


@pytest.mark.parametrize(("text", "line"), CONTEXT_LINES)
def test_prefilter_finds_the_context(text: str, line: int) -> None:
    contexts = settings_contexts(DEFAULT).with_aliases(text)
    assert contexts.prefilter.search(text)
    assert line in candidate_lines(SourceMap(text), contexts)


@pytest.mark.parametrize(
    "text",
    [
        'expect_error(resp, "X")',
        'if e.reason == "X":\n    pass',
        'raise Billing("anything at all")',
        'raise errors.Billing("anything at all")',
    ],
)
def test_prefilter_finds_configured_contexts(text: str) -> None:
    assert settings_contexts(CONFIGURED).prefilter.search(text)
    assert not settings_contexts(DEFAULT).prefilter.search(text)


def test_prefilter_finds_an_aliased_helper() -> None:
    text = 'from pytest_errcodes import assert_api_error as aae\n\n\naae(resp, "X")\n'
    contexts = settings_contexts(DEFAULT).with_aliases(text)
    assert 3 in candidate_lines(SourceMap(text), contexts)


NO_CONTEXT = {
    "empty": "",
    "code-shaped-strings": 'PARAMS = ["PARAMETER_REQUIRED", "FORBIDDEN"]\nx = "unauthorized"\n',
    "status-code": "status_code = 200\nassert resp.status_code == 401\n",
    "similar-attributes": "x.codec\ne.codes\ne.code_x\nerror_codes = 1\ne.Code\n",
    "dict-literal": 'body = {"code": 1, "ErrorCode": 2}\n',
    "bare-name": "code = compute()\nprint(code)\n",
    "exception-message": 'raise ValueError("bad thing happened")\n',
    "exception-non-literal": "raise ValueError(message)\n",
    "raises-without-match": "with pytest.raises(ValueError):\n    pass\n",
    "helper-name-without-call": "helpers = [assert_api_error]\n",
    "get-of-other-key": 'x.get("name")\nx.get(code)\n',
}


@pytest.mark.parametrize("text", list(NO_CONTEXT.values()), ids=list(NO_CONTEXT))
def test_prefilter_skips_text_without_contexts(text: str) -> None:
    assert not settings_contexts(DEFAULT).prefilter.search(text)
    assert references(text, DEFAULT) == []


def test_prefilter_offsets_point_at_each_context() -> None:
    text = 'x = 1\nassert_api_error(resp, "A")\ny = 2\nif e.code == "B":\n    pass\n'
    source = SourceMap(text)
    assert candidate_lines(source, settings_contexts(DEFAULT)) == [1, 3]


CONTEXTS_ONCE_MISSED = [
    pytest.param(
        'with pytest.raises((ApiError, KeyError), match="FORBIDEN"):\n    pass',
        id="raises-exception-tuple",
    ),
    pytest.param(
        'with pytest.raises(\n    ApiError,\n    match="FORBIDEN",\n):\n    pass',
        id="raises-multiline",
    ),
    pytest.param('raise FooError("""FORBIDEN""")', id="exception-triple-quoted"),
    pytest.param('raise FooError(("FORBIDEN"))', id="exception-parenthesised"),
    pytest.param('raise FooError(  # why\n    "FORBIDEN"\n)', id="exception-comment-first"),
    pytest.param('if d[ "code" ] == "FORBIDEN":\n    pass', id="subscript-with-spaces"),
    pytest.param('if d[r"code"] == "FORBIDEN":\n    pass', id="subscript-raw-key"),
    pytest.param(
        'if d.get(\n    "code"\n) == "FORBIDEN":\n    pass',
        id="get-key-on-next-line",
    ),
]


@pytest.mark.parametrize("text", CONTEXTS_ONCE_MISSED)
def test_prefilter_passes_what_the_parser_finds(text: str) -> None:
    assert references(text, DEFAULT, whole_file=True), "the whole-file parse finds a reference"
    assert settings_contexts(DEFAULT).prefilter.search(text)


# Texts on which a pattern that can split one run of characters many ways never ends: each
# must be filtered, and checked, in bounded time (a child process with a deadline).
HOSTILE = {
    "hashes-after-call": "raise ApiError(  " + "#" * 60 + '\n    "not a code, a message"\n)\n',
    "hash-paren-runs": "raise ApiError(" + "#(" * 200 + "\n)\n",
    "comment-lines": "raise ApiError(\n" + "    # " + "# " * 300 + "\n" * 50 + '    "X Y")\n',
}


@pytest.mark.parametrize("text", list(HOSTILE.values()), ids=list(HOSTILE))
def test_prefilter_ends_on_runs_a_regex_could_split(text: str) -> None:
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from errlsp.analysis import candidate_lines, check_source\n"
        "from errlsp.analysis.contexts import settings_contexts\n"
        "from errlsp.analysis.scan import SourceMap\n"
        "from errlsp.catalog import load_catalogs\n"
        "from errlsp.config import Settings\n"
        "text = sys.stdin.read()\n"
        "settings = Settings()\n"
        "print(candidate_lines(SourceMap(text), settings_contexts(settings)))\n"
        "print(len(check_source(text, settings, load_catalogs(settings))))\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", probe], input=text, capture_output=True, text=True, timeout=60
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.split("\n")[1] == "0"  # a message is no code: nothing to report
