"""Error-code coverage: which documented codes did the test suite exercise, and which not.

Line coverage says which code ran; this says which documented *errors* a suite has seen,
asserted or observed in a response, and which undocumented codes the API produced. Recording
keeps only small, JSON-safe tuples so pytest-xdist workers can ship them to the controller
(``workeroutput``) and a union of sets gives the same totals as a serial run. The report is
computed once, at the end, from the merged events and the catalogs.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from errlsp.catalog import Catalog, CatalogSet

KINDS = ("asserted", "observed")
REPORT_VERSION = 1


@dataclass
class CoverageRecorder:
    """Codes seen during a session, each attributed to the catalog it counts for.

    ``events`` holds ``(code, kind, catalog name or "")``; ``sources`` maps each catalog
    name to what loads it again (a built-in name or a file path) on the controller.
    """

    events: set[tuple[str, str, str]] = field(default_factory=set)
    sources: dict[str, str] = field(default_factory=dict)

    def record(self, code: str, kind: str, scope: CatalogSet, dialect: str | None = None) -> None:
        entries = scope.lookup(code)
        if entries:
            for entry in entries:
                self._add(code, kind, scope.get(entry.catalog))
            return
        self._add(code, kind, attribute_undocumented(code, scope, dialect))

    def _add(self, code: str, kind: str, catalog: Catalog | None) -> None:
        if catalog is None:
            self.events.add((code, kind, ""))
            return
        self.events.add((code, kind, catalog.name))
        self.sources.setdefault(catalog.name, catalog_source(catalog))

    def to_json(self) -> dict[str, Any]:
        return {"events": sorted(self.events), "sources": dict(sorted(self.sources.items()))}

    def merge(self, data: Mapping[str, Any]) -> None:
        """Add a worker's ``to_json()``; union makes the result independent of scheduling."""
        self.events.update((str(c), str(k), str(n)) for c, k, n in data.get("events", ()))
        for name, source in data.get("sources", {}).items():
            self.sources.setdefault(str(name), str(source))


def catalog_source(catalog: Catalog) -> str:
    return catalog.name if catalog.builtin or catalog.path is None else str(catalog.path)


def attribute_undocumented(code: str, scope: CatalogSet, dialect: str | None) -> Catalog | None:
    """The catalog an undocumented code most likely belongs to.

    The response's envelope dialect is the best evidence, then the catalog's case convention
    (``voipnow`` codes are lower case, ``fonedynamics`` upper case), then scope order.
    """
    catalogs = scope.catalogs
    if dialect is not None:
        for catalog in catalogs:
            if catalog.envelope == dialect:
                return catalog
    for catalog in catalogs:
        if catalog.case != "mixed" and catalog.conforms_to_case(code):
            return catalog
    return catalogs[0] if catalogs else None


@dataclass(frozen=True)
class CatalogCoverage:
    name: str
    title: str
    documented: tuple[str, ...]
    exercised: tuple[str, ...]
    undocumented: tuple[str, ...]
    kinds: Mapping[str, tuple[str, ...]]

    @property
    def not_exercised(self) -> tuple[str, ...]:
        seen = set(self.exercised)
        return tuple(code for code in self.documented if code not in seen)

    @property
    def percent(self) -> float:
        return percent(len(self.exercised), len(self.documented))


@dataclass(frozen=True)
class CoverageReport:
    catalogs: tuple[CatalogCoverage, ...]
    unattributed: tuple[str, ...] = ()

    @property
    def documented(self) -> int:
        return sum(len(c.documented) for c in self.catalogs)

    @property
    def exercised(self) -> int:
        return sum(len(c.exercised) for c in self.catalogs)

    @property
    def percent(self) -> float:
        return percent(self.exercised, self.documented)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": REPORT_VERSION,
            "totals": {
                "documented": self.documented,
                "exercised": self.exercised,
                "percent": round(self.percent, 2),
                "undocumented": sum(len(c.undocumented) for c in self.catalogs)
                + len(self.unattributed),
            },
            "catalogs": {
                c.name: {
                    "title": c.title,
                    "documented": len(c.documented),
                    "percent": round(c.percent, 2),
                    "exercised": list(c.exercised),
                    "not_exercised": list(c.not_exercised),
                    "undocumented": list(c.undocumented),
                    "codes": {code: list(kinds) for code, kinds in c.kinds.items()},
                }
                for c in self.catalogs
            },
            "unattributed": list(self.unattributed),
        }


