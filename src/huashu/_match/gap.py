"""Gap forms: a phrase with ``~`` standing for up to six characters of one clause
(这么简单~都不会). Each becomes a small regular expression, run only where its longest literal
piece (its anchor) occurs."""

from __future__ import annotations

import re
from collections import defaultdict

from .._bank import clause_marks, iter_forms
from .._model import Rule
from .._normalize import fold_text
from ._base import GAP
from ._regex import RegexRunner

__all__ = ["GapMatcher", "compile_gaps"]

# Lazy, so the shortest gap is found; \w keeps the gap inside one clause.
_GAP_RE = r"\w{0,6}?"
SCORE = 90.0


def compile_gaps(index: int, rule: Rule, sources: dict[int, list[str]],
                 marks: dict[tuple[int, int], tuple[bool, bool]],
                 anchors: defaultdict[str, set[tuple[int, int]]],
                 factors: dict[tuple[int, int], list[tuple[str, ...]]]) -> list[str]:
    """Add the gap forms of ``rule`` (number ``index``); return their pieces to teach jieba.

    ``factors`` gets each form's pieces of two characters or more: a match holds all of them."""
    gaps = [m for m in (clause_marks(f) for f in iter_forms(rule)) if GAP in m[0]]
    if not gaps:
        return []
    words = []
    sources[index] = []
    for form, head, tail in dict.fromkeys(gaps):
        pieces = [fold_text(p) for p in form.split(GAP)]
        if head or tail:
            marks[index, len(sources[index])] = (head, tail)
        anchors[max(pieces, key=len)].add((index, len(sources[index])))
        factors[index, len(sources[index])] = [(p,) for p in dict.fromkeys(pieces) if len(p) >= 2]
        sources[index].append(_GAP_RE.join(map(re.escape, pieces)))
        words.extend(p for p in pieces if len(p) >= 2)
    return words


class GapMatcher(RegexRunner):
    def __init__(self, sources: dict[int, list[str]], marks: dict[tuple[int, int], tuple[bool, bool]],
                 particles: frozenset[str], factors: dict[tuple[int, int], list[tuple[str, ...]]]) -> None:
        super().__init__(sources, marks, "gap", SCORE, particles, factors)
