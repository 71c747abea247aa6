"""The prefilter: one Aho-Corasick pass (pyahocorasick, in C) over the folded text finds every
anchor of every kind, overlapping ones too; only there does any matcher look further.

Each anchor is stored with its number in the compiled bank's list of anchors (so that the
automaton pickles as plain bytes, for the compiled-bank cache); the matchers keep what they know
of an anchor under that number."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

__all__ = ["Prefilter", "Strings", "automaton"]


class Strings(Sequence[str]):
    """Strings kept as one string and where each ends, for the compiled-bank cache: tens of
    thousands read back as two objects, each string sliced out when it is needed."""

    def __init__(self, packed: tuple[str, bytes]) -> None:
        self._joined, raw = packed
        self._ends = array("I")
        self._ends.frombytes(raw)

    @staticmethod
    def pack(strings: Iterable[str]) -> tuple[str, bytes]:
        ends, total, parts = array("I"), 0, []
        for string in strings:
            parts.append(string)
            total += len(string)
            ends.append(total)
        return "".join(parts), ends.tobytes()

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, i: int) -> str:  # type: ignore[override]
        if not 0 <= i < len(self._ends):
            raise IndexError(i)
        return self._joined[self._ends[i - 1] if i else 0 : self._ends[i]]


def automaton(anchors: Iterable[str]) -> Any:
    """An automaton of ``anchors`` that stores each one's number in that order; ``None`` when
    there are none."""
    import ahocorasick

    built = ahocorasick.Automaton(ahocorasick.STORE_INTS, ahocorasick.KEY_STRING)
    for number, anchor in enumerate(anchors):
        built.add_word(anchor, number)
    if not len(built):
        return None
    built.make_automaton()
    return built


class Prefilter:
    def __init__(self, built: Any, names: Sequence[str]) -> None:
        self._automaton = built
        self.names = names  # the anchors, by number
        self.empty = built is None  # no anchors at all (an attribute: read for every text)

    def __bool__(self) -> bool:
        return self._automaton is not None

    def iter(self, folded: str) -> Iterator[tuple[int, int]]:
        """``(end, number)`` for every anchor occurrence in ``folded``, by end position (the
        anchor's last character is at ``end``)."""
        if self._automaton is None:
            return iter(())
        return self._automaton.iter(folded)  # type: ignore[no-any-return]
