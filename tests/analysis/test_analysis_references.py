"""``references``: every error-code context of issue 3, the negatives, and what surrounds a code.

Literals are marked in the test text with ``⟦`` and ``⟧`` (removed before analysis), so no
column is ever counted by hand. Every input is analysed twice, by the fast path (blocks around
pre-filter hits) and by a whole-file parse, and the two must agree (``refs`` asserts it).
Known disagreements and misses are ``xfail(strict=True)`` with a ``BUG:`` reason: fixing the
bug makes the test pass and pytest then asks for the marker to be removed.
"""

from __future__ import annotations

import ast
import re

import pytest

from errlsp.analysis import (
    BlockCache,
    CodeReference,
    Position,
    Span,
    check_source,
    reference_at,
    references,
)
from errlsp.analysis.scan import MAX_BLOCK_LINES
from errlsp.catalog import load_catalogs
from errlsp.config import Settings

OPEN, CLOSE = "⟦", "⟧"
DEFAULT = Settings()
CONFIGURED = Settings(
    helpers=("mylib.testing.expect_error",),
    exceptions=("myapi.errors.Billing",),
    accessors=("reason",),
)
SETTINGS = {"default": DEFAULT, "configured": CONFIGURED}
CATALOGS = load_catalogs(DEFAULT)
_BREAK = re.compile(r"\r\n|\r|\n")


def position(text: str, offset: int) -> Position:
    """0-based line and code-point column of ``offset`` (lines end at CRLF, CR or LF)."""
    breaks = list(_BREAK.finditer(text, 0, offset))
    return Position(len(breaks), offset - (breaks[-1].end() if breaks else 0))


