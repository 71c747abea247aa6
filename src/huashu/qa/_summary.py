"""Counters over a QA run: per rule, category, severity, agent, conversation and hour.

A :class:`Summary` holds counts, never rows: its size grows with the number of rules, agents
and hours, not with the number of turns or conversations. Per conversation it keeps the open
ones that have findings and, once they close, the 1000 with most findings.
"""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .._model import Finding, Severity

__all__ = ["Conversation", "Summary"]

_MAX_ROLES = 50  # distinct role values remembered (to explain a run that found no agent turn)
_MAX_PHRASES = 20  # distinct flagged phrases remembered per rule
_TOP_CONVERSATIONS = 1000  # closed conversations remembered, those with most findings


class Conversation:
    """The running state of one conversation: turn counts, its agent, the last customer turn."""

    __slots__ = ("agent", "agent_turns", "context", "findings", "first_row", "key", "source", "turns")

    def __init__(self, key: str | None, source: str, first_row: int) -> None:
        self.key, self.source, self.first_row = key, source, first_row
        self.turns = self.agent_turns = self.findings = 0
        self.agent: str | None = None
        self.context: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"conversation": self.key, "file": self.source, "row": self.first_row,
                "agent": self.agent, "turns": self.turns, "agent_turns": self.agent_turns,
                "findings": self.findings}


@dataclass
class _RuleCount:
    rule: str
    category: str
    severity: str
    message: str
    findings: int = 0
    phrases: Counter[str] = field(default_factory=Counter)


@dataclass
class _AgentCount:
    turns: int = 0
    flagged_turns: int = 0
    findings: int = 0


def _rate(findings: int, turns: int) -> float:
    return round(100.0 * findings / turns, 2) if turns else 0.0


