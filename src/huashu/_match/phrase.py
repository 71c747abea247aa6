"""Phrase forms: a literal form matched exactly, with inserted words, or with one typo.

Compiling turns a rule's forms (``{a|b}`` and ``@set`` alternations expanded, folded) into
*forms* and their *anchors*: a form of one or two characters is its own anchor, a longer one
has two, its first and last halves. By pigeonhole a form with one typo, or with inserted words
at one place, still holds one half untouched, so the prefilter (:mod:`.prefilter`) finding the
anchors finds every place a form can match.

Before looking closer the scan asks the anchor's *gate* (:func:`gates`): the characters that
must stand next to it for any of its forms to match there; most occurrences stop at that.

Verifying around an anchor tries only the forms that can match there: the text is read along
a trie of the anchor's forms (:class:`_Node`, built as texts lead into it and bounded in size)
for as long as some form goes on with it, and at each step only the forms that can depart from
the text right there (an inserted word, a typo of that character, one dropped or added, each
indexed by the characters the form must go on with) are tried. A form then matches exactly,
with one or two ``insertable`` words at the place where the text first departs from it, or
with one typo (:mod:`.typo`); clause marks (``^``, ``$``) are checked last.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from .._bank import Settings, clause_marks, iter_forms
from .._model import Rule
from .._normalize import fold_text
from ._base import GAP, Candidate, in_clause
from .typo import DROP_MIN, TypoVerifier

__all__ = ["PhraseMatcher", "compile_phrases", "gates", "pack"]

# A text's memo of anchor neighbourhoods (see PhraseMatcher.around) stops growing here.
_MEMO_MAX = 50_000
# The trie nodes below the anchors' roots, built as texts lead into them
# (PhraseMatcher.plausible), are dropped and built again once there are this many (some 40 MB):
# the eval corpora build about 15,000.
_NODES_MAX = 30_000
# Forms up to this long are taught to jieba as words, so that it cuts at their ends; a longer
# form's ends are word ends anyway, and teaching thousands of them slows every start.
WORD_MAX = 5


class Form(NamedTuple):  # a tuple: tens of thousands are made at every compile
    rule: int
    text: str
    max_edits: int
    protected: str
    inserts: bool  # whether inserted words are tried (forms of 3+ characters)
    offsets: tuple[int, ...]
    head: bool = False  # must open a clause (^)
    tail: bool = False  # must close a clause ($)


def pack(forms: Sequence[tuple], anchors: dict[str, list[tuple[int, int]]]) -> dict[str, Any]:
    """Forms and anchors as a few flat columns: reading sixty thousand forms back from the cache
    costs a few splits, and each form or anchor is unpacked when a text first needs it."""
    pairs = array("I")
    ends = array("I")
    for pair_list in anchors.values():
        for form_id, offset in pair_list:
            pairs.append(form_id)
            pairs.append(offset)
        ends.append(len(pairs))
    return {
        "rule": array("I", (f[0] for f in forms)).tobytes(),
        "text": _join([f[1] for f in forms]),
        "edits": bytes(f[2] for f in forms),
        "protected": _join([f[3] for f in forms]),
        "flags": bytes(f[4] | f[6] << 1 | f[7] << 2 for f in forms),
        "anchors": _join(list(anchors)),
        "pairs": pairs.tobytes(),
        "ends": ends.tobytes(),
    }


def _join(strings: list[str]) -> str | list[str]:
    """One string, NUL-separated (a list in the unlikely case that a string holds a NUL)."""
    return strings if any("\0" in s for s in strings) else "\0".join(strings)


def _split(packed: str | list[str], count: int) -> list[str]:
    if isinstance(packed, list):
        return packed
    return packed.split("\0") if count else []


class _Forms:
    """The packed forms (see :func:`pack`), unpacked one by one into :class:`Form` on first use
    (idempotent, so threads may race)."""

    def __init__(self, packed: dict[str, Any]) -> None:
        self._rule = array("I")
        self._rule.frombytes(packed["rule"])
        self._text = _split(packed["text"], len(self._rule))
        self._edits = packed["edits"]
        self._protected = _split(packed["protected"], len(self._rule))
        self._flags = packed["flags"]
        self._made: dict[int, Form] = {}
        if not (len(self._rule) == len(self._text) == len(self._edits) == len(self._protected) == len(self._flags)):
            raise ValueError("packed forms of different lengths")

    def __len__(self) -> int:
        return len(self._text)

    @property
    def texts(self) -> list[str]:
        return self._text

    def __getitem__(self, i: int) -> Form:
        form = self._made.get(i)
        if form is None:
            text, flags = self._text[i], self._flags[i]
            n = len(text)
            offsets = (0,) if n <= 2 else (0, 1) if n == 3 else (0, n // 2)
            form = Form(self._rule[i], text, self._edits[i], self._protected[i], bool(flags & 1), offsets,
                        bool(flags & 2), bool(flags & 4))
            self._made[i] = form
        return form


class _Anchors:
    """The packed anchors: each anchor's ``(form, offset)`` pairs, unpacked on first use."""

    def __init__(self, packed: dict[str, Any]) -> None:
        self._pairs = array("I")
        self._pairs.frombytes(packed["pairs"])
        ends = array("I")
        ends.frombytes(packed["ends"])
        names = _split(packed["anchors"], len(ends))
        if len(ends) != len(names):
            raise ValueError("packed anchors of different lengths")
        self._ends = ends
        self._where = dict(zip(names, range(len(names))))
        self.names = self._where.keys()  # a set-like view: ``anchor in names`` without a call

    def __contains__(self, anchor: str) -> bool:
        return anchor in self._where

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def get(self, anchor: str, default: tuple = ()) -> tuple[tuple[int, int], ...]:
        i = self._where.get(anchor)
        if i is None:
            return default
        flat = self._pairs[self._ends[i - 1] if i else 0 : self._ends[i]]
        return tuple(zip(flat[::2], flat[1::2]))


