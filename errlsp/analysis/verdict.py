"""The verdict on one code: documented, wrong case, another API's, or unknown.

This is the one place that decides. ``errlsp check`` and the language server ask it for every
reference in source, hover asks it for the code under the cursor, and the pytest plugin asks
it for the code a test expects; none of them decides on its own, so the three cannot
disagree (``tests/test_agreement.py`` holds them to it).

Generic contexts (an accessor comparison, ``match``, an exception constructor) also see other
libraries' codes: Django's ``ValidationError.code == "invalid"`` is not an API error code.
There, a literal that is not documented is *reported* only when it resembles a documented code,
or is a code-shaped variant of one in another case; a context that names the API (our helpers,
configured accessors and exceptions, an explicit catalog) or strictness reports every one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from errlsp.catalog import CatalogSet, ErrorCode

Outcome = Literal["documented", "wrong-case", "other-catalog", "unknown"]
# Similarity (0-100, case and separators ignored) above which a literal in a generic context
# is taken for a mistyped API code rather than another library's code.
RESEMBLANCE = 90.0


@dataclass(frozen=True, slots=True)
class Context:
    """What the code around a literal says about how to judge it.

    ``catalogs``: catalogs named for it, most specific first (a call's ``catalog=``, a test's
    ``errcodes`` marker, a file's ``# errlsp: catalog=``); they beat the file's scope.
    ``strict``: ``True`` reports every undocumented code, ``False`` none (a helper's
    ``strict=False``), ``None`` leaves it to the context: reported where it names the API,
    else only when it resembles a documented code.
    """

    names_api: bool = True
    catalogs: tuple[str, ...] = ()
    strict: bool | None = None


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the catalogs say about one code in one context.

    ``entry`` is the documenting entry (documented), the entry in another case (wrong case) or
    in another catalog (other catalog). ``reported`` says whether this outcome is a finding
    here. ``replacement`` is the spelling to offer, and ``fix_safe`` whether replacing the
    literal with it is unambiguous enough to apply without asking.
    """

    outcome: Outcome
    code: str
    searched: CatalogSet
    entry: ErrorCode | None = None
    suggestions: tuple[str, ...] = ()
    reported: bool = True
    fix_safe: bool = False

    @property
    def documented(self) -> bool:
        return self.outcome == "documented"

    @property
    def replacement(self) -> str | None:
        if self.outcome == "wrong-case" and self.entry is not None:
            return self.entry.code
        if self.outcome == "unknown" and self.suggestions:
            return self.suggestions[0]
        return None

    @property
    def searched_names(self) -> str:
        return ", ".join(self.searched.names) or "no catalog"


def judge(code: str, context: Context, catalogs: CatalogSet, scoped: CatalogSet) -> Verdict:
    """The verdict on ``code``: ``catalogs`` are all active ones, ``scoped`` the file's."""
    searched = catalogs.resolve(context.catalogs, scoped)
    documented = searched.documented(code)
    if documented:
        return Verdict("documented", code, searched, documented[0])
    allowed = context.strict is not False
    elsewhere = [
        entry for entry in catalogs.documented(code) if entry.catalog not in searched.names
    ]
    if elsewhere:
        return Verdict("other-catalog", code, searched, elsewhere[0], reported=allowed)
    folded = searched.lookup_folded(code)
    if folded:
        reported = allowed and (_speaks_for_api(context) or _code_like(code))
        right = folded[0]
        return Verdict("wrong-case", code, searched, right, (right.code,), reported, True)
    reported = allowed and (_speaks_for_api(context) or resembles(code, searched))
    if not reported:
        return Verdict("unknown", code, searched, reported=False)
    suggestions = tuple(searched.suggest(code))
    return Verdict("unknown", code, searched, None, suggestions, True, bool(suggestions))


def _speaks_for_api(context: Context) -> bool:
    return context.names_api or context.strict is True


def _code_like(code: str) -> bool:
    """A code-like literal (with a separator, such as ``Parameter_Required``) in another case
    is a typo; a plain word (``match="Forbidden"``) is someone else's."""
    return "_" in code or "-" in code


def resembles(code: str, catalogs: CatalogSet) -> bool:
    """Close enough to a documented code, in that catalog's case convention, to be a typo."""
    for catalog in catalogs:
        if not catalog.conforms_to_case(code) and catalog.get_folded(code) is None:
            continue
        if catalog.suggest(code, limit=1, cutoff=RESEMBLANCE):
            return True
    return False


def could_be_reported(code: str, catalogs: CatalogSet) -> bool:
    """Whether a literal in a generic context could get any verdict worth reporting.

    The check's pre-pass asks this of the literals near each context, to skip parsing files
    whose contexts hold only other libraries' codes; it must agree with ``judge``.
    """
    return bool(catalogs.lookup(code) or catalogs.lookup_folded(code) or resembles(code, catalogs))


def verdict_message(verdict: Verdict, *, suggestions: bool = True) -> str:
    """The verdict in the rule's own words (findings, hover, the plugin's failure headline);
    ``suggestions=False`` leaves "Did you mean" to a caller that shows it on its own line."""
    from errlsp.rules import RULES

    entry = verdict.entry
    if verdict.outcome == "documented" and entry is not None:
        return f"{verdict.code!r} is documented in {entry.catalog}"
    if verdict.outcome == "other-catalog" and entry is not None:
        return RULES["other-catalog"].message(
            code=verdict.code, catalog=entry.catalog, searched=verdict.searched_names
        )
    if verdict.outcome == "wrong-case" and entry is not None:
        return RULES["wrong-case"].message(
            code=verdict.code, right=entry.code, catalog=entry.catalog
        )
    if verdict.suggestions and suggestions:
        return RULES["unknown-code"].message(
            "suggestions",
            code=verdict.code,
            searched=verdict.searched_names,
            choices=choices(verdict.suggestions),
        )
    return RULES["unknown-code"].message(code=verdict.code, searched=verdict.searched_names)


def choices(suggestions: Sequence[str]) -> str:
    return " or ".join(repr(suggestion) for suggestion in suggestions)


__all__ = [
    "RESEMBLANCE",
    "Context",
    "Outcome",
    "Verdict",
    "choices",
    "could_be_reported",
    "verdict_message",
    "judge",
    "resembles",
]
