"""Assertions for tests of reply templates, bots and LLM pipelines.

One line guards a reply in a test::

    from huashu.testing import assert_polite

    def test_greeting():
        assert_polite(bot.greet())

A failing reply raises :class:`AssertionError` with one bullet per forbidden phrase: the rule,
the phrase marked in its line, why it must not be said, and what to say instead. The pytest
plugin (:mod:`huashu.pytest_plugin`) adds the ``huashu_checker`` fixture and the ``huashu_bank``
option; :mod:`huashu.strategies` generates replies for hypothesis.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

from ._checker import Checker, SelectorError, _matches, default_checker
from ._formats import display_width
from ._model import Finding, Severity

__all__ = ["assert_polite"]

# Set by the pytest plugin while a session has ``huashu_bank`` / ``--huashu-bank``: then
# ``assert_polite(text)`` checks against the project's bank, like the ``huashu_checker`` fixture.
_session_bank: Path | None = None

_checkers: dict[Path, Checker] = {}
_checkers_lock = threading.Lock()

_CONTEXT = 24  # characters of the line shown either side of a phrase in a long line
_MAX_SUGGESTIONS = 3


def assert_polite(
    text: str,
    *,
    checker: Checker | None = None,
    severity: str | Severity = "warning",
    ignore: Iterable[str] = (),
) -> None:
    """Fail when ``text`` has a forbidden phrase at or above ``severity``.

    Args:
        text: the reply to check.
        checker: the :class:`huashu.Checker` to use. ``None`` uses the bundled bank, or under
            pytest the project bank named by the ``huashu_bank`` ini option or ``--huashu-bank``
            (the same Checker the ``huashu_checker`` fixture gives).
        severity: the least severity that fails: ``"error"``, ``"warning"`` (the default) or
            ``"info"``.
        ignore: findings to accept here: rule ids (``JJ001``), id prefixes (``JJ``),
            categories (``否定拒绝``) or rule names (``dont-know``).

    Raises:
        AssertionError: the reply has findings; the message lists each one with the rule, the
            phrase marked in its line, why, and what to say instead.
        ValueError: ``severity`` is not a severity, or an ``ignore`` entry matches no rule of the
            checker's bank (:class:`huashu.SelectorError`).
        TypeError: ``text`` is not a ``str``.
    """
    __tracebackhide__ = True
    try:
        threshold = Severity(severity)
    except ValueError:
        raise ValueError(
            f"severity must be 'error', 'warning' or 'info', not {severity!r}"
        ) from None
    if isinstance(ignore, str):
        ignore = (ignore,)
    ignored = tuple(ignore)
    if checker is None:
        checker = _checker_for(_session_bank)
    rules = checker.bank.rules
    for selector in ignored:
        if not any(_matches(selector, rule) for rule in rules):
            raise SelectorError(
                f"ignore entry {selector!r} matches no rule id, id prefix, category or name"
            )
    findings = [
        f
        for f in checker.check(text)
        if f.severity >= threshold
        and not any(_matches(s, checker.bank.rule(f.rule_id)) for s in ignored)
    ]
    if findings:
        raise AssertionError(_failure_message(text, findings, threshold, checker))


def _checker_for(bank: Path | None) -> Checker:
    """The shared Checker of ``bank`` (layered over the bundled bank), or the default one."""
    if bank is None:
        return default_checker()
    with _checkers_lock:
        checker = _checkers.get(bank)
        if checker is None:
            checker = _checkers[bank] = Checker(bank=bank)
        return checker


# --- the failure message -----------------------------------------------------------------


def _failure_message(
    text: str, findings: Sequence[Finding], threshold: Severity, checker: Checker
) -> str:
    count = len(findings)
    noun = "phrase" if count == 1 else "phrases"
    out = [f"{count} forbidden {noun} in the reply (severity {threshold} or higher):", ""]
    for finding in findings:
        out.extend(_bullet(text, finding, checker))
        out.append("")
    ids = ", ".join(f'"{i}"' for i in dict.fromkeys(f.rule_id for f in findings))
    out.append("Reword the reply as suggested above. If a phrase is acceptable in this reply,")
    remedy = f"pass ignore=[{ids}] to assert_polite"
    if any(f.severity < Severity.ERROR for f in findings):
        remedy += ' (or severity="error" to fail on errors only)'
    out.append(remedy + ".")
    return "\n".join(out)


def _bullet(text: str, finding: Finding, checker: Checker) -> list[str]:
    try:
        name = f" {checker.bank.rule(finding.rule_id).name}"
    except KeyError:
        name = ""
    line_no, col, shown, marks = _mark(text, finding.start, finding.end)
    out = [
        f"- {finding.rule_id}{name} ({finding.category}, {finding.severity}) "
        f"at line {line_no}, column {col}: “{finding.text}”",
        f"      {shown}",
        f"      {marks}",
        f"  why: {finding.message}",
    ]
    if finding.suggestions:
        tips = " / ".join(f"“{s}”" for s in finding.suggestions[:_MAX_SUGGESTIONS])
        out.append(f"  say instead: {tips}")
    if finding.fix is not None:
        out.append(f"  fix: Checker.fix() replaces it with “{finding.fix}”")
    return out


def _mark(text: str, start: int, end: int) -> tuple[int, int, str, str]:
    """Line and column (1-based) of ``start``, its line clipped around the span, and carets."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    if line_end < 0:
        line_end = len(text)
    line_no = text.count("\n", 0, start) + 1
    col = start - line_start + 1
    end = min(end, line_end)
    lo = max(line_start, start - _CONTEXT)
    hi = min(line_end, end + _CONTEXT)
    before = ("…" if lo > line_start else "") + text[lo:start]
    phrase = text[start:end]
    after = text[end:hi] + ("…" if hi < line_end else "")
    shown = _printable(before) + _printable(phrase) + _printable(after)
    marks = " " * display_width(_printable(before)) + "^" * max(1, display_width(_printable(phrase)))
    return line_no, col, shown.rstrip(), marks


def _printable(s: str) -> str:
    """``s`` with tabs and carriage returns as spaces, so the carets stay under the phrase."""
    return s.replace("\t", " ").replace("\r", " ")
