"""Where the cursor is typing an error code: a line-level scan that never needs a parse.

Completion runs on every keystroke, on text that is almost never valid Python: the string
being typed is unterminated (``assert_api_error(resp, "PAR``) and the call is unclosed. So
this module never calls libcst. It lexes a window of physical lines above the cursor with one
regex (strings, comments, brackets, commas), finds the string literal around the cursor, and
reads its context from the text before it: the enclosing call and argument, a comparison or
membership test with an accessor, or a ``case`` under ``match <accessor>:``. The recognised
contexts are the ones ``gather`` finds in parsed code (see ``contexts``), so completion offers
codes exactly where a finished literal will be checked.

The hover and definition handlers of the server use the same scan when their cached
references are older than the text, so they too never wait for a parse.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field
from threading import Lock

from errlsp.analysis.contexts import (
    CODE_KEYWORDS,
    EXCEPTION_SUFFIXES,
    Contexts,
    contexts_for,
    settings_contexts,
)
from errlsp.analysis.directives import Directives, catalog_directives
from errlsp.analysis.model import Position, Span
from errlsp.analysis.scan import NEWLINE, lines_with
from errlsp.config import Settings

# How far above the cursor the scan looks for an opening bracket, a `match` or a status check.
WINDOW_LINES = 40

# A string literal after its opening quote, by quote kind. A backslash escapes any character,
# a newline included (a continued string); a lone one at the very end is still part of it.
# Unterminated single-quoted strings end at the line end, triple-quoted ones at the end.
_BODY = {
    '"': re.compile(r'(?:\\[\s\S]?|[^"\\\n])*("|(?=\n)|\Z)'),
    "'": re.compile(r"(?:\\[\s\S]?|[^'\\\n])*('|(?=\n)|\Z)"),
    '"""': re.compile(r'(?:\\[\s\S]?|[^\\])*?("""|\Z)'),
    "'''": re.compile(r"(?:\\[\s\S]?|[^\\])*?('''|\Z)"),
}
_START = re.compile(
    r"""(?P<prefix>[rRbBuUfFtT]{0,2})(?P<quote>'''|\"\"\"|'|")|\#|[(\[{]|[)\]}]|,"""
)
_CODE_CHARS = re.compile(r"[A-Za-z0-9_.:-]*")
_CALLEE = re.compile(r"([A-Za-z_][\w.]*)\s*$")
_KEYWORD_ARG = re.compile(r"^\s*([A-Za-z_]\w*)\s*=\s*$")
_NOT_CALLEES = frozenset(
    ("in", "not", "and", "or", "if", "elif", "while", "return", "yield", "assert", "case")
    + ("match", "lambda", "else", "is", "for", "await")
)
_COMPARISON_BEFORE = re.compile(r"(?:==|!=)\s*$")
_COMPARISON_AFTER = re.compile(
    r"""^\s*(?:==|!=)\s*(?P<expr>[A-Za-z_][\w.]*(?:\s*(?:\[[^\]\n]*\]|\([^()\n]*\))|\.\w+)*)"""
)
_MEMBERSHIP = re.compile(r"\b(?:not\s+)?in\s*$")
_ATTRIBUTE = re.compile(r"\.\s*([A-Za-z_]\w*)\s*$")
_SUBSCRIPT = re.compile(r"""\[\s*[rRuU]?(["'])([A-Za-z_]\w*)\1\s*\]\s*$""")
_GET = re.compile(r"""\.\s*get\(\s*[rRuU]?(["'])([A-Za-z_]\w*)\1\s*(?:,[^()]*)?\)\s*$""")
_BARE_NAME = re.compile(r"(?<![\w.])([A-Za-z_]\w*)\s*$")
_CASE = re.compile(r"""^\s*case\s+(?:(?:[rRuU]?(?:"[^"\n]*"|'[^'\n]*'))\s*\|\s*)*$""")
_STATUS_KEYWORD = re.compile(r"\bstatus\s*=\s*(\d{3})\b")
_CATALOG_KEYWORD = re.compile(r"""\bcatalog\s*=\s*[rRuU]?["']([A-Za-z0-9_.-]+)["']""")
_STATUS_TEST = re.compile(
    r"\.(?:status_code|status)\s*==\s*(\d{3})\b|\b(\d{3})\s*==\s*[\w.\[\]()'\"]*\.(?:status_code|status)\b"
)
_GUARD = re.compile(r"^(\s*)(?:el)?if\b")
_ASSERT = re.compile(r"^\s*assert\b")
_DEF = re.compile(r"^(\s*)(?:async\s+)?def\b")


@dataclass(frozen=True, slots=True)
class CompletionContext:
    """The literal being typed in an error-code context, and what its surroundings say.

    ``inner`` covers the literal's content: from after the opening quote to the closing quote,
    or, while the string is unterminated, to the end of the code-like characters after the
    cursor. A completion replaces exactly that span. ``prefix`` is the content before the
    cursor, ``text`` the whole content.
    """

    kind: str
    inner: Span
    prefix: str
    text: str
    quote: str
    terminated: bool
    names_api: bool
    status: int | None = None
    catalogs: tuple[str, ...] = ()

    @property
    def catalog(self) -> str | None:
        return self.catalogs[0] if self.catalogs else None


@dataclass(frozen=True, slots=True)
class _Literal:
    start: int  # offset of the prefix
    inner_start: int
    inner_end: int
    quote: str
    prefix: str
    terminated: bool


@dataclass
class _Bracket:
    offset: int
    char: str
    last_comma: int = -1
    commas: int = 0


def completion_context(
    source: str, position: Position, settings: Settings
) -> CompletionContext | None:
    """The error-code literal at ``position``, or None (comments, other strings, plain code)."""
    facts = _facts_of(source, position.line)
    lines = facts.lines
    if not 0 <= position.line < len(lines):
        return None
    column = max(0, min(position.character, len(lines[position.line])))
    first = _window_start(facts, position.line)
    if first is None:
        return None  # inside a docstring or other triple-quoted string
    window = "\n".join(lines[first : position.line + 1])
    starts = _line_offsets(lines, first, position.line)
    cursor = starts[-1] + column
    scanned = _scan(window, cursor)
    if scanned is None:
        return _integer_context(lines, first, position.line, column, settings)
    literal, brackets = scanned
    if "\n" in window[literal.inner_start : literal.inner_end]:
        return None  # a string continued over lines with a backslash: never a code
    # Helper aliases come from `import ... as name` lines; looking only at lines with " as "
    # keeps a 10,000-line file from costing a full regex pass per keystroke.
    contexts = settings_contexts(settings).with_aliases(facts.aliases)
    before = window[: literal.start]
    found = _classify(window, literal, before, brackets, lines, first, position.line, contexts)
    if found is None and not brackets:
        found = _constant_context(lines, position.line, before, settings)
    if found is None:
        return None
    kind, names_api, status, catalog = found
    if status is None:
        status = _nearby_status(lines, position.line)
    catalogs = (catalog,) if catalog is not None else facts.catalogs_at(position.line)
    names_api = names_api or bool(catalogs)

    def place(offset: int) -> Position:
        line = max(index for index, start in enumerate(starts) if start <= offset)
        return Position(first + line, offset - starts[line])

    return CompletionContext(
        kind=kind,
        inner=Span(place(literal.inner_start), place(literal.inner_end)),
        prefix=window[literal.inner_start : cursor],
        text=window[literal.inner_start : literal.inner_end],
        quote=literal.quote,
        terminated=literal.terminated,
        names_api=names_api,
        status=status,
        catalogs=catalogs,
    )


@dataclass
class _Facts:
    """What completion needs of a whole text, worked out once per text: completion and hover
    ask about the same version, keystroke after keystroke, and a 10,000-line file costs a
    millisecond per look at all of it (splitting it, searching it for markers or aliases).

    A new version that is the last one with one line typed in (``after_line_edit``) takes
    what that line cannot change from the last one's facts: two slice comparisons, not four
    searches of the whole text.
    """

    source: str
    lines: list[str]
    aliases: str  # the lines holding " as " (helper aliases come from imports)
    _triple: dict[int, str | None] = field(default_factory=dict)
    _directives: Directives | None = None

    @classmethod
    def of(cls, source: str) -> _Facts:
        lines = NEWLINE.split(source) if "\r" in source else source.split("\n")
        return cls(source, lines, lines_with(source, " as "))

    def triple_state_before(self, line: int) -> str | None:
        """The triple quote open at the start of ``line``."""
        if line not in self._triple:
            self._triple[line] = _triple_state(None, "\n".join(self.lines[:line]))
        return self._triple[line]

    def catalogs_at(self, line: int) -> tuple[str, ...]:
        """Catalogs a marker or the file comment names for ``line`` (cheap without either)."""
        if self._directives is None:
            self._directives = catalog_directives(self.source, contexts_for((), (), ()))
        return self._directives.catalogs_at(line)

    def after_line_edit(self, source: str, line: int) -> _Facts | None:
        """The facts of ``source`` if it is this text with only ``line`` changed; else None.

        What the changed line (before and after) does not mention is kept: helper aliases
        without " as ", triple-quote states without a triple quote, and the catalog
        directives of a text with no marker, if the line names none of their words (a marker
        or the file comment is always on a line that names it).
        """
        if "\r" in self.source or not 0 <= line < len(self.lines):
            return None  # (\r: lines are split another way; the cheap path is for \n only)
        start = sum(map(len, self.lines[:line])) + line
        end = start + len(self.lines[line])
        new_end = end + len(source) - len(self.source)
        if new_end < start or source[:start] != self.source[:start]:
            return None
        if source[new_end:] != self.source[end:]:
            return None
        typed = source[start:new_end]
        if "\n" in typed or "\r" in typed:
            return None
        changed = f"{self.lines[line]}\n{typed}"
        lines = self.lines.copy()
        lines[line] = typed
        aliases = self.aliases if " as " not in changed else lines_with(source, " as ")
        facts = _Facts(source, lines, aliases)
        if '"""' in changed or "'''" in changed:
            facts._triple = {at: state for at, state in self._triple.items() if at <= line}
        else:
            facts._triple = dict(self._triple)
        kept = self._directives
        if (
            kept is not None
            and not kept.module_marker
            and not kept.marked
            and not any(word in changed for word in _DIRECTIVE_WORDS)
        ):
            facts._directives = kept
        return facts


# The words of every catalog directive (``errcodes`` markers, ``pytestmark``, the comment).
_DIRECTIVE_WORDS = ("errcodes", "pytestmark", "errlsp")
_RECENT: OrderedDict[str, _Facts] = OrderedDict()  # the facts of the last few texts
_RECENT_SIZE = 4
_RECENT_LOCK = Lock()


def _facts_of(source: str, line: int) -> _Facts:
    """The facts of ``source``; ``line`` is where the cursor is, so where typing happens."""
    with _RECENT_LOCK:
        facts = _RECENT.get(source)
        newest = next(reversed(_RECENT.values()), None)
    if facts is None:
        facts = (newest.after_line_edit(source, line) if newest else None) or _Facts.of(source)
        with _RECENT_LOCK:
            _RECENT[source] = facts
            while len(_RECENT) > _RECENT_SIZE:
                _RECENT.popitem(last=False)
    return facts


def _window_start(facts: _Facts, line: int) -> int | None:
    """A line above ``line`` outside triple-quoted strings; None if ``line`` starts inside one."""
    lines = facts.lines
    first = max(0, line - WINDOW_LINES)
    inside = facts.triple_state_before(first)
    start = first
    for number in range(first, line):
        was_inside = inside is not None
        inside = _triple_state(inside, lines[number])
        if was_inside or inside is not None:
            start = number + 1  # lex from after the line that closes the string
    return None if inside is not None else start


def _triple_state(inside: str | None, text: str) -> str | None:
    """Which triple quote is still open after ``text``, given the one open before it.

    Plain ``str.find`` rather than a regex: this runs over everything above the window on
    every keystroke, and files hold few triple quotes but many characters. The next position
    of each quote kind is remembered so the scan stays linear.
    """
    found = {'"""': text.find('"""'), "'''": text.find("'''")}
    position = 0
    while True:
        for quote, at in found.items():
            if 0 <= at < position:
                found[quote] = text.find(quote, position)
        if inside is None:
            candidates = [(at, quote) for quote, at in found.items() if at >= 0]
            if not candidates:
                return None
            at, inside = min(candidates)
            position = at + 3
        else:
            end = found[inside]
            if end < 0:
                return inside
            inside, position = None, end + 3


def _line_offsets(lines: list[str], first: int, last: int) -> list[int]:
    offsets = [0]
    for number in range(first, last):
        offsets.append(offsets[-1] + len(lines[number]) + 1)
    return offsets


def _scan(window: str, cursor: int) -> tuple[_Literal, list[_Bracket]] | None:
    """Lex up to the cursor: the literal holding it and the brackets open before it."""
    brackets: list[_Bracket] = []
    position = 0
    while True:
        match = _START.search(window, position)
        if match is None or match.start() >= cursor:
            return None
        token = match.group()
        position = match.end()
        if token == "#":
            end = window.find("\n", match.start())
            if end < 0 or end >= cursor:
                return None  # the cursor is in a comment
            position = end
        elif match.group("quote"):
            body = _BODY[match.group("quote")].match(window, match.end())
            assert body is not None  # every body pattern matches the empty string
            closing = body.group(1)
            inner_end = body.end() - len(closing)
            if match.end() <= cursor <= inner_end:
                if not closing:
                    typed = _CODE_CHARS.match(window, cursor)
                    inner_end = min(cursor + len(typed.group()) if typed else cursor, body.end())
                literal = _Literal(
                    match.start(),
                    match.end(),
                    inner_end,
                    match.group("quote"),
                    match.group("prefix"),
                    bool(closing),
                )
                return literal, brackets
            position = body.end()
        elif token in "([{":
            brackets.append(_Bracket(match.start(), token))
        elif token in ")]}":
            if brackets:
                brackets.pop()
        elif brackets:  # a comma
            brackets[-1].commas += 1
            brackets[-1].last_comma = match.start()


def _classify(
    window: str,
    literal: _Literal,
    before: str,
    brackets: list[_Bracket],
    lines: list[str],
    first: int,
    line: int,
    contexts: Contexts,
) -> tuple[str, bool, int | None, str | None] | None:
    prefix = literal.prefix.lower()
    if len(literal.quote) == 3 or "b" in prefix or "f" in prefix or "t" in prefix:
        return None
    if brackets and brackets[-1].char == "(":
        found = _call_context(window, literal, before, brackets[-1], contexts)
        if found is not None:
            return found
    accessor = _accessor_before(before, lines, first, line, contexts)
    if accessor is None:
        accessor = _accessor_after(window, literal, lines, first, line, contexts)
    if accessor is not None:
        return "comparison", accessor in contexts.configured_accessors, None, None
    if brackets and brackets[-1].char in "([{":
        opened = before[: brackets[-1].offset]
        if _MEMBERSHIP.search(opened):
            subject = _MEMBERSHIP.sub("", opened)
            accessor = _accessor_at_end(
                subject, _bound_names(lines, first, line, contexts), contexts
            )
            if accessor is not None:
                return "membership", accessor in contexts.configured_accessors, None, None
    if _CASE.match(lines[line][: literal.start - _line_start(window, literal.start)]):
        accessor = _match_subject(lines, line, contexts)
        if accessor is not None:
            return "match", accessor in contexts.configured_accessors, None, None
    return None


_DIGITS_AT_END = re.compile(r"(?<![\w.])(\d+)$")
_OPERATOR_AT_END = re.compile(r"(?:==|!=)\s*$")
_HELPER_ARGUMENT = re.compile(r"\b([A-Za-z_]\w*)\s*\((?:[^()]*,)?\s*(?:code\s*=\s*)?$")


def _integer_context(
    lines: list[str], first: int, line: int, column: int, settings: Settings
) -> CompletionContext | None:
    """Digits typed where an integer code goes (Twilio's ``20404``): ``e.code == 204`` or
    ``assert_api_error(resp, 204``. At least one digit: a bare ``==`` may want a string."""
    text = lines[line]
    head = text[:column]
    digits = _DIGITS_AT_END.search(head)
    if digits is None:
        return None
    start = digits.start(1)
    end = column + len(re.match(r"\d*", text[column:]).group())  # type: ignore[union-attr]
    before = head[:start]
    contexts = settings_contexts(settings)
    kind: str | None = None
    names_api = False
    if _OPERATOR_AT_END.search(before):
        subject = _OPERATOR_AT_END.sub("", before).rstrip()
        bound = _bound_names(lines, first, line, contexts)
        accessor = _accessor_at_end(subject, bound, contexts)
        if accessor is not None:
            kind, names_api = "comparison", accessor in contexts.configured_accessors
    else:
        call = _HELPER_ARGUMENT.search(before)
        if call is not None and call.group(1) in contexts.helpers:
            kind, names_api = "helper", True
    if kind is None:
        return None
    inner = Span(Position(line, start), Position(line, end))
    return CompletionContext(
        kind=kind,
        inner=inner,
        prefix=head[start:],
        text=text[start:end],
        quote="",
        terminated=True,
        names_api=names_api,
    )


_CONSTANT_TARGET = re.compile(r"^([ \t]*)[A-Za-z_]\w*[ \t]*(?::[^=]*)?=[ \t]*$")
_CLASS_HEADER = re.compile(r"^([ \t]*)class[ \t]+(\w+)[ \t]*(\([^)]*\))?")


def _constant_context(
    lines: list[str], line: int, before: str, settings: Settings
) -> tuple[str, bool, int | None, str | None] | None:
    """``NAME = "`` in the body of an enum or a code-holding class, or at the top of a
    configured constants module (``errlsp.analysis.symbols``)."""
    import fnmatch

    current = before.rsplit("\n", 1)[-1]
    target = _CONSTANT_TARGET.match(current)
    if target is None:
        return None
    indent = len(target.group(1).expandtabs(8))
    if indent == 0:
        return ("constant", True, None, None) if settings.constant_modules else None
    for number in range(line - 1, max(-1, line - 400), -1):
        text = lines[number]
        stripped = text.lstrip()
        if not stripped or stripped.startswith("#"):
            continue
        if len(text[: len(text) - len(stripped)].expandtabs(8)) >= indent:
            continue
        header = _CLASS_HEADER.match(text)
        if header is None:
            return None
        bases = header.group(3) or ""
        named = any(fnmatch.fnmatchcase(header.group(2), p) for p in settings.constant_classes)
        return ("constant", False, None, None) if named or "Enum" in bases else None
    return None


def _line_start(window: str, offset: int) -> int:
    return window.rfind("\n", 0, offset) + 1


def _call_context(
    window: str,
    literal: _Literal,
    before: str,
    bracket: _Bracket,
    contexts: Contexts,
) -> tuple[str, bool, int | None, str | None] | None:
    callee_match = _CALLEE.search(before[: bracket.offset])
    if callee_match is None:
        return None
    name = callee_match.group(1).rpartition(".")[2]
    if not name or name in _NOT_CALLEES:
        return None
    argument_start = max(bracket.offset, bracket.last_comma) + 1
    keyword_match = _KEYWORD_ARG.match(before[argument_start:])
    keyword = keyword_match.group(1) if keyword_match else None
    if keyword is None and before[argument_start:].strip():
        return None  # the literal is not an argument on its own (e.g. `x + "..."`)
    call_end = window.find("\n", literal.inner_end)
    call_text = window[bracket.offset : call_end if call_end >= 0 else len(window)]
    if name in contexts.helpers:
        index = contexts.helpers[name]
        if keyword == "code" or (keyword is None and (index < 0 or bracket.commas == index)):
            status = _STATUS_KEYWORD.search(call_text)
            catalog = _CATALOG_KEYWORD.search(call_text)
            return (
                "helper",
                True,
                int(status.group(1)) if status else None,
                catalog.group(1) if catalog else None,
            )
        return None
    if name == "raises" and keyword == "match":
        return "raises-match", False, None, None
    is_exception = name in contexts.exceptions or name.endswith(EXCEPTION_SUFFIXES)
    if is_exception and (keyword in CODE_KEYWORDS or (keyword is None and bracket.commas == 0)):
        return "exception", name in contexts.exceptions, None, None
    return None


def _bound_names(lines: list[str], first: int, line: int, contexts: Contexts) -> set[str]:
    """Names assigned from an accessor in the window (``code = err.code``)."""
    names: set[str] = set()
    for number in range(first, line + 1):
        text = lines[number]
        name, equals, value = text.partition("=")
        if not equals or value.startswith("=") or name.rstrip().endswith(("!", "<", ">", "=")):
            continue
        target = name.strip()
        if target.isidentifier() and _accessor_at_end(value.split("#")[0], set(), contexts):
            names.add(target)
    return names


def _accessor_at_end(text: str, bound: set[str], contexts: Contexts) -> str | None:
    """The accessor name an expression ending ``text`` reads, or None."""
    for pattern, group in ((_GET, 2), (_SUBSCRIPT, 2), (_ATTRIBUTE, 1)):
        found = pattern.search(text)
        if found is not None:
            name = found.group(group)
            return name if name in contexts.accessors else None
    bare = _BARE_NAME.search(text)
    if bare is not None and bare.group(1) in bound:
        return bare.group(1)
    return None


def _accessor_before(
    before: str, lines: list[str], first: int, line: int, contexts: Contexts
) -> str | None:
    comparison = _COMPARISON_BEFORE.search(before)
    if comparison is None:
        return None
    return _accessor_at_end(
        before[: comparison.start()], _bound_names(lines, first, line, contexts), contexts
    )


def _accessor_after(
    window: str, literal: _Literal, lines: list[str], first: int, line: int, contexts: Contexts
) -> str | None:
    if not literal.terminated:
        return None
    rest_end = window.find("\n", literal.inner_end)
    rest = window[literal.inner_end + len(literal.quote) : rest_end if rest_end >= 0 else None]
    found = _COMPARISON_AFTER.match(rest)
    if found is None:
        return None
    return _accessor_at_end(
        found.group("expr"), _bound_names(lines, first, line, contexts), contexts
    )


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" \t\f"))


