"""Field names as errors state them, reduced to one comparable form.

APIs name the offending field as a JSON pointer (``/data/attributes/name``, ``#/age``), a
JSONPath (``$.age``), a bracketed form parameter (``card[number]``), a path array
(``["body", "name"]``) or a plain name. All of them normalise to a dotted path with the
API's own case kept: ``name``, ``items.0.name``, ``card.number``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from errlsp.envelopes.model import unique
from errlsp.envelopes.values import get

_BRACKET = re.compile(r"\[\s*(['\"]?)(.*?)\1\s*\]")
_LIST_SEPARATORS = re.compile(r"[,;]")
_JSON_API_MEMBERS = ("attributes", "relationships")


def _normalise_once(path: str) -> str:
    rest = path.strip().lstrip("#$").strip()
    if rest.startswith("/"):
        segments = [_unescape_pointer(part) for part in rest[1:].split("/")]
        if len(segments) >= 3 and segments[0] == "data" and segments[1] in _JSON_API_MEMBERS:
            segments = segments[2:]
        rest = ".".join(segments)
    rest = _BRACKET.sub(lambda match: "." + match.group(2), rest)
    return ".".join(part.strip() for part in rest.split(".") if part.strip())


def normalise_field(path: str) -> str:
    """The dotted form of a field path; ``""`` when it names no field (``"#"``, ``"/"``).

    Only a JSON pointer loses the JSON:API prefix (``/data/attributes/name`` -> ``name``);
    a dotted ``data.attributes.name`` is taken literally. Steps repeat until nothing
    changes (each change shortens the text), so the result normalises to itself.
    """
    current = path
    while (following := _normalise_once(current)) != current:
        current = following
    return current


def field_names(value: Any) -> tuple[str, ...]:
    """The fields a member names: ``"a"``; ``"a, b"`` (ServiceStack concatenates the
    parameters of ONE_OF_SEVERAL_PARAMETERS_REQUIRED); ``["a", "b"]``; or an object's keys."""
    if value is None:  # the common case: the member is absent
        return ()
    if isinstance(value, str):
        raw: Iterable[Any] = _LIST_SEPARATORS.split(value)
    elif isinstance(value, Mapping):
        raw = value.keys()
    elif isinstance(value, (list, tuple)):
        raw = value
    else:
        return ()
    names = (normalise_field(item) for item in raw if isinstance(item, str))
    return unique(name for name in names if name)


def names_from(obj: Any, *members: str) -> tuple[str, ...]:
    """The union of ``field_names`` over several members of ``obj``."""
    return unique(name for member in members for name in field_names(get(obj, member)))


def path_field(parts: Any, *, skip_first: Iterable[str] = ()) -> tuple[str, ...]:
    """The field a path array names (GraphQL ``path``, pydantic ``loc``), as one dotted name.

    ``skip_first`` drops a leading location such as FastAPI's ``"body"`` or ``"query"``.
    """
    if not isinstance(parts, (list, tuple)):
        return ()
    segments = [str(part) for part in parts if isinstance(part, (str, int))]
    if segments and segments[0] in set(skip_first):
        segments = segments[1:]
    name = normalise_field(".".join(segments))
    return (name,) if name else ()


def to_pointer(field: str, *, prefix: str = "") -> str:
    """The JSON pointer of a dotted field: ``items.0.name`` -> ``/items/0/name``."""
    segments = normalise_field(field).split(".")
    return prefix + "".join("/" + part.replace("~", "~0").replace("/", "~1") for part in segments)


def _unescape_pointer(segment: str) -> str:
    return segment.replace("~1", "/").replace("~0", "~")
