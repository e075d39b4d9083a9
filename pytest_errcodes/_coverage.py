"""Error-code coverage: which documented codes did the test suite exercise, and which not.

Line coverage says which code ran; this says which documented *errors* a suite has seen,
asserted or observed in a response, and which undocumented codes the API produced. Honest
counting: a documented code counts only from a test that passed (not failed, skipped or
xfailed); an undocumented code the server returned is drift whatever the test's outcome, and
is listed with the tests that saw it. Recording keeps small, JSON-safe tuples so pytest-xdist
workers can ship them to the controller (``workeroutput``, and a per-test spool file that
survives a crashed worker); a union of sets gives the same totals as a serial run.
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
REPORT_VERSION = 2
Event = tuple[str, str, str, str]
"""``(code, kind, catalog name or "", test id or "")``."""


@dataclass
class CoverageRecorder:
    """Codes seen during a session, each attributed to the catalog it counts for.

    ``events`` holds committed ``Event``s; ``sources`` maps each catalog name to what loads
    it again (a built-in name or a file path) on the controller. While a test runs, its
    documented codes wait in ``pending`` and are committed only if the test passes.
    """

    events: set[Event] = field(default_factory=set)
    sources: dict[str, str] = field(default_factory=dict)
    spool: Path | None = None
    current: str | None = field(default=None, compare=False)
    pending: set[Event] = field(default_factory=set, compare=False)

    def record(self, code: str, kind: str, scope: CatalogSet, dialect: str | None = None) -> None:
        entries = scope.lookup(code)
        if entries:
            for entry in entries:
                self._add(code, kind, scope.get(entry.catalog), documented=True)
            return
        self._add(code, kind, attribute_undocumented(code, scope, dialect), documented=False)

    def _add(self, code: str, kind: str, catalog: Catalog | None, *, documented: bool) -> None:
        name = "" if catalog is None else catalog.name
        if catalog is not None:
            self.sources.setdefault(catalog.name, catalog_source(catalog))
        event = (code, kind, name, self.current or "")
        if documented and self.current is not None:
            self.pending.add(event)
        else:
            self.events.add(event)

    def start_test(self, test_id: str) -> None:
        self.current = test_id
        self.pending = set()

    def finish_test(self, passed: bool) -> None:
        """Commit the running test's documented codes if it passed; spool what is new."""
        if passed:
            self.events |= self.pending
        test = self.current
        self.current, self.pending = None, set()
        if self.spool is not None:
            mine = sorted(event for event in self.events if event[3] == test)
            line = json.dumps({"events": mine, "sources": self.sources})
            with self.spool.open("a", encoding="utf-8") as handle:
                handle.write(line + "\n")

    def to_json(self) -> dict[str, Any]:
        return {"events": sorted(self.events), "sources": dict(sorted(self.sources.items()))}

    def merge(self, data: Mapping[str, Any]) -> None:
        """Add a worker's ``to_json()``; union makes the result independent of scheduling."""
        for event in data.get("events", ()):
            code, kind, name, *rest = (str(part) for part in event)
            self.events.add((code, kind, name, rest[0] if rest else ""))
        for name, source in data.get("sources", {}).items():
            self.sources.setdefault(str(name), str(source))

    def merge_spool(self, path: Path) -> None:
        """Merge a spool file line by line; a line cut short by a crash is skipped."""
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError:
            return
        for line in lines:
            try:
                data = json.loads(line)
            except ValueError:
                continue
            if isinstance(data, dict):
                self.merge(data)


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
class CodeInfo:
    """What the documentation says about a code, for the HTML table."""

    statuses: tuple[int, ...]
    message: str


@dataclass(frozen=True)
class CatalogCoverage:
    name: str
    title: str
    documented: tuple[str, ...]
    exercised: tuple[str, ...]
    undocumented: tuple[str, ...]
    kinds: Mapping[str, tuple[str, ...]]
    tests: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    info: Mapping[str, CodeInfo] = field(default_factory=dict)

    @property
    def not_exercised(self) -> tuple[str, ...]:
        seen = set(self.exercised)
        return tuple(code for code in self.documented if code not in seen)

    @property
    def percent(self) -> float:
        return percent(len(self.exercised), len(self.documented))

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "documented": len(self.documented),
            "percent": round(self.percent, 2),
            "exercised": list(self.exercised),
            "not_exercised": list(self.not_exercised),
            "undocumented": list(self.undocumented),
            "codes": {code: list(kinds) for code, kinds in self.kinds.items()},
            "tests": {code: list(tests) for code, tests in self.tests.items()},
        }


