"""The ``errcodes`` pytest plugin: options, ini keys, marker, fixtures and error-code coverage.

Loaded by every pytest session in an environment where errlsp is installed, so it must cost
next to nothing until a test uses it: nothing here imports ``errlsp.catalog`` or reads a
config file at start-up; the session context loads both on first use. xdist hooks are
registered only when xdist is active, so a missing xdist never breaks hook validation.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Generator
from contextvars import Token
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from pytest_errcodes._state import (
    CURRENT_SESSION,
    CURRENT_TEST,
    UNDOCUMENTED_POLICIES,
    LazyContext,
    TestScope,
)

if TYPE_CHECKING:
    from errlsp.catalog import Catalog
    from pytest_errcodes._bodies import ApiErrorBodyFactory
    from pytest_errcodes._catalog_view import ErrcodesCatalog
    from pytest_errcodes._context import Context
    from pytest_errcodes._coverage import CoverageRecorder, CoverageReport

WORKEROUTPUT_KEY = "errcodes_coverage"
SPOOL_KEY = "errcodes_spool"
# ``catalog=NAME`` in --errcodes-fail-under; the catalog loader's pattern, without importing it
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
MARKER = (
    "errcodes(catalog=None): check error codes in this test, class or module against these "
    "catalogs only (a name or list of names: active catalogs, built-ins or catalog files)"
)

session_key = pytest.StashKey[LazyContext]()
token_key = pytest.StashKey[Token[LazyContext | None]]()
recorder_key = pytest.StashKey["CoverageRecorder"]()
report_key = pytest.StashKey["CoverageReport | str"]()
written_key = pytest.StashKey[list[str]]()
failures_key = pytest.StashKey[list[str]]()
passed_key = pytest.StashKey[bool]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("errcodes", "error-code assertions and coverage (pytest_errcodes)")
    group.addoption(
        "--errcodes-catalog",
        action="append",
        dest="errcodes_catalogs",
        metavar="NAME_OR_PATH",
        help="check error codes against this catalog (repeatable; built-in name or catalog "
        "file); overrides [tool.errlsp] catalogs and the errcodes_catalogs ini key",
    )
    group.addoption(
        "--errcodes-no-strict",
        action="store_false",
        dest="errcodes_strict",
        default=None,
        help="allow asserting error codes no active catalog documents",
    )
    group.addoption(
        "--errcodes-undocumented",
        choices=UNDOCUMENTED_POLICIES,
        dest="errcodes_undocumented",
        help="when a response carries an undocumented code: error (default), warning, ignore",
    )
    group.addoption(
        "--errcodes-coverage",
        action="store_true",
        default=None,
        dest="errcodes_coverage",
        help="report which documented error codes the tests asserted or observed",
    )
    group.addoption(
        "--errcodes-coverage-json",
        metavar="PATH",
        dest="errcodes_coverage_json",
        help="write the error-code coverage report to PATH as JSON",
    )
    group.addoption(
        "--errcodes-coverage-html",
        metavar="DIR",
        dest="errcodes_coverage_html",
        help="write a self-contained HTML error-code coverage report to DIR/index.html",
    )
    group.addoption(
        "--errcodes-fail-under",
        action="append",
        metavar="[CATALOG=]PERCENT",
        dest="errcodes_fail_under",
        help="fail the session when error-code coverage is below PERCENT: the TOTAL, or one "
        "catalog's with CATALOG=PERCENT (repeatable, or comma-separated)",
    )
    parser.addini("errcodes_catalogs", "catalogs to check error codes against", type="linelist")
    parser.addini("errcodes_strict", "fail when asserting an undocumented code", type="bool",
                  default=True)  # fmt: skip
    parser.addini("errcodes_undocumented", "undocumented code in a response: error, warning "
                  "or ignore", default="error")  # fmt: skip
    parser.addini("errcodes_check_status", "fail when the HTTP status is not one documented "
                  "for the code", type="bool", default=True)  # fmt: skip
    parser.addini("errcodes_body_limit", "characters of response body shown in failures",
                  default="2000")  # fmt: skip
    parser.addini("errcodes_exception_attributes", "extra exception attributes holding an "
                  "error code, for raises_api_error", type="linelist")  # fmt: skip
    parser.addini("errcodes_coverage", "report error-code coverage", type="bool", default=False)
    parser.addini("errcodes_coverage_json", "write error-code coverage JSON to this path")
    parser.addini("errcodes_coverage_html", "write an HTML error-code coverage report to this "
                  "directory")  # fmt: skip
    parser.addini("errcodes_fail_under", "minimum error-code coverage percent: PERCENT and/or "
                  "CATALOG=PERCENT, comma-separated", default="")  # fmt: skip


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", MARKER)
    options = _options(config)  # validate now: a bad ini value is a usage error up front
    _output_path(config, "json")
    _output_path(config, "html")
    recorder = None
    if _coverage_wanted(config):
        from pytest_errcodes._coverage import CoverageRecorder

        recorder = config.stash[recorder_key] = CoverageRecorder()
        workerinput = getattr(config, "workerinput", {})
        if workerinput.get(SPOOL_KEY):  # an xdist worker: spool each test's records
            recorder.spool = Path(workerinput[SPOOL_KEY]) / f"{workerinput['workerid']}.jsonl"
        if config.pluginmanager.hasplugin("xdist"):
            config.pluginmanager.register(XdistCoverage(recorder), "errcodes-xdist")
    session = LazyContext(lambda: _build_context(config.rootpath, options, recorder))
    config.stash[session_key] = session
    config.stash[token_key] = CURRENT_SESSION.set(session)


def pytest_unconfigure(config: pytest.Config) -> None:
    xdist = config.pluginmanager.get_plugin("errcodes-xdist")
    if isinstance(xdist, XdistCoverage):
        xdist.remove_spool()
    token = config.stash.get(token_key, None)
    if token is not None:
        CURRENT_SESSION.reset(token)
        del config.stash[token_key]


def _build_context(
    rootdir: Path, options: dict[str, Any], recorder: CoverageRecorder | None
) -> Context:
    from pytest_errcodes._context import Context, Options

    return Context(rootdir, Options(**options), recorder)


def _options(config: pytest.Config) -> dict[str, Any]:
    """``Options`` fields from command line and ini, validated; a dict so that building the
    ``Options`` dataclass (and importing its module) waits for first use."""
    catalogs = config.getoption("errcodes_catalogs") or config.getini("errcodes_catalogs")
    _check_catalog_names(config, catalogs)
    strict = config.getoption("errcodes_strict")
    undocumented = config.getoption("errcodes_undocumented") or config.getini(
        "errcodes_undocumented"
    )
    if undocumented not in UNDOCUMENTED_POLICIES:
        raise pytest.UsageError(
            f"errcodes_undocumented: expected one of {', '.join(UNDOCUMENTED_POLICIES)}, "
            f"got {undocumented!r}"
        )
    _fail_under(config)
    check_status = _bool_ini(config, "errcodes_check_status")
    strict_ini = _bool_ini(config, "errcodes_strict")
    return {
        "catalogs": tuple(catalogs),
        "strict": strict_ini if strict is None else strict,
        "undocumented": undocumented,
        "check_status": check_status,
        "body_limit": int(_number(config.getini("errcodes_body_limit"), "errcodes_body_limit")),
        "exception_attributes": tuple(config.getini("errcodes_exception_attributes")),
    }


def _check_catalog_names(config: pytest.Config, names: list[str]) -> None:
    """A catalog that is neither built in nor a file is a usage error now (the catalogs
    themselves still load on first use). Only paid when catalogs are named here."""
    if not names:
        return
    from errlsp.catalog.builtin import builtin_names

    known = builtin_names()
    roots = {config.invocation_params.dir, config.rootpath}
    if config.inipath is not None:
        roots.add(config.inipath.parent)
    for name in names:
        if name in known or any((root / name).exists() for root in roots):
            continue
        raise pytest.UsageError(
            f"--errcodes-catalog / errcodes_catalogs: {name!r} is not a built-in catalog "
            f"({', '.join(known)}) nor a file"
        )


def _bool_ini(config: pytest.Config, name: str) -> bool:
    """A boolean ini key; a value that is not one is a usage error naming the key."""
    try:
        return bool(config.getini(name))
    except (ValueError, pytest.UsageError) as error:
        raise pytest.UsageError(f"{name}: expected true or false ({error})") from None


def _number(value: str, name: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise pytest.UsageError(f"{name}: expected a number, got {value!r}") from None
    if not math.isfinite(number):
        raise pytest.UsageError(f"{name}: expected a finite number, got {value!r}")
    if number < 0:
        raise pytest.UsageError(f"{name}: expected a number >= 0, got {value!r}")
    return number


def _fail_under(config: pytest.Config) -> dict[str, float] | None:
    """Thresholds by catalog name, ``""`` for TOTAL; None when no threshold is set."""
    values = config.getoption("errcodes_fail_under") or [config.getini("errcodes_fail_under")]
    thresholds: dict[str, float] = {}
    for value in values:
        for part in str(value).split(","):
            part = part.strip()
            if not part:
                continue
            name, _, number = part.rpartition("=")
            name = name.strip()
            if "=" in part and not NAME_PATTERN.match(name):
                raise pytest.UsageError(
                    f"--errcodes-fail-under: expected PERCENT or CATALOG=PERCENT, got {part!r}"
                )
            percent = _number(number.strip().rstrip("%"), "--errcodes-fail-under")
            if percent > 100:
                raise pytest.UsageError(f"--errcodes-fail-under: expected 0-100, got {part!r}")
            thresholds[name] = percent
    return thresholds or None


def _output_path(config: pytest.Config, kind: str) -> Path | None:
    """``--errcodes-coverage-json`` (a file) or ``--errcodes-coverage-html`` (a directory),
    checked now: a path that cannot be written is a usage error, not a traceback at the end."""
    option = f"errcodes_coverage_{kind}"
    value = config.getoption(option) or config.getini(option)
    if not value:
        return None
    path = Path(value)
    path = path if path.is_absolute() else config.invocation_params.dir / path
    flag = f"--errcodes-coverage-{kind}"
    if kind == "json" and path.is_dir():
        raise pytest.UsageError(f"{flag}: {value} is a directory; name a file such as cov.json")
    if kind == "html" and path.exists() and not path.is_dir():
        raise pytest.UsageError(f"{flag}: {value} exists and is not a directory")
    existing = path if kind == "html" and path.is_dir() else path.parent
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        raise pytest.UsageError(f"{flag}: cannot write {value} ({existing} is not writable)")
    return path


def _coverage_json(config: pytest.Config) -> Path | None:
    return _output_path(config, "json")


def _coverage_shown(config: pytest.Config) -> bool:
    flag = config.getoption("errcodes_coverage")
    return _bool_ini(config, "errcodes_coverage") if flag is None else bool(flag)


def _coverage_wanted(config: pytest.Config) -> bool:
    wanted = _coverage_shown(config) or _coverage_json(config) is not None
    return wanted or _fail_under(config) is not None or _output_path(config, "html") is not None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Generator[None, object, object]:
    catalogs, problem = _marker_catalogs(item)
    token = CURRENT_TEST.set(TestScope(item.path, catalogs, problem))
    recorder = item.config.stash.get(recorder_key, None)
    if recorder is not None:
        recorder.start_test(item.nodeid)
        item.stash[passed_key] = True
    try:
        return (yield)
    finally:
        CURRENT_TEST.reset(token)
        if recorder is not None:
            recorder.finish_test(item.stash.get(passed_key, False))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, Any, Any]:
    """A test counts for coverage only if every phase passed and it was not an xfail."""
    report = yield
    if passed_key in item.stash and (not report.passed or hasattr(report, "wasxfail")):
        item.stash[passed_key] = False
    return report


def pytest_runtest_setup(item: pytest.Item) -> None:
    test = CURRENT_TEST.get()
    if test is not None and test.problem is not None:
        pytest.fail(f"{item.nodeid}: {test.problem}", pytrace=False)


def _marker_catalogs(item: pytest.Item) -> tuple[tuple[str, ...], str | None]:
    """The catalogs an ``errcodes`` marker names, or why the marker is unusable."""
    marker = item.get_closest_marker("errcodes")
    if marker is None:
        return (), None
    if len(marker.args) > 1 or set(marker.kwargs) - {"catalog"}:
        return (), f"usage is @pytest.mark.{MARKER.partition(':')[0]}"
    value: Any = marker.args[0] if marker.args else marker.kwargs.get("catalog")
    if value is None:
        return (), None
    if isinstance(value, str):
        return (value,), None
    if isinstance(value, (list, tuple)) and all(isinstance(name, str) for name in value):
        return tuple(value), None
    return (), f"errcodes(catalog=...) takes a catalog name or a list of them, got {value!r}"


@pytest.fixture
def errcodes_catalog() -> ErrcodesCatalog:
    """The codes this test checks against (config, options and marker): ``code in``,
    ``[code]`` (its ``ErrorCode``), iteration over codes; ``.names``, ``.catalogs``."""
    from pytest_errcodes._catalog_view import ErrcodesCatalog
    from pytest_errcodes._context import current_context

    return ErrcodesCatalog(current_context().scope())


@pytest.fixture
def api_error_body() -> ApiErrorBodyFactory:
    """Build a documented error body: ``api_error_body("PARAMETER_REQUIRED", field="name")``."""
    from pytest_errcodes._bodies import ApiErrorBodyFactory
    from pytest_errcodes._context import current_context

    return ApiErrorBodyFactory(current_context().scope())


def pytest_report_header(config: pytest.Config) -> str:
    names = config.getoption("errcodes_catalogs") or config.getini("errcodes_catalogs")
    if names:
        return f"errcodes: catalogs {', '.join(names)} (from options), loaded on first use"
    if config.get_verbosity() <= 0 and recorder_key not in config.stash:
        return "errcodes: catalogs from [tool.errlsp] (default: built-ins), loaded on first use"
    from pytest_errcodes._context import ErrcodesConfigError

    context = config.stash[session_key].get()
    try:
        settings, catalogs = context.settings, context.catalogs
    except ErrcodesConfigError as error:
        return f"errcodes: {error}"
    source = settings.config_path or "defaults, no [tool.errlsp]"
    listed = ", ".join(f"{c.name} ({len(c)} codes)" for c in catalogs)
    return f"errcodes: catalogs {listed} from {source}"


def pytest_sessionfinish(session: pytest.Session) -> None:
    config = session.config
    recorder = config.stash.get(recorder_key, None)
    if recorder is None:
        return
    workeroutput = getattr(config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: the controller reports
        workeroutput[WORKEROUTPUT_KEY] = recorder.to_json()
        return
    xdist = config.pluginmanager.get_plugin("errcodes-xdist")
    if isinstance(xdist, XdistCoverage):
        xdist.merge_spools()
    report = _build_report(config.stash[session_key].get(), recorder)
    config.stash[report_key] = report
    if isinstance(report, str):
        if _fail_under(config) is not None:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
        return
    config.stash[written_key] = _write_reports(config, report)
    failures = threshold_failures(report, _fail_under(config) or {})
    config.stash[failures_key] = failures
    if failures and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def _write_reports(config: pytest.Config, report: CoverageReport) -> list[str]:
    """Write the JSON and HTML reports; say what was written, or why it could not be."""
    from pytest_errcodes._coverage import write_json
    from pytest_errcodes._html import write_html

    said = []
    for kind, write in (("json", write_json), ("html", write_html)):
        path = _output_path(config, kind)
        if path is None:
            continue
        try:
            written = write(report, path)
        except OSError as error:
            said.append(f"cannot write error-code coverage {kind.upper()} to {path}: {error}")
            continue
        said.append(f"error-code coverage {kind.upper()} written to {written or path}")
    return said


def threshold_failures(report: CoverageReport, thresholds: dict[str, float]) -> list[str]:
    """One line per threshold not reached (or naming a catalog the report does not have)."""
    failures = []
    for name, threshold in thresholds.items():
        if not name:
            if report.percent < threshold:
                failures.append(f"TOTAL {report.percent:.2f}% < {threshold:g}%")
            continue
        found = report.get(name)
        if found is None:
            known = ", ".join(c.name for c in (*report.catalogs, *report.marker_only)) or "none"
            failures.append(f"{name}: no such catalog in the report (catalogs: {known})")
        elif found.percent < threshold:
            failures.append(f"{name} {found.percent:.2f}% < {threshold:g}%")
    return failures


def _build_report(context: Context, recorder: CoverageRecorder) -> CoverageReport | str:
    from pytest_errcodes._context import ErrcodesConfigError
    from pytest_errcodes._coverage import build_report

    try:
        catalogs = list(context.catalogs)
        active = set(context.catalogs.names)
        marker_only: list[Catalog] = []
        for name, source in sorted(recorder.sources.items()):
            if name not in active:
                marker_only.extend(context.named([source]))
    except ErrcodesConfigError as error:
        return f"cannot report error-code coverage: {error}"
    return build_report(recorder, catalogs, marker_only)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    report = config.stash.get(report_key, None)
    if report is None:
        return
    if isinstance(report, str):
        terminalreporter.write_sep("-", "error-code coverage")
        terminalreporter.write_line(report)
        return
    thresholds = _fail_under(config)
    if _coverage_shown(config) or thresholds is not None:
        from pytest_errcodes._coverage import render_report

        terminalreporter.write_sep("-", "error-code coverage")
        for line in render_report(report, width=config.get_terminal_writer().fullwidth):
            terminalreporter.write_line(line)
    for line in config.stash.get(written_key, []):
        terminalreporter.write_line(line)
    if thresholds is None:
        return
    failures = config.stash.get(failures_key, [])
    wanted = ", ".join(
        f"{name}={value:g}%" if name else f"{value:g}%" for name, value in thresholds.items()
    )
    if failures:
        terminalreporter.write_line(
            f"FAIL Required error-code coverage of {wanted} not reached: {'; '.join(failures)}. "
            f"Total coverage: {report.percent:.2f}%",
            red=True,
            bold=True,
        )
    else:
        terminalreporter.write_line(
            f"Required error-code coverage of {wanted} reached. "
            f"Total coverage: {report.percent:.2f}%",
            green=True,
        )


class XdistCoverage:
    """Controller-side: merge each worker's recorded codes when the worker finishes.

    Each worker also appends every finished test's records to a spool file in a directory
    the controller hands it, so a worker that crashes (and never sends ``workeroutput``)
    loses nothing it had recorded; merging both is a union, so nothing counts twice.
    """

    def __init__(self, recorder: CoverageRecorder) -> None:
        self.recorder = recorder
        self.spool_dir: Path | None = None

    def pytest_configure_node(self, node: Any) -> None:
        if self.spool_dir is None:
            import tempfile

            self.spool_dir = Path(tempfile.mkdtemp(prefix="errcodes-spool-"))
        node.workerinput[SPOOL_KEY] = str(self.spool_dir)

    def pytest_testnodedown(self, node: Any, error: object) -> None:
        data = getattr(node, "workeroutput", {}).get(WORKEROUTPUT_KEY)
        if data is not None:
            self.recorder.merge(data)

    def merge_spools(self) -> None:
        if self.spool_dir is not None:
            for path in sorted(self.spool_dir.glob("*.jsonl")):
                self.recorder.merge_spool(path)

    def remove_spool(self) -> None:
        if self.spool_dir is not None:
            import shutil

            shutil.rmtree(self.spool_dir, ignore_errors=True)
            self.spool_dir = None
