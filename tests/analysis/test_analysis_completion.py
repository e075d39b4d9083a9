"""``completion_context`` on half-typed text: ``<|>`` marks the cursor in every case."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from errlsp.analysis import Position
from errlsp.analysis.completion import CompletionContext, completion_context
from errlsp.config import Settings

CURSOR = "<|>"
SETTINGS = Settings(helpers=("check_error",), exceptions=("BillingError",), accessors=("reason",))


def context_at(marked: str, settings: Settings = SETTINGS) -> CompletionContext | None:
    before, marker, after = marked.partition(CURSOR)
    assert marker, f"test text needs a {CURSOR} cursor marker"
    lines = before.split("\n")
    position = Position(len(lines) - 1, len(lines[-1]))
    return completion_context(before + after, position, settings)


# (text with cursor, kind, prefix, text of the literal, names_api)
RECOGNISED = [
    ('assert_api_error(resp, "PAR<|>', "helper", "PAR", "PAR", True),
    ('assert_api_error(resp, "<|>', "helper", "", "", True),
    ('assert_api_error(resp, "<|>")', "helper", "", "", True),
    ('assert_api_error(resp, "PAR<|>AMETER")', "helper", "PAR", "PARAMETER", True),
    ("assert_api_error(resp, 'cdr_<|>", "helper", "cdr_", "cdr_", True),
    ('assert_api_error(resp, code="PAR<|>', "helper", "PAR", "PAR", True),
    ('pytest_errcodes.assert_api_error(resp, "X<|>', "helper", "X", "X", True),
    ('assert_api_error(\n    resp,\n    "ACC<|>', "helper", "ACC", "ACC", True),
    ('raises_api_error("FOR<|>', "helper", "FOR", "FOR", True),
    ('make_api_error("<|>', "helper", "", "", True),
    ('check_error("A<|>', "helper", "A", "A", True),
    ('raise ApiError("PAR<|>', "exception", "PAR", "PAR", False),
    ('raise ApiError(code="PAR<|>', "exception", "PAR", "PAR", False),
    ('raise BillingError("PAR<|>', "exception", "PAR", "PAR", True),
    ('raise ValidationFailure("x<|>', "exception", "x", "x", False),
    ('if err.code == "PAR<|>', "comparison", "PAR", "PAR", False),
    ('if err.code != "PAR<|>":', "comparison", "PAR", "PAR", False),
    ('if err.reason == "PAR<|>', "comparison", "PAR", "PAR", True),
    ('if body["error"]["code"] == "cdr<|>', "comparison", "cdr", "cdr", False),
    ('if resp.json()["error"]["code"] == "cdr<|>', "comparison", "cdr", "cdr", False),
    ('if data.get("ErrorCode") == "ACC<|>', "comparison", "ACC", "ACC", False),
    ('if data.get("errorCode", "") == "ACC<|>', "comparison", "ACC", "ACC", False),
    ('if "ACC<|>" == err.error_code:', "comparison", "ACC", "ACC", False),
    ('code = err.code\nif code == "ACC<|>', "comparison", "ACC", "ACC", False),
    ('if err.code in ("A", "B<|>', "membership", "B", "B", False),
    ('if err.code not in ["A", "<|>', "membership", "", "", False),
    ('match err.code:\n    case "ACC<|>', "match", "ACC", "ACC", False),
    ('match err.code:\n    case "A" | "B<|>', "match", "B", "B", False),
    ('with pytest.raises(ApiError, match="FOR<|>', "raises-match", "FOR", "FOR", False),
    ('x = "caf\u00e9 \U0001f600"; assert_api_error(resp, "PA<|>', "helper", "PA", "PA", True),
    ('assert_api_error(resp, r"PAR<|>', "helper", "PAR", "PAR", True),
]


@pytest.mark.parametrize(("marked", "kind", "prefix", "text", "names_api"), RECOGNISED)
def test_recognises_error_code_contexts(marked, kind, prefix, text, names_api):
    found = context_at(marked)
    assert found is not None, marked
    assert (found.kind, found.prefix, found.text, found.names_api) == (
        kind,
        prefix,
        text,
        names_api,
    )


IGNORED = [
    'print("PAR<|>',
    'x = "PAR<|>"',
    '# assert_api_error(resp, "PAR<|>',
    'assert_api_error(resp, "A")  # "PAR<|>',
    'assert_api_error(resp, "A", message="PAR<|>',
    'assert_api_error(resp, "A", field="PAR<|>',
    'assert_api_error("PAR<|>',
    'assert_api_error(resp, f"PAR<|>',
    'assert_api_error(resp, b"PAR<|>',
    'assert_api_error(resp, """PAR<|>',
    'if err.message == "PAR<|>',
    'if name == "PAR<|>',
    'data.get("co<|>',
    'assert_api_error(resp, "A")<|>',
    'assert_api_error(resp, <|>"A")',
    'x = ValueError("bad", "PAR<|>',
    'case "PAR<|>',
    'match command:\n    case "PAR<|>',
    '"""\nassert_api_error(resp, "PAR<|>',
    'assert_api_error(resp, "A" + "PAR<|>',
    'err.code == "A"\nprint("PAR<|>',
]


