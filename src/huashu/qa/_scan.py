"""Scan transcript turns: pick the agent's turns, check them, yield findings with their context.

The pipeline reads one way: rows → turns (columns resolved, conversation state kept) → checked
(in this process or in worker processes, in order) → :class:`QAFinding` and the
:class:`~huashu.qa.Summary` counters. Nothing here decides what is forbidden: that is the
:class:`huashu.Checker`'s job.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from .._checker import Checker
from .._errors import InputError
from .._model import Finding, Severity
from ._columns import Columns, Layout, resolve
from ._records import Row, RowProblem
from ._summary import Conversation, Summary

__all__ = ["FIELDS", "QAFinding", "Scan", "Turn", "scan", "summarize"]

#: The keys of :meth:`QAFinding.to_dict`, in order: the columns of ``--format csv``.
FIELDS = ("file", "row", "conversation", "turn", "agent", "time", "rule", "category", "severity",
          "start", "end", "phrase", "text", "message", "suggestion", "context", "score", "fix")

# Conversations whose turn count and last customer turn are kept at once (the most recently
# active ones): bounded, so memory stays flat; far more than a contact centre has open at once.
_OPEN_CONVERSATIONS = 20_000
_MAX_PROBLEMS_KEPT = 10_000
_MISSING = object()


class Turn(NamedTuple):
    """One turn of a transcript, with where it is and what came before it.

    A named tuple rather than a frozen dataclass: one is made for every row, and a tuple is
    several times cheaper to build.
    """

    source: str
    row: int
    conversation: str | None
    turn: int  #: 1-based place in its conversation (in its file when there is no conversation column)
    role: str | None
    agent: str | None
    time: str | None
    text: str
    is_agent: bool
    context: str | None  #: the customer's last turn before this one, in the same conversation
    hour: str | None = None  #: "YYYY-MM-DD HH", when the time could be read


@dataclass(frozen=True, slots=True)
class QAFinding:
    """A forbidden phrase in an agent's turn, with the turn around it.

    ``finding`` is the :class:`huashu.Finding`; its span refers to ``text`` (the whole turn):
    ``text[start:end] == phrase``.
    """

    source: str
    row: int
    conversation: str | None
    turn: int
    agent: str | None
    time: str | None
    text: str
    context: str | None
    finding: Finding

    @property
    def rule_id(self) -> str:
        return self.finding.rule_id

    @property
    def category(self) -> str:
        return self.finding.category

    @property
    def severity(self) -> Severity:
        return self.finding.severity

    @property
    def start(self) -> int:
        return self.finding.start

    @property
    def end(self) -> int:
        return self.finding.end

    @property
    def phrase(self) -> str:
        return self.finding.text

    @property
    def message(self) -> str:
        return self.finding.message

    @property
    def suggestion(self) -> str | None:
        """The best approved alternative, if the rule has one."""
        return self.finding.suggestions[0] if self.finding.suggestions else None

    def to_dict(self) -> dict[str, Any]:
        """One flat row of plain JSON-ready data, keys as in :data:`FIELDS`."""
        f = self.finding
        return {
            "file": self.source, "row": self.row, "conversation": self.conversation,
            "turn": self.turn, "agent": self.agent, "time": self.time,
            "rule": f.rule_id, "category": f.category, "severity": str(f.severity),
            "start": f.start, "end": f.end, "phrase": f.text, "text": self.text,
            "message": f.message, "suggestion": self.suggestion, "context": self.context,
            "score": f.score, "fix": f.fix,
        }


# --- time values ----------------------------------------------------------------------------

_DATE_RE = re.compile(r"\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2})[:时])?")


def _when(value: Any) -> tuple[str | None, str | None]:
    """A time cell as shown in the findings, and its hour bucket (``"YYYY-MM-DD HH"``)."""
    if value.__class__ is str:
        # The usual export form, "2024-05-01 09:30:00" or ISO 8601: no parsing needed.
        if len(value) >= 13 and value[4] == "-" and value[7] == "-" and value[10] in " T" \
                and value[:4].isdigit() and "01" <= value[5:7] <= "12" and value[11:13].isdigit():
            return value, f"{value[:10]} {value[11:13]}"
        if not value:
            return None, None
    if value is None:
        return None, None
    if isinstance(value, _dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds"), f"{value:%Y-%m-%d %H}"
    if isinstance(value, _dt.date):
        return value.isoformat(), f"{value:%Y-%m-%d} 00"
    if isinstance(value, bool):
        return str(value), None
    if isinstance(value, (int, float)) or (isinstance(value, str) and value.strip().isdigit()):
        number = float(value)
        if number > 1e11:  # milliseconds since the epoch
            number /= 1000
        if 1e8 < number < 1e10:
            moment = _dt.datetime.fromtimestamp(number, _dt.UTC).replace(tzinfo=None)
            return moment.isoformat(sep=" ", timespec="seconds"), f"{moment:%Y-%m-%d %H}"
        return str(value), None
    shown = str(value).strip()
    m = _DATE_RE.match(shown)
    if m is None:
        return shown, None
    year, month, day, hour = m.groups()
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        return shown, None
    return shown, f"{year}-{int(month):02d}-{int(day):02d} {int(hour or 0):02d}"


def _cell(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() or None


# --- rows to turns --------------------------------------------------------------------------


class _Turns:
    """Rows to turns: resolves each source's columns, numbers turns within conversations and
    remembers each open conversation's agent and last customer turn."""

    def __init__(self, columns: Columns, summary: Summary, source: str) -> None:
        self.columns = columns
        self.agent_roles = columns.agent_roles()
        self.summary = summary
        self.default_source = source
        self.layouts: dict[str, tuple[Layout, frozenset[str]]] = {}
        self.dead: set[str] = set()  # sources whose columns could not be found
        self.open: OrderedDict[tuple[str, str | None], Conversation] = OrderedDict()

    def layout(self, source: str, keys: Iterable[Any]) -> Layout | str:
        known = self.layouts.get(source)
        if known is not None:
            layout, seen = known
            if seen.issuperset(keys):
                return layout
            # A JSON row with fields the first rows lacked (customer turns often have no agent
            # field): fill the columns still unknown, keep the ones found.
            keys = [*seen, *(k for k in keys if k not in seen)]
            wanted = Columns(**{f: getattr(layout, f) for f in ("text", "role", "conversation", "agent", "time")
                                if getattr(layout, f) is not None},
                             agent_role=self.columns.agent_role)
            try:
                layout = resolve(keys, _merge(self.columns, wanted), source)
            except InputError as exc:
                return exc.reason
            self.layouts[source] = (layout, frozenset(keys))
            return layout
        try:
            layout = resolve(keys, self.columns, source)
        except InputError as exc:
            self.dead.add(source)
            return exc.reason
        self.layouts[source] = (layout, frozenset(keys))
        return layout

    def __call__(self, records: Iterable[Any]) -> Iterator[Turn | RowProblem]:
        for index, item in enumerate(records, 1):
            if isinstance(item, RowProblem):
                yield item
                continue
            if isinstance(item, Row):
                source, row, values = item.source, item.row, item.values
            elif isinstance(item, Mapping):
                source, row, values = self.default_source, index, item
            else:
                yield RowProblem(self.default_source, index, f"a {type(item).__name__}, not a mapping of columns")
                continue
            if source in self.dead:
                continue
            layout = self.layout(source, values.keys())
            if isinstance(layout, str):
                yield RowProblem(source, None if source in self.dead else row, layout)
                continue
            yield self.turn(source, row, values, layout)

    def turn(self, source: str, row: int, values: Mapping[str, Any], layout: Layout) -> Turn | RowProblem:
        text = values.get(layout.text, _MISSING)
        if text is _MISSING or text is None:
            return RowProblem(source, row, f"no text (column {layout.text!r} is missing or null)")
        if not isinstance(text, str):
            return RowProblem(source, row, f"text is not a string but {type(text).__name__}: {str(text)[:40]!r}")
        role = _cell(values.get(layout.role)) if layout.role is not None else None
        is_agent = layout.role is None or (role is not None and role.lower() in self.agent_roles)
        conversation = _cell(values.get(layout.conversation)) if layout.conversation is not None else None
        agent = _cell(values.get(layout.agent)) if layout.agent is not None else None
        time, hour = _when(values.get(layout.time)) if layout.time is not None else (None, None)

        key = (source, conversation)
        state = self.open.get(key)
        if state is None:
            state = self.open[key] = Conversation(conversation, source, row)
            self.summary.conversations += 1
            if len(self.open) > _OPEN_CONVERSATIONS:
                self.summary.close(self.open.popitem(last=False)[1])
        else:
            self.open.move_to_end(key)
        state.turns += 1
        if is_agent:
            state.agent_turns += 1
            if agent is not None:
                state.agent = agent
            else:
                agent = state.agent
            context = state.context
        else:
            state.context = text
            context = None
        return Turn(source, row, conversation, state.turns, role, agent, time, text, is_agent,
                    context, hour)

    def state(self, turn: Turn) -> Conversation:
        key = (turn.source, turn.conversation)
        state = self.open.get(key)
        if state is None:  # closed while its turns were being checked: count it afresh
            state = Conversation(turn.conversation, turn.source, turn.row)
        return state


