"""Walking an OpenAPI document: ``$ref``s, responses, schemas, extensions and examples.

``SpecReader`` visits every error response of a spec once and records each place a code is
declared as a ``Sighting`` (code, status, message, where, how); ``openapi.import_openapi``
turns the sightings into catalog listings. Nothing here decides statuses for the catalog.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from urllib.parse import unquote

from errlsp.importers.dialects import body_dialect
from errlsp.importers.model import SkippedItem
from errlsp.importers.ref_closure import Child, RefClosure

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_CODE_KEYS = {"code", "errorcode", "errcode", "reason", "error", "errorreason", "errortype"}
_MESSAGE_KEYS = ("message", "detail", "error_description", "title", "description", "msg")
_EXTENSION = re.compile(r"^x-[a-z0-9_-]*error[a-z0-9_-]*codes?$", re.IGNORECASE)
_DESCRIPTION_EXTENSIONS = ("x-enum-descriptions", "x-enumDescriptions", "x-enum-description")
_MAX_DEPTH = 12
_SKELETON_DEPTH = 4  # levels of a body that envelope detection looks at
_ERROR_NAME = re.compile(r"^[A-Z][A-Za-z0-9]*(Exception|Error|Fault)$")
_GENERIC_ERROR = re.compile(
    r"^(Api|API|Http|HTTP|Rest|REST|Generic|Default|Common|Base|Standard|Basic|General|Simple|"
    r"Json|JSON|Service|Server|Client|Cloud|Request|Response|Model|Schema|Result|Problem|"
    r"Detailed|Custom|Global|Main|Core|V[0-9]+)?"
    r"(Error|Exception|Fault)$"
)
_NO_SHAPE = object()  # a schema outside the file: no dialect to note
UNKNOWN = 0  # a sighting in a "default" or "4XX" response: any error status
IN_SUCCESS = -1  # a sighting in errors[] of a 2xx response: no HTTP error status at all


@dataclass
class Sighting:
    code: str
    status: int  # UNKNOWN when the response does not name one status
    message: str | None
    where: str
    via: str  # "enum", "extension", "example", "schema name"
    integer: bool = False  # from a numeric enum (Twilio's 20404)


class Found(NamedTuple):
    """A code a schema declares, before it is tied to the status of a response using it.

    A tuple, so that the walk's many de-duplications hash it in C."""

    code: str
    message: str | None
    where: str
    via: str
    status: int | None = None  # None: the status of the response the schema is used in
    integer: bool = False


