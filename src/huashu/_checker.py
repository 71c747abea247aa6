"""The Checker: fold, match, resolve, and turn candidates into findings and fixes."""

from __future__ import annotations

import bisect
import threading
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from ._bank import PhraseBank, load_bank
from ._errors import HuashuError
from ._fixes import Edit, Fix, apply_edits
from ._match import Candidate, CompiledBank
from ._model import Applicability, Finding, Rule, Scenario, Severity
from ._normalize import Folded, fold
from ._reply import reply_spans
from ._review import Review, verdict_of
from ._rewrite import LineStyles, best_rewrites, combine, fill
from ._stream import ReplyStream
from ._suggest import Suggestion, detect_scenarios, rank_suggestions

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
        packs: industry packs to run besides the core rules (``["医疗"]``); ``None``: core only.
            A pack rule also runs when ``select`` names its id.
        profiles: review profiles (``chat``, ``phone``, ``counter``, ``complaint`` …) whose
            reply-level rules (greeting, closing …) run; ``None``: none.
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
        packs: Iterable[str] | None = None,
        profiles: Iterable[str] | None = None,
        max_findings: int | None = MAX_FINDINGS,
    ) -> None:
        if max_findings is not None and (isinstance(max_findings, bool) or not isinstance(max_findings, int)
                                         or max_findings < 1):
            raise ValueError(f"max_findings must be a positive int or None, not {max_findings!r}")
        self.max_findings = max_findings
        self.bank = bank if isinstance(bank, PhraseBank) else load_bank(bank)
        self.select = tuple(select) if select is not None else None
        self.ignore = tuple(ignore or ())
        self.packs = tuple(packs or ())
        self.profiles = tuple(profiles or ())
        for name, wanted, known in (("pack", self.packs, self.bank.packs()),
                                    ("profile", self.profiles, self.bank.profiles())):
            for item in wanted:
                if item not in known:
                    raise SelectorError(f"no {name} {item!r} in the bank (it has: {', '.join(known) or 'none'})")
        for selector in (*(self.select or ()), *self.ignore):
            if not any(_matches(selector, r) for r in self.bank.rules):
                raise SelectorError(f"{selector!r} matches no rule id, id prefix, category or name")
        rules = []
        for rule in self.bank.rules:
            if self.select is None:
                active = rule.enabled
            else:
                active = any(_matches(s, rule) for s in self.select)
            named = self.select is not None and rule.id in self.select
            if rule.packs and not named and not set(rule.packs) & set(self.packs):
                active = False
            if rule.match == "reply" and not named and not set(rule.profiles) & set(self.profiles):
                active = False
            if active and not any(_matches(s, rule) for s in self.ignore):
                rules.append(rule)
        self.rules: tuple[Rule, ...] = tuple(rules)
        self._span_rules = tuple(r for r in rules if r.match != "reply")
        self._reply_rules = tuple(r for r in rules if r.match == "reply")
        self._compiled = CompiledBank(self.bank, self._span_rules)
        self._by_id = {r.id: r for r in rules}

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (_rebuild, (self.bank, self.select, self.ignore, self.packs, self.profiles, self.max_findings))

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
        return self._findings(text, exhaustive=exhaustive)[0]

    def _findings(self, text: str, *, exhaustive: bool = False) -> tuple[list[Finding], Folded]:
        """The findings of ``text`` and its fold (which the rewrites read too)."""
        if not isinstance(text, str):
            raise TypeError(f"check() takes a str, not {type(text).__name__}")
        folded = fold(text)
        cands = self._compiled.candidates(folded.text, exhaustive=exhaustive)
        if not cands and not self._reply_rules:
            return [], folded  # the common case, a clean reply: nothing more to do
        spans = [(self._span_rules[c.rule], c.start, c.end, c.score) for c in _resolve(cands)]
        if self._reply_rules and text.strip():
            # Phrase findings do not overlap and are in order: their starts and ends both sort.
            starts = [s for _, s, _, _ in spans]
            ends = [e for _, _, e, _ in spans]
            for rule in self._reply_rules:
                for start, end in reply_spans(rule, text, folded):
                    # A phrase finding is the more precise word on the same span.
                    i = bisect.bisect_right(ends, start)
                    if start < end and not (i < len(starts) and starts[i] < end):
                        spans.append((rule, start, end, 100.0))
            spans.sort(key=lambda x: (x[1], x[2], x[0].id))
        findings = []
        styles: LineStyles | None = None  # made for the first finding with a safe rewrite
        limit = self.max_findings
        if limit is not None and len(spans) > limit:
            warnings.warn(FindingsCappedWarning(
                f"huashu: {len(spans)} findings in a text of {len(text)} characters; "
                f"returning the first {limit} (Checker(max_findings=...))",
                limit=limit, found=len(spans)), stacklevel=3)
            spans = spans[:limit]
        for rule, fstart, fend, score in spans:
            start, end = folded.span(fstart, fend)
            finding = Finding(
                rule_id=rule.id,
                category=rule.category,
                severity=rule.severity,
                start=start,
                end=end,
                text=text[start:end],
                score=score,
                message=rule.message,
                suggestions=list(rule.alternatives),
            )
            safe = rule.safe_rewrite
            if safe is not None:
                if styles is None:
                    styles = LineStyles(text)
                edit = fill(safe, rule, text, finding, settings=self.bank.settings, folded=folded, styles=styles)
                if edit is not None:
                    finding = replace(finding, fix=edit.content)
            findings.append(finding)
        return findings, folded

    def fixes(self, text: str) -> list[Fix]:
        """Each finding's best rewrite, filled for this text: its edit and applicability.

        A finding whose rule has no rewrite that fits the text gets none. The edit of a
        ``scope: clause`` rewrite covers the finding's whole clause.
        """
        return self._fixes(text, *self._findings(text))

    def _fixes(self, text: str, findings: list[Finding], folded: Folded) -> list[Fix]:
        out = []
        styles = LineStyles(text)
        for finding in findings:
            rule = self._by_id[finding.rule_id]
            for rewrite in best_rewrites(rule):
                edit = fill(rewrite, rule, text, finding, settings=self.bank.settings, folded=folded, styles=styles)
                if edit is not None:
                    out.append(Fix(finding, edit, rewrite.applicability))
                    break
        return out

    def fix(self, text: str, *, unsafe: bool = False) -> str:
        """``text`` with every safe rewrite applied (and the unsafe ones too with ``unsafe=True``).

        Fixing again changes nothing: the result has no fixable finding left.
        """
        return self._fix(text, None, unsafe=unsafe)

    def _fix(self, text: str, fixes: list[Fix] | None, *, unsafe: bool) -> str:
        """``fix``, starting from the fixes of ``text`` when the caller has them already."""
        current = text
        # A replacement can make a neighbouring phrase whole again; a few passes settle it.
        for _ in range(5):
            edits = self._edits(current, self.fixes(current) if fixes is None else fixes, unsafe=unsafe)
            fixes = None
            if not edits:
                return current
            current = apply_edits(current, edits)
        return current

    def edits(self, text: str, *, unsafe: bool = False) -> list[Edit]:
        """The edits ``fix`` would make in one pass, sorted and not overlapping."""
        return self._edits(text, self.fixes(text), unsafe=unsafe)

    def _edits(self, text: str, fixes: list[Fix], *, unsafe: bool) -> list[Edit]:
        least = Applicability.UNSAFE if unsafe else Applicability.SAFE
        chosen: list[Edit] = []
        for item in sorted(fixes, key=lambda f: f.edit):
            if item.applicability.rank < least.rank or item.edit.content == text[item.edit.start:item.edit.end]:
                continue
            if chosen and item.edit.start < chosen[-1].end:
                # A clause rewrite that covers an earlier, smaller edit (但是 → 同时 inside 但是规定就是规定)
                # says that part anew: it wins. Left for the next pass, its finding could be
                # redeemed by a neighbour's rewrite (我来…) and stay unrewritten.
                last = chosen[-1]
                covers = item.edit.start <= last.start and item.edit.end >= last.end
                if covers and (len(chosen) < 2 or chosen[-2].end <= item.edit.start):
                    chosen[-1] = item.edit
                continue
            chosen.append(item.edit)
        return combine(text, chosen)

    def suggest(self, text: str, *, limit: int = 5, score_cutoff: float = 50.0,
                context: str | None = None) -> list[Suggestion]:
        """Approved phrasing for a draft, best first: the alternatives to what it flags, then the
        approved phrases of the scenario the draft (or the customer's ``context``) is in, then
        the bank's approved phrases closest to what the draft says.

        Args:
            text: the draft reply.
            limit: at most this many alternatives per finding, and this many other phrases
                (0 for all).
            score_cutoff: the least similarity (0–100) for a phrase found by closeness alone.
            context: what the customer said, if known: it helps recognise the scenario.

        >>> checker = Checker()
        >>> best = checker.suggest("让您久等了,我现在很忙")[0]
        >>> best.reason, best.rule_id is not None
        ('alternative', True)
        """
        situation = detect_scenarios(f"{context or ''}\n{text}", self.bank.scenario_cues)
        return self._rank(text, self.check(text), situation, limit=limit, score_cutoff=score_cutoff)

    def _rank(self, text: str, findings: list[Finding], situation: list[Scenario], *, limit: int = 5,
              score_cutoff: float = 50.0) -> list[Suggestion]:
        sources = {r.id: r.source for r in self.rules}
        return rank_suggestions(text, findings, self.bank.approved, limit=limit,
                                score_cutoff=score_cutoff, scenarios=situation, sources=sources)

    def review(self, text: str, *, revise_at: str = "warning", block_at: str = "error",
               context: str | None = None) -> Review:
        """Review a reply before it is sent (the guardrail call): a verdict, the findings, the
        reply with every rewrite applied, and a prompt for regenerating it.

        Args:
            text: the reply.
            revise_at: the least severity that stops the reply as it is (``pass`` otherwise).
            block_at: the least severity that, left in the rewrite, blocks the reply.
            context: what the customer said, if known (for the scenario and suggestions).

        >>> review = Checker().review("您说的很有道理,但是这个业务需要本人办理")
        >>> review.verdict, [f.rule_id for f in review.findings], review.rewrite
        ('revise', ['ZB004'], '您说的很有道理,同时这个业务需要本人办理')
        """
        findings, folded = self._findings(text)
        fixes = self._fixes(text, findings, folded)
        rewrite = self._fix(text, fixes, unsafe=True) if fixes else text
        remaining = self.check(rewrite) if rewrite != text else findings
        verdict = verdict_of(findings, remaining, revise_at=Severity(revise_at), block_at=Severity(block_at))
        situation = detect_scenarios(f"{context or ''}\n{text}", self.bank.scenario_cues)
        return Review(
            text=text, verdict=verdict, findings=findings, rewrite=rewrite, fixes=fixes,
            remaining=remaining,
            suggestions=self._rank(text, findings, situation) if findings else [],
            scenarios=[s.name for s in situation],
        )

    def stream(self) -> ReplyStream:
        """An incremental check of one reply arriving in chunks (an LLM's stream): ``feed(chunk)``
        returns the findings that can no longer change, each once; ``close()`` the rest."""
        return ReplyStream(self)

    def scenarios(self, text: str, *, context: str | None = None) -> list[str]:
        """The scenarios (``遇到客户抱怨速度太慢时`` …) a draft, or its customer's ``context``,
        is in, most evident first."""
        return [s.name for s in detect_scenarios(f"{context or ''}\n{text}", self.bank.scenario_cues)]

    def tokenize(self, text: str) -> list[str]:
        """The private jieba's words for the folded ``text`` (what the guards look at)."""
        return self._compiled.segmenter.cut(fold(text).text)


def _rebuild(bank: PhraseBank, select: Sequence[str] | None, ignore: Sequence[str],
             packs: Sequence[str] = (), profiles: Sequence[str] = (),
             max_findings: int | None = MAX_FINDINGS) -> Checker:
    return Checker(bank, select=select, ignore=ignore, packs=packs, profiles=profiles,
                   max_findings=max_findings)


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