def _merge(asked: Columns, found: Columns) -> Columns:
    return Columns(**{f: getattr(asked, f) or getattr(found, f)
                      for f in ("text", "role", "conversation", "agent", "time")},
                   agent_role=asked.agent_role)


# --- checking, here or in worker processes ------------------------------------------------

_WORKER: Checker | None = None


def _init_worker(checker: Checker) -> None:
    global _WORKER
    _WORKER = checker
    import logging

    logging.getLogger("jieba").setLevel(logging.WARNING)


def _check_texts(texts: list[str]) -> list[list[Finding]]:
    assert _WORKER is not None
    return [_WORKER.check(t) for t in texts]


def _batches(items: Iterator[Turn | RowProblem], size: int) -> Iterator[list[Turn | RowProblem]]:
    batch: list[Turn | RowProblem] = []
    agent_turns = 0
    for item in items:
        batch.append(item)
        if isinstance(item, Turn) and item.is_agent:
            agent_turns += 1
            if agent_turns >= size:
                yield batch
                batch, agent_turns = [], 0
    if batch:
        yield batch


def _checked(checker: Checker, items: Iterator[Turn | RowProblem], jobs: int,
             chunk_size: int) -> Iterator[tuple[Turn | RowProblem, list[Finding]]]:
    """Each item with its findings (agent turns only), in order."""
    if jobs <= 1:
        for item in items:
            if isinstance(item, Turn) and item.is_agent and item.text:
                yield item, checker.check(item.text)
            else:
                yield item, []
        return
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

    if multiprocessing.get_start_method() == "fork":
        # Forked workers inherit a ready tokenizer instead of each building their own.
        checker.tokenize("您好")
    pending: deque[tuple[list[Turn | RowProblem], Future[list[list[Finding]]] | None]] = deque()

    def drain() -> Iterator[tuple[Turn | RowProblem, list[Finding]]]:
        batch, future = pending.popleft()
        results = iter(future.result() if future is not None else ())
        for item in batch:
            if isinstance(item, Turn) and item.is_agent and item.text:
                yield item, next(results)
            else:
                yield item, []

    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(checker,)) as pool:
        for batch in _batches(items, chunk_size):
            texts = [t.text for t in batch if isinstance(t, Turn) and t.is_agent and t.text]
            pending.append((batch, pool.submit(_check_texts, texts) if texts else None))
            # A bounded window keeps memory flat: reading waits for the workers.
            while len(pending) > jobs * 3:
                yield from drain()
        while pending:
            yield from drain()


