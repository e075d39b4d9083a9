"""AWS service models, as botocore ships them: every exception shape of a service is a code.

``botocore:s3`` names a service model installed with botocore (read through botocore's own
loader, so the model is the one the installed SDK uses); a path to a ``service-2.json`` or
``service-2.json.gz`` reads that file. The code is the shape's ``error.code`` when it has one
(Query-compatible services send ``AWS.SimpleQueueService.NonExistentQueue``), else the shape
name, which is what JSON-protocol services send in ``__type``. The status is
``error.httpStatusCode``; a model without one (DynamoDB's, most JSON-protocol models) gets 400
for a client fault and 500 for a ``fault`` shape, which is what those protocols answer, and the
file says the status was inferred. The message is the shape's documentation as text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from errlsp.importers.model import ImportedCatalog, ImportedCode, ImportFailed, case_of

PREFIX = "botocore:"
_INFERRING_PROTOCOLS = {"json", "query", "ec2", "smithy-rpc-v2-cbor"}
_ENVELOPES = {"json": "aws-json", "rest-json": "aws-json", "rest-xml": "s3-xml"}


def is_botocore_source(source: str) -> bool:
    return source.startswith(PREFIX)


def import_botocore_services(source: str) -> list[ImportedCatalog]:
    """One catalog per service named in ``botocore:s3,dynamodb``."""
    names = [name.strip() for name in source[len(PREFIX) :].split(",") if name.strip()]
    if not names:
        raise ImportFailed(f"{source!r} names no service; expected e.g. botocore:s3,dynamodb")
    try:
        from botocore.exceptions import DataNotFoundError  # type: ignore[import-untyped]
        from botocore.loaders import Loader  # type: ignore[import-untyped]
    except ModuleNotFoundError:
        raise ImportFailed(
            f"{source} reads the service models botocore ships; pip install botocore"
        ) from None
    loader = Loader()
    catalogs: list[ImportedCatalog] = []
    for name in names:
        try:
            model = loader.load_service_model(name, "service-2")
        except DataNotFoundError:
            raise ImportFailed(
                f'botocore has no service {name!r}; `python -c "import botocore.session; '
                'print(botocore.session.get_session().get_available_services())"` lists them'
            ) from None
        catalogs.append(catalog_from_model(model, f"{PREFIX}{name}"))
    return catalogs


def import_service_file(data: bytes, name: str) -> ImportedCatalog:
    """A ``service-2.json`` read from a file (already gunzipped)."""
    try:
        model = json.loads(data)
    except ValueError as error:
        raise ImportFailed(
            f"{name} is not valid JSON ({error}); expected a service-2.json"
        ) from None
    return catalog_from_model(model, name)


def looks_like_service_model(data: Any) -> bool:
    return (
        isinstance(data, Mapping)
        and isinstance(data.get("metadata"), Mapping)
        and isinstance(data.get("shapes"), Mapping)
        and "operations" in data
    )


def catalog_from_model(model: Any, origin: str) -> ImportedCatalog:
    if not looks_like_service_model(model):
        raise ImportFailed(
            f"{origin} is not a botocore service model (expected metadata, operations, shapes)"
        )
    metadata: Mapping[str, Any] = model["metadata"]
    protocol = str(metadata.get("protocol", ""))
    service = str(metadata.get("endpointPrefix") or metadata.get("serviceId") or "aws")
    result = ImportedCatalog(origin=origin, source=origin if is_botocore_source(origin) else None)
    result.title = str(metadata.get("serviceFullName") or metadata.get("serviceId") or service)
    result.name = "aws-" + re.sub(r"[^a-z0-9]+", "-", service.casefold()).strip("-")
    inferred = 0
    for shape_name, shape in model["shapes"].items():
        if not isinstance(shape, Mapping) or not shape.get("exception"):
            continue
        raw_error = shape.get("error")
        error: Mapping[str, Any] = raw_error if isinstance(raw_error, Mapping) else {}
        raw_code = error.get("code")
        code = raw_code if isinstance(raw_code, str) and raw_code.strip() else str(shape_name)
        notes: list[str] = []
        status = error.get("httpStatusCode")
        statuses: tuple[int, ...] = ()
        if isinstance(status, int) and 400 <= status <= 599:
            statuses = (status,)
        elif protocol in _INFERRING_PROTOCOLS:
            statuses = (500,) if shape.get("fault") else (400,)
            notes.append(
                f"status {statuses[0]} inferred: the {protocol} protocol answers "
                f"{'server faults with 500' if shape.get('fault') else 'client errors with 400'}"
            )
            inferred += 1
        if code != shape_name:
            notes.append(f"shape {shape_name}")
        documentation = shape.get("documentation")
        message = html_text(documentation) if isinstance(documentation, str) else None
        result.codes.append(
            ImportedCode(
                code=code,
                statuses=statuses,
                message=message or None,
                where=f"{origin}#/shapes/{shape_name}",
                notes=notes,
            )
        )
    if not result.codes:
        raise ImportFailed(f"{origin} declares no exception shapes")
    result.statuses = tuple(sorted({s for listing in result.codes for s in listing.statuses}))
    result.case = case_of(result.distinct_codes())
    # JSON protocols send {"__type": "...#Code", "message"} (and x-amzn-ErrorType); the XML ones
    # an <Error><Code> document, which S3 sends bare and query services wrap.
    result.envelope = _ENVELOPES.get(protocol or "")
    if result.envelope is None:
        result.notes.append(
            f"envelope left to auto-detection (this service speaks {protocol or 'no protocol'})"
        )
    if inferred:
        result.notes.append(f"{inferred} statuses inferred from the {protocol} protocol")
    return result


def html_text(markup: str) -> str:
    """The documentation's text: tags dropped, entities decoded, whitespace collapsed."""
    from bs4 import BeautifulSoup

    text = BeautifulSoup(markup, "html.parser").get_text(" ")
    text = " ".join(text.split())
    return re.sub(r"\s+([.,;:)])", r"\1", text)


def service_file(path: Path) -> bool:
    """Whether ``path`` is named like a botocore service model."""
    return path.name in ("service-2.json", "service-2.json.gz")
