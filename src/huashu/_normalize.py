"""Fold text for matching, keeping a map from every folded character back to the original.

Folding is what lets one form match the ways agents really write it:

* NFKC (full-width → half-width), traditional → simplified (OpenCC ``t2s``, character by
  character), lower case, and the polite ``您`` / ``妳`` → ``你``. These map one character to one
  character, so they never move an offset; a character whose NFKC form is longer (``…``) is kept.
* Dialect words agents type, one character for one: 冇 → 没, 唔系 → 不是, 侬 → 你, 啥子 → 什么.
* A pinyin slip on the negation itself, where only the negation makes sense: 我布知道 → 我不知道,
  这个每办法 → 这个没办法 (typo matching never changes 不 or 没, so this is done here, in context).
* Deletions: zero-width characters; filler between spaced-out single characters
  (``我.不.知.道``, ``冷 静 一 点``); one ideographic space or joining mark between two Chinese
  characters (``不　行``, ``不-行``); repeated characters (``我我我不知道``).

>>> folded = fold("我 不 知 道!!")
>>> folded.text
'我不知道!!'
>>> folded.span(0, 4)
(0, 7)
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

__all__ = ["Folded", "fold", "fold_text", "CJK"]

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_PRONOUNS = {"您": "你", "妳": "你"}
# Dialect words that agents also type (Cantonese, Shanghainese, Sichuanese), folded to the
# Mandarin the bank is written in. One character for one, so no offset moves: characters that
# are never Mandarin words on their own, then same-length words (after the characters).
_DIALECT_CHARS = {
    "冇": "没", "嘅": "的", "咗": "了", "佢": "他", "哋": "们", "喺": "在", "睇": "看", "揾": "找",
    "嗌": "喊", "啱": "对", "侬": "你", "咩": "啥", "乜": "啥", "唔": "不", "勿": "不",
}
_DIALECT_WORDS = {
    "莫得": "没有", "啥子": "什么", "咋个": "怎么", "晓不得": "不晓得",
    "做啥": "干啥", "落班": "下班", "明朝": "明天", "今朝": "今天", "下趟": "下次", "等歇": "等会",
    "而家": "现在", "听日": "明天", "琴日": "昨天", "迟啲": "晚点", "边个": "哪个", "点解": "为啥",
    "搞掂": "搞定", "唔该": "谢谢",
}
_DIALECT_RE = re.compile(
    "|".join(sorted(map(re.escape, _DIALECT_WORDS), key=len, reverse=True))
    # 莫 before a verb is 别 (莫激动, 莫催); 伐 closing a question is 吗 (好伐?, not 步伐).
    + r"|莫(?=[激催打把急吵闹喊吼怪讲问找说慌在东着])|(?<=[好对是要会有行以懂去来得])伐(?=[^\w]|$)"
    # 系 is 是 after 不 就 都 …, before 你 我 他, or opening a clause (系啊, 系嘅); inside a
    # word it stays (系统, 关系, 联系你).
    + r"|(?<=[不就都真又但])系(?![统列数着好紧])|(?<![联关维派体父母直旁世水星嫡谱院])系(?=[你我他])"
    + r"|(?:^|(?<=[,.!?;:\s]))系(?=[的啊呀])"
)
# A character typed for the negation by a pinyin slip (bu: 布 步 部; mei: 每 美 煤), folded back
# only between a subject or adverb and a word that only a negation can precede there: 我布知道,
# 这个步清楚, 那布是我的错, 我每办法; never 发布, 一步, 我部负责 (our department), 每天, 美容.
_NEG_BEFORE = "我你他她这那个也都就还可真并又事"
_NEGATION_TYPO = (
    rf"(?<=[{_NEG_BEFORE}])[布步部](?=知道|清楚|晓得|了解|明白|太清楚|太了解|太明白)"
    rf"|(?<=[{_NEG_BEFORE}])布(?=是我|是你|是我们|归|关我|关你|管|能|会|行|可能|负责|懂)"
    rf"|(?<=[{_NEG_BEFORE}])[每美煤](?=办法|法子|辙|空|时间|收到|听说|义务|关系|有办法|有时间|有空|有义务)"
)
_DIALECT_SUB = {"莫": "别", "伐": "吗", "系": "是", "布": "不", "步": "不", "部": "不", "每": "没", "美": "没",
                "煤": "没"}
_DIALECT_RE = re.compile(_DIALECT_RE.pattern + "|" + _NEGATION_TYPO)
_DIALECT_FIRST = re.compile(f"[{''.join(sorted({w[0] for w in _DIALECT_WORDS} | set(_DIALECT_SUB)))}]")


def _dialect(mapped: str) -> str:
    """Same-length dialect words to Mandarin (see ``_DIALECT_WORDS``).

    Every replacement starts with one of a few characters (``_DIALECT_FIRST``), so the full
    expression is tried only where one stands (most texts have none, or one or two).
    """
    pieces: list[str] = []
    done = 0
    match = _DIALECT_RE.match
    for first in _DIALECT_FIRST.finditer(mapped):
        at = first.start()
        if at < done:
            continue
        m = match(mapped, at)
        if m is None or not m[0]:
            continue
        pieces.append(mapped[done:at])
        pieces.append(_DIALECT_WORDS.get(m[0]) or _DIALECT_SUB[m[0]])
        done = m.end()
    if not pieces:
        return mapped
    pieces.append(mapped[done:])
    return "".join(pieces)
# Traditional characters that OpenCC keeps when converted alone, because they are also valid
# simplified characters (瞭望, 著名, 覆盖); in phrases they almost always mean these. Text and forms
# are folded alike, so folding them too can only help matching.
_AMBIGUOUS = {"著": "着", "瞭": "了", "祇": "只", "藉": "借", "覆": "复"}  # 答覆, 回覆
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e"

_ZERO_WIDTH_RE = re.compile(f"[{_ZERO_WIDTH}]+")
# Spaced-out text: three or more single characters each followed by the same one to three
# filler characters (我.不.知.道), or pieces of one or two characters split by the same kind of
# in-word filler that Chinese prose never puts between words (这么.简单.都不会, 冷 静 一点).
# Sentence punctuation is no filler: in 嗯,对,不,是我的错 the commas are the agent's own; it
# counts only when every piece, the last too, is one character (那、不、是、我、的、工、作).
# The same filler each time: in "我 不 知 道,你先" the comma after 道 ends the run.
_PUNCT = ",!?;:、。，！？；："
_JOIN = r"\-*_~·•/|+="  # joining marks: never punctuation between two Chinese characters
_FILLER = rf"(?:[^\w\n{_PUNCT}]|_)"
_ANY = r"(?:[^\w\n]|_)"
_INWORD = rf"[ .{_JOIN}\u3000{_ZERO_WIDTH}]"
class _Later:
    """A regular expression compiled on first use. A class of the Chinese ranges takes several
    milliseconds to compile, and only a text with something to delete needs these: most
    processes that check a few replies never do."""

    __slots__ = ("_source", "_compiled")

    def __init__(self, source: str) -> None:
        self._source = source
        self._compiled: re.Pattern[str] | None = None

    def _get(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._source)
        return self._compiled

    def search(self, text: str) -> re.Match[str] | None:
        return self._get().search(text)

    def finditer(self, text: str, *span: int) -> Iterator[re.Match[str]]:
        return self._get().finditer(text, *span)


_SPACED_RE = _Later(
    rf"(?:[{CJK}](?P<g>(?={_ANY}{{0,2}}{_FILLER}){_ANY}{{1,3}})(?:[{CJK}](?P=g))+)(?=[{CJK}])"
    rf"|(?<![{CJK}])(?:[{CJK}]{{1,2}}(?P<f>{_INWORD})(?:[{CJK}]{{1,2}}(?P=f))+)(?=[{CJK}])"
    rf"|(?<![{CJK}])(?:[{CJK}](?P<p>[{_PUNCT}]{{1,3}})(?:[{CJK}](?P=p)){{2,}})(?=[{CJK}](?![{CJK}]))"
    # One joining mark between two characters: 不-行, 不*行.
    rf"|(?<=[{CJK}])[{_JOIN}](?=[{CJK}])"
)
# One ideographic space between two characters (不　行): Chinese text puts no space between
# words, so a full-width one inside a phrase is a disguise. (A half-width space stays: it is
# how some people separate words.) Found on the text before NFKC makes it a half-width space.
_IDEOGRAPHIC_SPACE_RE = _Later(f"(?<=[{CJK}])\u3000(?=[{CJK}])")
_SPACED_FILLER_RE = re.compile(rf"{_ANY}+")
_REPEAT_RE = _Later(rf"([{CJK}])\1+")
# What any deletion but the ideographic space needs, in one quick scan: a zero-width character,
# a doubled character, or filler between characters as _SPACED_RE's branches have it. A text
# without any (most replies) is folded with nothing deleted. Word characters (\w) stand for
# the Chinese ones: a wider hint only sends a few more texts the slow way, and it compiles in
# well under a millisecond where the Chinese classes take tens.
_DELETION_HINT_RE = re.compile(
    rf"[{_ZERO_WIDTH}]|(\w)\1|\w{{1,2}}{_ANY}{{1,3}}\w{{1,2}}{_ANY}|\w[{_JOIN}]\w"
)


@functools.cache
def converter(config: str) -> Any:
    """One OpenCC converter per configuration (``t2s``, ``s2t``, ``s2tw``) for the process:
    each takes some 15 ms to load its dictionaries."""
    import opencc

    return opencc.OpenCC(config)


class _FoldTable(dict):  # type: ignore[type-arg]
    """The one-to-one character map for ``str.translate``, filled in as characters are met.

    A character is folded once per process: NFKC, then OpenCC ``t2s`` for ideographs, then
    lower case and the pronoun map; a character whose folded form is not one character stays.
    Filling in is idempotent, so threads racing on the same character are harmless.
    """

    def __init__(self) -> None:
        super().__init__()
        self._t2s: Any = None

    def __missing__(self, code: int) -> int | str:
        char = chr(code)
        folded = unicodedata.normalize("NFKC", char)
        if len(folded) != 1:
            folded = char
        if "\u3400" <= folded <= "\u9fff" or "\uf900" <= folded <= "\ufaff":
            if self._t2s is None:
                self._t2s = converter("t2s")
            simple = self._t2s.convert(folded)
            if len(simple) == 1:
                folded = simple
        folded = _AMBIGUOUS.get(folded, folded)
        folded = _DIALECT_CHARS.get(folded, folded)
        folded = _PRONOUNS.get(folded, folded.lower())
        result: int | str = folded if len(folded) == 1 else code
        self[code] = result
        return result


_FOLD_TABLE = _FoldTable()
# ASCII is by far the most common non-Chinese input: fill it in up front.
for _code in range(128):
    _FOLD_TABLE[_code]


class Folded:
    """A folded text and the way back to the original (read-only by convention: one is made
    for every text checked, so it is a plain slotted class, cheaper to make than a frozen
    dataclass).

    ``text`` is the folded text; ``_orig_starts[i]`` is the original offset of the ``i``-th kept
    run, which starts at folded offset ``_fold_starts[i]``.
    """

    __slots__ = ("original", "text", "_fold_starts", "_orig_starts", "_repeats")

    def __init__(self, original: str, text: str, fold_starts: tuple[int, ...], orig_starts: tuple[int, ...],
                 repeats: tuple[int, ...]) -> None:
        self.original = original
        self.text = text
        self._fold_starts = fold_starts
        self._orig_starts = orig_starts
        self._repeats = repeats

    def __repr__(self) -> str:
        return f"Folded(original={self.original!r}, text={self.text!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Folded):
            return NotImplemented
        return (self.original, self.text, self._fold_starts, self._orig_starts, self._repeats) == (
            other.original, other.text, other._fold_starts, other._orig_starts, other._repeats)

    __hash__ = None  # type: ignore[assignment]

    def position(self, index: int) -> int:
        """The original offset of folded character ``index``."""
        run = bisect.bisect_right(self._fold_starts, index) - 1
        return self._orig_starts[run] + index - self._fold_starts[run]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of folded ``[start, end)``, taking in repeats collapsed at its end."""
        if end <= start:
            raise ValueError("empty span")
        orig_start = self.position(start)
        orig_end = self.position(end - 1) + 1
        if self._repeats:
            limit = self.position(end) if end < len(self.text) else len(self.original)
            k = bisect.bisect_left(self._repeats, limit) - 1
            if k >= 0 and self._repeats[k] >= orig_end:
                orig_end = self._repeats[k] + 1
        return orig_start, orig_end


