"""Pattern rules (``match: pattern``): the bank's own regular expressions, run only where one of
the rule's ``anchors`` occurs; a group named ``hit`` narrows the span."""

from __future__ import annotations

from collections import defaultdict

from .._bank import expand
from .._model import Rule
from .._normalize import fold_text
from ._regex import RegexRunner
from .literals import factors as literal_factors

__all__ = ["PatternMatcher", "compile_pattern"]

SCORE = 100.0


def compile_pattern(index: int, rule: Rule, sources: dict[int, list[str]],
                    anchors: defaultdict[str, set[tuple[int, int]]],
                    factors: dict[tuple[int, int], list[tuple[str, ...]]]) -> None:
    """Add pattern rule ``rule`` (number ``index``); ``factors`` gets each expression's literal
    factors (:mod:`.literals`)."""
    sources[index] = list(rule.forms)
    for number, source in enumerate(rule.forms):
        factors[index, number] = [tuple(sorted(f)) for f in literal_factors(source)]
    for anchor in rule.anchors:
        for folded_anchor in map(fold_text, expand(anchor)):
            if folded_anchor:
                anchors[folded_anchor].update((index, number) for number in range(len(rule.forms)))


class PatternMatcher(RegexRunner):
    def __init__(self, sources: dict[int, list[str]], particles: frozenset[str],
                 factors: dict[tuple[int, int], list[tuple[str, ...]]]) -> None:
        super().__init__(sources, {}, "pattern", SCORE, particles, factors)
