"""Transcript QA: check the agent's turns of exported chats and calls, at scale.

Contact centres export their transcripts as JSON Lines, CSV (often GB18030 from Chinese tools)
or Excel. :func:`read` streams the rows of such a file, :func:`scan` checks the agent's turns
with a :class:`huashu.Checker` and yields each finding with its conversation, turn, agent, time
and the customer's turn before it, and :class:`Summary` counts per rule, category, agent,
conversation and hour. :func:`report_data` and :func:`render_html` turn a run into the page a
QA lead opens (``pip install "huashu[report]"``).

>>> from huashu import qa
>>> rows = [{"会话ID": "c1", "角色": "客户", "内容": "怎么还没发货?"},
...         {"会话ID": "c1", "角色": "客服", "内容": "冷静一点,我现在很忙"}]
>>> run = qa.scan(rows)
>>> [(f.conversation, f.turn, f.phrase) for f in run]
[('c1', 2, '冷静一点'), ('c1', 2, '我现在很忙')]
>>> run.summary.agent_turns, run.summary.findings
(1, 2)
"""

from __future__ import annotations

from ._columns import AGENT_ROLES, CANDIDATES, Columns
from ._records import FORMATS, Row, RowProblem, read
from ._report import ReportError, render_html, report_data
from ._scan import FIELDS, QAFinding, Scan, Turn, scan, summarize
from ._summary import Summary

__all__ = [
    "AGENT_ROLES",
    "CANDIDATES",
    "FIELDS",
    "FORMATS",
    "Columns",
    "QAFinding",
    "ReportError",
    "Row",
    "RowProblem",
    "Scan",
    "Summary",
    "Turn",
    "read",
    "render_html",
    "report_data",
    "scan",
    "summarize",
]
