"""Check references against the catalogs: the rules, their messages, fixes and suppression.

``analyse`` is the one pass every face runs on a text: references, then the verdict on each
(``errlsp.analysis.verdict``), then suppression and severities. Which undocumented literals
are findings at all is the verdict's business, not this module's.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from errlsp.analysis.contexts import settings_contexts
from errlsp.analysis.directives import Directives, directives
from errlsp.analysis.model import CodeReference, Finding, Fix, Position
from errlsp.analysis.references import BlockCache, SourceSyntaxError, references
from errlsp.analysis.scan import lines_with, split_lines
from errlsp.analysis.suppression import parse_suppression
from errlsp.analysis.symbols import (
    Definition,
    ProjectIndex,
    absolute_target,
    definitions,
    imports,
    member_tail,
    might_define,
    module_of,
    resolve,
)
from errlsp.analysis.verdict import Context, Verdict, could_be_reported, judge, verdict_message
from errlsp.catalog import CatalogSet, ErrorCode, scoped_catalogs
from errlsp.config import Settings
from errlsp.rules import RULES


@dataclass(frozen=True, slots=True)
class PendingUse:
    """A constant used here but defined in another file: ``target`` is its absolute dotted
    name, resolved once the project's index is complete (``resolve_pending``)."""

    reference: CodeReference
    target: str
    suppression: tuple[str, ...] | None = None  # rules its line silences; () = every rule


@dataclass(frozen=True, slots=True)
class Analysis:
    """A text's references and findings (suppressed and severity-filtered), in source order.

    ``definitions`` are the constants the text defines; ``pending`` the constants it uses that
    no index given could resolve yet (``errlsp check`` resolves them after reading every file).
    """

    references: tuple[CodeReference, ...] = ()
    findings: tuple[Finding, ...] = ()
    definitions: tuple[Definition, ...] = ()
    pending: tuple[PendingUse, ...] = ()
    # Not parsed, but its contexts name these members (``ErrorCode.X``: ``X``), which might be
    # constants of files not read yet: ``errlsp check`` parses it after all if one is.
    maybe_constants: frozenset[str] = frozenset()


def analyse(
    text: str,
    settings: Settings,
    catalogs: CatalogSet,
    *,
    path: str | Path | None = None,
    whole_file: bool = False,
    cache: BlockCache | None = None,
    found_directives: Directives | None = None,
    every_reference: bool = False,
    index: ProjectIndex | None = None,
) -> Analysis:
    """References and findings of one text in one pass.

    ``found_directives``: the file's directives when ``text`` is a chunk of it (see
    ``errlsp.analysis.incremental``); read from ``text`` otherwise. ``every_reference``
    parses files whose contexts could yield no finding too (to list what was seen).
    ``index``: the project's constants, to resolve ``ErrorCode.X`` used here.
    """
    settings = settings.for_path(path)
    holds = settings.holds_constants(path)
    defined: list[Definition] = []
    if might_define(text, holds, settings.constant_classes):
        defined = definitions(text, classes=settings.constant_classes, module_constants=holds)
    quick = not whole_file and not settings.strict and not every_reference
    matches: Iterator[re.Match[str]] | None = None
    if found_directives is None:
        contexts = settings_contexts(settings).with_aliases(text)
        if quick:
            matches = contexts.prefilter.matches(text)
            first = next(matches, None)
            if first is None and not defined:
                # No context and no constant: nothing to report, whatever the file's
                # directives say, so they are not looked for (two searches of the whole text,
                # on most files). The matches begun here are the ones judged below.
                return Analysis((), (), (), (), frozenset())
            matches = itertools.chain([first] if first is not None else [], matches)
        found_directives = directives(text, contexts, aliased=True)
    maybe: frozenset[str] = frozenset()
    if quick:
        known = _members(defined) | (index.members() if index is not None else frozenset())
        worth, maybe = _worth_parsing(text, found_directives, catalogs, known, matches)
    else:
        worth = True
    try:
        found = (
            references(
                text,
                settings,
                whole_file=whole_file,
                cache=cache,
                found_directives=found_directives,
                constants=True,
            )
            if worth
            else []
        )
    except SourceSyntaxError as error:
        finding = Finding("syntax-error", "error", error.message, error.span)
        return Analysis((), tuple(_filtered([finding], text, settings, path)))
    found, pending = _with_constants(text, found, defined, settings, path, found_directives, index)
    scoped = scoped_catalogs(settings, catalogs, path)
    findings = check(found, catalogs, scoped, settings)
    kept = tuple(_filtered(findings, text, settings, path))
    return Analysis(tuple(found), kept, tuple(defined), tuple(pending), maybe)


