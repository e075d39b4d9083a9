"""Codes held in constants and enums, and the project-wide index that resolves their uses.

SDKs and larger applications rarely compare with a literal: they write
``class ErrorCode(StrEnum): ITEM_NOT_FOUND = "itemNotFound"`` or ``THROTTLED = "Throttling"``
in an ``errors`` module, then ``e.code == ErrorCode.ITEM_NOT_FOUND`` everywhere. So:
- a string (or integer) assigned in the body of an enum, or of a class whose name says it holds
  codes (``*ErrorCode*``, ``*Errors*``, ``*Codes*``; ``constant-classes`` in config), or at the
  top level of a configured module (``constant-modules``), is a *definition*: a reference of
  kind ``constant``, checked against the catalog where it is written;
- a dotted name in an error-code context (``ErrorCode.ITEM_NOT_FOUND``, ``errors.THROTTLED``,
  ``Code.EXPIRED.value``) is a *use*: it resolves through the file's own definitions and its
  imports to a definition in the ``ProjectIndex``, and is then checked for what depends on the
  place of use (status, field, catalog scope), never again for its spelling.

Definitions are read with ``ast`` (data only: nothing is imported or run) from files that the
cheap ``might_define`` test lets through.
"""

from __future__ import annotations

import ast
import fnmatch
import hashlib
import re
import warnings
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath

from errlsp.analysis.model import Position, Span
from errlsp.config import CONSTANT_CLASSES, relative_posix

_ENUM_BASES = frozenset({"Enum", "StrEnum", "IntEnum"})
_HEADER = re.compile(r"class[ \t]+(\w+)[ \t]*(\([^)]*\)?)?")


@dataclass(frozen=True, slots=True)
class Definition:
    """``qualname`` (``ErrorCode.ITEM_NOT_FOUND`` or ``THROTTLED``) holds ``value``."""

    qualname: str
    value: str
    span: Span  # the literal, quotes included
    inner: Span  # the literal's content
    in_enum: bool


def might_define(
    text: str, configured_module: bool, classes: Iterable[str] = CONSTANT_CLASSES
) -> bool:
    """A cheap test: could this file define constants that hold codes?

    It looks only at top-level ``class`` lines, found with ``str.find``: every file is asked,
    and a regex over the whole text costs more than the rest of a typical file's check.
    """
    if configured_module:
        return True
    patterns = tuple(classes)
    cores = literal_cores(patterns)
    return any(
        ("Enum" in header or any(core in header for core in cores))
        and _holds_codes(header, patterns)
        for header in _class_headers(text)
    )


@lru_cache(maxsize=32)
def literal_cores(patterns: tuple[str, ...]) -> tuple[str, ...]:
    """The longest literal run of each class-name glob (``ErrorCode`` of ``*ErrorCode*``).

    A name that matches a glob contains its core, so a class line without any core (and
    without ``Enum``) is passed over before the exact match: Django has 10,000 class lines.
    A glob without literal text (``*``) gives the empty core, which every line contains.
    """
    # A bracket set is no literal text, and its own syntax (``[]a]``, ``[!...]``) is subtle:
    # a glob with one gets the empty core, which every line holds.
    return tuple("" if "[" in pattern else max(re.split(r"[*?]+", pattern), key=len)
                 for pattern in patterns)  # fmt: skip


def _class_headers(text: str) -> Iterator[str]:
    """The top-level ``class ...`` lines of ``text``."""
    position = 0 if text.startswith("class") else text.find("\nclass")
    while position >= 0:
        start = position + (text[position] == "\n")
        end = text.find("\n", start)
        yield text[start : end if end >= 0 else len(text)]
        position = text.find("\nclass", start)


def _holds_codes(header: str, patterns: tuple[str, ...]) -> bool:
    found = _HEADER.match(header)
    if found is None:
        return False
    if "Enum" in (found.group(2) or ""):
        return True
    return _names_matcher(patterns).match(found.group(1)) is not None


