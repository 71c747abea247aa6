"""Verification common to every kind: a candidate must sit on word boundaries, stay clear of
its rule's exceptions, and not be redeemed by an offer that follows it.

* A short (or typo, or gap) candidate must start and end on a word boundary of the private
  jieba segmentation of its block (:mod:`huashu._segment`): 不行 inside 行不行 is no refusal.
  Only the blocks that hold such a candidate are cut.
* A candidate must not overlap one of its rule's exceptions (不知道您是否方便).
* A candidate followed in its line, within :data:`REDEEM_REACH` characters, by one of its rule's
  ``unless_followed_by`` offers is dropped (这个我不太清楚，我马上帮您查一下), unless a negation
  comes right before the offer (无法为您调整).

Exceptions and offers are found once per text (one pass each), so the work per candidate is a
few binary searches, whatever the number of candidates.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from typing import Any

from .._segment import BLOCK_RE, Segmenter
from ._base import Candidate

__all__ = ["REDEEM_REACH", "Guard"]

# Exact and inserted matches up to this long must start and end on a word boundary; a longer
# phrase rarely sits inside another word (typo and gap matches are always checked).
GUARD_MAX = 5
# An offer redeems a refusal up to this many characters on, in the same line (turn).
REDEEM_REACH = 40
# An offer right after one of these is a refusal again (无法为您调整, 不能帮您): it redeems nothing.
_NEGATIONS = ("不", "无法", "没法", "没办法", "难以", "无从", "没有办法")


def _automaton(words: Iterable[str]) -> Any:
    import ahocorasick

    automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
    for word in words:
        automaton.add_word(word, word)
    if len(automaton):
        automaton.make_automaton()
        return automaton
    return None


class Guard:
    """The boundary, exception and offer tests of one compiled bank."""

    def __init__(self, exceptions: dict[int, tuple[str, ...]], redeemers: dict[int, tuple[str, ...]],
                 particles: frozenset[str], segmenter: Segmenter) -> None:
        self._exceptions = exceptions
        self._redeemers = redeemers
        self._particles = particles
        self.segmenter = segmenter
        self._lookups: tuple[Any, ...] | None = None

    def _ready(self) -> tuple[Any, ...]:
        """Every exception and every offer, to the rules they belong to, and an automaton of
        each: built on first need (idempotent, so threads may race)."""
        if self._lookups is None:
            exception_rules, offer_rules = _invert(self._exceptions), _invert(self._redeemers)
            self._lookups = (exception_rules, _automaton(exception_rules), offer_rules, _automaton(offer_rules))
        return self._lookups

    def check(self, folded: str, cands: Sequence[Candidate]) -> list[Candidate]:
        """The candidates that pass every test."""
        blocks: list[tuple[int, int]] | None = None
        block_starts: list[int] = []
        cut: dict[int, tuple[int, ...]] = {}
        particles = self._particles

        def on_boundary(pos: int, *, end: bool) -> bool:
            nonlocal blocks, block_starts
            if blocks is None:
                blocks = [m.span() for m in BLOCK_RE.finditer(folded)]
                block_starts = [b[0] for b in blocks]
            k = bisect.bisect_right(block_starts, pos) - 1
            if k < 0:
                return True
            b0, b1 = blocks[k]
            if pos <= b0 or pos >= b1:
                return True
            if k not in cut:
                cut[k] = self.segmenter.boundaries(folded[b0:b1])
            offsets = cut[k]
            i = bisect.bisect_left(offsets, pos - b0)
            if offsets[i] == pos - b0:
                return True
            # jieba glues a closing particle to the phrase's last word (听/好了吧): still a match.
            return end and bool(particles) and all(c in particles for c in folded[pos : b0 + offsets[i]])

        exception_spans: dict[int, tuple[list[int], list[int]]] | None = None
        offers: tuple[list[int], list[str]] | None = None
        kept: list[Candidate] = []
        for cand in cands:
            if self._exceptions.get(cand.rule):
                if exception_spans is None:
                    exception_spans = self._exception_spans(folded)
                starts, ends = exception_spans.get(cand.rule, ((), ()))
                # The exception starting before the candidate's end that reaches furthest decides.
                k = bisect.bisect_left(starts, cand.end) - 1
                if k >= 0 and ends[k] > cand.start:
                    continue
            # A phrase longer than the words jieba was taught rarely sits inside another word.
            guarded = cand.end - cand.start <= GUARD_MAX or cand.kind in ("typo", "gap")
            if cand.kind != "pattern" and guarded and not (
                on_boundary(cand.start, end=False) and on_boundary(cand.end, end=True)
            ):
                continue
            if self._redeemers.get(cand.rule):
                if offers is None:
                    offers = self._occurrences(folded)
                if self._redeemed(folded, cand, offers):
                    continue
            kept.append(cand)
        return kept

    def _exception_spans(self, folded: str) -> dict[int, tuple[list[int], list[int]]]:
        """For each rule, its exceptions' starts in ``folded`` (sorted) and, at each, the
        furthest end reached by an exception starting there or before."""
        spans: dict[int, list[tuple[int, int]]] = {}
        rules, automaton = self._ready()[:2]
        for end, exc in automaton.iter(folded) if automaton is not None else ():
            start = end - len(exc) + 1
            for rule in rules[exc]:
                spans.setdefault(rule, []).append((start, end + 1))
        out = {}
        for rule, found in spans.items():
            found.sort()
            reach, ends = 0, []
            for _, e in found:
                reach = max(reach, e)
                ends.append(reach)
            out[rule] = ([s for s, _ in found], ends)
        return out

    def _occurrences(self, folded: str) -> tuple[list[int], list[str]]:
        """Every occurrence of any rule's offer in ``folded``: sorted starts and the offers."""
        automaton = self._ready()[3]
        found = sorted((end - len(offer) + 1, offer)
                       for end, offer in (automaton.iter(folded) if automaton is not None else ()))
        return [a for a, _ in found], [o for _, o in found]

    def _redeemed(self, folded: str, cand: Candidate, offers: tuple[list[int], list[str]]) -> bool:
        """Whether one of the rule's offers follows the candidate within
        :data:`REDEEM_REACH` characters of its line: 这个我不太清楚，我马上帮您查一下."""
        end = folded.find("\n", cand.end, cand.end + REDEEM_REACH)
        limit = end if end >= 0 else min(len(folded), cand.end + REDEEM_REACH)
        starts, texts = offers
        k = bisect.bisect_left(starts, cand.end)
        while k < len(starts) and starts[k] < limit:
            at, offer = starts[k], texts[k]
            k += 1
            if at + len(offer) > limit or cand.rule not in self._ready()[2][offer]:
                continue
            # 无法为您调整 refuses again; it offers nothing.
            if not folded.endswith(_NEGATIONS, cand.end, at):
                return True
        return False


def _invert(by_rule: dict[int, tuple[str, ...]]) -> dict[str, frozenset[int]]:
    out: dict[str, set[int]] = {}
    for rule, words in by_rule.items():
        for word in words:
            out.setdefault(word, set()).add(rule)
    return {w: frozenset(r) for w, r in out.items()}
