"""Recommendation: rewrites filled in the draft's register, suggestions by scenario, reply-level
rules, the guardrail review and the streaming check."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import huashu

BANK = """\
version: 1
settings:
  sets:
    他方: [快递公司, 物业, 银行]
rules:
  - id: TW901
    name: ask-them
    category: 推诿
    severity: error
    source: user
    message: 把客户推给别人。
    forms: ["你去问{@他方}"]
    alternatives: [我来帮您联系]
    rewrites:
      - {to: "我来帮您联系{@他方}", applicability: unsafe}
    examples: {bad: [你去问快递公司], good: [我来帮您联系快递公司]}
  - id: ZB901
    name: so-simple
    category: 争辩指责
    severity: warning
    source: user
    message: 嘲讽客户。
    forms: ["这么简单~都不会"]
    alternatives: [我来一步一步教您]
    rewrites:
      - {to: "{gap}我来一步一步教您", applicability: display}
    examples: {bad: [这么简单的操作都不会], good: [我来一步一步教您]}
  - id: JJ901
    name: dont-know
    category: 否定拒绝
    severity: error
    source: user
    message: 一句“不知道”把客户推开了。
    forms: ["{我|我们}不知道"]
    alternatives: [我会找出的]
    rewrites:
      - {to: 这个问题我马上帮您查清楚, applicability: unsafe, scope: clause}
    examples: {bad: [这个我不知道], good: [不知道您现在方便吗]}
  - id: ZB902
    name: but
    category: 争辩指责
    severity: warning
    source: user
    message: 先认同再转折。
    match: pattern
    forms: ['(?P<agree>有道理|说得对)[,，]?(?P<hit>但是)']
    anchors: [但是]
    alternatives: [同时]
    rewrites:
      - {to: 同时, applicability: safe}
    examples: {bad: [您说得对,但是不行], good: [您说得对,同时我们会跟进]}
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> huashu.Checker:
    path = tmp_path_factory.mktemp("bank") / "bank.yaml"
    path.write_text(BANK, encoding="utf-8")
    return huashu.Checker(huashu.load_bank(path, extend_default=False))


# --- rewrites -----------------------------------------------------------------------------


def test_set_placeholder_names_the_party(small: huashu.Checker) -> None:
    assert small.fix("这事你去问物业吧", unsafe=True) == "这事我来帮你联系物业"  # the draft says 你; 吧 goes with the phrase
    assert small.fix("您这事你去问物业吧") == "您这事你去问物业吧"  # unsafe: not applied by default
    assert small.fix("您这事你去问银行吧", unsafe=True) == "您这事我来帮您联系银行"


def test_clause_scope_replaces_the_clause_and_keeps_its_marks(small: huashu.Checker) -> None:
    assert small.fix("您好,这个我不知道,抱歉。", unsafe=True) == "您好,这个问题我马上帮您查清楚,抱歉。"


def test_display_rewrites_are_shown_never_applied(small: huashu.Checker) -> None:
    text = "这么简单的操作都不会吗"
    (fix,) = small.fixes(text)
    assert fix.applicability is huashu.Applicability.DISPLAY
    assert fix.edit.content == "的操作我来一步一步教您"
    assert small.fix(text, unsafe=True) == text


def test_safe_rewrite_is_the_finding_fix(small: huashu.Checker) -> None:
    (finding,) = small.check("您说得对,但是不行")
    assert finding.fix == "同时"
    assert small.fix("您说得对,但是不行") == "您说得对,同时不行"


def test_rewrites_follow_the_drafts_register(small: huashu.Checker) -> None:
    assert small.fix("你好,这个我不知道", unsafe=True) == "你好,这个问题我马上帮你查清楚"
    assert small.fix("您好,這個我不知道", unsafe=True) == "您好,這個問題我馬上幫您查清楚"


