"""Integer codes, ``complete = false`` and per-code ``sources``: loader, schema and writer agree."""

from __future__ import annotations

import json

import jsonschema
import pytest

from errlsp.catalog import CatalogError, parse_catalog
from errlsp.catalog.loader import _decode_toml
from errlsp.importers import ImportedCatalog, ImportedCode, render_catalog, render_catalog_json

TOML = """
[catalog]
name = "twilio"
title = "Twilio"
complete = false

[[codes]]
code = 20404
status = 404
message = "The requested resource was not found."
sources = ["twilio-docs.html", "twilio.json"]

[[codes]]
code = "ACCOUNT_SUSPENDED"
"""


def _schema() -> dict[str, object]:
    from errlsp.catalog import catalog_schema

    return catalog_schema()


def test_integer_codes_complete_and_sources_load():
    catalog = parse_catalog(TOML, "twilio.toml")
    assert catalog.is_complete is False
    entry = catalog.get("20404")
    assert entry is not None
    assert entry.integer is True
    assert entry.sources == ("twilio-docs.html", "twilio.json")
    named = catalog.get("ACCOUNT_SUSPENDED")
    assert named is not None and named.integer is False and named.sources == ()
    assert parse_catalog('[catalog]\nname = "a"\ntitle = "A"\n', "a.toml").is_complete is True


def test_the_schema_accepts_them_and_rejects_bad_values():
    jsonschema.validate(_decode_toml(TOML, "twilio.toml"), _schema())
    for bad in ({"code": -1}, {"code": 1.5}, {"code": "A", "sources": "x.json"}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({"catalog": {"name": "a", "title": "A"}, "codes": [bad]}, _schema())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"catalog": {"name": "a", "title": "A", "complete": "no"}}, _schema())


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[catalog]\nname = "a"\ntitle = "A"\ncomplete = "no"\n',
            "catalog.complete: expected true or false",
        ),
        ('[catalog]\nname = "a"\ntitle = "A"\n[[codes]]\ncode = -5\n', "codes[0].code: expected"),
        (
            '[catalog]\nname = "a"\ntitle = "A"\n[[codes]]\ncode = "A"\nsources = "x"\n',
            "codes[0] (A).sources: expected a list of strings",
        ),
    ],
)
def test_bad_values_are_located_problems(text, message):
    with pytest.raises(CatalogError) as caught:
        parse_catalog(text, "a.toml")
    assert message in str(caught.value)


def test_the_writer_emits_integers_and_sources_back():
    imported = ImportedCatalog(complete=False, case="mixed")
    imported.codes = [
        ImportedCode(code="20404", statuses=(404,), integer=True, sources=("a.html", "b.json")),
        ImportedCode(code="190", integer=True),
    ]
    toml = render_catalog(imported, name="fb", title="FB")
    assert "code = 20404\n" in toml and "code = 190\n" in toml
    assert 'sources = ["a.html", "b.json"]' in toml
    assert "complete = false" in toml
    loaded = parse_catalog(toml, "fb.toml")
    assert [(e.code, e.integer, e.sources) for e in loaded] == [
        ("20404", True, ("a.html", "b.json")),
        ("190", True, ()),
    ]
    as_json = render_catalog_json(imported, name="fb", title="FB")
    data = json.loads(as_json)
    assert data["codes"][0] == {"code": 20404, "status": 404, "sources": ["a.html", "b.json"]}
    assert data["catalog"]["complete"] is False
    jsonschema.validate(data, _schema())
    assert parse_catalog(as_json, "fb.json").is_complete is False
