"""The libcst visitor (``errlsp.analysis.gather``) on its own: what it finds and where."""

from __future__ import annotations

from errlsp.analysis.contexts import contexts_for
from errlsp.analysis.gather import gather
from errlsp.analysis.model import Position

DEFAULT = contexts_for((), (), ())
CONFIGURED = contexts_for((), ("Code",), ())


def found(source: str, contexts=DEFAULT) -> list[tuple[str, str, bool]]:
    return [(ref.code, ref.kind, ref.names_api) for ref in gather(source, contexts)]


def test_column_offsets_map_a_dedented_block_back_to_the_file() -> None:
    (reference,) = gather('if e.code == "FORBIDEN":\n    pass\n', DEFAULT, column_offsets=[8, 8])
    assert reference.span.start == Position(0, 21) and reference.inner.start == Position(0, 22)


def test_integers_are_located_without_quotes() -> None:
    (reference,) = gather("if e.code == 20404:\n    pass\n", DEFAULT)
    assert (reference.code, reference.span.start, reference.span.end) == (
        "20404",
        Position(0, 13),
        Position(0, 18),
    )
    assert reference.inner == reference.span


def test_a_name_bound_from_an_accessor_keeps_whether_it_names_the_api() -> None:
    source = (
        "def f(e):\n"
        '    code = e.response["Error"]["Code"]\n'
        '    if code == "NoSuchKye":\n'
        "        pass\n"
        "    other = e.code\n"
        '    if other == "x_y":\n'
        "        pass\n"
    )
    assert found(source) == [("NoSuchKye", "binding", True), ("x_y", "binding", False)]


def test_key_only_accessors_are_not_attributes_unless_configured() -> None:
    source = 'if logger.error == "boom":\n    pass\nif e.Code == "X":\n    pass\n'
    assert found(source) == []
    assert found(source, CONFIGURED) == [("X", "comparison", True)]


def test_constant_uses_are_kept_for_resolution() -> None:
    source = "if e.code == ErrorCode.ITEM:\n    pass\nif e.code == other.thing:\n    pass\n"
    (use,) = gather(source, DEFAULT)
    assert (use.symbol, use.code, use.span.start, use.span.end) == (
        "ErrorCode.ITEM",
        "",
        Position(0, 13),
        Position(0, 27),
    )
