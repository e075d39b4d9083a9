"""What marks an error-code context, as names and as a byte-cheap regex pre-filter.

The pre-filter looks for *contexts* (helper calls, accessors, ``case "``, exception
constructors with a literal), not for code-shaped strings, which are everywhere. A file
without a match is never parsed; a file with matches is parsed only around them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from errlsp.config import Settings

# The project's own helpers, and which positional argument holds the code.
HELPERS: dict[str, int] = {"assert_api_error": 1, "raises_api_error": 0, "make_api_error": 0}
ACCESSORS = ("code", "error_code", "errorCode", "ErrorCode", "err_code")
EXCEPTION_SUFFIXES = ("Error", "Exception", "Failure")
CODE_KEYWORDS = ("code", "error_code")
STATUS_NAMES = ("status_code", "status")
# A complete, code-shaped string literal: no spaces, so messages never match.
CODE_LITERAL = r"[rRuU]?(?:'[A-Za-z][A-Za-z0-9_.:-]{1,79}'|\"[A-Za-z][A-Za-z0-9_.:-]{1,79}\")"
_FILE_CATALOG = re.compile(r"#\s*errlsp:\s*catalog\s*=\s*([A-Za-z0-9_.-]+)")


@dataclass(frozen=True)
class Contexts:
    """The names that make a context for one settings value, plus per-file helper aliases."""

    helpers: dict[str, int]
    configured_helpers: frozenset[str]
    accessors: frozenset[str]
    configured_accessors: frozenset[str]
    exceptions: frozenset[str]
    prefilter: Prefilter

    def with_aliases(self, text: str) -> Contexts:
        """Add ``import ... as alias`` names of helpers found in this file."""
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
            _compile(tuple(helpers), tuple(self.accessors), tuple(self.exceptions)),
        )


def file_catalog(text: str) -> str | None:
    """The catalog named by a ``# errlsp: catalog=NAME`` comment, if any."""
    found = _FILE_CATALOG.search(text)
    return found.group(1) if found else None


@lru_cache(maxsize=32)
def contexts_for(helpers: tuple[str, ...], accessors: tuple[str, ...], exceptions: tuple[str, ...]) -> Contexts:
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
        _compile(tuple(all_helpers), tuple(all_accessors), tuple(exception_names)),
    )


def settings_contexts(settings: Settings) -> Contexts:
    return contexts_for(settings.helpers, settings.accessors, settings.exceptions)


class Prefilter:
    """Several simple regexes instead of one alternation.

    Each pattern starts with literal text, which ``re`` scans for quickly; a leading ``\\b``
    or character class would make it try every position. Cheap substring tests skip patterns
    whose anchor text is absent from the file altogether.
    """

    def __init__(self, parts: list[tuple[tuple[str, ...], re.Pattern[str]]]) -> None:
        self.parts = parts

    def _active(self, text: str) -> list[re.Pattern[str]]:
        return [pattern for anchors, pattern in self.parts if any(a in text for a in anchors)]

    def search(self, text: str) -> bool:
        return any(pattern.search(text) for pattern in self._active(text))

    def offsets(self, text: str) -> list[int]:
        """Start offsets of every context match, unordered."""
        return [m.start() for pattern in self._active(text) for m in pattern.finditer(text)]


@lru_cache(maxsize=256)
def _compile(
    helpers: tuple[str, ...], accessors: tuple[str, ...], exceptions: tuple[str, ...]
) -> Prefilter:
    helper = "|".join(map(re.escape, sorted(helpers)))
    accessor = "|".join(map(re.escape, sorted(accessors)))
    suffix = "|".join(EXCEPTION_SUFFIXES)
    parts = [
        (helpers, re.compile(rf"(?:{helper})\s*\(")),
        (
            tuple(accessors),
            re.compile(rf"(?:\.|\[\s*[rRuU]?['\"]|get\(\s*[rRuU]?['\"])(?:{accessor})\b"),
        ),
        (("case",), re.compile(r"^[ \t]*case[ \t]+[rRuU]?['\"]", re.MULTILINE)),
        # An exception constructed with a code-shaped literal (messages have spaces) ...
        (
            EXCEPTION_SUFFIXES,
            re.compile(rf"(?:{suffix})\s*\(\s*(?:(?:code|error_code)\s*=\s*)?{CODE_LITERAL}"),
        ),
        # ... or with a code keyword anywhere in a call's arguments.
        (("code",), re.compile(rf"(?:code|error_code)\s*=\s*{CODE_LITERAL}")),
        (("raises",), re.compile(r"raises\s*\([^)\n]*\bmatch\s*=")),
    ]
    if exceptions:
        names = "|".join(map(re.escape, sorted(exceptions)))
        parts.append((exceptions, re.compile(rf"(?:{names})\s*\(")))
    return Prefilter(parts)
