"""Recommend approved phrasing for a draft: its findings' alternatives, then similar phrases."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from ._model import ApprovedPhrase, Finding
from ._normalize import fold

__all__ = ["Suggestion", "rank_suggestions"]


@dataclass(frozen=True, slots=True)
class Suggestion:
    """An approved phrase recommended for a draft.

    ``rule_id`` is set when the phrase is an alternative to something the draft says wrong;
    ``score`` (0–100) says how close an approved phrase is to the draft otherwise.
    """

    text: str
    score: float
    rule_id: str | None = None
    techniques: tuple[str, ...] = field(default=())
    scenarios: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "score": self.score,
            "rule_id": self.rule_id,
            "techniques": list(self.techniques),
            "scenarios": list(self.scenarios),
        }


def rank_suggestions(
    text: str,
    findings: Sequence[Finding],
    approved: Sequence[ApprovedPhrase],
    *,
    limit: int,
    score_cutoff: float,
) -> list[Suggestion]:
    """Alternatives for ``findings`` first (best first), then the approved phrases most like
    ``text`` by ``fuzz.partial_ratio`` on folded text (unsegmented Chinese has no spaces for the
    ``token_*`` scorers to split on)."""
    by_text = {a.text: a for a in approved}
    out: list[Suggestion] = []
    seen: set[str] = set()
    for finding in findings:
        for alt in finding.suggestions:
            if alt in seen:
                continue
            seen.add(alt)
            meta = by_text.get(alt)
            out.append(Suggestion(alt, 100.0, finding.rule_id, *(
                (meta.techniques, meta.scenarios) if meta else ((), ()))))
    folded = fold(text).text
    if folded.strip():
        choices = {i: fold(a.text).text for i, a in enumerate(approved)}
        ranked = process.extract(
            folded, choices, scorer=fuzz.partial_ratio, processor=None,
            score_cutoff=score_cutoff, limit=limit + len(seen),
        )
        for _, score, index in ranked:
            phrase = approved[index]
            if phrase.text in seen:
                continue
            seen.add(phrase.text)
            out.append(Suggestion(phrase.text, round(float(score), 1), None,
                                  phrase.techniques, phrase.scenarios))
    return out[:limit] if limit else out
