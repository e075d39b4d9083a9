"""OpenAPI 3.0/3.1 specs: one hand-made spec per construct, a real public spec, bad input."""

from __future__ import annotations

import pytest

from errlsp.catalog import load_catalog
from errlsp.importers import ImportFailed, import_source, import_text


def listings(catalog):
    return [(code.code, code.statuses, code.message) for code in catalog.codes]


def test_enums_through_ref_responses_allof_and_enum_descriptions(data):
    catalog = import_source(data / "openapi" / "enum_ref_allof.yaml")
    assert listings(catalog) == [
        ("id_invalid", (400,), "The parcel id is not a valid id."),
        ("weight_missing", (400,), "The weight is required."),
        ("weight_negative", (400,), "The weight must be positive."),
        ("parcel_not_found", (404,), None),
        ("weight_exceeded", (422,), None),
        ("destination_unreachable", (422,), None),
    ]
    assert "PARCEL_A" not in catalog.distinct_codes()  # an enum of a 200 response
    assert catalog.statuses == (400, 404, 422)
    assert catalog.title == "Parcel Tracking API"
    assert catalog.source == "https://docs.parcels.example/errors"
    assert catalog.envelope is None  # its error responses have different shapes
    assert catalog.case == "lower"


def test_oneof_const_and_discriminated_error_types(data):
    catalog = import_source(data / "openapi" / "oneof_const.json")
    assert listings(catalog) == [
        ("LOCATION_UNKNOWN", (400,), "No forecast exists for this location."),
        ("DATE_OUT_OF_RANGE", (400,), "Forecasts cover the next 14 days only."),
        ("RATE_LIMITED", (), "Too many requests; slow down."),  # a "default" response
        ("OVERLOADED", (), "The service is overloaded."),
    ]
    assert "error" not in catalog.distinct_codes()  # the envelope's own "type": "error"
    assert catalog.codes[2].notes == ["status unknown: found in a default or NXX response"]


def test_schema_shared_by_every_error_response_leaves_status_unknown(data):
    catalog = import_source(data / "openapi" / "shared_schema.yaml")
    assert listings(catalog) == [
        ("ENTRY_NOT_FOUND", (), "No entry has this id."),
        ("AMOUNT_INVALID", (), "The amount is not a number with two decimals."),
        ("LEDGER_LOCKED", (), None),
    ]
    assert catalog.statuses == (400, 404, 500)
    assert catalog.envelope == "response-status"
    assert catalog.case == "upper"


def test_x_error_codes_extensions_in_every_shape(data):
    catalog = import_source(data / "openapi" / "extensions.yaml")
    assert listings(catalog) == [
        ("quota_exceeded", (429,), "The daily sending quota is used up."),
        ("maintenance", (), "Sending is paused for maintenance."),
        ("recipient_invalid", (), "The recipient address is not valid."),
        ("attachment_too_large", (), "Attachments may not exceed 10 MB."),
        ("duplicate_message", (409,), None),
    ]
    assert catalog.statuses == (409, 429)


def test_codes_and_messages_from_error_examples(data):
    catalog = import_source(data / "openapi" / "examples.yaml")
    assert listings(catalog) == [
        ("slot_taken", (409,), "The slot was booked by someone else."),
        ("venue_closed", (409,), "The venue is closed on that day."),
        ("party_too_large", (422,), "A booking holds at most 8 guests."),
    ]
    assert "booked" not in catalog.distinct_codes()  # the example of a 201
    assert catalog.envelope == "problem-json"


def test_swagger_2_definitions(data):
    catalog = import_source(data / "openapi" / "swagger2.json")
    assert listings(catalog) == [("ITEM_IN_USE", (409,), None), ("ITEM_LOCKED", (409,), None)]


def test_external_refs_status_enums_and_unused_schemas_are_reported(data):
    spec = data / "openapi" / "external_ref.yaml"
    catalog = import_source(spec)
    assert listings(catalog) == [("scope_missing", (403,), None)]
    assert [(item.where, item.why) for item in catalog.skipped] == [
        (
            f"{spec}#/paths/~1a/get/responses/400/content/application~1json/schema",
            "$ref './errors.yaml#/Error' points outside this file; not followed",
        ),
        (
            f"{spec}#/paths/~1a/get/responses/403/content/application~1json/schema/properties/code",
            "integer enum (403) mirrors HTTP statuses; not codes",
        ),
        (
            f"{spec}#/components/schemas/UnusedErrorCode",
            "declares 1 code (never_returned) but no 4xx/5xx or default response uses it; left out",
        ),
    ]


def test_real_public_spec_azure_openai(data, tmp_path, cli):
    """Microsoft's Azure OpenAI inference spec (MIT; see data/openapi/README.md)."""
    output = tmp_path / "azure.toml"
    spec = data / "openapi" / "azure-openai-inference-2024-10-21.json"
    code, _, err = cli("catalog", "import", str(spec), "-o", str(output))
    assert code == 0, err
    catalog = load_catalog(output)
    assert catalog.name == "azure-openai-service-api"
    assert catalog.title == "Azure OpenAI Service API"
    assert [(e.code, e.statuses, e.messages) for e in catalog] == [
        (
            "ResponsibleAIPolicyViolation",
            (),
            ("The prompt violated one of more content filter rules.",),  # x-ms-enum, typo kept
        )
    ]
    assert catalog.envelope == "stripe"  # error.type and error.param beside error.code
    assert "note: no --name given; the catalog is named 'azure-openai-service-api'" in err


def test_recursive_schemas_and_yaml_integer_status_keys():
    spec = """
openapi: 3.0.0
info: {title: Tree, version: "1"}
paths:
  /nodes:
    get:
      responses:
        404:
          description: missing
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
components:
  schemas:
    Error:
      type: object
      properties:
        code: {type: string, enum: [node_missing]}
        causes:
          type: array
          items: {$ref: "#/components/schemas/Error"}
        parent: {$ref: "#/components/schemas/Error"}
"""
    catalog = import_text(spec, "tree.yaml")
    assert listings(catalog) == [("node_missing", (404,), None)]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "broken.yaml",
            "{path} is not valid YAML (line 4, column 11: mapping values are not allowed "
            "here); expected an OpenAPI 3.0/3.1 document",
        ),
        (
            "not_openapi.json",
            '{path} has no "openapi" version key; expected an OpenAPI 3.0/3.1 document',
        ),
        (
            "no_codes.yaml",
            "no error codes found in {path}; expected enums on a code property of 4xx/5xx "
            "response schemas, an x-error-codes extension, or error response examples",
        ),
    ],
)
def test_bad_specs_fail_in_one_line(name, message, data, cli):
    path = data / "openapi" / name
    code, out, err = cli("catalog", "import", str(path))
    assert code == 2
    assert out == ""
    assert err == f"error: {message.format(path=path)}\n"


def test_yaml_is_loaded_safely():
    spec = "openapi: 3.0.0\ninfo: !!python/object/apply:os.system ['echo owned']\npaths: {}\n"
    with pytest.raises(ImportFailed) as failure:
        import_text(spec, "evil.yaml")
    assert "is not valid YAML" in str(failure.value)
    assert "python/object/apply" in str(failure.value)


def test_invalid_json_names_line_and_column():
    with pytest.raises(ImportFailed) as failure:
        import_text('{"openapi": "3.0.0",\n  "paths": }', "spec.json")
    assert str(failure.value) == (
        "spec.json is not valid JSON (line 2, column 12: Expecting value); expected an OpenAPI "
        "3.0/3.1 document"
    )
