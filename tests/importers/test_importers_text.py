"""Plain text pages: copied table headers, rows split by tab, spaces or nothing, headings."""

from __future__ import annotations

import pytest

from errlsp.importers import ImportFailed, import_text
from errlsp.importers.document import Heading, Prose, Sample, Table
from errlsp.importers.text import (
    blocks_from_lines,
    parse_text,
    split_glued,
    split_header,
    split_row,
    status_heading,
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Error Code Description", (("Error Code", "Description"), False)),
        ("CodeMessage", (("Code", "Message"), True)),
        ("HTTP CodeDescription", (("HTTP Code", "Description"), True)),
        ("Status Code Name Description", (("Status Code", "Name", "Description"), False)),
        ("Parameter Type Description", (("Parameter", "Type", "Description"), False)),
        ("Code\tHTTP Status\tMessage", (("Code", "HTTP Status", "Message"), False)),
        ("| Code | Meaning |", (("Code", "Meaning"), False)),
    ],
)
def test_split_header_recognises_copied_headers(line, expected):
    assert split_header(line) == expected


@pytest.mark.parametrize(
    "line",
    ["Error Codes", "Code", "Response Parameters", "CODEMESSAGE", "The Code Description", ""],
)
def test_split_header_rejects_words_and_prose(line):
    assert split_header(line) is None


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("cdr_start_date_invalidThe start date.", ("cdr_start_date_invalid", "The start date.")),
        ("unauthorizedAccess unauthorized", ("unauthorized", "Access unauthorized")),
        (
            "fields_invalidParameter fields is invalid.",
            ("fields_invalid", "Parameter fields is invalid."),
        ),
        (
            "invalid_filter_by_id The filter is invalid.",
            ("invalid_filter_by_id", "The filter is invalid."),
        ),
        ("INVALID_FORMATThe format is wrong.", ("INVALID_FORMAT", "The format is wrong.")),
        ("invalidTokenThe token expired.", ("invalidToken", "The token expired.")),
        ("not_implemented", ("not_implemented", "")),
        ("E1001The disk is full.", ("E1001", "The disk is full.")),
    ],
)
def test_split_glued_finds_where_the_message_starts(row, expected):
    assert split_glued(row) == expected


@pytest.mark.parametrize("row", ["", "   ", "(see above)", "— footnote"])
def test_split_glued_rejects_rows_without_a_code(row):
    assert split_glued(row) is None


def test_split_row_by_tab_and_by_runs_of_spaces():
    columns = ("Code", "Status", "Message")
    assert split_row("A_B\t400\tIt broke.", columns, False) == ("A_B", "400", "It broke.")
    assert split_row("A_B    400    It  broke.", columns, False) == ("A_B", "400", "It  broke.")
    assert split_row("A_B\tIt broke.", columns, False) == ("A_B", "It broke.", "")


def test_split_row_status_table_uses_the_reason_phrase():
    columns = ("Status Code", "Name", "Description")
    row = "500 Internal Server Error An error occurred."
    assert split_row(row, columns, False) == ("500", "Internal Server Error", "An error occurred.")
    assert split_row("200The request was successful.", ("HTTP Code", "Description"), True) == (
        "200",
        "The request was successful.",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("400 Bad Request", (400, "Bad Request")),
        ("404 Not Found", (404, "Not Found")),
        ("422 Validation Failed", (422, "Validation Failed")),
        ("429 - Too Many Requests", (429, "Too Many Requests")),
    ],
)
def test_status_heading(text, expected):
    assert status_heading(text) == expected


@pytest.mark.parametrize("text", ["400 requests per second are allowed.", "1000 Errors", "Errors"])
def test_status_heading_rejects_prose(text):
    assert status_heading(text) is None


def test_blocks_of_a_copied_page():
    page = [
        "Errors",
        "",
        "Responses look like this:",
        "{",
        '  "code": "X"',
        "}",
        "",
        "404 Not Found",
        "",
        "Code\tDescription",
        "NO_SUCH_THING\tNothing here.",
    ]
    blocks, skipped = blocks_from_lines(page, 1, "page.txt")
    assert [type(block) for block in blocks] == [Heading, Prose, Sample, Heading, Table]
    assert blocks[2] == Sample(4, '{\n  "code": "X"\n}')
    table = blocks[4]
    assert isinstance(table, Table)
    assert table.line == 10
    assert [row.cells for row in table.rows] == [("NO_SUCH_THING", "Nothing here.")]
    assert skipped == []


def test_text_page_with_tabs_spaces_and_a_status_column():
    page = (
        "Billing API errors\n"
        "\n"
        "Code\tHTTP Status\tMessage\n"
        "CARD_DECLINED\t402\tThe card was declined.\n"
        "CARD_EXPIRED\t402, 400\tThe card has expired.\n"
        "\n"
        "Error Code       Description\n"
        "RATE_LIMITED     Too many requests.\n"
        "Note: codes never change.\n"
    )
    catalog = import_text(page, "billing.txt")
    found = [(code.code, code.statuses, code.message) for code in catalog.codes]
    assert found == [
        ("CARD_DECLINED", (402,), "The card was declined."),
        ("CARD_EXPIRED", (400, 402), "The card has expired."),
        ("RATE_LIMITED", (), "Too many requests."),
    ]
    assert catalog.statuses == (400, 402)
    assert catalog.case == "upper"
    assert [str(item) for item in catalog.skipped] == [
        'billing.txt:9: "Note: codes never change." is not a code row: every other code is '
        "upper case; left out"
    ]


def test_a_heading_that_is_not_a_status_ends_the_status_group():
    page = (
        "409 Conflict\n\n"
        "Code Description\nCODE_A Taken.\n\n"
        "Other\n\n"
        "Code Description\nCODE_B Free.\n"
    )
    catalog = import_text(page, "p.txt")
    assert [(code.code, code.statuses) for code in catalog.codes] == [
        ("CODE_A", (409,)),
        ("CODE_B", ()),
    ]


def test_same_code_under_two_statuses_gets_both_on_every_listing():
    page = (
        "400 Bad Request\n\nCode Message\nbusy The thing is busy.\n\n"
        "503 Service Unavailable\n\nCode Message\nbusy Try again.\n"
    )
    catalog = import_text(page, "p.txt")
    assert [code.statuses for code in catalog.codes] == [(400, 503), (400, 503)]
    assert "listed under several statuses on the page: 400, 503" in catalog.codes[0].notes


def test_page_without_a_table_fails_with_what_was_expected():
    with pytest.raises(ImportFailed) as failure:
        import_text("Just some prose.\nNothing to see.\n", "notes.txt")
    assert str(failure.value) == (
        "no code/description table found in notes.txt; expected an HTML <table>, a Markdown "
        "pipe table, or lines of CODE and description"
    )


def test_parse_text_title_is_the_first_heading():
    document = parse_text("\nPayments errors\n\nCode Message\nX_Y Bad.\n", "t.txt")
    assert document.title == "Payments errors"
