"""HTML and Markdown pages: the same page in both formats imports to the same catalog."""

from __future__ import annotations

import pytest

from errlsp.catalog import load_catalog
from errlsp.importers import ImportFailed, detect_format, import_source, import_text
from errlsp.importers.html import parse_html
from errlsp.importers.markdown import parse_markdown


@pytest.mark.parametrize("page", ["acme.md", "acme.html"])
def test_acme_page_imports_to_the_hand_written_catalog(page, data, tmp_path, cli, facts):
    output = tmp_path / "acme.toml"
    code, _, err = cli(
        "catalog", "import", str(data / "pages" / page), "-o", str(output), "--name", "acme"
    )
    assert code == 0, err
    expected = facts(load_catalog(data / "pages" / "acme.expected.toml"))
    assert facts(load_catalog(output)) == expected
    skipped = [line.split(": ", 1)[1] for line in err.splitlines() if line.startswith("skipped ")]
    assert skipped == [
        "status table lists 200: success statuses, not errors; left out",
        "table with columns Header | Meaning has no code or HTTP status column; left out",
    ]


def test_html_page_metadata_and_hidden_text(data):
    catalog = import_source(data / "pages" / "acme.html")
    assert catalog.title == "Acme Widgets API: errors"
    assert catalog.source == "https://docs.acme.example/widgets/errors"
    assert "not_a_code" not in catalog.distinct_codes()  # inside <script>
    assert (
        catalog.codes[0].where == f"{data / 'pages' / 'acme.html'}:47"
    )  # the <tr> of name_required


def test_html_definition_and_bullet_lists_of_codes():
    page = """<html><body>
    <h2>403 Forbidden</h2>
    <dl>
      <dt><code>scope_missing</code></dt><dd>The token lacks the <b>write</b> scope.</dd>
      <dt><code>ip_blocked</code></dt><dd>Requests from this address are blocked.</dd>
    </dl>
    <h2>404 Not Found</h2>
    <ul>
      <li><code>user_not_found</code> &ndash; No user has this id.</li>
      <li><code>team_not_found</code>: No team has this id.</li>
    </ul>
    <ul><li>An ordinary list item, not a code.</li></ul>
    </body></html>"""
    catalog = import_text(page, "errors.html")
    assert [(c.code, c.statuses, c.message) for c in catalog.codes] == [
        ("scope_missing", (403,), "The token lacks the write scope."),
        ("ip_blocked", (403,), "Requests from this address are blocked."),
        ("user_not_found", (404,), "No user has this id."),
        ("team_not_found", (404,), "No team has this id."),
    ]


def test_html_table_without_header_cells_and_with_block_content():
    page = """<table>
      <tr><td>E_DISK_FULL</td><td><p>The disk is full.</p><p>Free some space.</p></td></tr>
      <tr><td>E_NO_PERMISSION</td><td>Permission<br>denied.</td></tr>
    </table>"""
    catalog = import_text(page, "codes.html")
    assert [(c.code, c.message) for c in catalog.codes] == [
        ("E_DISK_FULL", "The disk is full. Free some space."),
        ("E_NO_PERMISSION", "Permission denied."),
    ]


def test_html_in_a_legacy_encoding_is_decoded_by_its_meta_charset():
    page = (
        '<html><head><meta charset="iso-8859-1"></head><body><table>'
        "<tr><th>Code</th><th>Description</th></tr>"
        "<tr><td>PARAM_INVALIDE</td><td>Le paramètre est invalide.</td></tr>"
        "</table></body></html>"
    ).encode("iso-8859-1")
    catalog = import_text(page, "erreurs.html")
    assert catalog.codes[0].message == "Le paramètre est invalide."


def test_html_pre_block_holding_a_copied_text_table():
    page = "<h1>Errors</h1><pre>\nCode    Description\nBAD_THING    Something bad.\n</pre>"
    document = parse_html(page, "p.html")
    catalog = import_text(page, "p.html")
    assert document.title == "Errors"
    assert [(c.code, c.message) for c in catalog.codes] == [("BAD_THING", "Something bad.")]


