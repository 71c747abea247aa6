"""Detection-quality evaluation: score a checker on the labelled corpus of agent replies.

Run ``python -m huashu.eval`` from a source checkout (the corpus lives in ``tests/eval/`` and
is not shipped in the wheel; pass ``--corpus DIR`` to point elsewhere)::

    python -m huashu.eval                        # dev, tune and heldout, each with a naive baseline
    python -m huashu.eval --split heldout --show-misses
    python -m huashu.eval --split dev --json

What is measured (see ``tests/eval/README.md`` for the corpus itself):

- **Recall** is over *spans*: every ``flag`` item of an entry is one span (its first
  occurrence in ``text``); a span is recalled if some finding overlaps it. Recall is broken down
  by the entry's ``family`` and by ``variant``: the entry's, or the span's own where the item is
  written ``{span: ..., variant: ...}`` (a second phrase in other words than the reply's main
  one, found in a label audit, is a ``paraphrase`` even in a ``seed`` reply).
- **Precision** is over *findings*: a finding is correct if it overlaps some expected span of
  its entry; precision = correct findings / all findings. A finding on a clean reply, or on a
  flagged reply away from every expected span, is a *false alarm*.
- Findings of every severity count, ``info`` included: whatever the checker shows, the agent
  sees, so a noisy ``info`` finding is as much a false alarm as an ``error``. Pass
  ``--min-severity warning`` (or ``error``) to score only the findings at or above a severity
  (dropped findings then count for neither recall nor precision).
- The **naive baseline** is what a plain word list would do: ``str.find`` of each phrase rule's
  canonical phrase (the first expansion of its first form) on the raw text, every rule enabled
  or not, overlapping hits merged longest first.

The ``packs`` split (issue #12) holds replies from the settings of the industry packs
(hospitals, government windows, counters, shops), each with a ``pack:`` key; an entry is scored
with ``Checker(packs=[its pack])`` and its naive baseline with that pack's rules, and the
report gives each pack's figures as well as the whole split's.

The targets of issue #5 are printed next to the numbers: recall on seed wording and its
variants (every variant but ``paraphrase``) ≥ 95%, recall on paraphrases ≥ 85%, precision
≥ 99%.

The floor test (``tests/test_eval.py``) calls :func:`load_corpus` and :func:`evaluate`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml

__all__ = [
    "DOMAINS",
    "FAMILIES",
    "PACK_ALIASES",
    "PACK_DOMAINS",
    "PACK_FAMILIES",
    "FLAGGED_VARIANTS",
    "CLEAN_VARIANTS",
    "SPLITS",
    "TARGETS",
    "CorpusError",
    "Entry",
    "FalseAlarm",
    "Hit",
    "Miss",
    "NaiveBaseline",
    "Report",
    "Tally",
    "default_corpus_dir",
    "evaluate",
    "load_corpus",
    "main",
]

FAMILIES: tuple[str, ...] = (
    "not-knowing",
    "flat-refusal",
    "not-my-job",
    "not-my-fault",
    "send-elsewhere",
    "calm-down",
    "busy-impatient",
    "blame-customer",
    "contradict-talk-down",
    "rules-wall",
    "but-after-agreeing",
    "sarcasm-dare",
    "rash-promise",
    "rush-customer",
)
"""Families of forbidden phrasing; a clean entry has family ``clean``."""

PACK_FAMILIES: tuple[str, ...] = (
    "dismiss-pain",
    "fatalistic",
    "blame-patient",
    "barked-order",
    "suspicion",
    "run-errands",
    "threat",
    "come-back",
    "order-about",
    "read-the-sign",
    "impatient-questions",
    "process-wall",
    "ticket-deflection",
    "absolute-claim",
    "bot-deflection",
    "just-how-it-is",
)
"""Families of the industry packs' forbidden phrasing (entries with a ``pack:`` key only)."""

FLAGGED_VARIANTS: tuple[str, ...] = (
    "seed",
    "traditional",
    "width",
    "spacing",
    "repeat",
    "particle",
    "typo",
    "pronoun",
    "paraphrase",
)
"""How a forbidden phrase is written in a flagged entry."""

CLEAN_VARIANTS: tuple[str, ...] = ("clean", "near-miss")
"""Kinds of clean entry: an ordinary polite reply, or one sharing words with forbidden phrases."""

