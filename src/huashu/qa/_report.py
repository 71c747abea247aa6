"""The HTML report of a QA run: plain data first, then one self-contained page.

:func:`report_data` turns a :class:`~huashu.qa.Summary` and the findings to list into plain
JSON-ready data (tested without a browser); :func:`render_html` fills the Jinja2 template
``huashu/templates/report.html.j2`` with it and inlines plotly.js, so the page needs no network
and opens from disk. Both Jinja2 and plotly come with ``pip install "huashu[report]"``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .._errors import HuashuError
from ._summary import Summary

__all__ = ["ReportError", "render_html", "report_data", "require"]

_INSTALL = 'pip install "huashu[report]"'


class ReportError(HuashuError, RuntimeError):
    """The HTML report cannot be made: Jinja2 or plotly is not installed."""


def require() -> None:
    """Raise :class:`ReportError` unless the report's dependencies are importable."""
    missing = []
    for module in ("jinja2", "plotly"):
        try:
            __import__(module)
        except ImportError:
            missing.append(module)
    if missing:
        raise ReportError(f"the HTML report needs {' and '.join(missing)}: {_INSTALL}")


def _split(finding: Mapping[str, Any]) -> dict[str, Any]:
    text = finding["text"] or ""
    start, end = finding["start"], finding["end"]
    return {
        "file": finding.get("file"), "row": finding.get("row"),
        "conversation": finding.get("conversation"), "turn": finding.get("turn"),
        "agent": finding.get("agent"), "time": finding.get("time"),
        "rule": finding["rule"], "category": finding["category"], "severity": finding["severity"],
        "before": text[:start], "phrase": text[start:end], "after": text[end:],
        "context": finding.get("context"), "message": finding["message"],
        "suggestion": finding.get("suggestion"),
    }


def report_data(
    summary: Summary,
    findings: Iterable[Mapping[str, Any]],
    *,
    files: Sequence[str] = (),
    problems: Sequence[Mapping[str, Any]] = (),
    checked_at: str | None = None,
    title: str = "话术质检报告",
    top: int = 15,
    agents: int = 25,
) -> dict[str, Any]:
    """Everything the page shows, as plain data.

    Args:
        summary: the run's counters.
        findings: the findings to list (``QAFinding.to_dict()`` rows), usually the first few
            thousand; the page says how many there were in all.
        files: the files read.
        problems: rows that could not be read (``RowProblem.to_dict()``).
        checked_at: when the run was made (default: now).
        title: the page's title.
        top: rules in the top-rules chart.
        agents: agents in the rate chart (those with the highest rate).
    """
    listed = [_split(f) for f in findings]
    s = summary
    rules = s.rules()
    by_agent = [a for a in s.agent_rates() if a["agent"] is not None]
    trend = s.trend()
    return {
        "title": title,
        "checked_at": checked_at or _dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "files": list(files),
        "headline": {
            "rows": s.rows, "agent_turns": s.agent_turns, "flagged_turns": s.flagged_turns,
            "findings": s.findings,
            "rate": round(100.0 * s.findings / s.agent_turns, 2) if s.agent_turns else 0.0,
            "conversations": s.conversations, "flagged_conversations": s.flagged_conversations,
            "agents": len(by_agent), "problems": s.problems,
            "severities": {k: s.by_severity.get(k, 0) for k in ("error", "warning", "info")},
        },
        "categories": s.categories(),
        "rules": rules[:top],
        "agents": by_agent[:agents],
        "trend": trend if trend["buckets"] else None,
        "conversations": s.conversation_counts(20),
        "findings": listed,
        "findings_total": s.findings,
        "filters": {
            "categories": sorted({f["category"] for f in listed}),
            "rules": sorted({f["rule"] for f in listed}),
            "agents": sorted({str(f["agent"]) for f in listed if f["agent"] is not None}),
        },
        "problems": list(problems),
    }


def render_html(data: Mapping[str, Any]) -> str:
    """The report page for :func:`report_data`'s data: one HTML file, scripts inlined.

    Raises:
        ReportError: Jinja2 or plotly is not installed.
    """
    require()
    import jinja2
    from plotly.offline import get_plotlyjs

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("huashu", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )
    env.filters["thousands"] = lambda n: f"{n:,}"
    template = env.get_template("report.html.j2")
    return template.render(data=data, plotly_js=get_plotlyjs())
