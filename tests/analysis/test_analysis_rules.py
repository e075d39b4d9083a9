"""The rules: fixtures per rule, messages, fixes, severities, suppression and syntax errors.

Rule fixtures live in ``tests/fixtures/rules/<rule-id>.py``: good and bad cases in one file,
each line that must produce a finding ending in ``# expect: <rule-id>[, <rule-id>]``. The
set of (line, rule) found must equal the set marked, on the fast path and the whole-file parse.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from errlsp.analysis import (
    RULES,
    Finding,
    check,
    check_source,
    references,
    severity_of,
    suppressed_rules,
)
from errlsp.catalog import load_catalog, load_catalogs
from errlsp.config import Scope, Settings

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "rules"
DEFAULT = Settings()
CATALOGS = load_catalogs(DEFAULT)
_EXPECT = re.compile(r"#\s*expect:\s*([a-z, -]+?)\s*$")
FIXTURE_RULES = (
    "unknown-code",
    "wrong-case",
    "status-mismatch",
    "field-mismatch",
    "other-catalog",
    "syntax-error",
)


def expected(text: str) -> set[tuple[int, str]]:
    marks: set[tuple[int, str]] = set()
    for number, line in enumerate(text.split("\n")):
        found = _EXPECT.search(line)
        if found:
            marks.update((number, rule.strip()) for rule in found.group(1).split(","))
    return marks


def found(findings: list[Finding]) -> set[tuple[int, str]]:
    return {(finding.span.start.line, finding.rule) for finding in findings}


def fixture(rule: str) -> tuple[str, str]:
    path = FIXTURES / f"{rule}.py"
    return path.read_text(encoding="utf-8"), str(path)


def one(text: str, settings: Settings = DEFAULT, **kwargs: object) -> Finding:
    findings = check_source(text, settings, CATALOGS, **kwargs)  # type: ignore[arg-type]
    assert len(findings) == 1, findings
    return findings[0]


# --- fixtures ----------------------------------------------------------------------------------
def test_every_fixture_rule_exists() -> None:
    assert set(FIXTURE_RULES) <= set(RULES)
    assert {path.stem for path in FIXTURES.glob("*.py")} == set(FIXTURE_RULES)


@pytest.mark.parametrize("rule", FIXTURE_RULES)
def test_fixture(rule: str) -> None:
    text, path = fixture(rule)
    marks = expected(text)
    assert {mark[1] for mark in marks} >= {rule}, "a fixture marks at least one finding of its rule"
    assert found(check_source(text, DEFAULT, CATALOGS, path=path)) == marks


@pytest.mark.parametrize("rule", FIXTURE_RULES)
def test_fixture_fast_path_equals_whole_file(rule: str) -> None:
    text, path = fixture(rule)
    fast = check_source(text, DEFAULT, CATALOGS, path=path)
    assert fast == check_source(text, DEFAULT, CATALOGS, path=path, whole_file=True)


@pytest.mark.parametrize("rule", [rule for rule in FIXTURE_RULES if rule != "syntax-error"])
def test_fixture_references_fast_path_equals_whole_file(rule: str) -> None:
    text, _ = fixture(rule)
    assert references(text, DEFAULT) == references(text, DEFAULT, whole_file=True)


def test_strict_reports_other_libraries_codes_in_the_fixture() -> None:
    text, path = fixture("unknown-code")
    extra = found(check_source(text, Settings(strict=True), CATALOGS, path=path)) - expected(text)
    assert {rule for _, rule in extra} == {"unknown-code"}
    lines = text.split("\n")
    assert sorted(lines[line].strip() for line, _ in extra) == [
        'case "required":',
        'if e.code == "invalid":  # another library\'s code: not reported unless strict',
    ]


# --- messages, suggestions and fixes -------------------------------------------------------------
def test_unknown_code_message_suggestion_and_fix() -> None:
    text = 'assert_api_error(resp, "PARAMETER_REQUIRD")\n'
    finding = one(text)
    assert finding.rule == "unknown-code"
    assert finding.severity == "error"
    assert finding.code == "PARAMETER_REQUIRD"
    assert "'PARAMETER_REQUIRD'" in finding.message
    assert "fonedynamics" in finding.message and "voipnow" in finding.message
    assert "PARAMETER_REQUIRED" in finding.message
    assert finding.suggestions[0] == "PARAMETER_REQUIRED"
    assert finding.fix is not None
    assert finding.fix.replacement == "PARAMETER_REQUIRED"
    assert "PARAMETER_REQUIRED" in finding.fix.title
    [reference] = references(text, DEFAULT)
    assert finding.span == reference.span
    assert finding.fix.span == reference.inner


def test_unknown_code_without_a_close_code_has_no_fix() -> None:
    finding = one('assert_api_error(resp, "qqqqqqqqqqqqqqqqq")\n')
    assert finding.rule == "unknown-code"
    assert finding.suggestions == ()
    assert finding.fix is None
    assert "Did you mean" not in finding.message


def test_unknown_code_names_only_the_scoped_catalog() -> None:
    settings = Settings(scopes=(Scope("billing/*.py", ("voipnow",)),))
    finding = one(
        'assert_api_error(resp, "cdr_start_date_invlid")\n', settings, path="billing/t.py"
    )
    assert "voipnow" in finding.message
    assert "fonedynamics" not in finding.message
    assert finding.suggestions[0] == "cdr_start_date_invalid"


def test_wrong_case_message_and_fix() -> None:
    finding = one('assert_api_error(resp, "Forbidden")\n')
    assert finding.rule == "wrong-case"
    assert finding.catalog == "fonedynamics"
    assert "'FORBIDDEN'" in finding.message and "fonedynamics" in finding.message
    assert finding.fix is not None and finding.fix.replacement == "FORBIDDEN"
    assert finding.suggestions == ("FORBIDDEN",)


def _catalog(tmp_path: Path, name: str, body: str) -> Settings:
    path = tmp_path / f"{name}.toml"
    path.write_text(body, encoding="utf-8")
    load_catalog(path)  # loads without problems
    return Settings(catalogs=(str(path),))


CASE_INSENSITIVE = """
[catalog]
name = "acme"
title = "ACME"
case = "upper"
case_sensitive = false
statuses = [400]

