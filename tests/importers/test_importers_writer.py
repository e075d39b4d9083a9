"""The written catalog file: valid TOML that the real loader accepts, readable by a reviewer."""

from __future__ import annotations

import sys

from hypothesis import given
from hypothesis import strategies as st

from errlsp.catalog import parse_catalog
from errlsp.importers import (
    ImportedCatalog,
    ImportedCode,
    SkippedItem,
    render_catalog,
    render_catalog_json,
    toml_string,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@given(st.text())
def test_toml_string_round_trips_any_text(value):
    assert tomllib.loads(f"value = {toml_string(value)}")["value"] == value


def test_toml_string_escapes():
    assert toml_string('say "hi"\\n\t\x00\x7f') == '"say \\"hi\\"\\\\n\\t\\u0000\\u007F"'
    assert toml_string("‘FieldName’ é") == '"‘FieldName’ é"'  # printable text stays readable


def sample() -> ImportedCatalog:
    return ImportedCatalog(
        source="https://docs.example/errors",
        envelope="error-object",
        case="lower",
        statuses=(400, 404),
        origin="errors.md",
        notes=["envelope 'error-object' from the example body at errors.md:5"],
        skipped=[SkippedItem("errors.md:40", '"Last updated" is not a code row; left out')],
        codes=[
            ImportedCode("bad_input", (400,), 'Bad "input".', section="400 Bad Request"),
            ImportedCode("bad_input", (400,), "Also bad.", section="400 Bad Request"),
            ImportedCode(
                "gone",
                (404, 410),
                "It is gone.",
                field="target",
                group="life",
                description="Longer *text*\nover lines.",
                deprecated="use missing",
                section="404 Not Found",
                notes=["listed under several statuses on the page: 404, 410"],
            ),
            ImportedCode("mystery"),
        ],
    )


def test_rendered_catalog_loads_with_every_fact():
    text = render_catalog(sample(), name="example", title="Example API")
    catalog = parse_catalog(text, "example.toml")
    assert (catalog.name, catalog.title, catalog.source) == (
        "example",
        "Example API",
        "https://docs.example/errors",
    )
    assert (catalog.envelope, catalog.case, catalog.statuses) == (
        "error-object",
        "lower",
        (400, 404),
    )
    bad, gone, mystery = list(catalog)
    assert bad.messages == ('Bad "input".', "Also bad.")
    assert [location.line for location in bad.locations] == [22, 27]
    assert (gone.statuses, gone.field, gone.group, gone.deprecated) == (
        (404, 410),
        "target",
        "life",
        "use missing",
    )
    assert gone.description == "Longer *text*\nover lines."
    assert (mystery.statuses, mystery.messages) == ((), ())


def test_rendered_catalog_reads_like_a_hand_made_one():
    text = render_catalog(sample(), name="example", title="Example API")
    lines = text.splitlines()
    assert lines[0] == "# Error-code catalog imported by `errlsp catalog import` from errors.md."
    assert '#   - errors.md:40: "Last updated" is not a code row; left out' in lines
    assert text.count("[[codes]]\n") == 4  # one table per listing
    assert "# --- 400 Bad Request " in text and "# --- 404 Not Found " in text
    listing = 'code = "gone"\n# listed under several statuses on the page: 404, 410\n'
    assert listing + "status = [404, 410]\n" in text
    assert all(len(line) <= 100 for line in lines if line.startswith("#"))
    assert text.endswith('code = "mystery"\n')


def test_json_rendering_holds_the_same_catalog(facts):
    toml_catalog = parse_catalog(render_catalog(sample(), name="ex", title="Ex"), "ex.toml")
    json_catalog = parse_catalog(render_catalog_json(sample(), name="ex", title="Ex"), "ex.json")
    assert facts(json_catalog) == facts(toml_catalog)
    assert [entry.description for entry in json_catalog] == [
        None,
        "Longer *text*\nover lines.",
        None,
    ]
