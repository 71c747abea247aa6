"""``huashu lint``: lint reply files, folders or standard input; fix or diff them."""

from __future__ import annotations

import argparse
import os
import time
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO

from .. import __version__
from .._checker import Checker, FindingsCappedWarning
from .._config import FORMATS
from .._errors import InputError
from .._files import (
    DEFAULT_INCLUDE,
    LineIndex,
    find_files,
    read_source,
    remove_stale_temporaries,
    write_atomic,
)
from .._fixes import apply_edits
from .._formats import (
    Located,
    Summary,
    format_diff,
    format_diff_summary,
    format_github,
    format_json,
    format_jsonl,
    format_sarif,
    format_statistics,
    format_statistics_json,
    format_summary,
    format_text,
)
from .._model import Severity
from . import _common
from ._common import (
    ExitStatus,
    Options,
    Streams,
    UsageError,
    colour,
    examples,
    exit_options,
    isatty,
    non_negative,
    quiet_jieba,
    read_stdin,
    rule_options,
)

EXAMPLES = "examples:\n" + examples([
    ("huashu lint examples/replies.txt", "lint one file"),
    ("huashu lint replies/ macros/", "folders, recursively (*.txt, *.md)"),
    ('echo "这个我不知道" | huashu lint -', "standard input"),
    ("huashu lint --format json replies/ > findings.json", ""),
    ("huashu lint --format github replies/", "annotations in a GitHub Actions log"),
    ("huashu lint --select TW,否定拒绝 --ignore JJ003 replies/", ""),
    ("huashu lint --pack 医疗 replies/", "core rules plus an industry pack (医疗 政务 柜台 电商)"),
    ("huashu lint --diff replies/", "show what --fix would change"),
    ("huashu lint --fix replies/", "apply the safe fixes in place"),
    ("huashu lint --encoding gb18030 old/", "force an encoding (default: detected)"),
]) + """

suppress the findings on one line of a reply file with a comment on that line:
  这个我不知道  <!-- huashu: ignore -->          every rule
  这个我不知道  # huashu: ignore[JJ001,推诿]     these rules (ids, prefixes, categories)

exit status: 0 nothing at or above --severity, 1 findings, 2 usage or input error.
"""


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Add ``lint`` to the command parsers."""
    formatter = argparse.RawDescriptionHelpFormatter
    lint = commands.add_parser(
        "lint", parents=[common], formatter_class=formatter, epilog=EXAMPLES,
        help="lint reply files, folders or standard input",
        description="Lint reply files: report forbidden phrases with their place and the\n"
                    "approved alternative; optionally fix them.",
    )
    lint.add_argument("paths", nargs="*", metavar="PATH",
                      help="files and folders to lint, - for standard input (default: .)")
    report = lint.add_argument_group("report")
    report.add_argument("--format", "--output-format", dest="format", choices=FORMATS,
                        metavar="FORMAT", help=f"{', '.join(FORMATS)} (default: text)")
    report.add_argument("--statistics", action="store_true",
                        help="counts per rule instead of each finding")
    report.add_argument("-q", "--quiet", action="store_true",
                        help="one line per finding; no source lines, summary or progress")
    exit_options(report)
    report.add_argument("--stdin-filename", metavar="NAME",
                        help="the name to report standard input under (default: -)")
    rule_options(lint)
    fixing = lint.add_argument_group("fixes")
    fixing.add_argument("--fix", action="store_true", help="apply the safe fixes in place")
    fixing.add_argument("--diff", action="store_true",
                        help="print the fixes as a unified diff; write nothing")
    fixing.add_argument("--unsafe-fixes", action=argparse.BooleanOptionalAction, default=None,
                        help="also apply (or show) the fixes that are not always safe")
    files = lint.add_argument_group("files")
    files.add_argument("--include", action="append", metavar="GLOBS",
                       help=f"file globs to lint in folders (default: {', '.join(DEFAULT_INCLUDE)})")
    files.add_argument("--exclude", action="append", metavar="GLOBS",
                       help="globs of files and folders to skip")
    files.add_argument("--force-exclude", action=argparse.BooleanOptionalAction, default=None,
                       help="apply --exclude to files named on the command line too")
    files.add_argument("--encoding", metavar="NAME",
                       help="read files in this encoding (default: detected: UTF-8, UTF-16 "
                            "with a BOM, GB18030)")
    files.add_argument("-j", "--jobs", type=non_negative, metavar="N",
                       help="worker processes for big trees (0: one per CPU; default: 1)")
    lint.set_defaults(handler=run)


@dataclass(frozen=True, slots=True)
class _FileResult:
    path: str
    items: list[Located] = field(default_factory=list)
    error: str | None = None
    diff: str = ""
    fixed: int = 0
    capped: str = ""  # the FindingsCappedWarning's message when the checker's cap was hit


class _Linter:
    """What every file of a run needs: one Checker and the fix mode. Pickles for ``--jobs``."""

    def __init__(self, checker: Checker, *, mode: str | None, unsafe: bool, encoding: str | None) -> None:
        self.checker = checker
        self.mode = mode  # None, "fix" or "diff"
        self.unsafe = unsafe
        self.encoding = encoding
        self.names = {r.id: r.name for r in checker.bank.rules}

    def lint_path(self, path: str) -> _FileResult:
        try:
            source = read_source(path, self.encoding)
            result, new = self.lint_text(path, source.text)
            if self.mode == "fix" and new != source.text:
                # Not written if the file changed since it was read: the fixes were made on
                # the old text, and writing them would undo the other program's change.
                write_atomic(path, source.encode(new), expected=source.stamp)
        except InputError as exc:
            return _FileResult(path, error=exc.reason)
        except UnicodeEncodeError as exc:
            return _FileResult(path, error=f"cannot write the fix in {exc.encoding}: {exc.reason}")
        except OSError as exc:
            return _FileResult(path, error=f"cannot write the fix: {exc.strerror or exc}")
        return result

    def lint_text(self, path: str, text: str) -> tuple[_FileResult, str]:
        """Lint (and fix, in a fix mode) one text; returns the result and the fixed text.

        A text with more findings than the checker's ``max_findings`` is reported as far as the
        cap, and the result says so (the run reports it on stderr)."""
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", FindingsCappedWarning)
            result, new = self._lint_text(path, text)
        capped = ""
        for w in caught:
            if isinstance(w.message, FindingsCappedWarning):
                capped = str(w.message)
            else:
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        if capped:
            result = _FileResult(result.path, result.items, result.error, result.diff, result.fixed, capped)
        return result, new

    def _lint_text(self, path: str, text: str) -> tuple[_FileResult, str]:
        new, fixed = self.fix(text) if self.mode else (text, 0)
        if self.mode == "diff":
            return _FileResult(path, diff=format_diff(path, text, new), fixed=fixed), new
        return _FileResult(path, self.locate(path, new), fixed=fixed), new

    def fix(self, text: str) -> tuple[str, int]:
        """``text`` with its fixes applied, except on suppressed lines; and how many were made."""
        total = 0
        # A replacement can make a neighbouring phrase whole again; a few passes settle it.
        for _ in range(5):
            edits = self.checker.edits(text, unsafe=self.unsafe)
            index = LineIndex(text)
            if edits and index.has_suppressions:
                kept = {x.edit for x in self.checker.fixes(text) if not index.suppresses(x.finding, self.names)}
                edits = [e for e in edits if e in kept]
            if not edits:
                break
            text = apply_edits(text, edits)
            total += len(edits)
        return text, total

    def locate(self, path: str, text: str) -> list[Located]:
        findings = self.checker.check(text)
        if not findings:
            return []
        rewrites = {(x.finding.rule_id, x.finding.start, x.finding.end): x for x in self.checker.fixes(text)}
        index = LineIndex(text)
        items = []
        for f in findings:
            if index.suppresses(f, self.names):
                continue
            line, column = index.position(f.start)
            end_line, end_column = index.end_position(f.start, f.end)
            fix = rewrites.get((f.rule_id, f.start, f.end))
            items.append(Located(path, line, column, end_line, end_column, index.line(line), f,
                                 None if fix is None else str(fix.applicability),
                                 None if fix is None else fix.edit.content))
        return items


_WORKER: _Linter | None = None


def _init_worker(linter: _Linter) -> None:
    global _WORKER
    _WORKER = linter
    quiet_jieba()


def _work(path: str) -> _FileResult:
    assert _WORKER is not None
    return _WORKER.lint_path(path)


def _results(linter: _Linter, files: Sequence[str], jobs: int) -> Iterator[_FileResult]:
    """Lint ``files`` in order, in this process or in ``jobs`` worker processes."""
    if jobs == 0:
        jobs = os.cpu_count() or 1
    if jobs <= 1 or len(files) <= jobs:
        for path in files:
            yield linter.lint_path(path)
        return
    import multiprocessing  # only here: a cold start should not pay for them
    from concurrent.futures import ProcessPoolExecutor

    if multiprocessing.get_start_method() == "fork":
        # Forked workers inherit a ready tokenizer instead of each building their own (~1 s).
        linter.checker.tokenize("您好")
    chunk = max(1, min(128, len(files) // (jobs * 4)))
    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(linter,)) as pool:
        yield from pool.map(_work, files, chunksize=chunk)


class _Progress:
    """``huashu: 1200/10000 files`` on a terminal's stderr, once a run has taken a second."""

    def __init__(self, stream: IO[str], total: int, enabled: bool) -> None:
        self.stream, self.total, self.enabled = stream, total, enabled and total > 1
        self.done, self.shown = 0, False
        self.start = self.last = time.monotonic()

    def tick(self) -> None:
        self.done += 1
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.start < 1.0 or now - self.last < 0.1:
            return
        self.last = now
        self.stream.write(f"\rhuashu: {self.done}/{self.total} files")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


