"""What marks an error-code context, as names and as a byte-cheap regex pre-filter.

The pre-filter looks for *contexts* (helper calls, accessors, ``case "``, exception
constructors with a literal), not for code-shaped strings, which are everywhere. A file
without a match is never parsed; a file with matches is parsed only around them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from errlsp.config import Settings

# The project's own helpers, and which positional argument holds the code.
HELPERS: dict[str, int] = {"assert_api_error": 1, "raises_api_error": 0, "make_api_error": 0}
ACCESSORS = (
    "code",  # e.code, body["error"]["code"], Stripe's e.code and e.error.code, GraphQL
    "error_code",
    "errorCode",
    "ErrorCode",
    "err_code",
    "Code",  # botocore: e.response["Error"]["Code"], .get("Error", {}).get("Code")
    "error",  # Slack: e.response["error"], .get("error")
    "reason",  # Google: details[0]["reason"] (ErrorInfo)
)
# Accessors read only as keys (``x["error"]``, ``x.get("error")``), never as attributes:
# ``logger.error`` and ``response.reason`` are not codes. Listing one in ``accessors`` lifts it.
KEY_ONLY_ACCESSORS = frozenset({"Code", "error", "reason"})
EXCEPTION_SUFFIXES = ("Error", "Exception", "Failure")
# Parts worth scanning only if another word is there too: ``match="..."`` is a context in
# ``pytest.raises(...)`` only (Django's ``FilePathField(match="...")`` is not).
_OWN_GATES = {"raises": "raises"}
CODE_KEYWORDS = ("code", "error_code")
STATUS_NAMES = ("status_code", "status")
# A complete, code-shaped string literal: no spaces, so messages never match.
# Optional parentheses and any quote style, triple quotes included. Every pattern puts it
# after a ``\s*`` of its own, so an opening parenthesis comes first: ``[(\s]*`` would share
# that whitespace, and each split of a long indent was tried again for every message that
# failed (a fifth of the scan of ``Error(`` in Django).
CODE_LITERAL = r"(?:\([(\s]*)?[rRuU]?(['\"]{1,3})[A-Za-z][A-Za-z0-9_.:-]{1,79}\1"
# On one line: a comment ends there (``#`` above a line ``errlsp: catalog=x`` is no directive).
_FILE_CATALOG = re.compile(r"#[ \t]*errlsp:[ \t]*catalog[ \t]*=[ \t]*([A-Za-z0-9_.-]+)")


@dataclass(frozen=True)
class Contexts:
    """The names that make a context for one settings value, plus per-file helper aliases."""

    helpers: dict[str, int]
    configured_helpers: frozenset[str]
    accessors: frozenset[str]
    configured_accessors: frozenset[str]
    exceptions: frozenset[str]
    prefilter: Prefilter

    @property
    def key(self) -> tuple[object, ...]:
        """Everything that changes what the visitor finds, for cache keys."""
        return (
            tuple(sorted(self.helpers.items())),
            self.configured_helpers,
            self.accessors,
            self.configured_accessors,
            self.exceptions,
        )

    def _names_a_helper(self, text: str) -> bool:
        common = _common_part(tuple(self.helpers))
        if common and common not in text:  # ``_api_error`` answers for all three built-ins
            return False
        return any(name in text for name in self.helpers)

    def with_aliases(self, text: str) -> Contexts:
        """Add ``import ... as alias`` names of helpers found in this file."""
        if " as " not in text or not self._names_a_helper(text):
            return self  # the common case, decided by fast substring tests
        names = "|".join(map(re.escape, self.helpers))
        aliases = {
            alias: self.helpers[name]
            for name, alias in re.findall(rf"\b({names})\s+as\s+([A-Za-z_]\w*)", text)
        }
        if not aliases:
            return self
        helpers = {**self.helpers, **aliases}
        return Contexts(
            helpers,
            self.configured_helpers,
            self.accessors,
            self.configured_accessors,
            self.exceptions,
            _compile(
                tuple(helpers),
                tuple(self.accessors),
                tuple(self.exceptions),
                self.prefilter.key_only,
            ),
        )


@lru_cache(maxsize=32)
def _common_part(names: tuple[str, ...]) -> str:
    """The longest text (of 4 characters or more) that every name holds; "" if none."""
    if not names:
        return ""
    shortest = min(names, key=len)
    for size in range(len(shortest), 3, -1):
        for start in range(len(shortest) - size + 1):
            part = shortest[start : start + size]
            if all(part in name for name in names):
                return part
    return ""


def file_catalog(text: str) -> str | None:
    """The catalog named by a ``# errlsp: catalog=NAME`` comment, if any."""
    if "errlsp" not in text:  # one fast search, not the regex's stop at every ``#``
        return None
    found = _FILE_CATALOG.search(text)
    return found.group(1) if found else None