def _members(defined: Iterable[Definition]) -> frozenset[str]:
    return frozenset(member_tail(definition.qualname) for definition in defined)


def resolve_pending(
    pending: Iterable[PendingUse],
    index: ProjectIndex,
    settings: Settings,
    catalogs: CatalogSet,
    path: str | Path | None,
) -> list[Finding]:
    """Findings of the constants a file uses from other files, once every file is indexed."""
    settings = settings.for_path(path)
    scoped = scoped_catalogs(settings, catalogs, path)
    ignored = settings.ignored_rules(path)
    findings: list[Finding] = []
    for use in pending:
        definition = index.lookup(use.target)
        if definition is None:
            continue
        reference = replace(use.reference, code=definition.value)
        for finding in _check_reference(reference, catalogs, scoped, settings):
            severity = settings.severity.get(finding.rule, finding.severity)
            silenced = use.suppression is not None and (
                not use.suppression or finding.rule in use.suppression
            )
            if severity != "off" and finding.rule not in ignored and not silenced:
                findings.append(replace(finding, severity=severity))
    return findings


def _with_constants(
    text: str,
    found: list[CodeReference],
    defined: list[Definition],
    settings: Settings,
    path: str | Path | None,
    found_directives: Directives,
    index: ProjectIndex | None,
) -> tuple[list[CodeReference], list[PendingUse]]:
    """Add the constants ``text`` defines (``defined``); resolve the constants it uses, through
    the file's own definitions, then ``index``; what neither resolves waits for the project."""
    uses = [reference for reference in found if reference.symbol is not None]
    if not defined and not uses:
        return found, []
    holds = settings.holds_constants(path)
    module = module_of(path, settings.root)
    local = {definition.qualname: definition for definition in defined}
    bound = found_directives.imports
    if uses and bound is None:
        bound = imports(text, module)
    resolved: list[CodeReference] = []
    pending: list[PendingUse] = []
    lines: list[str] | None = None
    for reference in found:
        if reference.symbol is None:
            resolved.append(reference)
            continue
        definition = resolve(reference.symbol, local, bound or {}, index, module)
        if definition is not None:
            resolved.append(replace(reference, code=definition.value))
            continue
        target = absolute_target(reference.symbol, bound or {}, module)
        if target is not None:
            if lines is None:
                lines = split_lines(text)
            line = (
                lines[reference.span.start.line] if reference.span.start.line < len(lines) else ""
            )
            suppression = parse_suppression(line)
            names = suppression.names if suppression is not None else None
            pending.append(PendingUse(reference, target, names))
    for definition in defined:
        named = found_directives.catalogs_at(definition.span.start.line)
        resolved.append(
            CodeReference(
                definition.value,
                definition.span,
                definition.inner,
                "constant",
                holds or bool(named),
                catalogs=named,
            )
        )
    resolved.sort(key=lambda reference: reference.span.start)
    return resolved, pending


