"""Properties that hold for any input."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import huashu
from huashu._rewrite import clause_range
from huashu._normalize import fold

CHECKER = huashu.Checker(select=["ALL"])
BANK = CHECKER.bank
PIECES = sorted(
    {t for r in BANK.rules for t in (*r.bad_examples, *r.good_examples)}
    | {a.text for a in BANK.approved}
)
FILLER = st.sampled_from([" ", ",", "。", "\u200b", "!", "\n", "~", "啊", "您", "的"])

# Characters that have broken or could break offsets: NFKC expansions (㍻ ﷺ … ﬃ ¼), combining
# marks, zero-width and joiners, ideographic space, control characters and line separators,
# full-width forms, traditional and dialect characters, emoji sequences, a character whose lower
# case is two characters (İ), astral characters.
TRICKY = st.sampled_from([
    "㍻", "ﷺ", "…", "ﬃ", "¼", "㈱", "\u0301", "\u0308", "\u20dd", "\u200b", "\u200d", "\ufeff",
    "\u00ad", "\u3000", "\x00", "\x07", "\x1b", "\r", "\r\n", "\u2028", "\x85", "Ａ", "！", "，",
    "這", "個", "妳", "冇", "唔", "系", "İ", "ß", "👍", "👨\u200d👩\u200d👧", "\ufe0f", "🇨🇳", "𠮷",
    "-", ".", "~", "_", "·", "huashu: ignore",
])
# Any text without surrogates (which cannot be encoded, so no reply holds them): every category,
# control characters and combining marks included.
UNICODE = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)

replies = st.lists(st.one_of(st.sampled_from(PIECES), FILLER, st.text(max_size=5)), max_size=8).map("".join)
tricky_replies = st.lists(st.one_of(st.sampled_from(PIECES), FILLER, TRICKY, UNICODE), max_size=8).map("".join)
anything = st.one_of(st.text(), replies, tricky_replies)

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


@settings(SETTINGS, max_examples=150)
@given(st.one_of(replies, tricky_replies), st.booleans())
def test_fix_safe_and_unsafe_is_idempotent_and_leaves_no_edit(text: str, unsafe: bool) -> None:
    fixed = CHECKER.fix(text, unsafe=unsafe)
    assert CHECKER.fix(fixed, unsafe=unsafe) == fixed
    assert CHECKER.edits(fixed, unsafe=unsafe) == []


@settings(SETTINGS, max_examples=200)
@given(tricky_replies)
def test_tricky_text_keeps_spans_on_the_original(text: str) -> None:
    findings = CHECKER.check(text)
    last = 0
    for f in findings:
        assert last <= f.start < f.end <= len(text)
        assert text[f.start : f.end] == f.text
        last = f.end
    # An edit rewrites a finding's span or its clause, may take the seam mark before or after
    # that clause with it, or mend the clause's end mark: it stays within one mark of a clause.
    clauses = [clause_range(text, f.start, f.end) for f in findings]
    last = 0
    for e in CHECKER.edits(text, unsafe=True):
        assert last <= e.start <= e.end <= len(text)
        assert any(a - 1 <= e.start and e.end <= b + 1 for a, b in clauses), (e, clauses)
        last = e.end


@settings(SETTINGS, max_examples=300)
@given(st.one_of(UNICODE, tricky_replies))
def test_fold_maps_every_character_back_into_the_text(text: str) -> None:
    folded = fold(text)
    positions = [folded.position(i) for i in range(len(folded.text))]
    assert positions == sorted(set(positions))  # strictly increasing
    assert all(0 <= p < len(text) for p in positions)
    n = len(folded.text)
    for start, end in ((0, n), (0, 1), (n // 2, n), (n // 3, 2 * n // 3 + 1)):
        if 0 <= start < end <= n:
            a, b = folded.span(start, end)
            assert 0 <= a < b <= len(text)


@SETTINGS
@given(replies)
def test_prefilter_agrees_with_exhaustive_search(text: str) -> None:
    assert CHECKER.check(text) == CHECKER._check(text, exhaustive=True)