def insert_words(settings: Settings) -> tuple[str, ...]:
    """The bank's insertable words, folded, longest first; a space may also sit there."""
    inserts = sorted({fold_text(w) for w in settings.insertable if fold_text(w)}, key=len, reverse=True)
    # A space (a full-width one folds to it) may also sit at that place: 这是　规定.
    return tuple(dict.fromkeys([*inserts, " ", "\t"])) if inserts else ()


def compile_phrases(index: int, rule: Rule, settings: Settings, inserts: bool,
                    forms: list[tuple], anchors: dict[str, list[tuple[int, int]]]) -> list[str]:
    """Add the literal (gap-free) forms of ``rule`` (number ``index``) to ``forms`` and
    ``anchors``; return those short enough to be taught to jieba."""
    protected = set(settings.protected)
    words = []
    marked = (clause_marks(f) for f in iter_forms(rule))
    for text, head, tail in dict.fromkeys((fold_text(f), h, t) for f, h, t in marked if GAP not in f):
        if not text:
            continue
        n = len(text)
        # One typo at most: the two-half prefilter is exact for one edit (pigeonhole), and two
        # edits in a short phrase change what it says.
        edits = 0 if n < settings.typo_min_length else 1
        if n <= 2:
            pairs = [(text, 0)]
        elif n == 3:
            pairs = [(text[:2], 0), (text[1:], 1)]
        else:
            half = n // 2
            pairs = [(text[:half], 0), (text[half:], half)]
        form_id = len(forms)
        forms.append((index, text, edits, "".join(c for c in text if c in protected),
                      n >= 3 and inserts, tuple(o for _, o in pairs), head, tail))
        if n <= WORD_MAX:
            words.append(text)
        for anchor, offset in pairs:
            anchors[anchor].append((form_id, offset))
    return words


