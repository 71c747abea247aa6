from __future__ import annotations

from pathlib import Path
import json
import pickle
import subprocess
import sys
import threading

import pytest

import huashu
from helpers import assert_clean, assert_flags


# -- what it catches (issue #2, section 3) ---------------------------------------------------

@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("我不知道,那不是我的错", "我不知道"),
        ("我不知道,那不是我的错", "那不是我的错"),
        ("那不是我的錯,您找別人吧", "那不是我的錯"),  # traditional
        ("冷靜一點!", "冷靜一點"),
        ("我不知道", "我不知道"),  # full-width
        ("我 不 知 道", "我 不 知 道"),  # spaced out
        ("冷-静-一-点", "冷-静-一-点"),
        ("我\u200b不\u200b知道", "我\u200b不\u200b知道"),  # zero-width
        ("我我我不知道", "我我我不知道"),  # repeats
        ("我真的不知道", "我真的不知道"),  # adverb inserted
        ("那可不是我的错", "那可不是我的错"),
        ("我也不知道啊", "我也不知道"),
        ("我不知到", "我不知到"),  # one-character typo
        ("您冷静一点好不好", "冷静一点"),  # 您 for 你
        ("你需要和经理通话", "你需要和经理通话"),
        ("我现在很忙,你等着吧", "我现在很忙"),
    ],
)
def test_catches_variants(checker: huashu.Checker, text: str, phrase: str) -> None:
    assert_flags(checker, text, phrase)


@pytest.mark.parametrize(
    "text",
    [
        "您看这样行不行?",
        "不行的话我们再换一个",
        "不知道您现在方便吗?",
        "这不是您的错,是我们的问题",
        "您是对的,这确实是我们的失误",
        "如果您不行使退订权利",
        "根据规定需要本人办理,不过我可以先帮您预约",
        "这是能帮助您的王经理",
        "您好,请问有什么可以帮您?",
        "非常抱歉给您带来不便,我马上为您查询。",
        "我们知道您很着急,我马上帮您处理。",
    ],
)
def test_leaves_polite_near_misses_alone(checker: huashu.Checker, text: str) -> None:
    assert_clean(checker, text)


@pytest.mark.parametrize(
    "text",
    [
        # Not knowing how to apologise or thank is contrition, not "I don't know".
        "我也不知道该怎么表达歉意",
        "我都不知道该说什么好了,真是对不起",
        "真不知道该如何向您表达我们的歉意",
        "我不知道该怎么感谢您才好",
        # The customer's repetition owned with an apology is empathy, not impatience.
        "您说了好几遍,是我们没处理好,非常抱歉",
        "抱歉让您说了好几遍,我马上帮您处理",
        "您都说了好几遍了,实在对不起,这次我一定跟进到底",
        "辛苦您说了这么多遍,我来帮您跟进",
    ],
)
def test_apology_and_empathy_are_not_forbidden(checker: huashu.Checker, text: str) -> None:
    assert_clean(checker, text)


@pytest.mark.parametrize(
    ("text", "phrase", "rule"),
    [
        ("我也不知道该怎么办", "我也不知道", "JJ001"),
        ("这个我不知道,抱歉", "我不知道", "JJ001"),
        ("我不知道该怎么跟你解释,你自己看吧", "我不知道", "JJ001"),
        ("你都说了好几遍了", "你都说了好几遍了", "CC009"),
        ("您都说了好几遍了,我马上帮您处理", "您都说了好几遍了", "CC009"),
        ("这些我都知道了,还有别的吗", "这些我都知道了", "CC009"),
        ("我已经说了三遍了", "我已经说了三遍了", "ZB007"),
    ],
)
def test_the_real_phrases_next_to_apologies_are_still_found(checker: huashu.Checker, text: str, phrase: str,
                                                            rule: str) -> None:
    assert_flags(checker, text, phrase, rule=rule)


