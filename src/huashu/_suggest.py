"""Recommend approved phrasing for a draft: its findings' alternatives, then the approved
phrases of the scenario the draft is in, then the phrases most like it."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from ._model import ApprovedPhrase, Finding, Scenario
from ._normalize import fold, fold_text

__all__ = ["Suggestion", "detect_scenarios", "rank_suggestions"]


@dataclass(frozen=True, slots=True)
class Suggestion:
    """An approved phrase recommended for a draft.

    ``rule_id`` is set when the phrase is an alternative to something the draft says wrong;
    ``score`` (0–100) says how close an approved phrase is to the draft otherwise. ``reason``
    is why it is here: ``alternative`` (to a finding), ``scenario`` (the draft's situation, named
    in ``scenario``) or ``similar``; ``source`` is the document the phrase comes from.
    """

    text: str
    score: float
    rule_id: str | None = None
    techniques: tuple[str, ...] = field(default=())
    scenarios: tuple[str, ...] = field(default=())
    source: str = ""
    reason: str = "similar"
    scenario: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "score": self.score,
            "rule_id": self.rule_id,
            "techniques": list(self.techniques),
            "scenarios": list(self.scenarios),
            "source": self.source,
            "reason": self.reason,
            "scenario": self.scenario,
        }


@functools.lru_cache(maxsize=256)
def _folded(cues: tuple[str, ...]) -> tuple[str, ...]:
    """A scenario's cue words folded once, not on every draft."""
    return tuple(fold_text(cue) for cue in cues)


def detect_scenarios(text: str, scenarios: Sequence[Scenario]) -> list[Scenario]:
    """The scenarios whose cue words occur in ``text`` (folded), most cues first.

    >>> import huashu
    >>> [s.name for s in detect_scenarios("让您久等了,排队的人太多", huashu.load_bank().scenario_cues)][:1]
    ['遇到客户抱怨速度太慢时']
    """
    folded = fold_text(text)
    hits = []
    for order, scenario in enumerate(scenarios):
        count = sum(1 for cue in _folded(scenario.cues) if cue in folded)
        if count:
            hits.append((-count, order, scenario))
    return [s for _, _, s in sorted(hits, key=lambda h: h[:2])]


def rank_suggestions(
    text: str,
    findings: Sequence[Finding],
    approved: Sequence[ApprovedPhrase],
    *,
    limit: int,
    score_cutoff: float,
    scenarios: Sequence[Scenario] = (),
    sources: Mapping[str, str] | None = None,
) -> list[Suggestion]:
    """Alternatives for ``findings`` first (best first), then the approved phrases of the
    draft's ``scenarios`` (those of their techniques too), most like the draft first, then the
    approved phrases most like ``text`` by ``fuzz.partial_ratio`` on folded text (unsegmented
    Chinese has no spaces for the ``token_*`` scorers to split on).

    ``limit`` applies to each finding's alternatives and to the rest separately, so one
    finding's many alternatives never hide another's (0: no limit).
    """
    by_text = {a.text: a for a in approved}
    sources = sources or {}
    out: list[Suggestion] = []
    seen: set[str] = set()
    for finding in findings:
        taken = 0
        for alt in finding.suggestions:
            if alt in seen or (limit and taken >= limit):
                continue
            seen.add(alt)
            taken += 1
            meta = by_text.get(alt)
            out.append(Suggestion(
                alt, 100.0, finding.rule_id,
                meta.techniques if meta else (), meta.scenarios if meta else (),
                meta.source if meta else sources.get(finding.rule_id, ""), "alternative"))
    rest: list[Suggestion] = []
    folded = fold(text).text
    if not folded.strip():
        return out
    choices = {i: fold(a.text).text for i, a in enumerate(approved)}
    similarity = {
        index: float(score)
        for _, score, index in process.extract(folded, choices, scorer=fuzz.partial_ratio, processor=None,
                                               score_cutoff=0, limit=None)
    }
    for scenario in scenarios:
        members = [i for i, a in enumerate(approved)
                   if scenario.name in a.scenarios or set(scenario.techniques) & set(a.techniques)]
        members.sort(key=lambda i: (scenario.name not in approved[i].scenarios, -similarity.get(i, 0.0)))
        for index in members:
            phrase = approved[index]
            if phrase.text in seen:
                continue
            seen.add(phrase.text)
            rest.append(Suggestion(phrase.text, round(similarity.get(index, 0.0), 1), None, phrase.techniques,
                                   phrase.scenarios, phrase.source, "scenario", scenario.name))
    for index, score in sorted(similarity.items(), key=lambda kv: (-kv[1], kv[0])):
        if score < score_cutoff:
            break
        phrase = approved[index]
        if phrase.text in seen:
            continue
        seen.add(phrase.text)
        rest.append(Suggestion(phrase.text, round(score, 1), None, phrase.techniques, phrase.scenarios,
                               phrase.source, "similar"))
    return out + (rest[:limit] if limit else rest)
