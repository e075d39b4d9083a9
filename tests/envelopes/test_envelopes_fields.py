"""Field paths in every spelling APIs use reduce to one dotted, case-keeping form."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from errlsp.envelopes import normalise_field
from errlsp.envelopes.fields import field_names, path_field, to_pointer


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("name", "name"),
        ("Name", "Name"),
        ("  firstName ", "firstName"),
        ("/name", "name"),
        ("#/name", "name"),
        ("#/age", "age"),
        ("/items/0/name", "items.0.name"),
        ("#/profile/color", "profile.color"),
        ("/data/attributes/name", "name"),
        ("/data/attributes/first-name", "first-name"),
        ("/data/relationships/author", "author"),
        ("/data/attributes/address/city", "address.city"),
        ("data.attributes.name", "data.attributes.name"),
        ("/data", "data"),
        ("/a~1b/c~0d", "a/b.c~d"),
        ("$.age", "age"),
        ("$['user']['email']", "user.email"),
        ("items[0].name", "items.0.name"),
        ("user[email]", "user.email"),
        ("card[number]", "card.number"),
        ("shipping[address][line1]", "shipping.address.line1"),
        ("address_lines[0]", "address_lines.0"),
        ("book.title", "book.title"),
        ("a..b.", "a.b"),
        ("", ""),
        ("#", ""),
        ("/", ""),
        ("$", ""),
    ],
)
def test_normalise_field(path, expected):
    assert normalise_field(path) == expected


@given(st.text(alphabet="abcXYZ019_-./[]'\" ", max_size=30))
def test_normalise_field_is_idempotent(path):
    once = normalise_field(path)
    assert normalise_field(once) == once


@given(st.lists(st.from_regex(r"[A-Za-z_][A-Za-z0-9_-]{0,8}", fullmatch=True), min_size=1))
def test_pointer_round_trips(segments):
    assume(segments[0] != "data")  # "/data/attributes/..." is JSON:API's prefix, dropped
    field = ".".join(segments)
    assert normalise_field(to_pointer(field, prefix="#")) == field
    assert normalise_field(to_pointer(field, prefix="/data/attributes")) == field


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Name", ("Name",)),
        ("Email,PhoneNumber", ("Email", "PhoneNumber")),
        ("Email, PhoneNumber; Fax", ("Email", "PhoneNumber", "Fax")),
        (["a", "/b", 3, None, "a"], ("a", "b")),
        ({"x": 1, "y": 2}, ("x", "y")),
        ("", ()),
        (None, ()),
        (42, ()),
    ],
)
def test_field_names(value, expected):
    assert field_names(value) == expected


@pytest.mark.parametrize(
    ("parts", "skip", "expected"),
    [
        (["hero", "heroFriends", 1, "name"], (), ("hero.heroFriends.1.name",)),
        (["body", "user", "email"], ("body", "query"), ("user.email",)),
        (["body"], ("body",), ()),
        ("not-a-list", (), ()),
        ([None, {"x": 1}], (), ()),
    ],
)
def test_path_field(parts, skip, expected):
    assert path_field(parts, skip_first=skip) == expected