@pytest.mark.parametrize(
    ("text", "phrase", "rule"),
    [
        # Each rule's message describes what it matched (issue #13's message audit): the forms
        # that meant something else moved to the rule whose message says it.
        ("您都说了好几遍了", "您都说了好几遍了", "CC009"),  # not CC008's "speak briefly"
        ("别催了,催也没用", "别催了", "CC010"),  # not CC003's "hurry up"
        ("别刷屏,我看得到", "别刷屏", "CC010"),  # not CC001's "I am busy"
        ("请勿反复催促", "请勿反复催促", "CC010"),  # not LM004's "later"
        ("我马上要交班了", "我马上要交班了", "CC006"),  # closing time, not "busy"
        ("现在是午休时间", "现在是午休时间", "CC006"),
        ("你先在旁边等着", "你先在旁边等着", "CC005"),  # "wait", not "later"
        ("这里办不了", "这里办不了", "TW012"),  # "not handled here", not "ask someone else"
        ("本渠道不予解答", "本渠道不予解答", "TW012"),
        ("我们无能为力", "我们无能为力", "JJ008"),
        ("别来找我们", "别来找我们", "FC002"),  # sulking, not mockery
        ("你这说法站不住", "你这说法站不住", "ZB015"),  # contradiction, not talking down
        ("对此不承担责任", "对此不承担责任", "TW002"),  # our fault denied, not the customer blamed
        ("你爱接受不接受", "你爱接受不接受", "FC006"),  # take it or not, not a rule
        ("你这破手机", "破手机", "FC005"),  # an insult, not blame
        ("不会用就别用", "不会用就别用", "FC004"),  # take it or leave it, not "can't afford"
        ("你耳朵聋了", "耳朵聋了", "FC005"),  # an insult, not a cold opening
        ("别耽误我工作", "别耽误我工作", "CC001"),  # "I am busy", not an interruption
    ],
)
def test_a_finding_carries_the_message_of_what_it_matched(checker: huashu.Checker, text: str, phrase: str,
                                                          rule: str) -> None:
    assert_flags(checker, text, phrase, rule=rule)
    at = text.index(phrase)
    assert {f.rule_id for f in checker.check(text) if f.start < at + len(phrase) and at < f.end} == {rule}


# -- findings ------------------------------------------------------------------------------

def test_finding_fields(checker: huashu.Checker) -> None:
    text = "您好,我不知道。"
    (f,) = checker.check(text)
    assert text[f.start : f.end] == f.text == "我不知道"
    assert f.severity in ("error", "warning", "info")
    assert isinstance(f.severity, huashu.Severity)
    assert f.score == 100.0
    assert f.message and f.suggestions
    assert f.suggestions[0] == "我会找出的"
    data = f.to_dict()
    assert set(data) == {"rule_id", "category", "severity", "start", "end", "text", "score",
                         "message", "suggestions", "fix"}
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_findings_are_in_text_order(checker: huashu.Checker) -> None:
    findings = checker.check("冷静一点,我现在很忙,我不知道,那不是我的错")
    assert [f.start for f in findings] == sorted(f.start for f in findings)
    assert len(findings) == 4


def test_typo_scores_below_exact(checker: huashu.Checker) -> None:
    (exact,) = checker.check("我不知道")
    (typo,) = checker.check("我不知到")
    assert typo.score < exact.score == 100


def test_module_level_shortcuts() -> None:
    assert [f.text for f in huashu.check("我不知道")] == ["我不知道"]
    assert huashu.fix("您好") == "您好"


def test_check_rejects_non_text(checker: huashu.Checker) -> None:
    with pytest.raises(TypeError):
        checker.check(b"bytes")  # type: ignore[arg-type]


def test_empty_and_whitespace(checker: huashu.Checker) -> None:
    assert checker.check("") == []
    assert checker.check(" \n\t") == []


# -- select / ignore -----------------------------------------------------------------------

def test_select_and_ignore_by_prefix_and_category(checker: huashu.Checker) -> None:
    text = "我不知道,那不是我的错"
    ids = [f.rule_id for f in checker.check(text)]
    assert len(ids) == 2
    only = huashu.Checker(select=[ids[1][:2]])
    assert [f.rule_id for f in only.check(text)] == [ids[1]]
    category = checker.check(text)[0].category
    without = huashu.Checker(ignore=[category])
    assert all(f.category != category for f in without.check(text))


def test_unknown_selector_is_an_error() -> None:
    with pytest.raises(huashu.SelectorError):
        huashu.Checker(select=["NOPE"])


