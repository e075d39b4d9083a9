"""Tests of the Fone Dynamics client, as a team would write them."""

from __future__ import annotations

from pytest_errcodes import assert_api_error


def test_missing_name(client):
    resp = client.post("/accounts", json={})
    assert_api_error(resp, "PARAMETER_REQUIRED", field="Name")


def test_missing_name_typo(client):
    resp = client.post("/accounts", json={})
    assert_api_error(resp, "PARAMETER_REQUIRD", field="Name")


def test_wrong_case(client):
    resp = client.get("/numbers/0")
    assert_api_error(resp, "number_not_found")


def test_forbidden_status(client):
    resp = client.delete("/accounts/1")
    assert_api_error(resp, "FORBIDDEN", status=401)


def test_date_range_has_no_field(client):
    resp = client.get("/calls?from=2025-02-01&to=2025-01-01")
    assert_api_error(resp, "INVALID_DATE_RANGE", field="from")


def test_legacy_code(client):
    resp = client.get("/legacy")
    assert_api_error(resp, "LEGACY_CODE")  # errlsp: ignore[unknown-code]
