"""The ``huashu`` command: lint reply files, list the rules, suggest approved phrasing.

A thin layer over the library: it finds and decodes files (``_files``), reads the configuration
(``_config``), runs one :class:`huashu.Checker` over everything, and hands the findings to the
pure formatters of ``_formats``. ``main`` takes its streams as arguments and returns an
:class:`ExitStatus`; only :func:`run` (the console script) exits the process.

>>> import io
>>> main(["--version"], stdout=io.StringIO())
0
"""

from __future__ import annotations

import argparse
import enum
import logging
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from . import __version__
from ._bank import PhraseBank, load_bank
from ._checker import Checker, _matches
from ._config import FORMATS, SEVERITIES, Config, find_config, load_config
from ._errors import HuashuError, InputError
from ._files import (
    DEFAULT_INCLUDE,
    LineIndex,
    Source,
    check_encoding,
    decode,
    find_files,
    read_source,
    write_atomic,
)
from ._fixes import apply_edits
from ._formats import (
    Located,
    Summary,
    display_width,
    format_approved,
    format_diff,
    format_diff_summary,
    format_github,
    format_json,
    format_jsonl,
    format_rules,
    format_rules_json,
    format_sarif,
    format_statistics,
    format_statistics_json,
    format_suggestions,
    format_suggestions_json,
    format_summary,
    format_tags,
    format_text,
)
from ._model import ApprovedPhrase, Severity

__all__ = ["ExitStatus", "main", "run"]


class ExitStatus(enum.IntEnum):
    """What ``huashu`` exits with."""

    SUCCESS = 0  #: nothing at or above ``--severity`` was found
    FINDINGS = 1  #: something was (or ``--diff`` has fixes to show)
    ERROR = 2  #: a usage error, a bad bank or configuration, or a file that could not be read


class UsageError(HuashuError, ValueError):
    """The command line asks for something that cannot be done."""


# --- the command line ---------------------------------------------------------------------

def _examples(rows: Sequence[tuple[str, str]]) -> str:
    """Example lines with their comments lined up in a terminal (Chinese is two columns)."""
    width = max((display_width(cmd) for cmd, note in rows if note), default=0) + 2
    return "\n".join(
        f"  {cmd}{' ' * (width - display_width(cmd))}{note}" if note else f"  {cmd}" for cmd, note in rows
    )


_LINT_EXAMPLES = "examples:\n" + _examples([
    ("huashu lint examples/replies.txt", "lint one file"),
    ("huashu lint replies/ macros/", "folders, recursively (*.txt, *.md)"),
    ('echo "这个我不知道" | huashu lint -', "standard input"),
    ("huashu lint --format json replies/ > findings.json", ""),
    ("huashu lint --format github replies/", "annotations in a GitHub Actions log"),
    ("huashu lint --select TW,否定拒绝 --ignore JJ003 replies/", ""),
    ("huashu lint --diff replies/", "show what --fix would change"),
    ("huashu lint --fix replies/", "apply the safe fixes in place"),
    ("huashu lint --encoding gb18030 old/", "force an encoding (default: detected)"),
]) + """

suppress the findings on one line of a reply file with a comment on that line:
  这个我不知道  <!-- huashu: ignore -->          every rule
  这个我不知道  # huashu: ignore[JJ001,推诿]     these rules (ids, prefixes, categories)

exit status: 0 nothing at or above --severity, 1 findings, 2 usage or input error.
"""

_RULES_EXAMPLES = "examples:\n" + _examples([
    ("huashu rules", "every rule of the bundled bank"),
    ("huashu rules --category 推诿", "one family (a category, or an id prefix: TW)"),
    ("huashu rules JJ001", "one rule"),
    ("huashu rules --format json", "for tools"),
    ("huashu rules --bank my_bank.yaml", "the bundled bank with your rules layered over it"),
]) + "\n"

_SUGGEST_EXAMPLES = "examples:\n" + _examples([
    ('huashu suggest "我不知道,你冷静一点"', "alternatives, then approved phrases like the draft"),
    ('echo "您别激动" | huashu suggest -', "the draft from standard input"),
    ("huashu suggest --scenario 客户情绪激动时", "browse the approved phrases of a scenario"),
    ("huashu suggest --technique 移情法", "… or of a technique"),
    ("huashu suggest --technique 结束语", ""),
    ("huashu suggest --list", "every technique and scenario"),
]) + "\n"

