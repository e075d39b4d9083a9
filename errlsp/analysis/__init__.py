"""What the source says: error-code references in Python text, and what is wrong with them.

Pure functions over text: no I/O, no LSP types, and libcst imported only when a block needs
parsing (see ``references``). Positions are 0-based lines and code-point columns.
"""

from __future__ import annotations

from errlsp.analysis.check import check, check_source, reference_at, suppressed_rules
from errlsp.analysis.model import KINDS, CodeReference, Finding, Fix, Position, Span
from errlsp.analysis.references import (
    BlockCache,
    SourceSyntaxError,
    candidate_blocks,
    candidate_lines,
    references,
    syntax_error,
)
from errlsp.analysis.rules import RULES, Rule, severity_of

__all__ = [
    "KINDS",
    "RULES",
    "BlockCache",
    "CodeReference",
    "Finding",
    "Fix",
    "Position",
    "Rule",
    "SourceSyntaxError",
    "Span",
    "candidate_blocks",
    "candidate_lines",
    "check",
    "check_source",
    "reference_at",
    "references",
    "severity_of",
    "suppressed_rules",
    "syntax_error",
]
