"""Fast lookups over code strings: prefix completion and "did you mean" suggestions.

Completion runs on every keystroke, so prefixes are answered by bisecting one sorted,
case-folded list instead of scanning. Suggestions use rapidfuzz because its scorers are
C-fast and well tested; the cut-off keeps nonsense from being "corrected" to a real code.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping

# Scores are 0..100 (normalised Levenshtein similarity). Below the cut-off a candidate is
# more likely a different word than a typo; far behind the best, it is noise.
SUGGESTION_CUTOFF = 70.0
SUGGESTION_SPREAD = 8.0


class PrefixIndex:
    """Sorted case-folded keys with their original spellings, for prefix queries."""

    __slots__ = ("_keys", "_codes", "_order")

    def __init__(self) -> None:
        self._keys: list[str] = []
        self._codes: list[str] = []
        self._order: dict[str, int] = {}

    def build(self, codes: Iterable[str]) -> None:
        unique = list(dict.fromkeys(codes))
        self._order = {code: index for index, code in enumerate(unique)}
        pairs = sorted((code.casefold(), code) for code in unique)
        self._keys = [key for key, _ in pairs]
        self._codes = [code for _, code in pairs]

    def starting_with(self, prefix: str) -> list[str]:
        """Codes whose case-folded form starts with ``prefix``, in documentation order."""
        folded = prefix.casefold()
        start = bisect.bisect_left(self._keys, folded)
        found: list[str] = []
        for index in range(start, len(self._keys)):
            if not self._keys[index].startswith(folded):
                break
            found.append(self._codes[index])
        found.sort(key=self._order.__getitem__)
        return found


def _normalise(code: str) -> str:
    """Compare codes without case and separators: ``Param-Required`` ~ ``PARAMETER_REQUIRED``."""
    from rapidfuzz import utils

    return utils.default_process(code.replace("_", " ").replace("-", " ").replace(".", " "))


def suggest_codes(
    code: str, known: Mapping[str, object], *, limit: int = 3, cutoff: float = SUGGESTION_CUTOFF
) -> list[str]:
    """Best few documented codes close to ``code``, best first; [] when nothing is close."""
    if not code.strip() or not known:
        return []
    from rapidfuzz import fuzz, process  # imported on first use: most runs never suggest

    matches = process.extract(
        code,
        list(known),
        scorer=fuzz.ratio,
        processor=_normalise,
        limit=limit + 1,
        score_cutoff=cutoff,
    )
    close = [(match, score) for match, score, _index in matches if match != code]
    if not close:
        return []
    best = close[0][1]
    return [match for match, score in close[:limit] if score >= best - SUGGESTION_SPREAD]
