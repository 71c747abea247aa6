"""What every matcher kind shares: the candidate, its bookkeeping and the clause test."""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["GAP", "Candidate", "in_clause", "keep"]

# In a phrase form, "~" stands for up to six characters of the same clause: 这么简单~都不会.
GAP = "~"


class Candidate(NamedTuple):  # a tuple: one is made for every form verified
    """A match in folded coordinates."""

    rule: int
    start: int
    end: int
    score: float
    kind: str  # exact | insert | typo | gap | pattern


def keep(found: dict[tuple[int, int, int], Candidate], cand: Candidate) -> None:
    """Record ``cand``, keeping the best score for one rule and span."""
    key = (cand.rule, cand.start, cand.end)
    old = found.get(key)
    if old is None or cand.score > old.score:
        found[key] = cand


def in_clause(folded: str, start: int, end: int, head: bool, tail: bool, particles: frozenset[str]) -> bool:
    """Whether ``[start, end)`` opens a clause (``head``: nothing but spaces between it and
    punctuation or the start of the text) and closes one (``tail``: nothing but spaces and
    particles between it and punctuation or the end of the text)."""
    if head:
        i = start - 1
        while i >= 0 and folded[i] in " \t":
            i -= 1
        if i >= 0 and (folded[i].isalnum() or folded[i] == "_"):
            return False
    if tail:
        j = end
        while j < len(folded) and (folded[j] in " \t" or folded[j] in particles):
            j += 1
        if j < len(folded) and (folded[j].isalnum() or folded[j] == "_"):
            return False
    return True
