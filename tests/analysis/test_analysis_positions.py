"""Exact positions: 0-based lines, columns in code points, whole literal and inner span.

Literals are marked with ``⟦`` and ``⟧`` in the test text; expected spans are computed from
the marker offsets by this file's own line splitter (CRLF, CR and LF end a line; nothing
else does), never counted by hand. Each case runs on the fast path and the whole-file parse.
"""

from __future__ import annotations

import ast
import re

import pytest

from errlsp.analysis import Position, Span, check_source, references
from errlsp.catalog import load_catalogs
from errlsp.config import Settings

OPEN, CLOSE = "⟦", "⟧"
DEFAULT = Settings()
CATALOGS = load_catalogs(DEFAULT)
_BREAK = re.compile(r"\r\n|\r|\n")


def position(text: str, offset: int) -> Position:
    breaks = list(_BREAK.finditer(text, 0, offset))
    return Position(len(breaks), offset - (breaks[-1].end() if breaks else 0))


def offset(text: str, where: Position) -> int:
    starts = [0, *(match.end() for match in _BREAK.finditer(text))]
    return starts[where.line] + where.character


def unmark(marked: str) -> tuple[str, list[tuple[Span, Span]]]:
    """Clean text, and per marked literal its (span, inner span)."""
    text, offsets, start = "", [], -1
    for piece in re.split(f"({OPEN}|{CLOSE})", marked):
        if piece == OPEN:
            start = len(text)
        elif piece == CLOSE:
            offsets.append((start, len(text)))
        else:
            text += piece
    spans = []
    for begin, end in offsets:
        literal = text[begin:end]
        prefix = len(literal) - len(literal.lstrip("rRuU"))
        quote = 3 if literal[prefix : prefix + 3] in ('"""', "'''") else 1
        spans.append(
            (
                Span(position(text, begin), position(text, end)),
                Span(position(text, begin + prefix + quote), position(text, end - quote)),
            )
        )
    return text, spans


NASTY = "caf\u00e9 e\u0301 \u9519\u8bef \U0001f600\U0001f468\u200d\U0001f469"

CASES = {
    "ascii": 'assert_api_error(resp, ⟦"FORBIDEN"⟧)\n',
    "accents": 'x = "caf\u00e9 na\u00efve"; assert_api_error(resp, ⟦"FORBIDEN"⟧)\n',
    "cjk": 'x = "\u9519\u8bef\u4ee3\u7801"; assert_api_error(resp, ⟦"FORBIDEN"⟧)\n',
    "emoji": 'x = "\U0001f600\U0001f680"; assert_api_error(resp, ⟦"FORBIDEN"⟧)\n',
    "everything": f'x = "{NASTY}"; assert_api_error(resp, ⟦"FORBIDEN"⟧)  # {NASTY}\n',
    "identifier": 'caf\u00e9 = 1; \u53d8\u91cf = 2; assert_api_error(resp, ⟦"FORBIDEN"⟧)\n',
    "previous-lines": f'# {NASTY}\nx = "{NASTY}"\nassert_api_error(resp, ⟦"FORBIDEN"⟧)\n',
    "two-on-a-line": (
        f'x = "{NASTY}"; assert_api_error(resp, ⟦"A_B"⟧); y = "{NASTY}"; make_api_error(⟦"C_D"⟧)\n'
    ),
    "non-ascii-in-literal": 'assert_api_error(resp, ⟦"CAF\u00c9_\U0001f600"⟧)\n',
    "escapes-in-literal": 'assert_api_error(resp, ⟦"FORB\\u0049DEN\\x21"⟧)\n',
    "crlf": 'def test(resp):\r\n    x = "\u00e9"\r\n    assert_api_error(resp, ⟦"FORBIDEN"⟧)\r\n',
    "crlf-comparison": (
        'def test(e):\r\n    if e.code == ⟦"FORBIDEN"⟧:\r\n        pass\r\n'
        '    assert e.code in (⟦"unauthorised"⟧,\r\n        ⟦"PARAMETER_REQUIRD"⟧)\r\n'
    ),
    "lone-cr": 'def test(resp):\r    x = "\u00e9"\r    assert_api_error(resp, ⟦"FORBIDEN"⟧)\r',
    "mixed-endings": 'x = 1\r\ny = 2\rz = 3\nassert_api_error(resp, ⟦"FORBIDEN"⟧)\r\n',
    "tabs": 'def test(resp):\n\tif resp:\n\t\tassert_api_error(resp,\t⟦"FORBIDEN"⟧)\n',
    "tab-inside-line": 'x = 1\t;\tassert_api_error(\tresp,\t\t⟦"FORBIDEN"⟧)\n',
    "form-feed-before-def": '\x0c\ndef test(resp):\n    assert_api_error(resp, ⟦"FORBIDEN"⟧)\n',
    "form-feed-line-start": '\x0cdef test(resp):\n    assert_api_error(resp, ⟦"FORBIDEN"⟧)\n',
    "form-feed-in-line": 'x = 1;\x0cassert_api_error(resp,\x0c⟦"FORBIDEN"⟧)\n',
    "prefix-r": 'assert_api_error(resp, ⟦r"FORBIDEN"⟧)\n',
    "prefix-R": 'assert_api_error(resp, ⟦R"FORBIDEN"⟧)\n',
    "prefix-u": "assert_api_error(resp, ⟦u'FORBIDEN'⟧)\n",
    "prefix-U": 'assert_api_error(resp, ⟦U"FORBIDEN"⟧)\n',
    "single-quotes": "if e.code == ⟦'FORBIDEN'⟧:\n    pass\n",
    "triple-double": 'assert_api_error(resp, ⟦"""FORBIDEN"""⟧)\n',
    "triple-single": "assert_api_error(resp, ⟦'''FORBIDEN'''⟧)\n",
    "triple-raw": 'assert_api_error(resp, ⟦r"""FORBIDEN"""⟧)\n',
    "triple-multiline": f'x = "{NASTY}"; assert_api_error(resp, ⟦"""\n\u00e9 FORBIDEN\n"""⟧)\n',
    "nested-class-method": (
        "class TestA:\n    class TestB:\n        def test(self, resp):\n"
        f'            x = "{NASTY}"\n'
        f'            assert_api_error(resp, ⟦"FORBIDEN"⟧)  # {NASTY}\n'
        "\n        def other(self):\n            pass\n"
    ),
    "nested-class-crlf-tabs": (
        "class TestA:\r\n\tclass TestB:\r\n\t\tdef test(self, e):\r\n"
        f'\t\t\tmatch e.code:\r\n\t\t\t\tcase ⟦"FORBIDEN"⟧ | ⟦"unauthorised"⟧:  # {NASTY}\r\n'
        "\t\t\t\t\tpass\r\n"
    ),
    "method-continuation-at-column-zero": (
        'class A:\n    def test(self, resp):\n        assert_api_error(\nresp, ⟦"FORBIDEN"⟧)\n'
    ),
    "no-trailing-newline": 'x = "\u00e9"\nassert_api_error(resp, ⟦"FORBIDEN"⟧)',
    "long-line": "x = "
    + " + ".join(["'\u00e9'"] * 100)
    + '; assert_api_error(resp, ⟦"FORBIDEN"⟧)\n',
    "after-fstring": 'x = f"{y!r:>{w}} \u00e9"; assert_api_error(resp, ⟦"FORBIDEN"⟧)\n',
    "after-bytes-and-concat": (
        'x = b"\\xff" b"a", "b" \'c\'; assert_api_error(resp, ⟦"FORBIDEN"⟧)\n'
    ),
    "keyword-before-quote": (
        'x = a or"b"; y = 1 if"c"else 2; assert_api_error(resp, ⟦"FORBIDEN"⟧)\n'
    ),
}


