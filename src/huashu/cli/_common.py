"""What every ``huashu`` command shares: exit statuses, options over the configuration file,
the bank and Checker they ask for, colour, streams and jieba's quiet."""

from __future__ import annotations

import argparse
import enum
import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .._bank import PhraseBank, load_bank
from .._checker import Checker
from .._config import SEVERITIES, Config, find_config, load_config
from .._errors import HuashuError
from .._files import DEFAULT_INCLUDE, Source, check_encoding, decode
from .._formats import display_width


class ExitStatus(enum.IntEnum):
    """What ``huashu`` exits with."""

    SUCCESS = 0  #: nothing at or above ``--severity`` was found
    FINDINGS = 1  #: something was (or ``--diff`` has fixes to show)
    ERROR = 2  #: a usage error, a bad bank or configuration, or a file that could not be read


class UsageError(HuashuError, ValueError):
    """The command line asks for something that cannot be done."""


# --- the command line ---------------------------------------------------------------------


def examples(rows: Sequence[tuple[str, str]]) -> str:
    """Example lines with their comments lined up in a terminal (Chinese is two columns)."""
    width = max((display_width(cmd) for cmd, note in rows if note), default=0) + 2
    return "\n".join(
        f"  {cmd}{' ' * (width - display_width(cmd))}{note}" if note else f"  {cmd}" for cmd, note in rows
    )


def non_negative(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return number


def codes(values: Iterable[str] | None) -> list[str] | None:
    """Flag or config values split on commas (ASCII or Chinese): ``["JJ,TW", "推诿"]``."""
    if values is None:
        return None
    out: list[str] = []
    for value in values:
        out += [c.strip() for c in value.replace("，", ",").split(",") if c.strip()]
    return out


# --- options: the command line over the configuration file --------------------------------



@dataclass(frozen=True, slots=True)
class Options:
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
    packs: list[str] = field(default_factory=list)
    profiles: list[str] = field(default_factory=list)


def config_for(args: argparse.Namespace) -> Config:
    if args.isolated:  # wins over --config, like ruff's --isolated
        return Config()
    if args.config:
        return load_config(Path(args.config))
    path = find_config(Path.cwd())
    return load_config(path) if path is not None else Config()


def options_for(args: argparse.Namespace, config: Config) -> Options:
    conf = config.options

    def pick(name: str, default: Any) -> Any:
        value = getattr(args, name, None)
        if value is not None:
            return value
        return conf.get(name, default)

    def listed(name: str) -> list[str] | None:
        value = getattr(args, name, None)
        return codes(value) if value is not None else codes(conf.get(name))

    encoding = pick("encoding", None)
    if encoding is not None:
        try:
            encoding = check_encoding(encoding)
        except LookupError:
            raise UsageError(f"unknown encoding {encoding!r}") from None
    bank = pick("bank", None)
    if bank is not None and not Path(bank).exists():
        # Said plainly here: the bank loader's `file: -: no such file` reads like a bad entry.
        raise HuashuError(f"bank file {bank} does not exist")
    return Options(
        bank=bank,
        default_bank=pick("default_bank", True),
        select=listed("select"),
        ignore=listed("ignore") or [],
        severity=pick("severity", "warning"),
        format=pick("format", "text"),
        include=listed("include") or list(DEFAULT_INCLUDE),
        exclude=listed("exclude") or [],
        force_exclude=pick("force_exclude", False),
        encoding=encoding,
        unsafe_fixes=pick("unsafe_fixes", False),
        jobs=pick("jobs", 1),
        packs=listed("packs") or [],
        profiles=listed("profiles") or [],
    )


def bank_for(options: Options) -> PhraseBank | None:
    """The user's bank (over or instead of the bundled one); ``None`` for the bundled bank."""
    if options.bank is None:
        if not options.default_bank:
            raise UsageError("--no-default-bank needs --bank FILE")
        return None
    return load_bank(options.bank, extend_default=options.default_bank)


def checker_for(options: Options) -> Checker:
    """The Checker a command runs: the chosen bank, selection, ignores, industry packs and
    review profiles."""
    return Checker(bank_for(options), select=options.select, ignore=options.ignore, packs=options.packs,
                   profiles=options.profiles)


def colour(args: argparse.Namespace, stream: IO[str]) -> bool:
    if args.color is not None:
        return bool(args.color)
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def quiet_jieba() -> None:
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
class Streams:
    stdin: IO[str]
    stdout: IO[str]
    stderr: IO[str]


def read_stdin(stream: IO[str], label: str, encoding: str | None) -> Source:
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        return decode(buffer.read(), label, encoding)
    return Source(stream.read(), "utf-8")


def isatty(stream: IO[str]) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())




def common_options() -> argparse.ArgumentParser:
    """The bank, configuration and colour options that every command takes."""
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
    return common


def exit_options(group: argparse._ArgumentGroup) -> None:
    """``--severity`` and ``--exit-zero``: what makes the exit status 1."""
    group.add_argument("--severity", choices=SEVERITIES,
                       help="least severity that makes the exit status 1 (default: warning)")
    group.add_argument("--exit-zero", action="store_true",
                       help="exit 0 even when something is found (2 still means an error)")


def rule_options(parser: argparse.ArgumentParser) -> argparse._ArgumentGroup:
    """The ``rules`` group: ``--select``, ``--ignore``, ``--pack`` and ``--profile``."""
    rules = parser.add_argument_group("rules")
    rules.add_argument("--select", action="append", metavar="CODES",
                       help="only these rules: ids, id prefixes or categories, comma-separated")
    rules.add_argument("--ignore", action="append", metavar="CODES",
                       help="leave these rules out (same forms as --select)")
    rules.add_argument("--pack", action="append", dest="packs", metavar="NAME",
                       help="also run an industry pack (医疗, 政务, 柜台, 电商); repeat it or "
                            "separate names with commas")
    rules.add_argument("--profile", dest="profiles", action="append", metavar="NAMES",
                       help="also run the reply-level rules of these review profiles "
                            "(chat, phone, counter, complaint), comma-separated")
    return rules