[[codes]]
code = "ALPHA_FAILED"
message = "Alpha failed."
"""


def test_no_wrong_case_in_a_case_insensitive_catalog(tmp_path: Path) -> None:
    settings = _catalog(tmp_path, "acme", CASE_INSENSITIVE)
    findings = check_source(
        'assert_api_error(resp, "alpha_failed")\n', settings, load_catalogs(settings)
    )
    assert findings == []


def test_case_insensitive_catalog_never_reports_wrong_case(tmp_path: Path) -> None:
    settings = _catalog(tmp_path, "acme", CASE_INSENSITIVE)
    findings = check_source(
        'assert_api_error(resp, "alpha_failed")\n', settings, load_catalogs(settings)
    )
    assert "wrong-case" not in {finding.rule for finding in findings}


def test_status_mismatch_per_code() -> None:
    finding = one('assert_api_error(resp, "unauthorized", status=400)\n')
    assert finding.rule == "status-mismatch"
    assert finding.severity == "warning"
    assert finding.catalog == "voipnow"
    assert "401" in finding.message and "400" in finding.message
    assert finding.fix is None


def test_status_mismatch_api_wide() -> None:
    finding = one('assert_api_error(resp, "PARAMETER_REQUIRED", status=501)\n')
    assert finding.rule == "status-mismatch"
    assert all(str(status) in finding.message for status in (400, 401, 403, 500, 501))


def test_no_status_mismatch_without_any_documented_status(tmp_path: Path) -> None:
    settings = _catalog(
        tmp_path,
        "bare",
        '[catalog]\nname = "bare"\ntitle = "Bare"\n\n[[codes]]\ncode = "X_Y"\nmessage = "x"\n',
    )
    text = 'assert_api_error(resp, "X_Y", status=418)\n'
    assert check_source(text, settings, load_catalogs(settings)) == []


def test_field_mismatch_message() -> None:
    finding = one('assert_api_error(resp, "FORBIDDEN", field="Name")\n')
    assert finding.rule == "field-mismatch"
    assert finding.severity == "warning"
    assert "'Name'" in finding.message and "fonedynamics" in finding.message
    assert finding.fix is None


def test_other_catalog_by_argument() -> None:
    finding = one('assert_api_error(resp, "unauthorized", catalog="fonedynamics")\n')
    assert finding.rule == "other-catalog"
    assert finding.catalog == "voipnow"
    assert "voipnow" in finding.message and "fonedynamics" in finding.message


def test_other_catalog_by_scope() -> None:
    settings = Settings(scopes=(Scope("fone/**", ("fonedynamics",)),))
    text = 'assert_api_error(resp, "unauthorized")\n'
    assert one(text, settings, path="fone/api/test_x.py").rule == "other-catalog"
    assert check_source(text, settings, CATALOGS, path="other/test_x.py") == []
    assert check_source(text, settings, CATALOGS) == []


def test_unknown_explicit_catalog_falls_back_to_the_scope() -> None:
    text = 'assert_api_error(resp, "unauthorized", catalog="no-such-api")\n'
    assert check_source(text, DEFAULT, CATALOGS) == []


DEPRECATED = """
[catalog]
name = "legacy"
title = "Legacy API"
case = "upper"
statuses = [400, 410]