def test_markdown_sections_keep_status_until_a_same_level_heading():
    page = """# API

## 422 Unprocessable Entity

| Error | Meaning |
| --- | --- |
| `email_taken` | The e-mail address is taken. |

### Rarely

| Error | Meaning |
| --- | --- |
| `email_banned` | The domain is banned. |

## Anything else

| Error | Meaning |
| --- | --- |
| `unknown` | Something else. |
"""
    catalog = import_text(page, "api.md")
    assert [(c.code, c.statuses) for c in catalog.codes] == [
        ("email_taken", (422,)),
        ("email_banned", (422,)),
        ("unknown", ()),
    ]
    assert catalog.codes[0].section == "422 Unprocessable Entity"


def test_markdown_paragraph_holding_a_pasted_text_table():
    page = (
        "# Errors\n\n"
        "Error Code Description\n"
        "TOKEN_EXPIRED The token has expired.\n"
        "TOKEN_INVALID The token is invalid.\n"
    )
    document = parse_markdown(page, "e.md")
    catalog = import_text(page, "e.md")
    assert document.title == "Errors"
    assert [(c.code, c.message, c.where) for c in catalog.codes] == [
        ("TOKEN_EXPIRED", "The token has expired.", "e.md:4"),
        ("TOKEN_INVALID", "The token is invalid.", "e.md:5"),
    ]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("page.html", "", "html"),
        ("page.MD", "", "markdown"),
        ("spec.yml", "", "openapi"),
        ("spec.json", "", "openapi"),
        ("notes.txt", "# looks like markdown", "text"),
        ("-", '{"openapi": "3.1.0"}', "openapi"),
        ("-", "openapi: 3.0.0\ninfo: {}\n", "openapi"),
        ("-", "<!DOCTYPE html><html><body></body></html>", "html"),
        ("-", "# Errors\n\n| a | b |\n|---|---|\n", "markdown"),
        ("-", "Error Code Description\nA_B Bad.\n", "text"),
    ],
)
def test_detect_format(name, text, expected):
    assert detect_format(name, text) == expected


def test_binary_input_is_refused_with_what_was_expected():
    with pytest.raises(ImportFailed) as failure:
        import_text(b"\x89PNG\r\n\x1a\n\x00\xff\xfe", "logo.png")
    assert str(failure.value) == (
        "logo.png is not UTF-8 text; expected an HTML, Markdown or text page, or an OpenAPI 3 "
        "JSON/YAML file"
    )


def test_html_without_codes_fails_and_reports_what_it_skipped():
    page = (
        "<table><tr><th>Header</th><th>Meaning</th></tr>"
        "<tr><td>ETag</td><td>Version.</td></tr></table>"
    )
    with pytest.raises(ImportFailed) as failure:
        import_text(page, "headers.html")
    assert str(failure.value).startswith("no code/description table found in headers.html;")
    assert [item.why for item in failure.value.skipped] == [
        "table with columns Header | Meaning has no code or HTTP status column; left out"
    ]


def test_table_whose_code_column_holds_statuses_and_name_column_codes():
    page = """| Code | Name | Description |
| --- | --- | --- |
| 400 | INVALID_ARGUMENT | The client specified an invalid argument. |
| 404 | NOT_FOUND | A specified resource is not found. |
| 429 | RESOURCE_EXHAUSTED | Either out of resource quota or reaching rate limiting. |
"""
    catalog = import_text(page, "google.md")
    assert [(c.code, c.statuses) for c in catalog.codes] == [
        ("INVALID_ARGUMENT", (400,)),
        ("NOT_FOUND", (404,)),
        ("RESOURCE_EXHAUSTED", (429,)),
    ]
    assert catalog.statuses == (400, 404, 429)
