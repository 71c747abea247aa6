"""A private jieba segmentation that knows the bank's phrases, built lazily and once.

The host application's global ``jieba`` dictionary is never touched: the bank's words are added
to a ``jieba.Tokenizer`` of our own, only with a positive frequency (``del_word``,
``add_word(w, 0)`` and ``suggest_freq(tune=True)`` write jieba's module-level
``Force_Split_Words``), in the bank's order (each word's frequency depends on the words added
before it, so the order is part of the result).

Building that tokenizer is the slow part of a cold start: importing jieba, reading its 350,000
word dictionary, working out each phrase's frequency. So the finished prefix dictionary (jieba's
``FREQ`` and ``total``, phrases included) is kept in the user's cache folder (see
:func:`cache_dir`), split by a word's first character: a later process reads the index and
unpacks only the parts for the characters its text holds, and never imports jieba.
:class:`Segmenter` cuts with exactly jieba's ``cut(HMM=False)`` algorithm over that dictionary
(``tests/test_segment.py`` checks it word for word against a real ``jieba.Tokenizer``).

rjieba (jieba-rs) is not used: plain, it cuts the eval corpus as jieba does, but taught the
bank's words with the same frequencies it cuts about one reply in ten differently (its word
frequency bookkeeping is not jieba's); ``bench/bench_check.py`` prints the figure when it is
installed. Segmentation is no longer where the time goes anyway: only the blocks that hold a
short candidate are cut.

The cache file is named by a hash of the phrases, jieba's version and its dictionary file; it
holds a checksum (CRC-32) of its contents and is written atomically, so a missing, stale, truncated or
corrupt file is simply rebuilt. ``HUASHU_CACHE_DIR`` moves the folder (empty: no cache, the
dictionary is built in memory each time). Nothing is written in the package folder or in a
shared temporary folder, and jieba's own ``/tmp/jieba.cache`` is neither read nor written.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import os
import re
import sys
import tempfile
import threading
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from math import log
from pathlib import Path
from typing import Any, TypeVar

__all__ = ["BLOCK_RE", "Segmenter", "cache_dir"]

T = TypeVar("T")

# The runs jieba itself cuts one by one (``jieba.re_han_default``): tokenising a text block by
# block gives exactly what tokenising the whole text gives.
BLOCK_RE = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+")
_SKIP_RE = re.compile(r"(\r\n|\s)")  # jieba.re_skip_default
_ENG_RE = re.compile(r"[a-zA-Z0-9]")  # jieba.re_eng

_MAGIC = b"huashu-words-1\n"


def cache_dir() -> Path | None:
    """The folder huashu keeps its caches in, or ``None`` when caching is switched off.

    ``$HUASHU_CACHE_DIR`` when set (empty switches caching off); else the platform's user cache
    folder: ``$XDG_CACHE_HOME/huashu`` or ``~/.cache/huashu`` on Linux, ``~/Library/Caches/huashu``
    on macOS, ``%LOCALAPPDATA%\\huashu\\Cache`` on Windows.
    """
    explicit = os.environ.get("HUASHU_CACHE_DIR")
    if explicit is not None:
        return Path(explicit) if explicit else None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "huashu" / "Cache" if base else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "huashu"
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "huashu"
    try:
        return Path.home() / ".cache" / "huashu"
    except RuntimeError:  # no home folder
        return None


def read_cache(name: str) -> memoryview | None:
    """The payload of cache file ``name`` if it is there and whole (its checksum holds)."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        data = (folder / name).read_bytes()
    except OSError:
        return None
    head = len(_MAGIC) + 4
    if len(data) < head or not data.startswith(_MAGIC):
        return None
    payload = memoryview(data)[head:]
    if zlib.crc32(payload).to_bytes(4, "little") != data[len(_MAGIC) : head]:
        return None
    try:
        os.utime(folder / name)  # recently used: kept when the folder is pruned
    except OSError:
        pass
    return payload