@lru_cache(maxsize=32)
def contexts_for(
    helpers: tuple[str, ...], accessors: tuple[str, ...], exceptions: tuple[str, ...]
) -> Contexts:
    all_helpers = dict(HELPERS)
    for name in helpers:
        all_helpers.setdefault(name.rpartition(".")[2], -1)  # -1: first string argument
    all_accessors = frozenset(ACCESSORS) | frozenset(accessors)
    exception_names = frozenset(name.rpartition(".")[2] for name in exceptions)
    return Contexts(
        all_helpers,
        frozenset(name.rpartition(".")[2] for name in helpers),
        all_accessors,
        frozenset(accessors),
        exception_names,
        _compile(
            tuple(all_helpers),
            tuple(all_accessors),
            tuple(exception_names),
            KEY_ONLY_ACCESSORS - frozenset(accessors),
        ),
    )


def settings_contexts(settings: Settings) -> Contexts:
    return contexts_for(settings.helpers, settings.accessors, settings.exceptions)


class Prefilter:
    """Many small regexes, each starting with a literal word, instead of one alternation.

    ``re`` finds a pattern that starts with literal text quickly (a prefix search in C), but an
    alternation, a leading ``\\b`` or a character class makes it try every position: on
    Django's 19 MB of source, ``(?:Error|Exception|Failure)\\s*\\(`` costs seven times what
    ``Error\\s*\\(`` does. So each alternative is its own pattern, and ``str.find`` of its
    word (faster still, and enough when the word is absent) says where its scan starts.
    Accessor matches are confirmed by the character before them (``.code``, ``["code"]``,
    ``.get("code")``).
    """

    def __init__(
        self,
        parts: list[tuple[str, re.Pattern[str], str]],
        key_only: frozenset[str] = frozenset(),
    ) -> None:
        self.parts = parts
        self.key_only = key_only
        self._kinds = {pattern: kind for _, pattern, kind in parts}
        # A word holding another part's word is absent when that one is: ``error_code`` when
        # ``code`` is, the helpers when ``error`` is. One search then answers for several.
        words = {word for word, _, _ in parts}
        primary = [
            _OWN_GATES.get(kind) or min((other for other in words if other in word), key=len)
            for word, _, kind in parts
        ]
        # And the words behind one gate share a longer part, searched for once before each of
        # them: ``_api_error`` for the three helpers (absent from nearly every file that has
        # ``error``), ``r_code`` for ``err_code`` and ``error_code``.
        behind: dict[str, set[str]] = {}
        for (word, _, _), gate in zip(parts, primary, strict=True):
            if word != gate:
                behind.setdefault(gate, set()).add(word)
        # The parts by their first gate, so that a file without it (nearly every file, for
        # most gates) skips them all with one search and no loop over them.
        groups: dict[str, list[tuple[str | None, str, re.Pattern[str], str]]] = {}
        for (word, pattern, kind), gate in zip(parts, primary, strict=True):
            shared = _common_part(tuple(sorted(behind.get(gate, ()))))
            second = shared if word != gate and len(shared) > len(gate) and shared != word else None
            groups.setdefault(gate, []).append((second, word, pattern, kind))
        self._groups = list(groups.items())

    def matches(self, text: str) -> Iterator[re.Match[str]]:
        """Every context match, grouped by kind (``match.re`` tells which), unordered."""
        firsts: dict[str, int] = {}  # each word is searched for once (``code``: two parts)
        for gate, members in self._groups:
            at = firsts.get(gate)
            if at is None:
                at = firsts[gate] = text.find(gate)
            if at < 0:
                continue
            for second, word, pattern, kind in members:
                if second is not None:
                    at = firsts.get(second, -2)
                    if at == -2:
                        at = firsts[second] = text.find(second)
                    if at < 0:
                        continue
                first = firsts.get(word)
                if first is None:
                    first = firsts[word] = text.find(word)
                if first < 0:
                    continue
                for match in pattern.finditer(text, first):
                    if kind == "accessor" and not _after_accessor(
                        text, match.start(), end=match.end()
                    ):
                        continue
                    if kind == "key" and not _after_accessor(
                        text, match.start(1), key_only=True, end=match.end(1)
                    ):
                        continue  # ``["error"]``, not ``"odata.error"``
                    yield match

    def search(self, text: str) -> bool:
        return next(self.matches(text), None) is not None

    def offsets(self, text: str) -> list[int]:
        """Start offsets of every context match, unordered."""
        return [match.start() for match in self.matches(text)]

    def is_accessor(self, match: re.Match[str]) -> bool:
        return self._kinds.get(match.re) in ("accessor", "key")

    def names_api(self, match: re.Match[str], contexts: Contexts) -> bool:
        """Whether a match is a context that can only mean an API error code."""
        kind = self._kinds.get(match.re)
        if kind in ("helper", "configured"):  # our helpers (aliases too), configured exceptions
            return True
        if kind == "accessor":
            return match.group() in contexts.configured_accessors
        if kind == "key":
            return match.group(1) in contexts.configured_accessors
        return False