[[codes]]
code = "OLD_THING"
status = 410
message = "Old."
deprecated = "use NEW_THING"

[[codes]]
code = "GONE_THING"
message = "Gone."
deprecated = true

[[codes]]
code = "NEW_THING"
status = 400
message = "New."
"""


def test_deprecated_code(tmp_path: Path) -> None:
    settings = _catalog(tmp_path, "legacy", DEPRECATED)
    catalogs = load_catalogs(settings)
    text = (
        'assert_api_error(resp, "OLD_THING")\n'
        'assert_api_error(resp, "GONE_THING")\n'
        'assert_api_error(resp, "NEW_THING")\n'
        'assert_api_error(resp, "OLD_THING", status=400)\n'
    )
    findings = check_source(text, settings, catalogs)
    assert found(findings) == {
        (0, "deprecated-code"),
        (1, "deprecated-code"),
        (3, "deprecated-code"),
        (3, "status-mismatch"),
    }
    first = findings[0]
    assert first.severity == "warning"
    assert first.catalog == "legacy"
    assert "use NEW_THING" in first.message
    quiet = Settings(catalogs=settings.catalogs, severity={"deprecated-code": "off"})
    assert found(check_source(text, quiet, catalogs)) == {(3, "status-mismatch")}


def test_check_applies_rules_to_references() -> None:
    text = 'assert_api_error(resp, "FORBIDEN")\nassert_api_error(resp, "FORBIDDEN", status=401)\n'
    findings = check(references(text, DEFAULT), CATALOGS, CATALOGS, DEFAULT)
    assert [(f.span.start.line, f.rule) for f in findings] == [
        (0, "unknown-code"),
        (1, "status-mismatch"),
    ]


# --- severities and suppression ----------------------------------------------------------------
def test_rule_table() -> None:
    for rule_id, rule in RULES.items():
        assert rule.id == rule_id
        assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", rule_id)
        assert rule.default_severity in ("error", "warning", "info", "hint")
        assert rule.summary
        assert rule_id in rule.url
        for heading in ("## What it does", "## Why is this bad?", "## How to suppress"):
            assert heading in rule.doc, (rule_id, heading)
    assert {rule_id for rule_id, rule in RULES.items() if rule.fix_title} == {
        "unknown-code",
        "wrong-case",
    }


def test_severity_of() -> None:
    assert severity_of("unknown-code", {}) == "error"
    assert severity_of("status-mismatch", {}) == "warning"
    assert severity_of("unknown-code", {"unknown-code": "hint"}) == "hint"
    assert severity_of("unknown-code", {"wrong-case": "off"}) == "error"


@pytest.mark.parametrize("level", ["error", "warning", "info", "hint"])
def test_severity_override(level: str) -> None:
    settings = Settings(severity={"unknown-code": level})
    assert one('assert_api_error(resp, "FORBIDEN")\n', settings).severity == level


def test_severity_off_drops_only_that_rule() -> None:
    settings = Settings(severity={"unknown-code": "off"})
    text = 'assert_api_error(resp, "FORBIDEN")\nassert_api_error(resp, "FORBIDDEN", status=401)\n'
    assert found(check_source(text, settings, CATALOGS)) == {(1, "status-mismatch")}


def test_severity_off_for_syntax_errors() -> None:
    settings = Settings(severity={"syntax-error": "off"})
    assert check_source('assert_api_error(resp, "X"\n', settings, CATALOGS) == []


BAD = 'assert_api_error(resp, "FORBIDEN", status=401)'  # unknown-code only (not documented)
TWO = 'assert_api_error(resp, "FORBIDDEN", status=401, field="x")'  # status- and field-mismatch


@pytest.mark.parametrize(
    ("text", "rules"),
    [
        (f"{BAD}  # errlsp: ignore[unknown-code]\n", set()),
        (f"{BAD}  # errlsp: ignore\n", set()),
        (f"{BAD}  #errlsp:ignore\n", set()),
        (f"{BAD}  # errlsp: ignore[wrong-case]\n", {"unknown-code"}),
        (f"{BAD}\n# errlsp: ignore[unknown-code]\n", {"unknown-code"}),
        (f"{TWO}  # errlsp: ignore[status-mismatch]\n", {"field-mismatch"}),
        (f"{TWO}  # errlsp: ignore[status-mismatch, field-mismatch]\n", set()),
        (f"{TWO}  # errlsp: ignore[field-mismatch,status-mismatch]\n", set()),
        (f"{TWO}  # noqa\n", {"status-mismatch", "field-mismatch"}),
        (
            'assert_api_error(resp, """FORB\nIDEN""")  # errlsp: ignore[unknown-code]\n',
            set(),
        ),
        ('if e.code == "Forbidden":  # errlsp: ignore[wrong-case]\n    pass\n', set()),
    ],
)
def test_inline_suppression(text: str, rules: set[str]) -> None:
    assert {finding.rule for finding in check_source(text, DEFAULT, CATALOGS)} == rules


@pytest.mark.parametrize("comment", ["ignore[unknown_code]", "ignore[Status-Mismatch]"])
def test_misspelt_suppression_does_not_silence_everything(comment: str) -> None:
    text = f"{TWO}  # errlsp: {comment}\n"
    assert {finding.rule for finding in check_source(text, DEFAULT, CATALOGS)} == {
        "status-mismatch",
        "field-mismatch",
    }


@pytest.mark.parametrize(
    ("line", "rules"),
    [
        ("x = 1", None),
        ("x = 1  # errlsp: ignore", frozenset()),
        ("x = 1  # errlsp: ignore[unknown-code]", frozenset({"unknown-code"})),
        (
            "x  # errlsp:ignore[ wrong-case , unknown-code ]",
            frozenset({"wrong-case", "unknown-code"}),
        ),
        ("x = 1  # errlsp: catalog=voipnow", None),
    ],
)
def test_suppressed_rules(line: str, rules: frozenset[str] | None) -> None:
    assert suppressed_rules(line) == rules


def test_per_file_ignores(tmp_path: Path) -> None:
    settings = Settings(
        root=tmp_path,
        per_file_ignores={"legacy/**": ("unknown-code",), "test_*.py": ("status-mismatch",)},
    )
    text = f"{BAD}\n{TWO}\n"
    every = {(0, "unknown-code"), (1, "status-mismatch"), (1, "field-mismatch")}
    assert found(check_source(text, settings, CATALOGS)) == every
    assert found(check_source(text, settings, CATALOGS, path=tmp_path / "src" / "a.py")) == every
    legacy = tmp_path / "legacy" / "deep" / "a.py"
    assert found(check_source(text, settings, CATALOGS, path=legacy)) == every - {
        (0, "unknown-code")
    }
    tests = tmp_path / "pkg" / "test_a.py"
    assert found(check_source(text, settings, CATALOGS, path=tests)) == every - {
        (1, "status-mismatch")
    }


# --- syntax errors -----------------------------------------------------------------------------
# (text, the compiler's 0-based line)
# Generic contexts carry a literal resembling a documented code: a file whose generic
# contexts hold only other libraries' codes is not parsed at all (see check._worth_parsing).
BROKEN = [
    ('assert_api_error(resp, "PARAMETER_REQUIRED"\n', 0),
    ('assert_api_error(resp, "PARAM', 0),
    ('def test(resp):\n    assert_api_error(resp, "X")\n  x = 1\n', 2),
    ('if e.code == "FORBIDEN":\n', 0),
    ('x = 1\nif e.code == "FORBIDEN"\n    pass\n', 1),
    ('def f(e):\n    match e.code:\n        case "FORBIDEN"\n            pass\n', 2),
    ('assert_api_error(resp, """never closed\n\n\n', 0),
    ('def test(resp):\n\tif e.code == "FORBIDEN":\n        pass\n', 2),
    ('assert_api_error(resp, "X")\x00\n', 0),
    ('x = "caf\u00e9 \U0001f600"; assert_api_error(resp, "X"))\n', 0),
]


