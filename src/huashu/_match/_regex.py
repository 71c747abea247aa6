"""Running a kind's regular expressions where their anchors occur (gap and pattern rules), and
only on a text that holds each expression's literal factors (:mod:`.literals`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ._base import Candidate, in_clause
from .literals import factors

__all__ = ["RegexRunner"]


class RegexRunner:
    """Regular expressions by ``(rule, number)``, compiled on first use: a bank with word sets
    has thousands, and most never run (compiling is idempotent, so threads may race on it)."""

    def __init__(self, sources: dict[int, list[str]], marks: dict[tuple[int, int], tuple[bool, bool]],
                 kind: str, score: float, particles: frozenset[str]) -> None:
        self._regexes: dict[int, list[re.Pattern[str] | str]] = {k: list(v) for k, v in sources.items()}
        # (rule, number) -> tests of the expression's literal factors (a string, or an
        # alternation of them), worked out with its compiling
        self._factors: dict[tuple[int, int], tuple[str | re.Pattern[str], ...]] = {}
        self._marks = marks
        self._kind = kind
        self._score = score
        self._particles = particles

    def keys(self) -> Iterator[tuple[int, int]]:
        """Every ``(rule, number)``."""
        for index, regexes in self._regexes.items():
            for number in range(len(regexes)):
                yield index, number

    def run(self, folded: str, keys: Iterable[tuple[int, int]]) -> Iterator[Candidate]:
        for index, number in keys:
            regex = self._regexes[index][number]
            if isinstance(regex, str):
                self._factors[index, number] = tuple(
                    next(iter(f)) if len(f) == 1 else re.compile("|".join(map(re.escape, sorted(f))))
                    for f in factors(regex))
                regex = self._regexes[index][number] = re.compile(regex)
            missing = False
            for factor in self._factors[index, number]:
                if factor not in folded if isinstance(factor, str) else factor.search(folded) is None:
                    missing = True  # every match holds one of these strings; the text none
                    break
            if missing:
                continue
            marks = self._marks.get((index, number))
            hit = "hit" in regex.groupindex
            for m in regex.finditer(folded):
                start, end = m.span("hit") if hit else m.span()
                if marks and not in_clause(folded, start, end, *marks, self._particles):
                    continue
                if end > start:
                    yield Candidate(index, start, end, self._score, self._kind)
