"""Which catalogs and settings an assertion uses, without the test passing them around.

``assert_api_error(resp, "X")`` takes no fixture, yet must honour the session's options, the
``[tool.errlsp]`` config, the test file's scope and an ``errcodes`` marker. The plugin pushes
a lazily built :class:`Context` per session and a ``TestScope`` per test into context
variables (``_state``); outside pytest a default context for the working directory is used.
Catalogs load on first use, because a session that never checks an error must not pay for
reading them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from pytest_errcodes._state import CURRENT_SESSION, CURRENT_TEST, LazyContext

if TYPE_CHECKING:
    from errlsp.catalog import Catalog, CatalogSet
    from errlsp.config import Settings
    from pytest_errcodes._coverage import CoverageRecorder

DEFAULT_ACCESSORS = ("code", "error_code", "errorCode", "ErrorCode", "err_code")


class ErrcodesConfigError(Exception):
    """The errlsp configuration or a catalog it names is invalid; every problem is listed."""


@dataclass(frozen=True)
class Options:
    """The plugin's options after command line and ini are merged; defaults outside pytest."""

    catalogs: tuple[str, ...] = ()  # overrides [tool.errlsp] catalogs when not empty
    strict: bool = True
    undocumented: str = "error"
    check_status: bool = True
    body_limit: int = 2000
    exception_attributes: tuple[str, ...] = ()


@dataclass
class Context:
    """One pytest session's view of errlsp config and catalogs, loaded lazily."""

    rootdir: Path
    options: Options = field(default_factory=Options)
    recorder: CoverageRecorder | None = None
    _settings: Settings | None = field(default=None, repr=False)
    _catalogs: CatalogSet | None = field(default=None, repr=False)
    _extra: dict[str, Catalog] = field(default_factory=dict, repr=False)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from errlsp.config import ConfigError, load_settings

            try:
                settings = load_settings(self.rootdir)
            except ConfigError as error:
                raise config_error(error) from None
            if self.options.catalogs:
                settings = replace(settings, catalogs=self.options.catalogs, scopes=())
            self._settings = settings
        return self._settings

    @property
    def catalogs(self) -> CatalogSet:
        """The session's active catalogs: ``--errcodes-catalog``/ini, else ``[tool.errlsp]``."""
        if self._catalogs is None:
            from errlsp.catalog import CatalogError, load_catalogs

            try:
                self._catalogs = load_catalogs(self.settings)
            except CatalogError as error:
                raise config_error(error) from None
        return self._catalogs

    @property
    def loaded(self) -> bool:
        return self._catalogs is not None

    def accessors(self) -> tuple[str, ...]:
        extra = (*self.options.exception_attributes, *self.settings.accessors)
        return tuple(dict.fromkeys((*extra, *DEFAULT_ACCESSORS)))

    def scope(self, catalog: str | Sequence[str] | None = None) -> CatalogSet:
        """Catalogs for one check: ``catalog=`` beats the marker, which beats config scopes.

        Named catalogs that config does not activate load on demand; which set wins is
        ``CatalogSet.resolve``'s decision, the same one ``errlsp check`` makes.
        """
        from errlsp.catalog import scoped_catalogs

        test = CURRENT_TEST.get()
        names = _names(catalog) or (test.catalogs if test is not None else ())
        path = test.path if test is not None else None
        scoped = scoped_catalogs(self.settings, self.catalogs, path)
        if not names:
            return scoped
        named = self.named(names)  # names may be paths: resolve by the loaded catalogs' names
        return self.every(named).resolve(named.names, scoped)

    def every(self, scope: CatalogSet) -> CatalogSet:
        """The session's catalogs plus any loaded on demand for ``scope``."""
        return self.catalogs.union(scope)

    def named(self, names: Sequence[str]) -> CatalogSet:
        """Active catalogs by name; other built-in names or catalog files load on demand."""
        from errlsp.catalog import CatalogError, CatalogSet, load_catalogs

        found: list[Catalog] = []
        for name in names:
            catalog = self.catalogs.get(name) or self._extra.get(name)
            if catalog is None:
                try:
                    (catalog,) = load_catalogs(replace(self.settings, catalogs=(name,))).catalogs
                except CatalogError as error:
                    raise config_error(error, f"catalog {name!r} cannot be used") from None
                self._extra[name] = catalog
            found.append(catalog)
        return CatalogSet(tuple(found))


def _names(catalog: str | Sequence[str] | None) -> tuple[str, ...]:
    if catalog is None:
        return ()
    if isinstance(catalog, str):
        return (catalog,)
    return tuple(catalog)


def config_error(error: Exception, headline: str = "invalid errlsp configuration") -> Exception:
    problems = getattr(error, "problems", None) or [error]
    listed = "\n".join(f"  {problem}" for problem in problems)
    return ErrcodesConfigError(f"{headline}:\n{listed}")


_fallback: dict[str, Context] = {}


def current_context() -> Context:
    """The running session's context; outside pytest, one per working directory."""
    session = CURRENT_SESSION.get()
    if session is not None:
        return session.get()
    cwd = os.getcwd()
    context = _fallback.get(cwd)
    if context is None:
        context = _fallback[cwd] = Context(Path(cwd))
    return context


@contextmanager
def using(context: Context) -> Iterator[Context]:
    """Run a block under ``context`` instead of the session's (tests, benchmarks)."""
    token = CURRENT_SESSION.set(LazyContext(lambda: context))
    try:
        yield context
    finally:
        CURRENT_SESSION.reset(token)
