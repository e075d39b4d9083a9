"""Which catalogs are active: the ones settings name, and the ones scoped to a file.

This is catalog loading driven by ``Settings``; it lives in the catalog layer (which may read
config) so that config stays a leaf that never loads a catalog.
"""

from __future__ import annotations

from pathlib import Path

from errlsp.catalog.builtin import builtin_names, load_builtin
from errlsp.catalog.loader import load_catalog
from errlsp.catalog.model import Catalog, CatalogSet
from errlsp.config import Settings
from errlsp.problems import CatalogError, Problem


def load_catalogs(settings: Settings) -> CatalogSet:
    """Load every catalog the settings name; raises with all problems together."""
    catalogs: list[Catalog] = []
    problems: list[Problem] = []
    for reference in settings.catalogs:
        try:
            catalogs.append(load_reference(reference, settings.root))
        except CatalogError as error:
            problems.extend(error.problems)
    if problems:
        raise CatalogError(problems)
    return CatalogSet(tuple(catalogs))


def load_reference(reference: str, root: Path | None) -> Catalog:
    """One catalog by built-in name or by path (relative to ``root``)."""
    if reference in builtin_names():
        return load_builtin(reference)
    path = Path(reference)
    if not path.is_absolute() and root is not None:
        path = root / path
    if not path.exists() and "/" not in reference and not reference.endswith((".toml", ".json")):
        known = ", ".join(builtin_names())
        raise CatalogError(
            [Problem(reference, None, "catalogs", f"not a built-in catalog ({known}) nor a file")]
        )
    return load_catalog(path)


def scope_names(settings: Settings, path: str | Path | None) -> tuple[str, ...] | None:
    """The catalog names of the first scope whose glob matches ``path``; None when none does."""
    scope = settings.scope_for(path)
    if scope is None or not scope.catalogs:
        return None
    return scope.catalogs


def scoped_catalogs(
    settings: Settings, catalogs: CatalogSet, path: str | Path | None
) -> CatalogSet:
    """The catalogs for one file: the first scope whose glob matches, else all active ones."""
    names = scope_names(settings, path)
    return catalogs if names is None else catalogs.subset(names)


__all__ = ["load_catalogs", "load_reference", "scope_names", "scoped_catalogs"]
