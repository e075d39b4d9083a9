"""Catalog files: the documented format, located errors, merging of repeated listings."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from errlsp.catalog import (
    CatalogError,
    builtin_names,
    builtin_path,
    catalog_schema,
    load_builtin,
    load_catalog,
    parse_catalog,
)
from errlsp.catalog.loader import _decode_toml
from errlsp.catalog.model import ENVELOPES

GOOD = """\
[catalog]
name = "shop"
title = "Shop API"
envelope = "problem-json"
case = "upper"
statuses = [400, 404, 409]

[[codes]]
code = "ITEM_NOT_FOUND"
status = 404
message = "The item does not exist."

[[codes]]
code = "NAME_REQUIRED"
status = [400, 409]
messages = ["Name is required.", "Name must not be empty."]
field = "pointer"

[[codes]]
code = "ITEM_NOT_FOUND"
message = "No such item."
"""


def test_good_catalog_round_trip(tmp_path: Path) -> None:
    file = tmp_path / "shop.toml"
    file.write_text(GOOD, encoding="utf-8")
    catalog = load_catalog(file)
    assert (catalog.name, catalog.title, catalog.envelope, catalog.case) == (
        "shop",
        "Shop API",
        "problem-json",
        "upper",
    )
    assert catalog.statuses == (400, 404, 409)
    assert [entry.code for entry in catalog] == ["ITEM_NOT_FOUND", "NAME_REQUIRED"]
    found = catalog.get("ITEM_NOT_FOUND")
    assert found is not None
    assert found.messages == ("The item does not exist.", "No such item.")
    assert found.statuses == (404,)
    assert [location.line for location in found.locations] == [8, 19]
    name = catalog.get("NAME_REQUIRED")
    assert name is not None and name.field == "pointer" and name.statuses == (400, 409)


def test_json_is_equivalent_to_toml(tmp_path: Path) -> None:
    data = _decode_toml(GOOD, "x.toml")
    file = tmp_path / "shop.json"
    file.write_text(json.dumps(data, indent=2), encoding="utf-8")
    from_json = load_catalog(file)
    from_toml = parse_catalog(GOOD, "shop.toml")
    assert [(e.code, e.statuses, e.messages, e.field) for e in from_json] == [
        (e.code, e.statuses, e.messages, e.field) for e in from_toml
    ]
    # every definition keeps its own line in the JSON file too
    lines = file.read_text().splitlines()
    for entry in from_json:
        location = entry.location
        assert location is not None
        assert f'"{entry.code}"' in lines[location.line - 1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[catalog]\nname = "x"\ntitle = "X"\n\n[[codes]]\ncode = "A"\ncolour = "red"\n',
            "x.toml:7: codes[0] (A).colour: unknown key; expected one of code, status",
        ),
        (
            '[catalog]\nname = "x"\ntitle = "X"\n\n[[codes]]\ncode = "A"\nstatus = "400"\n',
            "x.toml:7: codes[0] (A).status: bad status number '400': expected an integer 100-599",
        ),
        (
            '[catalog]\nname = "x"\ntitle = "X"\n\n[[codes]]\ncode = "A"\nstatus = 700\n',
            "x.toml:7: codes[0] (A).status: bad status number 700",
        ),
        (
            '[catalog]\nname = "x"\ntitle = "X"\n\n[[codes]]\ncode = ""\n',
            "x.toml:6: codes[0].code: expected a non-empty string without whitespace (got '')",
        ),
        (
            '[catalog]\nname = "x"\ntitle = "X"\n\n[[codes]]\nmessage = "m"\n',
            "x.toml:5: codes[0].code: expected a non-empty string without whitespace (missing)",
        ),
        (
            '[catalog]\nname = "x"\ntitle = "X"\n\n[[codes]]\ncode = "A"\nmessage = 3\n',
            "x.toml:7: codes[0] (A).message: expected a string",
        ),
        (
            '[catalog]\nname = "x"\ntitle = "X"\n[[codes]]\ncode = "A"\nstatus = 400\n'
            '[[codes]]\ncode = "A"\nstatus = 404\n',
            "x.toml:9: codes[1] (A).status: duplicate code with a conflicting status: "
            "[404] here, [400] at line 4",
        ),
        ('[catalog]\nname = "Bad Name"\ntitle = "X"\n', "x.toml:2: catalog.name: expected"),
        ('[catalog]\nname = "x"\ntitle = "X"\ncase = "camel"\n', "x.toml:4: catalog.case"),
        ('[catalog]\nname = "x"\ntitle = "X"\nenvelope = "soap"\n', "x.toml:4: catalog.envelope"),
        ('[catalog]\nname = "x"\ntitle = "X"\nsource = 1\n', "x.toml:4: catalog.source"),
        ('[catalog]\nname = "x"\ntitle = "X"\n[extra]\n', "x.toml:4: extra: unknown key"),
        ('codes = 3\n[catalog]\nname = "x"\ntitle = "X"\n', "x.toml:1: codes: expected an array"),
        ('[catalog\nname = "x"\n', "x.toml:1: invalid TOML"),
        ('title = "no catalog table"\n', "x.toml:1: catalog: missing [catalog] table"),
    ],
)
def test_errors_name_file_line_and_key(text: str, expected: str) -> None:
    with pytest.raises(CatalogError) as caught:
        parse_catalog(text, "x.toml")
    problems = [str(problem) for problem in caught.value.problems]
    assert any(problem.startswith(expected) for problem in problems), problems
    assert "Traceback" not in str(caught.value)


def test_json_syntax_error_has_line() -> None:
    with pytest.raises(CatalogError) as caught:
        parse_catalog('{\n  "catalog": {\n    "name": "x",\n  }\n}\n', "x.json")
    assert str(caught.value).startswith("x.json:4: invalid JSON")


def test_every_problem_is_reported_not_just_the_first() -> None:
    text = '[catalog]\nname = "x"\ntitle = 3\n[[codes]]\ncode = "A"\nstatus = 1\n'
    with pytest.raises(CatalogError) as caught:
        parse_catalog(text, "x.toml")
    assert len(caught.value.problems) == 2


def test_loader_executes_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = (
        '[catalog]\nname = "x"\ntitle = "X"\n[[codes]]\n'
        f"code = \"__import__('os').system('touch {marker}')\"\n"
    )
    with pytest.raises(CatalogError):
        parse_catalog(text, "x.toml")
    assert not marker.exists()


def test_unreadable_file_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as caught:
        load_catalog(tmp_path / "missing.toml")
    assert "cannot read file" in str(caught.value)


def test_unknown_builtin_names_the_known_ones() -> None:
    with pytest.raises(CatalogError) as caught:
        load_builtin("nope")
    assert "fonedynamics, voipnow" in str(caught.value)


@pytest.mark.parametrize("name", builtin_names())
def test_builtin_catalogs_validate_against_the_shipped_schema(name: str) -> None:
    data = _decode_toml(builtin_path(name).read_text(encoding="utf-8"), name)
    jsonschema.validate(data, catalog_schema())


def test_schema_rejects_what_the_loader_rejects() -> None:
    bad = {"catalog": {"name": "x", "title": "X"}, "codes": [{"code": "A", "status": 99}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, catalog_schema())


def test_schema_envelopes_equal_the_parsed_dialects() -> None:
    from errlsp.envelopes import DIALECTS

    schema_enum = catalog_schema()["$defs"]["dialect"]["enum"]
    assert tuple(schema_enum) == ENVELOPES
    assert set(ENVELOPES) == set(DIALECTS)
