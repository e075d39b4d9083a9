"""The check cache's entries as JSON: findings and constants, and back, trusting nothing.

An entry may have been edited by anyone (the seal only says it was not changed by accident),
so every value read is type-checked and a bad one raises ``ValueError``: the caller counts
the file as not cached. Imported only for entries that hold something: a warm run of a
clean tree never loads the analysis model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from errlsp.analysis.model import CodeReference, Finding, Fix, Position, Span
from errlsp.config import SEVERITIES
from errlsp.rules import RULES

if TYPE_CHECKING:
    from errlsp.analysis.check import PendingUse
    from errlsp.analysis.symbols import Definition


def contents_to_json(
    findings: list[Finding],
    definitions: tuple[Definition, ...],
    pending: tuple[PendingUse, ...],
    maybe: frozenset[str],
) -> dict[str, Any]:
    """What a file's entry holds besides its stamp; empty lists are left out."""
    contents: dict[str, Any] = {}
    if findings:
        contents["findings"] = [finding_to_json(item) for item in findings]
    if definitions:
        contents["definitions"] = [asdict(item) for item in definitions]
    if pending:
        contents["pending"] = [asdict(item) for item in pending]
    if maybe:
        contents["maybe"] = sorted(maybe)
    return contents


def _typed(value: Any, *kinds: type) -> Any:
    """``value`` if it is of one of ``kinds`` (exactly: ``True`` is no ``int``); else
    ``ValueError``. The cache is sealed, not trusted: a forged entry must be a miss."""
    if type(value) not in kinds:
        raise ValueError(f"expected {' or '.join(kind.__name__ for kind in kinds)}, got {value!r}")
    return value


def strings(value: Any) -> tuple[str, ...]:
    return tuple(_typed(item, str) for item in _typed(value, list))


def _span_from_json(value: dict[str, Any]) -> Span:
    def position(point: Any) -> Position:
        line, character = _typed(point["line"], int), _typed(point["character"], int)
        if min(line, character) < 0:
            raise ValueError(f"bad position {point!r}")
        return Position(line, character)

    return Span(position(value["start"]), position(value["end"]))


def definition_from_json(data: dict[str, Any]) -> Definition:
    from errlsp.analysis.symbols import Definition

    return Definition(
        _typed(data["qualname"], str),
        _typed(data["value"], str, int),
        _span_from_json(data["span"]),
        _span_from_json(data["inner"]),
        _typed(data["in_enum"], bool),
    )


def pending_from_json(data: dict[str, Any]) -> PendingUse:
    from errlsp.analysis.check import PendingUse

    ref = data["reference"]
    reference = CodeReference(
        _typed(ref["code"], str, int),
        _span_from_json(ref["span"]),
        _span_from_json(ref["inner"]),
        _typed(ref["kind"], str),
        _typed(ref["names_api"], bool),
        _typed(ref["status"], int, type(None)),
        strings(ref["field"]) if ref["field"] is not None else None,
        strings(ref["catalogs"]),
        _typed(ref["strict"], bool, type(None)),
        _typed(ref["symbol"], str, type(None)),
    )
    suppression = data["suppression"]
    return PendingUse(
        reference,
        _typed(data["target"], str),
        strings(suppression) if suppression is not None else None,
    )


def finding_to_json(finding: Finding) -> dict[str, Any]:
    return asdict(finding)


def finding_from_json(data: dict[str, Any]) -> Finding:
    """The inverse of ``finding_to_json``; raises ``ValueError`` (or ``KeyError``,
    ``TypeError``) for data of another shape."""

    def position(value: dict[str, Any]) -> Position:
        line, character = value["line"], value["character"]
        if type(line) is not int or type(character) is not int or min(line, character) < 0:
            raise ValueError(f"bad position {value!r}")
        return Position(line, character)

    def span(value: dict[str, Any]) -> Span:
        return Span(position(value["start"]), position(value["end"]))

    def text(value: Any) -> str:
        if not isinstance(value, str):
            raise ValueError(f"expected a string, got {value!r}")
        return value

    def optional(value: Any) -> str | None:
        return None if value is None else text(value)

    rule, severity = data["rule"], data["severity"]
    if rule not in RULES or severity not in SEVERITIES:
        raise ValueError(f"unknown rule or severity {rule!r}, {severity!r}")
    fix = data.get("fix")
    return Finding(
        rule=rule,
        severity=severity,
        message=text(data["message"]),
        span=span(data["span"]),
        code=optional(data.get("code")),
        catalog=optional(data.get("catalog")),
        suggestions=tuple(text(item) for item in data.get("suggestions", ())),
        fix=_fix_from_json(fix, span) if fix else None,
    )


def _fix_from_json(data: dict[str, Any], span: Callable[[dict[str, Any]], Span]) -> Fix:
    safe = data.get("safe", True)
    if not isinstance(safe, bool):
        raise ValueError(f"expected true or false, got {safe!r}")
    title, replacement = data["title"], data["replacement"]
    if not isinstance(title, str) or not isinstance(replacement, str):
        raise ValueError("expected strings for a fix's title and replacement")
    return Fix(title, span(data["span"]), replacement, safe)