def unmark(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """The text without markers, and the (start, end) offsets of each marked literal."""
    pieces = re.split(f"({OPEN}|{CLOSE})", marked)
    text, spans, start = "", [], -1
    for piece in pieces:
        if piece == OPEN:
            start = len(text)
        elif piece == CLOSE:
            spans.append((start, len(text)))
        else:
            text += piece
    return text, spans


def spans_of(marked: str) -> tuple[str, list[tuple[Span, Span]]]:
    """The clean text and, per marked literal, its (span, inner span) computed independently."""
    text, offsets = unmark(marked)
    result = []
    for start, end in offsets:
        literal = text[start:end]
        prefix = len(literal) - len(literal.lstrip("rRuUbBfF"))
        quote = 3 if literal[prefix : prefix + 3] in ('"""', "'''") else 1
        span = Span(position(text, start), position(text, end))
        inner = Span(position(text, start + prefix + quote), position(text, end - quote))
        result.append((span, inner))
    return text, result


def refs(text: str, settings: Settings = DEFAULT) -> list[CodeReference]:
    """References by the fast path, checked equal to the whole-file parse."""
    fast = references(text, settings)
    whole = references(text, settings, whole_file=True)
    assert fast == whole, "fast path and whole-file parse disagree"
    return fast


def _order(pair: tuple[Span, Span]) -> tuple[Position, Position]:
    return pair[0].start, pair[0].end


def located(refs_found: list[CodeReference]) -> list[tuple[Span, Span]]:
    """(span, inner) of each reference, in source order."""
    return sorted(((ref.span, ref.inner) for ref in refs_found), key=_order)


# --- every context ---------------------------------------------------------------------------
# (id, marked text, kind, names_api, settings)
CONTEXTS = [
    # the project's helpers: 2nd positional or code=, by name, through a module, aliased
    (
        "helper-positional",
        'assert_api_error(resp, ⟦"PARAMETER_REQUIRD"⟧)',
        "helper",
        True,
        "default",
    ),
    ("helper-code-kw", 'assert_api_error(resp, code=⟦"FORBIDDEN"⟧)', "helper", True, "default"),
    (
        "helper-kw-order",
        'assert_api_error(resp, status=403, code=⟦"FORBIDDEN"⟧, field=None)',
        "helper",
        True,
        "default",
    ),
    (
        "helper-multiline",
        'assert_api_error(\n    resp,\n    ⟦"FORBIDDEN"⟧,\n    status=403,\n)',
        "helper",
        True,
        "default",
    ),
    (
        "helper-imported",
        "from pytest_errcodes import assert_api_error\n\n\ndef test_it(resp):\n"
        '    assert_api_error(resp, ⟦"unauthorized"⟧)\n',
        "helper",
        True,
        "default",
    ),
    (
        "helper-module",
        'import pytest_errcodes as pe\n\npe.assert_api_error(resp, ⟦"unauthorized"⟧)',
        "helper",
        True,
        "default",
    ),
    (
        "helper-aliased",
        'from pytest_errcodes import assert_api_error as aae\n\naae(resp, ⟦"unauthorized"⟧)',
        "helper",
        True,
        "default",
    ),
    (
        "helper-aliased-parenthesised",
        "from pytest_errcodes import (\n    raises_api_error as rae,\n)\n\n"
        'with rae(⟦"FORBIDDEN"⟧):\n    pass',
        "helper",
        True,
        "default",
    ),
    (
        "raises-api-error",
        'with raises_api_error(⟦"FORBIDDEN"⟧):\n    pass',
        "helper",
        True,
        "default",
    ),
    (
        "make-api-error",
        'error = make_api_error(⟦"unauthorized"⟧, status=401)',
        "helper",
        True,
        "default",
    ),
    (
        "helper-any-literal",
        'assert_api_error(resp, ⟦"not a code at all"⟧)',
        "helper",
        True,
        "default",
    ),
    ("configured-helper", 'expect_error(resp, ⟦"FORBIDDEN"⟧)', "helper", True, "configured"),
    (
        "configured-helper-dotted",
        'mylib.testing.expect_error(resp, ⟦"FORBIDDEN"⟧)',
        "helper",
        True,
        "configured",
    ),
    # exception constructors
    (
        "exception-positional",
        'raise ApiError(⟦"PARAMETER_REQUIRD"⟧)',
        "exception",
        False,
        "default",
    ),
    (
        "exception-code-kw",
        'raise ApiError("The request failed", code=⟦"FORBIDDEN"⟧)',
        "exception",
        False,
        "default",
    ),
    (
        "exception-error-code-kw",
        'raise ApiError("The request failed", error_code=⟦"FORBIDDEN"⟧)',
        "exception",
        False,
        "default",
    ),
    ("exception-suffix", 'raise BadException(⟦"FORBIDDEN"⟧)', "exception", False, "default"),
    ("failure-suffix", 'raise errors.PaymentFailure(⟦"FORBIDDEN"⟧)', "exception", False, "default"),
    (
        "exception-call-not-raised",
        'error = ApiError(⟦"unauthorized"⟧)',
        "exception",
        False,
        "default",
    ),
    ("configured-exception", 'raise Billing(⟦"anything goes"⟧)', "exception", True, "configured"),
    (
        "configured-exception-dotted",
        'raise errors.Billing(⟦"FORBIDDEN"⟧)',
        "exception",
        True,
        "configured",
    ),
    # comparisons: both operand orders, every accessor form
    ("eq-attribute", 'if e.code == ⟦"FORBIDDEN"⟧:\n    pass', "comparison", False, "default"),
    ("ne-attribute", 'if e.code != ⟦"FORBIDDEN"⟧:\n    pass', "comparison", False, "default"),
    ("literal-first", 'if ⟦"FORBIDDEN"⟧ == e.code:\n    pass', "comparison", False, "default"),
    ("literal-first-ne", 'assert ⟦"FORBIDDEN"⟧ != e.error_code', "comparison", False, "default"),
    ("subscript", 'assert body["code"] == ⟦"unauthorized"⟧', "comparison", False, "default"),
    ("get", 'assert body.get("code") == ⟦"unauthorized"⟧', "comparison", False, "default"),
    (
        "get-default",
        'assert body.get("code", "") == ⟦"unauthorized"⟧',
        "comparison",
        False,
        "default",
    ),
    ("error_code", 'assert e.error_code == ⟦"unauthorized"⟧', "comparison", False, "default"),
    ("errorCode", 'assert e.errorCode == ⟦"unauthorized"⟧', "comparison", False, "default"),
    ("ErrorCode", 'assert e.ErrorCode == ⟦"FORBIDDEN"⟧', "comparison", False, "default"),
    ("err_code", 'assert e.err_code == ⟦"FORBIDDEN"⟧', "comparison", False, "default"),
    (
        "subscript-ErrorCode",
        'assert e["ErrorCode"] == ⟦"FORBIDDEN"⟧',
        "comparison",
        False,
        "default",
    ),
    ("configured-accessor", 'assert e.reason == ⟦"FORBIDDEN"⟧', "comparison", True, "configured"),
    (
        "configured-accessor-get",
        'assert e.get("reason") == ⟦"FORBIDDEN"⟧',
        "comparison",
        True,
        "configured",
    ),
    (
        "chain-json",
        'assert resp.json()["error"]["code"] == ⟦"unauthorized"⟧',
        "comparison",
        False,
        "default",
    ),
    (
        "chain-response-status",
        'assert body["ResponseStatus"]["ErrorCode"] == ⟦"FORBIDDEN"⟧',
        "comparison",
        False,
        "default",
    ),
    (
        "chained-comparison",
        'assert ⟦"FORBIDDEN"⟧ == e.code == other',
        "comparison",
        False,
        "default",
    ),
    (
        "exc-info",
        "def test_it():\n    with pytest.raises(ApiError) as exc_info:\n        call()\n"
        '    assert exc_info.value.code == ⟦"FORBIDDEN"⟧\n',
        "comparison",
        False,
        "default",
    ),
    # membership
    (
        "in-tuple",
        'if e.code in (⟦"FORBIDDEN"⟧, ⟦"unauthorized"⟧):\n    pass',
        "membership",
        False,
        "default",
    ),
    ("in-list", 'if e.code in [⟦"FORBIDDEN"⟧]:\n    pass', "membership", False, "default"),
    (
        "in-set",
        'if e.code in {⟦"FORBIDDEN"⟧, ⟦"unauthorized"⟧}:\n    pass',
        "membership",
        False,
        "default",
    ),
    ("not-in", 'if e.code not in (⟦"FORBIDDEN"⟧,):\n    pass', "membership", False, "default"),
    (
        "in-multiline",
        'if body["error"]["code"] in (\n    ⟦"unauthorized"⟧,\n    ⟦"pce_access_denied"⟧,\n):\n'
        "    pass",
        "membership",
        False,
        "default",
    ),
    # match
    (
        "match-case",
        'match e.code:\n    case ⟦"FORBIDDEN"⟧:\n        pass\n    case _:\n        pass',
        "match",
        False,
        "default",
    ),
    (
        "match-or",
        'match body["error"]["code"]:\n    case ⟦"unauthorized"⟧ | ⟦"pce_access_denied"⟧:\n'
        "        pass",
        "match",
        False,
        "default",
    ),
    (
        "match-or-as",
        'match e.code:\n    case (⟦"FORBIDDEN"⟧ | ⟦"PARAMETER_REQUIRED"⟧) as code:\n        pass',
        "match",
        False,
        "default",
    ),
    (
        "match-in-function",
        'def handle(e):\n    match e.error_code:\n        case ⟦"FORBIDDEN"⟧:\n'
        "            return 1\n    return 0\n",
        "match",
        False,
        "default",
    ),
    # pytest.raises(match=...)
    (
        "raises-match",
        'def test_it():\n    with pytest.raises(ApiError, match=⟦"FORBIDDEN"⟧):\n        call()\n',
        "raises-match",
        False,
        "default",
    ),
    (
        "raises-match-bare",
        'with raises(ApiError, match=⟦"FORBIDDEN"⟧):\n    call()',
        "raises-match",
        False,
        "default",
    ),
]


@pytest.mark.parametrize(
    ("marked", "kind", "names_api", "settings"),
    [pytest.param(*case[1:], id=case[0]) for case in CONTEXTS],
)
def test_context_is_a_reference(marked: str, kind: str, names_api: bool, settings: str) -> None:
    text, expected = spans_of(marked)
    found = refs(text, SETTINGS[settings])
    assert located(found) == sorted(expected, key=_order)
    assert {ref.kind for ref in found} == {kind}
    assert {ref.names_api for ref in found} == {names_api}


@pytest.mark.parametrize(
    ("marked", "settings"),
    [pytest.param(case[1], case[4], id=case[0]) for case in CONTEXTS],
)
def test_code_is_the_evaluated_literal(marked: str, settings: str) -> None:
    text, offsets = unmark(marked)
    found = refs(text, SETTINGS[settings])
    assert sorted(ref.code for ref in found) == sorted(
        ast.literal_eval(text[start:end]) for start, end in offsets
    )


def test_configured_names_need_configuration() -> None:
    """Without the settings the same text holds no reference: names come from the config."""
    text = 'expect_error(resp, "FORBIDDEN")\nassert e.reason == "FORBIDDEN"\nraise Billing("x y")\n'
    assert refs(text, DEFAULT) == []
    assert {ref.kind for ref in refs(text, CONFIGURED)} == {"helper", "comparison", "exception"}


@pytest.mark.parametrize(
    "marked",
    [
        pytest.param(
            'def check(e):\n    code = e.code\n    log(code)\n    if code == ⟦"FORBIDDEN"⟧:\n'
            "        return True\n",
            id="attribute",
        ),
        pytest.param(
            'def check(body):\n    code = body["error"]["code"]\n'
            '    assert code in (⟦"unauthorized"⟧, ⟦"pce_access_denied"⟧)\n',
            id="chain-membership",
        ),
        pytest.param(
            'def check(e):\n    err = e.error_code\n    match err:\n        case ⟦"FORBIDDEN"⟧:\n'
            "            pass\n",
            id="match",
        ),
        pytest.param(
            'def check(e):\n    code = e.get("code")\n    return ⟦"FORBIDDEN"⟧ == code\n',
            id="get-literal-first",
        ),
    ],
)
def test_name_bound_from_an_accessor(marked: str) -> None:
    text, expected = spans_of(marked)
    found = refs(text)
    assert located(found) == sorted(expected, key=_order)
    # API.md lists a "binding" kind; the comparison kind is accepted as well.
    assert all(ref.kind in ("binding", "comparison", "membership", "match") for ref in found)


def test_name_compared_before_it_is_bound_is_not_a_reference() -> None:
    text = 'def check(e):\n    if code == "FORBIDDEN":\n        pass\n    code = e.code\n'
    assert refs(text) == []


# --- negatives: never references ---------------------------------------------------------------
NEGATIVES = {
    "log-message": 'logger.error("PARAMETER_REQUIRED")\nlog.warning("FORBIDDEN %s", code)',
    "print": 'print(e.code, "FORBIDDEN")',
    "dict-key-and-value": 'body = {"code": "FORBIDDEN", "ErrorCode": "PARAMETER_REQUIRED"}',
    "dict-key-of-comparison": 'if {"FORBIDDEN": 1} == e.code:\n    pass',
    "assignment-to-accessor": 'body["code"] = "FORBIDDEN"\ne.code = "unauthorized"',
    "env-var": 'token = os.environ["API_ERROR_CODE"]\nflag = os.getenv("PARAMETER_REQUIRED")',
    "docstring": 'def f(e):\n    """Compare e.code == "FORBIDEN" as the docs say."""\n    return e',
    "module-docstring": '"""assert_api_error(resp, "FORBIDEN")"""\n',
    "comment": '# if e.code == "FORBIDEN":\nx = 1  # assert_api_error(resp, "FORBIDEN")',
    "fstring-placeholder": 'if e.code == f"{prefix}_NOT_FOUND":\n    pass',
    "fstring-helper": 'assert_api_error(resp, f"{kind}_NOT_FOUND")',
    "bytes": 'if e.code == b"FORBIDEN":\n    pass\nassert_api_error(resp, b"FORBIDEN")',
    "concatenated": 'if e.code == "FORBID" "DEN":\n    pass',
    "code-shaped-elsewhere": 'x = "PARAMETER_REQUIRD"\ncall("FORBIDEN", "unauthorised")',
    "exception-message": 'raise ValueError("PARAMETER_REQUIRD is missing")',
    "exception-not-literal": "raise ApiError(code)",
    "not-an-accessor": 'if e.status == "FORBIDEN":\n    pass\nif e.codes == "FORBIDEN":\n    pass',
    "accessor-case-differs": (
        'if e.Code == "FORBIDEN":\n    pass\nif e["CODE"] == "FORBIDEN":\n    pass'
    ),
    "method-on-accessor": 'if e.code.lower() == "forbidden":\n    pass',
    "substring": 'if "FORBIDEN" in e.code:\n    pass',
    "membership-of-name": "if e.code in CODES:\n    pass",
    "ordering": 'if e.code < "FORBIDEN":\n    pass',
    "helper-without-literal": "assert_api_error(resp, CODE)\nassert_api_error(resp)",
    "raises-without-match": "with pytest.raises(ApiError):\n    pass",
    "match-other-subject": 'match command:\n    case "FORBIDEN":\n        pass',
    "empty-literal": 'if e.code == "":\n    pass',
}


@pytest.mark.parametrize("text", list(NEGATIVES.values()), ids=list(NEGATIVES))
def test_not_a_reference(text: str) -> None:
    assert refs(text) == []
    assert check_source(text, DEFAULT, CATALOGS) == []


DJANGO = {
    "validation-error": 'raise ValidationError("Enter a valid value.", code="invalid")',
    "code-comparison": 'if e.code == "invalid":\n    pass',
    "match": 'match error.code:\n    case "required":\n        pass',
    "membership": 'if error.code in ("max_length", "min_length"):\n    pass',
}


@pytest.mark.parametrize("text", list(DJANGO.values()), ids=list(DJANGO))
def test_other_libraries_codes_are_not_findings_by_default(text: str) -> None:
    assert refs(text), "a generic context is still a reference"
    assert check_source(text, DEFAULT, CATALOGS) == []


@pytest.mark.parametrize("text", list(DJANGO.values()), ids=list(DJANGO))
def test_other_libraries_codes_are_findings_when_strict(text: str) -> None:
    strict = Settings(strict=True)
    rules = {finding.rule for finding in check_source(text, strict, CATALOGS)}
    assert rules == {"unknown-code"}


def test_generic_context_reports_a_near_miss_by_default() -> None:
    """A literal resembling a documented code is a typo, even in a generic context."""
    findings = check_source('if e.code == "PARAMETER_REQUIRD":\n    pass\n', DEFAULT, CATALOGS)
    assert [(f.rule, f.suggestions[:1]) for f in findings] == [
        ("unknown-code", ("PARAMETER_REQUIRED",))
    ]


# --- status, field and catalog around a reference ----------------------------------------------
STATUSES = [
    ("helper-kwarg", 'assert_api_error(resp, ⟦"unauthorized"⟧, status=401)', 401),
    ("helper-no-status", 'assert_api_error(resp, ⟦"unauthorized"⟧)', None),
    ("helper-status-not-int", 'assert_api_error(resp, ⟦"unauthorized"⟧, status=UNAUTH)', None),
    (
        "assert-before",
        "def test_it(resp):\n    assert resp.status_code == 401\n"
        '    assert resp.json()["error"]["code"] == ⟦"unauthorized"⟧\n',
        401,
    ),
    (
        "assert-after",
        'def test_it(resp):\n    assert resp.json()["error"]["code"] == ⟦"unauthorized"⟧\n'
        "    assert resp.status_code == 401\n",
        401,
    ),
    (
        "assert-reversed",
        "def test_it(resp):\n    assert 403 == resp.status_code\n"
        '    assert e.code == ⟦"FORBIDDEN"⟧\n',
        403,
    ),
    (
        "assert-in-and",
        "def test_it(resp):\n    assert resp.status_code == 403 and resp.ok is False\n"
        '    assert e.code == ⟦"FORBIDDEN"⟧\n',
        403,
    ),
    (
        "assert-status-attribute",
        'def test_it(resp):\n    assert resp.status == 403\n    assert e.code == ⟦"FORBIDDEN"⟧\n',
        403,
    ),
    (
        "assert-in-other-function",
        "def setup(resp):\n    assert resp.status_code == 401\n\n\n"
        'def test_it(e):\n    assert e.code == ⟦"unauthorized"⟧\n',
        None,
    ),
    (
        "far-apart-in-function",
        "def test_it(resp):\n    assert resp.status_code == 401\n"
        + "    step()\n" * 30
        + '    assert e.code == ⟦"unauthorized"⟧\n',
        401,
    ),
    (
        "if-guard",
        "def handle(resp, e):\n    if resp.status_code == 401:\n"
        '        assert e.code == ⟦"unauthorized"⟧\n',
        401,
    ),
    (
        "if-guard-reversed",
        "def handle(resp, e):\n    if 403 == resp.status_code:\n"
        '        assert e.code == ⟦"FORBIDDEN"⟧\n',
        403,
    ),
    (
        "if-guard-nested",
        "def handle(resp, e):\n    if resp.status_code == 401:\n        if e:\n"
        '            assert e.code == ⟦"unauthorized"⟧\n',
        401,
    ),
    (
        "if-guard-module-level",
        'if resp.status_code == 401:\n    assert e.code == ⟦"unauthorized"⟧\n',
        401,
    ),
    (
        "else-not-guarded",
        "def handle(resp, e):\n    if resp.status_code == 401:\n        pass\n    else:\n"
        '        assert e.code == ⟦"pce_access_denied"⟧\n',
        None,
    ),
    (
        "elif-not-guarded-by-if",
        "def handle(resp, e):\n    if resp.status_code == 401:\n        pass\n    elif e:\n"
        '        assert e.code == ⟦"pce_access_denied"⟧\n',
        None,
    ),
    (
        "elif-own-guard",
        "def handle(resp, e):\n    if resp.status_code == 401:\n        pass\n"
        '    elif resp.status_code == 403:\n        assert e.code == ⟦"pce_access_denied"⟧\n',
        403,
    ),
    (
        "after-if-block",
        "def handle(resp, e):\n    if resp.status_code == 401:\n        pass\n"
        '    assert e.code == ⟦"pce_access_denied"⟧\n',
        None,
    ),
    (
        "not-equal-is-no-status",
        "def handle(resp, e):\n    if resp.status_code != 401:\n"
        '        assert e.code == ⟦"pce_access_denied"⟧\n',
        None,
    ),
    (
        "kwarg-beats-guard",
        "def handle(resp):\n    if resp.status_code == 401:\n"
        '        assert_api_error(resp, ⟦"pce_access_denied"⟧, status=403)\n',
        403,
    ),
    (
        "guard-beats-assert",
        "def handle(resp, e):\n    assert resp.status_code == 400\n"
        '    if resp.status_code == 401:\n        assert e.code == ⟦"unauthorized"⟧\n',
        401,
    ),
]


@pytest.mark.parametrize(
    ("marked", "status"), [pytest.param(*case[1:], id=case[0]) for case in STATUSES]
)
def test_status_nearby(marked: str, status: int | None) -> None:
    text, expected = spans_of(marked)
    found = refs(text)
    assert located(found) == sorted(expected, key=_order)
    assert [ref.status for ref in found] == [status]


def test_or_guard_is_not_one_status() -> None:
    text = (
        "def handle(resp, e):\n    if resp.status_code == 401 or resp.status_code == 403:\n"
        '        assert e.code == "pce_access_denied"\n'
    )
    assert [ref.status for ref in refs(text)] == [None]
    assert check_source(text, DEFAULT, CATALOGS) == []


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('assert_api_error(resp, "PARAMETER_REQUIRED", field="Name")', ("Name",)),
        ('assert_api_error(resp, "PARAMETER_REQUIRED", field=["a", "b"])', ("a", "b")),
        ('assert_api_error(resp, "PARAMETER_REQUIRED", field=("a",))', ("a",)),
        ('assert_api_error(resp, "PARAMETER_REQUIRED")', None),
        ('assert_api_error(resp, "PARAMETER_REQUIRED", field=name)', None),
        ('raise ApiError("PARAMETER_REQUIRED", field="Name")', None),
    ],
)
def test_field_argument(text: str, field: tuple[str, ...] | None) -> None:
    assert [ref.field for ref in refs(text)] == [field]


