"""``huashu suggest``: approved phrasing for a draft, or by technique and scenario."""

from __future__ import annotations

import argparse
from collections import Counter

from .._bank import PhraseBank, load_bank
from .._formats import format_approved, format_suggestions, format_suggestions_json, format_tags
from .._model import ApprovedPhrase
from . import _common
from ._common import ExitStatus, Options, Streams, UsageError, bank_for, colour, examples, non_negative, read_stdin

EXAMPLES = "examples:\n" + examples([
    ('huashu suggest "我不知道,你冷静一点"', "alternatives, then approved phrases like the draft"),
    ('echo "您别激动" | huashu suggest -', "the draft from standard input"),
    ("huashu suggest --scenario 客户情绪激动时", "browse the approved phrases of a scenario"),
    ("huashu suggest --technique 移情法", "… or of a technique"),
    ("huashu suggest --technique 结束语", ""),
    ("huashu suggest --list", "every technique and scenario"),
]) + "\n"


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Add ``suggest`` to the command parsers."""
    formatter = argparse.RawDescriptionHelpFormatter
    suggest = commands.add_parser(
        "suggest", parents=[common], formatter_class=formatter, epilog=EXAMPLES,
        help="approved phrasing for a draft, or by technique and scenario",
        description="Recommend approved phrasing: the alternatives to what a draft says\n"
                    "wrong, and the bank's approved phrases closest to it; or browse them by\n"
                    "technique and scenario.",
    )
    suggest.add_argument("text", nargs="?", metavar="TEXT", help="the draft reply, or - for standard input")
    suggest.add_argument("--technique", metavar="T", help="only phrases of this technique (移情法, 结束语 …)")
    suggest.add_argument("--scenario", metavar="S", help="only phrases for this scenario (客户情绪激动时 …)")
    suggest.add_argument("--list", action="store_true", help="list the techniques and scenarios")
    suggest.add_argument("-n", "--limit", type=non_negative, default=5,
                         help="at most N alternatives for each phrase found and N close "
                              "phrases for a draft (0: all; default: 5)")
    suggest.add_argument("--min-score", type=float, default=50.0, metavar="S",
                         help="least similarity (0-100) for a phrase found by closeness (default: 50)")
    suggest.add_argument("--format", choices=("text", "json"), default="text")
    suggest.set_defaults(handler=run)


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


def run(args: argparse.Namespace, options: Options, io: Streams) -> int:
    as_json = args.format == "json"
    color = colour(args, io.stdout)
    browsing = args.technique is not None or args.scenario is not None
    if args.text is None and not browsing and not args.list:
        raise UsageError("suggest needs TEXT (or -), --technique, --scenario or --list")
    if args.text is None:
        bank = bank_for(options) or load_bank()
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
        text = read_stdin(io.stdin, "-", options.encoding).text.strip()
    checker = _common.checker_for(options)
    findings = checker.check(text)
    if browsing:
        from .._suggest import rank_suggestions

        pool = _approved(checker.bank, args.technique, args.scenario)
        ranked = rank_suggestions(text, findings, pool, limit=0, score_cutoff=args.min_score)
    else:
        ranked = checker.suggest(text, limit=0, score_cutoff=args.min_score)
    # Up to --limit alternatives for each rule found, then up to --limit close phrases: one
    # finding's many alternatives must crowd out neither another finding's nor the close phrases.
    keep = args.limit or None
    per_rule: Counter[str] = Counter()
    alternatives = []
    for s in ranked:
        if s.rule_id is not None and (keep is None or per_rule[s.rule_id] < keep):
            per_rule[s.rule_id] += 1
            alternatives.append(s)
    suggestions = alternatives + [s for s in ranked if s.rule_id is None][:keep]
    if as_json:
        io.stdout.write(format_suggestions_json(text, findings, suggestions))
    else:
        io.stdout.write(format_suggestions(text, findings, suggestions, color=color))
    return ExitStatus.SUCCESS

