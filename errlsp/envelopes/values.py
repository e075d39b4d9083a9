"""Tolerant reads of JSON fragments whose member spelling varies between APIs.

Real bodies spell one member ``ErrorCode``, ``errorCode`` or ``error_code``; ``get``
compares names case-insensitively and ignores ``_`` and ``-`` so each dialect reader names
a member once. Nothing here raises: a value of the wrong type reads as absent.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

MAX_ITEMS = 1000
"""How many entries of an array are read, and the size past which an object's members are
matched by exact name only. No envelope is that big; a body that is gets read by its first
entries (``raw`` keeps the rest) and stays fast."""


@lru_cache(maxsize=4096)
def member_key(name: str) -> str:
    """The spelling-insensitive form of a member name: ``Error_Code`` -> ``errorcode``."""
    return name.casefold().replace("_", "").replace("-", "")


@lru_cache(maxsize=1024)
def _ranks(names: tuple[str, ...]) -> dict[str, int]:
    return {member_key(name): rank for rank, name in reversed(list(enumerate(names)))}


class Members(dict[str, Any]):
    """An object's non-null members keyed by ``member_key``, built once so that a reader
    asking for twenty members does not scan the object twenty times; ``original`` is the
    object itself."""

    __slots__ = ("original",)

    def __init__(self, original: Mapping[str, Any]) -> None:
        super().__init__()
        self.original = original
        for key, value in original.items():
            if value is not None and isinstance(key, str):
                self.setdefault(member_key(key), value)


def members(obj: Any) -> Any:
    """``Members`` of an object of envelope size; anything else as it is."""
    if isinstance(obj, Members) or not isinstance(obj, Mapping) or len(obj) > MAX_ITEMS:
        return obj
    return Members(obj)


def original(obj: Any) -> Any:
    """The object a ``Members`` was built from (``obj`` itself otherwise)."""
    return obj.original if isinstance(obj, Members) else obj


def get(obj: Any, *names: str) -> Any:
    """The value of the first of ``names`` that ``obj`` has and is not null, else None."""
    if type(obj) is Members:
        for name in names:
            value = dict.get(obj, member_key(name))
            if value is not None:
                return value
        return None
    if type(obj) is not dict and not isinstance(obj, Mapping):  # JSON objects are dicts
        return None
    if not names:
        return None
    exact = obj.get(names[0])  # the common case, and nothing can outrank it
    if exact is not None:
        return exact
    if len(obj) > MAX_ITEMS:  # a huge object is data, not an envelope: exact names only
        return next((obj[name] for name in names if obj.get(name) is not None), None)
    wanted = _ranks(names)
    found: Any = None
    found_rank = len(names)
    for key, value in obj.items():
        if value is None or not isinstance(key, str):
            continue
        rank = wanted.get(member_key(key))
        if rank is not None and rank < found_rank:
            found, found_rank = value, rank
    return found


def has(obj: Any, name: str) -> bool:
    """Whether ``obj`` has member ``name`` at all, even with a null value."""
    if type(obj) is Members:
        obj = obj.original
    if not isinstance(obj, Mapping):
        return False
    if name in obj:  # as spelled: the common case
        return True
    if len(obj) > MAX_ITEMS:
        return False
    wanted = member_key(name)
    return any(isinstance(key, str) and member_key(key) == wanted for key in obj)


def text(value: Any) -> str | None:
    """A code as a string: a non-blank string as is, an integer in decimal, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, int):
        try:
            return str(value)
        except ValueError:  # beyond sys.get_int_max_str_digits()
            return None
    return None


def message_text(value: Any) -> str | None:
    """A message: a string, or OData v3's ``{"lang": "en-US", "value": "..."}``."""
    if isinstance(value, Mapping):
        return text(get(value, "value", "message"))
    return value if isinstance(value, str) and value.strip() else None


def status_of(value: Any) -> int | None:
    """An HTTP status stated as ``404`` or ``"404"``; anything outside 100-599 is not one."""
    if isinstance(value, str) and len(value.strip()) == 3 and value.strip().isdecimal():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 100 <= value <= 599:
        return value
    return None


def objects(value: Any) -> list[Mapping[str, Any]]:
    """The object members of a JSON array; anything else reads as an empty array."""
    if isinstance(value, (list, tuple)):
        return [
            item
            for item in value[:MAX_ITEMS]
            if type(item) is dict or isinstance(item, Mapping)  # the fast check first
        ]
    return []


def pick_status(response_status: int | None, stated: int | None) -> int | None:
    """The response's own status wins over one the body states."""
    return response_status if response_status is not None else stated
