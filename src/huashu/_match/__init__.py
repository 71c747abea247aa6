"""Compile a bank's rules into matchers and find candidates in folded text.

One matcher kind per module, behind :class:`CompiledBank`:

* :mod:`.phrase` — literal forms, exact or with inserted words, and :mod:`.typo` for one
  input-method typo;
* :mod:`.gap` — forms with a ``~`` gap of a few characters;
* :mod:`.pattern` — the bank's own regular expressions (``match: pattern``).

A text goes through the stages in one direction:

1. *Candidates*: one Aho-Corasick pass (:mod:`.prefilter`) finds every kind's anchors; only
   there does a matcher look further, so the cost stays linear in the text.
2. *Verify*: each kind checks its forms around an anchor (:meth:`PhraseMatcher.verify`, the gap
   and pattern regular expressions); then :mod:`.guard` checks word boundaries (jieba runs only
   on the blocks that hold a short candidate), exceptions and redeeming offers.
3. *Resolve* (in the checker): overlaps are settled, longest first.

Compiling is cached (:mod:`.cache`): a process whose bank was compiled before reads the tables
back from the user's cache folder.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from .._bank import PhraseBank, expand, iter_exceptions
from .._model import Rule
from .._normalize import fold_text
from .._segment import Segmenter
from ._base import GAP, Candidate, keep
from .cache import cached_tables
from .gap import GapMatcher, compile_gaps
from .guard import REDEEM_REACH, Guard
from .pattern import PatternMatcher, compile_pattern
from .phrase import PhraseMatcher, compile_phrases, insert_words, pack
from .prefilter import Prefilter, automaton

__all__ = ["GAP", "REDEEM_REACH", "Candidate", "CompiledBank"]


def _compile(rules: Sequence[Rule], bank: PhraseBank) -> dict[str, Any]:
    """The compiled tables of ``rules``: plain data, so that they can be cached."""
    settings = bank.settings
    inserts = insert_words(settings)
    forms: list[tuple] = []
    phrase_anchors: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
    gap_sources: dict[int, list[str]] = {}
    gap_marks: dict[tuple[int, int], tuple[bool, bool]] = {}
    gap_anchors: defaultdict[str, set[tuple[int, int]]] = defaultdict(set)
    pattern_sources: dict[int, list[str]] = {}
    pattern_anchors: defaultdict[str, set[tuple[int, int]]] = defaultdict(set)
    exceptions: dict[int, tuple[str, ...]] = {}
    redeemers: dict[int, tuple[str, ...]] = {}
    # The words taught to jieba, in this order: a word's frequency depends on those before it.
    words: list[str] = []
    for index, rule in enumerate(rules):
        exceptions[index] = tuple(dict.fromkeys(e for e in map(fold_text, iter_exceptions(rule)) if e))
        words.extend(exceptions[index])
        offers = (fold_text(e) for f in rule.unless_followed_by for e in expand(f))
        redeemers[index] = tuple(dict.fromkeys(r for r in offers if r))
        if rule.match == "pattern":
            compile_pattern(index, rule, pattern_sources, pattern_anchors)
            continue
        words.extend(compile_gaps(index, rule, gap_sources, gap_marks, gap_anchors))
        words.extend(compile_phrases(index, rule, settings, bool(inserts), forms, phrase_anchors))
    gap_anchors_ = {a: frozenset(k) for a, k in gap_anchors.items()}
    pattern_anchors_ = {a: frozenset(k) for a, k in pattern_anchors.items()}
    return {
        "rules": len(rules),
        "prefilter": automaton({*phrase_anchors, *gap_anchors_, *pattern_anchors_}),
        "inserts": inserts,
        "phrases": pack(forms, phrase_anchors),
        "gap_sources": gap_sources,
        "gap_marks": gap_marks,
        "gap_anchors": gap_anchors_,
        "pattern_sources": pattern_sources,
        "pattern_anchors": pattern_anchors_,
        "exceptions": exceptions,
        "redeemers": redeemers,
        "words": words,
    }


class CompiledBank:
    """The active rules of a bank, compiled once; read-only afterwards and safe to share."""

    def __init__(self, bank: PhraseBank, rules: Sequence[Rule]) -> None:
        self.bank = bank
        self.rules = tuple(rules)
        settings = bank.settings
        particles = frozenset(settings.particles)
        tables = cached_tables(self.rules, settings, lambda: _compile(self.rules, bank))
        self._phrases = PhraseMatcher(tables["phrases"], tables["inserts"], settings)
        self._gaps = GapMatcher(tables["gap_sources"], tables["gap_marks"], particles)
        self._patterns = PatternMatcher(tables["pattern_sources"], particles)
        # anchor -> the gap and the pattern regular expressions to run where it occurs
        self._regex_anchors: dict[str, tuple[frozenset[tuple[int, int]], frozenset[tuple[int, int]]]] = {
            a: (tables["gap_anchors"].get(a, frozenset()), tables["pattern_anchors"].get(a, frozenset()))
            for a in {*tables["gap_anchors"], *tables["pattern_anchors"]}
        }
        self._prefilter = Prefilter(tables["prefilter"])
        self.segmenter = Segmenter(tables["words"])
        self._guard = Guard(tables["exceptions"], tables["redeemers"], particles, self.segmenter)

    def candidates(self, folded: str, *, exhaustive: bool = False) -> list[Candidate]:
        """Every verified candidate in ``folded`` (overlaps not yet resolved).

        ``exhaustive`` skips the prefilter and tries every form at every position: slow, used by
        the tests to show the prefilter loses nothing.
        """
        if not folded or not self._prefilter:
            return []
        found: dict[tuple[int, int, int], Candidate] = {}
        if exhaustive:
            for cand in self._phrases.exhaustive(folded):
                keep(found, cand)
            gap_keys: set[tuple[int, int]] = set(self._gaps.keys())
            pattern_keys: set[tuple[int, int]] = set(self._patterns.keys())
        else:
            gap_keys, pattern_keys = set(), set()
            around = self._phrases.around
            has_forms, regex_anchors = self._phrases.anchors.names, self._regex_anchors
            memo: dict[tuple[str, int, str], list[tuple[int, int, int, float, str]]] = {}
            for position, anchor in self._prefilter.anchors(folded):
                keys = regex_anchors.get(anchor)
                if keys is not None:
                    gap_keys.update(keys[0])
                    pattern_keys.update(keys[1])
                if anchor in has_forms:
                    for cand in around(folded, position, anchor, memo):
                        keep(found, cand)
        for cand in self._patterns.run(folded, pattern_keys):
            keep(found, cand)
        for cand in self._gaps.run(folded, gap_keys):
            keep(found, cand)
        if not found:
            return []
        return self._guard.check(folded, list(found.values()))
