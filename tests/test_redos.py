"""Patterns that can backtrack catastrophically are refused when a bank loads."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import huashu
from huashu._redos import backtracking_risk

CATASTROPHIC = [
    r"(a+)+$",
    r"(a|aa)*$",
    r"(\w*)*$",
    r"(?:a{1,3})+$",
    r"(a|a)*b",
    r"(a?a)+$",
    r"(a?b?)*$",
    r"((ab)*)+$",
    r"([^,]+,?)+$",
    r"(?:\s*,\s*)+$",
    r"(.*a){10}$",
    r"^(([a-z])+.)+[A-Z]([a-z])+$",
    r"(?P<hit>你(?:[^,]+)+)吧",
    r"(?=(a+)+)b",
    r"(?:(?:a|ab)c?)*$",
    r"(?:(?:(?:a){0,6}){1,3}){1,3}$",  # bounded repeats, but 54 runs all told
    r".*a.*b.*c",  # cubic: three runs that can share the text
    r"(?P<hit>\w*)\w*\w*$",
    r"\w*(?:.+|\w*){1,3}b",
]
SAFE = [
    r"(?>a+)+$",  # atomic: never backtracks into the group
    r"(?:a++)+$",  # possessive
    r"(?:ab)+",
    r"a*b*c*",
    r"(\w|\d)+$",  # re folds the alternatives into one character class
    r"(?:对|是的|是){1,3}但是",  # overlapping, but at most three times
    r"(?:\d{3}-)+",
    r"[^,]{0,8}?(?:部门|公司)",
    r"(?:ab?)+c",
    r"(?:(?:a|b)c)+",
    r".*a.*b",  # two runs: quadratic at worst
    r"[^,]*,[^,]*,[^,]*",  # the commas keep the runs apart
    r"(?:[^,]*,){1,3}",
    r"(?:a{0,6}){1,3}",  # at most 7**3 ways
    r".*+a.*+b.*+c",  # possessive runs never give text back
]


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_catastrophic_shapes_are_found(pattern: str) -> None:
    assert backtracking_risk(pattern) is not None


@pytest.mark.parametrize("pattern", SAFE)
def test_safe_shapes_pass(pattern: str) -> None:
    assert backtracking_risk(pattern) is None


def test_every_bundled_pattern_passes(bank: huashu.PhraseBank) -> None:
    patterns = [(r.id, f) for r in bank.rules if r.match == "pattern" for f in r.forms]
    assert patterns
    assert [(rid, f) for rid, f in patterns if backtracking_risk(f) is not None] == []


def _bank(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "user.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def test_user_bank_with_catastrophic_pattern_is_refused_at_load(tmp_path: Path) -> None:
    path = _bank(tmp_path, """\
        rules:
          - id: TW901
            name: slow-rule
            category: 推诿
            severity: error
            source: user
            message: 测试
            match: pattern
            forms: ['(?P<hit>你去问)', '(a+)+$']
            anchors: [问, a]
            alternatives: [我来帮您查询]
            examples: {bad: [你去问]}
        """)
    with pytest.raises(huashu.BankError) as info:
        huashu.load_bank(path)
    (problem,) = info.value.problems
    assert problem.path == str(path)
    assert "TW901" in problem.entry
    assert problem.field == "forms[1]"
    assert "catastrophically" in str(problem) and "(?>" in str(problem)
    with pytest.raises(huashu.BankError):
        huashu.Checker(path)


def test_extending_a_pattern_rule_checks_the_new_forms(tmp_path: Path, bank: huashu.PhraseBank) -> None:
    rid = next(r.id for r in bank.rules if r.match == "pattern")
    path = _bank(tmp_path, f"""\
        extend:
          {rid}:
            forms: ['(你去+)+问', '(']
        """)
    with pytest.raises(huashu.BankError) as info:
        huashu.load_bank(path)
    found = sorted((p.entry, p.field, p.message.split(":")[0]) for p in info.value.problems)
    assert found == [
        (f"extend.{rid}", "forms[0]", "can backtrack catastrophically"),
        (f"extend.{rid}", "forms[1]", "bad regular expression"),
    ]


def test_the_check_itself_is_fast_on_deeply_nested_groups() -> None:
    import time

    # Without memoising each group's answer, 12 levels took 50 s (3**depth).
    patterns = ["(?:x" * 40 + "a*" + "){1,2}" * 40, "(?:" * 60 + "a*b" + ")?" * 60,
                "(?:x" * 60 + "a*" + "){1,1}" * 60]
    started = time.monotonic()
    for pattern in patterns:
        backtracking_risk(pattern)
    assert time.monotonic() - started < 5