@pytest.mark.parametrize(
    ("text", "catalog", "names_api"),
    [
        ('assert_api_error(resp, "X", catalog="voipnow")', "voipnow", True),
        ('if e.code == "FORBIDDEN":\n    pass', None, False),
        (
            '# errlsp: catalog=fonedynamics\nif e.code == "FORBIDDEN":\n    pass',
            "fonedynamics",
            True,
        ),
        ('#errlsp:catalog = voipnow\nraise ApiError("FORBIDDEN")', "voipnow", True),
        (
            '# errlsp: catalog=fonedynamics\nassert_api_error(resp, "X", catalog="voipnow")',
            "voipnow",
            True,
        ),
        (
            'if e.code == "FORBIDDEN":\n    pass\n# errlsp: catalog=voipnow\n',
            "voipnow",
            True,
        ),
    ],
)
def test_explicit_catalog(text: str, catalog: str | None, names_api: bool) -> None:
    found = refs(text)
    assert [(ref.catalog, ref.names_api) for ref in found] == [(catalog, names_api)]


# --- fast path vs whole-file parse: shapes that once disagreed, and some that still do -----
AGREE = [
    pytest.param(
        'assert resp.status_code == 400\nassert resp.json()["error"]["code"] == "unauthorized"\n',
        id="module-level-status-assert",
    ),
    pytest.param(
        'code = resp.json()["error"]["code"]\nif code == "unauthorised":\n    pass\n',
        id="module-level-binding",
    ),
    pytest.param(
        'def f(body):\n    code = (\n        body["error"]["code"]\n    )\n'
        '    assert code == "unauthorised"\n',
        id="multiline-binding-then-assert",
    ),
    pytest.param(
        'raise FooError(  # why\n    "FORBIDEN"\n)\n',
        id="exception-comment-before-literal",
    ),
    pytest.param('raise FooError("""FORBIDEN""")\n', id="exception-triple-quoted"),
    pytest.param('raise FooError(("FORBIDEN"))\n', id="exception-parenthesised-literal"),
    pytest.param(
        'def t():\n    with pytest.raises(\n        ApiError,\n        match="FORBIDEN",\n    ):\n'
        "        pass\n",
        id="raises-match-multiline",
    ),
    pytest.param(
        'def t():\n    with pytest.raises((ApiError, KeyError), match="FORBIDEN"):\n        pass\n',
        id="raises-match-exception-tuple",
    ),
    pytest.param(
        'class A:\n    def f(self):\n        assert_api_error(resp, """\n    FORBIDEN""")\n',
        id="dedent-keeps-multiline-literal",
    ),
    pytest.param(
        "def test_0(resp):\n    if resp.status_code == 400:\n        def inner(e):\n"
        '            assert e.code == "FORBIDDEN"\n',
        id="guard-around-nested-function",
    ),
]


