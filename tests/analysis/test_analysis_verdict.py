"""The verdict (``errlsp.analysis.verdict.judge``): one decision for every face."""

from __future__ import annotations

import pytest

from errlsp.analysis.verdict import Context, judge, verdict_message
from errlsp.catalog import CatalogSet, load_builtin, parse_catalog

SHOP = parse_catalog(
    '[catalog]\nname = "shop"\ntitle = "Shop"\ncase_sensitive = false\n\n'
    '[[codes]]\ncode = "Cart_Empty"\nmessage = "The cart is empty."\n',
    "shop.toml",
)
EVERY = CatalogSet((load_builtin("fonedynamics"), load_builtin("voipnow"), SHOP))
VOIPNOW = EVERY.subset(["voipnow"])


@pytest.mark.parametrize(
    ("code", "context", "scoped", "outcome", "reported"),
    [
        ("PARAMETER_REQUIRED", Context(), EVERY, "documented", True),
        ("cart_empty", Context(), EVERY, "documented", True),  # the catalog ignores case
        ("parameter_required", Context(), EVERY, "wrong-case", True),
        ("PARAMETER_REQURED", Context(), EVERY, "unknown", True),
        ("PARAMETER_REQUIRED", Context(), VOIPNOW, "other-catalog", True),
        ("PARAMETER_REQUIRED", Context(catalogs=("fonedynamics",)), VOIPNOW, "documented", True),
        ("PARAMETER_REQUIRED", Context(catalogs=("nope",)), VOIPNOW, "other-catalog", True),
        ("PARAMETER_REQUIRED", Context(strict=False), VOIPNOW, "other-catalog", False),
        ("NOT_A_CODE_AT_ALL", Context(strict=False), EVERY, "unknown", False),
        # generic contexts: other libraries' codes are not findings, near misses are
        ("invalid", Context(names_api=False), EVERY, "unknown", False),
        ("PARAMETER_REQURED", Context(names_api=False), EVERY, "unknown", True),
        ("Forbidden", Context(names_api=False), EVERY, "wrong-case", False),
        ("Parameter_Required", Context(names_api=False), EVERY, "wrong-case", True),
        ("invalid", Context(names_api=False, strict=True), EVERY, "unknown", True),
    ],
)
def test_judge(code, context, scoped, outcome, reported) -> None:
    verdict = judge(code, context, EVERY, scoped)
    assert (verdict.outcome, verdict.reported) == (outcome, reported)


def test_an_explicit_catalog_beats_the_scope_and_unknown_names_fall_back() -> None:
    assert EVERY.resolve(("fonedynamics",), VOIPNOW).names == ("fonedynamics",)
    assert EVERY.resolve(("nope",), VOIPNOW).names == ("voipnow",)
    assert EVERY.resolve((), VOIPNOW).names == ("voipnow",)


def test_fixes_and_messages_come_from_the_verdict() -> None:
    typo = judge("PARAMETER_REQURED", Context(), EVERY, EVERY)
    assert typo.replacement == "PARAMETER_REQUIRED" and typo.fix_safe
    assert verdict_message(typo) == (
        "'PARAMETER_REQURED' is not a documented error code (searched fonedynamics, voipnow, "
        "shop). Did you mean 'PARAMETER_REQUIRED'?"
    )
    assert "Did you mean" not in verdict_message(typo, suggestions=False)
    case = judge("parameter_required", Context(), EVERY, EVERY)
    assert case.replacement == "PARAMETER_REQUIRED"
    assert verdict_message(case) == (
        "'parameter_required' is documented as 'PARAMETER_REQUIRED' in fonedynamics "
        "(codes are case-sensitive)"
    )
    other = judge("PARAMETER_REQUIRED", Context(), EVERY, VOIPNOW)
    assert other.replacement is None and not other.fix_safe


def test_statuses_of_an_entry_fall_back_to_the_api() -> None:
    fone = EVERY.get("fonedynamics")
    assert fone is not None
    forbidden, required = fone.get("FORBIDDEN"), fone.get("PARAMETER_REQUIRED")
    assert forbidden is not None and required is not None
    assert EVERY.statuses_of(forbidden) == (403,)
    assert EVERY.statuses_of(required) == fone.statuses
