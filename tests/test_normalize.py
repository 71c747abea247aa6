from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huashu._normalize import fold


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("那不是我的錯", "那不是我的错"),  # traditional
        ("冷靜一點", "冷静一点"),
        ("ＡＢＣ，您好！", "abc,你好!"),  # full-width, case, 您
        ("我\u200b不\u200d知\ufeff道", "我不知道"),  # zero-width
        ("我 不 知 道", "我不知道"),  # spaced out
        ("冷-静-一-点", "冷静一点"),
        ("我.不.知.道", "我不知道"),
        ("我我我不知道", "我不知道"),  # repeats
        ("好的 我来处理", "好的 我来处理"),  # one space between words stays a boundary
        ("不\u3000行，好的\u3000我来", "不行,好的我来"),  # an ideographic space is a disguise
        ("我不知道,那不是我的错", "我不知道,那不是我的错"),  # punctuation after words stays
        ("我真系唔清楚，冇办法", "我真是不清楚,没办法"),  # Cantonese
        ("侬明朝再来好伐?", "你明天再来好吗?"),  # Shanghainese
        ("这个我也莫得数，莫激动", "这个我也没有数,别激动"),  # Sichuanese
        ("系统联系莫名其妙步伐", "系统联系莫名其妙步伐"),  # the Mandarin words stay
        ("系啊，没关系的", "是啊,没关系的"),  # 系 opening a clause is 是, inside a word it stays
        ("唔系我，都系统扣的，我联系你", "不是我,都系统扣的,我联系你"),
        ("跟我没-关-系啊", "跟我没关系啊"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text).text == folded


def test_span_maps_back_to_original() -> None:
    f = fold("您好,我 不 知 道啊")
    start = f.text.index("我不知道")
    assert f.span(start, start + 4) == (3, 10)


def test_span_takes_in_trailing_repeats() -> None:
    f = fold("我不知道道道。")
    assert f.text == "我不知道。"
    assert f.span(0, 4) == (0, 6)


@given(st.text())
def test_every_folded_char_maps_into_original(text: str) -> None:
    f = fold(text)
    for i in range(len(f.text)):
        start, end = f.span(i, i + 1)
        assert 0 <= start < end <= len(text)


@given(st.text(alphabet=st.sampled_from("我不知道 ,.-\u200b您錯錯行好好")))
def test_spans_are_monotonic(text: str) -> None:
    f = fold(text)
    positions = [f.position(i) for i in range(len(f.text))]
    assert positions == sorted(set(positions))


@given(st.text(alphabet=st.sampled_from("我不知道是行好 ,.，。!-_*·/\u200b\u3000\n\tab1")))
def test_deletion_hint_is_needed_by_every_deletion(text: str) -> None:
    # fold() skips the deletions when the one quick scan finds no hint of them: it must never
    # skip a text that has something to delete.
    from huashu._normalize import _DELETION_HINT_RE, _FOLD_TABLE, _deleted, _dialect

    mapped = _dialect(text.translate(_FOLD_TABLE))
    if not _DELETION_HINT_RE.search(mapped) and "\u3000" not in text:
        assert _deleted(mapped, text) == ([], [])


@given(st.text(alphabet=st.sampled_from("莫伐系布步部每美煤啥子咋个唔该我不知道你他好是就都,。 激催统的啊明朝听日")))
def test_dialect_folds_as_one_substitution_over_the_text(text: str) -> None:
    # _dialect tries the expression only where a replacement can start; the same as re.sub.
    from huashu._normalize import _DIALECT_RE, _DIALECT_SUB, _DIALECT_WORDS, _dialect

    expected = _DIALECT_RE.sub(lambda m: _DIALECT_WORDS.get(m[0]) or _DIALECT_SUB[m[0]], text)
    assert _dialect(text) == expected
