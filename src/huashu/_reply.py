"""Reply-level checks (``match: reply``): what a whole reply must have, not what it must not say.

Each check is one small function over the folded reply; the phrases it looks for are the
rule's data (``forms`` and ``needs``), so a team can reword them without code. A check returns
the spans (folded coordinates) to flag:

- ``greeting``: the reply opens without one of ``forms`` in its first clause → its first clause;
- ``closing``: the reply ends without one of ``forms`` in its last two clauses → its last clause;
- ``apology-action``: the reply admits a fault (``forms``) but lacks an apology
  (``needs.apology``) or an action (``needs.action``) → the admission;
- ``pronoun-mix``: the reply says 您 to the customer and also 你 (``forms``: the informal
  words, e.g. 你; 你们 and the rule's ``exceptions`` are left alone) → each informal 你;
- ``bare-refusal``: the reply refuses (``forms``) and offers no alternative anywhere after it
  (``needs.alternative``) → the refusal.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Sequence

from ._bank import expand
from ._model import Rule
from ._normalize import Folded, fold_text
from ._rewrite import CLAUSE_MARKS

__all__ = ["CHECKS", "reply_spans"]

_CLAUSE_RE = re.compile("[^" + re.escape("".join(sorted(CLAUSE_MARKS))) + "]+")


@functools.lru_cache(maxsize=256)
def _words(items: tuple[str, ...]) -> tuple[str, ...]:
    """A rule's phrases expanded and folded, longest first: once per phrase list, not per reply."""
    return tuple(sorted({fold_text(w) for item in items for w in expand(item)}, key=len, reverse=True))


def _clauses(folded: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _CLAUSE_RE.finditer(folded) if m.group().strip()]


def _find(folded: str, words: Sequence[str], start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    end = len(folded) if end is None else end
    for word in words:
        at = folded.find(word, start, end)
        while at != -1 and at + len(word) <= end:
            yield at, at + len(word)
            at = folded.find(word, at + 1, end)


def _any(folded: str, words: Sequence[str], start: int = 0, end: int | None = None) -> bool:
    return next(_find(folded, words, start, end), None) is not None


def _strip(span: tuple[int, int], folded: str) -> tuple[int, int]:
    s, e = span
    while s < e and folded[s].isspace():
        s += 1
    while e > s and folded[e - 1].isspace():
        e -= 1
    return s, e


def _greeting(rule: Rule, folded: str) -> list[tuple[int, int]]:
    clauses = _clauses(folded)
    if not clauses or _any(folded, _words(rule.forms), 0, clauses[0][1]):
        return []
    return [_strip(clauses[0], folded)]


def _closing(rule: Rule, folded: str) -> list[tuple[int, int]]:
    clauses = _clauses(folded)
    if not clauses or _any(folded, _words(rule.forms), clauses[-2:][0][0]):
        return []
    return [_strip(clauses[-1], folded)]


def _apology_action(rule: Rule, folded: str) -> list[tuple[int, int]]:
    admissions = list(_find(folded, _words(rule.forms)))
    if not admissions:
        return []
    apology = _any(folded, _words(rule.needs.get("apology", ())))
    action = _any(folded, _words(rule.needs.get("action", ())))
    if apology and action:
        return []
    return [min(admissions)]


def _pronoun_mix(rule: Rule, original: str, folded: Folded) -> list[tuple[int, int]]:
    # The fold maps 您 to 你, so the register is read from the original text.
    if "您" not in original:
        return []
    spared = list(_find(folded.text, _words(rule.exceptions)))
    out = []
    for s, e in _find(folded.text, _words(rule.forms)):
        if any(a <= s and e <= b for a, b in spared):
            continue
        a, b = folded.span(s, e)
        if "您" not in original[a:b]:
            out.append((s, e))
    return sorted(set(out))


def _bare_refusal(rule: Rule, folded: str) -> list[tuple[int, int]]:
    refusals = sorted(_find(folded, _words(rule.forms)))
    if not refusals:
        return []
    alternatives = _words(rule.needs.get("alternative", ()))
    first = refusals[0]
    if _any(folded, alternatives, first[1]):
        return []
    spared = list(_find(folded, _words(rule.exceptions)))
    for span in refusals:
        if not any(a <= span[0] and span[1] <= b for a, b in spared):
            return [span]
    return []


CHECKS: dict[str, Callable[..., list[tuple[int, int]]]] = {
    "greeting": _greeting,
    "closing": _closing,
    "apology-action": _apology_action,
    "bare-refusal": _bare_refusal,
}


def reply_spans(rule: Rule, original: str, folded: Folded) -> list[tuple[int, int]]:
    """The spans (in ``folded`` coordinates) that reply rule ``rule`` flags in a reply."""
    if rule.check == "pronoun-mix":
        return _pronoun_mix(rule, original, folded)
    return CHECKS[rule.check](rule, folded.text)
