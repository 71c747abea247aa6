"""The compiled-bank cache: a bank's compiled tables, kept in the user's cache folder.

Compiling the bundled bank expands its word sets into some sixty thousand folded forms (about
two seconds); a later process with the same rules reads them back instead (tens of
milliseconds). The file is named by a hash of everything compiling reads — the matching fields
of the active rules, the bank's settings, and the source of the engine modules that compile and
fold — so an edited bank or a new huashu version never reads a stale file. The payload holds
only plain data (tuples, lists, dicts, strings, numbers) and the prefilter's Aho-Corasick
automaton (which stores lengths only), and is read with an unpickler that refuses every other
class, so a planted file cannot run code; a truncated or corrupt one fails its
checksum and is rebuilt. See :func:`huashu._segment.cache_dir` for the folder.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .._bank import Settings
from .._model import Rule
from .._segment import read_cache, write_cache

__all__ = ["cached_tables"]

_PACKAGE = Path(__file__).resolve().parents[1]
# The modules whose code decides what compiling produces.
# Every matcher module, not only those that compile: a table's layout is read by all of them.
_SOURCES = ("_match/__init__.py", "_match/_base.py", "_match/_regex.py", "_match/phrase.py",
            "_match/typo.py", "_match/gap.py", "_match/pattern.py", "_match/guard.py",
            "_match/prefilter.py", "_match/literals.py", "_match/cache.py", "_normalize.py", "_bank.py",
            "_sound.py")


class _PlainUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("ahocorasick", "Automaton"):  # the prefilter: lengths, no objects
            import ahocorasick

            return ahocorasick.Automaton
        raise pickle.UnpicklingError(f"the compiled-bank cache holds no {module}.{name}")


def _key(rules: Sequence[Rule], settings: Settings) -> str:
    digest = hashlib.sha256()
    for name in _SOURCES:
        try:
            digest.update((_PACKAGE / name).read_bytes())
        except OSError:
            digest.update(name.encode())
    try:
        import opencc  # folding forms uses its t2s table

        digest.update(str(getattr(opencc, "__version__", "")).encode())
    except ImportError:  # pragma: no cover - a dependency
        pass
    fields = [
        (r.match, r.forms, r.anchors, r.exceptions, r.unless_followed_by) for r in rules
    ]
    digest.update(repr(fields).encode("utf-8"))
    digest.update(repr((settings.insertable, settings.protected, settings.typo_min_length,
                        settings.particles, sorted(settings.sets.items()))).encode("utf-8"))
    return digest.hexdigest()[:24]


def cached_tables(rules: Sequence[Rule], settings: Settings,
                  compile_tables: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """The compiled tables of ``rules``: from the cache when there, else compiled and stored."""
    name = f"bank-{_key(rules, settings)}.pickle"
    payload = read_cache(name)
    if payload is not None:
        try:
            tables = _PlainUnpickler(io.BytesIO(payload)).load()
            if isinstance(tables, dict) and tables.get("rules") == len(rules):
                return tables  # type: ignore[no-any-return]
        except Exception:  # noqa: BLE001 - any damage means: compile again
            pass
    tables = compile_tables()
    write_cache(name, pickle.dumps(tables, protocol=pickle.HIGHEST_PROTOCOL))
    return tables