DOMAINS: tuple[str, ...] = ("banking", "telecom", "ecommerce", "utility")
PACK_DOMAINS: tuple[str, ...] = ("hospital", "government", "counter", "ecommerce")
"""Domains of the entries with a ``pack:`` key."""
PACK_ALIASES: dict[str, str] = {"银行/电信/公用事业": "柜台", "窗口": "政务"}
"""Pack names a corpus may use for a bank pack (the blind writers named the settings)."""
SPLITS: tuple[str, ...] = ("dev", "tune", "heldout", "packs")
"""``dev`` and ``tune`` are tuned on (``tune`` holds batches written blind, then tuned on);
``heldout`` and ``packs`` never are. ``tune`` and ``packs`` may be missing from a corpus folder."""
_OPTIONAL_SPLITS = frozenset({"tune", "packs"})

TARGETS: dict[str, float] = {"seed_recall": 0.95, "paraphrase_recall": 0.85, "precision": 0.99}
"""Issue #5's targets, for the held-out split."""

_SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
_FAMILY_ORDER = {f: i for i, f in enumerate((*FAMILIES, *PACK_FAMILIES))}


class CorpusError(ValueError):
    """The corpus is missing or malformed; the message names the file and the entry."""


# --- corpus ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entry:
    """One labelled reply. ``flag`` items are exact substrings of ``text`` (first occurrence);
    ``span_variants`` holds each item's variant where it differs from the entry's (else "")."""

    text: str
    flag: tuple[str, ...]
    family: str
    variant: str
    domain: str
    split: str = ""
    index: int = 0
    span_variants: tuple[str, ...] = ()
    pack: str = ""
    """The industry pack the reply is scored with (a bank pack name, aliases resolved); ""."""

    def variant_of(self, item: int) -> str:
        """The variant that span number ``item`` is scored under."""
        own = self.span_variants[item] if item < len(self.span_variants) else ""
        return own or self.variant

    @property
    def clean(self) -> bool:
        return not self.flag

    def spans(self) -> list[tuple[int, int, str]]:
        """``(start, end, substring)`` of each flag item, at its first occurrence."""
        out = []
        for item in self.flag:
            at = self.text.find(item)
            out.append((at, at + len(item), item))
        return out


def default_corpus_dir() -> Path:
    """``tests/eval`` of the source checkout this module sits in."""
    return Path(__file__).resolve().parents[2] / "tests" / "eval"


def _entry(raw: Any, where: str, split: str, index: int) -> Entry:
    if not isinstance(raw, dict):
        raise CorpusError(f"{where}: an entry must be a mapping, got {type(raw).__name__}")
    keys = {"text", "flag", "family", "variant", "domain"}
    if "pack" in raw:
        keys.add("pack")
    if set(raw) != keys:
        missing, unknown = keys - set(raw), set(raw) - keys
        raise CorpusError(f"{where}: missing keys {sorted(missing)}, unknown keys {sorted(unknown)}")
    text, flag = raw["text"], raw["flag"]
    family, variant, domain = raw["family"], raw["variant"], raw["domain"]
    if not isinstance(text, str) or not text.strip():
        raise CorpusError(f"{where}: text must be a non-empty string")
    if not isinstance(flag, list):
        raise CorpusError(f"{where}: flag must be a list of spans")
    flag, span_variants = list(flag), []
    for n, item in enumerate(flag):
        own = ""
        if isinstance(item, dict):
            if set(item) != {"span", "variant"}:
                raise CorpusError(f"{where}: a flag mapping has exactly the keys span and variant, "
                                  f"got {sorted(item)}")
            item, own = item["span"], item["variant"]
            if own not in FLAGGED_VARIANTS:
                raise CorpusError(f"{where}: flag {item!r} has variant {own!r}, not one for a flagged reply")
            flag[n] = item
        if not isinstance(item, str) or not item:
            raise CorpusError(f"{where}: each flag item must be a non-empty string or "
                              f"{{span: ..., variant: ...}}")
        span_variants.append(own)
    for item in flag:
        if item not in text:
            raise CorpusError(f"{where}: flag {item!r} is not a substring of text {text!r}")
    pack = raw.get("pack", "")
    if "pack" in raw and (not isinstance(pack, str) or not pack.strip()):
        raise CorpusError(f"{where}: pack must be a pack name")
    pack = PACK_ALIASES.get(pack, pack)
    if domain not in (PACK_DOMAINS if pack else DOMAINS):
        raise CorpusError(f"{where}: unknown domain {domain!r}")
    if flag:
        if family not in ((*FAMILIES, *PACK_FAMILIES) if pack else FAMILIES):
            raise CorpusError(f"{where}: unknown family {family!r}")
        if variant not in FLAGGED_VARIANTS:
            raise CorpusError(f"{where}: variant {variant!r} is not one for a flagged reply")
    else:
        if family != "clean" or variant not in CLEAN_VARIANTS:
            raise CorpusError(f"{where}: a reply without flags must be family clean, "
                              f"variant clean or near-miss (got {family}/{variant})")
    return Entry(text, tuple(flag), family, variant, domain, split, index,
                 tuple(span_variants) if any(span_variants) else (), pack)


