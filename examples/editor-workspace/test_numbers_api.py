"""Tests against the Fone Dynamics API (upper-case codes), for trying errlsp in an editor.

Hover over a code for its documented message and status; type a new assert_api_error call for
completion inside its quotes. The second test misspells its code on purpose: errlsp reports it
with a "did you mean" and a quick fix.
"""

from __future__ import annotations

from pytest_errcodes import assert_api_error


def test_number_requires_a_name(client):
    resp = client.post("/numbers", json={})
    assert_api_error(resp, "PARAMETER_REQUIRED", field="name")


def test_number_requires_an_address(client):
    resp = client.post("/numbers", json={"name": "support"})
    assert_api_error(resp, "PARAMETER_REQUIRD", field="address")


def test_unknown_number(client):
    resp = client.get("/numbers/0")
    assert_api_error(resp, "NUMBER_NOT_FOUND")
