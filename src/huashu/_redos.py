"""Static check of a bank's regular expressions for catastrophic backtracking (ReDoS).

Python's ``re`` backtracks: a repeated group that can split the same text in many ways, such as
``(a+)+``, ``(a|aa)*`` or ``(\\w*)*``, takes time exponential in the length of a text it fails
on. A user bank's ``match: pattern`` forms run on every reply a Checker sees, so one such form
could hang a guardrail; :func:`backtracking_risk` finds the shapes at bank load instead.

The check walks ``re``'s own parse tree. Under a repeat that can run more than
:data:`MAX_SAFE_REPEAT` times (``*``, ``+``, ``{5,}`` …) it refuses:

* a nested quantifier of variable length (``(a+)+``, ``(?:a{1,3})*``, ``(\\w+\\s?)+``);
* alternatives that can start with the same character, or match nothing (``(a|ab)*``,
  ``(\\w|\\d\\d)+``, ``(a|)*``);
* an optional part whose first character can also start what follows it (``(a?a)+``);
* a repeated group that can match nothing at all (``(a?b?)*``);

and anywhere, three unbounded repeats in a row that can take the same characters
(``.*a.*b.*c``): not exponential, but cubic in the length of a reply they fail on.

"More than four times" counts repeats inside repeats together: ``((a{0,6}){1,3}){1,3}`` can
run its ``a`` 54 times. The check is conservative: a few safe patterns (``(?:ab+c)+``) are
refused too. Atomic groups ``(?>…)`` and possessive quantifiers (``*+``, ``++``, ``?+``) never
backtrack into what they matched, so they are how to write such a pattern safely, and are not
refused.

>>> backtracking_risk("(a+)+$")
'nested quantifier: a repeated group holds another quantifier (as in (a+)+); rewrite it, ...'
>>> backtracking_risk("(?:对|是的|是){1,3}但是") is None
True
>>> backtracking_risk("(?>a+)+$") is None
True
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

try:  # Python 3.11+ (sre_parse is deprecated)
    import re._constants as _c
    import re._parser as _parser
except ImportError:  # pragma: no cover
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

__all__ = ["MAX_SAFE_REPEAT", "backtracking_risk"]

#: A repeat bounded by this many runs at most backtracks a bounded number of ways per start.
MAX_SAFE_REPEAT = 4

_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT)
_ZERO_WIDTH = (_c.AT, _c.ASSERT, _c.ASSERT_NOT)
# Characters tried when two first-character sets are compared: the literals and range ends the
# two mention, plus one of each kind a class can name.
_SAMPLES = "a Z0_ \t\n\r,.!。，中文٣é\u3000\U0001f600-"
_CATEGORY_RE = {
    _c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_NOT_DIGIT: r"\D",
    _c.CATEGORY_SPACE: r"\s", _c.CATEGORY_NOT_SPACE: r"\S",
    _c.CATEGORY_WORD: r"\w", _c.CATEGORY_NOT_WORD: r"\W",
}
_REASONS = {
    "nested": "nested quantifier: a repeated group holds another quantifier (as in (a+)+)",
    "branch": "a repeated group has alternatives that can match the same text (as in (a|ab)*)",
    "optional": "a repeated group has an optional part that what follows it can also match "
                "(as in (a?a)+)",
    "empty": "a repeated group can match nothing (as in (a?b?)*)",
    "chain": "three unbounded repeats in a row can take the same characters (as in .*a.*b.*c)",
}

Node = tuple[Any, Any]


def backtracking_risk(pattern: str) -> str | None:
    """Why ``pattern`` can backtrack catastrophically, or ``None`` when it cannot.

    The reason ends with the remedy the bank docs give (atomic group or possessive quantifier).
    ``pattern`` must compile; a pattern that does not is left to ``re.compile`` to report.
    """
    try:
        tree = _parser.parse(pattern)
    except (re.error, RecursionError):
        return None
    for kind in _risks(list(tree), outer=1, follow=[], memo={}):
        return _REASONS[kind] + "; rewrite it, or make the group atomic (?>…) or possessive (*+, ++)"
    return None


def _risks(seq: Sequence[Node], *, outer: int, follow: list[Node], memo: dict[int, int]) -> Iterator[str]:
    """The risky shapes in ``seq``.

    ``outer``: how many times the repeats around ``seq`` can run it, all told (their maxima
    multiplied; ``MAXREPEAT`` for unbounded); ``follow``: the nodes that can start what comes
    after ``seq`` there (the body again, when ``seq`` ends it).
    """
    yield from _chain(seq, memo)
    outer_large = outer > MAX_SAFE_REPEAT
    for i, (op, av) in enumerate(seq):
        rest = list(seq[i + 1 :])
        after = _first(rest) + (follow if _nullable(rest) else [])
        if op in _REPEATS:
            low, high, body = av
            body = list(body)
            if outer_large and high > 1 and low != high:
                yield "nested"
            if outer_large and high == 1 and low == 0 and _overlaps(_first(body), after):
                yield "optional"
            times = min(outer * high, _c.MAXREPEAT)
            if times > MAX_SAFE_REPEAT and high > 1:
                if _nullable(body):
                    yield "empty"
                yield from _risks(body, outer=times, follow=_first(body) + after, memo=memo)
            else:
                yield from _risks(body, outer=max(times, outer), follow=after, memo=memo)
        elif op in (_c.POSSESSIVE_REPEAT, _c.ATOMIC_GROUP):
            continue  # never backtracks into what it matched
        elif op == _c.BRANCH:
            branches = [list(b) for b in av[1]]
            if outer_large:
                if any(_nullable(b) for b in branches):
                    yield "branch"
                firsts = [_first(b) for b in branches]
                if any(_overlaps(firsts[a], firsts[b]) for a in range(len(firsts)) for b in range(a)):
                    yield "branch"
            for b in branches:
                yield from _risks(b, outer=outer, follow=after, memo=memo)
        elif op == _c.SUBPATTERN:
            yield from _risks(list(av[-1]), outer=outer, follow=after, memo=memo)
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            yield from _risks(list(av[1]), outer=1, follow=[], memo=memo)
        elif op == _c.GROUPREF_EXISTS:
            for branch in av[1:]:
                if branch is not None:
                    yield from _risks(list(branch), outer=outer, follow=after, memo=memo)


def _chain(seq: Sequence[Node], memo: dict[int, int]) -> Iterator[str]:
    """Three unbounded repeats in a row that can take the same characters, with nothing between
    them that they cannot also take (``.*a.*b.*c``, ``(?:\\w+a){1,3}\\w*``): a failing match
    tries every way to share the text out among them, a power of its length."""
    if _longest(seq, memo) >= 3:
        yield "chain"


def _longest(seq: Sequence[Node], memo: dict[int, int]) -> int:
    """The most unbounded repeats that can follow one another in ``seq`` taking the same text."""
    best = total = 0
    last: list[Node] = []
    for node in seq:
        op = node[0]
        degree = _degree(node, memo)
        if degree:
            chars = _chars([node])
            total = total + degree if total and _overlaps(last, chars) else degree
            last = chars
            best = max(best, total)
        elif op not in _ZERO_WIDTH and total and not _nullable([node]) and not _overlaps(last, _chars([node])):
            total, last = 0, []
    return best


def _degree(node: Node, memo: dict[int, int]) -> int:
    """How many unbounded repeats in a row ``node`` can hold (a repeated group multiplies).

    ``memo`` keeps each node's answer (by identity, for one parse tree): without it, groups
    nested twenty deep would take 3**20 steps.
    """
    key = id(node)
    if key not in memo:
        memo[key] = _degree_of(node, memo)
    return memo[key]


def _degree_of(node: Node, memo: dict[int, int]) -> int:
    op, av = node
    if op in _REPEATS:
        low, high, body = av
        if high == _c.MAXREPEAT:
            return 1
        inner = _longest(list(body), memo)
        if inner and high > 1 and not _breaks(list(body), memo):
            return min(inner * high, 3)
        return inner
    if op == _c.SUBPATTERN:
        return _longest(list(av[-1]), memo)
    if op == _c.BRANCH:
        return max(_longest(list(b), memo) for b in av[1])
    return 0


def _breaks(body: list[Node], memo: dict[int, int]) -> bool:
    """Whether ``body`` must match a character its unbounded repeats cannot: ``,`` in
    ``(?:[^,]*,){3}`` keeps the runs of one repetition from flowing into the next."""
    repeated = [c for node in body if _degree(node, memo) for c in _chars([node])]
    return any(
        not _nullable([node]) and not _degree(node, memo) and node[0] in (_c.LITERAL, _c.NOT_LITERAL, _c.ANY, _c.IN)
        and not _overlaps(repeated, [node])
        for node in _inline(body)
    )


def _inline(seq: Sequence[Node]) -> Iterator[Node]:
    """``seq`` with its plain groups opened."""
    for op, av in seq:
        if op == _c.SUBPATTERN:
            yield from _inline(list(av[-1]))
        else:
            yield op, av


def _chars(seq: Sequence[Node]) -> list[Node]:
    """Every one-character node that ``seq`` can match anywhere (lookarounds left out)."""
    out: list[Node] = []
    for op, av in seq:
        if op in (*_REPEATS, _c.POSSESSIVE_REPEAT):
            out.extend(_chars(list(av[2])))
        elif op == _c.SUBPATTERN:
            out.extend(_chars(list(av[-1])))
        elif op == _c.ATOMIC_GROUP:
            out.extend(_chars(list(av)))
        elif op == _c.BRANCH:
            for b in av[1]:
                out.extend(_chars(list(b)))
        elif op == _c.GROUPREF_EXISTS:
            for b in av[1:]:
                if b is not None:
                    out.extend(_chars(list(b)))
        elif op == _c.GROUPREF:
            out.append((_c.ANY, None))
        elif op in (_c.LITERAL, _c.NOT_LITERAL, _c.ANY, _c.IN):
            out.append((op, av))
    return out


def _nullable(seq: Sequence[Node]) -> bool:
    """Whether ``seq`` can match the empty string."""
    for op, av in seq:
        if op in _ZERO_WIDTH:
            continue
        if op in (*_REPEATS, _c.POSSESSIVE_REPEAT):
            if av[0] == 0 or _nullable(list(av[2])):
                continue
            return False
        if op == _c.SUBPATTERN:
            if _nullable(list(av[-1])):
                continue
            return False
        if op == _c.ATOMIC_GROUP:
            if _nullable(list(av)):
                continue
            return False
        if op == _c.BRANCH:
            if any(_nullable(list(b)) for b in av[1]):
                continue
            return False
        if op in (_c.GROUPREF, _c.GROUPREF_EXISTS):
            continue  # the group may have matched nothing
        return False  # a character: LITERAL, NOT_LITERAL, ANY, IN
    return True


def _first(seq: Sequence[Node]) -> list[Node]:
    """The one-character nodes that can start a match of ``seq`` (``ANY`` when unknown)."""
    out: list[Node] = []
    for op, av in seq:
        if op in _ZERO_WIDTH:
            continue
        if op in (*_REPEATS, _c.POSSESSIVE_REPEAT):
            out.extend(_first(list(av[2])))
            if av[0] == 0 or _nullable(list(av[2])):
                continue
            return out
        if op in (_c.SUBPATTERN, _c.ATOMIC_GROUP):
            inner = list(av[-1]) if op == _c.SUBPATTERN else list(av)
            out.extend(_first(inner))
            if _nullable(inner):
                continue
            return out
        if op == _c.BRANCH:
            branches = [list(b) for b in av[1]]
            for b in branches:
                out.extend(_first(b))
            if any(_nullable(b) for b in branches):
                continue
            return out
        if op in (_c.GROUPREF, _c.GROUPREF_EXISTS):
            out.append((_c.ANY, None))
            continue
        out.append((op, av))
        return out
    return out


def _overlaps(left: list[Node], right: list[Node]) -> bool:
    """Whether some character can start both ``left`` and ``right``."""
    if not left or not right:
        return False
    samples = set(_SAMPLES)
    for node in (*left, *right):
        samples.update(_mentioned(node))
    return any(
        any(_accepts(n, ch) for n in left) and any(_accepts(n, ch) for n in right) for ch in samples
    )


def _mentioned(node: Node) -> Iterator[str]:
    op, av = node
    if op in (_c.LITERAL, _c.NOT_LITERAL):
        yield chr(av)
    elif op == _c.IN:
        for item_op, item_av in av:
            if item_op == _c.LITERAL:
                yield chr(item_av)
            elif item_op == _c.RANGE:
                yield chr(item_av[0])
                yield chr(item_av[1])


def _accepts(node: Node, ch: str) -> bool:
    op, av = node
    code = ord(ch)
    if op == _c.LITERAL:
        return code == av
    if op == _c.NOT_LITERAL:
        return code != av
    if op == _c.ANY:
        return True  # "." never matches \n without DOTALL; erring towards overlap is safe
    if op == _c.IN:
        negate = False
        hit = False
        for item_op, item_av in av:
            if item_op == _c.NEGATE:
                negate = True
            elif item_op == _c.LITERAL:
                hit = hit or code == item_av
            elif item_op == _c.RANGE:
                hit = hit or item_av[0] <= code <= item_av[1]
            elif item_op == _c.CATEGORY:
                regex = _CATEGORY_RE.get(item_av)
                hit = hit or (regex is None or re.fullmatch(regex, ch) is not None)
        return hit != negate
    return True