def write_cache(name: str, payload: bytes) -> None:
    """Write cache file ``name`` atomically (a temporary file in the folder, then a rename);
    never fail a check over it."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(_MAGIC + zlib.crc32(payload).to_bytes(4, "little"))
                fh.write(payload)
            os.replace(tmp, folder / name)
        except BaseException:
            os.unlink(tmp)
            raise
        _prune(folder, name.split("-")[0] + "-")
    except OSError:
        pass


def cached_value(name: str | None, build: Callable[[], T], *, encode: Callable[[T], Any],
                 decode: Callable[[Any], T]) -> T:
    """``decode`` of what cache file ``name`` holds (marshalled) when it is there and sound;
    else ``build()``, stored as ``encode`` of it for the next process. ``name`` None: no cache.
    A value ``encode`` (or marshal) refuses with ValueError is returned but not stored; a file
    that cannot be decoded is built again."""
    payload = read_cache(name) if name is not None else None
    if payload is not None:
        try:
            return decode(marshal.loads(payload))
        except (ValueError, EOFError, TypeError, IndexError, AttributeError):
            pass  # damaged: build it again
    value = build()
    if name is not None:
        try:
            write_cache(name, marshal.dumps(encode(value)))
        except ValueError:
            pass
    return value


# Each bank (or rule selection) gets its own files; the least recently used beyond this many
# of one kind are removed, so the folder stays bounded.
_KEEP = 8


def _prune(folder: Path, prefix: str) -> None:
    files = []
    for path in folder.glob(prefix + "*"):
        try:
            files.append((path.stat().st_mtime_ns, path))
        except OSError:
            pass
    for _, path in sorted(files, reverse=True)[_KEEP:]:
        try:
            path.unlink()
        except OSError:
            pass


def _jieba_identity() -> str:
    """jieba's version and dictionary file, without importing jieba (that alone takes 0.5 s)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.origin:
        raise ImportError("huashu needs jieba: pip install jieba")
    folder = Path(spec.origin).parent
    parts = []
    for name in ("__init__.py", "dict.txt"):
        try:
            st = (folder / name).stat()
            parts.append(f"{folder / name}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{folder / name}:missing")
    return "\n".join(parts)


class _Dictionary:
    """jieba's prefix dictionary (word or prefix → frequency, 0 for a bare prefix), split by
    first character and unpacked part by part as characters are met."""

    def __init__(self, chars: str, offsets: array, blob: bytes | memoryview, total: int) -> None:
        self._chars = chars  # str.find on it: no index dict of ten thousand entries to build
        self._offsets = offsets
        self._blob = blob
        self._parts: dict[str, dict[str, int]] = {}
        self.total = total
        self.logtotal = log(total)

    @classmethod
    def from_freq(cls, freq: Mapping[str, int], total: int) -> tuple[_Dictionary, bytes]:
        """A dictionary from jieba's ``FREQ``, and its bytes for the cache."""
        parts: dict[str, dict[str, int]] = {}
        for word, f in freq.items():
            if word:
                parts.setdefault(word[0], {})[word] = f
        chunks = [marshal.dumps(part) for part in parts.values()]
        offsets = array("Q", [0])
        for chunk in chunks:
            offsets.append(offsets[-1] + len(chunk))
        blob = b"".join(chunks)
        chars = "".join(parts)
        head = marshal.dumps((total, chars, offsets.tobytes()))
        payload = len(head).to_bytes(8, "little") + head + blob
        return cls(chars, offsets, blob, total), payload

    @classmethod
    def from_payload(cls, payload: bytes | memoryview) -> _Dictionary:
        """The index (8 bytes of its length, then the total, the first characters and where
        each one's part ends), then the parts, each a marshalled dict."""
        size = int.from_bytes(payload[:8], "little")
        total, chars, raw = marshal.loads(payload[8 : 8 + size])
        offsets = array("Q")
        offsets.frombytes(raw)
        if len(offsets) != len(chars) + 1 or not isinstance(total, int) or total <= 0:
            raise ValueError("bad index")
        return cls(chars, offsets, memoryview(payload)[8 + size :], total)

    def part(self, char: str) -> dict[str, int]:
        """The words and prefixes starting with ``char`` (idempotent, so threads may race)."""
        found = self._parts.get(char)
        if found is None:
            i = self._chars.find(char)
            found = {} if i < 0 else marshal.loads(self._blob[self._offsets[i] : self._offsets[i + 1]])
            self._parts[char] = found
        return found


