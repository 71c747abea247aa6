"""``huashu qa``: check the agent's turns of transcript exports (JSON Lines, CSV, Excel)."""

from __future__ import annotations

import argparse
import csv
import json
import os
import time
from collections.abc import Iterator
from typing import IO, Any

from .._model import Severity
from ..qa import FIELDS, FORMATS, QAFinding, RowProblem, Summary, read, scan
from . import _common
from ._common import (
    ExitStatus,
    Options,
    Streams,
    UsageError,
    examples,
    exit_options,
    isatty,
    non_negative,
    rule_options,
)

OUTPUT_FORMATS = ("jsonl", "csv", "json")

EXAMPLES = "examples:\n" + examples([
    ("huashu qa chats.jsonl", "findings as JSON Lines on stdout, a summary on stderr"),
    ("huashu qa export.csv -o findings.csv", "GB18030 or UTF-8 (BOM or not) are detected"),
    ("huashu qa 会话记录.xlsx --html report.html", "a page for the QA lead"),
    ("huashu qa --text 消息 --role 发送方 --agent-role 人工 export.csv", "name the columns"),
    ("huashu qa -j 0 big.jsonl.gz -o f.jsonl --summary s.json", "one process per CPU"),
]) + """

columns found by name when not given (case, spaces, - and _ ignored):
  --text          text, content, message, 内容, 消息 …   (required)
  --role          role, speaker, sender, 角色, 发送方 …  (none: every turn is the agent's)
  --agent-role    客服, 坐席, agent, staff, assistant … (values of the role column)
  --conversation  conversation, session_id, chat_id, 会话ID …
  --agent         agent, agent_id, staff, 工号, 客服工号 …
  --time          time, timestamp, created_at, 时间 …

exit status: 0 nothing at or above --severity, 1 findings, 2 usage error or a row or file that
could not be read (every other row is still checked).
"""


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Add ``qa`` to the command parsers."""
    qa = commands.add_parser(
        "qa", parents=[common], formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=EXAMPLES, help="check the agent's turns of transcript exports (JSONL, CSV, Excel)",
        description="Transcript QA: check every agent turn of exported chats or calls, write one\n"
                    "row per finding with its conversation, turn, agent and time, and summarise\n"
                    "per rule, category, agent and conversation.",
    )
    qa.add_argument("paths", nargs="+", metavar="FILE",
                    help="transcript exports: .jsonl, .json, .csv, .tsv, .xlsx (also .gz); - for stdin")
    cols = qa.add_argument_group("columns")
    for name, what in (("text", "the text of a turn"), ("role", "who speaks"),
                       ("conversation", "the conversation (session) id"), ("agent", "the agent id or name"),
                       ("time", "when the turn was sent")):
        cols.add_argument(f"--{name}", metavar="COLUMN", help=f"the column with {what}")
    cols.add_argument("--agent-role", action="append", metavar="VALUES",
                      help="role values of the agent's turns, comma-separated (default: 客服, 坐席, "
                           "agent, staff, assistant …)")
    inp = qa.add_argument_group("input")
    inp.add_argument("--input-format", choices=FORMATS, help="read every file as this (default: by extension)")
    inp.add_argument("--encoding", metavar="NAME",
                     help="text files' encoding (default: detected: BOM, UTF-8, GB18030)")
    inp.add_argument("--sheet", metavar="NAME", help="the Excel sheet (default: the active one)")
    out = qa.add_argument_group("output")
    out.add_argument("--format", choices=OUTPUT_FORMATS,
                     help="findings as jsonl, csv or json (default: from -o's extension, else jsonl)")
    out.add_argument("-o", "--output", metavar="FILE", help="write the findings here (default: stdout)")
    out.add_argument("--summary", metavar="FILE", help="write the summary as JSON here")
    out.add_argument("--html", metavar="FILE", help="write a self-contained HTML report here "
                                                    '(pip install "huashu[report]")')
    out.add_argument("--html-findings", type=non_negative, default=5000, metavar="N",
                     help="at most N findings listed in the HTML report (0: all; default: 5000)")
    out.add_argument("-q", "--quiet", action="store_true", help="no summary, no progress bar")
    exit_options(out)
    rules = rule_options(qa)
    rules.add_argument("-j", "--jobs", type=non_negative, metavar="N",
                       help="worker processes (0: one per CPU; default: 1)")
    qa.set_defaults(handler=run)


# --- writing findings -------------------------------------------------------------------------


class _Writer:
    """Findings to a stream as JSON Lines, CSV or one JSON array, written as they come."""

    def __init__(self, stream: IO[str], fmt: str) -> None:
        self.stream, self.fmt, self.count = stream, fmt, 0
        self.csv = csv.writer(stream) if fmt == "csv" else None
        if self.csv is not None:
            self.csv.writerow(FIELDS)
        elif fmt == "json":
            stream.write("[")

    def write(self, finding: QAFinding) -> None:
        data = finding.to_dict()
        if self.csv is not None:
            self.csv.writerow(["" if data[k] is None else data[k] for k in FIELDS])
        elif self.fmt == "json":
            self.stream.write(("," if self.count else "") + "\n  " + json.dumps(data, ensure_ascii=False))
        else:
            self.stream.write(json.dumps(data, ensure_ascii=False) + "\n")
        self.count += 1

    def close(self) -> None:
        if self.fmt == "json":
            self.stream.write("\n]\n" if self.count else "]\n")


def _output_format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    if args.output:
        ext = os.path.splitext(args.output.lower())[1]
        return {".csv": "csv", ".json": "json"}.get(ext, "jsonl")
    return "jsonl"


# --- the summary on a terminal ----------------------------------------------------------------


def format_summary(summary: Summary, seconds: float, *, top: int = 10) -> str:
    """The run's headline numbers and its top rules, categories and agents, as text."""
    s = summary
    sev = ", ".join(f"{s.by_severity[k]:,} {k}{'s' if s.by_severity[k] != 1 and k != 'info' else ''}"
                    for k in ("error", "warning", "info") if s.by_severity.get(k))
    rate = 100.0 * s.findings / s.agent_turns if s.agent_turns else 0.0
    speed = f", {s.rows / seconds:,.0f} turns/s" if seconds > 0 else ""
    lines = [
        (f"huashu qa: {s.rows:,} turns in {len(s.files)} file{'s' if len(s.files) != 1 else ''} "
         f"({s.agent_turns:,} agent turns checked, {s.conversations:,} conversations) in {seconds:.1f}s{speed}"),
        f"{s.findings:,} finding{'s' if s.findings != 1 else ''}" + (f" ({sev})" if sev else "")
        + f" in {s.flagged_turns:,} turns: {rate:.2f} per 100 agent turns"
        + (f"; {s.problems:,} row{'s' if s.problems != 1 else ''} could not be read" if s.problems else ""),
    ]
    if s.findings:
        lines.append("\ntop rules:")
        for r in s.rules()[:top]:
            lines.append(f"  {r['findings']:>8,}  {r['rule']:<7} {r['category']}  {'、'.join(r['phrases'][:3])}")
        lines.append("\nby category:")
        for c in s.categories():
            lines.append(f"  {c['findings']:>8,}  {c['category']}")
        agents = [a for a in s.agent_rates() if a["agent"] is not None]
        if agents:
            lines.append("\nagents by findings per 100 turns:")
            for a in agents[:top]:
                lines.append(f"  {a['rate']:>8.2f}  {a['agent']}  ({a['findings']:,} in {a['turns']:,} turns)")
    return "\n".join(lines) + "\n"


