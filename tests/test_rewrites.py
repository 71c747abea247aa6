"""Tests generated from the bundled bank's rewrites: every error and warning rule has one, and
``fix(text, unsafe=True)`` turns each bad example into a reply that trips no rule any more."""

from __future__ import annotations

import re

import pytest

import huashu
from huashu._model import Applicability

BANK = huashu.load_bank()
# Reply-level rules look at a whole reply and need a profile; their rewrites are tested with them.
SPAN_RULES = [r for r in BANK.rules if r.match != "reply"]
GRADED = [r for r in BANK.rules if r.severity in ("error", "warning")]
# Every phrase rule on, off-by-default and industry-pack rules included.
CHECKER = huashu.Checker(BANK, select=["ALL"], packs=BANK.packs())
APPLIED = (Applicability.SAFE, Applicability.UNSAFE)
# Rules a fixed reply may still trip: info rules that have no rewrite (QL001 absolute-words flags
# 肯定/一定/不可能 as a hint; 这种情况不可能发生的 has nothing to put in its place).
HINTS = {r.id for r in BANK.rules if r.severity == "info" and not r.rewrites}

try:
    import opencc

    S2T, S2TW = opencc.OpenCC("s2t"), opencc.OpenCC("s2tw")
except ImportError:  # pragma: no cover - opencc is a dependency
    S2T = S2TW = None


def bad_cases(rules: list[huashu.Rule]) -> list[pytest.param]:
    return [pytest.param(r, text, id=f"{r.id}-bad{i}") for r in rules for i, text in enumerate(r.bad_examples)]


def found(text: str) -> list[tuple[str, str]]:
    return [(f.rule_id, f.text) for f in CHECKER.check(text)]


@pytest.mark.parametrize("rule", GRADED, ids=lambda r: r.id)
def test_every_error_and_warning_rule_has_an_applied_rewrite(rule: huashu.Rule) -> None:
    kinds = [w.applicability for w in rule.rewrites]
    assert kinds, f"{rule.id} has no rewrites"
    assert any(k in APPLIED for k in kinds), f"{rule.id} has only display rewrites: fix() cannot change it"


@pytest.mark.parametrize(("rule", "text"), bad_cases([r for r in SPAN_RULES if r.rewrites]))
def test_fixed_bad_example_trips_no_rule(rule: huashu.Rule, text: str) -> None:
    fixed = CHECKER.fix(text, unsafe=True)
    assert fixed != text, f"{rule.id}: fix(unsafe=True) leaves {text!r} as it is"
    left = [(r, t) for r, t in found(fixed) if r not in HINTS]
    assert not left, f"{rule.id}: {text!r} fixed to {fixed!r} still trips {left}"
    # Idempotent: nothing is left to fix.
    assert CHECKER.fix(fixed, unsafe=True) == fixed
    # What is still found (hints) indexes the returned text.
    for f in CHECKER.check(fixed):
        assert fixed[f.start:f.end] == f.text


@pytest.mark.skipif(S2T is None, reason="needs opencc")
@pytest.mark.parametrize(("rule", "text"), bad_cases([r for r in SPAN_RULES if r.rewrites]))
def test_traditional_draft_gets_a_traditional_rewrite(rule: huashu.Rule, text: str) -> None:
    draft = S2T.convert(text)
    if draft == text:
        pytest.skip("nothing to convert")
    fixed = CHECKER.fix(draft, unsafe=True)
    assert fixed != draft
    assert not [(r, t) for r, t in found(fixed) if r not in HINTS], fixed
    new = {c for c in fixed if c not in draft}
    simplified = sorted(c for c in new if S2TW.convert(c) != c)
    assert not simplified, f"{draft!r} fixed to {fixed!r}: simplified {simplified}"


@pytest.mark.parametrize(("rule", "text"), bad_cases([r for r in SPAN_RULES if r.rewrites]))
def test_rewrite_follows_the_drafts_register(rule: huashu.Rule, text: str) -> None:
    informal = text.replace("您", "你")
    formal = text.replace("你们", "\0").replace("你", "您").replace("\0", "你们")
    fixed = CHECKER.fix(informal, unsafe=True)
    if re.search("你(?!们)", informal):  # 你们 alone says nothing about the register
        assert "您" not in fixed, f"{informal!r} fixed to {fixed!r}"
    fixed = CHECKER.fix(formal, unsafe=True)
    assert fixed.count("你") - fixed.count("你们") <= formal.count("你") - formal.count("你们"), fixed


