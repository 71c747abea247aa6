"""``huashu rules``: list the rules of the phrase bank."""

from __future__ import annotations

import argparse
import shutil

from .._bank import load_bank
from .._checker import _matches
from .._formats import RULES_WIDTH, format_rules, format_rules_json
from ._common import ExitStatus, Options, Streams, UsageError, bank_for, codes, colour, examples, isatty

EXAMPLES = "examples:\n" + examples([
    ("huashu rules", "every rule of the bundled bank"),
    ("huashu rules --category 推诿", "one family (a category, or an id prefix: TW)"),
    ("huashu rules JJ001", "one rule"),
    ("huashu rules -v JJ001", "with every form as written in the bank"),
    ("huashu rules --pack 医疗", "the rules of an industry pack"),
    ("huashu rules --format json", "for tools"),
    ("huashu rules --bank my_bank.yaml", "the bundled bank with your rules layered over it"),
]) + "\n"


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Add ``rules`` to the command parsers."""
    formatter = argparse.RawDescriptionHelpFormatter
    rules_cmd = commands.add_parser(
        "rules", parents=[common], formatter_class=formatter, epilog=EXAMPLES,
        help="list the rules of the phrase bank",
        description="List the bank's rules, one compact block each: id, category, severity,\n"
                    "name, message, the canonical forbidden form and the best alternative.\n"
                    "--verbose adds every form and exception as written in the bank,\n"
                    "--format json gives everything.",
    )
    rules_cmd.add_argument("selectors", nargs="*", metavar="RULE",
                           help="only these rules (ids, id prefixes, categories or names)")
    rules_cmd.add_argument("--category", metavar="C",
                           help="only this category (推诿, 否定拒绝 … or its id prefix)")
    rules_cmd.add_argument("-v", "--verbose", action="store_true",
                           help="every form, exception, alternative and rewrite, as written in the bank")
    rules_cmd.add_argument("--pack", action="append", dest="packs", metavar="NAME",
                           help="only the rules of this industry pack (医疗, 政务, 柜台, 电商); "
                                "repeat it or separate names with commas")
    rules_cmd.add_argument("--format", choices=("text", "json"), default="text")
    rules_cmd.set_defaults(handler=run)


def _width(io: Streams) -> int:
    """The terminal's columns (within 60–100) when stdout is one, else ``RULES_WIDTH``."""
    if not isatty(io.stdout):
        return RULES_WIDTH
    return max(60, min(100, shutil.get_terminal_size((RULES_WIDTH, 24)).columns))


def run(args: argparse.Namespace, options: Options, io: Streams) -> int:
    bank = bank_for(options) or load_bank()
    rules = list(bank.rules)
    if args.category:
        wanted = args.category
        rules = [r for r in rules if r.category == wanted or r.id.startswith(wanted)]
        if not rules:
            known = ", ".join(dict.fromkeys(r.category for r in bank.rules))
            raise UsageError(f"no category {wanted!r}; the bank has: {known}")
    wanted_packs = codes(getattr(args, "packs", None))
    if wanted_packs:
        unknown = [p for p in wanted_packs if p not in bank.packs()]
        if unknown:
            raise UsageError(f"no pack {', '.join(unknown)}; the bank has: {', '.join(bank.packs()) or 'none'}")
        rules = [r for r in rules if set(r.packs) & set(wanted_packs)]
    if args.selectors:
        chosen = [r for r in rules if any(_matches(s, r) for s in args.selectors)]
        if not chosen:
            raise UsageError(f"no rule matches {', '.join(args.selectors)}")
        rules = chosen
    if args.format == "json":
        io.stdout.write(format_rules_json(rules))
    else:
        io.stdout.write(format_rules(rules, color=colour(args, io.stdout), verbose=args.verbose,
                                     width=_width(io)))
    return ExitStatus.SUCCESS

