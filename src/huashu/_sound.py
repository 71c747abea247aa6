"""Do two Chinese characters sound alike? The test for an input-method typo (知到 for 知道).

Agents type Chinese with pinyin input methods, so a one-character typo is almost always a
character of the same (or a fuzzy-pinyin-close) reading. Readings come from pypinyin's
character table, loaded on first use.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import unicodedata
from pathlib import Path

__all__ = ["sounds_alike"]

# Fuzzy-pinyin pairs that input methods themselves treat as one (zh/z, ch/c, sh/s, -ng/-n).
_FUZZY = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("ang", "an"), ("eng", "en"), ("ing", "in"))


@functools.cache
def _table() -> dict[str, str]:
    """pypinyin's character readings (code point → "dào,dao"), read straight from its data
    file: importing the ``pypinyin`` package would also train its phrase segmenter (~0.3 s)."""
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("huashu needs pypinyin for typo matching: pip install pypinyin")
    path = Path(next(iter(spec.submodule_search_locations))) / "pinyin_dict.json"
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _plain(syllable: str) -> str:
    bare = "".join(c for c in unicodedata.normalize("NFD", syllable) if not unicodedata.combining(c))
    bare = bare.replace("ü", "v").lower()
    for long, short in _FUZZY:
        bare = bare.replace(long, short)
    return bare


@functools.lru_cache(maxsize=8192)
def _readings(char: str) -> frozenset[str]:
    raw = _table().get(str(ord(char)), "")
    return frozenset(_plain(r) for r in raw.split(",") if r)


def sounds_alike(a: str, b: str) -> bool:
    """True when characters ``a`` and ``b`` share a (fuzzy) pinyin reading.

    >>> sounds_alike("道", "到"), sounds_alike("在", "再"), sounds_alike("道", "该")
    (True, True, False)
    """
    return a == b or bool(_readings(a) & _readings(b))
