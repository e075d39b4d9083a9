"""Where helpers find the running session and test, without fixtures, at near-zero import cost.

The plugin imports this module in every pytest session, including the many that never check
an error code, so it holds only two context variables and two slotted classes: no
dataclasses, no errlsp imports. ``LazyContext`` defers building the real session context
(options, config, catalogs; see ``_context``) to the first helper call. Context-variable
tokens restore the previous value, so nested ``pytester`` sessions do not leak into each other.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pytest_errcodes._context import Context


class LazyContext:
    """A session's ``Context``, built by ``build`` on first use and kept."""

    __slots__ = ("_build", "_context")

    def __init__(self, build: Callable[[], Context]) -> None:
        self._build = build
        self._context: Context | None = None

    def get(self) -> Context:
        if self._context is None:
            self._context = self._build()
        return self._context

    @property
    def built(self) -> bool:
        return self._context is not None


class TestScope:
    """What the running test adds: its file (for config scopes) and its marker's catalogs."""

    __slots__ = ("path", "catalogs", "problem")
    __test__ = False  # not a test class, whatever pytest's name patterns say

    def __init__(
        self, path: Path | None = None, catalogs: tuple[str, ...] = (), problem: str | None = None
    ) -> None:
        self.path = path
        self.catalogs = catalogs
        self.problem = problem  # an unusable marker, reported when the test sets up


UNDOCUMENTED_POLICIES = ("error", "warning", "ignore")

CURRENT_SESSION: ContextVar[LazyContext | None] = ContextVar("errcodes_session", default=None)
CURRENT_TEST: ContextVar[TestScope | None] = ContextVar("errcodes_test", default=None)
