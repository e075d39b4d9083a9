"""Lookups: exact, case-folded, prefix completion and "did you mean"."""

from __future__ import annotations

import pytest

from errlsp.catalog import CatalogSet, load_builtin


@pytest.fixture(scope="module")
def both() -> CatalogSet:
    return CatalogSet((load_builtin("fonedynamics"), load_builtin("voipnow")))


def test_exact_and_folded(both: CatalogSet) -> None:
    fone = load_builtin("fonedynamics")
    assert fone.get("PARAMETER_REQUIRED") is not None
    assert fone.get("parameter_required") is None
    folded = fone.get_folded("parameter_required")
    assert folded is not None and folded.code == "PARAMETER_REQUIRED"
    assert [e.catalog for e in both.lookup("unauthorized")] == ["voipnow"]


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("PARAMETER_", ["PARAMETER_INVALID", "PARAMETER_REQUIRED", "PARAMETER_TOO_LONG",
                        "PARAMETER_TOO_SHORT"]),
        ("param", ["PARAMETER_INVALID", "PARAMETER_REQUIRED", "PARAMETER_TOO_LONG",
                   "PARAMETER_TOO_SHORT"]),
        ("pce_f", ["pce_fail_add", "pce_fail_update", "pce_fail_delete"]),
        ("zzz", []),
    ],
)  # fmt: skip
def test_prefix_completion_in_documentation_order(
    both: CatalogSet, prefix: str, expected: list[str]
) -> None:
    assert [entry.code for entry in both.complete(prefix)] == expected


def test_empty_prefix_lists_everything(both: CatalogSet) -> None:
    assert len(both.complete("")) == 53 + 70


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("PARAMETER_REQUIRD", "PARAMETER_REQUIRED"),
        ("PARAM_REQUIRED", "PARAMETER_REQUIRED"),
        ("FORBIDEN", "FORBIDDEN"),
        ("cdr_start_invalid", "cdr_start_date_invalid"),
        ("expired-token", "expired_token"),
    ],
)
def test_did_you_mean(both: CatalogSet, typed: str, first: str) -> None:
    assert both.suggest(typed)[0] == first


@pytest.mark.parametrize("nonsense", ["hello", "x", "", "   ", "DATABASE_URL", "utf-8"])
def test_nonsense_gets_no_suggestion(both: CatalogSet, nonsense: str) -> None:
    assert both.suggest(nonsense) == []


def test_suggestions_are_few_and_close(both: CatalogSet) -> None:
    assert both.suggest("PARAMETER_REQUIRD") == ["PARAMETER_REQUIRED"]
    assert len(both.suggest("pc_source_invalid_x")) <= 3


def test_statuses_fall_back_to_the_api_wide_ones() -> None:
    fone = load_builtin("fonedynamics")
    entry = fone.get("PARAMETER_REQUIRED")
    assert entry is not None
    assert fone.statuses_for(entry) == (400, 401, 403, 500)
    forbidden = fone.get("FORBIDDEN")
    assert forbidden is not None and fone.statuses_for(forbidden) == (403,)


def test_subset_keeps_requested_order(both: CatalogSet) -> None:
    assert both.subset(["voipnow", "fonedynamics"]).names == ("voipnow", "fonedynamics")
    assert both.subset(["missing"]).names == ()
