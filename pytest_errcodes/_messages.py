"""Failure text: what a developer needs to see to fix a failed error-code check at a glance.

Messages are built here, explicitly, so they read the same with and without pytest's
assertion rewriting (``--assert=plain``). Layout follows pytest's own ``raises``: a headline,
then aligned ``Label: value`` lines with ``repr`` values, then the response body. Every
line that can be known is shown even when it is not the one that failed, because the usual
question after "wrong code" is "then what did it say?".
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from errlsp.envelopes import decode_body

if TYPE_CHECKING:
    from errlsp.catalog import CatalogSet, ErrorCode
    from errlsp.envelopes import ApiError
    from pytest_errcodes._responses import ResponseData

LABEL_WIDTH = 18
MAX_BODY_LINES = 40
MAX_CATALOG_MESSAGE = 100
MAX_VALUE_CHARS = 200
README_OPTIONS = "https://github.com/errlsp/errlsp#options-and-ini-keys"


@dataclass
class Report:
    """The facts of one check, gathered as the check goes, rendered once on failure."""

    code: str | None
    scope: CatalogSet
    data: ResponseData | None = None
    error: ApiError | None = None
    status: int | None = None
    expected_status: int | None = None
    expected_fields: tuple[str, ...] = ()
    expected_message: str | None = None
    body_limit: int = 2000
    extra: list[tuple[str, str]] = field(default_factory=list)

    def render(self, headline: str, *, suggestions: Sequence[str] = (), hint: str = "") -> str:
        lines = [clip(headline, 4 * MAX_VALUE_CHARS)]
        add = lines.append
        if self.data is not None and self.data.request:
            add(_line("Request", self.data.request))
        if self.code is not None:
            add(_line("Expected code", repr(self.code)))
        if self.error is not None or self.data is not None:
            add(_line("Actual code", _actual_code(self.error)))
        if self.expected_status is not None:
            add(_line("Expected status", str(self.expected_status)))
        if self.status is not None or self.expected_status is not None:
            add(_line("Status", _status_text(self.status, self.data)))
        if self.expected_fields:
            add(_line("Expected field", _listed(self.expected_fields)))
        if self.expected_message is not None:
            add(_line("Expected message", self.expected_message))
        if self.error is not None and self.error.message is not None:
            add(_line("Actual message", repr(self.error.message)))
        for label, value in self.extra:
            add(_line(label, value))
        lines.extend(self._catalog_lines())
        if self.error is not None:
            add(_line("Dialect", self.error.dialect))
            add(_line("Codes present", _listed(self.error.codes()) or "none"))
            add(_line("Fields present", _listed(self.error.all_fields()) or "none"))
        if suggestions:
            add(_line("Did you mean", ", ".join(repr(s) for s in suggestions) + "?"))
        if hint:
            add(_line("Hint", hint, 4 * MAX_VALUE_CHARS))
        if self.data is not None:
            lines.extend(body_excerpt(self.data, self.body_limit))
        return "\n".join(lines)

    def _catalog_lines(self) -> Iterable[str]:
        """``Catalog:`` then one line per documented entry of the expected and actual codes."""
        codes = [self.code] if self.code is not None else []
        if self.error is not None:
            codes.extend(self.error.codes())
        label = "Catalog"
        for code in dict.fromkeys(codes):
            for entry in self.scope.lookup(code):
                yield _line(label, describe_entry(entry, self.scope))
                label = ""


def _line(label: str, value: str, limit: int = MAX_VALUE_CHARS) -> str:
    return f"  {label + ':' if label else '':<{LABEL_WIDTH}} {clip(value, limit)}"


def clip(text: str, limit: int = MAX_VALUE_CHARS) -> str:
    """``text`` cut to ``limit`` characters, saying how many were cut: a 1M-character code
    must not make a multi-megabyte failure message."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text) - limit} more characters)"


def _listed(values: Iterable[str]) -> str:
    return ", ".join(repr(value) for value in values)


def _actual_code(error: ApiError | None) -> str:
    if error is None:
        return "none (no error envelope in the body)"
    if error.code is None:
        return "none (the error states no code)"
    return repr(error.code)


def _status_text(status: int | None, data: ResponseData | None) -> str:
    if status is not None:
        return str(status)
    if data is not None and data.status is None:
        return "unknown (a bare body was given, not a response)"
    return "unknown"


def describe_entry(entry: ErrorCode, scope: CatalogSet) -> str:
    """``'CODE' (catalog; HTTP 400, 401): 'message'`` for one documented code."""
    catalog = scope.get(entry.catalog)
    statuses = catalog.statuses_for(entry) if catalog is not None else entry.statuses
    where = entry.catalog
    if statuses:
        where += f"; HTTP {', '.join(map(str, statuses))}"
    if entry.deprecated:
        where += f"; deprecated: {entry.deprecated}"
    message = entry.message
    if len(message) > MAX_CATALOG_MESSAGE:
        message = message[: MAX_CATALOG_MESSAGE - 3] + "..."
    return f"{entry.code!r} ({where}): {message!r}" if message else f"{entry.code!r} ({where})"


def body_excerpt(data: ResponseData, limit: int) -> list[str]:
    """The body, pretty-printed when JSON, as text otherwise, cut at ``limit`` characters."""
    decoded = decode_body(data.body, data.headers)
    size = _size(data.body, decoded.text)
    facts = [decoded.content_type or "no content type", size]
    if decoded.error is not None and decoded.error != "empty body":
        facts.append(decoded.error)
    if decoded.error == "empty body" or (decoded.error is None and decoded.text == ""):
        return [f"  Body ({', '.join(facts[:2])}): empty"]
    text = _pretty(decoded.json) if decoded.error is None else decoded.text
    shown, cut = _truncate(text, limit)
    lines = [f"  Body ({'; '.join(facts)}):"]
    lines.extend("    " + line for line in shown.splitlines())
    if cut:
        lines.append(f"    ... ({cut})")
    return lines


def _size(body: object, text: str) -> str:
    if isinstance(body, bytes):
        return f"{len(body)} bytes"
    if isinstance(body, str):
        return f"{len(body)} characters"
    return "parsed JSON"


def _pretty(value: Any) -> str:
    try:
        return json.dumps(value, indent=2, ensure_ascii=False, default=repr)
    except (TypeError, ValueError, RecursionError):
        return repr(value)


def _truncate(text: str, limit: int) -> tuple[str, str]:
    """Keep at most ``limit`` characters and ``MAX_BODY_LINES`` lines; say what was cut."""
    cut_chars = len(text) - limit if limit >= 0 and len(text) > limit else 0
    shown = text[:limit] if cut_chars else text
    lines = shown.splitlines()
    if len(lines) > MAX_BODY_LINES:
        shown = "\n".join(lines[:MAX_BODY_LINES])
        cut_chars = len(text) - len(shown)
    if not cut_chars:
        return shown, ""
    return shown, f"{cut_chars} more characters; raise errcodes_body_limit to see more"


def undocumented_hint() -> str:
    return (
        "to accept it, document it in a catalog, or set `errcodes_undocumented = warning` "
        f"(or --errcodes-undocumented=warning); see {README_OPTIONS}"
    )


def strict_hint() -> str:
    return f"pass strict=False, or set `errcodes_strict = false`; see {README_OPTIONS}"
