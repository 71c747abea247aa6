"""Fold text for matching, keeping a map from every folded character back to the original.

Folding is what lets one form match the ways agents really write it:

* NFKC (full-width → half-width), traditional → simplified (OpenCC ``t2s``, character by
  character), lower case, and the polite ``您`` / ``妳`` → ``你``. These map one character to one
  character, so they never move an offset; a character whose NFKC form is longer (``…``) is kept.
* Deletions: zero-width characters; filler between spaced-out single characters
  (``我.不.知.道``, ``冷 静 一 点``); repeated characters (``我我我不知道``).

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
import threading
import unicodedata
from dataclasses import dataclass

__all__ = ["Folded", "fold", "CJK"]

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_PRONOUNS = {"您": "你", "妳": "你"}
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e"

_ZERO_WIDTH_RE = re.compile(f"[{_ZERO_WIDTH}]+")
# Three or more single characters, each followed by one to three filler characters.
_FILLER = rf"(?:[^\w\n]|_|[{_ZERO_WIDTH}])"
_SPACED_RE = re.compile(rf"(?:[{CJK}]{_FILLER}{{1,3}}){{2,}}(?=[{CJK}])")
_SPACED_FILLER_RE = re.compile(rf"{_FILLER}+")
_REPEAT_RE = re.compile(rf"([{CJK}])\1+")

_RANGES = (
    (0x0041, 0x005A),  # ASCII upper case
    (0x00A0, 0x00FF),
    (0x2000, 0x206F),  # general punctuation and spaces
    (0x3000, 0x303F),  # CJK punctuation
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFE10, 0xFE1F),
    (0xFE30, 0xFE6F),  # vertical and small forms
    (0xFF00, 0xFFEF),  # full-width and half-width forms
)

_table_lock = threading.Lock()


@functools.cache
def _fold_table() -> dict[int, str]:
    """The one-to-one character map, built once per process (about 50 ms)."""
    import opencc

    with _table_lock:
        t2s = opencc.OpenCC("t2s")
        table: dict[int, str] = {}
        for low, high in _RANGES:
            for code in range(low, high + 1):
                char = chr(code)
                folded = unicodedata.normalize("NFKC", char)
                if len(folded) != 1:
                    continue
                if "\u3400" <= folded <= "\u9fff" or "\uf900" <= folded <= "\ufaff":
                    simple = t2s.convert(folded)
                    if len(simple) == 1:
                        folded = simple
                folded = _PRONOUNS.get(folded, folded.lower())
                if len(folded) == 1 and folded != char:
                    table[code] = folded
        return table


@dataclass(frozen=True, slots=True)
class Folded:
    """A folded text and the way back to the original.

    ``text`` is the folded text; ``_orig_starts[i]`` is the original offset of the ``i``-th kept
    run, which starts at folded offset ``_fold_starts[i]``.
    """

    original: str
    text: str
    _fold_starts: tuple[int, ...]
    _orig_starts: tuple[int, ...]
    _repeats: tuple[int, ...]

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


def _deleted(text: str) -> tuple[list[int], list[int]]:
    """Sorted positions to delete from ``text`` (already mapped one-to-one), and the repeats."""
    dropped: set[int] = set()
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


def fold(text: str) -> Folded:
    """Fold ``text`` for matching (see the module docstring)."""
    mapped = text.translate(_fold_table())
    dropped, repeats = _deleted(mapped)
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
