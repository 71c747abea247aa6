"""Issue #12: variants the core missed, and near-misses it flagged, told apart by meaning."""

from __future__ import annotations

import pytest

import huashu
from helpers import assert_clean, assert_flags
from huashu._normalize import fold_text

CHECKER = huashu.Checker()


# -- "I don't know what you mean": the agent's ignorance of what the customer said ------------

@pytest.mark.parametrize(("text", "phrase"), [
    ("我不知道您说的是哪一笔。", "我不知道您说的是哪"),
    ("我不清楚您指的是什么。", "我不清楚您指的是什么"),
    ("我不知道你在说什么。", "我不知道你在说什么"),
    ("我不明白您的意思。", "我不明白您的意思"),
    ("我不知道您说的是哪个订单,系统里太多了。", "我不知道您说的是哪个"),
])
def test_not_knowing_what_the_customer_said_is_flagged(text: str, phrase: str) -> None:
    assert_flags(CHECKER, text, phrase, rule="JJ013")


@pytest.mark.parametrize("text", [
    "不知道您现在方便吗?",  # a question to the customer
    "不知道您是否已经收到验证码。",
    "不知道您收到的商品具体是哪里有问题呢?",
    "我不太清楚您指的是哪一笔,您能告诉我交易时间吗?",  # asks the customer to say which
    "我没明白您说的是哪一笔,是指昨天那笔转账吗?",
])
def test_a_question_to_the_customer_is_not(text: str) -> None:
    assert_clean(CHECKER, text)


# -- a pinyin slip on the negation itself ------------------------------------------------------

@pytest.mark.parametrize(("text", "phrase"), [
    ("我布知道。", "我布知道"),
    ("这个我步清楚。", "我步清楚"),
    ("我部知道这件事。", "我部知道"),
    ("那布是我的错。", "那布是我的错"),
    ("这事布归我管。", "布归我管"),
    ("我每办法。", "每办法"),
    ("这个美办法。", "美办法"),
])
def test_a_homophone_for_the_negation_is_read_as_the_negation(text: str, phrase: str) -> None:
    assert_flags(CHECKER, text, phrase)


@pytest.mark.parametrize("text", [
    "我每天都在线,有问题随时找我。", "这个美容套餐很划算。", "布料是纯棉的。", "我们部门马上处理。",
    "我部负责此事,请您放心。", "公告已经发布清楚了。", "下一步是填写申请表。", "步行五分钟就到营业厅。",
    "这部手机支持快充。", "您的资料我已经公布清楚了。",
])
def test_the_same_characters_in_their_own_words_are_left_alone(text: str) -> None:
    assert fold_text(text) == text.replace("您", "你")
    assert_clean(CHECKER, text)


# -- the 十不准 question without its particle ---------------------------------------------------

@pytest.mark.parametrize("text", ["你马上就要?", "你马上就要,我们这会儿忙。", "您现在就要?"])
def test_want_it_now_without_a_particle(text: str) -> None:
    assert_flags(CHECKER, text, text[:5].rstrip("?,"), rule="CC002")


def test_want_it_now_in_a_condition_is_fine() -> None:
    assert_clean(CHECKER, "如果您现在就要,我马上帮您加急。")


# -- sending the customer to the person who handled it ----------------------------------------

@pytest.mark.parametrize(("text", "phrase"), [
    ("你去找给你办的人。", "找给你办的人"),
    ("找当时接待你的那个人。", "找当时接待你的那个人"),
    ("你找之前给你办业务的那个同事吧。", "找之前给你办业务的那个同事"),
    ("这事你得问当时经手的人。", "问当时经手的人"),
    ("你去找你的客户经理吧。", "找你的客户经理吧"),
])
def test_referral_to_a_person_is_flagged(text: str, phrase: str) -> None:
    assert_flags(CHECKER, text, phrase, rule="TW")


def test_fetching_that_person_for_the_customer_is_fine() -> None:
    assert_clean(CHECKER, "我帮您联系当时为您办理的同事。")


# -- precision ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "这款产品对睡眠有一定改善作用。",  # 有一定: a degree, not an absolute
    "理财产品有一定风险,请您谨慎选择。",
    "您不要着急,我一定给您解决好。",  # the seeds' firm commitment
    "我今天一定能帮您办好。",
    "您能再说一遍吗?",  # the agent asks to hear it again
    "不好意思,您能再说一遍吗?我刚才没听清。",
    "有什么不清楚的再联系我。",  # an offer of help later
    "还有哪里不明白的,您随时问我。",
])
def test_near_misses_stay_clean_of_the_rule_they_resemble(text: str) -> None:
    found = [f.rule_id for f in CHECKER.check(text)]
    assert not {"QL001", "ZB007", "JJ001", "CC003"} & set(found), (text, found)


def test_an_absolute_promise_is_still_found() -> None:
    assert_flags(CHECKER, "钱一定能追回来,您放心。", "一定")
    assert_flags(CHECKER, "这个价格肯定是全网最低。", "肯定")
