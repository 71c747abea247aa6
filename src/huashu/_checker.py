"""The Checker: fold, match, resolve, and turn candidates into findings and fixes."""

from __future__ import annotations

import threading
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path

from ._bank import PhraseBank, load_bank
from ._errors import HuashuError
from ._fixes import Edit, apply_edits
from ._match import Candidate, CompiledBank
from ._model import Finding, Rule
from ._normalize import fold
from ._suggest import Suggestion, rank_suggestions

__all__ = ["Checker", "FindingsCappedWarning", "SelectorError", "check", "fix", "default_checker"]

#: The default of ``Checker(max_findings=...)``: far above any real reply, low enough that a
#: pathological text (one phrase pasted a hundred thousand times) returns promptly.
MAX_FINDINGS = 10_000


class SelectorError(HuashuError, ValueError):
    """A ``select`` or ``ignore`` entry names no rule, id prefix or category of the bank."""


class FindingsCappedWarning(UserWarning):
    """:meth:`Checker.check` found more than the Checker's ``max_findings`` and returned only the
    first ``max_findings`` (in text order). ``limit`` is the cap, ``found`` how many there were.

    Turn it into an error with ``warnings.simplefilter("error", huashu.FindingsCappedWarning)``.
    """

    def __init__(self, message: str, *, limit: int = 0, found: int = 0) -> None:
        super().__init__(message)
        self.limit = limit
        self.found = found


def _matches(selector: str, rule: Rule) -> bool:
    return selector == "ALL" or rule.id.startswith(selector) or selector in (rule.category, rule.name)


class Checker:
    """Checks Chinese customer-service replies for forbidden phrases.

    Args:
        bank: a user bank file (layered over the bundled bank), or a :class:`PhraseBank`;
            ``None`` uses the bundled bank.
        select: only these rules: ids (``TW001``), id prefixes (``TW``), categories (``推诿``) or
            names. A rule that is off by default (``enabled: false``) runs when selected.
        ignore: leave these rules out (same forms as ``select``).
        max_findings: return at most this many findings per text (the first ones, in text
            order) and warn with :class:`FindingsCappedWarning` when there were more; ``None``
            for no cap. A guard against pathological input: matching itself stays linear in the
            text, the cap bounds the findings built and returned.

    The bank is compiled in the constructor; afterwards a Checker holds no mutable state (the
    private jieba tokenizer is built once, under a lock, on first need), so threads can share
    it. It pickles by its bank and options, for multiprocessing.

    >>> checker = Checker()
    >>> [f.rule_id[:2] for f in checker.check("我不知道,那不是我的错")]
    ['JJ', 'TW']
    >>> checker.check("您好,请问有什么可以帮您?")
    []

    Raises:
        BankError: the bank file is invalid.
        SelectorError: a ``select``/``ignore`` entry matches no rule.
    """

    def __init__(
        self,
        bank: str | Path | PhraseBank | None = None,
        *,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] | None = None,
        max_findings: int | None = MAX_FINDINGS,
    ) -> None:
        if max_findings is not None and (isinstance(max_findings, bool) or not isinstance(max_findings, int)
                                         or max_findings < 1):
            raise ValueError(f"max_findings must be a positive int or None, not {max_findings!r}")
        self.max_findings = max_findings
        self.bank = bank if isinstance(bank, PhraseBank) else load_bank(bank)
        self.select = tuple(select) if select is not None else None
        self.ignore = tuple(ignore or ())
        for selector in (*(self.select or ()), *self.ignore):
            if not any(_matches(selector, r) for r in self.bank.rules):
                raise SelectorError(f"{selector!r} matches no rule id, id prefix, category or name")
        rules = []
        for rule in self.bank.rules:
            if self.select is None:
                active = rule.enabled
            else:
                active = any(_matches(s, rule) for s in self.select)
            if active and not any(_matches(s, rule) for s in self.ignore):
                rules.append(rule)
        self.rules: tuple[Rule, ...] = tuple(rules)
        self._compiled = CompiledBank(self.bank, self.rules)

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (_rebuild, (self.bank, self.select, self.ignore, self.max_findings))

    def __repr__(self) -> str:
        return f"<huashu.Checker {len(self.rules)} rules from {', '.join(self.bank.paths)}>"

    def check(self, text: str) -> list[Finding]:
        """Find forbidden phrases in ``text``.

        Returns:
            Findings in text order; ``text[f.start:f.end] == f.text`` for each. At most
            ``max_findings`` of them: when there were more, the first ``max_findings`` and a
            :class:`FindingsCappedWarning`.
        """
        return self._check(text, exhaustive=False)

    def _check(self, text: str, *, exhaustive: bool) -> list[Finding]:
        if not isinstance(text, str):
            raise TypeError(f"check() takes a str, not {type(text).__name__}")
        folded = fold(text)
        cands = self._compiled.candidates(folded.text, exhaustive=exhaustive)
        findings = []
        chosen = _resolve(cands)
        limit = self.max_findings
        if limit is not None and len(chosen) > limit:
            warnings.warn(FindingsCappedWarning(
                f"huashu: {len(chosen)} findings in a text of {len(text)} characters; "
                f"returning the first {limit} (Checker(max_findings=...))",
                limit=limit, found=len(chosen)), stacklevel=3)
            chosen = chosen[:limit]
        for cand in chosen:
            rule = self.rules[cand.rule]
            start, end = folded.span(cand.start, cand.end)
            findings.append(
                Finding(
                    rule_id=rule.id,
                    category=rule.category,
                    severity=rule.severity,
                    start=start,
                    end=end,
                    text=text[start:end],
                    score=cand.score,
                    message=rule.message,
                    suggestions=list(rule.alternatives),
                    fix=rule.fix.replacement if rule.fix is not None and rule.fix.safe else None,
                )
            )
        return findings

    def fix(self, text: str, *, unsafe: bool = False) -> str:
        """``text`` with every safe fix applied (and the unsafe ones too with ``unsafe=True``).

        Fixing again changes nothing: the result has no fixable finding left.
        """
        current = text
        # A replacement can make a neighbouring phrase whole again; a few passes settle it.
        for _ in range(5):
            edits = self.edits(current, unsafe=unsafe)
            if not edits:
                return current
            current = apply_edits(current, edits)
        return current

    def edits(self, text: str, *, unsafe: bool = False) -> list[Edit]:
        """The edits ``fix`` would make in one pass, sorted and not overlapping."""
        out = []
        for finding in self.check(text):
            rule_fix = self.bank.rule(finding.rule_id).fix
            if rule_fix is not None and (rule_fix.safe or unsafe):
                out.append(Edit(finding.start, finding.end, rule_fix.replacement))
        return out

    def suggest(self, text: str, *, limit: int = 5, score_cutoff: float = 50.0) -> list[Suggestion]:
        """Approved phrasing for a draft: the alternatives to what it flags, best first, then the
        approved phrases of the bank closest to what the draft says.

        Args:
            text: the draft reply.
            limit: at most this many suggestions (0 for all).
            score_cutoff: the least similarity (0–100) for a phrase found by closeness alone.
        """
        return rank_suggestions(text, self.check(text), self.bank.approved,
                                limit=limit, score_cutoff=score_cutoff)

    def tokenize(self, text: str) -> list[str]:
        """The private jieba's words for the folded ``text`` (what the guards look at)."""
        return self._compiled.segmenter.cut(fold(text).text)