Pair = tuple[int, int]  # (form, offset of the anchor in it)
# Shared by the nodes that have nothing in a map (never written to).
_NONE: dict[str, Any] = {}


def gates(forms: Sequence[tuple], anchors: dict[str, list[tuple[int, int]]],
          protected: set[str]) -> dict[str, tuple[bool, str, str, str, str, str, str]]:
    """What must stand next to each anchor for any of its forms to match there: the cheap test
    the scan makes before :meth:`PhraseMatcher.plausible` looks closer.

    ``(always, near_after, far_after, near_before, far_before, beyond_after, beyond_before)``:
    ``always`` when a form is the anchor itself (or has a typo whose character after it the form
    lacks); otherwise one of the ``near`` characters right after (role 0) or before (role 1) the
    anchor, one of the ``far`` ones a character further on, or inserted words there and one of
    the ``beyond`` characters past them. These are, over the anchor's forms, every key of the
    root :class:`_Node` maps (the next character, the character after a dropped one; the
    character after a typo, the next one after an added one; the next character of a form that
    takes inserted words), so a text the test turns away is one where
    :meth:`PhraseMatcher.plausible` yields nothing.
    """
    out: dict[str, tuple[bool, str, str, str, str, str, str]] = {}
    for anchor, pairs in anchors.items():
        always = False
        near: tuple[set[str], set[str]] = (set(), set())
        far: tuple[set[str], set[str]] = (set(), set())
        beyond: tuple[set[str], set[str]] = (set(), set())
        for form_id, offset in pairs:
            text, edits, takes_inserts = forms[form_id][1], forms[form_id][2], forms[form_id][4]
            if text == anchor:
                always = True
                continue
            role = 0 if offset == 0 else 1
            k = len(anchor) if role == 0 else offset - 1
            step = 1 if role == 0 else -1
            nxt, after = text[k], text[k + step] if 0 <= k + step < len(text) else ""
            near[role].add(nxt)
            if takes_inserts:
                beyond[role].add(nxt)
            if edits:
                if nxt not in protected:
                    if after:
                        far[role].add(after)
                    else:
                        always = True
                if len(text) >= DROP_MIN:
                    if after:
                        near[role].add(after)
                    far[role].add(nxt)
        out[anchor] = (always, *("".join(sorted(chars)) for chars in
                                 (near[0], far[0], near[1], far[1], beyond[0], beyond[1])))
    return out