def _cut_block(block: str, words: _Dictionary) -> Iterator[str]:
    """jieba's ``Tokenizer.__cut_DAG_NO_HMM`` on one block, over ``words``: the same DAG, the
    same route (the same floating-point sums in the same order, ties to the longer word), and
    runs of single ASCII letters or digits glued together as jieba glues them."""
    n = len(block)
    parts = [words.part(c) for c in block]
    dag: list[list[int]] = []
    for k in range(n):
        part = parts[k]
        ends = []
        i = k
        frag = block[k]
        while i < n and frag in part:
            if part[frag]:
                ends.append(i)
            i += 1
            frag = block[k : i + 1]
        dag.append(ends or [k])
    logtotal = words.logtotal
    route: list[tuple[float, int]] = [(0, 0)] * (n + 1)
    for idx in range(n - 1, -1, -1):
        part = parts[idx]
        route[idx] = max((log(part.get(block[idx : x + 1]) or 1) - logtotal + route[x + 1][0], x)
                         for x in dag[idx])
    x = 0
    buf = ""
    while x < n:
        y = route[x][1] + 1
        word = block[x:y]
        if len(word) == 1 and _ENG_RE.match(word):
            buf += word
        else:
            if buf:
                yield buf
                buf = ""
            yield word
        x = y
    if buf:
        yield buf


def _build(words: tuple[str, ...]) -> tuple[_Dictionary, bytes]:
    """Build the private jieba tokenizer (without jieba's own cache or log output) and take its
    prefix dictionary."""
    import jieba

    tokenizer = jieba.Tokenizer()
    # What ``initialize()`` does, minus reading or writing /tmp/jieba.cache and logging.
    tokenizer.FREQ, tokenizer.total = tokenizer.gen_pfdict(tokenizer.get_dict_file())
    tokenizer.initialized = True
    for word in words:
        tokenizer.add_word(word, max(int(tokenizer.suggest_freq(word, False)), 1))
    return _Dictionary.from_freq(tokenizer.FREQ, tokenizer.total)


class Segmenter:
    """Cut folded text into words as the private jieba tokenizer does (``HMM=False``)."""

    def __init__(self, words: Iterable[str]) -> None:
        self._source = words
        self._unique: tuple[str, ...] | None = None
        self._lock = threading.Lock()
        self._dictionary: _Dictionary | None = None

    @property
    def _words(self) -> tuple[str, ...]:
        """The words taught to jieba, in order, each once (worked out on first need)."""
        if self._unique is None:
            self._unique = tuple(dict.fromkeys(w for w in self._source if len(w) >= 2))
        return self._unique

    def _cache_name(self) -> str:
        digest = hashlib.sha256(_jieba_identity().encode("utf-8"))
        digest.update("\n".join(("", *self._words)).encode("utf-8"))
        return f"words-{digest.hexdigest()[:24]}.bin"

    def _ready(self) -> _Dictionary:
        dictionary = self._dictionary
        if dictionary is not None:
            return dictionary
        with self._lock:
            if self._dictionary is None:
                name = self._cache_name()
                payload = read_cache(name)
                loaded: _Dictionary | None = None
                if payload is not None:
                    try:
                        loaded = _Dictionary.from_payload(payload)
                    except (ValueError, EOFError, TypeError):
                        loaded = None
                if loaded is None:
                    loaded, payload = _build(self._words)
                    write_cache(name, payload)
                self._dictionary = loaded
            return self._dictionary

    def boundaries(self, block: str) -> tuple[int, ...]:
        """Sorted offsets in ``block`` (one run of :data:`BLOCK_RE`) where a word starts or ends
        (0 and ``len(block)`` too)."""
        offsets = [0]
        position = 0
        for word in _cut_block(block, self._ready()):
            position += len(word)
            offsets.append(position)
        return tuple(offsets)

    def cut(self, text: str) -> list[str]:
        """The words of ``text``, as ``jieba.Tokenizer.cut(text, HMM=False)`` gives them."""
        words = self._ready()
        out: list[str] = []
        for piece in re.split(f"({BLOCK_RE.pattern})", text):
            if not piece:
                continue
            if BLOCK_RE.fullmatch(piece):
                out.extend(_cut_block(piece, words))
            else:  # spaces whole, anything else one character at a time, as jieba does
                for x in _SKIP_RE.split(piece):
                    if _SKIP_RE.match(x):
                        out.append(x)
                    else:
                        out.extend(x)
        return out

    def reference(self) -> Any:
        """A real ``jieba.Tokenizer`` with the same words (slow: for tests and debugging)."""
        import jieba

        tokenizer = jieba.Tokenizer()
        tokenizer.FREQ, tokenizer.total = tokenizer.gen_pfdict(tokenizer.get_dict_file())
        tokenizer.initialized = True
        for word in self._words:
            tokenizer.add_word(word, max(int(tokenizer.suggest_freq(word, False)), 1))
        return tokenizer
