"""Do two Chinese characters sound alike? The test for an input-method typo (知到 for 知道).

Agents type Chinese with pinyin input methods, so a one-character typo is almost always a
character of the same (or a fuzzy-pinyin-close) reading. Readings come from pypinyin's
character table, loaded on first use.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import unicodedata
from pathlib import Path

from ._segment import cached_value

__all__ = ["sounds_alike"]

# Fuzzy-pinyin pairs that input methods themselves treat as one (zh/z, ch/c, sh/s, -ng/-n).
_FUZZY = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("ang", "an"), ("eng", "en"), ("ing", "in"))


# The layout of the readings kept in the user's cache folder; a new one gets a new file.
_CACHE_FORMAT = 1


@functools.cache
def _table() -> dict[str, str]:
    """Each character's plain readings, comma-separated (道 → "dao"), from pypinyin's
    character table, read straight from its data file: importing the ``pypinyin`` package
    would also train its phrase segmenter (~0.3 s).

    That file is 10 MB of JSON; the plain readings, grouped by reading, are a fifth of a
    megabyte, so they are kept in the user's cache folder (:func:`huashu._segment.cache_dir`)
    under a name that changes with the data file and with :data:`_FUZZY`, and read back from
    there by later processes.
    """
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("huashu needs pypinyin for typo matching: pip install pypinyin")
    path = Path(next(iter(spec.submodule_search_locations))) / "pinyin_dict.json"
    try:
        stat = path.stat()
        source = f"{_CACHE_FORMAT} {_FUZZY} {path} {stat.st_size} {stat.st_mtime_ns}"
        name: str | None = f"sounds-{hashlib.sha256(source.encode('utf-8')).hexdigest()[:24]}.bin"
    except OSError:
        name = None

    def build() -> dict[str, str]:
        raw: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
        return {chr(int(code)): ",".join(sorted({_plain(r) for r in readings.split(",") if r}))
                for code, readings in raw.items()}

    def grouped(table: dict[str, str]) -> dict[str, str]:
        by_reading: dict[str, list[str]] = {}
        for char, reading in table.items():
            by_reading.setdefault(reading, []).append(char)
        return {reading: "".join(chars) for reading, chars in by_reading.items()}

    return cached_value(name, build, encode=grouped,
                        decode=lambda g: {char: reading for reading, chars in g.items() for char in chars})


def _plain(syllable: str) -> str:
    bare = "".join(c for c in unicodedata.normalize("NFD", syllable) if not unicodedata.combining(c))
    bare = bare.replace("ü", "v").lower()
    for long, short in _FUZZY:
        bare = bare.replace(long, short)
    return bare


@functools.lru_cache(maxsize=8192)
def _readings(char: str) -> frozenset[str]:
    return frozenset(r for r in _table().get(char, "").split(",") if r)


def sounds_alike(a: str, b: str) -> bool:
    """True when characters ``a`` and ``b`` share a (fuzzy) pinyin reading.

    >>> sounds_alike("道", "到"), sounds_alike("在", "再"), sounds_alike("道", "该")
    (True, True, False)
    """
    return a == b or bool(_readings(a) & _readings(b))
