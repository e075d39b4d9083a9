"""Check references against the catalogs: the rules, their messages, fixes and suppression.

Generic contexts (an accessor comparison, ``match``, an exception constructor) also see other
libraries' codes: Django's ``ValidationError.code == "invalid"`` is not an API error code.
There, a literal is reported only when it resembles a documented code; a context that names
the API (our helpers, configured accessors and exceptions, an explicit catalog) or
``strict = true`` reports every undocumented literal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from errlsp.analysis.contexts import file_catalog, settings_contexts
from errlsp.analysis.model import CodeReference, Finding, Fix, Position
from errlsp.analysis.references import BlockCache, SourceSyntaxError, references
from errlsp.analysis.rules import RULES, severity_of
from errlsp.catalog import Catalog, CatalogSet, ErrorCode
from errlsp.config import Settings, scoped_catalogs

_IGNORE = re.compile(r"#\s*errlsp:\s*ignore(?:\[([^\]]*)\])?")
# Similarity (0-100, case and separators ignored) above which a literal in a generic context
# is taken for a mistyped API code rather than another library's code.
RESEMBLANCE = 90.0


def check_source(
    text: str,
    settings: Settings,
    catalogs: CatalogSet,
    *,
    path: str | Path | None = None,
    whole_file: bool = False,
    cache: BlockCache | None = None,
) -> list[Finding]:
    """All findings of one file, suppressed and severity-filtered, in source order."""
    if not whole_file and not settings.strict and not _worth_parsing(text, settings, catalogs):
        return []
    try:
        found = references(text, settings, whole_file=whole_file, cache=cache)
    except SourceSyntaxError as error:
        finding = Finding("syntax-error", "error", error.message, error.span)
        return _filtered([finding], text, settings, path)
    scoped = scoped_catalogs(settings, catalogs, path)
    findings = check(found, catalogs, scoped, settings)
    return _filtered(findings, text, settings, path)


_LITERAL = re.compile(r"""(?<![\w'"])[rRuU]?(['"])([A-Za-z][A-Za-z0-9_.:-]{0,79})\1""")
# `code = e.code` (formatted as an assignment, not `code=e.code,` as a keyword argument)
_BOUND = re.compile(r"^[ \t]*[A-Za-z_]\w*(?:[ \t]*:[^=\n]*)?[ \t]+=[ \t][^\n]*[^,\s][ \t]*$", re.M)
_WINDOW = 400  # characters after a context match in which its literals stand


def _worth_parsing(text: str, settings: Settings, catalogs: CatalogSet) -> bool:
    """Whether any context in ``text`` could yield a finding; False skips the parse.

    In generic contexts only literals that are documented, documented in another case, or
    resemble a documented code can become findings, and most files that compare ``.code``
    (Django's forms, say) compare other libraries' codes. A cheap look at the literals near
    each context spares libcst those files. Contexts that name the API, bound names (compared
    later, anywhere) and an explicit file catalog always need the parse.
    """
    contexts = settings_contexts(settings).with_aliases(text)
    if file_catalog(text) is not None:
        return True
    for match in contexts.prefilter.matches(text):
        if contexts.prefilter.names_api(match, contexts):
            return True
        line_start = text.rfind("\n", 0, match.start()) + 1
        if contexts.prefilter.is_accessor(match) and _BOUND.match(text, line_start):
            return True  # a bound name may be compared anywhere later in the function
        window = text[line_start : match.end() + _WINDOW]
        for literal in _LITERAL.finditer(window):
            code = literal.group(2)
            if catalogs.lookup(code) or catalogs.lookup_folded(code) or _resembles(code, catalogs):
                return True
    return False


def check(
    found: Iterable[CodeReference],
    catalogs: CatalogSet,
    scoped: CatalogSet,
    settings: Settings,
) -> list[Finding]:
    """Apply every rule to every reference (no suppression, default severities applied)."""
    findings: list[Finding] = []
    for reference in found:
        findings.extend(_check_reference(reference, catalogs, scoped, settings))
    return findings


def _check_reference(
    reference: CodeReference, catalogs: CatalogSet, scoped: CatalogSet, settings: Settings
) -> list[Finding]:
    code = reference.code
    searched = scoped
    if reference.catalog is not None:
        explicit = catalogs.subset([reference.catalog])
        searched = explicit if len(explicit) else scoped
    entries = searched.lookup(code) or [
        entry
        for entry in searched.lookup_folded(code)
        if (catalog := searched.catalog_of(entry)) is not None and not catalog.case_sensitive
    ]
    if entries:
        return _documented(reference, entries[0], searched.catalog_of(entries[0]))
    elsewhere = [entry for entry in catalogs.lookup(code) if entry.catalog not in searched.names]
    if elsewhere:
        names = ", ".join(searched.names)
        return [
            _finding(
                "other-catalog",
                reference,
                f"{code!r} is documented in {elsewhere[0].catalog}, not in {names}, "
                "the catalog in scope here",
                catalog=elsewhere[0].catalog,
            )
        ]
    folded = [
        entry
        for entry in searched.lookup_folded(code)
        if (catalog := searched.catalog_of(entry)) is not None and catalog.case_sensitive
    ]
    if folded and not _case_typo_here(reference, settings, searched):
        return []
    if folded:
        right = folded[0].code
        return [
            _finding(
                "wrong-case",
                reference,
                f"{code!r} is documented as {right!r} in {folded[0].catalog} "
                "(codes are case-sensitive)",
                catalog=folded[0].catalog,
                suggestions=(right,),
                replacement=right,
            )
        ]
    suggestions = tuple(searched.suggest(code))
    if not (reference.names_api or settings.strict) and not _resembles(code, searched):
        return []
    names = ", ".join(searched.names) or "no catalog"
    message = f"{code!r} is not a documented error code (searched {names})"
    if suggestions:
        message += ". Did you mean " + " or ".join(repr(s) for s in suggestions) + "?"
    return [
        _finding(
            "unknown-code",
            reference,
            message,
            suggestions=suggestions,
            replacement=suggestions[0] if suggestions else None,
        )
    ]


def _documented(
    reference: CodeReference, entry: ErrorCode, catalog: Catalog | None
) -> list[Finding]:
    findings: list[Finding] = []
    code = reference.code
    allowed = catalog.statuses_for(entry) if catalog else entry.statuses
    if reference.status is not None and allowed and reference.status not in allowed:
        source = "per code" if entry.statuses else "by the API"
        documented = ", ".join(map(str, allowed))
        findings.append(
            _finding(
                "status-mismatch",
                reference,
                f"{code!r} is documented with status {documented} ({source}), "
                f"but status {reference.status} is checked here",
                catalog=entry.catalog,
            )
        )
    if reference.field and entry.field is None:
        fields = ", ".join(repr(name) for name in reference.field)
        findings.append(
            _finding(
                "field-mismatch",
                reference,
                f"{code!r} carries no field name in {entry.catalog}, "
                f"but field {fields} is asserted",
                catalog=entry.catalog,
            )
        )
    if entry.deprecated:
        findings.append(
            _finding(
                "deprecated-code",
                reference,
                f"{code!r} is deprecated in {entry.catalog}: {entry.deprecated}",
                catalog=entry.catalog,
            )
        )
    return findings


def _case_typo_here(reference: CodeReference, settings: Settings, catalogs: CatalogSet) -> bool:
    """Whether a code documented in another case is a typo here, not another API's code.

    Generic contexts see other libraries' codes: ``match="Forbidden"`` in ``pytest.raises`` or
    ``raise HTTPError("Unauthorized")``. There, only a code-like literal (with a separator,
    such as ``Parameter_Required``) is taken for a typo; a plain word is someone else's.
    """
    if reference.names_api or settings.strict:
        return True
    return "_" in reference.code or "-" in reference.code


def _resembles(code: str, catalogs: CatalogSet) -> bool:
    """Close enough to a documented code, in that catalog's case convention, to be a typo."""
    for catalog in catalogs:
        if not catalog.conforms_to_case(code) and catalog.get_folded(code) is None:
            continue
        if catalog.suggest(code, limit=1, cutoff=RESEMBLANCE):
            return True
    return False


def _finding(
    rule: str,
    reference: CodeReference,
    message: str,
    *,
    catalog: str | None = None,
    suggestions: tuple[str, ...] = (),
    replacement: str | None = None,
) -> Finding:
    fix = None
    title = RULES[rule].fix_title
    if replacement is not None and title is not None:
        fix = Fix(title.format(replacement=replacement), reference.inner, replacement)
    return Finding(
        rule=rule,
        severity=RULES[rule].default_severity,
        message=message,
        span=reference.span,
        code=reference.code,
        catalog=catalog,
        suggestions=suggestions,
        fix=fix,
    )


def suppressed_rules(line: str) -> frozenset[str] | None:
    """Rules an ``# errlsp: ignore[...]`` comment on ``line`` silences; empty set = all."""
    found = _IGNORE.search(line)
    if found is None:
        return None
    if found.group(1) is None:
        return frozenset()
    return frozenset(part.strip() for part in found.group(1).split(",") if part.strip())


def _filtered(
    findings: Sequence[Finding], text: str, settings: Settings, path: str | Path | None
) -> list[Finding]:
    ignored = settings.ignored_rules(path)
    lines: list[str] | None = None
    kept: list[Finding] = []
    for finding in findings:
        severity = severity_of(finding.rule, settings.severity)
        if severity == "off" or finding.rule in ignored:
            continue
        if "errlsp" in text:
            if lines is None:
                from errlsp.analysis.scan import split_lines

                lines = split_lines(text)
            silenced = _silenced(finding, lines)
            if silenced:
                continue
        if severity != finding.severity:
            finding = _with_severity(finding, severity)
        kept.append(finding)
    return kept


def _silenced(finding: Finding, lines: list[str]) -> bool:
    for number in range(finding.span.start.line, finding.span.end.line + 1):
        if number < len(lines):
            rules = suppressed_rules(lines[number])
            if rules is not None and (not rules or finding.rule in rules):
                return True
    return False


def _with_severity(finding: Finding, severity: str) -> Finding:
    return Finding(
        finding.rule,
        severity,
        finding.message,
        finding.span,
        finding.code,
        finding.catalog,
        finding.suggestions,
        finding.fix,
    )


def reference_at(found: Sequence[CodeReference], position: Position) -> CodeReference | None:
    """The reference whose literal covers ``position`` (quotes included)."""
    for reference in found:
        if reference.span.contains(position):
            return reference
    return None


__all__ = ["check", "check_source", "reference_at", "suppressed_rules"]
