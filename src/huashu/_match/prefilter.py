"""The prefilter: one Aho-Corasick pass (pyahocorasick, in C) over the folded text finds every
anchor of every kind, overlapping ones too; only there does any matcher look further."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

__all__ = ["Prefilter", "automaton"]


def automaton(anchors: Iterable[str]) -> Any:
    """An automaton of ``anchors`` that stores only each one's length (so that it pickles as
    plain bytes, for the compiled-bank cache); ``None`` when there are none."""
    import ahocorasick

    built = ahocorasick.Automaton(ahocorasick.STORE_LENGTH, ahocorasick.KEY_STRING)
    for anchor in anchors:
        built.add_word(anchor)
    if not len(built):
        return None
    built.make_automaton()
    return built


class Prefilter:
    def __init__(self, built: Any) -> None:
        self._automaton = built

    def __bool__(self) -> bool:
        return self._automaton is not None

    def anchors(self, folded: str) -> Iterator[tuple[int, str]]:
        """``(position, anchor)`` for every anchor occurrence in ``folded``, by end position."""
        if self._automaton is None:
            return iter(())
        return ((end - length + 1, folded[end - length + 1 : end + 1])
                for end, length in self._automaton.iter(folded))