def load_corpus(corpus: str | Path | None = None, split: str = "all") -> list[Entry]:
    """The entries of ``split`` (``dev``, ``tune``, ``heldout``, ``packs`` or ``all``) from
    ``corpus`` (a directory holding ``dev.yaml``, ``heldout.yaml`` and optionally ``tune.yaml``
    and ``packs.yaml``; default
    :func:`default_corpus_dir`).

    Raises:
        CorpusError: a file is missing or an entry is malformed.
    """
    folder = Path(corpus) if corpus is not None else default_corpus_dir()
    names = SPLITS if split == "all" else (split,)
    if split != "all" and split not in SPLITS:
        raise CorpusError(f"unknown split {split!r}; choose from {', '.join(SPLITS)} or all")
    entries: list[Entry] = []
    for name in names:
        path = folder / f"{name}.yaml"
        if not path.is_file():
            if split == "all" and name in _OPTIONAL_SPLITS:
                continue
            raise CorpusError(f"{path}: corpus file not found (pass --corpus DIR)")
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise CorpusError(f"{path}: not valid YAML: {exc}") from None
        if not isinstance(data, list):
            raise CorpusError(f"{path}: the top level must be a list of entries")
        for i, raw in enumerate(data):
            entries.append(_entry(raw, f"{path}:entry {i + 1}", name, i))
    return entries


# --- scoring -----------------------------------------------------------------------------


class _FindingLike(Protocol):
    start: int
    end: int


class _CheckerLike(Protocol):
    def check(self, text: str) -> Sequence[Any]: ...


@dataclass(frozen=True, slots=True)
class Hit:
    """What a checker found: the span, and the rule that found it (when known)."""

    start: int
    end: int
    text: str
    rule_id: str = ""
    category: str = ""
    severity: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "rule_id": self.rule_id,
                "category": self.category, "severity": self.severity}


@dataclass(frozen=True, slots=True)
class Miss:
    """An expected span no finding overlaps."""

    entry: Entry
    expected: str
    found: tuple[Hit, ...]

    @property
    def variant(self) -> str:
        """The variant the missed span is scored under."""
        return self.entry.variant_of(self.entry.flag.index(self.expected))

    def to_dict(self) -> dict[str, Any]:
        return {"split": self.entry.split, "text": self.entry.text, "family": self.entry.family,
                "variant": self.variant, "expected": self.expected,
                "found": [h.to_dict() for h in self.found]}


@dataclass(frozen=True, slots=True)
class FalseAlarm:
    """A finding that overlaps no expected span of its entry."""

    entry: Entry
    hit: Hit

    def to_dict(self) -> dict[str, Any]:
        return {"split": self.entry.split, "text": self.entry.text, "family": self.entry.family,
                "variant": self.entry.variant, "expected": list(self.entry.flag),
                "found": self.hit.to_dict()}


@dataclass(slots=True)
class Tally:
    """``hits`` of ``total``."""

    hits: int = 0
    total: int = 0

    @property
    def rate(self) -> float:
        """``hits / total``; 1.0 when there is nothing to count."""
        return self.hits / self.total if self.total else 1.0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.hits += int(ok)

    def to_dict(self) -> dict[str, Any]:
        return {"hits": self.hits, "total": self.total, "rate": round(self.rate, 4)}