# --- commands -----------------------------------------------------------------------------




def run(args: argparse.Namespace, options: Options, io: Streams) -> int:
    mode = "diff" if args.diff else "fix" if args.fix else None
    paths = args.paths or ["."]
    use_stdin = "-" in paths
    paths = [p for p in paths if p != "-"]
    if use_stdin and mode == "fix" and paths:
        raise UsageError("--fix with standard input (-) takes no other paths")

    checker = _common.checker_for(options)
    linter = _Linter(checker, mode=mode, unsafe=options.unsafe_fixes, encoding=options.encoding)
    fmt = options.format
    # `--fix -` is a filter: the fixed text goes to stdout, the report to stderr.
    out = io.stderr if use_stdin and mode == "fix" else io.stdout
    color = colour(args, out)
    out_tty = isatty(out)
    threshold = Severity(options.severity)

    summary = Summary()
    collected: list[Located] = []
    failing = 0
    would_fix = files_fixed = 0

    def emit(text: str) -> None:
        if out_tty:  # the progress line shares the terminal: take it away first
            progress.clear()
        out.write(text)

    def report_error(path: str, reason: str) -> None:
        progress.clear()
        io.stderr.write(f"huashu: error: {path}: {reason}\n")
        summary.unreadable += 1

    def take(result: _FileResult) -> None:
        nonlocal failing, would_fix, files_fixed
        if result.error is not None:
            report_error(result.path, result.error)
            return
        if result.capped:
            progress.clear()
            io.stderr.write(f"huashu: warning: {result.path}: {result.capped.removeprefix('huashu: ')}\n")
        if result.fixed:
            files_fixed += 1
            would_fix += result.fixed
        if mode == "diff":
            if result.diff:
                emit(result.diff)
            return
        items = result.items
        summary.add(items, unsafe_fixes=options.unsafe_fixes)
        failing += sum(1 for i in items if Severity(i.finding.severity) >= threshold)
        if args.statistics or fmt in ("json", "sarif"):
            collected.extend(items)
        elif items:
            if fmt == "text":
                emit(format_text(items, color=color, concise=args.quiet,
                                 unsafe_fixes=options.unsafe_fixes))
            elif fmt == "jsonl":
                emit(format_jsonl(items))
            else:
                emit(format_github(items))

    files, missing = find_files(paths, include=options.include, exclude=options.exclude,
                                force_exclude=options.force_exclude)
    progress = _Progress(io.stderr, len(files), enabled=not args.quiet and isatty(io.stderr))
    if mode == "fix":
        # A --fix killed mid-write leaves a hidden temporary file beside the one it fixed.
        remove_stale_temporaries({os.path.dirname(os.path.realpath(f)) for f in files})
    for error in missing:
        report_error(error.path, error.reason)

    if use_stdin:
        label = args.stdin_filename or "-"
        try:
            source = read_stdin(io.stdin, label, options.encoding)
        except InputError as exc:
            report_error(label, exc.reason)
        else:
            result, new = linter.lint_text(label, source.text)
            take(result)
            if mode == "fix":
                io.stdout.write(new)
    for result in _results(linter, files, options.jobs):
        take(result)
        progress.tick()
    progress.clear()

    if args.statistics:
        out.write(format_statistics_json(collected) if fmt in ("json", "sarif")
                  else format_statistics(collected, color=color))
    elif fmt == "json":
        out.write(format_json(collected))
    elif fmt == "sarif":
        out.write(format_sarif(collected, rules=checker.rules, version=__version__))

    if mode == "diff":
        if not args.quiet:
            io.stderr.write(format_diff_summary(would_fix, files_fixed))
    elif fmt == "text" and not args.quiet:
        summary.fixed, summary.fixed_files = would_fix, files_fixed
        if not args.statistics and (summary.files or summary.unreadable):
            out.write(format_summary(summary, color=color, unsafe_fixes=options.unsafe_fixes))
    elif would_fix and not args.quiet:
        io.stderr.write(f"Fixed {would_fix} finding{'s' if would_fix != 1 else ''}.\n")

    if not files and not use_stdin and not missing:
        io.stderr.write("huashu: warning: no files to lint (in folders: "
                        f"{', '.join(options.include)}; see --include)\n")
    if summary.unreadable:
        return ExitStatus.ERROR
    if args.exit_zero:
        return ExitStatus.SUCCESS
    if mode == "diff":
        return ExitStatus.FINDINGS if would_fix else ExitStatus.SUCCESS
    return ExitStatus.FINDINGS if failing else ExitStatus.SUCCESS