@dataclass(frozen=True, slots=True)
class _Node:
    """The forms of one anchor in one direction that the text has followed exactly so far: a
    node of the trie of the forms' characters read away from the anchor (role 0: after it, the
    anchor being the form's start; role 1: before it, the anchor being the form's end).

    Its maps index the forms by the character next to what was read (``nxt``) and the one after
    that, for each way a form can depart from the text right there; ``children`` holds the
    nodes one character further on, built when a text first leads there.
    """

    whole: tuple[Pair, ...]  # forms read to their end: exactly what the text holds
    next_chars: dict[str, tuple[Pair, ...]]  # the forms going on, by their next character
    inserting: dict[str, tuple[Pair, ...]]  # forms taking inserted words, by next character
    # The maps of one departure are keyed by what the form must go on with exactly, up to two
    # characters (fewer where the form ends), read away from the anchor:
    # typo forms by the characters after a replaceable next one, then by that next character
    # (a typo replaces it, so everything after it is exact): ``(next characters, their forms)``;
    typo: dict[str, tuple[str, tuple[tuple[Pair, ...], ...]]]
    dropped: dict[str, tuple[Pair, ...]]  # by the characters after the next (which is dropped)
    added: dict[str, tuple[Pair, ...]]  # by the next characters, one further on (past the added one)
    # The quick test before those maps are read: a character of ``near`` next in the text (an
    # inserted word's edge, the character after a dropped one), one of ``far`` after it (after a
    # typo, or past an added one), or ``always`` (a typo of the form's last character).
    near: frozenset[str]
    far: frozenset[str]
    always: bool
    children: dict[str, _Node]

    @staticmethod
    def build(role: int, size: int, depth: int, pairs: Sequence[Pair], forms: _Forms,
              protected: set[str], edges: set[str] | frozenset[str],
              charset: Callable[[Iterable[str]], frozenset[str]]) -> _Node:
        """The node of ``pairs`` whose anchor (``size - depth`` characters) the text extends
        exactly by ``depth`` characters, to ``size``; ``edges``: the characters an inserted word
        starts (role 0) or ends (role 1) with; ``charset``: makes (one of) a set of characters."""
        whole: list[Pair] = []
        maps: list[dict[str, list[Any]]] = [{} for _ in range(5)]
        for pair in pairs:
            form = forms[pair[0]]
            text = form.text
            k = size if role == 0 else pair[1] - depth - 1
            if not 0 <= k < len(text):
                whole.append(pair)
                continue
            nxt = text[k]
            # the form's characters from the next one on, away from the anchor, three at most
            ahead = text[k : k + 3] if role == 0 else text[max(0, k - 2) : k + 1][::-1]
            maps[0].setdefault(nxt, []).append(pair)
            if form.inserts:
                maps[1].setdefault(nxt, []).append(pair)
            if form.max_edits:
                if nxt not in protected:
                    maps[2].setdefault(ahead[1:], {}).setdefault(nxt, []).append(pair)
                if len(text) >= DROP_MIN:
                    if ahead[1:]:
                        maps[3].setdefault(ahead[1:], []).append(pair)
                    maps[4].setdefault(ahead[:2], []).append(pair)
        nexts, inserting, dropped, added = ({c: tuple(v) for c, v in m.items()} if m else _NONE
                                            for m in (maps[0], maps[1], maps[3], maps[4]))
        if inserting == nexts:
            inserting = nexts  # every form takes inserted words (the common case): one map
        typo = {key: ("".join(by_next), tuple(map(tuple, by_next.values())))
                for key, by_next in maps[2].items()} or _NONE
        near = charset({k[0] for k in dropped} | (edges if inserting else set()))
        far = charset({k[0] for k in typo if k} | {k[0] for k in added})
        return _Node(tuple(whole), nexts, inserting, typo, dropped, added, near, far, "" in typo, {})


