"""OpenAPI specs: $ref cycles and sharing, 2xx errors[], --schema, enum texts, named errors."""

from __future__ import annotations

import json
from typing import Any

import pytest

from errlsp.importers import ImportFailed, import_text


def _spec(schemas: dict[str, Any], responses: dict[str, Any], **extra: Any) -> str:
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": {"/a": {"get": {"responses": responses}}},
        "components": {"schemas": schemas},
        **extra,
    }
    return json.dumps(spec)


def _json_response(ref: str, description: str = "err") -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}},
    }


def _codes(catalog):
    return {entry.code: entry.statuses for entry in catalog.codes}


def test_a_cycle_gives_every_member_the_codes_of_the_whole_cycle():
    schemas = {
        "A": {
            "properties": {"code": {"enum": ["A_CODE"]}, "b": {"$ref": "#/components/schemas/B"}}
        },
        "C": {"properties": {"code": {"enum": ["C_CODE"]}}},
        "B": {
            "properties": {
                "reason": {"enum": ["B_CODE"]},
                "a": {"$ref": "#/components/schemas/A"},
            }
        },
    }
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/a": {"get": {"responses": {"400": _json_response("A")}}},
            "/b": {"get": {"responses": {"409": _json_response("B")}}},
            "/c": {"get": {"responses": {"404": _json_response("C")}}},
        },
        "components": {"schemas": schemas},
    }
    catalog = import_text(json.dumps(spec), "cycle.json")
    assert _codes(catalog) == {"A_CODE": (400, 409), "B_CODE": (400, 409), "C_CODE": (404,)}


def test_shared_schemas_are_walked_once_so_a_deep_diamond_is_fast():
    """Level i refers to level i+1 twice: 2**60 paths, 60 schemas. Only a walk that reads
    each $ref target once finishes."""
    depth = 60
    schemas: dict[str, Any] = {}
    for level in range(depth):
        following = {"$ref": f"#/components/schemas/L{level + 1}"}
        schemas[f"L{level}"] = {"properties": {"left": following, "right": following}}
    schemas[f"L{depth}"] = {"properties": {"code": {"enum": ["DEEP_CODE"]}}}
    catalog = import_text(_spec(schemas, {"400": _json_response("L0")}), "diamond.json")
    assert _codes(catalog) == {"DEEP_CODE": (400,)}


def test_errors_in_a_2xx_response_are_read_only_from_error_objects():
    schemas = {
        "Error": {
            "properties": {
                "code": {"$ref": "#/components/schemas/ErrorCode"},
                "detail": {"type": "string"},
            }
        },
        "ErrorCode": {
            "type": "string",
            "enum": ["NOT_FOUND", "CARD_DECLINED"],
            "x-enum-elements": [
                {"name": "NOT_FOUND", "description": "The thing is not there."},
                {"name": "CARD_DECLINED", "description": "The card was declined."},
            ],
        },
        "Thing": {"properties": {"status": {"enum": ["ACTIVE", "DONE"]}}},
        "GetResponse": {
            "properties": {
                "errors": {"type": "array", "items": {"$ref": "#/components/schemas/Error"}},
                "thing": {"$ref": "#/components/schemas/Thing"},
            }
        },
    }
    catalog = import_text(_spec(schemas, {"200": _json_response("GetResponse")}), "sq.json")
    assert [(e.code, e.statuses, e.message) for e in catalog.codes] == [
        ("NOT_FOUND", (), "The thing is not there."),
        ("CARD_DECLINED", (), "The card was declined."),
    ]


def test_schema_option_names_the_enum_no_response_reaches():
    schemas = {
        "ErrorCode": {
            "type": "integer",
            "enum": [20404, 20003],
            "x-enumNames": ["NotFound", "Auth"],
        }
    }
    text = _spec(schemas, {"200": {"description": "ok"}})
    with pytest.raises(ImportFailed):
        import_text(text, "tw.json")
    catalog = import_text(text, "tw.json", schema="ErrorCode")
    assert [(e.code, e.message, e.integer) for e in catalog.codes] == [
        ("20404", "NotFound", True),
        ("20003", "Auth", True),
    ]


