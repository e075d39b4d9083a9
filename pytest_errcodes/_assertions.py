"""``assert_api_error``: one call that checks an error response against the documented API.

The checks run in the order a reader would ask: is this an error at all; is the expected
code documented; is it the code the response carries; is the status one the documentation
gives for it (and the one asked for); is the field right; is the message right; does the
response carry codes nobody documented. The first failing check raises ``AssertionError``
with the whole picture (see ``_messages``); the helper's own frames are hidden from the
traceback, but only for that ``AssertionError``, so a bug in the helper still shows.
"""

from __future__ import annotations

import operator
import re
import sys
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NoReturn

from errlsp.analysis.verdict import Context as VerdictContext
from errlsp.analysis.verdict import Verdict, judge, verdict_message
from errlsp.envelopes import ApiError, normalise_field
from errlsp.envelopes.frameworks import says_failure
from pytest_errcodes._context import Context, current_context
from pytest_errcodes._envelope import code_elsewhere, parse_response
from pytest_errcodes._messages import Report, clip, strict_hint, undocumented_hint
from pytest_errcodes._responses import ResponseData, read_response

if TYPE_CHECKING:
    from errlsp.catalog import CatalogSet

_PACKAGE = __name__.partition(".")[0]
HIDE_ASSERTION_FRAMES = operator.methodcaller("errisinstance", AssertionError)

Field = str | Sequence[str] | None
Message = str | re.Pattern[str] | None


class UndocumentedErrorCodeWarning(UserWarning):
    """A response carried an error code no active catalog documents (``undocumented=warning``)."""


def assert_api_error(
    response: object,
    code: str | None = None,
    *,
    field: Field = None,
    status: int | None = None,
    message: Message = None,
    catalog: str | Sequence[str] | None = None,
    strict: bool | None = None,
) -> ApiError:
    """Fail unless ``response`` is the documented API error ``code``; return the parsed error.

    ``response``: a requests/httpx/Django/Werkzeug/Flask/Starlette/aiohttp response, a parsed
    JSON dict, or a JSON str/bytes body (``None`` raises ``TypeError``). ``code=None``: any
    error, for APIs whose bodies name fields without codes (``field="name", status=400``).
    ``field``: a field name or several (all must be named). ``message``: a substring, or a
    compiled regex searched for. ``catalog``: check against these catalogs only.
    ``strict=False`` allows asserting an undocumented code.
    """
    __tracebackhide__ = HIDE_ASSERTION_FRAMES
    data = read_response(response)
    context = current_context()
    scope = context.scope(catalog)
    return Check(context, scope, code, strict).run(data, field, status, message)