@dataclass(frozen=True)
class CoverageReport:
    """``catalogs`` are the session's active ones (TOTAL); ``marker_only`` were used only
    through a marker or ``catalog=`` and are reported apart, outside TOTAL."""

    catalogs: tuple[CatalogCoverage, ...]
    unattributed: tuple[str, ...] = ()
    marker_only: tuple[CatalogCoverage, ...] = ()
    unattributed_tests: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def documented(self) -> int:
        return sum(len(c.documented) for c in self.catalogs)

    @property
    def exercised(self) -> int:
        return sum(len(c.exercised) for c in self.catalogs)

    @property
    def percent(self) -> float:
        return percent(self.exercised, self.documented)

    @property
    def undocumented(self) -> int:
        every = (*self.catalogs, *self.marker_only)
        return sum(len(c.undocumented) for c in every) + len(self.unattributed)

    def get(self, name: str) -> CatalogCoverage | None:
        return next((c for c in (*self.catalogs, *self.marker_only) if c.name == name), None)

    def drift(self) -> list[tuple[str, str, tuple[str, ...]]]:
        """``(catalog or "", undocumented code, test ids)`` for every code nobody documented."""
        found = [
            (c.name, code, c.tests.get(code, ()))
            for c in (*self.catalogs, *self.marker_only)
            for code in c.undocumented
        ]
        found += [("", code, self.unattributed_tests.get(code, ())) for code in self.unattributed]
        return found

    def to_json(self) -> dict[str, Any]:
        return {
            "version": REPORT_VERSION,
            "totals": {
                "documented": self.documented,
                "exercised": self.exercised,
                "percent": round(self.percent, 2),
                "undocumented": self.undocumented,
            },
            "catalogs": {c.name: c.to_json() for c in self.catalogs},
            "marker_only": {c.name: c.to_json() for c in self.marker_only},
            "unattributed": list(self.unattributed),
            "drift": [
                {"catalog": name or None, "code": code, "tests": list(tests)}
                for name, code, tests in self.drift()
            ],
        }


def percent(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 100.0


def build_report(
    recorder: CoverageRecorder, catalogs: Iterable[Catalog], marker_only: Iterable[Catalog] = ()
) -> CoverageReport:
    """Per catalog: documented codes exercised or not, and undocumented codes seen."""
    by_catalog: dict[str, dict[str, set[str]]] = {}
    tests: dict[str, dict[str, set[str]]] = {}
    unattributed: dict[str, set[str]] = {}
    for code, kind, name, test in recorder.events:
        if not name:
            unattributed.setdefault(code, set()).update([test] if test else [])
            continue
        by_catalog.setdefault(name, {}).setdefault(code, set()).add(kind)
        seen_by = tests.setdefault(name, {}).setdefault(code, set())
        if test:
            seen_by.add(test)

    def one(catalog: Catalog) -> CatalogCoverage:
        seen = by_catalog.get(catalog.name, {})
        documented = tuple(dict.fromkeys(entry.code for entry in catalog))
        exercised = tuple(code for code in documented if code in seen)
        undocumented = tuple(sorted(code for code in seen if code not in catalog))
        kinds = {
            code: tuple(kind for kind in KINDS if kind in seen[code])
            for code in (*exercised, *undocumented)
        }
        by_test = tests.get(catalog.name, {})
        return CatalogCoverage(
            catalog.name,
            catalog.title,
            documented,
            exercised,
            undocumented,
            kinds,
            {code: tuple(sorted(by_test[code])) for code in kinds if by_test.get(code)},
            {e.code: CodeInfo(catalog.statuses_for(e), e.message) for e in catalog},
        )

    return CoverageReport(
        tuple(one(catalog) for catalog in catalogs),
        tuple(sorted(unattributed)),
        tuple(one(catalog) for catalog in marker_only),
        {code: tuple(sorted(ids)) for code, ids in unattributed.items() if ids},
    )


def render_report(report: CoverageReport, *, width: int = 80) -> list[str]:
    """The terminal summary: a table, then the codes not exercised and undocumented ones."""
    every = (*report.catalogs, *report.marker_only)
    name_width = max([len("TOTAL"), *(len(c.name) for c in every)])
    header = f"{'Catalog':<{name_width}}  {'Codes':>5}  {'Exercised':>9}  {'Cover':>6}"
    lines = [f"{header}  Undocumented"]
    for c in report.catalogs:
        lines.append(_catalog_row(c, name_width))
    undocumented = sum(len(c.undocumented) for c in report.catalogs) + len(report.unattributed)
    total = ("TOTAL", report.documented, report.exercised, report.percent, undocumented)
    lines.append(_row(*total, name_width))
    if report.marker_only:
        lines.append("marker-only catalogs (not in TOTAL):")
        lines.extend(_catalog_row(c, name_width) for c in report.marker_only)
    if any(c.not_exercised or c.undocumented for c in every) or report.unattributed:
        lines.append("")
    for c in every:
        if c.not_exercised:
            title = f"{c.name}: not exercised ({len(c.not_exercised)})"
            lines.extend(_wrapped(title, c.not_exercised, width))
        if c.undocumented:
            lines.append(f"{c.name}: undocumented codes seen ({len(c.undocumented)}):")
            lines.extend(_drift_line(code, c.tests.get(code, ()), width) for code in c.undocumented)
    if report.unattributed:
        lines.append(f"undocumented codes seen outside any catalog ({len(report.unattributed)}):")
        lines.extend(
            _drift_line(code, report.unattributed_tests.get(code, ()), width)
            for code in report.unattributed
        )
    return lines


def _catalog_row(c: CatalogCoverage, width: int) -> str:
    return _row(c.name, len(c.documented), len(c.exercised), c.percent, len(c.undocumented), width)


def _row(name: str, codes: int, exercised: int, cover: float, undoc: int, width: int) -> str:
    return f"{name:<{width}}  {codes:>5}  {exercised:>9}  {cover:>5.1f}%  {undoc:>12}"


def _drift_line(code: str, tests: tuple[str, ...], width: int) -> str:
    """``  CODE (test_a.py::test_x, +2 more)``: the tests that saw an undocumented code."""
    if not tests:
        return f"  {code}"
    shown = f"  {code} ({tests[0]}"
    if len(tests) > 1:
        shown += f", +{len(tests) - 1} more"
    shown += ")"
    return shown if len(shown) <= max(width, 40) else shown[: max(width, 40) - 4] + "...)"


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
