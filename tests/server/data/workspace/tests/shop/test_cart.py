from __future__ import annotations

from pytest_errcodes import assert_api_error


def test_cart(client):
    resp = client.post("/cart/checkout")
    assert_api_error(resp, "cart_empty", status=400)


def test_stock(client):
    resp = client.post("/cart/items")
    if resp.status_code == 409:
        assert_api_error(resp, "out_of_stock")
