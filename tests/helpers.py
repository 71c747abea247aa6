"""One-line assertions for checker tests, and a small user bank that several tests share."""

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


# Two rules, one error and one warning: the bank of the QA and Dask tests (the QA tests add to it).
TWO_RULES = """\
version: 1
rules:
  - id: JJ001
    name: dont-know
    category: 否定拒绝
    severity: error
    source: user
    message: 一句“不知道”把客户推开了。
    forms: ["{我|我们}不知道"]
    alternatives: [我帮您查一下]
    examples: {bad: [我不知道], good: ["不知道您现在方便吗?"]}
  - id: ZB001
    name: calm-down
    category: 争辩指责
    severity: warning
    source: user
    message: 叫客户冷静等于指责客户。
    forms: [冷静一点]
    alternatives: [非常抱歉给您添麻烦了]
    examples: {bad: [你冷静一点], good: [请您放心]}
"""