# --- the public face -------------------------------------------------------------------------


class Scan:
    """The findings of a scan, as an iterator, and what it counted on the way.

    Attributes:
        summary: the :class:`Summary` counters, complete once the iterator is exhausted.
        problems: the rows (or files) that could not be read or checked, in order (the first
            10 000; ``summary.problems`` counts them all).
    """

    def __init__(self, records: Iterable[Any], *, columns: Columns, checker: Checker, jobs: int,
                 chunk_size: int, source: str,
                 on_problem: Callable[[RowProblem], None] | None,
                 on_turn: Callable[[Turn], None] | None) -> None:
        self.summary = Summary()
        self.problems: list[RowProblem] = []
        self.checker = checker
        self._on_problem = on_problem
        self._on_turn = on_turn
        self._turns = _Turns(columns, self.summary, source)
        self._findings = self._run(records, jobs, chunk_size)

    def __iter__(self) -> Scan:
        return self

    def __next__(self) -> QAFinding:
        return next(self._findings)

    def _problem(self, problem: RowProblem) -> None:
        self.summary.problems += 1
        if len(self.problems) < _MAX_PROBLEMS_KEPT:
            self.problems.append(problem)
        if self._on_problem is not None:
            self._on_problem(problem)

    def _run(self, records: Iterable[Any], jobs: int, chunk_size: int) -> Iterator[QAFinding]:
        turns = self._turns(records)
        for item, findings in _checked(self.checker, turns, jobs, chunk_size):
            if isinstance(item, RowProblem):
                self._problem(item)
                continue
            state = self._turns.state(item)
            self.summary.add_turn(item.source, item.role, item.is_agent, item.agent, item.hour,
                                  state, findings)
            if self._on_turn is not None:
                self._on_turn(item)
            for f in findings:
                yield QAFinding(item.source, item.row, item.conversation, item.turn, item.agent,
                                item.time, item.text, item.context, f)


