"""``huashu bank check FILE``: lint a user bank like code, each problem at its file and line."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .._bankcheck import BankIssue, check_bank
from .._errors import HuashuError
from .._formats import _Paint
from ._common import ExitStatus, Options, Streams, colour, examples

EXAMPLES = "examples:\n" + examples([
    ("huashu bank check team.yaml", "errors and warnings, file:line each"),
    ("huashu bank check --no-default-bank team.yaml", "the bank alone, not over the bundled one"),
    ("huashu bank check --severity error team.yaml", "only errors make the exit status 1"),
    ("huashu bank check --format json team.yaml", "for tools"),
]) + """

exit status: 0 nothing at or above --severity, 1 problems, 2 no such file or a usage error.
"""

_COLOUR = {"error": "31", "warning": "33"}


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Add ``bank`` (with its action ``check``) to the command parsers."""
    formatter = argparse.RawDescriptionHelpFormatter
    bank = commands.add_parser(
        "bank", formatter_class=formatter, help="work on a user phrase bank (bank check FILE)",
        description="Work on a user phrase bank.",
    )
    actions = bank.add_subparsers(dest="action", metavar="ACTION", required=True,
                                  parser_class=type(bank))
    check = actions.add_parser(
        "check", parents=[common], formatter_class=formatter, epilog=EXAMPLES,
        help="validate a user bank: errors, and rules that do not do what they say",
        description="Validate a user bank as `--bank FILE` would load it (over the bundled bank)\n"
                    "and report, at file:line, the errors that stop it loading; or, when it\n"
                    "loads, warnings about its own rules: no examples, a bad example the rule\n"
                    "misses, a good example or an approved phrase that is flagged, a form that\n"
                    "another rule's shorter form always flags too.",
    )
    check.add_argument("file", metavar="FILE", help="the bank file (YAML)")
    check.add_argument("--severity", choices=("error", "warning"), default="warning",
                       help="least severity that makes the exit status 1 (default: warning)")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.set_defaults(handler=run)


def format_issues(issues: list[BankIssue], path: str, *, color: bool = False) -> str:
    """``bank.yaml:12: TW901: warning: …`` lines, then a summary line."""
    paint = _Paint(color)
    out = []
    for issue in issues:
        where = f"{issue.path}:{issue.line}" if issue.line else issue.path
        out.append(f"{paint(where, '1')}: {issue.entry}: "
                   f"{paint(issue.severity, '1', _COLOUR[issue.severity])}: {issue.message}\n")
    errors = sum(i.severity == "error" for i in issues)
    warnings = len(issues) - errors
    if not issues:
        out.append(paint(f"{path}: no problems.", "1", "32") + "\n")
    else:
        parts = [f"{n} {word}{'' if n == 1 else 's'}" for n, word in ((errors, "error"), (warnings, "warning")) if n]
        why = " (the bank does not load)" if errors else ""
        out.append(paint(f"Found {' and '.join(parts)} in {path}{why}.", "1") + "\n")
    return "".join(out)


def run(args: argparse.Namespace, options: Options, io: Streams) -> int:
    # The bank checked is FILE; a `bank` of the configuration file is not (--no-default-bank is).
    if not Path(args.file).exists():
        raise HuashuError(f"bank file {args.file} does not exist")
    issues = check_bank(args.file, extend_default=options.default_bank)
    if args.format == "json":
        io.stdout.write(json.dumps([i.to_dict() for i in issues], ensure_ascii=False, indent=2) + "\n")
    else:
        io.stdout.write(format_issues(issues, args.file, color=colour(args, io.stdout)))
    failing = [i for i in issues if i.severity == "error" or args.severity == "warning"]
    return ExitStatus.FINDINGS if failing else ExitStatus.SUCCESS