@dataclass
class SpecReader:
    spec: Mapping[str, Any]
    name: str
    sightings: list[Sighting] = field(default_factory=list)
    skipped: list[SkippedItem] = field(default_factory=list)
    error_statuses: set[int] = field(default_factory=set)
    coded_statuses: set[int] = field(default_factory=set)  # responses whose schema declares codes
    dialects: list[str | None] = field(default_factory=list)  # None: a shape of no dialect
    reached: set[str] = field(default_factory=set)  # $refs of schemas seen from responses
    schema_name: str | None = None  # --schema NAME: read this schema's codes only
    named_errors: list[Sighting] = field(default_factory=list)  # schemas named after errors
    _closure: RefClosure[tuple[str, bool], Found] = field(init=False)
    _skeletons: dict[tuple[str, int], Any] = field(default_factory=dict)
    _dialects: dict[tuple[str, str], object] = field(default_factory=dict)
    _pointers: dict[str, Any] = field(default_factory=dict)
    _skipped_once: set[SkippedItem] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._closure = RefClosure(self._target_items)

    # --- $ref ------------------------------------------------------------------------------

    def resolve(self, node: Any, where: str) -> tuple[Any, str]:
        """Follow ``$ref`` chains inside the spec; (None, where) for refs that lead outside."""
        seen: set[str] = set()
        while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if not ref.startswith("#"):
                self.skip(where, f"$ref {ref!r} points outside this file; not followed")
                return None, where
            if ref in seen:
                self.skip(where, f"$ref {ref!r} refers to itself; not followed")
                return None, where
            seen.add(ref)
            target = self.pointer(ref)
            if target is None:
                self.skip(where, f"$ref {ref!r} does not exist in this file")
                return None, where
            node, where = target, f"{self.name}{ref}"
        return node, where

    def schema_dialect(self, schema: Any, where: str, media_type: str) -> None:
        """Note the dialect of a response schema's shape; once per named schema and type."""
        ref = schema.get("$ref") if isinstance(schema, dict) else None
        key = (ref, media_type) if isinstance(ref, str) else None
        if key is not None and key in self._dialects:
            dialect = self._dialects[key]
        else:
            skeleton = self.skeleton(schema, where, depth=0, trail=())
            # None: the schema is not in this file
            dialect = _NO_SHAPE if skeleton is None else body_dialect(skeleton, media_type)
            if key is not None:
                self._dialects[key] = dialect
        if dialect is not _NO_SHAPE:
            self.dialects.append(dialect)  # type: ignore[arg-type]

    def pointer(self, ref: str) -> Any:
        if ref in self._pointers:
            return self._pointers[ref]
        found = self._pointer(ref)
        self._pointers[ref] = found
        return found

    def _pointer(self, ref: str) -> Any:
        node: Any = self.spec
        for part in ref[1:].split("/")[1:]:
            key = unquote(part).replace("~1", "/").replace("~0", "~")
            if isinstance(node, Mapping) and key in node:
                node = node[key]
            elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
                node = node[int(key)]
            else:
                return None
        return node

    def skip(self, where: str, why: str) -> None:
        item = SkippedItem(where, why)
        if item not in self._skipped_once:  # a set: specs with many external $refs stay linear
            self._skipped_once.add(item)
            self.skipped.append(item)

    # --- responses -------------------------------------------------------------------------

    def read(self) -> None:
        if self.schema_name is not None:
            self.named_schema(self.schema_name)
            return
        self.extensions(self.spec, UNKNOWN, f"{self.name}#")
        paths = self.spec.get("paths")
        if isinstance(paths, Mapping):
            for path, item in paths.items():
                item_where = f"{self.name}#/paths/{_escape(str(path))}"
                item, item_where = self.resolve(item, item_where)
                if not isinstance(item, Mapping):
                    continue
                for method in _METHODS:
                    operation = item.get(method)
                    if isinstance(operation, Mapping):
                        self.operation(operation, f"{item_where}/{method}")
        self.orphan_enums()

    def operation(self, operation: Mapping[str, Any], where: str) -> None:
        self.extensions(operation, UNKNOWN, where)
        responses = operation.get("responses")
        if not isinstance(responses, Mapping):
            return
        for key, response in responses.items():
            status = error_status(str(key))
            if status is None:
                if str(key).strip().startswith("2"):
                    response_where = f"{where}/responses/{key}"
                    response, response_where = self.resolve(response, response_where)
                    if isinstance(response, Mapping):
                        self.success_errors(response, response_where)
                continue
            if status != UNKNOWN:
                self.error_statuses.add(status)
            response_where = f"{where}/responses/{key}"
            response, response_where = self.resolve(response, response_where)
            if isinstance(response, Mapping):
                self.response(response, status, response_where)

    def success_errors(self, response: Mapping[str, Any], where: str) -> None:
        """``errors[]`` (or ``error``) in a 2xx response's schema, as Square's APIs answer.

        Only those members are read, and only codes of error objects are kept; the status is
        unknown (the response is a 200 whose body reports errors).
        """
        for _, entry, entry_where in self._media(response, where):
            schema = entry.get("schema") if isinstance(entry, Mapping) else None
            if schema is None:
                continue
            for member, member_where in self._error_members(schema, f"{entry_where}/schema"):
                self.schema(member, IN_SUCCESS, member_where, in_error=True)

    def _error_members(self, schema: Any, where: str) -> Iterator[tuple[Any, str]]:
        node, where = self.resolve(schema, where)
        if not isinstance(node, Mapping):
            return
        properties = node.get("properties")
        if isinstance(properties, Mapping):
            for key, value in properties.items():
                if _folded(str(key)) in ("error", "errors"):
                    yield value, f"{where}/properties/{_escape(str(key))}"
        for keyword in ("allOf",):
            branches = node.get(keyword)
            if isinstance(branches, list):
                for index, branch in enumerate(branches[:20]):
                    branch, branch_where = self.resolve(branch, f"{where}/{keyword}/{index}")
                    if isinstance(branch, Mapping) and isinstance(
                        branch.get("properties"), Mapping
                    ):
                        for key, value in branch["properties"].items():
                            if _folded(str(key)) in ("error", "errors"):
                                yield value, f"{branch_where}/properties/{_escape(str(key))}"

    def _media(self, response: Mapping[str, Any], where: str) -> list[tuple[str, Any, str]]:
        content = response.get("content")
        if isinstance(content, Mapping):
            return [(str(t), v, f"{where}/content/{_escape(str(t))}") for t, v in content.items()]
        if "schema" in response:  # Swagger 2.0 keeps the schema on the response itself
            return [("application/json", response, where)]
        return []

    def named_schema(self, name: str) -> None:
        """``--schema NAME``: the codes of ``components/schemas/NAME`` (or a Swagger 2.0
        definition), whether it is the code enum itself or an error object holding one."""
        for base in ("#/components/schemas/", "#/definitions/"):
            ref = base + _escape(name)
            node = self.pointer(ref)
            if node is None:
                continue
            where = f"{self.name}{ref}"
            direct = [
                Found(code, message, code_where, "enum", None, integer)
                for code, message, code_where, integer in self.enum_values(node, where, ())
            ]
            found = direct or self.schema_codes({"$ref": ref}, where, in_error=True)
            for item in found:
                status = UNKNOWN if item.status is None else item.status
                sighting = Sighting(item.code, status, item.message, item.where, item.via)
                sighting.integer = item.integer
                self.sightings.append(sighting)
            return
        self.skip(f"{self.name}#", f"--schema {name!r}: no schema of that name in this file")

    def response(self, response: Mapping[str, Any], status: int, where: str) -> None:
        self.extensions(response, status, where)
        media: list[tuple[str, Any, str]] = []
        content = response.get("content")
        if isinstance(content, Mapping):
            media = [(str(t), v, f"{where}/content/{_escape(str(t))}") for t, v in content.items()]
        elif "schema" in response:  # Swagger 2.0 keeps the schema on the response itself
            media = [("application/json", response, where)]
            examples = response.get("examples")
            if isinstance(examples, Mapping):
                for mime, body in examples.items():
                    example_where = f"{where}/examples/{_escape(str(mime))}"
                    self.example(body, status, example_where, str(mime))
        for media_type, entry, entry_where in media:
            if not isinstance(entry, Mapping):
                continue
            before = len(self.sightings)
            schema = entry.get("schema")
            if schema is not None:
                schema_where = f"{entry_where}/schema"
                self.schema(schema, status, schema_where)
                self.schema_examples(schema, status, schema_where)
                if len(self.sightings) == before:
                    self.named_error(schema, status, schema_where, response)
                self.schema_dialect(schema, schema_where, media_type)
            if "example" in entry:
                self.example(entry["example"], status, f"{entry_where}/example", media_type)
            examples = entry.get("examples")
            if isinstance(examples, Mapping):
                for label, example in examples.items():
                    example_where = f"{entry_where}/examples/{_escape(str(label))}"
                    example, example_where = self.resolve(example, example_where)
                    if isinstance(example, Mapping) and "value" in example:
                        value_where = f"{example_where}/value"
                        self.example(example["value"], status, value_where, media_type)
                    elif isinstance(example, Mapping) and "externalValue" in example:
                        self.skip(example_where, "externalValue example is not in this file")
            if len(self.sightings) > before and status != UNKNOWN:
                self.coded_statuses.add(status)

    # --- schemas ---------------------------------------------------------------------------

    def schema(self, node: Any, status: int, where: str, *, in_error: bool = False) -> None:
        """Record the codes an error schema declares, at the response's ``status``."""
        for found in self.schema_codes(node, where, in_error=in_error):
            code_status = status if found.status is None else found.status
            sighting = Sighting(found.code, code_status, found.message, found.where, found.via)
            sighting.integer = found.integer
            self.sightings.append(sighting)

    def schema_codes(self, node: Any, where: str, *, in_error: bool) -> list[Found]:
        """The codes declared anywhere in a schema, each ``$ref`` target read once
        (``ref_closure``), so the time is linear in the size of the spec."""
        items = self._items(node, where, in_error)
        if len(items) == 1 and isinstance(items[0], Child):  # the usual {"$ref": ...}
            return self._closure.values(items[0].key, items[0].where)
        found: list[Found] = []
        for item in items:
            if isinstance(item, Child):
                found.extend(self._closure.values(item.key, item.where))
            else:
                found.append(item)
        return list(dict.fromkeys(found))

    def _target_items(
        self, key: tuple[str, bool], where: str
    ) -> list[Found | Child[tuple[str, bool]]]:
        ref, in_error = key
        self.reached.add(ref)
        target, target_where = self.resolve({"$ref": ref}, where)
        if not isinstance(target, Mapping):
            return []
        return self._items(target, target_where, in_error)

    def _items(
        self, node: Any, where: str, in_error: bool
    ) -> list[Found | Child[tuple[str, bool]]]:
        """A schema's own codes and its ``$ref``s, in reading order, without following them.

        The hot loop of a large spec: plain ``dict`` checks (decoded JSON and YAML are dicts)
        and a property's location is only spelled out when something there needs it.
        """
        if not isinstance(node, dict):
            return []
        ref = node.get("$ref")
        if isinstance(ref, str):
            return [Child((ref, in_error), where)]
        items: list[Found | Child[tuple[str, bool]]] = []
        if any(key[:2] == "x-" for key in node if isinstance(key, str)):
            items.extend(self.extension_codes(node, where))
        for keyword in ("allOf", "oneOf", "anyOf"):
            branches = node.get(keyword)
            if isinstance(branches, list):
                for index, branch in enumerate(branches):
                    items.extend(self._items(branch, f"{where}/{keyword}/{index}", in_error))
        properties = node.get("properties")
        if isinstance(properties, dict):
            keys = _code_keys(properties, in_error)
            for key, value in properties.items():
                if not isinstance(value, dict) or (key not in keys and _is_leaf(value)):
                    continue
                value_where = f"{where}/properties/{_escape(str(key))}"
                if key in keys:
                    items.extend(self.code_property(value, properties, value_where))
                nested = _folded(str(key)) in ("error", "errors")
                items.extend(self._items(value, value_where, nested))
        schema_items = node.get("items")
        if isinstance(schema_items, dict):
            items.extend(self._items(schema_items, f"{where}/items", in_error))
        return items

    def code_property(self, node: Any, siblings: Mapping[str, Any], where: str) -> list[Found]:
        """The codes a code property allows.

        A property with one allowed value (a ``const``, as in one branch of a discriminated
        ``oneOf`` of error objects) takes its message from its own description or from the
        ``default``/``example`` of its sibling ``message`` property, which then documents
        exactly that code.
        """
        values = list(self.enum_values(node, where, ()))
        found: list[Found] = []
        for code, message, code_where, integer in values:
            if message is None and len(values) == 1:
                message = self.sibling_message(siblings, where)
            found.append(Found(code, message, code_where, "enum", None, integer))
        return found

    def schema_examples(self, schema: Any, status: int, where: str) -> None:
        node, where = self.resolve(schema, where)
        if not isinstance(node, Mapping):
            return
        for keyword in ("example", "examples"):
            if keyword in node:
                values = node[keyword] if keyword == "examples" else [node[keyword]]
                if isinstance(values, list):
                    for index, value in enumerate(values):
                        self.example(value, status, f"{where}/{keyword}/{index}")

    def named_error(
        self, schema: Any, status: int, where: str, response: Mapping[str, Any]
    ) -> None:
        """Remember an error response whose schema is named after the error
        (``ResourceNotFoundException``): used when the spec declares no codes otherwise."""
        ref = schema.get("$ref") if isinstance(schema, Mapping) else None
        if not isinstance(ref, str) or not ref.startswith("#/"):
            return
        name = unquote(ref.rsplit("/", 1)[-1]).replace("~1", "/").replace("~0", "~")
        if not _ERROR_NAME.match(name) or _GENERIC_ERROR.match(name):
            return
        target = self.pointer(ref)
        message: Any = target.get("description") if isinstance(target, Mapping) else None
        if not isinstance(message, str) or not message.strip():
            message = response.get("description")
        text = " ".join(message.split()) if isinstance(message, str) and message.strip() else None
        if text == name:
            text = None
        self.named_errors.append(Sighting(name, status, text, f"{self.name}{ref}", "schema name"))

    def sibling_message(self, siblings: Mapping[str, Any], where: str) -> str | None:
        for key, value in siblings.items():
            if _folded(str(key)) in ("message", "detail", "title"):
                value, _ = self.resolve(value, where)
                if isinstance(value, Mapping):
                    for keyword in ("default", "example", "const"):
                        if isinstance(value.get(keyword), str) and value[keyword].strip():
                            text: str = value[keyword]
                            return text
        return None

    def enum_values(
        self, node: Any, where: str, trail: tuple[str, ...]
    ) -> Iterator[tuple[str, str | None, str, bool]]:
        """The codes a code property allows: (code, description, where, from a number)."""
        ref = node.get("$ref") if isinstance(node, Mapping) else None
        if isinstance(ref, str):
            if ref in trail:
                return
            trail = (*trail, ref)
            self.reached.add(ref)
        node, where = self.resolve(node, where)
        if not isinstance(node, Mapping):
            return
        values = node.get("enum")
        if isinstance(values, list):
            descriptions = _enum_descriptions(node, values)
            numbers = [v for v in values if isinstance(v, int) and not isinstance(v, bool)]
            if numbers and all(100 <= v <= 599 for v in numbers):
                shown = ", ".join(map(str, numbers[:5]))
                self.skip(where, f"integer enum ({shown}) mirrors HTTP statuses; not codes")
                numbers = []
            for value in values:
                if value is None or isinstance(value, bool):
                    continue
                if isinstance(value, int) and value not in numbers:
                    continue
                code = str(value)
                if not code.strip() or any(char.isspace() for char in code):
                    self.skip(where, f"enum value {code!r} has whitespace; a code is one word")
                    continue
                yield code, descriptions.get(code), where, isinstance(value, int)
        const = node.get("const")
        if isinstance(const, (str, int)) and not isinstance(const, bool):
            description = node.get("description")
            text = description if isinstance(description, str) else None
            yield str(const), text, where, isinstance(const, int)
        for keyword in ("oneOf", "anyOf", "allOf"):
            branches = node.get(keyword)
            if isinstance(branches, list):
                for index, branch in enumerate(branches):
                    yield from self.enum_values(branch, f"{where}/{keyword}/{index}", trail)

    def skeleton(self, node: Any, where: str, *, depth: int, trail: tuple[str, ...]) -> Any:
        """A body with the schema's shape, for judging its envelope dialect: its properties,
        first enum values, and typed blanks.

        Integers are 400 (an error status, as a ``status`` or numeric ``code`` member would be)
        and strings "x", so shape detection sees members and their kinds, not made-up text.
        """
        ref = node.get("$ref") if isinstance(node, Mapping) else None
        if depth > _SKELETON_DEPTH or (isinstance(ref, str) and ref in trail):
            return None
        if isinstance(ref, str):
            key = (ref, depth)
            if key not in self._skeletons:
                self._skeletons[key] = None  # a cycle met while building it: no shape
                self._skeletons[key] = self.skeleton(
                    self.resolve(node, where)[0], where, depth=depth, trail=(*trail, ref)
                )
            return self._skeletons[key]
        node, where = self.resolve(node, where)
        if not isinstance(node, Mapping):
            return None
        if isinstance(node.get("enum"), list) and node["enum"]:
            return node["enum"][0]
        if "const" in node:
            return node["const"]
        body: dict[str, Any] = {}
        for keyword in ("allOf", "oneOf", "anyOf"):
            for branch in node.get(keyword) or []:
                part = self.skeleton(branch, where, depth=depth + 1, trail=trail)
                if isinstance(part, dict):
                    body = {**part, **body}
                elif part is not None and not body:
                    return part
        properties = node.get("properties")
        if isinstance(properties, Mapping):
            for key, value in properties.items():
                body[str(key)] = self.skeleton(value, where, depth=depth + 1, trail=trail)
        if body:
            return body
        kind = node.get("type")
        kind = kind[0] if isinstance(kind, list) and kind else kind
        if kind == "array":
            return [self.skeleton(node.get("items"), where, depth=depth + 1, trail=trail)]
        if kind in ("integer", "number"):
            return 400
        if kind == "boolean":
            return False
        if kind == "object":
            return {}
        return "x"

    def orphan_enums(self) -> None:
        """Report code enums under components/schemas that no error response reaches.

        They are left out: such a schema often describes something else (an error inside a
        successful response, a tool result), and a catalog that checks tests against codes
        the HTTP API never returns would mislead.
        """
        components = self.spec.get("components")
        schemas = components.get("schemas") if isinstance(components, Mapping) else None
        if not isinstance(schemas, Mapping):
            return
        for key, schema in schemas.items():
            ref = f"#/components/schemas/{_escape(str(key))}"
            if ref in self.reached or "errorcode" not in _folded(str(key)):
                continue
            codes = [value[0] for value in self.enum_values(schema, f"{self.name}{ref}", ())]
            if codes:
                shown = ", ".join(codes[:4]) + (", …" if len(codes) > 4 else "")
                count = f"{len(codes)} code{'' if len(codes) == 1 else 's'}"
                self.skip(
                    f"{self.name}{ref}",
                    f"declares {count} ({shown}) but no 4xx/5xx or default response uses it; "
                    "left out",
                )

    # --- extensions and examples -----------------------------------------------------------

    def extensions(self, node: Mapping[str, Any], status: int, where: str) -> None:
        for found in self.extension_codes(node, where):
            code_status = status if found.status is None else found.status
            self.sightings.append(
                Sighting(found.code, code_status, found.message, found.where, found.via)
            )

    def extension_codes(self, node: Mapping[str, Any], where: str) -> list[Found]:
        found: list[Found] = []
        for key, value in node.items():
            if isinstance(key, str) and _EXTENSION.match(key):
                found.extend(self.extension(value, f"{where}/{_escape(key)}"))
        return found

    def extension(self, value: Any, where: str) -> list[Found]:
        entries: list[tuple[Any, Any]] = []
        if isinstance(value, list):
            entries = [(item, None) for item in value]
        elif isinstance(value, Mapping):
            entries = list(value.items())
        else:
            self.skip(where, "expected a list of codes or a mapping of code to message")
            return []
        found: list[Found] = []
        for index, (item, detail) in enumerate(entries):
            item_where = f"{where}/{index}"
            code: Any = item
            message: Any = detail
            entry_status: int | None = None
            if isinstance(item, Mapping):  # [{code: X, message: Y, status: 400}]
                detail = item
                code = _first_value(item, ("code", "name", "value", "id", "error"))
            if isinstance(detail, Mapping):
                message = _first_value(detail, ("message", "description", "title", "detail"))
                raw_status = _first_value(detail, ("status", "http_status", "httpStatus", "http"))
                if raw_status is not None:
                    entry_status = error_status(str(raw_status))
            if not isinstance(code, (str, int)) or isinstance(code, bool) or not str(code).strip():
                self.skip(item_where, f"extension entry {item!r} has no code")
                continue
            text = message if isinstance(message, str) else None
            integer = isinstance(code, int)
            found.append(Found(str(code), text, item_where, "extension", entry_status, integer))
        return found

    def example(self, body: Any, status: int, where: str, media_type: str | None = None) -> None:
        if isinstance(body, str):
            try:
                body = json.loads(body)
            except ValueError:
                return
        dialect = body_dialect(body, media_type)
        if dialect is not None:
            self.dialects.append(dialect)
        for code, message in _example_codes(body, depth=0):
            self.sightings.append(Sighting(code, status, message, where, "example"))