def percent(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 100.0


def build_report(recorder: CoverageRecorder, catalogs: Iterable[Catalog]) -> CoverageReport:
    """Per catalog: documented codes exercised or not, and undocumented codes seen."""
    by_catalog: dict[str, dict[str, set[str]]] = {}
    unattributed: set[str] = set()
    for code, kind, name in recorder.events:
        if not name:
            unattributed.add(code)
            continue
        by_catalog.setdefault(name, {}).setdefault(code, set()).add(kind)
    results = []
    for catalog in catalogs:
        seen = by_catalog.get(catalog.name, {})
        documented = tuple(dict.fromkeys(entry.code for entry in catalog))
        exercised = tuple(code for code in documented if code in seen)
        undocumented = tuple(sorted(code for code in seen if code not in catalog))
        kinds = {
            code: tuple(kind for kind in KINDS if kind in seen[code])
            for code in (*exercised, *undocumented)
        }
        results.append(
            CatalogCoverage(catalog.name, catalog.title, documented, exercised, undocumented, kinds)
        )
    return CoverageReport(tuple(results), tuple(sorted(unattributed)))


def render_report(report: CoverageReport, *, width: int = 80) -> list[str]:
    """The terminal summary: a table, then the codes not exercised and undocumented ones."""
    name_width = max([len("TOTAL"), *(len(c.name) for c in report.catalogs)])
    header = f"{'Catalog':<{name_width}}  {'Codes':>5}  {'Exercised':>9}  {'Cover':>6}"
    lines = [f"{header}  Undocumented"]
    for c in report.catalogs:
        lines.append(
            _row(
                c.name,
                len(c.documented),
                len(c.exercised),
                c.percent,
                len(c.undocumented),
                name_width,
            )
        )
    undocumented_total = sum(len(c.undocumented) for c in report.catalogs) + len(
        report.unattributed
    )
    lines.append(
        _row(
            "TOTAL",
            report.documented,
            report.exercised,
            report.percent,
            undocumented_total,
            name_width,
        )
    )
    if any(c.not_exercised or c.undocumented for c in report.catalogs) or report.unattributed:
        lines.append("")
    for c in report.catalogs:
        if c.not_exercised:
            lines.extend(
                _wrapped(
                    f"{c.name}: not exercised ({len(c.not_exercised)})", c.not_exercised, width
                )
            )
        if c.undocumented:
            lines.extend(
                _wrapped(
                    f"{c.name}: undocumented codes seen ({len(c.undocumented)})",
                    c.undocumented,
                    width,
                )
            )
    if report.unattributed:
        lines.extend(
            _wrapped(
                f"undocumented codes seen outside any catalog ({len(report.unattributed)})",
                report.unattributed,
                width,
            )
        )
    return lines


def _row(name: str, codes: int, exercised: int, cover: float, undoc: int, width: int) -> str:
    return f"{name:<{width}}  {codes:>5}  {exercised:>9}  {cover:>5.1f}%  {undoc:>12}"


def _wrapped(title: str, codes: Iterable[str], width: int) -> list[str]:
    body = textwrap.wrap(
        ", ".join(codes),
        width=max(width, 40),
        initial_indent="  ",
        subsequent_indent="  ",
        break_long_words=False,
        break_on_hyphens=False,
    )
    return [f"{title}:", *body]


def write_json(report: CoverageReport, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report.to_json(), indent=2) + "\n", encoding="utf-8")
