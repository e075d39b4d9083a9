"""The files the settings' catalogs are read from, found without reading them.

``errlsp check`` keys its cache on these files' bytes: a catalog is a function of its file
(a ``$ref`` never reads another one), so a cache written after they loaded once proves they
load, and a warm run needs neither the loader nor ``tomllib``. ``load_catalogs`` resolves the
same way and reports what is wrong.
"""

from __future__ import annotations

from pathlib import Path

from errlsp.catalog.builtin import builtin_path, is_builtin
from errlsp.config import Settings


def catalog_sources(settings: Settings) -> tuple[tuple[str, Path], ...]:
    """(reference, file) of each catalog the settings name, a built-in's file included; a
    relative path is under the project root."""
    return tuple(
        (reference, builtin_path(reference) if is_builtin(reference) else
         catalog_file(reference, settings.root))
        for reference in settings.catalogs
    )  # fmt: skip


def catalog_file(reference: str, root: Path | None) -> Path:
    """Where a catalog named by path is: a relative path is under the project root."""
    path = Path(reference)
    return root / path if not path.is_absolute() and root is not None else path
