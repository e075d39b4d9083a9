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

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from errlsp.catalog import Catalog, CatalogSet, ErrorCode
from errlsp.catalog.lookup import SUGGESTION_SPREAD

Outcome = Literal["documented", "wrong-case", "other-catalog", "unknown"]


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
    literal with it is unambiguous enough to apply without asking: one candidate clearly ahead
    of the next, in the catalog in scope, in the literal's case style, and that catalog
    complete. ``gentle``: a catalog searched is known to be incomplete (``complete = false``),
    so an unknown code may well be real: a warning with suggestions, not an error.
    """

    outcome: Outcome
    code: str
    searched: CatalogSet
    entry: ErrorCode | None = None
    suggestions: tuple[str, ...] = ()
    reported: bool = True
    fix_safe: bool = False
    gentle: bool = False  # a catalog searched is incomplete: a warning, never a safe fix

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
    names = searched.names
    elsewhere = [entry for entry in catalogs.documented(code) if entry.catalog not in names]
    if elsewhere:
        return Verdict("other-catalog", code, searched, elsewhere[0], reported=allowed)
    gentle = not all(is_complete(catalog) for catalog in searched)
    folded = searched.lookup_folded(code)
    if folded:
        right = folded[0]
        multiword = is_multiword(code) or is_multiword(right.code)
        reported = allowed and (_speaks_for_api(context) or multiword)
        safe = len({entry.code for entry in folded}) == 1 and not gentle
        return Verdict("wrong-case", code, searched, right, (right.code,), reported, safe, gentle)
    reported = allowed and (_speaks_for_api(context) or resembles(code, searched))
    if not reported:
        return Verdict("unknown", code, searched, reported=False, gentle=gentle)
    scored = searched.suggest_scored(code)
    best = scored[0][1] if scored else 0.0
    suggestions = tuple(name for name, score in scored if score >= best - SUGGESTION_SPREAD)
    safe = not gentle and _unambiguous(code, scored)
    return Verdict("unknown", code, searched, None, suggestions, True, safe, gentle)


def is_complete(catalog: Catalog) -> bool:
    """Whether the catalog claims to list every code its API returns."""
    return catalog.is_complete


def _speaks_for_api(context: Context) -> bool:
    return context.names_api or context.strict is True


def is_multiword(code: str) -> bool:
    """Several words in any case style: ``a_b``, ``a-b``, ``a.b``, ``itemNotFound``,
    ``NoSuchKey``. Between such codes a case difference is a typo; between plain words
    (``match="Forbidden"`` for ``FORBIDDEN``) it is more often someone else's word."""
    return any(char in "_-.:" for char in code) or _CAMEL.search(code) is not None


_CAMEL = re.compile(r"[a-z0-9][A-Z]")
# How far ahead of the runner-up (0-100 similarity) a suggestion must be to replace a code
# without asking; closer calls are offered as suggestions only.
CLEAR_LEAD = 8.0


def case_style(code: str) -> str:
    """``snake``, ``kebab``, ``dotted``, ``camel``, ``pascal``, ``upper``, ``lower``, ``mixed``."""
    for separator, style in (("_", "snake"), ("-", "kebab"), (".", "dotted")):
        if separator in code:
            return style
    if code.isupper():
        return "upper"
    if code.islower():
        return "lower"
    if _CAMEL.search(code):
        return "pascal" if code[:1].isupper() else "camel"
    return "mixed"


def _unambiguous(code: str, scored: Sequence[tuple[str, float]]) -> bool:
    """One candidate clearly ahead of the next and written in the literal's case style: then
    replacing the literal cannot turn working code into other working code."""
    if not scored:
        return False
    best, score = scored[0]
    if len(scored) > 1 and score - scored[1][1] < CLEAR_LEAD:
        return False
    return case_style(best) == case_style(code) and _same_separators(best, code)


def _same_separators(left: str, right: str) -> bool:
    """``rate_limited`` and ``ratelimited`` are two spellings an API may both use."""
    return [c for c in left if c in "_-.:"] == [c for c in right if c in "_-.:"]


def resembles(code: str, catalogs: CatalogSet) -> bool:
    """A typo of a documented code, in that catalog's case convention (``lookup.edits_allowed``)."""
    for catalog in catalogs:
        if not catalog.conforms_to_case(code) and catalog.get_folded(code) is None:
            continue
        if catalog.typos_of(code):
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
    "case_style",
    "is_complete",
    "is_multiword",
    "Context",
    "Outcome",
    "Verdict",
    "choices",
    "could_be_reported",
    "verdict_message",
    "judge",
    "resembles",
]
