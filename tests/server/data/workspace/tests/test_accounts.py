from __future__ import annotations

from pytest_errcodes import assert_api_error


def test_missing_account(client):
    resp = client.get("/accounts/0")
    assert resp.status_code == 400
    assert_api_error(resp, "ACCOUNT_NOT_FOUND")


def test_typo(client):
    resp = client.get("/accounts/x")
    assert_api_error(resp, "ACCOUNT_NOT_FOUN")


def test_voipnow(client):
    resp = client.get("/cdr")
    if resp.json()["error"]["code"] == "cdr_start_date_invalid":
        return
