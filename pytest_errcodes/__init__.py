"""pytest_errcodes: test an API's error responses against its documented error codes.

``assert_api_error(resp, "PARAMETER_REQUIRED", field="name")`` checks that a response is
that documented error, with a documented status, naming that field; ``raises_api_error``
does the same for client code that raises. The ``errcodes`` plugin (``plugin.py``) adds
options, the ``errcodes`` marker, fixtures and error-code coverage. The catalogs are those
of ``[tool.errlsp]``, so the linter and the tests share one source of truth.

The helpers build their failure messages themselves and raise ``AssertionError``; they hold
no bare ``assert`` worth rewriting, so ``pytest.register_assert_rewrite`` is not used and
messages read the same under ``--assert=plain``. Public names load on first access.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from errlsp.envelopes import ApiError
    from pytest_errcodes._assertions import UndocumentedErrorCodeWarning, assert_api_error
    from pytest_errcodes._bodies import ApiErrorBodyFactory
    from pytest_errcodes._context import ErrcodesConfigError
    from pytest_errcodes._raises import ApiErrorInfo, RaisesApiError, raises_api_error

__all__ = [
    "ApiError",
    "ApiErrorBodyFactory",
    "ApiErrorInfo",
    "ErrcodesConfigError",
    "RaisesApiError",
    "UndocumentedErrorCodeWarning",
    "assert_api_error",
    "raises_api_error",
]

# Public name -> module defining it. pytest imports this package for the plugin in every
# session; resolving names on first access keeps that import nearly free (PEP 562).
_HOMES = {
    "ApiError": "errlsp.envelopes",
    "ApiErrorBodyFactory": "pytest_errcodes._bodies",
    "ApiErrorInfo": "pytest_errcodes._raises",
    "ErrcodesConfigError": "pytest_errcodes._context",
    "RaisesApiError": "pytest_errcodes._raises",
    "UndocumentedErrorCodeWarning": "pytest_errcodes._assertions",
    "assert_api_error": "pytest_errcodes._assertions",
    "raises_api_error": "pytest_errcodes._raises",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