@dataclass(slots=True)
class Report:
    """The scores of one checker on a list of entries."""

    entries: int = 0
    flagged_entries: int = 0
    clean_entries: int = 0
    recall: Tally = field(default_factory=Tally)
    """Expected spans overlapped by some finding."""
    precision: Tally = field(default_factory=Tally)
    """Findings overlapping some expected span."""
    seed_recall: Tally = field(default_factory=Tally)
    """Recall over spans of every variant but ``paraphrase`` (seed wording and its variants)."""
    paraphrase_recall: Tally = field(default_factory=Tally)
    by_family: dict[str, Tally] = field(default_factory=dict)
    by_variant: dict[str, Tally] = field(default_factory=dict)
    clean_ok: dict[str, Tally] = field(default_factory=dict)
    """Per clean variant (``clean``, ``near-miss``): replies with no finding at all."""
    misses: list[Miss] = field(default_factory=list)
    false_alarms: list[FalseAlarm] = field(default_factory=list)

    def meets_targets(self) -> dict[str, bool]:
        return {
            "seed_recall": self.seed_recall.rate >= TARGETS["seed_recall"],
            "paraphrase_recall": self.paraphrase_recall.rate >= TARGETS["paraphrase_recall"],
            "precision": self.precision.rate >= TARGETS["precision"],
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "entries": self.entries,
            "flagged_entries": self.flagged_entries,
            "clean_entries": self.clean_entries,
            "recall": self.recall.to_dict(),
            "seed_recall": self.seed_recall.to_dict(),
            "paraphrase_recall": self.paraphrase_recall.to_dict(),
            "precision": self.precision.to_dict(),
            "by_family": {k: v.to_dict() for k, v in self.by_family.items()},
            "by_variant": {k: v.to_dict() for k, v in self.by_variant.items()},
            "clean_replies_without_findings": {k: v.to_dict() for k, v in self.clean_ok.items()},
            "meets_targets": self.meets_targets(),
            "misses": [m.to_dict() for m in self.misses],
            "false_alarms": [f.to_dict() for f in self.false_alarms],
        }


def _hit(finding: Any, text: str) -> Hit:
    start, end = int(finding.start), int(finding.end)
    severity = getattr(finding, "severity", "")
    return Hit(start, end, text[start:end], str(getattr(finding, "rule_id", "")),
               str(getattr(finding, "category", "")), str(severity) if severity else "")


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def evaluate(entries: Iterable[Entry], checker: _CheckerLike, *, min_severity: str = "info",
             packs: Mapping[str, _CheckerLike] | None = None) -> Report:
    """Score ``checker`` (anything with ``check(text)`` returning objects with ``start`` and
    ``end``, such as :class:`huashu.Checker` or :class:`NaiveBaseline`) on ``entries``.

    Args:
        min_severity: ignore findings below this severity (``info`` counts everything; findings
            without a severity always count).
        packs: the checker for the entries of each pack (``{"医疗": Checker(packs=["医疗"])}``);
            an entry whose pack is not in it is scored with ``checker``.
    """
    if min_severity not in _SEVERITY_RANK:
        raise ValueError(f"min_severity must be one of {', '.join(_SEVERITY_RANK)}")
    floor = _SEVERITY_RANK[min_severity]
    report = Report()
    entries = list(entries)
    # The core families always (a floor test reads them); a pack family once a reply has it.
    only_packs = bool(entries) and all(e.pack for e in entries)
    report.by_family = {} if only_packs else {f: Tally() for f in FAMILIES}
    for fam in PACK_FAMILIES:
        if any(e.family == fam for e in entries):
            report.by_family[fam] = Tally()
    report.by_variant = {v: Tally() for v in FLAGGED_VARIANTS}
    report.clean_ok = {v: Tally() for v in CLEAN_VARIANTS}
    for entry in entries:
        report.entries += 1
        scorer = (packs or {}).get(entry.pack, checker)
        hits = [
            _hit(f, entry.text)
            for f in scorer.check(entry.text)
            if _SEVERITY_RANK.get(str(getattr(f, "severity", "") or "info"), 0) >= floor
        ]
        spans = entry.spans()
        if entry.clean:
            report.clean_entries += 1
            report.clean_ok[entry.variant].add(not hits)
        else:
            report.flagged_entries += 1
        for item, (start, end, expected) in enumerate(spans):
            found = tuple(h for h in hits if _overlaps((h.start, h.end), (start, end)))
            ok = bool(found)
            variant = entry.variant_of(item)
            report.recall.add(ok)
            report.by_family.setdefault(entry.family, Tally()).add(ok)
            report.by_variant[variant].add(ok)
            (report.paraphrase_recall if variant == "paraphrase" else report.seed_recall).add(ok)
            if not ok:
                report.misses.append(Miss(entry, expected, tuple(hits)))
        for h in hits:
            ok = any(_overlaps((h.start, h.end), (s, e)) for s, e, _ in spans)
            report.precision.add(ok)
            if not ok:
                report.false_alarms.append(FalseAlarm(entry, h))
    return report


