"""The literal factors of a regular expression (huashu._match.literals) are promises: every match
holds a string of each factor. The prefilter skips an expression whose factors are not all in
the text, so a broken promise would lose findings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import huashu
from huashu._match.literals import factors
from huashu._normalize import fold

REPO = Path(__file__).resolve().parents[1]

# Every construct the reader understands, and some it must give up on.
EXPRESSIONS = [
    r"不(?:归|由)我管",
    r"你\w{0,6}?自己去",
    r"(?:很|非常)?有道(?:理|里)",
    r"我(?:也|都)?懂(?=[,\s])",
    r"(?<![没不])(?:对|是的|嗯){1,3}[,\s](?P<hit>但是|可是|但(?![愿凡]))",
    r"(?:^|(?<=[,.]))(?:自己)?去问",
    r"[你您]们?(?:自己)+看",
    r"a[b-d]{2}e|f.g",
    r"(?:x|y)*z",
    r"(甲|乙)\1丙",
    r"(?i)abc",
    r"[^甲]乙|丙",
    r"你(?:这么|那么)(?:懂|厉害)[,]?(?:还|干嘛|何必)[^\W]{0,6}?问(?:我|我们)",
]
ALPHABET = "不归由我管你自己去很非常有道理里也都懂,. 没是的对嗯但可凡愿问们看abcdefgxyz甲乙丙这么那厉害还干嘛何必"


def _holds(expression: str, text: str) -> None:
    found = factors(expression)
    for m in re.finditer(expression, text):
        for factor in found:
            assert any(s in m.group(0) for s in factor), (expression, text, m.group(0), factor)


@pytest.mark.parametrize("expression", EXPRESSIONS)
@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=ALPHABET, max_size=20))
def test_every_match_holds_a_string_of_each_factor(expression: str, text: str) -> None:
    _holds(expression, text)


def test_factors_read_what_they_can_and_give_up_on_the_rest() -> None:
    assert factors(r"不(?:归|由)我管") == (frozenset({"不归我管", "不由我管"}),)
    assert frozenset({"问我", "问我们"}) in factors(EXPRESSIONS[-1])
    assert factors(r"(?i)abc") == ()  # case-insensitive: nothing promised
    assert factors(r"(?:x|y)*z") == (frozenset({"z"}),)
    assert factors(r"\w+") == ()
    assert factors(r"(") == ()  # the parser rejects it: nothing promised, the expression runs


def test_bank_expressions_keep_their_promises_on_the_eval_replies() -> None:
    from huashu.eval import load_corpus

    checker = huashu.Checker(packs=huashu.Checker().bank.packs())
    compiled = checker._compiled
    texts = [fold(e.text).text for e in load_corpus(REPO / "tests" / "eval")]
    texts += [fold(t).text for r in checker.bank.rules for t in r.bad_examples]
    expressions = {
        getattr(source, "pattern", source)
        for runner in (compiled._gaps, compiled._patterns)
        for sources in runner._regexes.values()
        for source in sources
    }
    haystack = "\n".join(texts)  # one text: every match in it must keep the promise too
    matching = 0
    for expression in expressions:
        _holds(expression, haystack)
        matching += re.search(expression, haystack) is not None
    assert matching > 50  # the bank's expressions do match its corpus: the test tests something
