"""The libcst visitor that turns a parsed block into ``CodeReference`` values.

Only this module imports libcst, and only when a block must be parsed: ``import libcst``
alone costs a quarter second, which a file without error-code contexts never pays.

Two measured choices keep it fast. ``libcst.matchers`` is not used: importing it costs
another quarter second. Position metadata is not used either: it needs a code-generation
pass that doubles the cost of a parse. Instead, literals are located by aligning the
visitor's ``SimpleString`` nodes, in source order, with the scanner's string tokens, and
the alignment is verified token by token (``node.value`` equals the token text).
"""

from __future__ import annotations

import re
import warnings
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import libcst as cst

from errlsp.analysis.contexts import (
    CODE_KEYWORDS,
    EXCEPTION_SUFFIXES,
    KEY_ONLY_ACCESSORS,
    STATUS_NAMES,
    Contexts,
)
from errlsp.analysis.model import CodeReference, Position, Span
from errlsp.analysis.scan import line_starts, string_tokens

_CODE_SHAPE = re.compile(r"^[A-Za-z][A-Za-z0-9_.:-]{1,79}$")


class _Accessor(NamedTuple):
    name: str
    names_api: bool


def _key_of(node: cst.BaseExpression) -> str | None:
    """The key ``x["Error"]`` or ``x.get("Error", ...)`` reads, if ``node`` is such a read."""
    if isinstance(node, cst.Subscript) and len(node.slice) == 1:
        index = node.slice[0].slice
        return _string(index.value) if isinstance(index, cst.Index) else None
    if (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value == "get"
        and node.args
    ):
        return _string(node.args[0].value)
    return None


@dataclass
class _Found:
    node: cst.SimpleString
    code: str
    kind: str
    names_api: bool
    status: int | None = None
    fields: tuple[str, ...] | None = None
    catalogs: tuple[str, ...] = ()
    strict: bool | None = None
    function: int = -1


def _string(node: cst.BaseExpression | None) -> str | None:
    """The value of a plain (non-bytes, non-f) string literal, else None."""
    if isinstance(node, cst.SimpleString):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # "invalid escape sequence" while typing
                value = node.evaluated_value
        except (SyntaxError, ValueError, UnicodeError):
            return None  # e.g. a half-typed escape such as "\x4": not a code yet
        return value if isinstance(value, str) else None
    return None


def _integer(node: cst.BaseExpression) -> int | None:
    if isinstance(node, cst.Integer):
        try:
            return int(node.value, 0)
        except ValueError:
            return None
    return None


def _boolean(node: cst.BaseExpression) -> bool | None:
    if isinstance(node, cst.Name) and node.value in ("True", "False"):
        return node.value == "True"
    return None


def _callee(node: cst.Call) -> str | None:
    func = node.func
    if isinstance(func, cst.Name):
        return func.value
    if isinstance(func, cst.Attribute):
        return func.attr.value
    return None


def _keyword(node: cst.Call, name: str) -> cst.Arg | None:
    for arg in node.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg
    return None


def _field_value(node: cst.BaseExpression) -> tuple[str, ...] | None:
    single = _string(node)
    if single is not None:
        return (single,)
    if isinstance(node, (cst.List, cst.Tuple)):
        values = [_string(element.value) for element in node.elements]
        if all(value is not None for value in values):
            return tuple(value for value in values if value is not None)
    return None


