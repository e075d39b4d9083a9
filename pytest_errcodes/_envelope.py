"""Which envelope an assertion reads a body with: the catalogs' own, else auto-detection.

One place for ``assert_api_error``, ``raises_api_error``, ``api_error_body`` and coverage,
so that a ``[catalog.envelope]`` table means the same to all of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from errlsp.envelopes import ApiError, decode_body, parse
from errlsp.envelopes.pointer import find_code_like, read_with

if TYPE_CHECKING:
    from errlsp.catalog import Catalog, CatalogSet
    from errlsp.catalog.envelope import EnvelopePaths
    from pytest_errcodes._responses import ResponseData

README_ENVELOPE = "https://github.com/errlsp/errlsp#catalog-envelopes"


def envelope_of(scope: CatalogSet) -> tuple[str | None, EnvelopePaths | None]:
    """The dialect a lone catalog pins, and the first ``[catalog.envelope]`` table in scope."""
    catalogs = scope.catalogs
    dialect = catalogs[0].envelope if len(catalogs) == 1 else None
    paths = next((c.envelope_paths for c in catalogs if _has_pointers(c)), None)
    return dialect, paths


def _has_pointers(catalog: Catalog) -> bool:
    return catalog.envelope_paths is not None and catalog.envelope_paths.has_pointers


def parse_response(data: ResponseData, scope: CatalogSet) -> ApiError | None:
    """The error ``data`` carries, read the way the catalogs in ``scope`` describe it."""
    dialect, paths = envelope_of(scope)
    error = parse(data.body, data.status, data.headers, dialect=dialect)
    if error is None and dialect is not None:
        error = parse(data.body, data.status, data.headers)
    if paths is None:
        return error
    decoded = decode_body(data.body, data.headers)
    if decoded.error is not None or not isinstance(decoded.json, Mapping):
        return error
    return read_with(decoded.json, data.status, paths, error)


def code_elsewhere(data: ResponseData, code: str | None, read: ApiError | None) -> str | None:
    """Where the body holds a code-like value no reader took, as a hint; None if nowhere."""
    decoded = decode_body(data.body, data.headers)
    if decoded.error is not None or not isinstance(decoded.json, (Mapping, list)):
        return None
    known = set(read.codes()) if read is not None else set()
    for pointer, value in find_code_like(decoded.json, code):
        if value in known:
            continue
        if code is not None and value != code and pointer.count("/") < 2:
            continue  # a top-level "type": "about:blank" is no code somewhere else
        shown = value if len(value) <= 60 else value[:57] + "..."
        return (
            f"the body holds {shown!r} at {pointer}; if that is the error code, declare the "
            f'envelope in the catalog: [catalog.envelope] code = "{pointer}" '
            f"(see {README_ENVELOPE})"
        )
    return None