def _match_subject(lines: list[str], line: int, contexts: Contexts) -> str | None:
    """The accessor of the `match` statement that a `case` on ``line`` belongs to."""
    case_indent = _indent(lines[line])
    for number in range(line - 1, max(-1, line - WINDOW_LINES * 4), -1):
        text = lines[number]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        if _indent(text) >= case_indent:
            continue
        subject = match_header_subject(text)
        if subject is None:
            return None
        first = max(0, number - WINDOW_LINES)
        return _accessor_at_end(subject, _bound_names(lines, first, number, contexts), contexts)
    return None


def match_header_subject(text: str) -> str | None:
    """The subject of a ``match`` header line (``match resp.code:``, a comment allowed after
    the colon), else None: the text before the first colon that only blanks or a comment
    follow. Not a regex: ``match\\s+(.+?)\\s*:`` tried every split of a run of blanks, and a
    line of 4,000 of them after ``match`` took 19 s."""
    stripped = text.lstrip()
    if not stripped.startswith("match") or not stripped[5:6].isspace():
        return None
    rest = stripped[5:].lstrip()
    colon = rest.find(":")
    while colon >= 0:
        after = rest[colon + 1 :].lstrip()
        if not after or after.startswith("#"):
            return rest[:colon].rstrip() or None
        colon = rest.find(":", colon + 1)
    return None


def _nearby_status(lines: list[str], line: int) -> int | None:
    """The status a guarding `if ...status_code == N:` or an `assert` above it checks."""
    indent = _indent(lines[line])
    guard: int | None = None
    asserted: int | None = None
    for number in range(line - 1, max(-1, line - WINDOW_LINES), -1):
        text = lines[number]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        if _DEF.match(text) and _indent(text) < indent:
            break
        status = _STATUS_TEST.search(text)
        if status is None:
            continue
        value = int(status.group(1) or status.group(2))
        if guard is None and _GUARD.match(text) and _indent(text) < indent:
            guard = value
        elif _ASSERT.match(text):
            asserted = value  # keep going: the first assert of the function wins
    return guard if guard is not None else asserted
