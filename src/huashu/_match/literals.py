"""Literal factors of a regular expression: sets of strings, one string of each set in every
match. A gap or pattern expression runs only on a text that holds them (a few substring tests
in C instead of a regular-expression scan of the whole text).

The factors come from Python's own parse of the expression (``re._parser``), read
conservatively: a literal character, a small character class, a group, an alternation whose
every branch has a factor, a repeat of at least one, and the zero-width assertions are
understood; anything else (``.``, ``\\w``, a negated class, an optional part that is not a plain
literal, a back reference) ends a run of literal text and promises nothing. An expression with
case-insensitive matching, or one the parser rejects, gets no factors, so it always runs.

>>> sorted(map(sorted, factors("不(?:归|由)我管")))
[['不归我管', '不由我管']]
>>> [sorted(f) for f in factors(r"你\\w{0,6}?自己去")]
[['自己去'], ['你']]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from re import _constants as C  # the parser's own names
from re import _parser
from typing import Any

__all__ = ["factors"]

# A set of alternatives grows no larger than this (a run of literal text is cut there) ...
MAX_SET = 64
# ... and an alternation's factor (one of each branch's) no larger than this.
MAX_UNION = 256
# A character class of at most this many characters is a set of one-character strings.
MAX_CLASS = 32
# At most this many factors are kept, the most telling first.
MAX_FACTORS = 3

_ZERO_WIDTH = {C.AT, C.ASSERT, C.ASSERT_NOT}


def factors(pattern: str) -> tuple[frozenset[str], ...]:
    """Sets of strings such that every match of ``pattern`` contains a string of each set: the
    longest, smallest sets first; ``()`` when nothing can be promised."""
    try:
        parsed = _parser.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return ()
    if parsed.state.flags & re.IGNORECASE:
        return ()
    _, found = _sequence(list(parsed))
    useful = {f for f in found if f and "" not in f}
    ranked = sorted(useful, key=lambda f: (-min(map(len, f)), len(f), sorted(f)))
    return tuple(ranked[:MAX_FACTORS])


def _shrink(factor: frozenset[str], limit: int = 8) -> frozenset[str]:
    """``factor`` with each string cut to its last or first ``k`` characters (a text holding a
    string holds those too), for the longest ``k`` of two or more that leaves at most ``limit``
    strings; ``factor`` itself when it is that small already or no cut gets there."""
    if len(factor) <= limit:
        return factor
    for k in range(max(map(len, factor)) - 1, 1, -1):
        for cut in (frozenset(s[-k:] for s in factor), frozenset(s[:k] for s in factor)):
            if len(cut) <= limit:
                return cut
    return factor


def _sequence(items: Sequence[tuple[Any, Any]]) -> tuple[set[str] | None, list[frozenset[str]]]:
    """``(exact, required)`` of a sequence: the set of strings it matches when that is small and
    known (else None), and factors every match of it contains."""
    required: list[frozenset[str]] = []
    run: set[str] | None = {""}
    whole = True  # the sequence is one run so far
    for op, av in items:
        exact, inner = _item(op, av)
        required.extend(inner)
        if exact is not None and run is not None:
            joined = {a + b for a in run for b in exact} if len(run) * len(exact) <= MAX_SET else None
            if joined is not None:
                run = joined
                continue
        # The run of literal text ends here.
        whole = False
        if run is not None and "" not in run:
            required.append(frozenset(run))
        run = set(exact) if exact is not None else None
    if run is not None and "" not in run:
        required.append(frozenset(run))
    return (run if whole else None), required


def _item(op: Any, av: Any) -> tuple[set[str] | None, list[frozenset[str]]]:
    if op is C.LITERAL:
        return {chr(av)}, []
    if op in _ZERO_WIDTH:
        return {""}, []
    if op is C.IN:
        chars: set[str] = set()
        for kind, value in av:
            if kind is C.LITERAL:
                chars.add(chr(value))
            elif kind is C.RANGE and value[1] - value[0] < MAX_CLASS:
                chars.update(map(chr, range(value[0], value[1] + 1)))
            else:  # a negation, a category, a wide range
                return None, []
        return (chars, []) if 0 < len(chars) <= MAX_CLASS else (None, [])
    if op is C.SUBPATTERN:
        _group, add_flags, _del_flags, body = av
        if add_flags & re.IGNORECASE:
            return None, []
        return _sequence(list(body))
    if op is C.BRANCH:
        branches = [_sequence(list(b)) for b in av[1]]
        exacts = [e for e, _ in branches]
        if all(e is not None for e in exacts):
            union = set().union(*exacts)  # type: ignore[arg-type]
            if len(union) <= MAX_SET:
                return union, []
        # Each branch must promise something for the alternation to.
        best = []
        for exact, inner in branches:
            own = [frozenset(exact)] if exact is not None and "" not in exact else []
            candidates = [f for f in (*own, *inner) if f and "" not in f]
            if not candidates:
                return None, []
            # The union grows by each branch's: the smallest of two characters or more.
            chosen = min(candidates, key=lambda f: (min(map(len, f)) < 2, len(f), -min(map(len, f))))
            best.append(_shrink(chosen))
        union = frozenset().union(*best)
        return None, ([union] if len(union) <= MAX_UNION else [])
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
        low, high, body = av
        exact, inner = _sequence(list(body))
        if low == 0:
            if high == 1 and exact is not None:
                return {"", *exact}, []
            return None, []
        own = [frozenset(exact)] if exact is not None and "" not in exact else []
        if low == high == 1:
            return exact, inner
        return None, own + inner
    return None, []
