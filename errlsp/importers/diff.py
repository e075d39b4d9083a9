"""What changed between two versions of an API's catalog, for reviewing an API upgrade.

Removed codes matter most: code that still checks for them will never see them again, so
``errlsp catalog diff`` exits 1 when there are any. Status and message changes are listed so a
reviewer can update assertions; messages are compared as the ordered set of documented variants.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from errlsp.catalog import Catalog, ErrorCode


@dataclass(frozen=True)
class CodeChange:
    """One code whose documentation changed; ``before``/``after`` are statuses or messages."""

    code: str
    before: tuple[object, ...]
    after: tuple[object, ...]


@dataclass(frozen=True)
class CatalogDiff:
    old: Catalog
    new: Catalog
    added: tuple[ErrorCode, ...] = ()
    removed: tuple[ErrorCode, ...] = ()
    changed_status: tuple[CodeChange, ...] = ()
    changed_messages: tuple[CodeChange, ...] = ()
    changed_statuses_api: CodeChange | None = None  # the API-wide status list
    notes: tuple[str, ...] = field(default=())

    @property
    def empty(self) -> bool:
        return not (
            self.added
            or self.removed
            or self.changed_status
            or self.changed_messages
            or self.changed_statuses_api
        )


def diff_catalogs(old: Catalog, new: Catalog) -> CatalogDiff:
    """Codes added, removed, and changed in status or messages, in catalog order."""
    added = tuple(entry for entry in new if entry.code not in old)
    removed = tuple(entry for entry in old if entry.code not in new)
    changed_status: list[CodeChange] = []
    changed_messages: list[CodeChange] = []
    for before in old:
        after = new.get(before.code)
        if after is None:
            continue
        if before.statuses != after.statuses:
            changed_status.append(CodeChange(before.code, before.statuses, after.statuses))
        if before.messages != after.messages:
            changed_messages.append(CodeChange(before.code, before.messages, after.messages))
    api = None
    if old.statuses != new.statuses:
        api = CodeChange("(API-wide statuses)", old.statuses, new.statuses)
    notes: list[str] = []
    renamed = [entry for entry in removed if new.get_folded(entry.code) is not None]
    for entry in renamed:
        folded = new.get_folded(entry.code)
        assert folded is not None
        notes.append(f"{entry.code} was removed, but {folded.code} differs from it only in case")
    return CatalogDiff(
        old=old,
        new=new,
        added=added,
        removed=removed,
        changed_status=tuple(changed_status),
        changed_messages=tuple(changed_messages),
        changed_statuses_api=api,
        notes=tuple(notes),
    )


def render_diff(diff: CatalogDiff) -> list[str]:
    """The diff as text lines: one line per change, then a summary line."""
    lines: list[str] = []
    for entry in diff.removed:
        lines.append(f"- removed  {entry.code}{_status_suffix(entry.statuses)}")
    for entry in diff.added:
        message = f"  {entry.message!r}" if entry.message else ""
        lines.append(f"+ added    {entry.code}{_status_suffix(entry.statuses)}{message}")
    for change in diff.changed_status:
        before, after = _statuses(change.before, "unknown"), _statuses(change.after, "unknown")
        lines.append(f"~ status   {change.code}: {before} -> {after}")
    for change in diff.changed_messages:
        lines.append(f"~ message  {change.code}:")
        lines.extend(
            f"    - {message!r}" for message in change.before if message not in change.after
        )
        lines.extend(
            f"    + {message!r}" for message in change.after if message not in change.before
        )
        if set(change.before) == set(change.after):
            lines.append("    (same messages, in another order)")
    if diff.changed_statuses_api is not None:
        change = diff.changed_statuses_api
        lines.append(
            f"~ statuses (API-wide): {_statuses(change.before)} -> {_statuses(change.after)}"
        )
    lines.extend(f"note: {note}" for note in diff.notes)
    counts = (
        f"{len(diff.added)} added, {len(diff.removed)} removed, "
        f"{len(diff.changed_status)} changed status, {len(diff.changed_messages)} changed messages"
    )
    lines.append(f"{diff.old.name} -> {diff.new.name}: {counts}")
    return lines


def _status_suffix(statuses: tuple[int, ...]) -> str:
    return f" ({_statuses(statuses)})" if statuses else ""


def _statuses(values: tuple[object, ...], empty: str = "none") -> str:
    """Statuses as text; a code's empty statuses are "unknown", the API's "none"."""
    return ", ".join(str(value) for value in values) if values else empty
