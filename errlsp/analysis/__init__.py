"""What the source says: error-code references in Python text, and what is wrong with them.

Pure functions over text: no I/O, no LSP types, and libcst imported only when a block needs
parsing (see ``references``). Positions are 0-based lines and code-point columns.

- ``analyse(text, settings, catalogs)``: references and findings of a text in one pass;
  ``check_source`` is its findings.
- ``judge(code, context, catalogs, scoped)``: the verdict on one code, which every face asks.
- ``errlsp.analysis.incremental.DocumentAnalyzer``: the same analysis by top-level chunks, for
  a document being edited (imported by the server only, so ``errlsp check`` never loads it).
- ``directives``: what a file says about all of its references (aliases, catalogs, markers).
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

from errlsp.lazy import lazy_attributes

# Where each public name lives. Submodules load on first use (PEP 562): a warm
# ``errlsp check`` that answers from its cache never imports the analysis it does not run.
_HOMES = {
    "errlsp.analysis.check": (
        "Analysis Seen analyse check check_source context_of reference_at seen verdicts"
    ),
    "errlsp.analysis.directives": "Directives directives file_wide",
    "errlsp.analysis.model": "KINDS CodeReference Finding Fix Position Span",
    "errlsp.analysis.references": (
        "BlockCache SourceSyntaxError candidate_blocks candidate_lines references syntax_error"
    ),
    "errlsp.analysis.suppression": "Suppression parse_suppression suppressed_rules",
    "errlsp.analysis.verdict": "Context Verdict judge verdict_message",
    "errlsp.rules": "RULES Rule severity_of",
}
# Functions named like their module: the function keeps the package's name (as an eager
# ``from errlsp.analysis.check import check`` made it), not the module the import system binds.
_SHADOWED = frozenset({"check", "directives", "references"})


class _Package(types.ModuleType):
    def __setattr__(self, name: str, value: Any) -> None:
        if name in _SHADOWED and isinstance(value, types.ModuleType):
            return  # the submodule stays reachable as sys.modules["errlsp.analysis.NAME"]
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

if TYPE_CHECKING:
    from errlsp.analysis.check import (
        Analysis,
        Seen,
        analyse,
        check,
        check_source,
        context_of,
        reference_at,
        seen,
        verdicts,
    )
    from errlsp.analysis.directives import Directives, directives, file_wide
    from errlsp.analysis.model import KINDS, CodeReference, Finding, Fix, Position, Span
    from errlsp.analysis.references import (
        BlockCache,
        SourceSyntaxError,
        candidate_blocks,
        candidate_lines,
        references,
        syntax_error,
    )
    from errlsp.analysis.suppression import Suppression, parse_suppression, suppressed_rules
    from errlsp.analysis.verdict import Context, Verdict, judge, verdict_message
    from errlsp.rules import RULES, Rule, severity_of


if not TYPE_CHECKING:  # (mypy reads the imports above, and reports a misspelt name)
    __getattr__, __dir__ = lazy_attributes(__name__, globals(), _HOMES)


__all__ = [
    "KINDS",
    "RULES",
    "Analysis",
    "BlockCache",
    "CodeReference",
    "Context",
    "Directives",
    "Finding",
    "Fix",
    "Position",
    "Rule",
    "Seen",
    "SourceSyntaxError",
    "Span",
    "Suppression",
    "Verdict",
    "analyse",
    "candidate_blocks",
    "candidate_lines",
    "check",
    "check_source",
    "context_of",
    "verdict_message",
    "verdicts",
    "directives",
    "file_wide",
    "judge",
    "parse_suppression",
    "reference_at",
    "references",
    "seen",
    "severity_of",
    "suppressed_rules",
    "syntax_error",
]