@pytest.mark.parametrize(("text", "line"), BROKEN)
def test_broken_file_is_one_syntax_error(text: str, line: int) -> None:
    finding = one(text)
    assert finding.rule == "syntax-error"
    assert finding.severity == "error"
    assert finding.span.start.line == line
    assert finding.message
    assert finding.code is None and finding.fix is None


def test_syntax_error_column_counts_code_points() -> None:
    text = 'x = "caf\u00e9 \U0001f600"; assert_api_error(resp, "X"))\n'
    assert one(text).span.start.character == text.index("))") + 1


def _inside(text: str, finding: Finding) -> bool:
    lines = re.split(r"\r\n|\r|\n", text)
    return all(
        position.line < len(lines) and position.character <= len(lines[position.line])
        for position in (finding.span.start, finding.span.end)
    )


@pytest.mark.parametrize("text", [case[0] for case in BROKEN])
def test_syntax_error_starts_inside_the_document(text: str) -> None:
    start = one(text).span.start
    lines = re.split(r"\r\n|\r|\n", text)
    assert start.line < len(lines) and start.character <= len(lines[start.line])


@pytest.mark.parametrize(
    "text",
    ['def test(resp):\n    assert_api_error(resp, "X")\n  x = 1\n', 'if e.code == "FORBIDEN":\n'],
    ids=["unindent", "missing-block"],
)
def test_syntax_error_span_inside_line(text: str) -> None:
    assert _inside(text, one(text))


