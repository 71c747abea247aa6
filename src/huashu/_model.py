"""Values huashu hands out: severities, findings, rules and approved phrases."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ApprovedPhrase", "Finding", "Fix", "Rule", "Severity"]


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


@dataclass(frozen=True, slots=True)
class Fix:
    """A replacement for a rule's flagged span; ``safe`` ones are applied by ``Checker.fix``."""

    replacement: str
    safe: bool


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
    fix: Fix | None
    enabled: bool
    bad_examples: tuple[str, ...]
    good_examples: tuple[str, ...]
    origin: str = ""
    unless_followed_by: tuple[str, ...] = ()
    """Offers that redeem a finding when they follow it in the same sentence (``我帮您查``)."""


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
