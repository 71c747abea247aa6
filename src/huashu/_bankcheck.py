"""Lint a user bank (``huashu bank check``): the loader's errors, and warnings about rules that
load but do not do what their author meant.

A bank that does not load gets its errors, each at its file and line. One that loads gets
warnings for each of its own rules (not the bundled ones it is layered over):

- ``no-examples``: no bad examples, so nothing shows what the rule is for, or tests it;
- ``bad-example-missed``: a bad example the rule does not flag;
- ``good-example-flagged``: a good example that the rule, or another rule of the bank, flags;
- ``approved-flagged``: an approved phrase of the file that a rule flags;
- ``shadowed-form``: a form every expansion of which holds a (shorter or equal) form of another
  rule, which therefore flags it too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._bank import PhraseBank, _read_yaml, clause_marks, expand, load_bank
from ._checker import Checker
from ._errors import BankError
from ._model import Rule
from ._normalize import fold_text

__all__ = ["BankIssue", "check_bank"]


@dataclass(frozen=True, slots=True)
class BankIssue:
    """One problem of a bank file, at a line: ``bank.yaml:12: TW901: warning: …``."""

    path: str
    line: int | None
    entry: str  # a rule id, or where in the file (approved[0], settings …)
    severity: str  # "error" | "warning"
    kind: str  # "bank-error", "no-examples", "bad-example-missed" …
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.entry}: {self.severity}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "entry": self.entry, "severity": self.severity,
                "kind": self.kind, "message": self.message}


def check_bank(path: str | Path, *, extend_default: bool = True) -> list[BankIssue]:
    """Check the bank file ``path`` (layered over the bundled bank unless ``extend_default`` is
    false): its loading errors, or else warnings about its own rules and approved phrases.

    Raises:
        BankError: only when the file does not exist or cannot be read (a usage problem, not a
            problem of the bank).
    """
    shown = str(path)
    try:
        bank = load_bank(path, extend_default=extend_default)
    except BankError as exc:
        if any(p.entry == "file" and p.field == "-" and p.path == shown for p in exc.problems):
            raise
        return [BankIssue(p.path, p.line, _entry_label(p.entry), "error", "bank-error",
                          p.message if p.field == "-" else f"{p.field}: {p.message}")
                for p in exc.problems]
    return _Linter(Path(path), bank).issues()


def _entry_label(entry: str) -> str:
    """``rules[3] (TW901)`` → ``TW901``; other entries as they are."""
    if entry.endswith(")") and " (" in entry:
        return entry[entry.index(" (") + 2: -1]
    return entry


class _Linter:
    def __init__(self, path: Path, bank: PhraseBank) -> None:
        self.path = path
        self.shown = str(path)
        self.bank = bank
        self.lines = path.read_text(encoding="utf-8-sig").splitlines()
        data = _read_yaml(path) or {}
        raw_rules = data.get("rules") or [] if isinstance(data, Mapping) else []
        self.rule_lines: dict[str, tuple[int, int]] = {}
        starts = [(getattr(r, "line", None), r.get("id")) for r in raw_rules if isinstance(r, Mapping)]
        for i, (line, rid) in enumerate(starts):
            if isinstance(rid, str) and line:
                end = next((s for s, _ in starts[i + 1:] if s), len(self.lines) + 1)
                self.rule_lines[rid] = (line, end)
        raw_approved = data.get("approved") or [] if isinstance(data, Mapping) else []
        self.approved = [(a["text"].strip(), getattr(a, "line", None), i) for i, a in enumerate(raw_approved)
                         if isinstance(a, Mapping) and isinstance(a.get("text"), str)]
        self.own = [r for r in bank.rules if r.origin == self.shown and r.id in self.rule_lines]
        # Every phrase rule on, the off-by-default and pack ones too: what any selection could
        # flag. Reply-level rules judge a whole reply (its greeting, its closing), not a phrase.
        self.checker = Checker(bank, select=[r.id for r in bank.rules if r.match != "reply"])
        self.out: list[BankIssue] = []

    def issues(self) -> list[BankIssue]:
        shadows = self._shadow_index()
        for rule in self.own:
            self._examples(rule)
            if rule.match == "phrase":
                self._shadowed(rule, shadows)
        for text, line, i in self.approved:
            found = [f for f in self.checker.check(text) if f.severity != "info"] or self.checker.check(text)
            for f in found:
                self.out.append(BankIssue(self.shown, line, f"approved[{i}]", "warning", "approved-flagged",
                                          f"approved phrase “{text}” is flagged by {f.rule_id} (“{f.text}”)"))
        return sorted(self.out, key=lambda x: (x.line or 0, x.entry))

    def _line_of(self, rule: Rule, needle: str) -> int | None:
        start, end = self.rule_lines[rule.id]
        for number in range(start, min(end, len(self.lines) + 1)):
            if needle in self.lines[number - 1]:
                return number
        return start

    def _warn(self, rule: Rule, line: int | None, kind: str, message: str) -> None:
        self.out.append(BankIssue(self.shown, line, rule.id, "warning", kind, message))

    def _hits(self, text: str) -> set[str]:
        """The rules with a candidate in ``text`` before overlaps are resolved: what a rule finds
        whatever longer finding of another rule wins the span."""
        rules = self.checker._span_rules  # noqa: SLF001 - the linter looks one stage early
        return {rules[c.rule].id for c in self.checker._compiled.candidates(fold_text(text))}  # noqa: SLF001

    def _examples(self, rule: Rule) -> None:
        start = self.rule_lines[rule.id][0]
        if rule.match == "reply":
            return
        if not rule.bad_examples:
            self._warn(rule, start, "no-examples",
                       "no examples: add `examples: {bad: [...], good: [...]}`, replies the rule must "
                       "and must not flag; they document the rule and `bank check` tests them")
        for text in rule.bad_examples:
            if rule.id not in self._hits(text):
                self._warn(rule, self._line_of(rule, text), "bad-example-missed",
                           f"bad example “{text}” is not flagged by {rule.id}: no form of it matches")
        for text in rule.good_examples:
            line = self._line_of(rule, text)
            if rule.id in self._hits(text):
                self._warn(rule, line, "good-example-flagged",
                           f"good example “{text}” is flagged by {rule.id} itself")
                continue
            for f in self.checker.check(text):
                self._warn(rule, line, "good-example-flagged",
                           f"good example “{text}” is flagged by {f.rule_id} (“{f.text}”)")

    def _shadow_index(self) -> dict[str, dict[str, str]]:
        """Every literal form of the bank's phrase rules: folded form → {rule id: form}."""
        index: dict[str, dict[str, str]] = {}
        for rule in self.bank.rules:
            if rule.match != "phrase":
                continue
            for literal in _literals(rule.forms):
                index.setdefault(fold_text(literal), {}).setdefault(rule.id, literal)
        return index

    def _shadowed(self, rule: Rule, index: Mapping[str, Mapping[str, str]]) -> None:
        written = rule.written_forms or rule.forms
        for form, as_written in zip(rule.forms, written):
            by: tuple[str, str] | None = None
            for literal in _literals([form]):
                folded = fold_text(literal)
                other = _contained(folded, index, rule.id)
                if other is None:
                    by = None
                    break
                by = by or other
            if by is not None:
                self._warn(rule, self._line_of(rule, as_written), "shadowed-form",
                           f"form “{as_written}” is shadowed by {by[0]}'s form “{by[1]}”, which it "
                           f"holds: {by[0]} flags it too")


def _literals(forms: Iterable[str]) -> list[str]:
    """The literal forms that match on their own: ``{a|b}`` expanded; gap forms (``~``) and
    forms bound to a clause (``^``, ``$``) left out, since they match less than their text."""
    out = []
    for form in forms:
        for literal in expand(form):
            body, head, tail = clause_marks(literal)
            if "~" not in body and not head and not tail:
                out.append(body)
    return out


def _contained(text: str, index: Mapping[str, Mapping[str, str]], rule_id: str) -> tuple[str, str] | None:
    """``(rule id, form)`` of the shortest form of another rule inside ``text``, or ``None``."""
    for size in range(1, len(text) + 1):
        for start in range(len(text) - size + 1):
            for other, form in index.get(text[start:start + size], {}).items():
                if other != rule_id:
                    return other, form
    return None