class GatherCodeReferencesVisitor(cst.CSTVisitor):
    """Collect string literals in error-code contexts, with status, field and catalog."""

    def __init__(self, contexts: Contexts) -> None:
        super().__init__()
        self.contexts = contexts
        self.found: list[_Found] = []
        self.asserted: dict[int, int] = {}  # function number -> status asserted in it
        # per function: names bound from an accessor, and whether that accessor names the API
        self._bound: list[dict[str, bool]] = [{}]
        self.strings: list[cst.SimpleString] = []  # every plain literal, in source order
        self._functions: list[int] = []
        self._function_count = 0
        self._guards: list[list[int | None]] = [[]]  # per function: enclosing `if` statuses
        self._in_fstring = 0

    # -- scopes ---------------------------------------------------------------------------
    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._function_count += 1
        self._functions.append(self._function_count)
        self._bound.append({})
        self._guards.append([])

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._functions.pop()
        self._bound.pop()
        self._guards.pop()

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        self._in_fstring += 1  # literals inside are part of one scanner token

    def leave_FormattedString(self, original_node: cst.FormattedString) -> None:
        self._in_fstring -= 1

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if not self._in_fstring:
            self.strings.append(node)

    def _add(self, node: cst.BaseExpression, kind: str, names_api: bool, **extra: Any) -> None:
        value = _string(node)
        if value is None or not isinstance(node, cst.SimpleString):
            return
        if not names_api and not _CODE_SHAPE.match(value):
            return
        function = self._functions[-1] if self._functions else 0
        if extra.get("status") is None:
            guards = self._guards[-1]
            extra["status"] = next((s for s in reversed(guards) if s is not None), None)
        self.found.append(_Found(node, value, kind, names_api, function=function, **extra))

    # -- accessors ------------------------------------------------------------------------
    def _accessor(self, node: cst.BaseExpression) -> _Accessor | None:
        """The accessor of ``x.code``, ``x["code"]``, ``x.get("code")`` or a bound name.

        Key-only accessors (``error``, ``Code``, ``reason``) count only as keys: ``e.response[
        "error"]`` is Slack's code, ``logger.error`` is not. ``["Error"]["Code"]`` and
        ``.get("Error", {}).get("Code")`` are botocore's own shape: they name the API.
        """
        contexts = self.contexts
        name: str | None = None
        holder: cst.BaseExpression | None = None
        if isinstance(node, cst.Attribute):
            name = node.attr.value
            if name in KEY_ONLY_ACCESSORS and name not in contexts.configured_accessors:
                return None
        elif isinstance(node, cst.Subscript) and len(node.slice) == 1:
            index = node.slice[0].slice
            if isinstance(index, cst.Index):
                name, holder = _string(index.value), node.value
        elif (
            isinstance(node, cst.Call)
            and isinstance(node.func, cst.Attribute)
            and node.func.attr.value == "get"
            and node.args
        ):
            name, holder = _string(node.args[0].value), node.func.value
        elif isinstance(node, cst.Name) and node.value in self._bound[-1]:
            return _Accessor(node.value, self._bound[-1][node.value])
        if name is None or name not in contexts.accessors:
            return None
        names_api = name in contexts.configured_accessors
        if name == "Code" and holder is not None and _key_of(holder) == "Error":
            names_api = True  # botocore's ClientError.response["Error"]["Code"]
        return _Accessor(name, names_api)

    # -- contexts -------------------------------------------------------------------------
    def visit_Assign(self, node: cst.Assign) -> None:
        accessor = self._accessor(node.value) if self._functions else None
        if accessor is not None:
            for target in node.targets:
                if isinstance(target.target, cst.Name):
                    self._bound[-1][target.target.value] = accessor.names_api

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        target, value = node.target, node.value
        if not self._functions or value is None or not isinstance(target, cst.Name):
            return
        accessor = self._accessor(value)
        if accessor is not None:
            self._bound[-1][target.value] = accessor.names_api

    def visit_Comparison(self, node: cst.Comparison) -> None:
        left = node.left
        for target in node.comparisons:
            right = target.comparator
            operator = target.operator
            if isinstance(operator, (cst.Equal, cst.NotEqual)):
                for accessor_side, literal in ((left, right), (right, left)):
                    accessor = self._accessor(accessor_side)
                    if accessor is not None:
                        kind = "binding" if isinstance(accessor_side, cst.Name) else "comparison"
                        self._add(literal, kind, accessor.names_api)
            elif isinstance(operator, (cst.In, cst.NotIn)):
                accessor = self._accessor(left)
                if accessor is not None and isinstance(right, (cst.Tuple, cst.List, cst.Set)):
                    for element in right.elements:
                        self._add(element.value, "membership", accessor.names_api)
            left = right

    def visit_If_body(self, node: cst.If) -> None:
        self._guards[-1].append(self._status_in(node.test))

    def leave_If_body(self, node: cst.If) -> None:
        self._guards[-1].pop()

    def visit_Assert(self, node: cst.Assert) -> None:
        status = self._status_in(node.test)
        if status is not None and self._functions:
            # Only inside a function: at module level the fast path sees single statements.
            self.asserted.setdefault(self._functions[-1], status)

    def _status_in(self, test: cst.BaseExpression) -> int | None:
        """``x.status_code == N`` in a test, also inside ``and``/``or`` and parentheses."""
        if isinstance(test, cst.BooleanOperation):
            first, second = self._status_in(test.left), self._status_in(test.right)
            if isinstance(test.operator, cst.Or):
                return first if first == second else None  # 401 or 403: not one status
            return first if first is not None else second
        if isinstance(test, cst.Comparison):
            comparison = test
            left = comparison.left
            for target in comparison.comparisons:
                if isinstance(target.operator, cst.Equal):
                    for a, b in ((left, target.comparator), (target.comparator, left)):
                        if isinstance(a, cst.Attribute) and a.attr.value in STATUS_NAMES:
                            status = _integer(b)
                            if status is not None:
                                return status
                left = target.comparator
        return None

    def visit_Match(self, node: cst.Match) -> None:
        accessor = self._accessor(node.subject)
        if accessor is None:
            return
        for case in node.cases:
            for pattern in _match_values(case.pattern):
                self._add(pattern.value, "match", accessor.names_api)

    def visit_Call(self, node: cst.Call) -> None:
        name = _callee(node)
        if name is None:
            return
        if name in self.contexts.helpers:
            self._helper_call(node, name)
        elif name == "raises" and (match := _keyword(node, "match")) is not None:
            self._add(match.value, "raises-match", False)
        elif name in self.contexts.exceptions or name.endswith(EXCEPTION_SUFFIXES):
            literal = next((a.value for a in node.args if a.keyword is None), None)
            for keyword in CODE_KEYWORDS:
                if (arg := _keyword(node, keyword)) is not None:
                    literal = arg.value
            if literal is not None:
                self._add(literal, "exception", name in self.contexts.exceptions)

    def _helper_call(self, node: cst.Call, name: str) -> None:
        position = self.contexts.helpers[name]
        positional = [arg.value for arg in node.args if arg.keyword is None and not arg.star]
        literal: cst.BaseExpression | None = None
        code_arg = _keyword(node, "code")
        if code_arg is not None:
            literal = code_arg.value
        elif position >= 0 and len(positional) > position:
            literal = positional[position]
        elif position < 0:
            literal = next((value for value in positional if _string(value) is not None), None)
        if literal is None:
            return
        status_arg = _keyword(node, "status")
        field_arg = _keyword(node, "field")
        catalog_arg = _keyword(node, "catalog")
        strict_arg = _keyword(node, "strict")
        self._add(
            literal,
            "helper",
            True,
            status=_integer(status_arg.value) if status_arg else None,
            fields=_field_value(field_arg.value) if field_arg else None,
            catalogs=(_field_value(catalog_arg.value) or ()) if catalog_arg else (),
            strict=_boolean(strict_arg.value) if strict_arg else None,
        )


