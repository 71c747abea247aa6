"""Typo matching: a phrase form written with one input-method typo (知到 for 知道).

A typo replaces a character by one that sounds alike (:func:`huashu._sound.sounds_alike`), never
touches the bank's ``protected`` characters, and inside a longer form (:data:`DROP_MIN`) may
also drop or add one character. :mod:`rapidfuzz`'s Levenshtein distance, with a
``score_cutoff``, finds the window; its edit operations check what each replacement sounds like.
"""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein

from .._sound import sounds_alike

__all__ = ["DROP_MIN", "TypoVerifier"]

# A character dropped or added counts as a typo only in forms at least this long.
DROP_MIN = 7
# The memo of which character pairs sound alike stops growing here.
_MEMO_MAX = 200_000


class TypoVerifier:
    """The typo test of one compiled bank (read-only but for an idempotent memo)."""

    def __init__(self, protected: set[str]) -> None:
        self.protected = protected
        # form character + text character -> whether the text's can be a typo of the form's
        self._memo: dict[str, bool] = {}

    def alike(self, char: str, typed: str) -> bool:
        """Whether ``typed`` can be a typo of the form's ``char`` (a different character that
        sounds alike)."""
        key = char + typed
        found = self._memo.get(key)
        if found is None:
            found = char != typed and sounds_alike(char, typed)
            if len(self._memo) < _MEMO_MAX:
                self._memo[key] = found
        return found

    def verify(self, folded: str, text: str, protected_chars: str, max_edits: int,
               start: int, offset: int) -> tuple[float, int, int] | None:
        """``(score, start, end)`` of the best one-typo match of form ``text`` aligned at
        ``start`` (from its start when ``offset`` is 0, else from its end), or None."""
        n, e = len(text), max_edits
        if n < DROP_MIN and e == 1:
            # The common case, one window as long as the form: a cheap look at it first.
            if start < 0 or start + n > len(folded):
                return None
            window = folded[start : start + n]
            if Levenshtein.distance(text, window, score_cutoff=1) != 1:
                return None
        # Cheap necessary condition first: a typo never touches the protected characters.
        lo, hi = max(0, start - e), start + n + e
        for char in protected_chars:
            if folded.find(char, lo, hi) < 0:
                return None
        best: tuple[float, int, int, int] | None = None
        for m in range(max(2, n - e), n + e + 1):
            if offset == 0:
                a, b = start, start + m
            else:
                b = start + n
                a = b - m
            if a < 0 or b > len(folded):
                continue
            window = folded[a:b]
            # A character dropped or added is a typo only inside a longer form: "这不是我的" is
            # not 不是我的错, "事不归我管" is 不归我管 with a neighbour, and 我知道 is not 我哪知道.
            if m != n and (n < DROP_MIN or window[0] != text[0] or window[-1] != text[-1]):
                continue
            if "\n" in window or not (window[0].isalnum() and window[-1].isalnum()):
                continue
            d = Levenshtein.distance(text, window, score_cutoff=e)
            if d > e or d == 0:
                continue
            if "".join(c for c in window if c in self.protected) != protected_chars:
                continue
            # An input-method typo sounds like the character it replaces: 知到 is 知道, 知该 is not.
            if any(
                op.tag == "replace" and not sounds_alike(text[op.src_pos], window[op.dest_pos])
                for op in Levenshtein.editops(text, window)
            ):
                continue
            score = round(100.0 * (1 - d / max(n, m)), 1)
            if best is None or (score, -abs(m - n)) > (best[0], -abs(best[3] - n)):
                best = (score, a, b, m)
        return None if best is None else best[:3]
