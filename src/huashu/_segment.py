"""A private jieba tokenizer that knows the bank's phrases, built lazily and once.

The host application's global ``jieba`` dictionary is never touched: words are added to a
``jieba.Tokenizer`` of our own, only with a positive frequency (``del_word``, ``add_word(w, 0)``
and ``suggest_freq(tune=True)`` write jieba's module-level ``Force_Split_Words``).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from typing import Any

__all__ = ["Segmenter", "BLOCK_RE"]

# The runs jieba itself cuts one by one (``jieba.re_han_default``): tokenising a text block by
# block gives exactly what tokenising the whole text gives.
BLOCK_RE = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+")


class Segmenter:
    """Cut folded text into words with a private ``jieba.Tokenizer``."""

    def __init__(self, words: Iterable[str]) -> None:
        self._words = tuple(dict.fromkeys(w for w in words if len(w) >= 2))
        self._lock = threading.Lock()
        self._tokenizer: Any = None

    def _ready(self) -> Any:
        tokenizer = self._tokenizer
        if tokenizer is not None:
            return tokenizer
        with self._lock:
            if self._tokenizer is None:
                import jieba

                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                for word in self._words:
                    freq = tokenizer.suggest_freq(word, False)
                    tokenizer.add_word(word, max(int(freq), 1))
                self._tokenizer = tokenizer
            return self._tokenizer

    def boundaries(self, block: str) -> tuple[int, ...]:
        """Sorted offsets in ``block`` where a word starts or ends (0 and ``len(block)`` too)."""
        offsets = [0]
        position = 0
        for word in self._ready().cut(block, HMM=False):
            position += len(word)
            offsets.append(position)
        return tuple(offsets)

    def cut(self, text: str) -> list[str]:
        """The words of ``text`` (mainly for debugging and tests)."""
        return list(self._ready().cut(text, HMM=False))