def _match_values(pattern: cst.MatchPattern) -> list[cst.MatchValue]:
    """``case "X":``, ``case "X" | "Y":`` and ``case ("X" | "Y") as name:``."""
    if isinstance(pattern, cst.MatchValue):
        return [pattern]
    if isinstance(pattern, cst.MatchOr):
        return [value for element in pattern.patterns for value in _match_values(element.pattern)]
    if isinstance(pattern, cst.MatchAs) and pattern.pattern is not None:
        return _match_values(pattern.pattern)
    return []


def gather(
    source: str,
    contexts: Contexts,
    *,
    column_offsets: Sequence[int] = (),
) -> list[CodeReference]:
    """Parse ``source`` (a whole file or a dedented block) and return its references.

    ``column_offsets`` (per block line, the indentation removed) map block columns back to
    the file. Raises ``libcst.ParserSyntaxError`` on bad syntax.
    """
    module = cst.parse_module(source)
    visitor = GatherCodeReferencesVisitor(contexts)
    module.visit(visitor)
    if not visitor.found:
        return []
    locate = _locator(source, module, visitor.strings)
    starts = line_starts(source)

    def place(offset: int) -> Position:
        index = bisect_right(starts, offset) - 1
        shift = column_offsets[index] if index < len(column_offsets) else 0
        return Position(index, offset - starts[index] + shift)

    result = []
    for found in visitor.found:
        begin, end = locate(found.node)
        opening = len(found.node.prefix) + len(found.node.quote)
        status = found.status
        if status is None:
            status = visitor.asserted.get(found.function)
        result.append(
            CodeReference(
                code=found.code,
                span=Span(place(begin), place(end)),
                inner=Span(place(begin + opening), place(end - len(found.node.quote))),
                kind=found.kind,
                names_api=found.names_api or bool(found.catalogs),
                status=status,
                field=found.fields,
                catalogs=found.catalogs,
                strict=found.strict,
            )
        )
    return result


def _locator(source: str, module: cst.Module, strings: list[cst.SimpleString]) -> Any:
    """Map a literal node to its (start, end) offsets in ``source``."""
    tokens = string_tokens(source)
    aligned = len(tokens) == len(strings) and all(
        node.value == source[start:end] for node, (start, end) in zip(strings, tokens, strict=False)
    )
    if aligned:
        offsets = {id(node): token for node, token in zip(strings, tokens, strict=False)}
        return lambda node: offsets[id(node)]
    return _metadata_locator(source, module)


def _metadata_locator(source: str, module: cst.Module) -> Any:
    """The slow, always-right way: libcst's position metadata (rare: odd tokenisation)."""
    from libcst.metadata import MetadataWrapper, PositionProvider

    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    positions = wrapper.resolve(PositionProvider)
    starts = line_starts(source)

    def locate(node: cst.SimpleString) -> tuple[int, int]:
        where = positions[node]
        begin = starts[where.start.line - 1] + where.start.column
        return begin, starts[where.end.line - 1] + where.end.column

    return locate
