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
_FILE_CATALOG = re.compile(r"#\s*errlsp:\s*catalog\s*=\s*([A-Za-z0-9_.-]+)")


@dataclass(frozen=True)
class Contexts:
    """The names that make a context for one settings value, plus per-file helper aliases."""

    helpers: dict[str, int]
    configured_helpers: frozenset[str]
    accessors: frozenset[str]
    configured_accessors: frozenset[str]
    exceptions: frozenset[str]
    prefilter: re.Pattern[str]

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


@lru_cache(maxsize=256)
def _compile(helpers: tuple[str, ...], accessors: tuple[str, ...], exceptions: tuple[str, ...]) -> re.Pattern[str]:
    helper = "|".join(map(re.escape, sorted(helpers)))
    accessor = "|".join(map(re.escape, sorted(accessors)))
    suffix = "|".join(EXCEPTION_SUFFIXES)
    parts = [
        rf"\b(?:{helper})\s*\(",
        rf"(?:\.|\[\s*[rRuU]?['\"]|get\(\s*[rRuU]?['\"])(?:{accessor})\b",
        r"^[ \t]*case[ \t]+[rRuU]?['\"]",
        rf"[A-Za-z0-9_](?:{suffix})\s*\(\s*(?:(?:code|error_code)\s*=\s*)?[rRuU]?['\"]",
        r"\braises\s*\([^)\n]*\bmatch\s*=",
    ]
    if exceptions:
        parts.append(rf"\b(?:{'|'.join(map(re.escape, sorted(exceptions)))})\s*\(")
    return re.compile("|".join(parts), re.MULTILINE)
