"""Problem records: what is wrong with a catalog, config or settings file, located for a human.

A leaf module (it imports nothing from errlsp), so that config, catalog, analysis and every
adapter report problems the same way without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a catalog or config file, located for a human and an editor."""

    path: str
    line: int | None
    key: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


class CatalogError(Exception):
    """A catalog could not be loaded; ``problems`` says every reason, each located."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


class ConfigError(CatalogError):
    """Invalid configuration; ``problems`` names file, line and key of each mistake."""


__all__ = ["CatalogError", "ConfigError", "Problem"]
