"""Properties that hold for any input."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import huashu

CHECKER = huashu.Checker(select=["ALL"])
BANK = CHECKER.bank
PIECES = sorted(
    {t for r in BANK.rules for t in (*r.bad_examples, *r.good_examples)}
    | {a.text for a in BANK.approved}
)
FILLER = st.sampled_from([" ", ",", "。", "\u200b", "!", "\n", "~", "啊", "您", "的"])

replies = st.lists(st.one_of(st.sampled_from(PIECES), FILLER, st.text(max_size=5)), max_size=8).map("".join)
anything = st.one_of(st.text(), replies)

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(anything)
def test_never_crashes_and_spans_index_the_original(text: str) -> None:
    findings = CHECKER.check(text)
    last = -1
    for f in findings:
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start : f.end] == f.text
        assert f.start >= last  # in order, not overlapping
        last = f.end
        assert 0 < f.score <= 100


@SETTINGS
@given(replies)
def test_fix_is_idempotent_and_leaves_nothing_fixable(text: str) -> None:
    fixed = CHECKER.fix(text)
    assert CHECKER.fix(fixed) == fixed
    assert all(f.fix is None for f in CHECKER.check(fixed))


@SETTINGS
@given(replies)
def test_prefilter_agrees_with_exhaustive_search(text: str) -> None:
    assert CHECKER.check(text) == CHECKER._check(text, exhaustive=True)
