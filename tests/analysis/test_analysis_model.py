"""``moved``: a finding or a reference further down keeps every other field as it was.

They are constructed field by field (``dataclasses.replace`` cost the server a millisecond
per edit of a 10,000-line file), so a field added to the class must be added there too:
these tests fill every field with a value of its own and compare with ``replace``.
"""

from __future__ import annotations

from dataclasses import fields, replace

from errlsp.analysis.model import CodeReference, Finding, Fix, Position, Span

SPAN = Span(Position(3, 4), Position(3, 9))
FIX = Fix("use X", Span(Position(3, 5), Position(3, 8)), "X", safe=False)


def test_a_moved_finding_keeps_every_other_field() -> None:
    finding = Finding("unknown-code", "warning", "m", SPAN, "Y", "shop", ("X", "Z"), FIX)
    assert {field.name for field in fields(Finding)} == {
        "rule", "severity", "message", "span", "code", "catalog", "suggestions", "fix"
    }  # fmt: skip
    moved = finding.moved(7)
    fix = replace(FIX, span=FIX.span.moved(7))
    assert moved == replace(finding, span=SPAN.moved(7), fix=fix)
    assert moved.span.start == Position(10, 4) and moved.fix and moved.fix.span.end.line == 10
    assert finding.moved(0) is finding


def test_a_moved_reference_keeps_every_other_field() -> None:
    reference = CodeReference(
        "X", SPAN, SPAN, "helper", True, 404, ("name",), ("shop",), False, "ErrorCode.X"
    )
    assert len(fields(CodeReference)) == 10
    moved = reference.moved(2)
    assert moved == replace(reference, span=SPAN.moved(2), inner=SPAN.moved(2))
