"""Positions never raise: lone surrogates and any other code point, in all three encodings.

A client may send text that is not valid Unicode: ``"\\ud800"`` in JSON decodes to a lone
surrogate, which Python's UTF-8 and UTF-16 codecs refuse. The oracle here counts code units
with ``surrogatepass`` (a lone surrogate is one UTF-16 unit and three UTF-8 bytes, as many as
its replacement U+FFFD), independently of how ``positions`` counts them.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types

from errlsp.analysis import Position
from errlsp.server.positions import (
    UTF8,
    UTF16,
    UTF32,
    Codec,
    content,
    from_units,
    split_lines,
    to_units,
    units_length,
)

LONE = 'x = "\ud800"; y = "\udfff\u00e9\U0001f600"'


def oracle_units(text: str, encoding: str) -> int:
    """Code units of ``text``, counting each code point on its own (surrogates included)."""
    if encoding == UTF32:
        return len(text)
    if encoding == UTF16:
        return len(text.encode("utf-16-le", "surrogatepass")) // 2
    return len(text.encode("utf-8", "surrogatepass"))


@pytest.mark.parametrize("encoding", [UTF8, UTF16, UTF32])
def test_a_lone_surrogate_is_one_code_point_wide_in_its_units(encoding: str) -> None:
    column = LONE.index("\ud800")
    width = {UTF8: 3, UTF16: 1, UTF32: 1}[encoding]
    assert to_units(LONE, column + 1, encoding) == to_units(LONE, column, encoding) + width
    assert from_units(LONE, to_units(LONE, column + 1, encoding), encoding) == column + 1
    assert units_length(LONE, encoding) == oracle_units(LONE, encoding)


def test_inside_a_character_rounds_down_on_a_surrogate_line() -> None:
    emoji = LONE.index("\U0001f600")
    assert from_units(LONE, to_units(LONE, emoji, UTF16) + 1, UTF16) == emoji
    assert from_units(LONE, to_units(LONE, emoji, UTF8) + 3, UTF8) == emoji
    surrogate = LONE.index("\ud800")
    assert from_units(LONE, to_units(LONE, surrogate, UTF8) + 2, UTF8) == surrogate
    assert from_units(LONE, 10_000, UTF8) == len(LONE)


def test_a_pair_of_lone_surrogates_stays_two_code_points() -> None:
    """``"\\ud83d\\ude00"`` as two code points must not merge into one emoji while counting."""
    line = "a\ud83d\ude00b"
    assert [to_units(line, column, UTF16) for column in range(5)] == [0, 1, 2, 3, 4]
    assert [from_units(line, units, UTF16) for units in range(5)] == [0, 1, 2, 3, 4]
    assert [to_units(line, column, UTF8) for column in range(5)] == [0, 1, 4, 7, 8]


# Text from every plane, surrogates included, plus the characters lines are split at.
ANY_TEXT = st.lists(
    st.one_of(
        st.characters(exclude_categories=()),
        st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),
        st.sampled_from(["\n", "\r", "\r\n", "\u2028", "\x00", "\U0010ffff"]),
    ),
    max_size=40,
).map("".join)
ENCODINGS = st.sampled_from([UTF8, UTF16, UTF32])


@settings(max_examples=400, deadline=None)
@given(text=ANY_TEXT, encoding=ENCODINGS, data=st.data())
def test_conversions_agree_with_the_oracle_and_never_raise(
    text: str, encoding: str, data: st.DataObject
) -> None:
    line = content(split_lines(text)[0])
    column = data.draw(st.integers(-3, len(line) + 3))
    units = to_units(line, column, encoding)
    clamped = max(0, min(column, len(line)))
    assert units == oracle_units(line[:clamped], encoding)
    assert from_units(line, units, encoding) == clamped  # round trip at every column
    raw = data.draw(st.integers(-3, oracle_units(line, encoding) + 3))
    back = from_units(line, raw, encoding)
    assert 0 <= back <= len(line)
    assert oracle_units(line[:back], encoding) <= max(0, raw)  # rounds down, never past
    if back < len(line):
        assert oracle_units(line[: back + 1], encoding) > raw


@settings(max_examples=300, deadline=None)
@given(text=ANY_TEXT, encoding=ENCODINGS, data=st.data())
def test_codec_round_trips_any_position_in_any_document(
    text: str, encoding: str, data: st.DataObject
) -> None:
    lines = split_lines(text)
    codec = Codec(encoding)
    line = data.draw(st.integers(-1, len(lines) + 1))
    character = data.draw(st.integers(-1, 50))
    sent = types.Position(line=max(0, line), character=max(0, character))
    position = codec.from_lsp(lines, sent)
    assert 0 <= position.line < len(lines)
    assert 0 <= position.character <= len(content(lines[position.line]))
    again = codec.to_lsp(lines, position)
    assert codec.from_lsp(lines, again) == position
    end = codec.end_of(lines)
    assert end.character == oracle_units(lines[-1], encoding)
    assert codec.to_lsp(lines, Position(line, character)).line < len(lines)
