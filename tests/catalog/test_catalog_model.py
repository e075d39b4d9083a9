"""The catalog model: indexes of a ``Catalog`` and the set questions every face asks."""

from __future__ import annotations

from errlsp.catalog import CatalogSet, load_builtin, parse_catalog

INSENSITIVE = parse_catalog(
    '[catalog]\nname = "shop"\ntitle = "Shop"\ncase_sensitive = false\n\n'
    '[[codes]]\ncode = "Cart_Empty"\n',
    "shop.toml",
)


def test_documented_respects_each_catalogs_case_rule() -> None:
    fone = load_builtin("fonedynamics")
    catalogs = CatalogSet((fone, INSENSITIVE))
    assert [entry.code for entry in catalogs.documented("CART_EMPTY")] == ["Cart_Empty"]
    assert catalogs.documented("parameter_required") == []  # fonedynamics is case-sensitive
    assert [entry.code for entry in catalogs.lookup_folded("parameter_required")] == [
        "PARAMETER_REQUIRED"
    ]


def test_union_keeps_order_and_drops_duplicates_by_name() -> None:
    fone, voip = load_builtin("fonedynamics"), load_builtin("voipnow")
    first = CatalogSet((fone,))
    assert first.union([voip, fone]).names == ("fonedynamics", "voipnow")
    assert first.union([fone]) is first


def test_subset_follows_the_requested_order() -> None:
    catalogs = CatalogSet((load_builtin("fonedynamics"), load_builtin("voipnow")))
    assert catalogs.subset(["voipnow", "fonedynamics"]).names == ("voipnow", "fonedynamics")
    assert catalogs.subset(["missing"]).names == ()
