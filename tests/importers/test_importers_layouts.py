"""Documentation page layouts beyond a code/description table, one synthetic page per layout."""

from __future__ import annotations

from errlsp.importers import import_text


def _facts(catalog):
    return [(entry.code, entry.statuses, entry.message) for entry in catalog.codes]


def test_vertical_table_with_a_header_row_and_a_status_row():
    page = """# Errors

| Error | `quota_exceeded` |
| --- | --- |
| Status | 429 |
| Message | You sent too many requests. |
| Resolution | Wait a minute. |
| Error | `plan_required` |
| Status | 402 Payment Required |
| Message | Upgrade your plan. |
"""
    catalog = import_text(page, "errors.md")
    assert _facts(catalog) == [
        ("quota_exceeded", (429,), "You sent too many requests."),
        ("plan_required", (402,), "Upgrade your plan."),
    ]
    assert catalog.codes[0].description == "Wait a minute."


def test_a_two_column_table_of_codes_is_not_read_as_key_value_records():
    page = "| Code | Message |\n| --- | --- |\n| a_b | One. |\n| c_d | Two. |\n"
    assert _facts(import_text(page, "errors.md")) == [("a_b", (), "One."), ("c_d", (), "Two.")]


def test_headings_that_are_codes_with_a_paragraph_each():
    page = """# Errors

## 409 Conflict

#### item_name_in_use

An item with the same name already exists.

#### ITEM_LOCKED

The item is locked by another user.

## 4xx

#### quota_exceeded

Too many requests.

## Examples

Nothing here is a code.
"""
    catalog = import_text(page, "errors.md")
    assert _facts(catalog) == [
        ("item_name_in_use", (409,), "An item with the same name already exists."),
        ("ITEM_LOCKED", (409,), "The item is locked by another user."),
        ("quota_exceeded", (), "Too many requests."),
    ]


def test_a_single_code_like_heading_is_not_a_catalog():
    table = "| Code | Message |\n| --- | --- |\n| x_y | Z |\n"
    page = "# Errors\n\n## error_codes\n\nSee below.\n\n" + table
    assert [entry.code for entry in import_text(page, "errors.md").codes] == ["x_y"]


def test_markdown_definition_list():
    page = """# Errors

## 400 Bad Request

`missing_field`
: A required field is missing.

`bad_format`
: The body is not JSON.
"""
    assert _facts(import_text(page, "errors.md")) == [
        ("missing_field", (400,), "A required field is missing."),
        ("bad_format", (400,), "The body is not JSON."),
    ]


def test_flattened_table_in_plain_text_with_and_without_delimiter_row():
    with_delimiter = (
        "Errors\n\n| Error Code | Status | Message | |---|---|---| "
        "| not_found | 404 | No such thing. | | gone | 410 | It was deleted. |\n"
    )
    without = "| Code | Message | | not_found | No such thing. | | gone | It was deleted. |\n"
    assert _facts(import_text(with_delimiter, "errors.txt")) == [
        ("not_found", (404,), "No such thing."),
        ("gone", (410,), "It was deleted."),
    ]
    assert _facts(import_text(without, "errors.txt")) == [
        ("not_found", (), "No such thing."),
        ("gone", (), "It was deleted."),
    ]


def test_front_matter_title_yaml_and_toml():
    yaml_page = (
        '---\ntitle: "Widget errors"\ntags: [a, b]\n---\n\n'
        "| Code | Message |\n| --- | --- |\n| a_b | One. |\n"
    )
    toml_page = (
        '+++\ntitle = "Gadget errors"\n+++\n\n| Code | Message |\n| --- | --- |\n| a_b | One. |\n'
    )
    broken = "---\ntitle: Broken: [yaml\n---\n\n| Code | Message |\n| --- | --- |\n| a_b | One. |\n"
    assert import_text(yaml_page, "a.md").title == "Widget errors"
    assert import_text(toml_page, "a.md").title == "Gadget errors"
    assert import_text(broken, "a.md").title == "Broken: [yaml"
    catalog = import_text(yaml_page, "a.md")
    assert catalog.codes[0].where == "a.md:8"  # line numbers count the front matter


def test_vertical_tables_in_html_with_and_without_a_header_row():
    page = """<html><body><h3>409 Conflict</h3>
    <table><tr><td><b>Error</b></td><td><code>item_name_in_use</code></td></tr>
    <tr><td><b>Message</b></td><td>Item with the same name already exists</td></tr>
    <tr><td></td><td></td></tr>
    <tr><td><b>Error</b></td><td><code>conflict</code></td></tr>
    <tr><td><b>Message</b></td><td>A resource with this value already exists</td></tr></table>
    <h3>404 Not Found</h3>
    <table><thead><tr><th>Error</th><th>not_found</th></tr></thead>
    <tr><td>Message</td><td>Nothing there</td></tr></table>
    </body></html>"""
    assert _facts(import_text(page, "errors.html")) == [
        ("item_name_in_use", (409,), "Item with the same name already exists"),
        ("conflict", (409,), "A resource with this value already exists"),
        ("not_found", (404,), "Nothing there"),
    ]