@pytest.mark.parametrize(
    "text",
    [
        'assert_api_error(resp, "FORBIDEN")\n\n\ndef broken(:\n    pass\n',
        'assert_api_error(resp, "X")\n)\n',
        'x = "caf\u00e9 \U0001f600" +\nassert_api_error(resp, "X")\n',
    ],
    ids=["context-before-error", "stray-bracket", "error-on-line-before"],
)
def test_broken_file_with_a_parsable_block(text: str) -> None:
    """By design only the blocks around references are parsed: their findings stand, and a
    syntax error elsewhere is left to Python tools (compiling every file would cost more than
    the analysis, and the running interpreter may not know the file's newer syntax)."""
    rules = {finding.rule for finding in check_source(text, DEFAULT, CATALOGS)}
    assert "syntax-error" not in rules
    whole = {finding.rule for finding in check_source(text, DEFAULT, CATALOGS, whole_file=True)}
    assert whole == {"syntax-error"}


def test_broken_file_without_contexts() -> None:
    """By design, a file without error-code contexts is never parsed, so never reported.

    Parsing every file to find syntax errors is another linter's job and would cost the
    pre-filter its speed; any file with a context is compiled and its errors reported.
    """
    text = "def broken(:\n    pass\n"
    assert found(check_source(text, DEFAULT, CATALOGS, whole_file=True)) == {(0, "syntax-error")}
    assert found(check_source(text, DEFAULT, CATALOGS)) == set()


@pytest.mark.parametrize(("text", "line"), BROKEN)
def test_whole_file_syntax_error_line(text: str, line: int) -> None:
    finding = one(text, whole_file=True)
    assert finding.rule == "syntax-error"
    assert finding.span.start.line == line
    assert finding.span == one(text).span


def test_whole_file_valid_but_deep_source() -> None:
    text = "x = (\n" + '    "a"\n' * 3000 + ')\nassert_api_error(resp, "FORBIDEN")\n'
    compile(text, "deep.py", "exec")
    assert found(check_source(text, DEFAULT, CATALOGS, whole_file=True)) == {(3002, "unknown-code")}


CRASHERS = {
    "truncated-hex-escape": 'if e.code == "\\x4":\n    pass\n',
    "unknown-unicode-name": 'assert_api_error(resp, "\\N{NO SUCH NAME}")\n',
    "truncated-unicode-escape": 'assert_api_error(resp, "\\u12")\n',
    "nul-in-literal": 'if e.code == "\x00":\n    pass\n',
    "bytes-next-to-str": 'x = b"a" "b"; assert_api_error(resp, "X")\n',
}


