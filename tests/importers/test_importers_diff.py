"""``diff_catalogs`` and ``errlsp catalog diff``: what an API upgrade added, removed, changed."""

from __future__ import annotations

import json

import pytest

from errlsp.catalog import parse_catalog
from errlsp.importers import diff_catalogs
from errlsp.importers.diff import render_diff

OLD = """[catalog]
name = "shop"
title = "Shop v1"
statuses = [400, 404]

[[codes]]
code = "cart_empty"
status = 400
message = "The cart is empty."

[[codes]]
code = "item_missing"
status = 404
message = "No such item."

[[codes]]
code = "coupon_expired"
message = "The coupon has expired."

[[codes]]
code = "Legacy_Code"
message = "Old."
"""

NEW = """[catalog]
name = "shop"
title = "Shop v2"
statuses = [400, 404, 409]

[[codes]]
code = "cart_empty"
status = 400
messages = ["The cart is empty.", "Add an item first."]

[[codes]]
code = "item_missing"
status = [404, 410]
message = "No such item."

[[codes]]
code = "legacy_code"
message = "Old."

[[codes]]
code = "stock_conflict"
status = 409
message = "Not enough stock."
"""


@pytest.fixture
def files(tmp_path):
    old, new = tmp_path / "old.toml", tmp_path / "new.toml"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    return old, new


def test_diff_catalogs_finds_every_kind_of_change():
    diff = diff_catalogs(parse_catalog(OLD, "old.toml"), parse_catalog(NEW, "new.toml"))
    assert [entry.code for entry in diff.added] == ["legacy_code", "stock_conflict"]
    assert [entry.code for entry in diff.removed] == ["coupon_expired", "Legacy_Code"]
    assert [(c.code, c.before, c.after) for c in diff.changed_status] == [
        ("item_missing", (404,), (404, 410))
    ]
    assert [(c.code, c.before, c.after) for c in diff.changed_messages] == [
        ("cart_empty", ("The cart is empty.",), ("The cart is empty.", "Add an item first."))
    ]
    assert diff.changed_statuses_api is not None
    assert diff.notes == ("Legacy_Code was removed, but legacy_code differs from it only in case",)
    assert not diff.empty


def test_render_diff_lines():
    diff = diff_catalogs(parse_catalog(OLD, "old.toml"), parse_catalog(NEW, "new.toml"))
    assert render_diff(diff) == [
        "- removed  coupon_expired",
        "- removed  Legacy_Code",
        "+ added    legacy_code  'Old.'",
        "+ added    stock_conflict (409)  'Not enough stock.'",
        "~ status   item_missing: 404 -> 404, 410",
        "~ message  cart_empty:",
        "    + 'Add an item first.'",
        "~ statuses (API-wide): 400, 404 -> 400, 404, 409",
        "note: Legacy_Code was removed, but legacy_code differs from it only in case",
        "shop -> shop: 2 added, 2 removed, 1 changed status, 1 changed messages",
    ]


def test_a_code_gaining_its_first_status():
    before = parse_catalog(OLD, "old.toml")
    after = parse_catalog(
        OLD.replace('code = "coupon_expired"', 'code = "coupon_expired"\nstatus = 410'), "n.toml"
    )
    assert (
        render_diff(diff_catalogs(before, after))[0] == "~ status   coupon_expired: unknown -> 410"
    )


def test_identical_catalogs_have_an_empty_diff():
    catalog = parse_catalog(OLD, "old.toml")
    assert diff_catalogs(catalog, catalog).empty


def test_cli_diff_exits_1_when_codes_were_removed(files, cli):
    old, new = files
    code, out, _ = cli("catalog", "diff", str(old), str(new))
    assert code == 1
    assert out.splitlines()[0] == "- removed  coupon_expired"


def test_cli_diff_exits_0_when_only_added(files, cli):
    old, new = files
    new.write_text(
        OLD.replace('title = "Shop v1"', 'title = "Shop v1.1"') + '\n[[codes]]\ncode = "x_y"\n',
        encoding="utf-8",
    )
    code, out, _ = cli("catalog", "diff", str(old), str(new))
    assert code == 0
    assert out.splitlines() == [
        "+ added    x_y",
        "shop -> shop: 1 added, 0 removed, 0 changed status, 0 changed messages",
    ]


def test_cli_diff_json(files, cli):
    old, new = files
    code, out, _ = cli("catalog", "diff", str(old), str(new), "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert report["removed"] == ["coupon_expired", "Legacy_Code"]
    assert report["changed_status"] == [
        {"code": "item_missing", "before": [404], "after": [404, 410]}
    ]


def test_cli_diff_accepts_builtin_names(cli, files):
    code, out, _ = cli("catalog", "diff", "voipnow", "voipnow")
    assert code == 0
    assert out == "voipnow -> voipnow: 0 added, 0 removed, 0 changed status, 0 changed messages\n"
    code, out, _ = cli("catalog", "diff", str(files[0]), "fonedynamics")
    assert code == 1
    assert "+ added    FORBIDDEN (403)" in out


def test_cli_diff_bad_arguments_exit_2(files, tmp_path, cli):
    code, out, err = cli("catalog", "diff", "nosuchapi", str(files[1]))
    assert (code, out) == (2, "")
    assert err.startswith(
        "error: OLD 'nosuchapi' is neither a catalog file nor a built-in catalog (built-in: "
    )
    broken = tmp_path / "broken.toml"
    broken.write_text(
        '[catalog]\nname = "x"\ntitle = "X"\n\n[[codes]]\ncode = "a b"\n', encoding="utf-8"
    )
    code, _, err = cli("catalog", "diff", str(files[0]), str(broken))
    assert code == 2
    assert err.startswith(f"error: {broken}:6: codes[0].code: expected a non-empty string")
