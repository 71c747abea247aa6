"""Running a kind's regular expressions where their anchors occur (gap and pattern rules), and
only on a text that holds each expression's literal factors (:mod:`.literals`), which the
prefilter's one pass finds along with the anchors."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ._base import Candidate, in_clause

__all__ = ["RegexRunner"]


class RegexRunner:
    """Regular expressions by ``(rule, number)``, compiled on first use: a bank with word sets
    has thousands, and most never run (compiling is idempotent, so threads may race on it)."""

    def __init__(self, sources: dict[int, list[str]], marks: dict[tuple[int, int], tuple[bool, bool]],
                 kind: str, score: float, particles: frozenset[str],
                 factors: dict[tuple[int, int], list[tuple[str, ...]]]) -> None:
        self._regexes: dict[int, list[re.Pattern[str] | str]] = {k: list(v) for k, v in sources.items()}
        self._factors = factors
        # (rule, number) -> its literal factors, as the prefilter reports them found (made on
        # first need: most expressions never run)
        self._needs: dict[tuple[int, int], frozenset[tuple[int, int, int]] | None] = {}
        self._marks = marks
        self._kind = kind
        self._score = score
        self._particles = particles

    def keys(self) -> Iterator[tuple[int, int]]:
        """Every ``(rule, number)``."""
        for index, regexes in self._regexes.items():
            for number in range(len(regexes)):
                yield index, number

    def run(self, folded: str, keys: Iterable[tuple[int, int]],
            found: set[tuple[int, int, int]] | None = None) -> Iterator[Candidate]:
        """The candidates of the expressions ``keys`` in ``folded``; with ``found`` (the
        ``(rule, number, factor)`` whose factor the prefilter saw), only of those whose every
        literal factor is in the text."""
        needs = self._needs
        for key in keys:
            if found is not None:
                need = needs.get(key, False)
                if need is False:
                    count = len(self._factors.get(key, ()))
                    need = needs[key] = frozenset((*key, i) for i in range(count)) if count else None
                if need is not None and not found.issuperset(need):
                    continue  # every match holds a string of each factor; the text does not
            index, number = key
            regex = self._regexes[index][number]
            if isinstance(regex, str):
                regex = self._regexes[index][number] = re.compile(regex)
            marks = self._marks.get((index, number))
            hit = "hit" in regex.groupindex
            for m in regex.finditer(folded):
                start, end = m.span("hit") if hit else m.span()
                if marks and not in_clause(folded, start, end, *marks, self._particles):
                    continue
                if end > start:
                    yield Candidate(index, start, end, self._score, self._kind)
