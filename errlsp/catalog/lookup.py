"""Fast lookups over code strings: prefix completion and "did you mean" suggestions.

Completion runs on every keystroke, so prefixes are answered by bisecting one sorted,
case-folded list instead of scanning. Suggestions use rapidfuzz because its scorers are
C-fast and well tested; the cut-off keeps nonsense from being "corrected" to a real code.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from typing import Literal, overload

# Scores are 0..100 (normalised Levenshtein similarity). Below the cut-off a candidate is
# more likely a different word than a typo; far behind the best, it is noise.
SUGGESTION_CUTOFF = 70.0
SUGGESTION_SPREAD = 8.0


class PrefixIndex:
    """Sorted case-folded keys with their original spellings, for prefix queries; and the
    codes squashed (no case, no separators) for typo distances."""

    __slots__ = ("_keys", "_codes", "_order", "_unique", "_squashed", "_typos")

    # ``errlsp check`` asks about the same literals in file after file ("invalid", "required"):
    # answers are remembered, up to this many (then forgotten at once, which is rare and cheap).
    MEMO_SIZE = 4096

    def __init__(self) -> None:
        self._keys: list[str] = []
        self._codes: list[str] = []
        self._order: dict[str, int] = {}
        self._unique: list[str] = []
        self._squashed: list[str] = []
        self._typos: dict[str, list[tuple[str, int]]] = {}

    def build(self, codes: Iterable[str]) -> None:
        unique = list(dict.fromkeys(codes))
        self._order = {code: index for index, code in enumerate(unique)}
        self._unique = unique
        self._typos = {}
        pairs = sorted((code.casefold(), code) for code in unique)
        self._keys = [key for key, _ in pairs]
        self._codes = [code for _, code in pairs]
        self._squashed = [squash(code) for code in unique]

    def typos_of(self, code: str) -> list[tuple[str, int]]:
        """Documented codes ``code`` is a typo of: (code, edits), fewest edits first.

        Edits are counted on squashed codes (optimal string alignment: a transposition is one
        edit), and a code of n squashed characters admits ``edits_allowed(n)`` of them, so the
        rule is the same for every catalog and predictable from the code alone.
        """
        known = self._typos.get(code)
        if known is not None:
            return list(known)
        squashed = squash(code)
        if not squashed or not self._squashed:
            return []
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        found = process.extract(
            squashed, self._squashed, scorer=OSA.distance, score_cutoff=MAX_TYPO_EDITS, limit=None
        )
        codes = self._unique
        typos = [
            (codes[index], int(edits))
            for _choice, edits, index in found
            if edits <= edits_allowed(len(self._squashed[index])) and codes[index] != code
        ]
        if len(self._typos) >= self.MEMO_SIZE:
            self._typos.clear()
        self._typos[code] = typos
        return list(typos)

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


# A literal counts as a typo of a documented code (in generic contexts, where other libraries'
# codes are common) within this many edits of its squashed form: none below 6 characters,
# one up to 11, two up to 23, three beyond. ``FORBIDEN`` is a typo of ``FORBIDDEN`` (one deletion);
# ``FORIBDDEN`` too (a transposition is one edit); ``invalid`` is not a typo of ``INVALID_PIN``.
MAX_TYPO_EDITS = 3


def edits_allowed(length: int) -> int:
    """How many edits from a documented code of ``length`` squashed characters is a typo."""
    if length < 6:
        return 0
    if length < 12:
        return 1
    if length < 24:
        return 2
    return MAX_TYPO_EDITS


def squash(code: str) -> str:
    """A code without case and separators: ``Rate-Limited`` and ``ratelimited`` are equal."""
    return "".join(char for char in code.casefold() if char not in "_-. :")


def _normalise(code: str) -> str:
    """Compare codes without case and separators: ``Param-Required`` ~ ``PARAMETER_REQUIRED``."""
    from rapidfuzz import utils

    return utils.default_process(code.replace("_", " ").replace("-", " ").replace(".", " "))


@overload
def suggest_codes(
    code: str,
    known: Mapping[str, object],
    *,
    limit: int = 3,
    cutoff: float = SUGGESTION_CUTOFF,
    scored: Literal[False] = False,
) -> list[str]: ...


@overload
def suggest_codes(
    code: str,
    known: Mapping[str, object],
    *,
    limit: int = 3,
    cutoff: float = SUGGESTION_CUTOFF,
    scored: Literal[True],
) -> list[tuple[str, float]]: ...


def suggest_codes(
    code: str,
    known: Mapping[str, object],
    *,
    limit: int = 3,
    cutoff: float = SUGGESTION_CUTOFF,
    scored: bool = False,
) -> list[str] | list[tuple[str, float]]:
    """Best few documented codes close to ``code``, best first; [] when nothing is close.

    ``scored=True`` gives each with its similarity, and the runner-up even when it is far
    behind, so a caller can tell a clear winner from a close call.
    """
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
    if scored:
        return [(match, float(score)) for match, score in close[:limit]]
    return [match for match, score in close[:limit] if score >= best - SUGGESTION_SPREAD]
