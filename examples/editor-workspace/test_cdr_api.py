"""Tests against the VoipNow UnifiedAPI (lower-case codes in {"error": {"code": ...}} bodies).

errlsp recognises comparisons with the error body's code as well as the helpers.
"""

from __future__ import annotations


def test_cdr_rejects_a_bad_start_date(client):
    resp = client.get("/cdr", params={"startDate": "yesterday"})
    body = resp.json()
    assert resp.status_code == 400
    assert body["error"]["code"] == "cdr_start_date_invalid"


def test_cdr_rejects_a_bad_party(client):
    resp = client.get("/cdr", params={"source": "?", "destination": "?"})
    body = resp.json()
    assert body["error"]["code"] in ("cdr_source_invalid", "cdr_destination_invalid")