@pytest.mark.parametrize("marked", IGNORED)
def test_ignores_comments_ordinary_strings_and_other_arguments(marked):
    assert context_at(marked) is None


def test_unterminated_literal_replaces_only_the_code_like_run_after_the_cursor():
    found = context_at('assert_api_error(resp, "PAR<|>AM)')
    assert found is not None
    assert not found.terminated
    assert found.text == "PARAM"
    assert found.inner.start == Position(0, 24)
    assert found.inner.end == Position(0, 29)


def test_terminated_literal_span_is_the_whole_content():
    found = context_at('    assert_api_error(resp, "AC<|>COUNT_NOT_FOUND", status=404)')
    assert found is not None
    assert found.terminated and found.quote == '"'
    assert (found.inner.start, found.inner.end) == (Position(0, 28), Position(0, 45))


def test_columns_count_code_points_after_non_ascii_text():
    found = context_at('x = "\u00e9\u6f22\U0001f600"; assert_api_error(resp, "P<|>')
    assert found is not None
    assert found.inner.start == Position(0, 35)


@pytest.mark.parametrize(
    ("marked", "status"),
    [
        ('assert_api_error(resp, "P<|>", status=401)', 401),
        ('assert_api_error(resp, "P<|>', None),
        ('assert_api_error(resp, status=403, code="P<|>', 403),
        ('def test():\n    assert resp.status_code == 401\n    assert_api_error(resp, "P<|>', 401),
        ('if resp.status_code == 404:\n    if err.code == "P<|>', 404),
        ('if 409 == resp.status_code:\n    if err.code == "P<|>', 409),
        (
            "def a():\n    assert r.status_code == 400\n\ndef b():\n"
            '    assert_api_error(resp, "P<|>',
            None,
        ),
        ('assert_api_error(resp, "P<|>", status=401)\nassert resp.status_code == 500', 401),
    ],
)
def test_status_comes_from_the_call_a_guard_or_an_assert(marked, status):
    found = context_at(marked)
    assert found is not None
    assert found.status == status


@pytest.mark.parametrize(
    ("marked", "catalog"),
    [
        ('assert_api_error(resp, "P<|>", catalog="voipnow")', "voipnow"),
        ('assert_api_error(resp, catalog="voipnow", code="P<|>', "voipnow"),
        ('# errlsp: catalog=fonedynamics\nif err.code == "P<|>', "fonedynamics"),
        ('assert_api_error(resp, "P<|>', None),
    ],
)
def test_explicit_catalog(marked, catalog):
    found = context_at(marked)
    assert found is not None
    assert found.catalog == catalog


def test_aliased_helper_import_is_a_helper():
    text = 'from pytest_errcodes import assert_api_error as api_error\napi_error(r, "X<|>'
    found = context_at(text)
    assert found is not None and found.kind == "helper"


def test_crlf_and_form_feed_lines():
    found = context_at('x = 1\r\n\f\r\nassert_api_error(resp, "AB<|>')
    assert found is not None
    assert found.inner.start == Position(2, 24)


def test_out_of_range_positions_are_none_not_errors():
    assert completion_context("x = 1\n", Position(5, 0), SETTINGS) is None
    assert completion_context("", Position(0, 10), SETTINGS) is None


def test_cursor_past_line_end_is_clamped():
    found = completion_context('assert_api_error(resp, "AB', Position(0, 99), SETTINGS)
    assert found is not None and found.prefix == "AB"


def test_deep_docstring_above_the_window_is_skipped():
    text = '"""\n' + "doc line\n" * 100 + '"""\n' + "x = 1\n" * 10 + 'if e.code == "A<|>'
    found = context_at(text)
    assert found is not None and found.kind == "comparison"


def test_inside_a_long_docstring_is_not_a_context():
    text = '"""\n' + "doc line\n" * 100 + 'assert_api_error(resp, "A<|>'
    assert context_at(text) is None


def test_large_file_answers_at_its_end():
    """At the end of 12,000 lines (how fast: benchmarks/bench_server.py's completion p95)."""
    body = "def f(resp):\n    assert_api_error(resp, 'ACCOUNT_NOT_FOUND')\n\n" * 4000
    text = body + 'assert_api_error(resp, "PAR<|>'
    found = context_at(text)
    assert found is not None
    assert found.prefix == "PAR"


