"""Tests of the VoipNow CDR endpoint: this folder is scoped to the voipnow catalog."""

from __future__ import annotations

from pytest_errcodes import assert_api_error


def test_bad_start_date(client):
    resp = client.get("/cdr?startDate=yesterday")
    assert resp.status_code == 400
    assert resp.json()["error"]["code"] == "cdr_start_date_invalid"


def test_expired_token(client):
    resp = client.get("/cdr", headers={"Authorization": "Bearer old"})
    assert_api_error(resp, "expired_token", status=401)


def test_wrong_api(client):
    resp = client.get("/cdr?startDate=yesterday")
    assert_api_error(resp, "INVALID_DATE_RANGE")


def test_not_implemented_status(client):
    resp = client.post("/cdr/export")
    assert_api_error(resp, "not_implemented", status=500)