def error_status(key: str) -> int | None:
    """400 for "400"; UNKNOWN for "default", "4XX", "5XX"; None for success statuses."""
    key = key.strip()
    if key == "default" or re.fullmatch(r"[45][xX]{2}", key):
        return UNKNOWN
    if re.fullmatch(r"[1-5]\d\d", key) and int(key) >= 400:
        return int(key)
    return None


def _enum_descriptions(node: Mapping[str, Any], values: list[Any]) -> dict[str, str]:
    found: dict[str, str] = {}
    for key in _DESCRIPTION_EXTENSIONS:
        described = node.get(key)
        if isinstance(described, list):
            pairs = zip(values, described, strict=False)
            found.update({str(v): d for v, d in pairs if isinstance(d, str) and d.strip()})
        elif isinstance(described, Mapping):
            found.update({str(k): d for k, d in described.items() if isinstance(d, str)})
    elements = node.get("x-enum-elements")  # Square: [{name, description}]
    if isinstance(elements, list):
        for entry in elements:
            if isinstance(entry, Mapping) and isinstance(entry.get("description"), str):
                found.setdefault(str(entry.get("name")), entry["description"])
    names = node.get("x-enumNames", node.get("x-enum-varnames"))  # NSwag and friends
    if isinstance(names, list):
        for value, name in zip(values, names, strict=False):
            if isinstance(name, str) and name.strip() and str(value) != name:
                found.setdefault(str(value), name)
    ms_enum = node.get("x-ms-enum")
    if isinstance(ms_enum, Mapping) and isinstance(ms_enum.get("values"), list):
        for entry in ms_enum["values"]:
            if isinstance(entry, Mapping) and isinstance(entry.get("description"), str):
                found.setdefault(str(entry.get("value")), entry["description"])
    return found


