"""No config, a large codebase that does not use these APIs: next to no findings.

CPython's standard library and Django use ``.code`` and ``code="invalid"`` for their own
codes; a false positive there costs more trust than a miss. The benchmark
(benchmarks/bench_check.py) runs the same check on the whole Django sdist.
"""

from __future__ import annotations

import json
import sysconfig
from pathlib import Path

import pytest

from errlsp.cli import main


def _trees() -> list[Path]:
    trees = [Path(sysconfig.get_paths()["stdlib"])]
    django = pytest.importorskip("django")
    trees.append(Path(django.__file__).parent)
    return trees


def test_stdlib_and_django_have_no_findings(capsys: pytest.CaptureFixture[str]) -> None:
    trees = _trees()
    code = main(["check", "--no-cache", "--format", "json", *map(str, trees)])
    findings = json.loads(capsys.readouterr().out)
    assert findings == [], "\n".join(f"{f['path']}:{f['line']}: {f['message']}" for f in findings)
    assert code == 0