def _after_accessor(
    text: str, start: int, *, key_only: bool = False, end: int | None = None
) -> bool:
    """``.code``, ``["code"]`` or ``.get("code")``: not a dict key or a bare word."""
    before = text[start - 1] if start > 0 else ""
    if before == ".":
        return not key_only
    if before not in "'\"":
        return False
    if end is not None and text[end : end + 1] != before:
        return False  # ["error!"]: a string that starts with the name, not the key
    index = start - 2
    while index >= 0 and start - 2 - index < 2 and text[index] in "rRuU":
        index -= 1  # a string prefix: d[r"code"]
    while index >= 0 and text[index] in " \t\r\n":
        index -= 1  # d[ "code" ], .get(\n    "code")
    return index >= 0 and text[index] in "[("


@lru_cache(maxsize=256)
def _compile(
    helpers: tuple[str, ...],
    accessors: tuple[str, ...],
    exceptions: tuple[str, ...],
    key_only: frozenset[str] = frozenset(),
) -> Prefilter:
    parts: list[tuple[str, re.Pattern[str], str]] = []

    def add(word: str, pattern: str, kind: str) -> None:
        parts.append((word, re.compile(re.escape(word) + pattern), kind))

    for name in sorted(set(helpers)):
        add(name, r"\s*\(", "helper")
    for name in sorted(set(accessors) - key_only):
        add(name, r"\b", "accessor")
    add("case", r"[ \t]+[rRuU]?['\"]", "case")
    # An exception constructed with a code-shaped literal (messages have spaces), comments
    # before it skipped; each comment runs to its line's end (``(?![^\n])``), or every split of
    # a run of ``#`` would be tried: ``Error(`` then 40 of them took minutes.
    for suffix in EXCEPTION_SUFFIXES:
        add(
            suffix,
            rf"\s*\((?:\s|#[^\n]*(?![^\n]))*(?:(?:code|error_code)\s*=\s*)?{CODE_LITERAL}",
            "exception",
        )
    # ... or with a code keyword anywhere in a call's arguments (``error_code=`` ends the same).
    add("code", rf"\s*=\s*{CODE_LITERAL}", "keyword")
    # pytest.raises(..., match="X"), the keyword possibly on a later line
    add("match", rf"\s*=\s*{CODE_LITERAL}", "raises")
    # Key-only accessors are quoted keys (``["error"]``): the quotes are checked around the
    # name, so the word "error" in prose and ``logger.error`` never reach Python code.
    for name in sorted(set(accessors) & key_only):
        parts.append((name, re.compile(rf"({re.escape(name)})[\"']"), "key"))
    for name in sorted(set(exceptions)):
        add(name, r"\s*\(", "configured")
    return Prefilter(parts, key_only)