@pytest.mark.parametrize("whole_file", [False, True], ids=["fast", "whole"])
@pytest.mark.parametrize("text", list(CRASHERS.values()), ids=list(CRASHERS))
def test_never_crashes(text: str, whole_file: bool) -> None:
    """A literal Python cannot evaluate is no code (half-typed escapes are normal while
    typing); mixing bytes and str is a syntax error the compiler locates."""
    findings = check_source(text, DEFAULT, CATALOGS, whole_file=whole_file)
    expected = ["syntax-error"] if 'b"a"' in text else []
    assert [finding.rule for finding in findings] == expected


def test_deep_source_on_the_fast_path() -> None:
    text = "x = (\n" + '    "a"\n' * 3000 + ')\nassert_api_error(resp, "FORBIDEN")\n'
    assert found(check_source(text, DEFAULT, CATALOGS)) == {(3002, "unknown-code")}


def test_empty_and_blank_files_have_no_findings() -> None:
    for text in ("", "\n", "\r\n", "   \n\t\n", "# just a comment\n"):
        assert check_source(text, DEFAULT, CATALOGS) == []
        assert check_source(text, DEFAULT, CATALOGS, whole_file=True) == []


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ('def clean(self):\n    raise ValidationError(msg, code="invalid")\n', False),
        ('if e.code in ("required", "invalid"):\n    pass\n', False),
        ('if e.code == "FORBIDEN":\n    pass\n', True),
        ('if e.code == "forbidden":\n    pass\n', True),
        ('assert_api_error(resp, "anything at all")\n', True),
        # A bound name is compared later: every literal after it counts, but only one that
        # could be reported (Django's ``code = operation.code`` needs no parse).
        ('def f(e):\n    code = e.code\n    return code == "x_y"\n', False),
        (
            "def f(e):\n    code = e.code\n"
            + "    x = 1\n" * 60
            + '    return code == "FORBIDEN"\n',
            True,
        ),
        ('def f(e):\n    x = "FORBIDEN"\n    code = e.code\n    return code == "x_y"\n', False),
        ('# errlsp: catalog=voipnow\nif e.code == "x":\n    pass\n', True),
    ],
)
def test_files_whose_contexts_cannot_yield_findings_are_not_parsed(text, parsed) -> None:
    from errlsp.analysis.check import _worth_parsing
    from errlsp.analysis.contexts import settings_contexts
    from errlsp.analysis.directives import directives

    found = directives(text, settings_contexts(DEFAULT))
    assert _worth_parsing(text, found, CATALOGS)[0] is parsed
    fast = check_source(text, DEFAULT, CATALOGS)
    assert fast == check_source(text, DEFAULT, CATALOGS, whole_file=True)


BOUND = "def f(e):\n    code = e.code\n"


@pytest.mark.parametrize(
    "text",
    [
        "if e.code == ErrorCode.OLD:\n    pass\n",
        BOUND + "    if code == ErrorCode.OLD:\n        pass\n",
        BOUND + "    if code in (\n        Codes.OLD,\n    ):\n        pass\n",
        BOUND + "    match code:\n        case ErrorCode.OLD:\n            pass\n",
    ],
)
def test_a_constant_next_to_a_context_is_parsed_once_it_is_known(text) -> None:
    """Unparsed, such a file names the member it uses; known (defined in the file or in the
    index given), that member makes it worth parsing, so no constant use is skipped."""
    from errlsp.analysis.check import _worth_parsing
    from errlsp.analysis.contexts import settings_contexts
    from errlsp.analysis.directives import directives

    found = directives(text, settings_contexts(DEFAULT))
    worth, maybe = _worth_parsing(text, found, CATALOGS)
    assert (worth, "OLD" in maybe) == (False, True)
    assert _worth_parsing(text, found, CATALOGS, frozenset({"OLD"}))[0] is True
    defining = 'class ErrorCode:\n    OLD = "FORBIDDEN"\n\n\n' + text
    assert check_source(defining, DEFAULT, CATALOGS) == check_source(
        defining, DEFAULT, CATALOGS, whole_file=True
    )