@dataclass(frozen=True, slots=True)
class Seen:
    """One reference and the verdict on it: what ``--show-references`` and the editor list."""

    reference: CodeReference
    verdict: Verdict

    def to_json(self) -> dict[str, object]:
        reference, verdict = self.reference, self.verdict
        entry = verdict.entry
        return {
            "line": reference.span.start.line + 1,
            "column": reference.span.start.character + 1,
            "code": reference.code,
            "kind": reference.kind,
            "names_api": reference.names_api,
            "named_catalogs": list(reference.catalogs),
            "status": reference.status,
            "field": list(reference.field) if reference.field else None,
            "verdict": verdict.outcome,
            "reported": verdict.reported,
            "catalog": entry.catalog if entry is not None else None,
            "searched": list(verdict.searched.names),
        }

    def summary(self) -> str:
        """``documented in voipnow`` / ``unknown (not reported here)``, for one line of text."""
        verdict, entry = self.verdict, self.verdict.entry
        where = f" in {entry.catalog}" if entry is not None else ""
        quiet = "" if verdict.reported or verdict.documented else " (not reported here)"
        return f"{verdict.outcome}{where}{quiet}"


def seen(
    text: str,
    settings: Settings,
    catalogs: CatalogSet,
    *,
    path: str | Path | None = None,
    index: ProjectIndex | None = None,
) -> list[Seen]:
    """Every reference in ``text`` with its verdict, clean ones and foreign ones included."""
    result = analyse(text, settings, catalogs, path=path, every_reference=True, index=index)
    return verdicts(result.references, settings, catalogs, path)


def verdicts(
    found: Iterable[CodeReference],
    settings: Settings,
    catalogs: CatalogSet,
    path: str | Path | None,
) -> list[Seen]:
    """The verdict on each reference of one file (which ``check`` turns into findings)."""
    settings = settings.for_path(path)
    scoped = scoped_catalogs(settings, catalogs, path)
    return [
        Seen(ref, judge(ref.code, context_of(ref, settings), catalogs, scoped)) for ref in found
    ]


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
    result = analyse(text, settings, catalogs, path=path, whole_file=whole_file, cache=cache)
    return list(result.findings)


_LITERAL = re.compile(r"""(?<![\w'"])[rRuU]?(['"]{1,3})([A-Za-z][A-Za-z0-9_.:-]{0,79})\1""")
# `code = e.code` (formatted as an assignment, not `code=e.code,` as a keyword argument)
_BOUND = re.compile(
    r"^[ \t]*([A-Za-z_]\w*)(?:[ \t]*:[^=\n]*)?[ \t]+=[ \t][^\n]*[^,\s][ \t]*$", re.M
)
_NUMBER = re.compile(r"(?<![\w.])(\d{1,12})(?![\w.])")
# What a constant's use looks like next to a context: ``Code.EXPIRED``, ``THROTTLED``.
# Names start where no word character stands before them (a run led by a digit, as in a hash,
# is no name): without that, the search tried every letter of every word, each running to the
# word's end (half of these searches' cost).
_CHAIN = re.compile(r"(?<!\w)[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")
_ALIAS = re.compile(r"(?<!\w)([A-Za-z_]\w*)[ \t]+as[ \t]+([A-Za-z_]\w*)")
_UPPER = re.compile(r"(?<![\w.])([A-Z][A-Z0-9_]+)\b")
_WINDOW = 400  # characters after a context match in which its literals stand


