"""Compile a bank's rules into matchers and find candidates in folded text.

One matcher kind per module, behind :class:`CompiledBank`:

* :mod:`.phrase` — literal forms, exact or with inserted words, and :mod:`.typo` for one
  input-method typo;
* :mod:`.gap` — forms with a ``~`` gap of a few characters;
* :mod:`.pattern` — the bank's own regular expressions (``match: pattern``).

A text goes through the stages in one direction:

1. *Candidates*: one Aho-Corasick pass (:mod:`.prefilter`) finds every kind's anchors and the
   literal factors of the gap and pattern expressions (:mod:`.literals`); only there does a
   matcher look further, so the cost stays linear in the text. A phrase anchor's gate
   (:func:`.phrase.gates`) turns most occurrences away on their neighbours alone.
2. *Verify*: each kind checks its forms around an anchor (:meth:`PhraseMatcher.around`; the gap
   and pattern regular expressions whose anchor and every factor were seen); then :mod:`.guard`
   checks word boundaries (jieba runs only on the blocks that hold a short candidate),
   exceptions and redeeming offers.
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
from .phrase import PhraseMatcher, compile_phrases, gates, insert_words, pack
from .prefilter import Prefilter, Strings, automaton

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
    # (rule, number) -> the literal factors of a gap or pattern expression (see .literals)
    gap_factors: dict[tuple[int, int], list[tuple[str, ...]]] = {}
    pattern_factors: dict[tuple[int, int], list[tuple[str, ...]]] = {}
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
            compile_pattern(index, rule, pattern_sources, pattern_anchors, pattern_factors)
            continue
        words.extend(compile_gaps(index, rule, gap_sources, gap_marks, gap_anchors, gap_factors))
        words.extend(compile_phrases(index, rule, settings, bool(inserts), forms, phrase_anchors))
    gap_anchors_ = {a: frozenset(k) for a, k in gap_anchors.items()}
    pattern_anchors_ = {a: frozenset(k) for a, k in pattern_anchors.items()}
    # factor string -> (kind: 0 gap, 1 pattern; rule, number, factor) it is a string of. A
    # factor with a one-character string is kept only when the scan looks for that character
    # anyway (as an anchor): as a new one it would cost more than it saves.
    anchored = {*phrase_anchors, *gap_anchors_, *pattern_anchors_}
    factor_of: defaultdict[str, list[tuple[int, int, int, int]]] = defaultdict(list)
    for kind, found in enumerate((gap_factors, pattern_factors)):
        for key, factors in found.items():
            factors[:] = [f for f in factors if all(len(s) >= 2 or s in anchored for s in f)]
            index, number = key
            for i, strings in enumerate(factors):
                for string in strings:
                    factor_of[string].append((kind, index, number, i))
    names = list(dict.fromkeys([*phrase_anchors, *gap_anchors_, *pattern_anchors_, *factor_of]))
    phrase_gates = gates(forms, phrase_anchors, set(settings.protected))
    return {
        "rules": len(rules),
        "prefilter": automaton(names),
        "anchor_names": Strings.pack(names),
        # each anchor's phrase gate as one string: always ("1" or "0") and the six character
        # sets, NUL-separated ("" when no phrase form has the anchor)
        "gates": Strings.pack("\0".join(("01"[g[0]], *g[1:])) if (g := phrase_gates.get(a)) else ""
                              for a in names),
        "factor_of": {number: tuple(factor_of[a]) for number, a in enumerate(names) if a in factor_of},
        "gap_factors": gap_factors,
        "pattern_factors": pattern_factors,
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
        self._gaps = GapMatcher(tables["gap_sources"], tables["gap_marks"], particles, tables["gap_factors"])
        self._patterns = PatternMatcher(tables["pattern_sources"], particles, tables["pattern_factors"])
        # anchor -> the gap and the pattern regular expressions to run where it occurs
        self._regex_anchors: dict[str, tuple[frozenset[tuple[int, int]], frozenset[tuple[int, int]]]] = {
            a: (tables["gap_anchors"].get(a, frozenset()), tables["pattern_anchors"].get(a, frozenset()))
            for a in {*tables["gap_anchors"], *tables["pattern_anchors"]}
        }
        self._prefilter = Prefilter(tables["prefilter"], Strings(tables["anchor_names"]))
        self._gates = Strings(tables["gates"])
        # anchor number -> the factors it is a string of (anchors that are none are left out)
        self._factor_of: dict[int, tuple[tuple[int, int, int, int], ...]] = tables["factor_of"]
        # anchor number -> what the scan does there (see _record), made when first met
        self._records: list[tuple | None] = [None] * len(self._gates)
        self.segmenter = Segmenter(tables["words"])
        self._guard = Guard(tables["exceptions"], tables["redeemers"], particles, self.segmenter)

    def _record(self, number: int) -> tuple:  # type: ignore[type-arg]
        """What the scan needs of anchor ``number``: its length; the gap and pattern expressions
        it starts and the literal factors of gap and pattern expressions it is a string of
        (``(rule, number, factor)``), by kind, or ``None`` when there are none; and its phrase
        gate as sets (``None`` sets when no phrase form has it)."""
        anchor = self._prefilter.names[number]
        gap_k, pattern_k = self._regex_anchors.get(anchor, ((), ()))
        factor_of = self._factor_of.get(number, ())
        gap_f = tuple(f[1:] for f in factor_of if f[0] == 0)
        pattern_f = tuple(f[1:] for f in factor_of if f[0] == 1)
        regex = (gap_k, pattern_k, gap_f, pattern_f) if gap_k or pattern_k or gap_f or pattern_f else None
        packed = self._gates[number]
        gate = packed.split("\0") if packed else None
        if gate is None:
            record: tuple = (len(anchor), regex, False, None, None, None, None, None, None)  # type: ignore[type-arg]
        else:
            record = (len(anchor), regex, gate[0] == "1", *map(self._phrases.charset, gate[1:]))
        self._records[number] = record
        return record

    def candidates(self, folded: str, *, exhaustive: bool = False) -> list[Candidate]:
        """Every verified candidate in ``folded`` (overlaps not yet resolved).

        ``exhaustive`` skips the prefilter and tries every form at every position: slow, used by
        the tests to show the prefilter loses nothing.
        """
        if not folded or self._prefilter.empty:
            return []
        found: dict[tuple[int, int, int], Candidate] = {}
        if exhaustive:
            for cand in self._phrases.exhaustive(folded):
                keep(found, cand)
            gap_keys: set[tuple[int, int]] = set(self._gaps.keys())
            pattern_keys: set[tuple[int, int]] = set(self._patterns.keys())
            gap_found = pattern_found = None  # every expression runs
        else:
            # Made when the first gap or pattern anchor or factor is met (most texts have none).
            gap_keys = pattern_keys = gap_found = pattern_found = None  # type: ignore[assignment]
            around, inserted = self._phrases.around, self._phrases.inserted_before
            edge_after, edge_before = self._phrases.edge_inserts
            records = self._records
            memo: dict[tuple[str, int, str], list[tuple[int, int, int, float, str]]] = {}
            # The text's characters, two empty strings either side: folded[i] is chars[i + 2].
            chars = ("", "", *folded, "", "")
            for end, number in self._prefilter.iter(folded):
                record = records[number]
                if record is None:
                    record = self._record(number)
                (size, regex, always, near_after, far_after, near_before, far_before, beyond_after,
                 beyond_before) = record
                if regex is not None:
                    if gap_keys is None:
                        gap_keys, pattern_keys, gap_found, pattern_found = set(), set(), set(), set()
                    gap_k, pattern_k, gap_f, pattern_f = regex
                    gap_keys.update(gap_k)
                    pattern_keys.update(pattern_k)  # type: ignore[union-attr]
                    gap_found.update(gap_f)  # type: ignore[union-attr]
                    pattern_found.update(pattern_f)  # type: ignore[union-attr]
                if near_after is None:
                    continue  # no phrase form has this anchor
                position = end - size + 1
                # The gate (phrase.gates): can any form of the anchor match with these neighbours?
                if not (always
                        or chars[end + 3] in near_after
                        or chars[end + 4] in far_after
                        or chars[position + 1] in near_before
                        or chars[position] in far_before
                        or (beyond_after and chars[end + 3] in edge_after
                            and inserted(folded, end + 1, 0, beyond_after))
                        or (beyond_before and chars[position + 1] in edge_before
                            and inserted(folded, position, 1, beyond_before))):
                    continue
                for cand in around(folded, position, folded[position : end + 1], memo):
                    keep(found, cand)
        if pattern_keys:
            for cand in self._patterns.run(folded, pattern_keys, pattern_found):
                keep(found, cand)
        if gap_keys:
            for cand in self._gaps.run(folded, gap_keys, gap_found):
                keep(found, cand)
        if not found:
            return []
        return self._guard.check(folded, list(found.values()))
