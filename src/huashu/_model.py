"""Values huashu hands out: severities, findings, rules and approved phrases."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from collections.abc import Mapping
from typing import Any

__all__ = ["Applicability", "ApprovedPhrase", "Finding", "Rewrite", "Rule", "Scenario", "Severity"]


class Severity(enum.StrEnum):
    """How bad a finding is. Compares by rank: ``Severity.ERROR > Severity.WARNING``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def __ge__(self, other: object) -> bool:  # type: ignore[override]
        return self.rank >= Severity(other).rank  # type: ignore[arg-type]

    def __gt__(self, other: object) -> bool:  # type: ignore[override]
        return self.rank > Severity(other).rank  # type: ignore[arg-type]

    def __le__(self, other: object) -> bool:  # type: ignore[override]
        return self.rank <= Severity(other).rank  # type: ignore[arg-type]

    def __lt__(self, other: object) -> bool:  # type: ignore[override]
        return self.rank < Severity(other).rank  # type: ignore[arg-type]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


class Applicability(enum.StrEnum):
    """How far a rewrite may be trusted, after ruff's: ``display`` < ``unsafe`` < ``safe``.

    ``safe`` rewrites keep every sentence the rule matches correct and are applied by
    ``Checker.fix``; ``unsafe`` ones read well in the usual contexts but may change what the
    reply says, and are applied with ``fix(text, unsafe=True)``; ``display`` ones are only shown.
    """

    DISPLAY = "display"
    UNSAFE = "unsafe"
    SAFE = "safe"

    @property
    def rank(self) -> int:
        return _APPLICABILITY_RANK[self]


_APPLICABILITY_RANK = {Applicability.DISPLAY: 0, Applicability.UNSAFE: 1, Applicability.SAFE: 2}


@dataclass(frozen=True, slots=True)
class Rewrite:
    """A rule's rewrite: a template for what replaces the flagged span (``scope: span``) or the
    whole clause around it (``scope: clause``), and how far it may be trusted.

    The template may name what was matched: ``{match}`` (the flagged text), ``{gap}`` (what a
    ``~`` of a gap form spanned), ``{@name}`` (the word of set ``name`` in the flagged text,
    e.g. the party of a buck-passing form) and, in a pattern rule, ``{group}`` (a named group).
    """

    template: str
    applicability: Applicability = Applicability.UNSAFE
    scope: str = "span"  # span | clause

    def to_dict(self) -> dict[str, Any]:
        return {"to": self.template, "applicability": str(self.applicability), "scope": self.scope}


@dataclass(frozen=True, slots=True)
class Rule:
    """One forbidden-phrase rule of a bank, as written in the YAML (forms not yet folded)."""

    id: str
    name: str
    category: str
    severity: Severity
    source: str
    message: str
    match: str
    forms: tuple[str, ...]
    anchors: tuple[str, ...]
    exceptions: tuple[str, ...]
    alternatives: tuple[str, ...]
    rewrites: tuple[Rewrite, ...]
    enabled: bool
    bad_examples: tuple[str, ...]
    good_examples: tuple[str, ...]
    origin: str = ""
    unless_followed_by: tuple[str, ...] = ()
    """Offers that redeem a finding when they follow it in the same sentence (``我帮您查``)."""
    packs: tuple[str, ...] = ()
    """Industry packs the rule belongs to (``医疗`` …); empty for a core rule."""
    profiles: tuple[str, ...] = ()
    """Reply-level rules (``match: reply``): the review profiles (``chat`` …) that turn it on."""
    check: str = ""
    """Reply-level rules: which reply check (``greeting``, ``closing`` …) it runs."""
    needs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Reply-level rules: the other phrase lists a check reads (``apology``, ``action`` …)."""
    written_forms: tuple[str, ...] = ()
    """The forms as written in the bank, ``@set`` names not replaced by their words (``forms``
    has them replaced); what ``huashu rules`` shows. Empty for a Rule built by hand: then
    ``forms`` is what was written."""
    written_exceptions: tuple[str, ...] = ()
    """The exceptions as written, like ``written_forms``."""

    @property
    def safe_rewrite(self) -> Rewrite | None:
        """The first ``safe`` span rewrite: what ``Finding.fix`` carries."""
        return next((r for r in self.rewrites
                     if r.applicability is Applicability.SAFE and r.scope == "span"), None)


@dataclass(frozen=True, slots=True)
class ApprovedPhrase:
    """An approved phrase (十准, 金牌话术 …) with the techniques and scenarios it belongs to."""

    text: str
    techniques: tuple[str, ...]
    scenarios: tuple[str, ...]
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "techniques": list(self.techniques),
            "scenarios": list(self.scenarios),
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class Scenario:
    """A situation a draft can be in (速度太慢, 客户情绪激动 …), recognised by its cue words."""

    name: str
    cues: tuple[str, ...]
    techniques: tuple[str, ...]
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "cues": list(self.cues), "techniques": list(self.techniques),
                "source": self.source}


@dataclass(frozen=True, slots=True)
class Finding:
    """A forbidden phrase found in a text.

    ``start``/``end`` are character offsets into the original text, so
    ``text[finding.start:finding.end] == finding.text`` always holds.
    """

    rule_id: str
    category: str
    severity: Severity
    start: int
    end: int
    text: str
    score: float
    message: str
    suggestions: list[str] = field(default_factory=list)
    fix: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data with the same keys as the attributes."""
        return {
            "rule_id": self.rule_id,
            "category": self.category,
            "severity": str(self.severity),
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "score": self.score,
            "message": self.message,
            "suggestions": list(self.suggestions),
            "fix": self.fix,
        }
