"""The built-in catalogs are complete, faithful transcriptions of the two seed API documents.

Every expected number and sample here was taken from the documents by hand, not computed by the
loader under test: if a row is dropped, a code is mis-split, a status is moved to another
heading or a typo is "fixed", one of these assertions fails. When the seed documents are
present, an independent line parser of their text cross-checks every code and message too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import errlsp
from errlsp.catalog import Catalog, builtin_names, load_builtin

SEEDS = Path("/work/shared/seeds")
FONE_SEED = SEEDS / "000_6377ea2302b4e20f.txt"
VOIPNOW_SEED = SEEDS / "003_f3c40b19f0cf9aac.txt"
CATALOG_DIR = Path(errlsp.__file__).parent / "catalogs"

needs_seeds = pytest.mark.skipif(
    not (FONE_SEED.is_file() and VOIPNOW_SEED.is_file()),
    reason="seed documents not available in this checkout",
)

# --- Counted by hand from the documents -----------------------------------------------------

# Fone Dynamics: 53 rows in the "Error Codes" table, each code listed once.
FONE_CODES = 53
FONE_LISTINGS = 53
# VoipNow: rows per heading 400: 65, 401: 3, 403: 1, 500: 4, 501: 1 -> 74 listings.
# Under 400, filtervalue_invalid is listed 3 times, extension_invalid and pc_private_invalid
# twice each (4 repeats), so 61 distinct codes there and 61 + 3 + 1 + 4 + 1 = 70 overall.
VOIPNOW_CODES = 70
VOIPNOW_LISTINGS = 74
VOIPNOW_CODES_PER_STATUS = {400: 61, 401: 3, 403: 1, 500: 4, 501: 1}

VOIPNOW_SEVERAL_MESSAGES = {
    "filtervalue_invalid": (
        "Parameter filterValue for onArray operation is invalid.",
        "Parameter filterValue contains invalid numbers.",
        "Parameter filterValue is invalid.",
    ),
    "pc_private_invalid": (
        "Parameter private is invalid.",
        "The phone number is invalid.",
    ),
}
VOIPNOW_LISTED_MORE_THAN_ONCE = {
    "filtervalue_invalid": 3,
    "extension_invalid": 2,
    "pc_private_invalid": 2,
}

VOIPNOW_STATUS_SAMPLES = [
    # first, middle and last rows under each heading
    ("cdr_start_date_invalid", 400),
    ("filtervalue_invalid", 400),
    ("extension_invalid", 400),
    ("invalid_filter_by_phone_call_id", 400),
    ("status_invalid", 400),
    ("qag_cannot_update_number", 400),
    ("unauthorized", 401),
    ("expired_token", 401),
    ("access_denied", 401),
    ("pce_access_denied", 403),
    ("internal_server_error", 500),
    ("pce_fail_update", 500),
    ("pce_fail_delete", 500),
    ("not_implemented", 501),
]

# Messages copied from the page, typos and missing full stops included.
VOIPNOW_MESSAGE_SAMPLES = [
    (
        "cdr_start_date_invalid",
        "The start date parameter is invalid. The format should be ISO ISO 8601 "
        "YYYY-MM-DDThh:mm:ss.",
    ),
    (
        "cdr_save_end_date_invalid",
        "The end start date parameter is invalid. The format should be ISO ISO 8601 "
        "YYYY-MM-DDThh:mm:ss.",
    ),
    ("fx_recipients_invalid", "The recipients parmeter is invalid."),
    ("extension_invalid", "Invalid extension given in the URI-Fragment"),
    ("invalid_filter_by_phone_call_id", "The filter by phone call id is invalid."),
    ("pc_calleecallerid_invalid", "Parameter callerIdDestination is not valid."),
    ("pc_number_invalid", "Parameter conferencePin is invalid."),
    ("unauthorized", "Access unauthorized"),
    ("pce_access_denied", "You are not allowed to manage Call Events."),
    ("not_implemented", "The operation is not implemented."),
]

FONE_FIELD_CODES = {"ONE_OF_SEVERAL_PARAMETERS_REQUIRED", "PARAMETER_INVALID", "PARAMETER_REQUIRED"}

FONE_MESSAGE_SAMPLES = [
    ("ACCOUNT_NOT_FOUND", "A matching account could not be found."),
    ("FORBIDDEN", "A request could not be processed due to missing permissions."),
    (
        "PARAMETER_REQUIRED",
        "A required parameter is missing. The name of the missing parameter is available in the "
        "error message and as \u2018FieldName\u2019 in the \u2018Error\u2019 object (see above).",
    ),
    ("INVALID_PHONENUMBER_FORMAT", "A provided number is not in the expected format (E.164)."),
    ("UNKNOWN_TIME_ZONE", "The provided time zone value is not known."),
]


@pytest.fixture(scope="module")
def fone() -> Catalog:
    return load_builtin("fonedynamics")


@pytest.fixture(scope="module")
def voipnow() -> Catalog:
    return load_builtin("voipnow")


def listings_in_file(name: str) -> int:
    """``[[codes]]`` tables in the shipped file, counted without the loader."""
    text = (CATALOG_DIR / f"{name}.toml").read_text(encoding="utf-8")
    return sum(1 for line in text.splitlines() if line.strip() == "[[codes]]")


# --- Catalog headers ------------------------------------------------------------------------


def test_both_seed_catalogs_are_built_in() -> None:
    assert {"fonedynamics", "voipnow"} <= set(builtin_names())


def test_fonedynamics_header(fone: Catalog) -> None:
    assert fone.name == "fonedynamics"
    assert fone.title == "Fone Dynamics REST API"
    assert fone.envelope == "response-status"
    assert fone.case == "upper"
    assert fone.case_sensitive is True
    assert fone.statuses == (400, 401, 403, 500)
    assert fone.builtin is True
    assert fone.path is not None and Path(fone.path).name == "fonedynamics.toml"


def test_voipnow_header(voipnow: Catalog) -> None:
    assert voipnow.name == "voipnow"
    assert voipnow.title == "4PSA VoipNow UnifiedAPI v5"
    assert voipnow.envelope == "error-object"
    assert voipnow.case == "lower"
    assert voipnow.case_sensitive is True
    assert voipnow.statuses == (400, 401, 403, 500, 501)
    assert voipnow.builtin is True
    assert voipnow.path is not None and Path(voipnow.path).name == "voipnow.toml"


# --- Completeness: counts -------------------------------------------------------------------


def test_fonedynamics_counts(fone: Catalog) -> None:
    assert len(fone) == FONE_CODES
    assert sum(len(entry.locations) for entry in fone) == FONE_LISTINGS
    assert listings_in_file("fonedynamics") == FONE_LISTINGS


def test_voipnow_counts(voipnow: Catalog) -> None:
    assert len(voipnow) == VOIPNOW_CODES
    assert sum(len(entry.locations) for entry in voipnow) == VOIPNOW_LISTINGS
    assert listings_in_file("voipnow") == VOIPNOW_LISTINGS


def test_voipnow_codes_per_heading(voipnow: Catalog) -> None:
    per_status: dict[int, int] = {}
    for entry in voipnow:
        assert len(entry.statuses) == 1, f"{entry.code} is listed under one heading only"
        per_status[entry.statuses[0]] = per_status.get(entry.statuses[0], 0) + 1
    assert per_status == VOIPNOW_CODES_PER_STATUS


# --- Repeated listings and message variants ---------------------------------------------------


def test_voipnow_codes_with_several_messages(voipnow: Catalog) -> None:
    several = {entry.code: entry.messages for entry in voipnow if len(entry.messages) > 1}
    assert several == VOIPNOW_SEVERAL_MESSAGES
    assert all(len(entry.messages) == 1 for entry in voipnow if entry.code not in several)


def test_voipnow_repeated_listings(voipnow: Catalog) -> None:
    repeated = {entry.code: len(entry.locations) for entry in voipnow if len(entry.locations) > 1}
    assert repeated == VOIPNOW_LISTED_MORE_THAN_ONCE


def test_voipnow_extension_invalid_listed_twice_keeps_one_message(voipnow: Catalog) -> None:
    entry = voipnow.get("extension_invalid")
    assert entry is not None
    assert entry.messages == ("Invalid extension given in the URI-Fragment",)
    first, second = entry.locations
    assert first.line < second.line
    assert entry.location == first


def test_fonedynamics_every_code_has_one_message(fone: Catalog) -> None:
    assert all(len(entry.messages) == 1 and entry.message for entry in fone)


# --- Statuses -------------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "status"), VOIPNOW_STATUS_SAMPLES)
def test_voipnow_status_follows_heading(voipnow: Catalog, code: str, status: int) -> None:
    entry = voipnow.get(code)
    assert entry is not None, f"{code} missing"
    assert entry.statuses == (status,)


def test_fonedynamics_only_forbidden_has_a_status(fone: Catalog) -> None:
    forbidden = fone.get("FORBIDDEN")
    assert forbidden is not None
    assert forbidden.statuses == (403,)
    assert fone.statuses_for(forbidden) == (403,)
    unknown = [entry for entry in fone if entry.code != "FORBIDDEN"]
    assert len(unknown) == FONE_CODES - 1
    assert all(entry.statuses == () for entry in unknown)
    account = fone.get("ACCOUNT_NOT_FOUND")
    assert account is not None
    assert fone.statuses_for(account) == (400, 401, 403, 500)


# --- Fields, messages, groups, case ---------------------------------------------------------


def test_fonedynamics_field_codes(fone: Catalog) -> None:
    with_field = {entry.code for entry in fone if entry.field is not None}
    assert with_field == FONE_FIELD_CODES
    assert {entry.field for entry in fone if entry.field is not None} == {"FieldName"}


def test_voipnow_has_no_field_codes(voipnow: Catalog) -> None:
    assert [entry.code for entry in voipnow if entry.field is not None] == []


@pytest.mark.parametrize(("code", "message"), VOIPNOW_MESSAGE_SAMPLES)
def test_voipnow_messages_are_verbatim(voipnow: Catalog, code: str, message: str) -> None:
    entry = voipnow.get(code)
    assert entry is not None, f"{code} missing"
    assert entry.message == message


@pytest.mark.parametrize(("code", "message"), FONE_MESSAGE_SAMPLES)
def test_fonedynamics_messages_are_verbatim(fone: Catalog, code: str, message: str) -> None:
    entry = fone.get(code)
    assert entry is not None, f"{code} missing"
    assert entry.message == message


@pytest.mark.parametrize(
    ("name", "code", "group"),
    [
        ("voipnow", "cdr_invalid_filter_by_destination", "cdr"),
        ("voipnow", "fx_upload_identifier_invalid", "fx"),
        ("voipnow", "pc_private_invalid", "pc"),
        ("voipnow", "pce_access_denied", "pce"),
        ("voipnow", "qag_fail_update", "qag"),
        ("voipnow", "invalid_filter_by_published", None),
        ("voipnow", "unauthorized", None),
        ("fonedynamics", "INVALID_SMS_TEXT", "INVALID"),
        ("fonedynamics", "UNKNOWN_NUMBERTYPE", "UNKNOWN"),
        ("fonedynamics", "FORBIDDEN", None),
    ],
)
def test_group_samples(name: str, code: str, group: str | None) -> None:
    entry = load_builtin(name).get(code)
    assert entry is not None, f"{code} missing"
    assert entry.group == group


def test_voipnow_codes_are_lower_case(voipnow: Catalog) -> None:
    bad = [entry.code for entry in voipnow if entry.code != entry.code.lower()]
    assert bad == []
    assert all(voipnow.conforms_to_case(entry.code) for entry in voipnow)


def test_fonedynamics_codes_are_upper_case(fone: Catalog) -> None:
    bad = [entry.code for entry in fone if entry.code != entry.code.upper()]
    assert bad == []
    assert all(fone.conforms_to_case(entry.code) for entry in fone)


@pytest.mark.parametrize("name", ["fonedynamics", "voipnow"])
def test_locations_point_at_the_entries(name: str) -> None:
    """Go-to-definition on a built-in code lands on its ``[[codes]]`` table in the shipped file."""
    catalog = load_builtin(name)
    lines = (CATALOG_DIR / f"{name}.toml").read_text(encoding="utf-8").splitlines()
    for entry in catalog:
        for location in entry.locations:
            assert Path(location.path).name == f"{name}.toml"
            block = lines[location.line - 1 : location.line + 3]
            assert block[0].strip() == "[[codes]]", f"{entry.code}: {location}"
            assert f'code = "{entry.code}"' in block, f"{entry.code}: {location}"


# --- Cross-check against the seed documents, with a parser independent of the loader -------

# A VoipNow row: a lower_snake_case code glued to a message that starts with a capital letter
# (one row separates them with a space instead).
VOIPNOW_ROW = re.compile(r"^([a-z][a-z0-9_]*)(?: |(?=[A-Z]))(.+)$")
VOIPNOW_HEADING = re.compile(r"^([45]\d\d) [A-Z]")
# A Fone Dynamics row: an UPPER_SNAKE code, one space, the description.
FONE_ROW = re.compile(r"^([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*) (.+)$")


def voipnow_seed_rows() -> list[tuple[int, str, str]]:
    rows: list[tuple[int, str, str]] = []
    status: int | None = None
    for line in VOIPNOW_SEED.read_text(encoding="utf-8").splitlines():
        heading = VOIPNOW_HEADING.match(line)
        if heading:
            status = int(heading.group(1))
            continue
        row = VOIPNOW_ROW.match(line)
        if row and status is not None:
            rows.append((status, row.group(1), row.group(2)))
    return rows


def fone_seed_rows() -> list[tuple[str, str]]:
    lines = FONE_SEED.read_text(encoding="utf-8").splitlines()
    table = lines[lines.index("Error Code Description") + 1 :]
    rows = [FONE_ROW.match(line) for line in table if line.strip()]
    assert all(rows), "every line of the Error Codes table is a code row"
    return [(row.group(1), row.group(2)) for row in rows if row]


@needs_seeds
def test_voipnow_seed_rows_are_all_in_the_catalog(voipnow: Catalog) -> None:
    rows = voipnow_seed_rows()
    assert len(rows) == VOIPNOW_LISTINGS
    assert len({code for _, code, _ in rows}) == VOIPNOW_CODES
    for status, code, message in rows:
        entry = voipnow.get(code)
        assert entry is not None, f"{code} is documented but missing"
        assert entry.statuses == (status,), code
        assert message in entry.messages, f"{code}: {message!r} not in {entry.messages!r}"
    assert {entry.code for entry in voipnow} == {code for _, code, _ in rows}


@needs_seeds
def test_voipnow_every_snake_token_in_the_seed_is_a_code(voipnow: Catalog) -> None:
    text = VOIPNOW_SEED.read_text(encoding="utf-8")
    # Greedy lower-case runs stop at the capital letter the message is glued on with.
    tokens = set(re.findall(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+", text))
    tokens.discard("error_code")  # the placeholder in the page's JSON format example
    assert "\nunauthorizedAccess unauthorized\n" in text
    tokens.add("unauthorized")  # the one code without an underscore
    assert len(tokens) == VOIPNOW_CODES
    assert sorted(token for token in tokens if token not in voipnow) == []


@needs_seeds
def test_fonedynamics_seed_rows_are_all_in_the_catalog(fone: Catalog) -> None:
    rows = fone_seed_rows()
    assert len(rows) == FONE_LISTINGS
    for code, message in rows:
        entry = fone.get(code)
        assert entry is not None, f"{code} is documented but missing"
        assert entry.messages == (message,), code
    assert [entry.code for entry in fone] == [code for code, _ in rows]


@needs_seeds
def test_fonedynamics_every_upper_token_in_the_seed_is_a_code(fone: Catalog) -> None:
    text = FONE_SEED.read_text(encoding="utf-8")
    tokens = set(re.findall(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b", text))
    tokens.add("FORBIDDEN")  # the one code without an underscore, also quoted in the prose
    assert "FORBIDDEN" in text
    assert sorted(token for token in tokens if token not in fone) == []
    assert len(tokens) == FONE_CODES
