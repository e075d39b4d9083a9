"""``# errlsp: ignore`` comments: the one parser that the check, hover and quick fixes share.

``# errlsp: ignore`` silences every rule on its line, ``# errlsp: ignore[a, b]`` the rules it
lists. The comment may follow other comments (``# noqa  # errlsp: ignore[...]``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_COMMENT = re.compile(r"#\s*errlsp:\s*ignore(?:\[([^\]]*)\])?")


@dataclass(frozen=True, slots=True)
class Suppression:
    """A suppression comment on one line, with the columns an editor needs to change it."""

    names: tuple[str, ...]  # the rules listed, in order; none listed: every rule
    start: int  # the comment's first column
    end: int  # just after the comment
    listed: tuple[int, int] | None  # columns of the text between the brackets, if any

    @property
    def rules(self) -> frozenset[str]:
        return frozenset(self.names)

    def silences(self, rule: str) -> bool:
        return not self.names or rule in self.names


def parse_suppression(line: str) -> Suppression | None:
    """The ``# errlsp: ignore`` comment on ``line``, if there is one."""
    if "errlsp" not in line:
        return None
    found = _COMMENT.search(line)
    if found is None:
        return None
    listed = found.group(1)
    if listed is None:
        return Suppression((), found.start(), found.end(), None)
    names = tuple(dict.fromkeys(part.strip() for part in listed.split(",") if part.strip()))
    return Suppression(names, found.start(), found.end(), (found.start(1), found.end(1)))


def suppressed_rules(line: str) -> frozenset[str] | None:
    """Rules an ``# errlsp: ignore[...]`` comment on ``line`` silences; empty set = all."""
    found = parse_suppression(line)
    return None if found is None else found.rules


__all__ = ["Suppression", "parse_suppression", "suppressed_rules"]