@dataclass(frozen=True, slots=True)
class _NaiveFinding:
    rule_id: str
    category: str
    severity: str
    start: int
    end: int
    text: str


class NaiveBaseline:
    """A plain word list: ``str.find`` of each phrase rule's canonical phrase (the first
    expansion of its first form) on the raw text, enabled or not; overlapping hits are merged,
    longest first, the way the checker resolves its candidates."""

    def __init__(self, bank: Any = None, *, packs: Iterable[str] = ()) -> None:
        from ._bank import clause_marks, expand, load_bank

        bank = bank if bank is not None and not isinstance(bank, (str, Path)) else load_bank(bank)
        wanted = set(packs)
        self.phrases: list[tuple[str, Any]] = []
        for rule in bank.rules:
            # A pack's rules belong to its list only: the core list, plus the packs asked for.
            if rule.packs and not wanted & set(rule.packs):
                continue
            if rule.match == "phrase" and rule.forms:
                expansions = expand(rule.forms[0])
                if expansions and expansions[0]:
                    self.phrases.append((clause_marks(expansions[0])[0], rule))

    def check(self, text: str) -> list[_NaiveFinding]:
        cands = []
        for phrase, rule in self.phrases:
            at = text.find(phrase)
            while at != -1:
                cands.append((at, at + len(phrase), rule))
                at = text.find(phrase, at + 1)
        chosen: list[tuple[int, int, Any]] = []
        for start, end, rule in sorted(cands, key=lambda c: (c[0] - c[1], c[0], c[2].id)):
            if not any(_overlaps((start, end), (s, e)) for s, e, _ in chosen):
                chosen.append((start, end, rule))
        return [
            _NaiveFinding(rule.id, rule.category, str(rule.severity), s, e, text[s:e])
            for s, e, rule in sorted(chosen, key=lambda c: c[:2])
        ]


# --- output ------------------------------------------------------------------------------


def _pct(t: Tally) -> str:
    return f"{t.hits:>3}/{t.total:<3} {100 * t.rate:5.1f}%" if t.total else f"{'-':>13}"


def _show(s: str) -> str:
    """Make invisible and full-width spacing visible in printed text."""
    return s.replace("\u200b", "<ZWSP>").replace("\u3000", "<U+3000>")


def _format_hits(hits: Iterable[Hit]) -> str:
    parts = [f"{_show(h.text)!s}[{h.rule_id or '?'}]" for h in hits]
    return ", ".join(parts) if parts else "nothing"


