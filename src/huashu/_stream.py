"""Checking a reply while it streams in, chunk by chunk, as an LLM writes it.

A finding is yielded once it can no longer change: what follows it can still close its clause,
join a longer overlapping phrase, or (for a rule that offers redeem) redeem it with an offer
within ``REDEEM_REACH`` characters; so a finding is final only once a clause mark (which folding
never removes) stands between it and the end of what has arrived, at least ``_NEAR`` characters
from that end (``MARGIN`` for a redeemable rule). Each
finding is yielded exactly once and never retracted; ``feed`` yields in text order. ``close``
yields the rest, including the reply-level findings (greeting, closing …), which need the whole
reply. For any split of a text into chunks, the findings yielded equal ``check(text)``.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from ._match import REDEEM_REACH
from ._model import Finding

if TYPE_CHECKING:
    from ._checker import Checker

__all__ = ["ReplyStream"]

# Characters a finding must lie behind the end of the text: room for a longer phrase that could
# overlap it, and for a refusal the redemption reach of an offer that may still follow it.
_NEAR = 24
MARGIN = REDEEM_REACH + _NEAR
# Clause marks that end a finding's context: folding never takes them for filler.
_HARD = frozenset("。！？；，\n!?;")
# Re-check only after this much new text (or a clause mark): a token-by-token stream then
# costs a few checks per clause, not one per token.
_STEP = 24


class ReplyStream:
    """An incremental check of one reply (from :meth:`huashu.Checker.stream`).

    >>> import huashu
    >>> stream = huashu.Checker().stream()
    >>> found = []
    >>> for chunk in ["您好,这个", "我不知道,", "请您去问问别人。" * 10]:
    ...     found += [f.rule_id for f in stream.feed(chunk)]
    >>> found += [f.rule_id for f in stream.close()]
    >>> found == [f.rule_id for f in huashu.check("您好,这个我不知道," + "请您去问问别人。" * 10)]
    True
    """

    def __init__(self, checker: Checker) -> None:
        self._checker = checker
        self._text = ""
        self._done = 0  # findings yielded so far (all of them before ``_frontier``)
        self._frontier = 0
        self._checked = 0  # length of the text at the last check
        self._hard: list[int] = []  # where the clause marks are
        self._closed = False

    @property
    def text(self) -> str:
        """The reply so far."""
        return self._text

    def feed(self, chunk: str) -> list[Finding]:
        """Add ``chunk`` and return the findings that became final, in text order."""
        if self._closed:
            raise ValueError("feed() after close()")
        if not isinstance(chunk, str):
            raise TypeError(f"feed() takes a str, not {type(chunk).__name__}")
        base = len(self._text)
        self._text += chunk
        self._hard += [base + i for i, c in enumerate(chunk) if c in _HARD]
        grown = len(self._text) - self._checked
        if grown < _STEP and not any(c in _HARD for c in chunk):
            return []
        if self._last_hard(len(self._text) - _NEAR) < self._frontier:
            return []  # no clause has closed far enough behind the end since the last check
        self._checked = len(self._text)
        reply_level = {r.id for r in self._checker._reply_rules}
        findings = [f for f in self._checker.check(self._text) if f.rule_id not in reply_level]
        out = []
        for finding in findings[self._done:]:
            redeemable = bool(self._checker._by_id[finding.rule_id].unless_followed_by)
            mark = self._last_hard(len(self._text) - (MARGIN if redeemable else _NEAR))
            if mark < finding.end:
                break
            out.append(finding)
        self._done += len(out)
        if out:
            self._frontier = out[-1].end
        return out

    def close(self) -> list[Finding]:
        """The reply is complete: return every finding not yielded yet (reply-level ones too)."""
        if self._closed:
            return []
        self._closed = True
        reply_level = {r.id for r in self._checker._reply_rules}
        findings = self._checker.check(self._text)
        span_findings = [f for f in findings if f.rule_id not in reply_level]
        rest = span_findings[self._done:] + [f for f in findings if f.rule_id in reply_level]
        return sorted(rest, key=lambda f: (f.start, f.end, f.rule_id))

    def _last_hard(self, limit: int) -> int:
        """The last clause mark before ``limit`` (``-1`` if none)."""
        i = bisect.bisect_left(self._hard, limit) - 1
        return self._hard[i] if i >= 0 else -1
