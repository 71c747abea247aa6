"""One-line assertions for checker tests."""

from __future__ import annotations

import huashu


def flagged(checker: huashu.Checker, text: str) -> list[tuple[str, str]]:
    return [(f.rule_id, f.text) for f in checker.check(text)]


def assert_flags(checker: huashu.Checker, text: str, phrase: str, *, rule: str | None = None) -> None:
    """Some finding covers ``phrase`` in ``text`` (and is of ``rule``, an id or prefix, if given)."""
    at = text.index(phrase)
    findings = checker.check(text)
    hits = [f for f in findings if f.start < at + len(phrase) and at < f.end]
    assert hits, f"{phrase!r} not flagged in {text!r}; findings: {flagged(checker, text)}"
    if rule is not None:
        assert any(f.rule_id.startswith(rule) for f in hits), (
            f"{phrase!r} in {text!r} flagged as {[f.rule_id for f in hits]}, expected {rule}"
        )


def assert_clean(checker: huashu.Checker, text: str) -> None:
    findings = checker.check(text)
    assert not findings, f"{text!r} should be clean, got {flagged(checker, text)}"
