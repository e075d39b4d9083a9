"""``errlsp.analysis.scan``: physical and logical lines, string tokens, and the block cutter.

The cutter decides what libcst sees on the fast path: the innermost function around a line
(where "nearby status" and bound names live), else the top-level statement. Pruning replaces
irrelevant simple statements by ``pass`` without moving any kept line or column.
"""

from __future__ import annotations

import ast

import pytest

from errlsp.analysis import candidate_blocks
from errlsp.analysis.references import Block
from errlsp.analysis.scan import (
    MAX_BLOCK_LINES,
    SourceMap,
    line_starts,
    split_lines,
    string_tokens,
)

CURSOR = "<|>"


def cursor_line(marked: str) -> tuple[str, int]:
    """The text without the ``<|>`` marker, and the 0-based line the marker was on."""
    before, marker, after = marked.partition(CURSOR)
    assert marker, "test text needs a <|> marker"
    return before + after, len(split_lines(before)) - 1


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("", [""]),
        ("a", ["a"]),
        ("a\n", ["a", ""]),
        ("a\nb", ["a", "b"]),
        ("a\r\nb\r\n", ["a", "b", ""]),
        ("a\rb\r", ["a", "b", ""]),
        ("a\r\n\nb\rc", ["a", "", "b", "c"]),
        ("a\n\rb", ["a", "", "b"]),
        ("x\x0cy\n", ["x\x0cy", ""]),  # a form feed is no line break
        ("x\x0by\u2028z\x85w\n", ["x\x0by\u2028z\x85w", ""]),  # neither are these
    ],
)
def test_split_lines_and_line_starts(text: str, lines: list[str]) -> None:
    assert split_lines(text) == lines
    starts = line_starts(text)
    assert len(starts) == len(lines)
    for start, line in zip(starts, lines, strict=True):
        assert text[start : start + len(line)] == line


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ('a = "x"', ['"x"']),
        ("a = 'x' + \"y\"", ["'x'", '"y"']),
        ('a = r"x\\d" + u"y" + R"z" + U"w"', ['r"x\\d"', 'u"y"', 'R"z"', 'U"w"']),
        ('a = b"x" + rb"y" + Br"z"', ['b"x"', 'rb"y"', 'Br"z"']),
        ('a = f"{x}" + F"y" + rf"z" + fR"w" + "v"', ['"v"']),
        ('a = """x\n"y"\n""" + \'\'\'z\'\'\'', ['"""x\n"y"\n"""', "'''z'''"]),
        ('a = "esc\\"aped" + "x"', ['"esc\\"aped"', '"x"']),
        ('# "not a string"\na = "x"', ['"x"']),
        ('a = "# not a comment"', ['"# not a comment"']),
        ('a = "unterminated\nb = "x"', ['"unterminated', '"x"']),
        ('a = """unterminated\nb = "x"', ['"""unterminated\nb = "x"']),
        ("a = 'x'\r\nb = 'y'\r\n", ["'x'", "'y'"]),
    ],
)
def test_string_tokens(text: str, tokens: list[str]) -> None:
    assert [text[start:end] for start, end in string_tokens(text)] == tokens


def test_logical_lines() -> None:
    text = (
        "def f(e):\n"  # 0
        "    x = (1,\n"  # 1
        "         2)\n"  # 2
        '    s = """a\n'  # 3
        'b"""\n'  # 4
        "    y = 1 + \\\n"  # 5
        "        2\n"  # 6
        "    # comment ( with a bracket\n"  # 7
        "\n"  # 8
        "\tz = 3\n"  # 9
    )
    source = SourceMap(text)
    spans = [(logical.first, logical.last) for logical in source.logical]
    assert spans[:8] == [(0, 0), (1, 2), (3, 4), (5, 6), (7, 7), (8, 8), (9, 9), (10, 10)]
    assert [logical.blank for logical in source.logical][:8] == [
        False,
        False,
        False,
        False,
        True,
        True,
        False,
        True,
    ]
    assert source.logical_of(2).first == 1
    assert source.logical_of(4).first == 3
    assert source.logical_of(9).indent == 8  # a tab counts to the next multiple of 8


def test_form_feed_does_not_indent() -> None:
    source = SourceMap("\x0cdef f():\n    \x0c\n    pass\n")
    assert source.logical[0].indent == 0
    assert source.logical[0].head.startswith("def")