class PhraseMatcher:
    """The phrase forms of a compiled bank. The anchor index and the typo lookups are filled in
    as anchors are met; filling in is idempotent, so threads sharing a matcher may race on it
    harmlessly."""

    def __init__(self, packed: dict[str, Any], inserts: tuple[str, ...], settings: Settings) -> None:
        self.forms = _Forms(packed)
        self.anchors = _Anchors(packed)
        self._protected = set(settings.protected)
        self._particles = frozenset(settings.particles)
        self._typo = TypoVerifier(self._protected)
        self._inserts_by_first: dict[str, tuple[str, ...]] = defaultdict(tuple)
        self._inserts_by_last: dict[str, tuple[str, ...]] = defaultdict(tuple)
        for word in inserts:
            self._inserts_by_first[word[0]] += (word,)
            self._inserts_by_last[word[-1]] += (word,)
        # the characters an inserted word starts with, and those it ends with
        self.edge_inserts = self._edge_inserts = (frozenset(w[0] for w in inserts), frozenset(w[-1] for w in inserts))
        self._inserts = inserts
        self._reach_memo: int | None = None
        # An anchor's trie roots (role 0, role 1), built when a text first holds it: most
        # anchors never turn up.
        self._index: dict[str, tuple[_Node, _Node]] = {}
        self._sets: dict[frozenset[str], frozenset[str]] = {}  # character sets, each once (charset)
        self._nodes = 0  # nodes built below the roots since they were last dropped

    # -- candidates ---------------------------------------------------------------------------

    def plausible(self, folded: str, position: int, anchor: str) -> list[Pair]:
        """The ``(form, offset)`` pairs that can match around this occurrence of ``anchor``.

        In each direction the text is read along the trie of the anchor's forms (:class:`_Node`)
        for as long as some form goes on with the text's next character; at each step the forms
        that depart from the text right there are those that can still match: with an inserted
        word, a typo of that character, or one dropped or added. A form departs where the text
        first differs from it, so a form with none of these is never tried.
        """
        roots = self._index.get(anchor)
        if roots is None:
            pairs = self.anchors.get(anchor, ())
            roots = tuple(_Node.build(role, len(anchor), 0, [p for p in pairs if (p[1] > 0) == role],
                                      self.forms, self._protected, self._edge_inserts[role], self.charset)
                          for role in (0, 1))
            self._index[anchor] = roots
        out: list[Pair] = []
        n, size = len(folded), len(anchor)
        for role in (0, 1):
            node, depth = roots[role], 0
            while True:
                if node.whole:
                    out += node.whole
                if not node.next_chars:
                    break
                # the text's next character away from the anchor
                if role == 0:
                    at = position + size + depth
                    if at >= n:
                        break
                else:
                    at = position - depth - 1
                    if at < 0:
                        break
                c1 = folded[at]
                if (node.always or c1 in node.near
                        or (folded[at + 1 : at + 2] if role == 0 else folded[at - 1] if at else "") in node.far):
                    self._departures(node, folded, position, size, depth, role, at, c1, out)
                child = node.children.get(c1)
                if child is None:
                    going_on = node.next_chars.get(c1)
                    if going_on is None:
                        break
                    self._grow(1)
                    child = _Node.build(role, size + depth + 1, depth + 1, going_on, self.forms, self._protected,
                                        self._edge_inserts[role], self.charset)
                    node.children[c1] = child
                node, depth = child, depth + 1
        return out

    def _grow(self, count: int) -> None:
        """Count ``count`` new nodes below the roots; past :data:`_NODES_MAX`, drop them all (a
        walk under way keeps the nodes it holds), so that memory stays bounded however varied
        the texts of a long run. The roots stay: two per anchor, so the bank bounds them."""
        self._nodes += count
        if self._nodes > _NODES_MAX:
            for roots in list(self._index.values()):
                for root in roots:
                    root.children.clear()
            self._nodes = count

    def _departures(self, node: _Node, folded: str, position: int, size: int, depth: int, role: int,
                    at: int, c1: str, out: list[Pair]) -> None:
        """Add to ``out`` the forms of ``node`` that can depart from the text at ``at`` (whose
        character is ``c1``) and still match."""
        if role == 0:
            c2, c3 = folded[at + 1 : at + 2], folded[at + 2 : at + 3]
        else:
            c2, c3 = folded[at - 1] if at >= 1 else "", folded[at - 2] if at >= 2 else ""
        if node.inserting and c1 in self._edge_inserts[role]:
            # Words inserted right here: the form goes on with the character beyond them.
            begin = position if role == 0 else position - depth
            for beyond in self._beyond_inserts(folded, begin, size + depth, role):
                out += node.inserting.get(beyond, ())
        # Each departure's forms go on exactly with the text's next characters (those of its
        # key: two, or fewer where the form ends).
        typos = node.typo
        if typos:
            # A typo of the next character: the rest of the form is exact.
            alike = self._typo.alike
            for key in (c2 + c3, c2, "") if c3 else (c2, "") if c2 else ("",):
                entry = typos.get(key)
                if entry is not None:
                    for nxt, pairs in zip(*entry):
                        if alike(nxt, c1):
                            out += pairs
        dropped, added = node.dropped, node.added
        if dropped:
            out += dropped.get(c1 + c2, ())
            if c2:
                out += dropped.get(c1, ())
        if added and c2:
            out += added.get(c2 + c3, ())
            if c3:
                out += added.get(c2, ())

    # -- verification -------------------------------------------------------------------------

    def around(self, folded: str, position: int, anchor: str,
               memo: dict[tuple[str, int, str], list[tuple[int, int, int, float, str]]]) -> list[Candidate]:
        """The candidates of every form of ``anchor`` at this occurrence (:meth:`plausible`, then
        verified), memoised in ``memo`` (one per text) by the anchor's neighbourhood.

        Which forms match near an anchor, and where relative to it, depends only on the text
        within :meth:`_reach` characters of it, so a text that repeats itself (one phrase pasted
        a hundred thousand times) verifies each neighbourhood once. Clause marks look further
        (over any run of spaces and particles) and are checked afresh each time.
        """
        out: list[Candidate] = []
        forms, particles = self.forms, self._particles
        reach = self._reach_memo or self._reach()
        if len(folded) <= reach:
            # A text this short holds no neighbourhood twice: no memo.
            for form_id, offset in self.plausible(folded, position, anchor):
                form = forms[form_id]
                for c in self._verify_form(folded, position, form, offset):
                    if (form.head or form.tail) and not in_clause(folded, c.start, c.end, form.head, form.tail,
                                                                  particles):
                        continue
                    out.append(c)
            return out
        lo = position - reach if position > reach else 0
        key = (anchor, position - lo, folded[lo : position + len(anchor) + reach])
        hits = memo.get(key)
        if hits is None:
            hits = []
            for form_id, offset in self.plausible(folded, position, anchor):
                for c in self._verify_form(folded, position, forms[form_id], offset):
                    hits.append((form_id, c.start - position, c.end - position, c.score, c.kind))
            if len(memo) < _MEMO_MAX:
                memo[key] = hits
        for form_id, start, end, score, kind in hits:
            form = forms[form_id]
            start += position
            end += position
            if (form.head or form.tail) and not in_clause(folded, start, end, form.head, form.tail, particles):
                continue
            out.append(Candidate(form.rule, start, end, score, kind))
        return out

    def _reach(self) -> int:
        """How far from an anchor :meth:`plausible` and :meth:`_verify_form` look: a form's
        length either way, and beyond it two inserted words, a form's length again and a typo's
        character (worked out on first need)."""
        if self._reach_memo is None:
            longest = max(map(len, self.forms.texts), default=0)
            insert = max(map(len, self._inserts), default=0)
            self._reach_memo = 2 * longest + 2 * insert + 2
        return self._reach_memo

    def verify(self, folded: str, position: int, form_id: int, offset: int) -> list[Candidate]:
        """The candidates of form ``form_id`` whose anchor at ``offset`` sits at ``position``."""
        form = self.forms[form_id]
        out = self._verify_form(folded, position, form, offset)
        if out and (form.head or form.tail):
            return [c for c in out if in_clause(folded, c.start, c.end, form.head, form.tail, self._particles)]
        return out

    def _verify_form(self, folded: str, position: int, form: Form, offset: int) -> list[Candidate]:
        text, n = form.text, len(form.text)
        start = position - offset
        out: list[Candidate] = []
        if start >= 0 and folded.startswith(text, start):
            return [Candidate(form.rule, start, start + n, 100.0, "exact")]
        if form.inserts:
            span = self._inserted(folded, text, start, offset)
            if span is not None:
                out.append(Candidate(form.rule, span[0], span[1], 95.0, "insert"))
        if out or form.max_edits == 0:
            return out
        typo = self._typo.verify(folded, text, form.protected, form.max_edits, start, offset)
        if typo is not None:
            out.append(Candidate(form.rule, typo[1], typo[2], typo[0], "typo"))
        return out

    def charset(self, chars: Iterable[str]) -> frozenset[str]:
        """``frozenset(chars)``, one object for equal sets (the nodes' and the scan's gates have
        the same few over and over)."""
        found = frozenset(chars)
        return self._sets.setdefault(found, found)

    def inserted_before(self, folded: str, at: int, role: int, beyond: frozenset[str]) -> bool:
        """Whether one or two insertable words start at ``at`` (role 0) or end just before it
        (role 1) with one of the characters ``beyond`` past them (the scan's gate, which has
        already seen an inserted word's edge there)."""
        return any(c in beyond for c in self._beyond_inserts(folded, at, 0, role))

    def _beyond_inserts(self, folded: str, position: int, size: int, role: int) -> Iterator[str]:
        """The characters just beyond one or two insertable words that sit next to the anchor
        at ``position`` (after it for role 0, before it for role 1): where a form that takes
        inserted words must go on (see :meth:`_inserted`)."""
        if role == 0:
            for after in self._insert_ends(folded, position + size, forward=True):
                if after < len(folded):
                    yield folded[after]
        else:
            for before in self._insert_ends(folded, position, forward=False):
                if before >= 1:
                    yield folded[before - 1]

    def _insert_ends(self, folded: str, at: int, *, forward: bool) -> Iterator[int]:
        """Where one, then two, insertable words that start at ``at`` (``forward``) or end there
        stop: the offset after them, or before them."""
        if forward:
            for first in self._inserts_by_first.get(folded[at : at + 1], ()):
                if folded.startswith(first, at):
                    after = at + len(first)
                    yield after
                    for second in self._inserts_by_first.get(folded[after : after + 1], ()):
                        if folded.startswith(second, after):
                            yield after + len(second)
            return
        for last in self._inserts_by_last.get(folded[at - 1 : at] if at >= 1 else "", ()):
            if folded.endswith(last, 0, at):
                before = at - len(last)
                yield before
                for other in self._inserts_by_last.get(folded[before - 1 : before] if before >= 1 else "", ()):
                    if folded.endswith(other, 0, before):
                        yield before - len(other)

    def _inserted(self, folded: str, text: str, start: int, offset: int) -> tuple[int, int] | None:
        """The span of ``text`` with one or two insertable words at one place, aligned with the
        anchor that was found (the form's start when ``offset`` is 0, else its end); or None.

        The words sit where the text first departs from the form, counted from the whole half:
        我|真的|不知道 departs after 我. Plain string tests, no regular expression to compile.
        """
        n = len(text)
        if offset == 0:
            same = 0
            while same < n and start + same < len(folded) and folded[start + same] == text[same]:
                same += 1
            if same == 0 or same >= n:
                return None
            rest, at = text[same:], start + same
            if folded[at : at + 1] not in self._edge_inserts[0]:
                return None
            for after in self._insert_ends(folded, at, forward=True):
                if folded.startswith(rest, after):
                    return start, after + len(rest)
            return None
        end = start + n
        if end > len(folded):
            return None
        same = 0
        while same < n and end - 1 - same >= 0 and folded[end - 1 - same] == text[n - 1 - same]:
            same += 1
        if same == 0 or same >= n:
            return None
        head, at = text[: n - same], end - same
        if at < 1 or folded[at - 1] not in self._edge_inserts[1]:
            return None
        for before in self._insert_ends(folded, at, forward=False):
            if before - len(head) >= 0 and folded.endswith(head, 0, before):
                return before - len(head), end
        return None

    def exhaustive(self, folded: str) -> Iterator[Candidate]:
        """Every form tried at every position: slow, for the tests that show the prefilter loses
        nothing."""
        present = set(folded)
        for form_id in range(len(self.forms)):
            form = self.forms[form_id]
            # With one typo at most, all but one of a form's characters are in the text.
            if sum(c not in present for c in form.text) > 1:
                continue
            for position in range(len(folded)):
                for offset in form.offsets:
                    yield from self.verify(folded, position, form_id, offset)