def format_report(name: str, ours: Report, base: Report, *, show_misses: bool) -> str:
    """The text report of one split: huashu and the baseline side by side."""
    lines = [
        f"== {name}: {ours.entries} replies, {ours.flagged_entries} flagged "
        f"({ours.recall.total} spans), {ours.clean_entries} clean "
        f"({ours.clean_ok['near-miss'].total} near-miss) ==",
        f"{'':28}{'huashu':>16}   {'baseline':>16}",
        "recall by family",
    ]
    for fam in ours.by_family:
        lines.append(f"  {fam:26}{_pct(ours.by_family[fam]):>16}   {_pct(base.by_family.get(fam, Tally())):>16}")
    lines.append("recall by variant")
    for var in FLAGGED_VARIANTS:
        lines.append(f"  {var:26}{_pct(ours.by_variant[var]):>16}   {_pct(base.by_variant[var]):>16}")
    lines.append("clean replies with no finding")
    for var in CLEAN_VARIANTS:
        lines.append(f"  {var:26}{_pct(ours.clean_ok[var]):>16}   {_pct(base.clean_ok[var]):>16}")
    met = ours.meets_targets()
    rows = [
        ("recall (all spans)", ours.recall, base.recall, ""),
        ("recall seed+variants", ours.seed_recall, base.seed_recall,
         f"target ≥{TARGETS['seed_recall']:.0%} {'ok' if met['seed_recall'] else 'NOT MET'}"),
        ("recall paraphrase", ours.paraphrase_recall, base.paraphrase_recall,
         f"target ≥{TARGETS['paraphrase_recall']:.0%} {'ok' if met['paraphrase_recall'] else 'NOT MET'}"),
        ("precision (findings)", ours.precision, base.precision,
         f"target ≥{TARGETS['precision']:.0%} {'ok' if met['precision'] else 'NOT MET'}"),
    ]
    lines.append("overall")
    # A split of paraphrases only (packs) has no seed wording to hold to a target.
    rows = [r for r in rows if r[1].total or r[2].total]
    for label, a, b, note in rows:
        lines.append(f"  {label:26}{_pct(a):>16}   {_pct(b):>16}   {note}".rstrip())
    if show_misses:
        lines.append(f"-- huashu misses ({len(ours.misses)}) --")
        for m in sorted(ours.misses, key=lambda m: (_FAMILY_ORDER.get(m.entry.family, 99), m.variant)):
            lines.append(f"  [{m.entry.family}/{m.variant}] {_show(m.entry.text)}")
            lines.append(f"      expected {_show(m.expected)!r}; found {_format_hits(m.found)}")
        lines.append(f"-- huashu false alarms ({len(ours.false_alarms)}) --")
        for fa in ours.false_alarms:
            expected = ", ".join(repr(_show(x)) for x in fa.entry.flag) or "nothing"
            lines.append(f"  [{fa.entry.family}/{fa.entry.variant}] {_show(fa.entry.text)}")
            lines.append(f"      expected {expected}; found {_format_hits([fa.hit])}"
                         f" ({fa.hit.category}, {fa.hit.severity})")
    else:
        in_clean = sum(1 for fa in ours.false_alarms if fa.entry.clean)
        lines.append(f"({len(ours.misses)} misses, {len(ours.false_alarms)} false alarms: {in_clean} in "
                     f"clean replies, {len(ours.false_alarms) - in_clean} outside the labelled spans of "
                     "flagged ones; --show-misses lists them)")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m huashu.eval``: print the scores; exit 0, or 2 on a usage or corpus error."""
    parser = argparse.ArgumentParser(
        prog="python -m huashu.eval",
        description="Score huashu (and a naive substring baseline) on the labelled corpus.",
    )
    parser.add_argument("--split", choices=(*SPLITS, "all"), default="all",
                        help="which split to score; all (default) reports each split and all together")
    parser.add_argument("--corpus", type=Path, default=None,
                        help="folder with dev.yaml, heldout.yaml and optionally tune.yaml (default: tests/eval of the checkout)")
    parser.add_argument("--bank", default=None, help="a user bank layered over the bundled one")
    parser.add_argument("--min-severity", choices=tuple(_SEVERITY_RANK), default="info",
                        help="only count findings at or above this severity (default info: all)")
    parser.add_argument("--show-misses", action="store_true",
                        help="list every miss and false alarm of huashu")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    args = parser.parse_args(argv)

    from ._bank import load_bank
    from ._checker import Checker
    from ._errors import HuashuError

    try:
        entries = load_corpus(args.corpus, args.split)
        bank = load_bank(args.bank)
        checker = Checker(bank)
        named = sorted({e.pack for e in entries if e.pack})
        unknown = [p for p in named if p not in bank.packs()]
        if unknown:
            raise CorpusError(f"the corpus names packs the bank has not: {', '.join(unknown)}")
        pack_checkers: dict[str, Any] = {p: Checker(bank, packs=[p]) for p in named}
    except (CorpusError, HuashuError, OSError) as exc:
        print(f"huashu.eval: error: {exc}", file=sys.stderr)
        return 2
    baseline = NaiveBaseline(bank)
    pack_baselines: dict[str, Any] = {p: NaiveBaseline(bank, packs=[p]) for p in named}
    groups: list[tuple[str, list[Entry]]] = [
        (name, [e for e in entries if e.split == name]) for name in SPLITS
    ]
    groups = [(n, es) for n, es in groups if es]
    # Each pack on its own too: a pack is judged in its setting.
    groups += [(f"packs {p}", [e for e in entries if e.split == "packs" and e.pack == p]) for p in named]
    if args.split == "all":
        # "all" stays the core corpus (dev, tune, heldout); the packs split is reported above.
        groups.append(("all", [e for e in entries if not e.pack]))
    results = {
        name: (evaluate(es, checker, min_severity=args.min_severity, packs=pack_checkers),
               evaluate(es, baseline, min_severity=args.min_severity, packs=pack_baselines))
        for name, es in groups
    }
    if args.json:
        out = {name: {"huashu": ours.to_dict(), "baseline": base.to_dict()}
               for name, (ours, base) in results.items()}
        out["settings"] = {"min_severity": args.min_severity, "targets": TARGETS,
                           "corpus": str(args.corpus or default_corpus_dir())}
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print("\n\n".join(
            format_report(name, ours, base, show_misses=args.show_misses and name != "all")
            for name, (ours, base) in results.items()
        ))
    return 0


if __name__ == "__main__":
    sys.exit(main())
