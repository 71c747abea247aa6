"""Tests generated from the bundled bank: every rule's examples, forms and exceptions."""

from __future__ import annotations

import functools

import pytest

import huashu
from huashu._bank import clause_marks, expand

BANK = huashu.load_bank()
RULES = BANK.rules
ALL_RULES = huashu.Checker(select=["ALL"])
CORE = huashu.Checker(BANK)


@functools.cache
def with_packs(packs: tuple[str, ...]) -> huashu.Checker:
    """Every rule, the packs ``packs`` included (a pack rule is off unless its pack is on)."""
    return huashu.Checker(BANK, select=["ALL"], packs=packs) if packs else ALL_RULES


def everything(rule: huashu.Rule) -> huashu.Checker:
    """Every rule that runs beside ``rule``: the core ones, and its packs' when it is a pack rule."""
    return with_packs(tuple(rule.packs))


def rule_ids(checker: huashu.Checker, text: str) -> list[str]:
    return [f.rule_id for f in checker.check(text)]


def cases_of(rule: huashu.Rule, kind: str) -> list[tuple[str, str]]:
    """``(text, test id)`` of one rule's examples, forms or exceptions."""
    texts = {"bad": rule.bad_examples, "good": rule.good_examples}.get(kind)
    if kind == "form":
        # A ~ gap may be empty, so the form with its pieces side by side must be found; ^ and $
        # (open and close a clause) hold for a form alone.
        texts = [clause_marks(f)[0].replace("~", "") for f in rule.forms for f in expand(f)] \
            if rule.match == "phrase" else []
    if kind == "exception":
        texts = [e for e in rule.exceptions for e in expand(e)]
    return [(text, f"{rule.id}-{kind}{i}") for i, text in enumerate(texts or ())]


def cases(kind: str) -> list[pytest.param]:
    return [pytest.param(rule, text, id=case_id) for rule in RULES for text, case_id in cases_of(rule, kind)]


@functools.cache
def alone(rule_id: str) -> huashu.Checker:
    """A checker running only ``rule_id``: what the rule finds before overlaps with other rules
    are resolved (the longest finding wins there)."""
    return huashu.Checker(BANK, select=[rule_id])


def test_every_rule_has_bad_and_good_examples() -> None:
    missing = [r.id for r in RULES if not r.bad_examples or not r.good_examples]
    assert not missing, f"rules without bad and good examples: {missing}"


@pytest.mark.parametrize(("rule", "text"), cases("bad"))
def test_bad_example_is_flagged_by_its_rule(rule: huashu.Rule, text: str) -> None:
    assert rule.id in rule_ids(alone(rule.id), text), f"{rule.id} misses {text!r}"
    if rule.match != "reply":  # reply-level rules run only with their review profiles
        assert everything(rule).check(text), f"{text!r} is not flagged with every rule on"
    if rule.packs:
        assert rule.id in rule_ids(huashu.Checker(BANK, packs=rule.packs), text), \
            f"{rule.id} misses {text!r} with its packs {rule.packs} on"
        assert rule.id not in rule_ids(CORE, text), f"pack rule {rule.id} runs with its pack off"


@pytest.mark.parametrize(("rule", "text"), cases("good"))
def test_good_example_is_not_flagged_by_its_rule(rule: huashu.Rule, text: str) -> None:
    found = [(f.rule_id, f.text) for f in everything(rule).check(text)]
    assert rule.id not in [r for r, _ in found], f"{rule.id} flags {text!r}: {found}"
    if rule.packs:
        # A pack's good examples are what its setting should say: nothing flags them.
        assert not found, f"{rule.id} good example {text!r} is flagged with its packs on: {found}"


@pytest.mark.parametrize("rule", [r for r in RULES if r.match == "phrase"], ids=lambda r: r.id)
def test_every_form_is_found_alone(rule: huashu.Rule) -> None:
    # One test per rule, not per form: word sets make thousands of forms.
    missed = []
    for text, _ in cases_of(rule, "form"):
        found = everything(rule).check(text)
        if not any(f.rule_id == rule.id or (f.start == 0 and f.end == len(text)) for f in found):
            missed.append((text, [(f.rule_id, f.text) for f in found]))
    assert not missed, f"{rule.id}: {len(missed)} forms not found alone, e.g. {missed[:5]}"


@pytest.mark.parametrize(("rule", "text"), cases("exception"))
def test_exception_alone_is_not_flagged_by_its_rule(rule: huashu.Rule, text: str) -> None:
    assert rule.id not in rule_ids(everything(rule), text)


@pytest.mark.parametrize("phrase", BANK.approved, ids=lambda a: a.text[:12])
def test_approved_phrase_checks_clean(phrase: huashu.ApprovedPhrase) -> None:
    # Every pack on: an approved phrase is fine in every setting.
    found = [(f.rule_id, f.text) for f in with_packs(tuple(BANK.packs())).check(phrase.text)]
    assert not found, f"approved phrase {phrase.text!r} is flagged: {found}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_alternatives_check_clean(rule: huashu.Rule) -> None:
    for alt in rule.alternatives:
        found = [(f.rule_id, f.text) for f in everything(rule).check(alt)]
        assert not found, f"{rule.id} alternative {alt!r} is flagged: {found}"


@pytest.mark.parametrize("rule", [r for r in RULES if r.rewrites and r.match != "reply"], ids=lambda r: r.id)
def test_rewrite_removes_the_finding(rule: huashu.Rule) -> None:
    checker = everything(rule)
    for text in rule.bad_examples:
        fixed = checker.fix(text, unsafe=True)
        assert rule.id not in rule_ids(checker, fixed), f"{rule.id}: {text!r} fixed to {fixed!r}"


def test_pack_rules_have_a_rewrite() -> None:
    missing = [r.id for r in RULES if r.packs and not r.rewrites]
    assert not missing, f"pack rules without rewrites: {missing}"


def test_sources_are_seed_files_industry_or_a_publisher() -> None:
    from pathlib import Path

    seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    names = {p.name for p in seeds.glob("*.txt")} if seeds.is_dir() else set()
    for item in (*RULES, *BANK.approved):
        if getattr(item, "packs", ()):
            # A pack rule cites the publisher of the published list it comes from.
            assert item.source.strip() and item.source != "industry", item
            continue
        assert item.source == "industry" or item.source.endswith(".txt"), item
        if names and item.source != "industry":
            assert item.source in names, item
