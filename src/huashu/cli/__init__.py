"""The ``huashu`` command: lint reply files, list the rules, suggest approved phrasing, QA transcripts.

A thin layer over the library, one module per command (``lint``, ``rules``, ``suggest``, ``qa``,
``bank``) over the
options they share (``_common``): it finds and decodes files (``_files``), reads the configuration
(``_config``), runs one :class:`huashu.Checker` over everything, and hands the findings to the
pure formatters of ``_formats``. ``main`` takes its streams as arguments and returns an
:class:`ExitStatus`; only :func:`run` (the console script) exits the process.

>>> import io
>>> main(["--version"], stdout=io.StringIO())
0
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import IO

from .. import __version__
from .._errors import HuashuError
from . import bank, lint, qa, rules, suggest
from ._common import ExitStatus, Streams, UsageError, common_options, config_for, examples, options_for, quiet_jieba

__all__ = ["ExitStatus", "main", "run"]

COMMANDS = (lint, rules, suggest, qa, bank)

_MAIN_EXAMPLES = "examples:\n" + examples([
    ("huashu lint examples/replies.txt", ""),
    ("huashu rules --category 推诿", ""),
    ('huashu suggest "这不归我管"', ""),
    ("huashu qa chats.jsonl --html report.html", ""),
    ("huashu bank check team.yaml", ""),
]) + """

Run `huashu COMMAND -h` for a command's options. Documentation: docs/cli.md.
"""



def _build_parser(out: IO[str], err: IO[str]) -> argparse.ArgumentParser:
    class Parser(argparse.ArgumentParser):
        def _print_message(self, message: str, file: IO[str] | None = None) -> None:
            if message:
                stream = out if file in (None, sys.stdout) else err if file is sys.stderr else file
                stream.write(message)

    parser = Parser(
        prog="huashu",
        description="Check Chinese customer-service replies for forbidden service phrases\n"
                    "(服务忌语) and suggest approved phrasing (话术).",
        epilog=_MAIN_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"huashu {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    common = common_options()
    for command in COMMANDS:
        command.register(commands, common)
    return parser


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
    io = Streams(stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr)
    parser = _build_parser(io.stdout, io.stderr)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error (already printed)
        return exc.code if isinstance(exc.code, int) else ExitStatus.ERROR
    if args.command is None:
        parser.print_help(io.stderr)
        return ExitStatus.ERROR
    quiet_jieba()
    try:
        options = options_for(args, config_for(args))
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
