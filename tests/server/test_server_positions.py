"""``errlsp.server.positions`` and ``documents``: encodings, LSP line splitting, edits."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types

from errlsp.analysis import Position, Span
from errlsp.server.documents import Document
from errlsp.server.positions import UTF8, UTF16, UTF32, Codec, from_units, split_lines, to_units

LINE = 'x = "caf\u00e9 \u6f22 \U0001f600"; y'


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        (UTF32, [0, 8, 10, 12, 13, 14]),
        (UTF16, [0, 8, 10, 12, 14, 15]),
        (UTF8, [0, 8, 11, 15, 19, 20]),
    ],
)
def test_columns_in_each_encoding(encoding, expected):
    columns = [0, 8, 10, 12, 13, 14]  # before x, é, 漢, 😀, the closing quote, ';'
    assert [to_units(LINE, column, encoding) for column in columns] == expected
    assert [from_units(LINE, units, encoding) for units in expected] == columns


def test_units_inside_a_character_round_down_and_past_the_end_clamp():
    emoji = LINE.index("\U0001f600")
    assert from_units(LINE, to_units(LINE, emoji, UTF16) + 1, UTF16) == emoji
    assert from_units(LINE, to_units(LINE, emoji, UTF8) + 2, UTF8) == emoji
    assert from_units(LINE, 999, UTF16) == len(LINE)
    assert to_units(LINE, 999, UTF8) == len(LINE.encode("utf-8"))


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("", [""]),
        ("a", ["a"]),
        ("a\n", ["a\n", ""]),
        ("a\r\nb\rc\nd", ["a\r\n", "b\r", "c\n", "d"]),
        ("a\fb\x1c\u2028c\n", ["a\fb\x1c\u2028c\n", ""]),
    ],
)
def test_lines_split_only_where_lsp_splits(text, lines):
    assert split_lines(text) == lines


def test_codec_clamps_into_the_document():
    lines = split_lines("ab\r\ncd")
    codec = Codec(UTF16)
    assert codec.from_lsp(lines, types.Position(line=9, character=0)) == Position(1, 2)
    assert codec.from_lsp(lines, types.Position(line=0, character=9)) == Position(0, 2)
    assert codec.to_lsp(lines, Position(0, 99)) == types.Position(line=0, character=2)
    assert codec.end_of(lines) == types.Position(line=1, character=2)
    assert Codec("utf-7").encoding == UTF16


def lsp_lines(text: str) -> list[str]:
    return re.split(r"\r\n|\r|\n", text)


def offset_of(text: str, line: int, column: int) -> int:
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    content = lsp_lines(text)[line]
    return starts[line] + min(column, len(content))


ALPHABET = st.sampled_from(
    ["a", "\u00e9", "\u6f22", "\U0001f600", "\n", "\r", "\r\n", "\f", '"', " "]
)
TEXT = st.lists(ALPHABET, max_size=30).map("".join)


@st.composite
def edits(draw):
    text = draw(TEXT)
    steps = []
    for _ in range(draw(st.integers(1, 6))):
        lines = lsp_lines(text)
        start_line = draw(st.integers(0, len(lines) - 1))
        end_line = draw(st.integers(start_line, len(lines) - 1))
        start = draw(st.integers(0, len(lines[start_line])))
        end = draw(st.integers(0, len(lines[end_line])))
        if end_line == start_line:
            start, end = min(start, end), max(start, end)
        new = draw(TEXT)
        steps.append((start_line, start, end_line, end, new))
        a, b = offset_of(text, start_line, start), offset_of(text, end_line, end)
        text = text[:a] + new + text[b:]
    return draw(st.just(steps))


@settings(max_examples=300, deadline=None)
@given(initial=TEXT, steps=edits(), encoding=st.sampled_from([UTF8, UTF16, UTF32]))
def test_incremental_edits_match_a_plain_string_edit(initial, steps, encoding):
    codec = Codec(encoding)
    document = Document("file:///x.py", initial, 1)
    text = initial
    for start_line, start, end_line, end, new in steps:
        lines = lsp_lines(text)
        if end_line >= len(lines) or start_line >= len(lines):
            continue
        start, end = min(start, len(lines[start_line])), min(end, len(lines[end_line]))
        if (end_line, end) < (start_line, start):
            continue
        range_ = codec.range_to_lsp(
            document.lines, Span(Position(start_line, start), Position(end_line, end))
        )
        document.apply(types.TextDocumentContentChangePartial(range=range_, text=new), codec)
        a, b = offset_of(text, start_line, start), offset_of(text, end_line, end)
        text = text[:a] + new + text[b:]
        assert document.text == text
        assert document.lines == split_lines(text)


def test_whole_document_change():
    document = Document("file:///x.py", "a\nb", 1)
    document.apply(types.TextDocumentContentChangeWholeDocument(text="c\r\nd"), Codec())
    assert document.lines == ["c\r\n", "d"] and document.line(1) == "d" and document.line(5) == ""
