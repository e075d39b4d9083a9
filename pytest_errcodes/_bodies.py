"""``api_error_body``: error bodies for mocks, written the way the documented API writes them.

A mock that returns ``{"error": "boom"}`` tests nothing; one built from the catalog has the
real envelope, the documented message and a documented code, so a test double cannot drift
from the API it stands in for.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from errlsp.envelopes import build
from errlsp.envelopes.fields import field_names
from errlsp.envelopes.pointer import build_with

if TYPE_CHECKING:
    from errlsp.catalog import CatalogSet

FALLBACK_DIALECT = "flat"


class ApiErrorBodyFactory:
    """Call it like ``envelopes.build``; envelope and message default to the catalog's:
    the ``[catalog.envelope]`` of the catalog documenting the code, else the first catalog
    in scope that names one, else ``flat``."""

    def __init__(self, catalogs: CatalogSet) -> None:
        self.catalogs = catalogs

    def __call__(
        self,
        code: str,
        *,
        message: str | None = None,
        field: str | Sequence[str] | None = None,
        status: int | None = None,
        dialect: str | None = None,
        catalog: str | None = None,
    ) -> dict[str, Any]:
        """A body stating ``code``; raises ``ValueError`` for an undocumented code unless
        ``dialect`` is given (mocking an API that drifted from its docs is a valid test)."""
        scope = self.catalogs.subset([catalog]) if catalog is not None else self.catalogs
        if catalog is not None and not scope.catalogs:
            names = ", ".join(self.catalogs.names) or "none"
            raise ValueError(f"no active catalog named {catalog!r} (active: {names})")
        entries = scope.lookup(code)
        if not entries and dialect is None:
            hints = scope.suggest(code)
            hint = f"; did you mean {', '.join(map(repr, hints))}?" if hints else ""
            raise ValueError(
                f"{code!r} is not documented in catalogs {', '.join(scope.names) or 'none'}"
                f"{hint} (pass dialect= to build a body for an undocumented code)"
            )
        owner = scope.get(entries[0].catalog) if entries else None
        if entries and message is None:
            message = entries[0].message or None
        if dialect is None:
            # the catalog documenting the code, else any catalog in scope that names one
            candidates = [owner, *scope.catalogs] if owner is not None else list(scope.catalogs)
            paths = next(
                (c.envelope_paths for c in candidates if c.envelope_paths is not None), None
            )
            if paths is not None and paths.has_pointers and paths.dialect is None:
                fields = field_names(
                    field if isinstance(field, str) or field is None else list(field)
                )
                build(code, dialect=FALLBACK_DIALECT, message=message, field=field, status=status)
                return build_with(paths, code, message, fields, status)
            dialect = next((c.envelope for c in candidates if c.envelope), FALLBACK_DIALECT)
        return build(code, dialect=dialect, message=message, field=field, status=status)
