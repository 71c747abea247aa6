"""A private jieba tokenizer that knows the bank's phrases, built lazily and once.

The host application's global ``jieba`` dictionary is never touched: words are added to a
``jieba.Tokenizer`` of our own, only with a positive frequency (``del_word``, ``add_word(w, 0)``
and ``suggest_freq(tune=True)`` write jieba's module-level ``Force_Split_Words``).

Working out each phrase's frequency takes a cut per phrase (about 0.5 s for a bundled bank), so
the frequencies are cached next to jieba's own cache (the temporary directory, or
``$HUASHU_CACHE_DIR``; set it empty to switch the cache off), in a file named by a hash of the
phrases and jieba's version. A cache that is missing, unreadable or stale is simply rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
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
                path = self._cache_path(jieba)
                freqs = _read_cache(path, len(self._words))
                if freqs is None:
                    freqs = []
                    for word in self._words:
                        freq = max(int(tokenizer.suggest_freq(word, False)), 1)
                        tokenizer.add_word(word, freq)
                        freqs.append(freq)
                    _write_cache(path, freqs)
                else:
                    for word, freq in zip(self._words, freqs):
                        tokenizer.add_word(word, freq)
                self._tokenizer = tokenizer
            return self._tokenizer

    def _cache_path(self, jieba: Any) -> str | None:
        folder = os.environ.get("HUASHU_CACHE_DIR", tempfile.gettempdir())
        if not folder:
            return None
        digest = hashlib.sha256()
        digest.update(f"{getattr(jieba, '__version__', '')}\n".encode())
        for word in self._words:
            digest.update(word.encode("utf-8") + b"\n")
        return os.path.join(folder, f"huashu-words-{digest.hexdigest()[:20]}.json")

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


def _read_cache(path: str | None, count: int) -> list[int] | None:
    if path is None:
        return None
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return None
    if not isinstance(data, list) or len(data) != count or not all(
        isinstance(f, int) and not isinstance(f, bool) and f >= 1 for f in data
    ):
        return None
    return data


def _write_cache(path: str | None, freqs: list[int]) -> None:
    """Write the cache atomically (a temporary file, then a rename); never fail a check over it."""
    if path is None:
        return
    try:
        fd, tmp = tempfile.mkstemp(prefix=".huashu-words-", dir=os.path.dirname(path))
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(freqs, fh)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass
