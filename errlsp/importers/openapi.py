"""OpenAPI 3.0/3.1 and Swagger 2.0 specs (JSON or YAML): the codes an API declares for its errors.

Where specs put error codes, in the order they are read:

- an ``enum`` (or ``const``, or a ``oneOf`` of ``const``s) on a code property (``code``,
  ``error_code``, ``errorCode``, ``reason``, a string ``error``) of a schema used by a 4xx/5xx or
  ``default`` response, found through ``$ref``, ``allOf``/``oneOf``/``anyOf``, ``items`` and
  nested objects; per-value descriptions from ``x-enum-descriptions``, ``x-enumDescriptions``,
  ``x-ms-enum`` values, ``x-enum-elements`` (Square), ``x-enumNames``, or the ``description``
  of each ``const`` branch; numeric enums give integer codes; inside an ``error``
  object without a ``code``, its ``type`` (discriminated ``oneOf`` error objects), whose
  sibling ``message`` default then documents that one code;
- ``x-error-codes``-style extensions (any ``x-...error...codes`` key) on the spec, an operation,
  a response or a schema: a list of codes, of ``{code, message, status}`` objects, or a mapping
  of code to message;
- the examples of error responses (``example``, ``examples``, ``components/examples``);
- ``errors[]`` (or ``error``) members of 2xx response schemas, when they hold error objects
  (Square answers errors in 200 responses); such codes have no status;
- when nothing else declares a code: the names of error schemas that error responses use
  (``ResourceNotFoundException``, ``InvalidRequestError``), not generic ones (``Error``,
  ``ApiError``).

``$ref``s are followed within the document only, each target once (see ``SpecReader``), so
the time is linear in the size of the spec even when its schemas form cycles.

A code's status is the status of the responses it was found in, except when it was found in
every error response that declares codes (a shared error schema ties a code to no status in
particular) or in a ``default``/``4XX`` response: then it is left unknown and the API-wide
statuses apply. YAML is read with ``yaml.safe_load`` only: a spec is data, never code.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from errlsp.importers.aws import catalog_from_model, looks_like_service_model
from errlsp.importers.model import (
    ImportedCatalog,
    ImportedCode,
    ImportFailed,
    SkippedItem,
    case_of,
)
from errlsp.importers.openapi_spec import IN_SUCCESS, UNKNOWN, Sighting, SpecReader
from errlsp.safeio import data_nesting_error, deep_input_error, expands_beyond

_MAX_NODES = 1_000_000  # plus one per byte: more can only come from YAML aliases
EXPECTED = (
    "expected enums on a code property of 4xx/5xx response schemas, "
    "an x-error-codes extension, or error response examples"
)


def import_openapi(text: str, name: str, *, schema: str | None = None) -> ImportedCatalog:
    """Every error code an OpenAPI 2.0/3.0/3.1 spec declares; raises ``ImportFailed`` if none.

    ``schema`` names the schema (``components/schemas/NAME``) that holds the codes, for specs
    whose code enum no error response reaches.
    """
    spec = _load(text, name)
    if looks_like_service_model(spec):  # an AWS service-2.json, not an OpenAPI document
        return catalog_from_model(spec, name)
    _check_version(spec, name)
    reader = SpecReader(spec, name, schema_name=schema)
    try:
        reader.read()
    except RecursionError:  # a backstop: the reader limits its depth itself
        raise ImportFailed(f"{name} nests schemas too deeply to read; {EXPECTED}") from None
    named = _named_errors(reader.named_errors)
    if not reader.sightings and named:
        reader.sightings = named
        reader.coded_statuses = set()
        shown = len({sighting.code for sighting in named})
        reader.skipped.append(
            SkippedItem(
                f"{name}#",
                f"no code enums; {shown} codes are the names of the error schemas "
                "(ResourceNotFoundException-style) that error responses use",
            )
        )
    if not reader.sightings:
        if schema is not None:
            raise ImportFailed(
                f"--schema {schema!r}: no enum of codes in {name}'s schema of that name",
                reader.skipped,
            )
        raise ImportFailed(f"no error codes found in {name}; {EXPECTED}", reader.skipped)
    info = spec.get("info") if isinstance(spec.get("info"), Mapping) else {}
    docs = spec.get("externalDocs") if isinstance(spec.get("externalDocs"), Mapping) else {}
    result = ImportedCatalog(origin=name, skipped=list(reader.skipped))
    title = info.get("title") if isinstance(info, Mapping) else None
    result.title = str(title) if title else None
    url = docs.get("url") if isinstance(docs, Mapping) else None
    result.source = url if isinstance(url, str) else None
    result.codes = _listings(reader, result)
    if all(sighting.via == "example" for sighting in reader.sightings):
        result.complete = False
        result.notes.append(
            "complete = false: every code comes from an example, and examples show only some"
        )
    listed = {status for listing in result.codes for status in listing.statuses}
    result.statuses = tuple(sorted(reader.error_statuses | listed))
    result.case = case_of(result.distinct_codes())
    dialects = list(dict.fromkeys(reader.dialects))
    if len(dialects) == 1 and dialects[0] is not None:
        result.envelope = dialects[0]
        result.notes.append(
            f"envelope {dialects[0]!r}: every error schema and example has its shape"
        )
    elif any(dialects):
        shapes = ", ".join(dialect or "other" for dialect in dialects)
        result.notes.append(
            f"error responses have several shapes ({shapes}); envelope left to auto-detection"
        )
    return result


def _named_errors(sightings: list[Sighting]) -> list[Sighting]:
    """Error schema names that are codes: two or more, each the schema of a response with its
    own status. One name (``CloudError`` on every ``default`` response) is the API's envelope,
    not a code."""
    specific = {s.code for s in sightings if s.status not in (UNKNOWN, IN_SUCCESS)}
    if len(specific) < 2:
        return []
    return [s for s in sightings if s.code in specific]


def _listings(reader: SpecReader, result: ImportedCatalog) -> list[ImportedCode]:
    """One listing per distinct (code, message), codes in order of first sighting."""
    by_code: dict[str, list[Sighting]] = {}
    for sighting in reader.sightings:
        by_code.setdefault(sighting.code, []).append(sighting)
    shared = reader.coded_statuses if len(reader.coded_statuses) > 1 else set()
    listings: list[ImportedCode] = []
    for code, sightings in by_code.items():
        statuses = {s.status for s in sightings}
        notes: list[str] = []
        kept: tuple[int, ...]
        if statuses == {IN_SUCCESS}:
            kept = ()
            notes.append("status unknown: found in errors[] of 2xx responses")
        elif UNKNOWN in statuses or IN_SUCCESS in statuses:
            statuses.discard(IN_SUCCESS)
            statuses.add(UNKNOWN)
            kept = ()
            known = ", ".join(map(str, sorted(statuses - {UNKNOWN})))
            also = f" (and in {known})" if known else ""
            notes.append(f"status unknown: found in a default or NXX response{also}")
        elif shared and statuses >= shared:
            kept = ()
            notes.append("in the error schema shared by every error response; status unknown")
        else:
            kept = tuple(sorted(statuses))
        messages = list(dict.fromkeys(s.message for s in sightings if s.message))
        first = sightings[0]
        for index, message in enumerate(messages or [None]):
            listings.append(
                ImportedCode(
                    code=code,
                    statuses=kept,
                    message=message,
                    where=first.where,
                    notes=notes if index == 0 else [],
                    integer=first.integer,
                )
            )
    return listings


def _too_deep(name: str, text: str, expected: str) -> str:
    line, message = deep_input_error(text)
    return f"{name}{f':{line}' if line else ''}: {message}; {expected}"


def _load(text: str, name: str) -> Mapping[str, Any]:
    expected = "expected an OpenAPI 3.0/3.1 document"
    stripped = text.lstrip()
    if name.endswith(".json") or stripped.startswith("{"):
        try:
            spec = json.loads(text)
        except json.JSONDecodeError as error:
            where = f"line {error.lineno}, column {error.colno}: {error.msg}"
            raise ImportFailed(f"{name} is not valid JSON ({where}); {expected}") from None
        except RecursionError:
            raise ImportFailed(_too_deep(name, text, expected)) from None
        except ValueError as error:  # e.g. a number too long to convert
            raise ImportFailed(f"{name} is not valid JSON ({error}); {expected}") from None
    else:
        import yaml

        try:
            spec = yaml.safe_load(text)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            problem = getattr(error, "problem", None) or str(error).splitlines()[0]
            at = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
            raise ImportFailed(f"{name} is not valid YAML ({at}{problem}); {expected}") from None
        except RecursionError:
            raise ImportFailed(_too_deep(name, text, expected)) from None
    if data_nesting_error(spec, text) is not None:
        raise ImportFailed(_too_deep(name, text, expected))
    if expands_beyond(spec, _MAX_NODES + len(text)):  # YAML aliases: the "billion laughs"
        raise ImportFailed(f"{name}: aliases expand it past {_MAX_NODES:,} nodes; {expected}")
    if not isinstance(spec, Mapping):
        raise ImportFailed(f"{name} is not an OpenAPI document (no top-level mapping); {expected}")
    return spec


def _check_version(spec: Mapping[str, Any], name: str) -> None:
    expected = "expected an OpenAPI 3.0/3.1 document"
    version = spec.get("openapi", spec.get("swagger"))
    if version is None:
        raise ImportFailed(f'{name} has no "openapi" version key; {expected}')
    if not str(version).startswith(("3.", "2.")):
        raise ImportFailed(f"{name} declares OpenAPI {version}; {expected}")