def _deleted(text: str, original: str = "") -> tuple[list[int], list[int]]:
    """Sorted positions to delete from ``text`` (``original`` mapped one-to-one), and the repeats."""
    dropped: set[int] = set()
    if "\u3000" in original:
        dropped.update(m.start() for m in _IDEOGRAPHIC_SPACE_RE.finditer(original))
    for m in _ZERO_WIDTH_RE.finditer(text):
        dropped.update(range(m.start(), m.end()))
    for m in _SPACED_RE.finditer(text):
        for f in _SPACED_FILLER_RE.finditer(text, m.start(), m.end()):
            dropped.update(range(f.start(), f.end()))
    if dropped:
        ordered = sorted(dropped)
        runs = _runs(len(text), ordered)
        reduced = "".join(text[a:b] for a, b, _ in runs)
    else:
        runs, reduced = [], text
    repeats: list[int] = []
    for m in _REPEAT_RE.finditer(reduced):
        for i in range(m.start() + 1, m.end()):
            repeats.append(_to_original(runs, i) if runs else i)
    if repeats:
        dropped.update(repeats)
    return sorted(dropped), repeats


def _runs(length: int, dropped: list[int]) -> list[tuple[int, int, int]]:
    """Kept runs ``(orig_start, orig_end, fold_start)`` of a text of ``length`` minus ``dropped``."""
    runs: list[tuple[int, int, int]] = []
    prev, folded = 0, 0
    for d in dropped:
        if d > prev:
            runs.append((prev, d, folded))
            folded += d - prev
        prev = d + 1
    if prev < length:
        runs.append((prev, length, folded))
    return runs


