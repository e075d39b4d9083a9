"""Which catalogs are active: the ones settings name, and the ones scoped to a file.

This is catalog loading driven by ``Settings``; it lives in the catalog layer (which may read
config) so that config stays a leaf that never loads a catalog.
"""

from __future__ import annotations

from pathlib import Path

from errlsp.catalog.builtin import builtin_names, is_builtin, load_builtin
from errlsp.catalog.loader import load_catalog
from errlsp.catalog.model import Catalog, CatalogSet
from errlsp.catalog.sources import catalog_file
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
    found = CatalogSet(tuple(catalogs))
    problems = scope_problems(settings, found)
    if problems:
        raise CatalogError(problems)
    return found


def load_reference(reference: str, root: Path | None) -> Catalog:
    """One catalog by built-in name or by path (relative to ``root``)."""
    if is_builtin(reference):
        return load_builtin(reference)
    problem = unknown_reference(reference, root)
    if problem is not None:
        raise CatalogError([problem])
    return load_catalog(catalog_file(reference, root))


def unknown_reference(reference: str, root: Path | None) -> Problem | None:
    """A problem when ``reference`` is neither a built-in name nor anything like a file.

    A name with no folder and no catalog suffix that is not on disk is a typo of a built-in
    (``"nope-nope"``), not a catalog file still to be written.
    """
    if is_builtin(reference):
        return None
    path = catalog_file(reference, root)
    if path.exists() or "/" in reference or reference.endswith((".toml", ".json")):
        return None
    known = ", ".join(builtin_names())
    return Problem(reference, None, "catalogs", f"not a built-in catalog ({known}) nor a file")


def scope_problems(settings: Settings, catalogs: CatalogSet) -> list[Problem]:
    """Scopes naming a catalog that is not active: such a scope would leave no codes known."""
    source = str(settings.config_path) if settings.config_path is not None else "settings"
    known = set(catalogs.names)
    listed = ", ".join(catalogs.names) or "none"
    return [
        Problem(
            source, None, f"scopes.{scope.pattern}", f"{name!r} is not an active catalog ({listed})"
        )
        for scope in settings.scopes
        for name in scope.catalogs
        if name not in known
    ]


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


__all__ = [
    "load_catalogs",
    "load_reference",
    "scope_names",
    "scope_problems",
    "scoped_catalogs",
    "unknown_reference",
]
