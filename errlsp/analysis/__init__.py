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