def test_x_enum_descriptions_and_oneof_const():
    schemas = {
        "Problem": {
            "properties": {
                "code": {
                    "oneOf": [
                        {"const": "too_big", "description": "The file is too big."},
                        {"const": "too_small", "description": "The file is too small."},
                    ]
                },
                "error": {
                    "properties": {
                        "code": {
                            "enum": ["a", "b"],
                            "x-enum-descriptions": ["Alpha.", "Beta."],
                        }
                    }
                },
            }
        }
    }
    catalog = import_text(_spec(schemas, {"422": _json_response("Problem")}), "p.json")
    assert [(e.code, e.message) for e in catalog.codes] == [
        ("too_big", "The file is too big."),
        ("too_small", "The file is too small."),
        ("a", "Alpha."),
        ("b", "Beta."),
    ]


def test_error_schemas_named_after_the_error_when_there_is_no_enum():
    schemas = {
        "ResourceNotFoundException": {
            "type": "object",
            "description": "The resource does not exist.",
            "properties": {"message": {"type": "string"}},
        },
        "ThrottlingException": {"type": "object", "properties": {"message": {"type": "string"}}},
        "Error": {"type": "object", "properties": {"message": {"type": "string"}}},
    }
    responses = {
        "404": _json_response("ResourceNotFoundException"),
        "429": _json_response("ThrottlingException", "Too many requests."),
        "500": _json_response("Error"),
    }
    catalog = import_text(_spec(schemas, responses), "aws.json")
    assert [(e.code, e.statuses, e.message) for e in catalog.codes] == [
        ("ResourceNotFoundException", (404,), "The resource does not exist."),
        ("ThrottlingException", (429,), "Too many requests."),
    ]
    assert any("names of the error schemas" in item.why for item in catalog.skipped)


def test_a_self_referencing_ref_and_a_ref_outside_the_file_end_cleanly():
    schemas = {
        "Loop": {"$ref": "#/components/schemas/Loop"},
        "Err": {
            "properties": {
                "code": {"enum": ["E1"]},
                "remote": {"$ref": "other.yaml#/Thing"},
                "loop": {"$ref": "#/components/schemas/Loop"},
                "errors": {"type": "array", "items": {"$ref": "#/components/schemas/Err"}},
            }
        },
    }
    catalog = import_text(_spec(schemas, {"400": _json_response("Err")}), "loop.json")
    assert _codes(catalog) == {"E1": (400,)}
    reasons = [item.why for item in catalog.skipped]
    assert "$ref 'other.yaml#/Thing' points outside this file; not followed" in reasons
    assert "$ref '#/components/schemas/Loop' refers to itself; not followed" in reasons


def test_codes_only_from_examples_make_an_incomplete_catalog(tmp_path, cli):
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/a": {
                "get": {
                    "responses": {
                        "404": {
                            "description": "missing",
                            "content": {
                                "application/json": {
                                    "example": {"error": {"code": "not_found", "message": "No."}}
                                }
                            },
                        }
                    }
                }
            }
        },
    }
    source = tmp_path / "spec.json"
    source.write_text(json.dumps(spec), encoding="utf-8")
    output = tmp_path / "out.toml"
    code, _, err = cli("catalog", "import", str(source), "-o", str(output), "--name", "t")
    assert code == 0, err
    from errlsp.catalog import load_catalog

    catalog = load_catalog(output)
    assert catalog.is_complete is False
    assert [entry.code for entry in catalog] == ["not_found"]
    assert "every code comes from an example" in err


def test_one_error_schema_on_every_response_is_the_envelope_not_a_code():
    schemas = {
        "CloudError": {"type": "object", "properties": {"message": {"type": "string"}}},
        "NotFoundError": {"type": "object", "properties": {"message": {"type": "string"}}},
    }
    only_default = {"default": _json_response("CloudError")}
    with pytest.raises(ImportFailed):
        import_text(_spec(schemas, only_default), "azure.json")
    one_name = {"404": _json_response("NotFoundError"), "default": _json_response("CloudError")}
    with pytest.raises(ImportFailed):
        import_text(_spec(schemas, one_name), "azure.json")