@lru_cache(maxsize=32)
def _names_matcher(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One regex for every class-name glob (``fnmatch`` per name and glob is slow)."""
    if not patterns:
        return re.compile(r"(?!)")
    return re.compile("|".join(f"(?:{fnmatch.translate(pattern)})" for pattern in patterns))


def definitions(
    text: str, *, classes: Iterable[str] = CONSTANT_CLASSES, module_constants: bool = False
) -> list[Definition]:
    """The code-holding constants ``text`` defines, in source order.

    Only the candidate classes are parsed (``ast`` on a whole 100 kB module costs more than the
    rest of its check), unless the module's own constants are wanted or a block will not parse
    alone.
    """
    from errlsp.analysis.scan import split_lines  # (a warm check needs the index, not the scanner)

    lines = split_lines(text)
    patterns = tuple(classes)
    body = None if module_constants else _candidate_classes(lines, patterns)
    if body is None:
        body = _parsed(text) or []
    found: list[Definition] = []
    for node in body:
        if isinstance(node, ast.ClassDef):
            in_enum = any(_base_name(base) in _ENUM_BASES for base in node.bases)
            named = any(fnmatch.fnmatchcase(node.name, pattern) for pattern in patterns)
            if in_enum or named:
                found.extend(_assigned(node.body, f"{node.name}.", lines, in_enum))
        elif module_constants:
            found.extend(_assigned([node], "", lines, False))
    return found


def _parsed(text: str, first_line: int = 0) -> list[ast.stmt] | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    if first_line:
        ast.increment_lineno(tree, first_line)
    return tree.body


def _candidate_classes(lines: list[str], patterns: tuple[str, ...]) -> list[ast.stmt] | None:
    """The top-level classes that may hold codes, each parsed on its own; None: parse it all."""
    found: list[ast.stmt] = []
    number = 0
    while number < len(lines):
        if not lines[number].startswith("class") or not _holds_codes(lines[number], patterns):
            number += 1
            continue
        end = number + 1
        while end < len(lines) and (not lines[end][:1].strip() or lines[end][:1] in "#)]}"):
            end += 1  # the class body: indented, blank or comment lines
        parsed = _parsed("\n".join(lines[number:end]), number)
        if parsed is None:
            return None  # e.g. a triple-quoted string at column 0 inside the body
        found.extend(parsed)
        number = end
    return found


def _base_name(base: ast.expr) -> str:
    if isinstance(base, ast.Attribute):
        return base.attr
    return base.id if isinstance(base, ast.Name) else ""


def _assigned(
    body: list[ast.stmt], prefix: str, lines: list[str], in_enum: bool
) -> Iterator[Definition]:
    for statement in body:
        target: ast.expr | None = None
        value: ast.expr | None = None
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target, value = statement.targets[0], statement.value
        elif isinstance(statement, ast.AnnAssign):
            target, value = statement.target, statement.value
        if not isinstance(target, ast.Name) or not isinstance(value, ast.Constant):
            continue
        literal = value.value
        if isinstance(literal, bool) or not isinstance(literal, (str, int)):
            continue
        if isinstance(literal, str) and (not literal or any(c.isspace() for c in literal)):
            continue  # a message, not a code
        located = _spans(value, lines, isinstance(literal, str))
        if located is not None:
            yield Definition(prefix + target.id, str(literal), *located, in_enum)


def _spans(node: ast.Constant, lines: list[str], quoted: bool) -> tuple[Span, Span] | None:
    """Code-point spans of a one-line literal (``ast`` gives UTF-8 byte columns)."""
    if node.end_lineno != node.lineno or node.end_col_offset is None:
        return None
    line = lines[node.lineno - 1] if node.lineno - 1 < len(lines) else ""
    raw = line.encode("utf-8")
    start = len(raw[: node.col_offset].decode("utf-8", "replace"))
    end = len(raw[: node.end_col_offset].decode("utf-8", "replace"))
    number = node.lineno - 1
    span = Span(Position(number, start), Position(number, end))
    if not quoted:
        return span, span
    token = line[start:end]
    quote = token.lstrip("rRuU")[:3] if token.lstrip("rRuU")[:3] in ('"""', "'''") else token[-1:]
    opening = len(token) - len(token.lstrip("rRuU")) + len(quote)
    inner = Span(Position(number, start + opening), Position(number, end - len(quote)))
    return span, inner


def module_of(path: str | Path | None, root: Path | None) -> str:
    """The dotted module a file is, relative to the project root (``app.errors``)."""
    if path is None:
        return ""
    return module_name(relative_posix(path, root))


def module_name(relative: str) -> str:
    """``app/errors.py`` -> ``app.errors``; ``app/__init__.py`` -> ``app``."""
    path = PurePosixPath(relative)
    parts = list(path.with_suffix("").parts)
    if parts and parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


_FROM = re.compile(r"^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]+)", re.M)
_IMPORT = re.compile(r"^[ \t]*import[ \t]+([^\n#;]+)", re.M)
_ALIAS = re.compile(r"([\w.]+)(?:\s+as\s+(\w+))?")


def imports(text: str, module: str) -> dict[str, str]:
    """Local names bound by imports -> the dotted module or member they refer to.

    A regex over import statements, not a parse: this runs for every file that uses a
    constant, and for every chunk of a document being edited.
    """
    if "import" not in text:
        return {}
    package = module.rpartition(".")[0]
    bound: dict[str, str] = {}
    for match in _FROM.finditer(text):
        dots, base, names = match.group(1), match.group(2), match.group(3)
        if dots:
            anchor = package.split(".") if package else []
            anchor = anchor[: max(0, len(anchor) - (len(dots) - 1))]
            base = ".".join(part for part in [*anchor, base] if part)
        for alias in _ALIAS.finditer(names.strip("()")):
            name, local = alias.group(1), alias.group(2) or alias.group(1)
            if "." not in name:
                bound[local] = f"{base}.{name}" if base else name
    for match in _IMPORT.finditer(text):
        for alias in _ALIAS.finditer(match.group(1)):
            name, local = alias.group(1), alias.group(2)
            if local:
                bound[local] = name
            else:
                bound[name.partition(".")[0]] = name.partition(".")[0]
    return bound


@dataclass
class ProjectIndex:
    """Every definition of a project, by module: built from the files ``check`` reads."""

    modules: dict[str, dict[str, Definition]] = field(default_factory=dict)
    _members: frozenset[str] | None = field(default=None, init=False, repr=False, compare=False)

    def add(self, module: str, found: Iterable[Definition]) -> None:
        self._members = None
        entries = {definition.qualname: definition for definition in found}
        if entries:
            self.modules[module] = entries
        else:
            self.modules.pop(module, None)

    def members(self) -> frozenset[str]:
        """Every definition as a use elsewhere ends (``member_tail``)."""
        if self._members is None:  # asked by every chunk the server analyses
            self._members = frozenset(
                member_tail(qualname) for entries in self.modules.values() for qualname in entries
            )
        return self._members

    def lookup(self, dotted: str) -> Definition | None:
        """``pkg.mod.Class.NAME`` or ``pkg.mod.NAME``: the longest module prefix wins."""
        parts = dotted.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            members = self.modules.get(".".join(parts[:cut]))
            if members is not None:
                return members.get(".".join(parts[cut:]))
        return None

    @property
    def digest(self) -> str:
        """Changes whenever a definition does: part of the check cache's fingerprint."""
        hasher = hashlib.sha256()
        for module in sorted(self.modules):
            for name, definition in sorted(self.modules[module].items()):
                hasher.update(f"{module}\0{name}\0{definition.value}\n".encode())
        return hasher.hexdigest()[:16]


def member_tail(qualname: str) -> str:
    """How a use of the constant ``qualname`` ends: ``ErrorCode.ITEM_NOT_FOUND`` for a class's
    member (nested classes too), ``THROTTLED`` for a module's."""
    return ".".join(qualname.split(".")[-2:])


def absolute_target(symbol: str, bound: Mapping[str, str], module: str) -> str | None:
    """The project-wide dotted name of a use not defined in this text (imports, else the
    file's own module, for a document analysed by chunks)."""
    symbol = symbol.removesuffix(".value")
    head, _, rest = symbol.partition(".")
    target = bound.get(head)
    if target is not None:
        return f"{target}.{rest}" if rest else target
    return f"{module}.{symbol}" if module else None


def resolve(
    symbol: str,
    local: Mapping[str, Definition],
    bound: Mapping[str, str],
    index: ProjectIndex | None,
    module: str = "",
) -> Definition | None:
    """The definition a dotted use names: the file's own, else through its imports."""
    symbol = symbol.removesuffix(".value")
    if symbol in local:
        return local[symbol]
    if index is None:
        return None
    head, _, rest = symbol.partition(".")
    target = bound.get(head)
    if target is None:  # defined elsewhere in this file (another chunk of a document)
        return index.lookup(f"{module}.{symbol}") if module else None
    return index.lookup(f"{target}.{rest}" if rest else target)


__all__ = [
    "CONSTANT_CLASSES",
    "absolute_target",
    "Definition",
    "ProjectIndex",
    "definitions",
    "imports",
    "might_define",
    "module_name",
    "module_of",
    "resolve",
]