def _example_codes(body: Any, *, depth: int) -> Iterator[tuple[str, str | None]]:
    """(code, message) pairs of an example error body, outermost first."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(body, list):
        for item in body:
            yield from _example_codes(item, depth=depth + 1)
        return
    if not isinstance(body, Mapping):
        return
    for key, value in body.items():
        if _folded(str(key)) in _CODE_KEYS and isinstance(value, str) and value.strip():
            if any(char.isspace() for char in value.strip()):
                continue  # "error": "Something went wrong" is a message, not a code
            message = _first_value(body, _MESSAGE_KEYS)
            yield value.strip(), message if isinstance(message, str) else None
    for value in body.values():
        if isinstance(value, (Mapping, list)):
            yield from _example_codes(value, depth=depth + 1)


def _code_keys(properties: Mapping[str, Any], in_error: bool) -> set[str]:
    """The property names that hold the code in an object schema.

    ``type`` counts only inside an ``error`` object that has no ``code`` of its own
    (``{"error": {"type": "invalid_request_error", ...}}``); at the top level it is the
    envelope's own tag (``"type": "error"``) or a problem+json type URI.
    """
    keys = {str(key) for key in properties if _folded(str(key)) in _CODE_KEYS}
    has_code = any(_folded(key) in ("code", "errorcode", "errcode") for key in keys)
    if in_error and "type" in properties and not has_code:
        keys.add("type")
    return keys


def _first_value(mapping: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    folded = {_folded(str(key)): value for key, value in mapping.items()}
    for key in keys:
        if _folded(key) in folded:
            return folded[_folded(key)]
    return None


@functools.lru_cache(maxsize=65536)
def _folded(name: str) -> str:
    return _NOT_ALNUM.sub("", name.casefold())


_NOT_ALNUM = re.compile(r"[^a-z0-9]")
_STRUCTURE = ("$ref", "properties", "items", "allOf", "oneOf", "anyOf")


def _is_leaf(schema: dict[str, Any]) -> bool:
    """A schema with nothing inside to walk: no ``$ref``, members, branches or extensions."""
    if any(keyword in schema for keyword in _STRUCTURE):
        return False
    return not any(key[:2] == "x-" for key in schema if isinstance(key, str))


def _escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")