@pytest.mark.parametrize(
    ("marked", "block"),
    [
        pytest.param("x = 1\nassert e.code == <|>'X'\ny = 2\n", (1, 1), id="module-statement"),
        pytest.param(
            "x = 1\nif e.code in (\n    <|>'X',\n):\n    pass\ny = 2\n",
            (1, 4),
            id="module-compound",
        ),
        pytest.param(
            "def f(e):\n    x = 1\n    assert e.code == <|>'X'\n\n\ndef g():\n    pass\n",
            (0, 2),
            id="function",
        ),
        pytest.param(
            "async def f(e):\n    if e:\n        assert e.code == <|>'X'\n    return 1\n",
            (0, 3),
            id="async-function",
        ),
        pytest.param(
            "class A:\n    class B:\n        x = 1\n\n        def m(self):\n"
            "            assert self.code == <|>'X'\n\n        def n(self):\n            pass\n",
            (4, 5),
            id="method-of-nested-class",
        ),
        pytest.param(
            "def outer():\n    def inner(e):\n        return e.code == <|>'X'\n    return inner\n",
            (1, 2),
            id="nested-function",
        ),
        pytest.param(
            "class A:\n    CODE = 1\n    assert CODE == <|>'X'\n\nx = 1\n",
            (0, 2),
            id="class-body",
        ),
        pytest.param(
            "def f(e):\n    x = 1\n    # e.code <|>'X'\n    y = 2\n",
            (0, 3),
            id="comment-in-function",
        ),
        pytest.param(
            "def f(e):\n    s = '''\ndoc\n'''\n    return e.code == <|>'X'\n",
            (0, 4),
            id="string-at-column-zero-in-function",
        ),
        pytest.param(
            "def f(\n    e,\n):\n    return e.code == <|>'X'\n",
            (0, 3),
            id="multiline-signature",
        ),
    ],
)
def test_block_around(marked: str, block: tuple[int, int]) -> None:
    text, line = cursor_line(marked)
    assert SourceMap(text).block_around(line) == block


def test_huge_function_falls_back_to_the_statement() -> None:
    body = "    step()\n" * (MAX_BLOCK_LINES + 10)
    text = "def f(e):\n" + body + "    if e:\n        assert e.code == 'X'\n" + body
    line = 1 + MAX_BLOCK_LINES + 10 + 1
    assert SourceMap(text).block_around(line) == (line - 1, line)


@pytest.mark.parametrize(
    "text",
    [
        'assert_api_error(resp, "unterminated\n',
        "def f(:\n    ((((\n",
        ")))\n    ]\n",
        '"""never closed\n\n\n',
        "\\\n\\\n",
        "\r\r\n\n\r",
        "",
        "\t\x0c  \n \t",
    ],
)
def test_half_typed_text_still_maps(text: str) -> None:
    source = SourceMap(text)
    count = len(split_lines(text))
    assert source.logical[0].first == 0
    assert source.logical[-1].last == count - 1
    for line in range(count):
        first, last = source.block_around(line)
        assert 0 <= first <= line <= last < count


def test_candidate_blocks_merge_overlaps() -> None:
    text = (
        "def f(e):\n"  # 0
        "    assert e.code == 'A'\n"  # 1
        "    assert e.code == 'B'\n"  # 2
        "\n"  # 3
        "x = e.code == 'C'\n"  # 4
        "y = e.code == 'D'\n"  # 5
    )
    source = SourceMap(text)
    assert candidate_blocks(source, [2, 1, 4, 5]) == [Block(0, 2), Block(4, 4), Block(5, 5)]
    assert candidate_blocks(source, []) == []


def _pruned(marked_keep: str, words: str = r"(?!)") -> tuple[list[str], list[str]]:
    import re

    text = marked_keep.replace("  # keep", "")
    lines = split_lines(text)
    keep = {n for n, line in enumerate(split_lines(marked_keep)) if line.endswith("# keep")}
    return lines, SourceMap(text).pruned(0, len(lines) - 1, keep, re.compile(words, re.M))


def test_pruned_keeps_structure_and_candidates() -> None:
    text = (
        "def f(resp, e):\n"
        "    setup(\n"
        "        1,\n"
        "    )\n"
        "    if resp.status_code == 401:\n"
        "        x = 2\n"
        "        assert e.code == 'X'  # keep\n"
        "    else:\n"
        "        y = 3\n"
        "    for item in items:\n"
        "        log(item)\n"
        "    with ctx() as c:\n"
        "        pass\n"
        "    match e.code:\n"
        "        case 'A':\n"
        "            z = 4\n"
        "    return code_in_words\n"
    )
    original, pruned = _pruned(text, r"\bcode_in_words\b")
    assert len(pruned) == len(original)
    assert pruned == [
        "def f(resp, e):",
        "    pass",
        "",
        "",
        "    if resp.status_code == 401:",
        "        pass",
        "        assert e.code == 'X'",
        "    else:",
        "        pass",
        "    for item in items:",
        "        pass",
        "    with ctx() as c:",
        "        pass",
        "    match e.code:",
        "        case 'A':",
        "            pass",
        "    return code_in_words",
        "",
    ]
    ast.parse("\n".join(pruned))


def test_pruned_leaves_a_soft_keyword_statement_alone() -> None:
    """``match = 1`` and ``case(x)`` are simple statements, not headers."""
    _, pruned = _pruned("def f():\n    match = 1\n    case(x)\n    print(match)\n")
    assert pruned[1:4] == ["    pass", "    pass", "    pass"]