@pytest.mark.parametrize("text", AGREE)
def test_fast_path_equals_whole_file(text: str) -> None:
    assert references(text, DEFAULT) == references(text, DEFAULT, whole_file=True)


def test_multiline_literal_keeps_its_indentation() -> None:
    text = 'class A:\n    def f(self):\n        assert_api_error(resp, """\n    FORBIDEN""")\n'
    assert [ref.code for ref in refs(text)] == ["\n    FORBIDEN"]


def test_binding_does_not_leak_into_another_function() -> None:
    text = (
        'def f(e):\n    code = e.code\n\n\ndef g(code):\n    if code == "FORBIDEN":\n        pass\n'
    )
    assert refs(text) == []


def test_guard_does_not_leak_into_a_nested_function() -> None:
    text = (
        "def test_0(resp):\n    if resp.status_code == 400:\n        def inner(e):\n"
        '            assert e.code == "FORBIDDEN"\n'
    )
    assert [ref.status for ref in references(text, DEFAULT, whole_file=True)] == [None]


def test_annotated_binding() -> None:
    text, expected = spans_of(
        'def f(e):\n    code: str = e.code\n    assert code == ⟦"FORBIDEN"⟧\n'
    )
    assert located(refs(text)) == sorted(expected, key=_order)


def test_status_in_a_long_function() -> None:
    text = (
        "def test_it(resp, e):\n    assert resp.status_code == 400\n"
        + "    step()\n" * 450
        + '    assert e.code == "unauthorized"\n'
    )
    assert [ref.status for ref in refs(text)] == [400]