@pytest.mark.parametrize(
    "text",
    [
        'assert_api_error(resp, "\\<|>',
        'assert_api_error(resp, "\\\nAB<|>',
        'x = "a\\\nb"\nassert_api_error(resp, "\\<|>\n',
        "assert_api_error(resp, '''\\<|>",
    ],
)
def test_backslashes_never_break_the_scan(text):
    found = context_at(text)
    assert found is None or "\n" not in found.text


# -- a new version with one line typed reuses the last one's facts, and they are the same --
FACTS_TEXT = '''\
"""Tests of the shop API."""
from pytest_errcodes import assert_api_error as api_error
import pytest

HELP = """
assert_api_error(resp, "NOT_A_CODE")
"""


@pytest.mark.errcodes("voipnow")
class TestMarked:
    def test_a(self, resp):
        api_error(resp, "FORBIDDEN")


def test_b(resp):
    api_error(resp, "ACCOUNT_NOT_FOUND")
'''
TYPED = [
    "x", '"', '"""', "'''", " as ", "# errlsp: catalog=fonedynamics", "pytestmark = 1",
    '@pytest.mark.errcodes("fonedynamics")', "errcodes", "", "    ", "#", "\t", "é", "\U0001f600",
]  # fmt: skip


@pytest.mark.parametrize("seed", range(6))
def test_facts_after_a_line_edit_are_the_facts_of_the_new_text(seed: int) -> None:
    import random

    from errlsp.analysis.completion import _Facts

    rnd = random.Random(seed)
    text = FACTS_TEXT if seed % 2 else FACTS_TEXT.replace('@pytest.mark.errcodes("voipnow")\n', "")
    facts = _Facts.of(text)
    for _ in range(60):
        lines = text.split("\n")
        line = rnd.randrange(len(lines))
        for asked in range(0, len(lines), 3):  # fill the caches the new version may inherit
            facts.triple_state_before(asked)
            facts.catalogs_at(asked)
        old = lines[line]
        cut = rnd.randrange(len(old) + 1)
        lines[line] = old[:cut] + rnd.choice(TYPED) + old[cut + rnd.randrange(3) :]
        new_text = "\n".join(lines)
        derived = facts.after_line_edit(new_text, line)
        assert derived is not None, (old, lines[line])
        fresh = _Facts.of(new_text)
        assert (derived.lines, derived.aliases) == (fresh.lines, fresh.aliases)
        for asked in range(len(lines)):
            assert derived.triple_state_before(asked) == fresh.triple_state_before(asked)
            assert derived.catalogs_at(asked) == fresh.catalogs_at(asked), (asked, new_text)
        text, facts = new_text, derived


@pytest.mark.parametrize(
    "edit",
    [
        lambda text: text.replace("test_a", "test_aa").replace("test_b", "test_bb"),  # 2 lines
        lambda text: text.replace("class TestMarked:", "class TestMarked:\n"),  # a new line
        lambda text: text.replace("\n", "\r\n"),
    ],
)
def test_facts_are_not_derived_from_another_kind_of_change(edit) -> None:
    from errlsp.analysis.completion import _Facts

    facts = _Facts.of(FACTS_TEXT)
    line = FACTS_TEXT.split("\n").index("class TestMarked:")
    assert facts.after_line_edit(edit(FACTS_TEXT), line) is None


# ``match_header_subject`` replaced the regex below, whose every split of a run of blanks was
# tried: it must read every header as that regex did, and end on any line.
_HEADER_REGEX = r"^(\s*)match\s+(.+?)\s*:\s*(?:#.*)?$"
PIECES = ["match", " ", "\t", ":", "#", "x", "(", ")", "e.code", "'"]


@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
@settings(max_examples=400, deadline=None, database=None)
def test_match_header_subject_reads_headers_as_the_regex_did(pieces: str) -> None:
    import re

    from errlsp.analysis.completion import match_header_subject

    found = re.match(_HEADER_REGEX, pieces)
    expected = (found.group(2).strip() or None) if found else None
    assert match_header_subject(pieces) == expected


def test_a_case_under_a_header_of_blanks_is_answered_in_bounded_time() -> None:
    import subprocess
    import sys

    probe = (
        "from errlsp.analysis import Position\n"
        "from errlsp.analysis.completion import completion_context\n"
        "from errlsp.config import Settings\n"
        "text = 'match ' + ' ' * 20000 + '\\n    case \"'\n"
        "print(completion_context(text, Position(1, 10), Settings()))\n"
    )
    ran = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "None"  # no subject: not a completion place