@pytest.mark.parametrize("marked", list(CASES.values()), ids=list(CASES))
def test_spans(marked: str) -> None:
    text, spans = unmark(marked)
    fast = references(text, DEFAULT)
    assert fast == references(text, DEFAULT, whole_file=True)
    assert [(ref.span, ref.inner) for ref in fast] == spans


@pytest.mark.parametrize("marked", list(CASES.values()), ids=list(CASES))
def test_spans_cover_the_literal_text(marked: str) -> None:
    """Cutting the text at a span gives the literal; at the inner span, its raw content."""
    text, _ = unmark(marked)
    for ref in references(text, DEFAULT):
        literal = text[offset(text, ref.span.start) : offset(text, ref.span.end)]
        content = text[offset(text, ref.inner.start) : offset(text, ref.inner.end)]
        quoted = literal.lstrip("rRuU")
        quote = 3 if quoted[:3] in ('"""', "'''") else 1
        assert content == quoted[quote:-quote]
        assert ast.literal_eval(literal) == ref.code


@pytest.mark.parametrize(
    "marked",
    [CASES[name] for name in ("everything", "crlf", "lone-cr", "tabs", "nested-class-method")],
)
def test_fix_replaces_exactly_the_inner_span(marked: str) -> None:
    text, _ = unmark(marked)
    [finding] = check_source(text, DEFAULT, CATALOGS)
    assert finding.fix is not None
    start, end = offset(text, finding.fix.span.start), offset(text, finding.fix.span.end)
    fixed = text[:start] + finding.fix.replacement + text[end:]
    assert fixed == text.replace('"FORBIDEN"', '"FORBIDDEN"')
    assert check_source(fixed, DEFAULT, CATALOGS) == []


def test_finding_spans_equal_reference_spans() -> None:
    text, spans = unmark(CASES["crlf-comparison"])
    findings = check_source(text, DEFAULT, CATALOGS)
    assert [finding.span for finding in findings] == [span for span, _ in spans]


@pytest.mark.parametrize("text", ["", "\n", "\r\n", "\x0c", "\ufeff", "\ufeff\n"])
def test_empty_file(text: str) -> None:
    assert references(text, DEFAULT) == []
    assert references(text, DEFAULT, whole_file=True) == []
    assert check_source(text, DEFAULT, CATALOGS) == []


def test_byte_order_mark_is_a_column() -> None:
    """A decoded file may keep its BOM; it is one code point at the start of line 0."""
    text, spans = unmark('\ufeffassert_api_error(resp, ⟦"FORBIDEN"⟧)\n')
    refs = references(text, DEFAULT)
    assert refs == references(text, DEFAULT, whole_file=True)
    assert [(ref.span, ref.inner) for ref in refs] == spans