_MAIN_EXAMPLES = "examples:\n" + _examples([
    ("huashu lint examples/replies.txt", ""),
    ("huashu rules --category 推诿", ""),
    ('huashu suggest "这不归我管"', ""),
]) + """

Run `huashu COMMAND -h` for a command's options. Documentation: docs/cli.md.
"""


def _build_parser(out: IO[str], err: IO[str]) -> argparse.ArgumentParser:
    class Parser(argparse.ArgumentParser):
        def _print_message(self, message: str, file: IO[str] | None = None) -> None:
            if message:
                stream = out if file in (None, sys.stdout) else err if file is sys.stderr else file
                stream.write(message)

    formatter = argparse.RawDescriptionHelpFormatter

    common = argparse.ArgumentParser(add_help=False)
    group = common.add_argument_group("phrase bank and configuration")
    group.add_argument("--bank", metavar="FILE", help="a user bank layered over the bundled one")
    group.add_argument("--no-default-bank", dest="default_bank", action="store_const", const=False,
                       help="use only the --bank file, not the bundled bank")
    group.add_argument("--config", metavar="FILE",
                       help="read options from this huashu.toml or pyproject.toml")
    group.add_argument("--isolated", action="store_true",
                       help="ignore configuration files")
    group.add_argument("--color", dest="color", action="store_const", const=True,
                       help="colour the output even when it is not a terminal")
    group.add_argument("--no-color", dest="color", action="store_const", const=False,
                       help="no colour (also: NO_COLOR=1 in the environment)")

    parser = Parser(
        prog="huashu",
        description="Check Chinese customer-service replies for forbidden service phrases\n"
                    "(服务忌语) and suggest approved phrasing (话术).",
        epilog=_MAIN_EXAMPLES, formatter_class=formatter,
    )
    parser.add_argument("--version", action="version", version=f"huashu {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    lint = commands.add_parser(
        "lint", parents=[common], formatter_class=formatter, epilog=_LINT_EXAMPLES,
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
    report.add_argument("--severity", choices=SEVERITIES,
                        help="least severity that makes the exit status 1 (default: warning)")
    report.add_argument("--exit-zero", action="store_true",
                        help="exit 0 even when something is found (2 still means an error)")
    report.add_argument("--stdin-filename", metavar="NAME",
                        help="the name to report standard input under (default: -)")
    rules = lint.add_argument_group("rules")
    rules.add_argument("--select", action="append", metavar="CODES",
                       help="only these rules: ids, id prefixes or categories, comma-separated")
    rules.add_argument("--ignore", action="append", metavar="CODES",
                       help="leave these rules out (same forms as --select)")
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
    files.add_argument("-j", "--jobs", type=_non_negative, metavar="N",
                       help="worker processes for big trees (0: one per CPU; default: 1)")
    lint.set_defaults(handler=_lint)

    rules_cmd = commands.add_parser(
        "rules", parents=[common], formatter_class=formatter, epilog=_RULES_EXAMPLES,
        help="list the rules of the phrase bank",
        description="List the bank's rules: id, category, severity, forbidden forms,\n"
                    "alternatives and source.",
    )
    rules_cmd.add_argument("selectors", nargs="*", metavar="RULE",
                           help="only these rules (ids, id prefixes, categories or names)")
    rules_cmd.add_argument("--category", metavar="C",
                           help="only this category (推诿, 否定拒绝 … or its id prefix)")
    rules_cmd.add_argument("--format", choices=("text", "json"), default="text")
    rules_cmd.set_defaults(handler=_rules)

    suggest = commands.add_parser(
        "suggest", parents=[common], formatter_class=formatter, epilog=_SUGGEST_EXAMPLES,
        help="approved phrasing for a draft, or by technique and scenario",
        description="Recommend approved phrasing: the alternatives to what a draft says\n"
                    "wrong, and the bank's approved phrases closest to it; or browse them by\n"
                    "technique and scenario.",
    )
    suggest.add_argument("text", nargs="?", metavar="TEXT", help="the draft reply, or - for standard input")
    suggest.add_argument("--technique", metavar="T", help="only phrases of this technique (移情法, 结束语 …)")
    suggest.add_argument("--scenario", metavar="S", help="only phrases for this scenario (客户情绪激动时 …)")
    suggest.add_argument("--list", action="store_true", help="list the techniques and scenarios")
    suggest.add_argument("-n", "--limit", type=_non_negative, default=5,
                         help="at most N alternatives and N close phrases for a draft "
                              "(0: all; default: 5)")
    suggest.add_argument("--min-score", type=float, default=50.0, metavar="S",
                         help="least similarity (0-100) for a phrase found by closeness (default: 50)")
    suggest.add_argument("--format", choices=("text", "json"), default="text")
    suggest.set_defaults(handler=_suggest)
    return parser


def _non_negative(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return number


def _codes(values: Iterable[str] | None) -> list[str] | None:
    """Flag or config values split on commas (ASCII or Chinese): ``["JJ,TW", "推诿"]``."""
    if values is None:
        return None
    out: list[str] = []
    for value in values:
        out += [c.strip() for c in value.replace("，", ",").split(",") if c.strip()]
    return out


# --- options: the command line over the configuration file --------------------------------


@dataclass(frozen=True, slots=True)
class _Options:
    bank: str | None
    default_bank: bool
    select: list[str] | None
    ignore: list[str]
    severity: str = "warning"
    format: str = "text"
    include: list[str] = field(default_factory=lambda: list(DEFAULT_INCLUDE))
    exclude: list[str] = field(default_factory=list)
    force_exclude: bool = False
    encoding: str | None = None
    unsafe_fixes: bool = False
    jobs: int = 1


def _config(args: argparse.Namespace) -> Config:
    if args.isolated:  # wins over --config, like ruff's --isolated
        return Config()
    if args.config:
        return load_config(Path(args.config))
    path = find_config(Path.cwd())
    return load_config(path) if path is not None else Config()


def _options(args: argparse.Namespace, config: Config) -> _Options:
    conf = config.options

    def pick(name: str, default: Any) -> Any:
        value = getattr(args, name, None)
        if value is not None:
            return value
        return conf.get(name, default)

    def codes(name: str) -> list[str] | None:
        value = getattr(args, name, None)
        return _codes(value) if value is not None else _codes(conf.get(name))

    encoding = pick("encoding", None)
    if encoding is not None:
        try:
            encoding = check_encoding(encoding)
        except LookupError:
            raise UsageError(f"unknown encoding {encoding!r}") from None
    return _Options(
        bank=pick("bank", None),
        default_bank=pick("default_bank", True),
        select=codes("select"),
        ignore=codes("ignore") or [],
        severity=pick("severity", "warning"),
        format=pick("format", "text"),
        include=codes("include") or list(DEFAULT_INCLUDE),
        exclude=codes("exclude") or [],
        force_exclude=pick("force_exclude", False),
        encoding=encoding,
        unsafe_fixes=pick("unsafe_fixes", False),
        jobs=pick("jobs", 1),
    )


def _bank(options: _Options) -> PhraseBank | None:
    """The user's bank (over or instead of the bundled one); ``None`` for the bundled bank."""
    if options.bank is None:
        if not options.default_bank:
            raise UsageError("--no-default-bank needs --bank FILE")
        return None
    return load_bank(options.bank, extend_default=options.default_bank)


def _checker(options: _Options) -> Checker:
    return Checker(_bank(options), select=options.select, ignore=options.ignore)


def _colour(args: argparse.Namespace, stream: IO[str]) -> bool:
    if args.color is not None:
        return bool(args.color)
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _quiet_jieba() -> None:
    """Drop jieba's "Building prefix dict…" chatter (it logs at DEBUG to stderr on first use).

    A filter rather than a level, because importing jieba resets its logger's level. Only the
    command line does this: the library leaves the host's logging alone.
    """
    logger = logging.getLogger("jieba")
    if not any(isinstance(f, _QuietJieba) for f in logger.filters):
        logger.addFilter(_QuietJieba())


class _QuietJieba(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING


# --- linting one text ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _FileResult:
    path: str
    items: list[Located] = field(default_factory=list)
    error: str | None = None
    diff: str = ""
    fixed: int = 0


class _Linter:
    """What every file of a run needs: one Checker and the fix mode. Pickles for ``--jobs``."""

    def __init__(self, checker: Checker, *, mode: str | None, unsafe: bool, encoding: str | None) -> None:
        self.checker = checker
        self.mode = mode  # None, "fix" or "diff"
        self.unsafe = unsafe
        self.encoding = encoding
        self.names = {r.id: r.name for r in checker.bank.rules}
        self.fixes = {
            r.id: "safe" if r.fix.safe else "unsafe" for r in checker.bank.rules if r.fix is not None
        }

    def lint_path(self, path: str) -> _FileResult:
        try:
            source = read_source(path, self.encoding)
            result, new = self.lint_text(path, source.text)
            if self.mode == "fix" and new != source.text:
                write_atomic(path, source.encode(new))
        except InputError as exc:
            return _FileResult(path, error=exc.reason)
        except UnicodeEncodeError as exc:
            return _FileResult(path, error=f"cannot write the fix in {exc.encoding}: {exc.reason}")
        except OSError as exc:
            return _FileResult(path, error=f"cannot write: {exc.strerror or exc}")
        return result

    def lint_text(self, path: str, text: str) -> tuple[_FileResult, str]:
        """Lint (and fix, in a fix mode) one text; returns the result and the fixed text."""
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
                kept = {(f.start, f.end) for f in self.checker.check(text)
                        if not index.suppresses(f, self.names)}
                edits = [e for e in edits if (e.start, e.end) in kept]
            if not edits:
                break
            text = apply_edits(text, edits)
            total += len(edits)
        return text, total

    def locate(self, path: str, text: str) -> list[Located]:
        findings = self.checker.check(text)
        if not findings:
            return []
        index = LineIndex(text)
        items = []
        for f in findings:
            if index.suppresses(f, self.names):
                continue
            line, column = index.position(f.start)
            end_line, end_column = index.end_position(f.start, f.end)
            items.append(Located(path, line, column, end_line, end_column, index.line(line), f,
                                 self.fixes.get(f.rule_id)))
        return items


_WORKER: _Linter | None = None


def _init_worker(linter: _Linter) -> None:
    global _WORKER
    _WORKER = linter
    _quiet_jieba()


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


@dataclass(frozen=True, slots=True)
class _Streams:
    stdin: IO[str]
    stdout: IO[str]
    stderr: IO[str]


def _read_stdin(stream: IO[str], label: str, encoding: str | None) -> Source:
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        return decode(buffer.read(), label, encoding)
    return Source(stream.read(), "utf-8")


def _lint(args: argparse.Namespace, options: _Options, io: _Streams) -> int:
    mode = "diff" if args.diff else "fix" if args.fix else None
    paths = args.paths or ["."]
    use_stdin = "-" in paths
    paths = [p for p in paths if p != "-"]
    if use_stdin and mode == "fix" and paths:
        raise UsageError("--fix with standard input (-) takes no other paths")

    checker = _checker(options)
    linter = _Linter(checker, mode=mode, unsafe=options.unsafe_fixes, encoding=options.encoding)
    fmt = options.format
    # `--fix -` is a filter: the fixed text goes to stdout, the report to stderr.
    out = io.stderr if use_stdin and mode == "fix" else io.stdout
    color = _colour(args, out)
    out_tty = _isatty(out)
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
    progress = _Progress(io.stderr, len(files), enabled=not args.quiet and _isatty(io.stderr))
    for error in missing:
        report_error(error.path, error.reason)

    if use_stdin:
        label = args.stdin_filename or "-"
        try:
            source = _read_stdin(io.stdin, label, options.encoding)
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


def _isatty(stream: IO[str]) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _rules(args: argparse.Namespace, options: _Options, io: _Streams) -> int:
    bank = _bank(options) or load_bank()
    rules = list(bank.rules)
    if args.category:
        wanted = args.category
        rules = [r for r in rules if r.category == wanted or r.id.startswith(wanted)]
        if not rules:
            known = ", ".join(dict.fromkeys(r.category for r in bank.rules))
            raise UsageError(f"no category {wanted!r}; the bank has: {known}")
    if args.selectors:
        chosen = [r for r in rules if any(_matches(s, r) for s in args.selectors)]
        if not chosen:
            raise UsageError(f"no rule matches {', '.join(args.selectors)}")
        rules = chosen
    if args.format == "json":
        io.stdout.write(format_rules_json(rules))
    else:
        io.stdout.write(format_rules(rules, color=_colour(args, io.stdout)))
    return ExitStatus.SUCCESS


def _approved(bank: PhraseBank, technique: str | None, scenario: str | None) -> list[ApprovedPhrase]:
    """Approved phrases by technique and scenario; a tag matches exactly, else as a substring."""
    exact = bank.approved_phrases(technique=technique, scenario=scenario)
    if exact:
        return exact
    return [
        a for a in bank.approved
        if (technique is None or any(technique in t for t in a.techniques))
        and (scenario is None or any(scenario in s for s in a.scenarios))
    ]


def _suggest(args: argparse.Namespace, options: _Options, io: _Streams) -> int:
    as_json = args.format == "json"
    color = _colour(args, io.stdout)
    browsing = args.technique is not None or args.scenario is not None
    if args.text is None and not browsing and not args.list:
        raise UsageError("suggest needs TEXT (or -), --technique, --scenario or --list")
    if args.text is None:
        bank = _bank(options) or load_bank()
        if args.list:
            techniques = Counter(t for a in bank.approved for t in a.techniques)
            scenarios = Counter(s for a in bank.approved for s in a.scenarios)
            io.stdout.write(format_tags({t: techniques[t] for t in bank.techniques()},
                                        {s: scenarios[s] for s in bank.scenarios()},
                                        color=color, as_json=as_json))
            return ExitStatus.SUCCESS
        phrases = _approved(bank, args.technique, args.scenario)
        if not phrases:
            raise UsageError(
                "no approved phrase for "
                + " and ".join(f"{k} {v!r}" for k, v in (("technique", args.technique),
                                                         ("scenario", args.scenario)) if v)
                + "; `huashu suggest --list` shows what the bank has"
            )
        io.stdout.write(format_approved(phrases, color=color, as_json=as_json))
        return ExitStatus.SUCCESS

    text = args.text
    if text == "-":
        text = _read_stdin(io.stdin, "-", options.encoding).text.strip()
    checker = _checker(options)
    findings = checker.check(text)
    if browsing:
        from ._suggest import rank_suggestions

        pool = _approved(checker.bank, args.technique, args.scenario)
        ranked = rank_suggestions(text, findings, pool, limit=0, score_cutoff=args.min_score)
    else:
        ranked = checker.suggest(text, limit=0, score_cutoff=args.min_score)
    # Both kinds, each up to --limit: many alternatives must not crowd out the close phrases.
    keep = args.limit or None
    suggestions = ([s for s in ranked if s.rule_id is not None][:keep]
                   + [s for s in ranked if s.rule_id is None][:keep])
    if as_json:
        io.stdout.write(format_suggestions_json(text, findings, suggestions))
    else:
        io.stdout.write(format_suggestions(text, findings, suggestions, color=color))
    return ExitStatus.SUCCESS


# --- entry points -------------------------------------------------------------------------


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: IO[str] | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """Run the ``huashu`` command line and return its exit status (never exits itself).

    Args:
        argv: the arguments after the program name; ``None`` reads ``sys.argv``.
        stdin, stdout, stderr: the streams to use; ``None`` uses the ``sys`` ones. A text
            stream with a ``buffer`` is read as bytes (so encodings are detected).

    Returns:
        An :class:`ExitStatus`: 0 clean, 1 findings, 2 usage or input error.
    """
    io = _Streams(stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr)
    parser = _build_parser(io.stdout, io.stderr)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error (already printed)
        return exc.code if isinstance(exc.code, int) else ExitStatus.ERROR
    if args.command is None:
        parser.print_help(io.stderr)
        return ExitStatus.ERROR
    _quiet_jieba()
    try:
        options = _options(args, _config(args))
        return int(args.handler(args, options, io))
    except UsageError as exc:
        io.stderr.write(f"huashu {args.command}: error: {exc}\n")
        return ExitStatus.ERROR
    except HuashuError as exc:  # a bad bank, selector or configuration file
        io.stderr.write(f"huashu: error: {exc}\n")
        return ExitStatus.ERROR


def run() -> None:
    """The console script: ``sys.exit(main())``."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    try:
        code = main()
        sys.stdout.flush()
    except KeyboardInterrupt:
        sys.stderr.write("huashu: interrupted\n")
        code = 130
    except BrokenPipeError:  # `huashu lint … | head`: the reader left; say nothing more
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = ExitStatus.FINDINGS
    sys.exit(code)