class Summary:
    """What a QA run counted. Filled by :func:`huashu.qa.scan` as it goes; read it when the
    scan is done (or at any time, for the counts so far)."""

    def __init__(self) -> None:
        self.rows = 0  #: rows read (turns of either side)
        self.agent_turns = 0  #: turns by the agent (the ones checked)
        self.flagged_turns = 0  #: agent turns with at least one finding
        self.findings = 0
        self.problems = 0  #: rows (or files) that could not be read or checked
        self.files: dict[str, int] = {}  #: rows per file
        self.by_rule: dict[str, _RuleCount] = {}
        self.by_category: Counter[str] = Counter()
        self.by_severity: Counter[str] = Counter()
        self.agents: dict[str, _AgentCount] = {}
        self.conversations = 0  #: conversations seen
        self.flagged_conversations = 0  #: conversations with at least one finding
        self._open_flagged: dict[int, Conversation] = {}
        self._top: list[tuple[int, int, dict[str, Any]]] = []  # a min-heap: (findings, -order, row)
        self._order = 0
        self.roles: Counter[str] = Counter()
        self.hours: dict[str, list[int]] = {}  #: "YYYY-MM-DD HH" -> [agent turns, findings]

    def add_turn(self, source: str, role: str | None, is_agent: bool, agent: str | None,
                 hour: str | None, conversation: Conversation,
                 findings: list[Finding]) -> None:
        """Count one turn and what was found in it."""
        self.rows += 1
        self.files[source] = self.files.get(source, 0) + 1
        if role is not None and (role in self.roles or len(self.roles) < _MAX_ROLES):
            self.roles[role] += 1
        if not is_agent:
            return
        self.agent_turns += 1
        count = self.agents.get(agent or "")
        if count is None:
            count = self.agents[agent or ""] = _AgentCount()
        count.turns += 1
        bucket = None
        if hour is not None:
            bucket = self.hours.get(hour)
            if bucket is None:
                bucket = self.hours[hour] = [0, 0]
            bucket[0] += 1
        if not findings:
            return
        self.flagged_turns += 1
        count.flagged_turns += 1
        count.findings += len(findings)
        self.findings += len(findings)
        if bucket is not None:
            bucket[1] += len(findings)
        if not conversation.findings:
            self.flagged_conversations += 1
            self._open_flagged[id(conversation)] = conversation
        conversation.findings += len(findings)
        for f in findings:
            rule = self.by_rule.get(f.rule_id)
            if rule is None:
                rule = self.by_rule[f.rule_id] = _RuleCount(f.rule_id, f.category, str(f.severity), f.message)
            rule.findings += 1
            if f.text in rule.phrases or len(rule.phrases) < _MAX_PHRASES:
                rule.phrases[f.text] += 1
            self.by_category[f.category] += 1
            self.by_severity[str(f.severity)] += 1

    def close(self, conversation: Conversation) -> None:
        """A conversation is over (or no longer followed): keep it only if it ranks."""
        if self._open_flagged.pop(id(conversation), None) is None:
            return
        self._order += 1
        entry = (conversation.findings, -self._order, conversation.to_dict())
        if len(self._top) < _TOP_CONVERSATIONS:
            heapq.heappush(self._top, entry)
        else:
            heapq.heappushpop(self._top, entry)

    def at_or_above(self, severity: str | Severity) -> int:
        """How many findings are at least this severe."""
        least = Severity(severity)
        return sum(n for s, n in self.by_severity.items() if Severity(s) >= least)

    # --- plain data ---------------------------------------------------------------------

    def rules(self) -> list[dict[str, Any]]:
        """Per rule, most findings first."""
        return [
            {"rule": r.rule, "category": r.category, "severity": r.severity, "message": r.message,
             "findings": r.findings, "share": round(r.findings / self.findings, 4) if self.findings else 0.0,
             "phrases": [p for p, _ in r.phrases.most_common(5)]}
            for r in sorted(self.by_rule.values(), key=lambda r: (-r.findings, r.rule))
        ]

    def categories(self) -> list[dict[str, Any]]:
        """Per category, most findings first."""
        return [{"category": c, "findings": n} for c, n in sorted(self.by_category.items(), key=lambda x: (-x[1], x[0]))]

    def agent_rates(self) -> list[dict[str, Any]]:
        """Per agent: turns, flagged turns, findings and findings per 100 turns, highest rate first."""
        rows = [{"agent": a or None, "turns": c.turns, "flagged_turns": c.flagged_turns,
                 "findings": c.findings, "rate": _rate(c.findings, c.turns)}
                for a, c in self.agents.items()]
        return sorted(rows, key=lambda r: (-r["rate"], -r["findings"], str(r["agent"])))

    def conversation_counts(self, limit: int | None = None) -> list[dict[str, Any]]:
        """The conversations with findings, most findings first."""
        rows = [row for _, _, row in self._top] + [c.to_dict() for c in self._open_flagged.values()]
        rows.sort(key=lambda c: (-c["findings"], c["file"], c["row"]))
        return rows[:limit]

    def trend(self) -> dict[str, Any]:
        """Agent turns and findings per day, or per hour when the data spans under three days."""
        days: dict[str, list[int]] = {}
        for hour, (turns, findings) in self.hours.items():
            day = days.setdefault(hour[:10], [0, 0])
            day[0] += turns
            day[1] += findings
        by_hour = 0 < len(days) < 3
        source = self.hours if by_hour else days
        keys = sorted(source)
        return {"unit": "hour" if by_hour else "day", "buckets": keys,
                "turns": [source[k][0] for k in keys], "findings": [source[k][1] for k in keys],
                "rate": [_rate(source[k][1], source[k][0]) for k in keys]}

    def to_dict(self, *, conversations: int | None = 100) -> dict[str, Any]:
        """Everything as plain JSON-ready data (the ``--summary`` file)."""
        return {
            "files": [{"file": f, "rows": n} for f, n in self.files.items()],
            "rows": self.rows,
            "agent_turns": self.agent_turns,
            "flagged_turns": self.flagged_turns,
            "findings": self.findings,
            "rate": _rate(self.findings, self.agent_turns),
            "problems": self.problems,
            "conversations": self.conversations,
            "flagged_conversations": self.flagged_conversations,
            "severities": {s: self.by_severity.get(s, 0) for s in ("error", "warning", "info")},
            "roles": dict(self.roles.most_common()),
            "by_rule": self.rules(),
            "by_category": self.categories(),
            "by_agent": self.agent_rates(),
            "by_conversation": self.conversation_counts(conversations),
            "trend": self.trend(),
        }