@pytest.mark.xfail(
    strict=True,
    reason="LIMIT: a function over MAX_BLOCK_LINES is cut into statements; its status is lost",
)
def test_status_in_a_huge_function() -> None:
    text = (
        "def test_it(resp, e):\n    assert resp.status_code == 400\n"
        + "    step()\n" * (MAX_BLOCK_LINES + 10)
        + '    assert e.code == "unauthorized"\n'
    )
    assert references(text, DEFAULT) == references(text, DEFAULT, whole_file=True)


# --- block cache -----------------------------------------------------------------------------
def test_cache_gives_the_same_references() -> None:
    text = 'def f(e):\n    assert e.code == "FORBIDEN"\n\n\ndef g(e):\n    assert e.code == "x_y"\n'
    cache = BlockCache()
    first = references(text, DEFAULT, cache=cache)
    again = references(text, DEFAULT, cache=cache)
    assert first == again == references(text, DEFAULT)
    edited = text.replace("x_y", "unauthorized")
    assert references(edited, DEFAULT, cache=cache) == references(edited, DEFAULT)


def test_cache_size_is_bounded() -> None:
    cache = BlockCache(size=2)
    for number in range(5):
        references(f'def f{number}(e):\n    assert e.code == "C{number}"\n', DEFAULT, cache=cache)
    assert len(cache._entries) == 2


def test_cache_same_block_text_at_another_indentation() -> None:
    text = (
        'def f(e):\n    assert e.code == "FORBIDEN"\n\n\n'
        'class A:\n    def f(e):\n        assert e.code == "FORBIDEN"\n'
    )
    assert references(text, DEFAULT, cache=BlockCache()) == references(text, DEFAULT)


def test_cache_shared_by_settings_with_other_accessors() -> None:
    text = 'if e.code == "zzz_top":\n    pass\n'
    cache = BlockCache()
    references(text, DEFAULT, cache=cache)
    configured = Settings(accessors=("code",))
    assert references(text, configured, cache=cache) == references(text, configured)


# --- reference_at ------------------------------------------------------------------------------
def test_reference_at() -> None:
    text, [(span, _)] = spans_of('x = 1; assert_api_error(resp, ⟦"FORBIDDEN"⟧)\n')
    found = refs(text)
    start, end = span.start.character, span.end.character
    for column in (start, start + 3, end):
        assert reference_at(found, Position(0, column)) is found[0]
    assert reference_at(found, Position(0, start - 1)) is None
    assert reference_at(found, Position(0, end + 1)) is None
    assert reference_at(found, Position(1, 0)) is None
    assert reference_at([], Position(0, 0)) is None
