"""Checking a reply while it streams in, chunk by chunk, as an LLM writes it.

A finding is yielded once it can no longer change: what follows it can still redeem it (an
offer within ``REDEEM_REACH`` characters), close its clause, or join a longer overlapping
phrase, so a finding is final only once it is ``MARGIN`` characters behind the end of what has
arrived and a clause mark (which folding never removes) stands between it and that end. Each
finding is yielded exactly once and never retracted; ``feed`` yields in text order. ``close``
yields the rest, including the reply-level findings (greeting, closing …), which need the whole
reply. For any split of a text into chunks, the findings yielded equal ``check(text)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._match import REDEEM_REACH
from ._model import Finding

if TYPE_CHECKING:
    from ._checker import Checker

__all__ = ["ReplyStream"]

# Characters a finding must lie behind the end of the text: the redemption reach, and room for
# the longest phrase that could overlap it from the left.
MARGIN = REDEEM_REACH + 24
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
        self._text += chunk
        grown = len(self._text) - self._checked
        if grown < _STEP and not any(c in _HARD for c in chunk):
            return []
        frontier = self._stable_end()
        if frontier <= self._frontier:
            return []
        self._checked = len(self._text)
        reply_level = {r.id for r in self._checker._reply_rules}
        findings = [f for f in self._checker.check(self._text) if f.rule_id not in reply_level]
        out = []
        for finding in findings[self._done:]:
            if finding.end > frontier:
                break
            out.append(finding)
        self._done += len(out)
        self._frontier = frontier
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

    def _stable_end(self) -> int:
        """The end of the text that what comes next can no longer change findings in."""
        limit = len(self._text) - MARGIN
        for i in range(limit - 1, self._frontier - 1, -1):
            if self._text[i] in _HARD:
                return i
        return self._frontier
