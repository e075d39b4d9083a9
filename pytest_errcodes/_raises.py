"""``raises_api_error``: ``pytest.raises`` for client code that turns API errors into exceptions.

SDKs wrap an error response in an exception: some keep the response (``requests.HTTPError``,
``httpx.HTTPStatusError`` and friends expose ``.response``), others copy the code into an
attribute (``e.code``, ``e.error_code``, ...; the names are configurable like the linter's
accessors). Either way the same checks as ``assert_api_error`` apply, with the same messages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any

from errlsp.envelopes import ApiError, normalise_field
from pytest_errcodes._assertions import HIDE_ASSERTION_FRAMES, Check, Field, Message
from pytest_errcodes._context import current_context
from pytest_errcodes._responses import read_response

if TYPE_CHECKING:
    from pytest_errcodes._context import Context

STATUS_ATTRIBUTES = ("status_code", "status", "http_status")
FIELD_ATTRIBUTES = ("field", "fields", "target", "param", "field_name")

ExceptionTypes = type[BaseException] | tuple[type[BaseException], ...]


@dataclass
class ApiErrorInfo:
    """What the ``with`` block raised, filled in when it exits: ``value`` and ``error``."""

    value: BaseException | None = None
    error: ApiError | None = None

    @property
    def type(self) -> type[BaseException] | None:
        return type(self.value) if self.value is not None else None


class RaisesApiError:
    """The context manager ``raises_api_error`` returns."""

    def __init__(
        self,
        code: str | None,
        *,
        field: Field,
        status: int | None,
        message: Message,
        catalog: str | Sequence[str] | None,
        strict: bool | None,
        exception: ExceptionTypes,
    ) -> None:
        self.code = code
        self.field = field
        self.status = status
        self.message = message
        self.catalog = catalog
        self.strict = strict
        self.exception = exception
        self.info = ApiErrorInfo()

    def __enter__(self) -> ApiErrorInfo:
        return self.info

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool:
        __tracebackhide__ = HIDE_ASSERTION_FRAMES
        context = current_context()
        check = Check(context, context.scope(self.catalog), self.code, self.strict)
        if exc is None:
            check.fail(f"DID NOT RAISE: expected an exception carrying {check.label}")
        if not isinstance(exc, self.exception):
            return False  # not ours: let it propagate, as pytest.raises does
        self.info.value = exc
        response = safe_getattr(exc, "response")
        if response is not None:
            try:
                data = read_response(response)
            except TypeError:
                data = None
            if data is not None:
                self.info.error = check.run(data, self.field, self.status, self.message)
                return True
        error = error_from_attributes(exc, context)
        if error is None:
            names = ", ".join(context.accessors())
            check.fail(
                f"{type(exc).__name__} was raised but carries no error code "
                f"(looked for a `.response` and for the attributes {names})",
                hint="name more attributes with `errcodes_exception_attributes` "
                "or `[tool.errlsp] accessors`",
            )
        check.report.status = error.status
        if context.recorder is not None:
            check._record(error)
        self.info.error = check.check_error(error, self.field, self.status, self.message)
        return True


def raises_api_error(
    code: str | None = None,
    *,
    field: Field = None,
    status: int | None = None,
    message: Message = None,
    catalog: str | Sequence[str] | None = None,
    strict: bool | None = None,
    exception: ExceptionTypes = Exception,
) -> RaisesApiError:
    """Fail unless the ``with`` block raises ``exception`` carrying API error ``code``.

    Other exception types propagate untouched. ``as info`` gives ``info.value`` (the
    exception) and ``info.error`` (the parsed ``ApiError``) after the block.
    """
    return RaisesApiError(
        code,
        field=field,
        status=status,
        message=message,
        catalog=catalog,
        strict=strict,
        exception=exception,
    )


def error_from_attributes(exc: BaseException, context: Context) -> ApiError | None:
    """An ``ApiError`` from an exception's code/status/field/message attributes."""
    values = (safe_getattr(exc, name) for name in context.accessors())
    code = next((value for value in values if isinstance(value, str)), None)
    if not code:
        return None
    status = next(
        (
            value
            for name in STATUS_ATTRIBUTES
            if isinstance(value := safe_getattr(exc, name), int) and not isinstance(value, bool)
        ),
        None,
    )
    fields: list[str] = []
    for name in FIELD_ATTRIBUTES:
        value = safe_getattr(exc, name)
        if isinstance(value, str):
            fields.append(value)
        elif isinstance(value, (list, tuple)):
            fields.extend(item for item in value if isinstance(item, str))
    message = safe_getattr(exc, "message")
    if not isinstance(message, str):
        try:
            message = str(exc) or None
        except Exception:  # a broken __str__ must not hide the code check
            message = None
    normalised = tuple(dict.fromkeys(normalise_field(f) for f in fields if normalise_field(f)))
    return ApiError(code, message, normalised, status, "exception", raw=exc)


def safe_getattr(obj: object, name: str) -> Any:
    """``getattr(obj, name, None)``, also None when a property raises: the exception under
    test is often half-built, and its failure must not replace the check's own."""
    try:
        return getattr(obj, name, None)
    except Exception:
        return None