def test_opt_in_rules_run_only_when_selected(bank: huashu.PhraseBank) -> None:
    off = [r for r in bank.rules if not r.enabled]
    default_ids = {r.id for r in huashu.Checker().rules}
    for rule in off:
        assert rule.id not in default_ids
        assert rule.id in {r.id for r in huashu.Checker(select=[rule.id]).rules}


# -- engine constraints ----------------------------------------------------------------------

def test_checker_pickles(checker: huashu.Checker) -> None:
    clone = pickle.loads(pickle.dumps(checker))
    text = "我不知道,那不是我的错"
    assert clone.check(text) == checker.check(text)


def test_checker_is_thread_safe() -> None:
    fresh = huashu.Checker()  # the private jieba is built by whichever thread comes first
    texts = ["我不知道", "您看这样行不行?", "那不是我的错", "冷静一点"] * 25
    expected = [huashu.Checker().check(t) for t in texts[:4]] * 25
    results: list[list[huashu.Finding]] = [[] for _ in texts]

    def work(i: int) -> None:
        results[i] = fresh.check(texts[i])

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(texts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == expected


def test_global_jieba_is_untouched() -> None:
    code = """
import jieba, json
texts = ["我不知道那不是我的错", "您看这样行不行", "如果您不行使退订权利", "你需要和经理通话冷静一点"]
before = [jieba.lcut(t) for t in texts]
force = set(jieba.finalseg.Force_Split_Words)
import huashu
c = huashu.Checker()
for t in texts: c.check(t)
after = [jieba.lcut(t) for t in texts]
assert before == after, (before, after)
assert set(jieba.finalseg.Force_Split_Words) == force
assert "我不知道" not in jieba.dt.FREQ
print("ok")
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.stdout.strip() == "ok", out.stderr


def test_prefilter_loses_nothing(bank: huashu.PhraseBank) -> None:
    """Checking with the prefilter gives what trying every form at every position gives."""
    everything = huashu.Checker(select=["ALL"])
    texts = [t for r in bank.rules for t in (*r.bad_examples, *r.good_examples)]
    texts += [a.text for a in bank.approved[:40]]
    for text in texts:
        assert everything.check(text) == everything._check(text, exhaustive=True), text


# -- fixes ---------------------------------------------------------------------------------

def test_fix_applies_only_safe_fixes(bank: huashu.PhraseBank) -> None:
    checker = huashu.Checker(select=["ALL"])
    safe = [r for r in bank.rules if r.safe_rewrite is not None and r.match != "reply"]
    assert safe, "the bank should have at least one safe fix"
    for rule in safe:
        for text in rule.bad_examples:
            fixed = checker.fix(text)
            assert fixed != text
            assert rule.id not in [f.rule_id for f in checker.check(fixed)]
    assert bank.rule("JJ001").safe_rewrite is None
    assert checker.fix("我不知道") == "我不知道"  # its rewrites are unsafe: not applied by default


CLAUSE_BANK = """\
settings:
  particles: 啊吧
rules:
  - id: TW901
    name: clause-test
    category: 推诿
    severity: error
    source: user
    message: 测试
    forms: ["{我|}不管$", "^自己看$", "^哪~都行$"]
    alternatives: [我来帮您处理]
    examples: {bad: [这个我不管。]}
"""


@pytest.mark.parametrize(("text", "found"), [
    ("这个我不管。", ["我不管"]),
    ("这个我不管啊！", ["我不管"]),
    ("我不管", ["我不管"]),
    ("我不管多晚都会帮您处理。", []),
    ("不管怎样，我都会跟进。", []),
    ("自己看！上面都写着。", ["自己看"]),
    ("好，自己看吧。", ["自己看"]),
    ("您可以自己看一下说明书。", []),
    ("请您自己看。", []),
    ("哪天都行，你自己定。", ["哪天都行"]),
    ("下午哪天都行吗？", []),
])
def test_clause_marks_tie_a_form_to_the_ends_of_a_clause(tmp_path, text: str, found: list[str]) -> None:
    path = tmp_path / "bank.yaml"
    path.write_text(CLAUSE_BANK, encoding="utf-8")
    checker = huashu.Checker(huashu.load_bank(path, extend_default=False))
    assert [f.text for f in checker.check(text)] == found


def test_clause_marks_only_at_the_ends_of_a_form(tmp_path) -> None:
    path = tmp_path / "bank.yaml"
    path.write_text(CLAUSE_BANK.replace('"^自己看$"', '"自己^看"'), encoding="utf-8")
    with pytest.raises(huashu.BankError, match=r"forms\[1\]: \^ and \$ may only open and close a form"):
        huashu.load_bank(path, extend_default=False)


REDEEM_BANK = """\
settings:
  sets:
    帮: [我帮你, 我马上]
rules:
  - id: JJ901
    name: redeem-test
    category: 否定拒绝
    severity: warning
    source: user
    message: 测试
    forms: [我不清楚]
    unless_followed_by: ["{@帮|稍后回复你}"]
    alternatives: [我帮您查一下]
    examples: {bad: [这个我不清楚。]}
"""


@pytest.mark.parametrize(("text", "found"), [
    ("这个我不清楚。", ["我不清楚"]),
    ("这个我不清楚，我马上帮您查一下。", []),
    ("这个我不清楚。我帮您问问同事。", []),
    ("这个我不清楚，您稍等，稍后回复您。", []),
    ("这个我不清楚\n我帮您问问", ["我不清楚"]),  # another line is another turn
    ("这个我不清楚，" + "您可以看看说明书上的内容" * 4 + "，我帮您查", ["我不清楚"]),  # too far on
    ("这个我不清楚，没法我帮您查。", ["我不清楚"]),  # a negated offer offers nothing
    ("这个我不清楚，我不帮你，稍后回复您。", []),  # a later offer still counts
])
def test_an_offer_after_a_finding_redeems_it(tmp_path, text: str, found: list[str]) -> None:
    path = tmp_path / "bank.yaml"
    path.write_text(REDEEM_BANK, encoding="utf-8")
    checker = huashu.Checker(huashu.load_bank(path, extend_default=False))
    assert [f.text for f in checker.check(text)] == found


def test_caches_are_written_and_a_bad_one_is_rebuilt(tmp_path, monkeypatch) -> None:
    from huashu._segment import read_cache

    monkeypatch.setenv("HUASHU_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "bank.yaml"
    path.write_text(CLAUSE_BANK, encoding="utf-8")
    bank = huashu.load_bank(path, extend_default=False)
    assert [f.text for f in huashu.Checker(bank).check("这个我不管。")] == ["我不管"]
    (words,) = (tmp_path / "cache").glob("words-*.bin")
    (compiled,) = (tmp_path / "cache").glob("bank-*.pickle")
    for cache in (words, compiled):
        good = cache.read_bytes()
        for bad in (b"", good[: len(good) // 2], good[:-1] + bytes([good[-1] ^ 1]), b"garbage" * 10):
            cache.write_bytes(bad)
            assert [f.text for f in huashu.Checker(bank).check("这个我不管。")] == ["我不管"]
            assert read_cache(cache.name) is not None  # rebuilt and rewritten whole
    monkeypatch.setenv("HUASHU_CACHE_DIR", "")
    for cache in (tmp_path / "cache").iterdir():  # these two, and the parsed bank file's
        cache.unlink()
    bank = huashu.load_bank(path, extend_default=False)
    assert [f.text for f in huashu.Checker(bank).check("这个我不管。")] == ["我不管"]
    assert not list((tmp_path / "cache").iterdir())  # caching off: nothing written anywhere

def test_trie_nodes_are_bounded_and_rebuilt_alike(monkeypatch) -> None:
    # A long run over varied texts builds trie nodes as texts lead into them; past a limit the
    # matcher starts afresh. Findings must not depend on when that happens.
    from huashu._match import phrase
    from huashu.eval import load_corpus

    texts = [e.text for e in load_corpus(Path(__file__).parent / "eval")][:600]
    reference = huashu.Checker()
    expected = [reference.check(t) for t in texts]
    monkeypatch.setattr(phrase, "_NODES_MAX", 60)
    small = huashu.Checker()
    assert [small.check(t) for t in texts] == expected
    assert small._compiled._phrases._nodes <= 60
