"""What a ``$ref`` reaches, each target read once: the linear-time core of the OpenAPI importer.

A spec's schemas form a graph: each schema (a ``$ref`` target) holds some codes of its own and
refers to other schemas. The codes of a schema are its own plus those of every schema it
reaches. Walking that as a tree (following every ``$ref`` on every path) is exponential in a
spec like Stripe's, where expandable objects refer to each other and back; here each schema's
own items are read once and the reachable sets are gathered per strongly connected component
(Tarjan's algorithm, iterative so a long chain of schemas cannot exhaust Python's stack).
Every schema of a cycle gets the codes of the whole cycle, the same whichever way it is
reached, in the order a depth-first reading of the schemas lists them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

Key = TypeVar("Key", bound=Hashable)
Value = TypeVar("Value", bound=Hashable)


@dataclass(frozen=True)
class Child(Generic[Key]):
    """A reference from a schema's items to another schema, and where it was written."""

    key: Key
    where: str


@dataclass
class RefClosure(Generic[Key, Value]):
    """Memoised reachable values: ``items_of(key, where)`` lists a schema's own values and its
    ``Child`` references, in reading order; ``values(key, where)`` is everything it reaches."""

    items_of: Callable[[Key, str], list[Value | Child[Key]]]
    _items: dict[Key, list[Value | Child[Key]]] = field(default_factory=dict)
    _done: dict[Key, list[Value]] = field(default_factory=dict)

    def values(self, key: Key, where: str) -> list[Value]:
        done = self._done.get(key)
        if done is not None:
            return done
        index: dict[Key, int] = {key: 0}
        low: dict[Key, int] = {key: 0}
        component: list[Key] = [key]
        work: list[tuple[Key, int]] = [(key, 0)]
        self._read(key, where)
        while work:
            current, position = work[-1]
            items = self._items[current]
            descended = False
            while position < len(items):
                item = items[position]
                position += 1
                if not isinstance(item, Child) or item.key in self._done:
                    continue
                if item.key in index:  # on the component stack: a cycle back to it
                    low[current] = min(low[current], index[item.key])
                    continue
                work[-1] = (current, position)
                index[item.key] = low[item.key] = len(index)
                component.append(item.key)
                work.append((item.key, 0))
                self._read(item.key, item.where)
                descended = True
                break
            if descended:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[current])
            if low[current] == index[current]:
                self._gather(current, component)
        return self._done[key]

    def _read(self, key: Key, where: str) -> None:
        if key not in self._items:
            self._items[key] = self.items_of(key, where)

    def _gather(self, root: Key, component: list[Key]) -> None:
        """Give every schema of the component rooted at ``root`` the component's values."""
        start = len(component) - 1
        while component[start] != root:
            start -= 1
        members = component[start:]
        del component[start:]
        inside = set(members)
        gathered: list[Value] = []
        for member in members:
            for item in self._items[member]:
                if isinstance(item, Child):
                    if item.key not in inside:
                        gathered.extend(self._done[item.key])
                else:
                    gathered.append(item)
        unique = list(dict.fromkeys(gathered))
        for member in members:
            self._done[member] = unique