@pytest.mark.parametrize("rule", BANK.rules, ids=lambda r: r.id)
def test_first_alternative_is_sendable_as_is(rule: huashu.Rule) -> None:
    first = rule.alternatives[0]
    for placeholder in ("某某", "…", "作些什么"):
        assert placeholder not in first, f"{rule.id}: first alternative {first!r} has {placeholder!r}"


@pytest.mark.parametrize("rule", [r for r in BANK.rules if r.rewrites], ids=lambda r: r.id)
def test_applied_rewrites_are_sendable_and_check_clean(rule: huashu.Rule) -> None:
    for rewrite in rule.rewrites:
        if rewrite.applicability not in APPLIED:
            continue
        text = rewrite.template.replace("{@他方}", "快递公司").replace("{match}", "").replace("{gap}", "")
        for placeholder in ("某某", "…", "作些什么"):
            assert placeholder not in text, f"{rule.id}: rewrite {rewrite.template!r} has {placeholder!r}"
        assert not found(text), f"{rule.id}: rewrite {rewrite.template!r} trips {found(text)}"


@pytest.mark.parametrize(
    ("draft", "expected"),
    [
        # Two findings of one rule: one rewrite, not the same sentence twice.
        ("这单当时不是我经手的,你别赖我。", "让我看看我能为这件事做些什么。"),
        # Rewrites that end alike share the ending once; a ? after a statement becomes 。.
        ("您非得現在辦嗎?就不能等等嗎?", "我會盡全力幫您儘快辦好。"),
        ("多大点事啊,至于吗?", "遇到这样的情况,我也会很着急。"),
        # A 请问 question keeps (or gets) its question mark.
        ("喂?說話啊!", "喂?您好,請問有什麼可以幫您?"),
        # A span rewrite keeps the rest of the clause.
        ("这个套餐什么时候到期我不知道。", "这个套餐什么时候到期我马上帮您查清楚。"),
        ("谁知道你的卡为什么被停了。", "我马上帮你查一下你的卡为什么被停了。"),
        # A clause rewrite wins over the safe 但是 → 同时 inside its clause (else 我来看看… redeems
        # 规定就是规定 in the next pass and it stays).
        ("我知道您着急，但是规定就是规定，这个退不了。", "我知道您着急，我理解您的感受，我给您解释一下原因，我来看看还有什么别的办法能帮到您。"),
        # A final particle goes with the phrase it followed.
        ("这个优惠什么时候结束我们也不知道呢。", "这个优惠什么时候结束我马上帮您查清楚。"),
        # The rewrite's marks follow the draft's width.
        ("那不是我的工作，你找别人吧。", "这件事由我来帮你处理，我来帮你问清楚，稍后给你回复。"),
        # Register and marks are each line's own (a file holds one reply a line).
        ("这个我不知道，你去问别人吧。\n您非得現在辦嗎?就不能等等嗎?",
         "这个我马上帮你查清楚，我来帮你问清楚，稍后给你回复。\n我會盡全力幫您儘快辦好。"),
        # 你们 alone keeps the template's 您.
        ("你们家网络的事不关我的事。", "这件事我来帮您跟进。"),
        # {@他方}: the party the draft named.
        ("这个您得自己跟快递公司联系。", "我帮您联系快递公司,有结果第一时间告诉您。"),
    ],
)
def test_fix_examples(draft: str, expected: str) -> None:
    assert CHECKER.fix(draft, unsafe=True) == expected


def test_repeated_clause_is_dropped_with_its_seam() -> None:
    from huashu._rewrite import combine as _drop_repeats
    from huashu._fixes import Edit, apply_edits

    text = "甲,乙。"
    assert apply_edits(text, _drop_repeats(text, [Edit(0, 1, "X"), Edit(2, 3, "X")])) == "X。"
    assert apply_edits(text, _drop_repeats(text, [Edit(0, 1, "X,Y"), Edit(2, 3, "Z,Y")])) == "X,Y,Z。"
    assert apply_edits("X,乙。", _drop_repeats("X,乙。", [Edit(2, 3, "X")])) == "X。"
    assert apply_edits("甲,X。", _drop_repeats("甲,X。", [Edit(0, 1, "X")])) == "X。"
    assert apply_edits("X。乙,丙。", _drop_repeats("X。乙,丙。", [Edit(2, 3, "X")])) == "X。丙。"
    # A span edit inside a clause is left alone.
    assert apply_edits("啊甲,X。", _drop_repeats("啊甲,X。", [Edit(1, 2, "X")])) == "啊X,X。"