@dataclass
class Check:
    """One assertion's inputs and the report that explains it when it fails."""

    context: Context
    scope: CatalogSet
    code: str | None
    strict: bool | None

    def __post_init__(self) -> None:
        if self.code is not None and (not isinstance(self.code, str) or not self.code):
            shown = clip(repr(self.code))
            raise TypeError(f"the expected error code must be a non-empty str or None, got {shown}")
        self.label = "an API error" if self.code is None else f"API error {clip(repr(self.code))}"
        self.subject = self.label[0].upper() + self.label[1:]
        self.short = "an API error" if self.code is None else clip(repr(self.code))
        if self.strict is None:
            self.strict = self.context.options.strict
        self.report = Report(self.code, self.scope, body_limit=self.context.options.body_limit)
        # The verdict every face shares (errlsp.analysis): the scope is already resolved. A
        # field-only check (no code) has nothing to judge.
        self.verdict: Verdict | None = None
        if self.code is not None:
            every = self.context.every(self.scope)
            context = VerdictContext(strict=self.strict)
            self.verdict = judge(self.code, context, every, self.scope)

    def run(
        self, data: ResponseData, field: Field, status: int | None, message: Message
    ) -> ApiError:
        __tracebackhide__ = HIDE_ASSERTION_FRAMES
        report = self.report
        report.data = data
        report.expected_status = status
        report.status = data.status
        error = parse_response(data, self.scope)
        report.error = error
        if error is not None and report.status is None:
            report.status = error.status
        self._record(error)
        found = self.check_is_error(data, error)
        return self.check_error(found, field, status, message)

    def check_error(
        self, error: ApiError, field: Field, status: int | None, message: Message
    ) -> ApiError:
        """Every check after "it is an error"; shared with ``raises_api_error``."""
        __tracebackhide__ = HIDE_ASSERTION_FRAMES
        self.report.error = error
        if self.report.status is None:
            self.report.status = error.status
        self.report.expected_status = status
        self.check_documented()
        matched = self._naming(self.check_code(error), error, field)
        self.check_status(status)
        self.check_fields(matched, field)
        self.check_message(matched, message)
        self.check_undocumented(error)
        return error

    def fail(self, headline: str, *, suggestions: Sequence[str] = (), hint: str = "") -> NoReturn:
        __tracebackhide__ = HIDE_ASSERTION_FRAMES
        raise AssertionError(self.report.render(headline, suggestions=suggestions, hint=hint))

    def _record(self, error: ApiError | None) -> None:
        recorder = self.context.recorder
        if recorder is None:
            return
        if self.verdict is not None and (self.verdict.documented or not self.strict):
            recorder.record(self._documented_code(), "asserted", self.scope)
        if error is not None:
            for code in error.codes():
                recorder.record(code, "observed", self.scope, error.dialect)

    def check_is_error(self, data: ResponseData, error: ApiError | None) -> ApiError:
        __tracebackhide__ = HIDE_ASSERTION_FRAMES
        # GraphQL reports errors with HTTP 200 by design, Slack with ``"ok": false``;
        # anywhere else a 2xx is a success.
        success = data.status is not None and data.status < 400
        if success and not (
            error is not None and (error.dialect == "graphql" or says_failure(error.raw))
        ):
            what = "and no error in its body" if error is None else "although its body has one"
            self.fail(
                f"Expected {self.label}, but the response is a success: HTTP {data.status} {what}"
            )
        if error is None:
            self.fail(
                f"Expected {self.label}, but the response body holds no error "
                f"envelope{_decode_reason(data)}",
                hint=code_elsewhere(data, self.code, None) or "",
            )
        return error

    def check_documented(self) -> None:
        __tracebackhide__ = HIDE_ASSERTION_FRAMES
        verdict = self.verdict
        if verdict is None or verdict.documented or not verdict.reported:
            return
        headline = verdict_message(verdict, suggestions=False)
        self.fail(headline, suggestions=verdict.suggestions, hint=strict_hint())

    def _documented_code(self) -> str:
        """The code as its catalog spells it (a case-insensitive catalog may spell it otherwise)."""
        assert self.code is not None and self.verdict is not None
        entry = self.verdict.entry
        return entry.code if self.verdict.documented and entry is not None else self.code

    def _same_code(self, actual: str | None) -> bool:
        if actual is not None and actual == self.code:
            return True
        verdict = self.verdict
        entry = verdict.entry if verdict is not None else None
        if actual is None or verdict is None or not verdict.documented or entry is None:
            return False
        owner = self.scope.catalog_of(entry)
        return owner is not None and not owner.case_sensitive and owner.get_folded(actual) == entry

    def check_code(self, error: ApiError) -> ApiError:
        """The error (or detail) carrying the expected code."""
        __tracebackhide__ = HIDE_ASSERTION_FRAMES
        if self.code is None:
            return error
        for candidate in _walk(error):
            if self._same_code(candidate.code):
                return candidate
        elsewhere = self._code_elsewhere(error)
        if error.code is None and not error.codes():
            self.fail(f"Expected {self.label}, but the error states no code", hint=elsewhere)
        actual = clip(repr(error.code if error.code is not None else error.codes()[0]))
        if actual.casefold() == repr(self.code).casefold():
            headline = f"Expected {self.label}, got {actual} (differs in case only)"
        else:
            headline = f"Expected {self.label}, got {actual}"
        self.fail(headline, hint=elsewhere)

    def _naming(self, matched: ApiError, error: ApiError, field: Field) -> ApiError:
        """Of the errors stating the code, the first that names every wanted field (a
        pydantic 422 states ``missing`` once per field), else the first."""
        if field is None or self.code is None:
            return matched
        wanted = (field,) if isinstance(field, str) else tuple(field)
        for candidate in _walk(error):
            if self._same_code(candidate.code):
                present = {name.casefold() for name in candidate.fields_for(candidate.code)}
                if all(normalise_field(name).casefold() in present for name in wanted):
                    return candidate
        return matched

    def _code_elsewhere(self, error: ApiError) -> str:
        data = self.report.data
        return (code_elsewhere(data, self.code, error) or "") if data is not None else ""

    def check_status(self, expected: int | None) -> None:
        __tracebackhide__ = HIDE_ASSERTION_FRAMES
        actual = self.report.status
        if actual is not None and self.code is not None and self.context.options.check_status:
            documented = self._documented_statuses()
            if documented and actual not in documented:
                listed = ", ".join(map(str, documented))
                self.fail(
                    f"HTTP {actual} is not a documented status for {clip(repr(self.code))} "
                    f"(documented: {listed})"
                )
        if expected is None or actual == expected:
            return
        if actual is None:
            self.fail(
                f"Expected HTTP {expected} with {self.short}, but the status is unknown: "
                "pass the response rather than its body"
            )
        self.fail(f"Expected HTTP {expected} with {self.short}, got HTTP {actual}")

    def _documented_statuses(self) -> tuple[int, ...]:
        statuses: set[int] = set()
        if self.code is None:
            return ()
        for entry in self.scope.documented(self.code):
            statuses.update(self.scope.statuses_of(entry))
        return tuple(sorted(statuses))

    def check_fields(self, matched: ApiError, field: Field) -> None:
        __tracebackhide__ = HIDE_ASSERTION_FRAMES
        if field is None:
            return
        wanted = (field,) if isinstance(field, str) else tuple(field)
        self.report.expected_fields = wanted
        named = matched.all_fields() if self.code is None else matched.fields_for(matched.code)
        present = {name.casefold() for name in named}
        missing = [name for name in wanted if normalise_field(name).casefold() not in present]
        if not missing:
            return
        listed = ", ".join(repr(name) for name in missing)
        if named:
            self.fail(f"{self.subject} does not name field {listed}")
        self.fail(f"{self.subject} names no field; expected {listed}")

    def check_message(self, matched: ApiError, message: Message) -> None:
        __tracebackhide__ = HIDE_ASSERTION_FRAMES
        if message is None:
            return
        actual = matched.message or ""
        if isinstance(message, re.Pattern):
            self.report.expected_message = f"re.compile({message.pattern!r}) (searched)"
            if message.search(actual):
                return
            self.fail(f"The message of {self.label} does not match the pattern")
        self.report.expected_message = f"{message!r} (substring)"
        if message in actual:
            return
        self.fail(f"The message of {self.label} does not contain {clip(repr(message))}")

    def check_undocumented(self, error: ApiError) -> None:
        __tracebackhide__ = HIDE_ASSERTION_FRAMES
        policy = self.context.options.undocumented
        if policy == "ignore":
            return
        unknown = [
            code
            for code in error.codes()
            if not self.scope.documented(code) and not (self._same_code(code) and not self.strict)
        ]
        if not unknown:
            return
        names = ", ".join(self.scope.names) or "none"
        listed = clip(", ".join(repr(code) for code in unknown))
        headline = f"The response carries undocumented error code {listed} (catalogs: {names})"
        if policy == "warning":
            warnings.warn(headline, UndocumentedErrorCodeWarning, stacklevel=caller_stacklevel())
            return
        suggestions = [s for code in unknown for s in self.scope.suggest(code, limit=1)]
        self.fail(headline, suggestions=suggestions, hint=undocumented_hint())


def caller_stacklevel() -> int:
    """The ``stacklevel`` that points a warning at the first frame outside this package."""
    frame = sys._getframe(1)
    level = 1
    while frame is not None and frame.f_globals.get("__name__", "").startswith(_PACKAGE):
        frame = frame.f_back  # type: ignore[assignment]
        level += 1
    return level


def _walk(error: ApiError) -> list[ApiError]:
    found = [error]
    for detail in error.details:
        found.extend(_walk(detail))
    return found


def _decode_reason(data: ResponseData) -> str:
    from errlsp.envelopes import decode_body

    decoded = decode_body(data.body, data.headers)
    if decoded.error is not None:
        return f" ({decoded.error})"
    if not isinstance(decoded.json, dict):
        return f" (the JSON is {type(decoded.json).__name__}, not an object)"
    return ""