def _to_original(runs: list[tuple[int, int, int]], index: int) -> int:
    lo, hi = 0, len(runs) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if runs[mid][2] <= index:
            lo = mid
        else:
            hi = mid - 1
    return runs[lo][0] + index - runs[lo][2]


def fold_text(text: str) -> str:
    """``fold(text).text``, without the way back (for bank forms)."""
    mapped = _dialect(text.translate(_FOLD_TABLE))
    if mapped.isalnum() and not _REPEAT_RE.search(mapped):
        return mapped
    return _fold_mapped(text, mapped).text


def fold(text: str) -> Folded:
    """Fold ``text`` for matching (see the module docstring)."""
    return _fold_mapped(text, _dialect(text.translate(_FOLD_TABLE)))


def _fold_mapped(text: str, mapped: str) -> Folded:
    """The deletions of :func:`fold`, on ``text`` already mapped character by character."""
    # Nothing to delete without a hint of it (most replies, most forms).
    if not _DELETION_HINT_RE.search(mapped) and "\u3000" not in text:
        return Folded(text, mapped, (0,), (0,), ())
    dropped, repeats = _deleted(mapped, text)
    if not dropped:
        return Folded(text, mapped, (0,), (0,), ())
    runs = _runs(len(mapped), dropped) or [(0, 0, 0)]
    return Folded(
        text,
        "".join(mapped[a:b] for a, b, _ in runs),
        tuple(r[2] for r in runs),
        tuple(r[0] for r in runs),
        tuple(sorted(repeats)),
    )