# --- the command ------------------------------------------------------------------------------


def _records(args: argparse.Namespace, options: Options, io: Streams) -> Iterator[Any]:
    for path in args.paths:
        stream = None
        if path == "-":
            stream = getattr(io.stdin, "buffer", None)
            if stream is None:  # a text stream (tests): its text as UTF-8 bytes
                import io as _io

                stream = _io.BytesIO(io.stdin.read().encode("utf-8"))
        yield from read(path, format=args.input_format, encoding=options.encoding,
                        sheet=args.sheet, stream=stream)


def _progress(io: Streams, enabled: bool) -> Any:
    if not enabled:
        return None
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - a default dependency
        return None
    return tqdm(file=io.stderr, unit=" turns", unit_scale=True, mininterval=0.25,
                desc="huashu qa", dynamic_ncols=True, leave=False)


def run(args: argparse.Namespace, options: Options, io: Streams) -> int:
    fmt = _output_format(args)
    if args.html:
        from ..qa._report import require

        require()  # before the scan, not after an hour of it
    checker = _common.checker_for(options)
    bar = _progress(io, not args.quiet and isatty(io.stderr))

    def problem(p: RowProblem) -> None:
        message = f"huashu: error: {p}\n"
        if bar is not None:
            bar.clear()
        io.stderr.write(message)

    out_file = None
    if args.output:
        try:
            # A BOM so that Excel opens a Chinese CSV as UTF-8.
            out_file = open(args.output, "w", encoding="utf-8-sig" if fmt == "csv" else "utf-8",
                            newline="" if fmt == "csv" else None)
        except OSError as exc:
            raise UsageError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    writer = _Writer(out_file or io.stdout, fmt)
    kept: list[dict[str, Any]] = []
    keep = args.html_findings or None
    started = time.monotonic()
    agent_role = _common.codes(args.agent_role)
    run_ = scan(_records(args, options, io), text=args.text, role=args.role, agent_role=agent_role,
                conversation=args.conversation, agent=args.agent, time=args.time,
                checker=checker, jobs=options.jobs, source="-", on_problem=problem,
                on_turn=(lambda _t: bar.update(1)) if bar is not None else None)
    try:
        for finding in run_:
            writer.write(finding)
            if args.html and (keep is None or len(kept) < keep):
                kept.append(finding.to_dict())
        writer.close()
    finally:
        if bar is not None:
            bar.close()
        if out_file is not None:
            out_file.close()
    seconds = time.monotonic() - started
    summary = run_.summary

    if args.summary:
        data = summary.to_dict()
        data["problem_rows"] = [p.to_dict() for p in run_.problems[:1000]]
        _write_json(args.summary, data)
    if args.html:
        from ..qa import render_html, report_data

        data = report_data(summary, kept, files=list(summary.files) or list(args.paths),
                           problems=[p.to_dict() for p in run_.problems[:200]],
                           checked_at=time.strftime("%Y-%m-%d %H:%M"))
        with open(args.html, "w", encoding="utf-8") as handle:
            handle.write(render_html(data))
    if not args.quiet:
        (io.stdout if args.output else io.stderr).write(format_summary(summary, seconds))
        if summary.rows and not summary.agent_turns:
            seen = ", ".join(repr(r) for r in list(summary.roles)[:10]) or "none"
            io.stderr.write(f"huashu: warning: no agent turns: the role values are {seen}; "
                            "name the agent's with --agent-role\n")
    if summary.problems:
        return ExitStatus.ERROR
    if args.exit_zero:
        return ExitStatus.SUCCESS
    failing = summary.at_or_above(Severity(options.severity))
    return ExitStatus.FINDINGS if failing else ExitStatus.SUCCESS


def _write_json(path: str, data: Any) -> None:
    try:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1)
            handle.write("\n")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


__all__ = ["OUTPUT_FORMATS", "format_summary", "register", "run"]

