"""``errcodes_catalog``: the test's catalogs as a read-only mapping of documented codes.

A test asks "is this code documented?" (``"FORBIDDEN" in errcodes_catalog``), "what does the
documentation say about it?" (``errcodes_catalog["FORBIDDEN"].statuses``) and "which codes are
there?" (``for code in errcodes_catalog``). The catalogs themselves stay reachable
(``.catalogs``, ``.names``, ``.catalog(name)``) for the rarer questions.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from errlsp.catalog import Catalog, CatalogSet, ErrorCode


class ErrcodesCatalog(Mapping[str, "ErrorCode"]):
    """Documented codes of the active catalogs: code -> its first ``ErrorCode`` entry."""

    def __init__(self, catalogs: CatalogSet) -> None:
        self.catalogs = catalogs

    @property
    def names(self) -> tuple[str, ...]:
        """The active catalogs' names, in priority order."""
        return self.catalogs.names

    def catalog(self, name: str) -> Catalog | None:
        return self.catalogs.get(name)

    def entries(self, code: str) -> list[ErrorCode]:
        """Every catalog's entry for ``code`` (several catalogs may document one code)."""
        return self.catalogs.lookup(code)

    def suggest(self, code: str, limit: int = 3) -> list[str]:
        return self.catalogs.suggest(code, limit)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and bool(self.catalogs.lookup(code))

    def __getitem__(self, code: str) -> ErrorCode:
        found = self.catalogs.lookup(code) if isinstance(code, str) else []
        if not found:
            hints = self.catalogs.suggest(code) if isinstance(code, str) else []
            hint = f"; did you mean {', '.join(map(repr, hints))}?" if hints else ""
            names = ", ".join(self.names) or "none"
            raise KeyError(f"{code!r} is not documented in catalogs {names}{hint}")
        return found[0]

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys(entry.code for catalog in self.catalogs for entry in catalog))

    def __len__(self) -> int:
        return len({entry.code for catalog in self.catalogs for entry in catalog})

    def __repr__(self) -> str:
        return f"<ErrcodesCatalog {', '.join(self.names) or 'none'}: {len(self)} codes>"