def _worth_parsing(
    text: str,
    found: Directives,
    catalogs: CatalogSet,
    known: frozenset[str] = frozenset(),
    matches: Iterator[re.Match[str]] | None = None,
) -> tuple[bool, frozenset[str]]:
    """Whether any context in ``text`` could yield a finding (False skips the parse), and,
    when not, the member names its contexts use that might be constants defined elsewhere.

    In generic contexts only literals that are documented, documented in another case, or
    resemble a documented code can become findings, and most files that compare ``.code``
    (Django's forms, say) compare other libraries' codes. A cheap look at the literals near
    each context spares libcst those files. A name there (``ErrorCode.ItemNotFound``,
    ``THROTTLED``) may be a constant: the parse is needed if ``known`` (the constants of this
    file and of the index given) has it; otherwise it is returned, for ``errlsp check`` to
    decide once every file is read. A bound name (``code = e.code``) counts where it is
    compared later. Contexts that name the API and an explicit file catalog always need it.
    ``matches``: the prefilter's matches in ``text``, if the caller has begun them.
    """
    contexts = found.contexts
    if found.file_catalog is not None or found.module_marker or found.marked:
        return True, frozenset()
    spans: list[tuple[int, int]] = []
    bound_at: dict[str, int] = {}  # each bound name, at its first binding
    for match in contexts.prefilter.matches(text) if matches is None else matches:
        if contexts.prefilter.names_api(match, contexts):
            return True, frozenset()
        line_start = text.rfind("\n", 0, match.start()) + 1
        bound = _BOUND.match(text, line_start) if contexts.prefilter.is_accessor(match) else None
        if bound is None:
            spans.append((line_start, match.end() + _WINDOW))
        else:  # the first binding's later comparisons hold every later binding's
            bound_at[bound.group(1)] = min(line_start, bound_at.get(bound.group(1), line_start))
    for name, line_start in bound_at.items():
        for compared in _comparisons(name).finditer(text, line_start):
            spans.append((compared.start(), compared.start() + _WINDOW))
    maybe: set[str] = set()
    aliases: dict[str, str] | None = None
    for start, end in _merged(spans):  # windows overlap: each stretch of text is read once
        window = text[start:end]
        if _any_reportable(window, catalogs):
            return True, frozenset()
        if aliases is None:
            aliases = _import_aliases(text)
        names = _constant_names(window, aliases)
        if names & known:
            return True, frozenset()
        maybe |= names
    return False, frozenset(maybe)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` sorted, overlapping ones joined (a window's literal cut in two by a join is
    whole in the joined span)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _any_reportable(window: str, catalogs: CatalogSet) -> bool:
    """Whether a literal (or an integer, for catalogs with integer codes) in ``window`` could
    get a verdict worth reporting in a generic context."""
    for literal in _LITERAL.finditer(window):
        if could_be_reported(literal.group(2), catalogs):
            return True
    numbers = _NUMBER.findall(window) if catalogs.has_integer_codes else ()
    return any(catalogs.lookup(number) for number in numbers)


def _constant_names(window: str, aliases: Mapping[str, str]) -> set[str]:
    """How the uses in ``window`` could name a constant, as ``ProjectIndex.members`` spells
    them: ``ErrorCode.ItemNotFound`` (a class's member), ``THROTTLED`` (a module's, also as
    ``config.THROTTLED``); ``Code.EXPIRED.value`` is ``Code.EXPIRED``; ``EC.X`` is also
    ``ErrorCode.X`` in a file that imports ``ErrorCode as EC``."""
    names = set(_UPPER.findall(window))
    for chain in _CHAIN.findall(window):
        parts = chain.split(".")
        if parts[-1] == "value":
            parts.pop()
        names.add(parts[-1])
        if len(parts) > 1:
            names.add(f"{parts[-2]}.{parts[-1]}")
            if parts[-2] in aliases:
                names.add(f"{aliases[parts[-2]]}.{parts[-1]}")
    return names


def _import_aliases(text: str) -> dict[str, str]:
    """``alias -> name`` of ``import ... as alias`` in ``text`` (a cheap look: ``with x as y``
    and ``except E as e`` add harmless names, never drop one)."""
    return {alias: name for name, alias in _ALIAS.findall(lines_with(text, " as "))}


@lru_cache(maxsize=256)
def _comparisons(name: str) -> re.Pattern[str]:
    """Where ``name`` is compared (``==``, ``!=``, ``in``, ``match``), either side."""
    bare = re.escape(name)
    return re.compile(
        rf"\b{bare}\b[ \t]*(?:[!=]=|(?:not[ \t]+)?in\b)"
        rf"|(?:[!=]=|\bin)[ \t]*[(\[{{]?[ \t]*{bare}\b"
        rf"|\bmatch[ \t]+{bare}\b"
    )


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


def context_of(reference: CodeReference, settings: Settings) -> Context:
    """The verdict's context for a reference in source, under ``settings``."""
    strict = reference.strict
    if strict is None and settings.strict:
        strict = True
    return Context(reference.names_api, reference.catalogs, strict)


def _check_reference(
    reference: CodeReference, catalogs: CatalogSet, scoped: CatalogSet, settings: Settings
) -> list[Finding]:
    verdict = judge(reference.code, context_of(reference, settings), catalogs, scoped)
    if verdict.documented:
        assert verdict.entry is not None
        return _documented(reference, verdict.entry, verdict.searched)
    if not verdict.reported:
        return []
    if reference.symbol is not None and verdict.outcome != "other-catalog":
        return []  # the constant's spelling is checked (and fixed) where it is defined
    entry = verdict.entry
    catalog = entry.catalog if entry is not None else None
    rule = "unknown-code" if verdict.outcome == "unknown" else verdict.outcome
    finding = _finding(
        rule,
        reference,
        verdict_message(verdict),
        catalog=catalog if verdict.outcome != "unknown" else None,
        suggestions=verdict.suggestions,
        replacement=verdict.replacement,
        safe=verdict.fix_safe,
    )
    if verdict.gentle and rule == "unknown-code":
        finding = replace(finding, severity="warning")  # the catalog may just not list it
    return [finding]


def _documented(reference: CodeReference, entry: ErrorCode, searched: CatalogSet) -> list[Finding]:
    findings: list[Finding] = []
    code = reference.code
    allowed = searched.statuses_of(entry)
    if reference.status is not None and allowed and reference.status not in allowed:
        findings.append(
            _finding(
                "status-mismatch",
                reference,
                RULES["status-mismatch"].message(
                    code=code,
                    documented=", ".join(map(str, allowed)),
                    source="per code" if entry.statuses else "by the API",
                    status=reference.status,
                ),
                catalog=entry.catalog,
            )
        )
    owner = searched.catalog_of(entry)
    if reference.field and entry.field is None and owner is not None and owner.records_fields:
        findings.append(
            _finding(
                "field-mismatch",
                reference,
                RULES["field-mismatch"].message(
                    code=code,
                    catalog=entry.catalog,
                    fields=", ".join(repr(name) for name in reference.field),
                ),
                catalog=entry.catalog,
            )
        )
    if entry.deprecated:
        findings.append(
            _finding(
                "deprecated-code",
                reference,
                RULES["deprecated-code"].message(
                    code=code, catalog=entry.catalog, reason=entry.deprecated
                ),
                catalog=entry.catalog,
            )
        )
    return findings


def _finding(
    rule: str,
    reference: CodeReference,
    message: str,
    *,
    catalog: str | None = None,
    suggestions: tuple[str, ...] = (),
    replacement: str | None = None,
    safe: bool = True,
) -> Finding:
    fix = None
    title = RULES[rule].fix_title
    if replacement is not None and title is not None:
        fix = Fix(title.format(replacement=replacement), reference.inner, replacement, safe)
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


def _filtered(
    findings: Sequence[Finding], text: str, settings: Settings, path: str | Path | None
) -> list[Finding]:
    ignored = settings.ignored_rules(path)
    lines: list[str] | None = None
    kept: list[Finding] = []
    for finding in findings:
        severity = settings.severity.get(finding.rule, finding.severity)
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
            finding = replace(finding, severity=severity)
        kept.append(finding)
    return kept


def _silenced(finding: Finding, lines: list[str]) -> bool:
    for number in range(finding.span.start.line, finding.span.end.line + 1):
        if number < len(lines):
            found = parse_suppression(lines[number])
            if found is not None and found.silences(finding.rule):
                return True
    return False


def reference_at(found: Sequence[CodeReference], position: Position) -> CodeReference | None:
    """The reference whose literal covers ``position`` (quotes included)."""
    for reference in found:
        if reference.span.contains(position):
            return reference
    return None


__all__ = [
    "Analysis",
    "PendingUse",
    "Seen",
    "analyse",
    "check",
    "check_source",
    "context_of",
    "reference_at",
    "resolve_pending",
    "seen",
    "verdicts",
]