def test_bad_placeholders_are_bank_errors(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = BANK.replace('"我来帮您联系{@他方}"', '"我来帮您联系{@nobody}"').replace(
        "applicability: display", "applicability: maybe")
    path = tmp_path / "bank.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(huashu.BankError) as err:
        huashu.load_bank(path, extend_default=False)
    text = str(err.value)
    assert "TW901" in text and "rewrites[0].to" in text and "{@nobody}" in text
    assert "ZB901" in text and "rewrites[0].applicability" in text


def test_older_fix_key_still_loads_as_a_rewrite(tmp_path) -> None:  # type: ignore[no-untyped-def]
    old = BANK.replace("    rewrites:\n      - {to: 同时, applicability: safe}\n",
                       "    fix: {replacement: 同时, safe: true}\n")
    path = tmp_path / "bank.yaml"
    path.write_text(old, encoding="utf-8")
    rule = huashu.load_bank(path, extend_default=False).rule("ZB902")
    assert rule.rewrites == (huashu.Rewrite("同时", huashu.Applicability.SAFE, "span"),)


# --- review -------------------------------------------------------------------------------


def test_review_verdicts(small: huashu.Checker) -> None:
    assert small.review("您好,请问有什么可以帮您?").verdict == "pass"
    review = small.review("这个我不知道")
    assert review.verdict == "revise"  # the rewrite leaves nothing
    assert review.rewrite == "这个问题我马上帮您查清楚"
    assert not review.remaining
    blocked = small.review("这么简单的操作都不会吗")
    assert blocked.verdict == "revise"  # a warning; nothing at error level remains
    assert small.review("这么简单的操作都不会吗", block_at="warning").verdict == "block"


def test_review_prompt_names_each_span_why_and_what_instead(small: huashu.Checker) -> None:
    prompt = small.review("您好,这个我不知道,你去问物业吧").to_prompt()
    assert prompt.startswith("请重写下面这条客服回复,它有 2 处不当说法:".replace(",", "，").replace(":", "："))
    assert "“我不知道”" in prompt and "一句“不知道”把客户推开了" in prompt
    assert "可改为“这个问题我马上帮您查清楚”" in prompt and "“你去问物业”" in prompt
    assert prompt.endswith("原回复：您好,这个我不知道,你去问物业吧")


def test_review_to_dict_is_json(small: huashu.Checker) -> None:
    data = json.loads(json.dumps(small.review("这个我不知道").to_dict(), ensure_ascii=False))
    assert data["verdict"] == "revise" and data["findings"][0]["rule_id"] == "JJ901"
    assert data["fixes"][0]["applicability"] == "unsafe" and data["prompt"]


# --- streaming ----------------------------------------------------------------------------


def streamed(checker: huashu.Checker, chunks: list[str]) -> list[huashu.Finding]:
    stream = checker.stream()
    out = []
    for chunk in chunks:
        got = stream.feed(chunk)
        assert all(a.start <= b.start for a, b in zip(got, got[1:]))
        out += got
    return out + stream.close()


REPLY = ("您好,这个我不知道,那不是我的错。你冷静一点!我现在很忙,你去问别人吧。"
         "这个业务我们办不了,您说得对,但是规定就是规定。请问还有什么需要我为您做的吗?")


@settings(max_examples=40, deadline=None)
@given(cuts=st.lists(st.integers(min_value=0, max_value=len(REPLY) * 3), max_size=40))
def test_streamed_findings_equal_the_batch_check(checker: huashu.Checker, cuts: list[int]) -> None:
    text = REPLY * 3
    points = sorted(set(c for c in cuts if 0 < c < len(text)))
    chunks = [text[a:b] for a, b in zip([0, *points], [*points, len(text)])]
    assert streamed(checker, chunks) == checker.check(text)


def test_stream_yields_early_and_never_twice(checker: huashu.Checker) -> None:
    stream = checker.stream()
    first = stream.feed("这个我不知道。" + "账单上写的是上个月的费用," * 6)
    assert [f.rule_id for f in first] == ["JJ001"]
    assert stream.feed("请稍等。") == []
    assert stream.close() == []
    with pytest.raises(ValueError):
        stream.feed("x")


def test_reply_level_findings_come_at_close() -> None:
    checker = huashu.Checker(profiles=["chat"])
    stream = checker.stream()
    assert stream.feed("您好,你的快递明天到。" + "我们会及时通知您物流进度的,请留意短信。" * 4) == []
    rest = stream.close()
    assert "RP004" in [f.rule_id for f in rest]
    assert rest == checker.check(stream.text)


# --- suggestions by scenario ---------------------------------------------------------------


def test_suggest_detects_the_scenario_and_ranks_its_phrases(checker: huashu.Checker) -> None:
    assert checker.scenarios("让您久等了,排队的人太多")[0] == "遇到客户抱怨速度太慢时"
    ranked = checker.suggest("让您久等了,排队的人太多")
    assert ranked[0].reason == "scenario" and ranked[0].scenario == "遇到客户抱怨速度太慢时"
    assert "遇到客户抱怨速度太慢时" in ranked[0].scenarios and ranked[0].source.endswith(".txt")


def test_suggest_uses_the_customers_words(checker: huashu.Checker) -> None:
    ranked = checker.suggest("好的,我看一下", context="我要找你们领导!")
    assert ranked and ranked[0].scenario == "遇到客户想直接找领导时"


def test_suggest_limit_is_per_finding(checker: huashu.Checker) -> None:
    ranked = checker.suggest("这个我不知道,你冷静一点", limit=1)
    alternatives = [s for s in ranked if s.reason == "alternative"]
    assert len({s.rule_id for s in alternatives}) == 2 and len(alternatives) == 2


# --- reply-level rules --------------------------------------------------------------------


@pytest.mark.parametrize(("text", "rule"), [
    ("这个业务需要本人带身份证来办理。", "RP001"),
    ("您好,您的宽带已经恢复了。", "RP002"),
    ("您好,是我们的失误,账单已经出了。请问还有什么需要?", "RP003"),
    ("您好,你的快递明天到。请问还有什么需要?", "RP004"),
    ("您好,很抱歉,这个业务无法受理。请问还有什么需要?", None),
])
def test_reply_checks(text: str, rule: str | None) -> None:
    found = [f.rule_id for f in huashu.Checker(profiles=["chat", "complaint"]).check(text)]
    if rule is None:
        assert not [r for r in found if r.startswith("RP00") and r != "RP005"] or found
    else:
        assert rule in found, found
    assert not [r for r in (f.rule_id for f in huashu.check(text)) if r.startswith("RP")]  # off without a profile


def test_reply_rules_are_clean_on_a_full_polite_reply() -> None:
    checker = huashu.Checker(profiles=["chat", "phone", "counter", "complaint"])
    text = "您好,非常抱歉,是我们的失误,我马上为您更正账单。请问还有什么需要我为您做的吗?"
    assert checker.check(text) == []


def test_unknown_profile_or_pack_is_an_error() -> None:
    with pytest.raises(huashu.SelectorError, match="no profile 'web'"):
        huashu.Checker(profiles=["web"])


def test_guardrail_example_runs_to_a_passing_reply(checker: huashu.Checker) -> None:
    import runpy
    from pathlib import Path

    example = runpy.run_path(str(Path(__file__).resolve().parents[1] / "examples" / "guardrail.py"))
    sent = example["reply_to"](example["CUSTOMER"], checker)
    assert checker.review(sent).verdict == "pass"
