"""Several sources, one catalog: a spec, a docs page and a hand-kept list of what both forget.

Real specs are incomplete (Slack's lacks its common ``ratelimited``), so a catalog is often
the union of sources. ``merge_imports`` keeps every listing in source order, records on each
code which sources list it (``sources = [...]`` in the file), and reports conflicts instead of
choosing silently: a code given different statuses by two sources keeps every status (the
loader needs one set per code) with a note, and codes that differ only in case are listed as
the sources spell them with a conflict saying so. A listing whose message another source
already gave adds only its source.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from errlsp.catalog import Catalog
from errlsp.importers.model import ImportedCatalog, ImportedCode, case_of


def merge_imports(catalogs: Sequence[ImportedCatalog]) -> tuple[ImportedCatalog, list[str]]:
    """The union of ``catalogs`` (first one first) and the conflicts found, one line each."""
    if len(catalogs) == 1:
        return catalogs[0], []
    labels = [catalog.origin or f"source {index + 1}" for index, catalog in enumerate(catalogs)]
    result = ImportedCatalog(origin=", ".join(labels))
    first = catalogs[0]
    result.name, result.title, result.source = first.name, first.title, first.source
    names = list(dict.fromkeys(catalog.name for catalog in catalogs if catalog.name))
    if len(names) > 1 and all(name.startswith("aws-") for name in names):  # botocore:s3,sqs
        result.name = "aws-" + "-".join(name[len("aws-") :] for name in names)
        result.title = ", ".join(dict.fromkeys(c.title for c in catalogs if c.title))
    result.complete = all(catalog.complete for catalog in catalogs)
    conflicts: list[str] = []
    sources: dict[str, list[str]] = {}
    statuses: dict[str, dict[str, tuple[int, ...]]] = {}
    seen: dict[tuple[str, str | None], ImportedCode] = {}
    for label, catalog in zip(labels, catalogs, strict=True):
        result.skipped.extend(catalog.skipped)
        result.notes.extend(f"{label}: {note}" for note in catalog.notes)
        for listing in catalog.codes:
            listed_by = sources.setdefault(listing.code, [])
            for name in listing.sources or (label,):
                if name not in listed_by:
                    listed_by.append(name)
            if listing.statuses:
                statuses.setdefault(listing.code, {}).setdefault(label, listing.statuses)
            key = (listing.code, listing.message)
            if key in seen:  # the same listing from another source: only its source is new
                continue
            seen[key] = listing
            result.codes.append(listing)
    for listing in result.codes:
        listing.sources = tuple(sources[listing.code])
    conflicts.extend(_status_conflicts(result.codes, statuses))
    conflicts.extend(_case_conflicts(result.codes, sources))
    result.codes = _without_bare_duplicates(result.codes)
    result.envelope = _common(catalog.envelope for catalog in catalogs)
    envelopes = {catalog.envelope for catalog in catalogs if catalog.envelope}
    if len(envelopes) > 1:
        conflicts.append(f"envelope differs: {', '.join(sorted(envelopes))}; left to detection")
    result.statuses = tuple(sorted({s for catalog in catalogs for s in catalog.statuses}))
    result.case = case_of(result.distinct_codes())
    return result, conflicts


def _status_conflicts(
    listings: list[ImportedCode], statuses: dict[str, dict[str, tuple[int, ...]]]
) -> list[str]:
    conflicts: list[str] = []
    for code, by_source in statuses.items():
        distinct = set(by_source.values())
        union = tuple(sorted({status for value in distinct for status in value}))
        if len(distinct) > 1:
            told = "; ".join(
                f"{', '.join(map(str, value))} in {label}" for label, value in by_source.items()
            )
            conflicts.append(f"{code}: status differs ({told}); keeping {list(union)}")
        for listing in listings:
            if listing.code == code and listing.statuses != union:
                if len(distinct) > 1 and not any("status differs" in n for n in listing.notes):
                    listing.notes.append(f"status differs between sources ({told})")
                listing.statuses = union
    return conflicts


def _case_conflicts(listings: list[ImportedCode], sources: dict[str, list[str]]) -> list[str]:
    by_folded: dict[str, list[str]] = {}
    for code in dict.fromkeys(listing.code for listing in listings):
        by_folded.setdefault(code.casefold(), []).append(code)
    conflicts = []
    for spellings in by_folded.values():
        if len(spellings) > 1:
            told = "; ".join(f"{code} in {', '.join(sources[code])}" for code in spellings)
            conflicts.append(f"case differs: {told}; both kept")
    return conflicts


def _without_bare_duplicates(listings: list[ImportedCode]) -> list[ImportedCode]:
    """Drop a listing without a message when another listing of its code has one."""
    messaged = {listing.code for listing in listings if listing.message is not None}
    kept: list[ImportedCode] = []
    bare: set[str] = set()
    for listing in listings:
        if listing.message is None and listing.code in messaged:
            continue
        if listing.message is None:
            if listing.code in bare:
                continue
            bare.add(listing.code)
        kept.append(listing)
    return kept


def _common(values: Iterable[str | None]) -> str | None:
    present = {value for value in values if value}
    return present.pop() if len(present) == 1 else None


def imported_from_catalog(catalog: Catalog, label: str) -> ImportedCatalog:
    """A loaded catalog as an import, so catalog files merge like imported sources."""
    result = ImportedCatalog(
        name=catalog.name,
        title=catalog.title,
        source=catalog.source,
        envelope=catalog.envelope,
        case=catalog.case,
        statuses=catalog.statuses,
        origin=label,
        complete=catalog.is_complete,
    )
    for entry in catalog:
        for message in entry.messages or (None,):
            result.codes.append(
                ImportedCode(
                    code=entry.code,
                    statuses=entry.statuses,
                    message=message,
                    field=entry.field,
                    group=entry.group,
                    description=entry.description,
                    deprecated=entry.deprecated,
                    integer=entry.integer,
                    sources=entry.sources,
                    where=str(entry.location) if entry.location else label,
                )
            )
    return result
