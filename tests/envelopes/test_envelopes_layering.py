"""``errlsp.envelopes`` is a core layer: standard library only, checked in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import errlsp.envelopes as envelopes

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, sys
before = set(sys.modules)
import errlsp.envelopes
print(json.dumps(sorted(set(sys.modules) - before)))
"""


def test_importing_envelopes_loads_only_the_standard_library():
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True
    )
    loaded = {name.split(".")[0] for name in json.loads(result.stdout)}
    foreign = {name for name in loaded if name not in sys.stdlib_module_names and name != "errlsp"}
    assert foreign == set()
    assert "errlsp" in loaded


def test_public_api_is_exported():
    assert set(envelopes.__all__) == {
        "DIALECTS", "ApiError", "Body", "DecodedBody", "EnvelopeError", "build", "build_text",
        "decode_body",
        "detect", "media_type", "normalise_field", "parse",
    }  # fmt: skip
    assert all(getattr(envelopes, name) is not None for name in envelopes.__all__)


def test_every_module_is_small():
    package = Path(envelopes.__file__).parent
    sizes = {path.name: len(path.read_text().splitlines()) for path in package.glob("*.py")}
    assert {name: size for name, size in sizes.items() if size >= 250} == {}
