"""``errlsp.server.incremental``: chunks give the whole-file findings, and edits reuse them."""

from __future__ import annotations

import pytest

from errlsp.analysis import BlockCache, check_source, references
from errlsp.analysis.incremental import DocumentAnalyzer, chunk_spans, ends_open
from errlsp.catalog import load_catalogs
from errlsp.config import Settings
from errlsp.server.positions import split_lines

SETTINGS = Settings(helpers=("check_error",))
CATALOGS = load_catalogs(SETTINGS)

TRICKY = '''\
"""Module docstring mentioning assert_api_error(resp, "NOPE")."""
from pytest_errcodes import assert_api_error as api_error

HELP = """
Usage: at column 0 inside a string
assert_api_error(resp, "ALSO_NOT")
"""
CODES = (
"ACCOUNT_NOT_FOUND",
)


@pytest.mark.parametrize("x", [1])
def test_decorated(resp):
    api_error(resp, "ACCOUNT_NOT_FOUN")


try:
    import foo
except ImportError:
    api_error(resp, "FORBIDEN")
else:
    pass
finally:
    pass

if x:
    check_error("cdr_start_date_invalidd")
elif y:
    pass

match err.code:
    case "ACCOUNT_NOT_FOUND" | "ACOUNT_NOT_FOUND":
        pass

value = 1 + \\
2
class Client:
    def call(self, resp):
        if resp.status_code == 403:
            assert_api_error(resp, "FORBIDDEN")
        assert_api_error(resp, "FORBIDDEN", status=401)
'''


def run(text: str, analyzer: DocumentAnalyzer | None = None):
    analyzer = analyzer or DocumentAnalyzer(BlockCache())
    return analyzer.run(split_lines(text), 1, SETTINGS, CATALOGS, None, "key")


def key(findings):
    return sorted((f.rule, f.span.start, f.span.end, f.message) for f in findings)


@pytest.mark.parametrize(
    "text", [TRICKY, TRICKY.replace("\n", "\r\n"), "# errlsp: catalog=voipnow\n" + TRICKY]
)
def test_chunks_give_the_whole_file_findings_and_references(text):
    analysis = run(text)
    whole = check_source(text, SETTINGS, CATALOGS, whole_file=True)
    assert key(analysis.findings()) == key(whole)
    assert len(whole) >= 5
    assert sorted(r.span.start for r in analysis.references()) == sorted(
        r.span.start for r in references(text, SETTINGS, whole_file=True)
    )


def test_chunks_never_split_statements():
    lines = split_lines(TRICKY)
    spans = chunk_spans(lines, {})
    starts = [lines[first] for first, _ in spans]
    assert not any(
        line.startswith(("Usage", "assert_api_error(resp", '"ACCOUNT', "2")) for line in starts
    )
    assert not any(
        line.startswith(("except", "else", "finally", "elif", "def test_decorated"))
        for line in starts
    )
    assert spans[-1][1] == len(lines) - 1
    assert all(a[1] + 1 == b[0] for a, b in zip(spans, spans[1:], strict=False))


@pytest.mark.parametrize(
    ("text", "open_"),
    [
        ("x = (1,\n", True),
        ('s = """\n', True),
        ("x = 1 \\\n", True),
        ("x = (1)\n", False),
        ("s = '(' # (\n", False),
    ],
)
def test_ends_open(text, open_):
    assert ends_open(text) is open_


def test_a_broken_chunk_reports_itself_and_keeps_the_others():
    broken = TRICKY.replace(
        "class Client:", 'def half(resp):\n    assert_api_error(resp, "X\nclass Client:'
    )
    rules = [f.rule for f in run(broken).findings()]
    assert "syntax-error" in rules
    assert rules.count("unknown-code") == len(
        [f for f in run(TRICKY).findings() if f.rule == "unknown-code"]
    )


def test_an_edit_reparses_only_its_chunk():
    analyzer = DocumentAnalyzer(BlockCache())
    first = run(TRICKY, analyzer)
    edited = TRICKY.replace('"FORBIDEN"', '"FORBIDDEN"')
    second = run(edited, analyzer)
    changed = [a is not b for a, b in zip(first.results, second.results, strict=True)]
    assert changed.count(True) == 1
    assert key(second.findings()) == key(check_source(edited, SETTINGS, CATALOGS, whole_file=True))
    moved = run("\n\n" + edited, analyzer)
    assert all(
        a is b for a, b in zip(second.results, moved.results[-len(second.results) :], strict=False)
    )


def test_a_last_chunk_left_open_is_not_split_once_lines_follow():
    """The last chunk is never asked whether it closes; it must not be remembered as closed.

    Found by the server fuzzer: ``(self,`` then a comment eating ``resp):`` ends the document
    open; a statement typed below it must join that chunk, as the whole-file check has it.
    """
    analyzer = DocumentAnalyzer(BlockCache())
    head = "class TestB:\n    def test_b(self, # resp):\n        pass\n"
    run(head, analyzer)
    grown = head + 'assert_api_error(resp, "X\n'
    assert key(run(grown, analyzer).findings()) == key(run(grown).findings())
    assert [f.rule for f in run(grown, analyzer).findings()] == ["syntax-error"]
