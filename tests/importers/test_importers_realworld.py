"""Real public error documentation (tests/importers/data/realworld, see its SOURCES.md).

The expected figures are counts made by reading each page or spec by hand, not output of the
importer: Box's guide lists 59 records of 57 codes under 15 status headings; Square's spec has
a 153-value ErrorCode enum reached only through errors[] of 200 responses.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter

import pytest

from errlsp.catalog import load_catalog
from errlsp.importers import import_source, import_text

# Records per status heading in Box's guide, counted by hand from the page.
BOX_RECORDS = {
    400: 24, 401: 1, 403: 12, 404: 4, 405: 1, 409: 6, 410: 2, 411: 1,
    412: 2, 413: 1, 415: 1, 429: 1, 500: 1, 502: 1, 503: 1,
}  # fmt: skip


@pytest.fixture
def realworld(data):
    return data / "realworld"


def test_box_guide_vertical_tables_under_status_headings(realworld):
    catalog = import_source(realworld / "box_common-errors.md")
    assert len(catalog.codes) == 59
    assert len(catalog.distinct_codes()) == 57
    per_status = Counter(status for listing in catalog.codes for status in listing.statuses)
    assert per_status == BOX_RECORDS
    assert all(len(listing.statuses) == 1 for listing in catalog.codes)
    assert catalog.title == "Errors"  # not the front matter
    first = catalog.codes[0]
    assert (first.code, first.statuses) == ("bad_digest", (400,))
    assert first.message == "The specified content-md5 did not match what we received."
    assert first.description is not None and first.description.startswith("While uploading")
    by_code = {listing.code: listing for listing in catalog.codes}
    assert by_code["bad_request"].message is None  # an empty Message row
    assert by_code["item_name_in_use"].statuses == (409,)
    assert by_code["unavailable"].statuses == (503,)
    # metadata_after_file_contents has no blank row before the next record
    assert by_code["metadata_after_file_contents"].message == (
        "Metadata is included after file contents in a file upload request."
    )
    assert by_code["password_reset_required"].statuses == (400,)
    assert [e.message for e in catalog.codes if e.code == "forbidden_by_policy"] == [
        "Access denied – Blocked by Shield Access Policy",
        "Access denied – Blocked by Shield Malware Detection Rule",
    ]


def test_box_guide_writes_a_catalog_that_loads(realworld, tmp_path, cli):
    output = tmp_path / "box.toml"
    code, _, err = cli(
        "catalog", "import", str(realworld / "box_common-errors.md"), "-o", str(output)
    )
    assert code == 0, err
    catalog = load_catalog(output)
    assert len(list(catalog)) == 57
    assert catalog.title == "Errors"
    assert catalog.statuses == tuple(sorted(BOX_RECORDS))


def test_msgraph_title_comes_from_front_matter(realworld):
    catalog = import_source(realworld / "msgraph.md")
    assert catalog.title == "Microsoft Graph error responses and resource types"
    assert len(catalog.distinct_codes()) == 58
    assert len(catalog.statuses) == 22


def _flattened(markdown: str) -> str:
    """The page as text extraction leaves it: every pipe table joined onto one line."""
    lines: list[str] = []
    table: list[str] = []
    for line in markdown.split("\n"):
        if line.startswith("|"):
            table.append(line.strip())
            continue
        if table:
            lines.append(" ".join(table))
            table = []
        lines.append(line)
    return "\n".join(lines)


def test_flattened_tables_import_like_the_original(realworld):
    page = (realworld / "msgraph.md").read_text(encoding="utf-8")
    flat = _flattened(page)
    assert flat.count("\n") < page.count("\n") - 50  # the tables really are on one line each
    original = import_text(page, "msgraph.md")
    flattened = import_text(flat, "msgraph-flat.md")

    def facts(catalog):
        return [(entry.code, entry.statuses, entry.message) for entry in catalog.codes]

    assert facts(flattened) == facts(original)
    assert flattened.statuses == original.statuses
    assert len(flattened.distinct_codes()) == 58


def test_square_spec_codes_from_errors_in_200_responses(realworld):
    catalog = import_source(realworld / "square_api.json.gz")
    spec = json.loads(gzip.decompress((realworld / "square_api.json.gz").read_bytes()))
    enum = spec["components"]["schemas"]["ErrorCode"]
    assert len(catalog.distinct_codes()) == 153 == len(enum["enum"])
    assert catalog.distinct_codes() == enum["enum"]
    by_code = {listing.code: listing for listing in catalog.codes}
    assert by_code["INTERNAL_SERVER_ERROR"].message == "A general server error occurred."
    assert by_code["UNAUTHORIZED"].message == "A general authorization error occurred."
    assert all(listing.statuses == () for listing in catalog.codes)
    assert "errors[] of 2xx" in by_code["UNAUTHORIZED"].notes[0]


def test_square_spec_named_schema(realworld, tmp_path, cli):
    output = tmp_path / "square.toml"
    source = str(realworld / "square_api.json.gz")
    code, _, err = cli("catalog", "import", source, "--schema", "ErrorCode", "-o", str(output))
    assert code == 0, err
    assert len(list(load_catalog(output))) == 153
    code, _, err = cli("catalog", "import", source, "--schema", "NoSuchSchema")
    assert code == 2
    assert err.strip().splitlines()[-1] == (
        f"error: --schema 'NoSuchSchema': no enum of codes in {source[:-3]}'s schema of that name"
    )


@pytest.mark.parametrize(
    ("name", "codes"),
    [("box_openapi.json.gz", 17), ("slack_web_openapi_v2_without_examples.json.gz", 200)],
)
def test_specs_that_already_imported_keep_their_counts(realworld, name, codes):
    catalog = import_source(realworld / name)
    assert len(catalog.distinct_codes()) == codes
    assert "ratelimited" not in catalog.distinct_codes()  # the Slack spec lacks it