def scan(
    records: Iterable[Mapping[str, Any] | Row | RowProblem],
    *,
    text: str | None = None,
    role: str | None = None,
    agent_role: str | Iterable[str] | None = None,
    conversation: str | None = None,
    agent: str | None = None,
    time: str | None = None,
    checker: Checker | None = None,
    jobs: int = 1,
    chunk_size: int = 256,
    source: str = "<records>",
    on_problem: Callable[[RowProblem], None] | None = None,
    on_turn: Callable[[Turn], None] | None = None,
) -> Scan:
    """Check the agent's turns of a transcript; yield each finding with its turn and context.

    Args:
        records: the turns in transcript order: mappings of column name to value (rows of a
            CSV, objects of a JSON Lines file, ``DataFrame.to_dict("records")`` …), or what
            :func:`huashu.qa.read` yields.
        text, role, conversation, agent, time: the column of each field; ``None`` finds it among
            common names (``text``/``content``/``内容``, ``role``/``speaker``/``角色``, …). Only a
            text column is required. Without a role column every turn is the agent's.
        agent_role: the role value(s) that mark the agent's turns (default: 客服, 坐席, agent,
            staff, assistant …), compared without case.
        checker: the :class:`huashu.Checker` to use (default: the bundled bank).
        jobs: worker processes for the checking (the Checker is sent to each); 0 is one per CPU.
        chunk_size: agent turns per task sent to a worker.
        source: the name rows given as plain mappings are reported under.
        on_problem: called with each :class:`RowProblem` as it happens (they are also kept in
            :attr:`Scan.problems`).
        on_turn: called with each :class:`Turn` once it is checked (a progress bar).

    Returns:
        A :class:`Scan`: iterate it for :class:`QAFinding` objects, in transcript order; its
        ``summary`` counts turns, findings per rule, category, agent, conversation and hour.

    >>> rows = [{"role": "客户", "text": "我的快递怎么还没到?"},
    ...         {"role": "客服", "text": "这个我不知道,你去问快递公司吧。"}]
    >>> [(f.turn, f.rule_id, f.phrase, f.context) for f in scan(rows)][:1]
    [(2, 'JJ001', '我不知道', '我的快递怎么还没到?')]
    """
    if isinstance(agent_role, str):
        agent_role = [r.strip() for r in agent_role.replace("，", ",").split(",") if r.strip()]
    columns = Columns(text, role, conversation, agent, time,
                      tuple(agent_role) if agent_role is not None else None)
    if jobs == 0:
        jobs = os.cpu_count() or 1
    if checker is None:
        from .._checker import default_checker

        checker = default_checker()
    return Scan(records, columns=columns, checker=checker, jobs=jobs, chunk_size=chunk_size,
                source=source, on_problem=on_problem, on_turn=on_turn)


def summarize(records: Iterable[Mapping[str, Any] | Row | RowProblem], **options: Any) -> Summary:
    """Scan ``records`` (with :func:`scan`'s options) and return only the counters.

    >>> s = summarize([{"role": "agent", "agent": "A01", "text": "冷静一点"}])
    >>> s.agent_turns, s.findings, s.agent_rates()[0]["rate"]
    (1, 1, 100.0)
    """
    run = scan(records, **options)
    for _ in run:
        pass
    return run.summary