def _rebuild(bank: PhraseBank, select: Sequence[str] | None, ignore: Sequence[str],
             max_findings: int | None = MAX_FINDINGS) -> Checker:
    return Checker(bank, select=select, ignore=ignore, max_findings=max_findings)


def _resolve(cands: list[Candidate]) -> list[Candidate]:
    """Keep the longest, then best-scoring, of overlapping candidates; return them in order.

    The characters already taken are marked in a bytearray, so that testing a candidate costs
    its own length, not the number of candidates kept before it.
    """
    if not cands:
        return []
    taken = bytearray(max(c.end for c in cands))
    chosen: list[Candidate] = []
    for cand in sorted(cands, key=lambda c: (-(c.end - c.start), -c.score, c.start, c.rule)):
        if taken.find(1, cand.start, cand.end) >= 0:
            continue
        taken[cand.start : cand.end] = b"\x01" * (cand.end - cand.start)
        chosen.append(cand)
    return sorted(chosen, key=lambda c: (c.start, c.end, c.rule))


_default: Checker | None = None
_default_lock = threading.Lock()


def default_checker() -> Checker:
    """The shared Checker on the bundled bank behind :func:`check` and :func:`fix`."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Checker()
    return _default


def check(text: str) -> list[Finding]:
    """``Checker().check(text)`` on a shared Checker with the bundled bank."""
    return default_checker().check(text)


def fix(text: str, *, unsafe: bool = False) -> str:
    """``Checker().fix(text)`` on a shared Checker with the bundled bank."""
    return default_checker().fix(text, unsafe=unsafe)
