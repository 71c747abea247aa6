"""Compile a bank's rules into matchers and find candidates in folded text.

Candidates are found in three steps, so that the cost stays linear in the text and jieba runs
only where a phrase can match:

1. *Prefilter*: one Aho-Corasick pass (pyahocorasick; a trie regular expression where that
   is missing) over the folded text finds every *anchor*: a form of one or two characters
   itself, else its first and last halves. By pigeonhole, a form with one typo, or with
   inserted adverbs at one place, still contains one of its halves untouched.
2. *Verify* around each anchor the forms that can match there: an anchor's forms are indexed
   by the character next to it, so only those whose next character is the text's, or that can
   depart from the form right there (an inserted word, a typo of that character), are tried.
   A form matches exactly, with ``insertable`` words at one place inside it, or with one typo
   that leaves the ``protected`` characters alone and replaces a character only by one that
   sounds alike (:mod:`rapidfuzz` Levenshtein distance with a ``score_cutoff``, then its edit
   operations); clause marks (``^``, ``$``) are checked here.
3. *Guard*: a short (or typo, or gap) candidate must start and end on a word boundary of the
   private jieba segmentation of its block; a candidate must not overlap one of its rule's
   exceptions, nor be followed in its line by one of the rule's ``unless_followed_by`` offers.

The anchor index and the typo lookups are filled in as anchors are met; filling in is
idempotent, so threads sharing a compiled bank may race on it harmlessly.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from rapidfuzz.distance import Levenshtein

from ._bank import PhraseBank, Settings, clause_marks, expand, iter_exceptions, iter_forms
from ._model import Rule
from ._normalize import fold, fold_text
from ._segment import BLOCK_RE, Segmenter
from ._sound import sounds_alike

__all__ = ["GAP", "Candidate", "CompiledBank"]

# In a phrase form, "~" stands for up to six characters of the same clause: 这么简单~都不会.
GAP = "~"
_GAP_RE = r"\w{0,6}?"
# Forms up to this long are taught to jieba as words, so that it cuts at their ends; a longer
# form's ends are word ends anyway, and teaching thousands of them slows every start.
_WORD_MAX = 5
# Exact and inserted matches up to this long must start and end on a word boundary; a longer
# phrase rarely sits inside another word (typo and gap matches are always checked).
_GUARD_MAX = 5
# A character dropped or added counts as a typo only in forms at least this long.
_DROP_MIN = 7
# An offer redeems a refusal up to this many characters on, in the same line (turn).
REDEEM_REACH = 40
# An offer right after one of these is a refusal again (无法为您调整, 不能帮您): it redeems nothing.
_NEGATIONS = ("不", "无法", "没法", "没办法", "难以", "无从", "没有办法")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A match in folded coordinates."""

    rule: int
    start: int
    end: int
    score: float
    kind: str  # exact | insert | typo | gap | pattern


class _Form(NamedTuple):  # a tuple: tens of thousands are made at every start
    rule: int
    text: str
    max_edits: int
    protected: str
    inserts: bool  # whether inserted words are tried (forms of 3+ characters)
    offsets: tuple[int, ...]
    head: bool = False  # must open a clause (^)
    tail: bool = False  # must close a clause ($)


@dataclass(frozen=True, slots=True)
class _AnchorIndex:
    """The forms of one anchor, by the form character next to it: role 0 when the anchor is the
    form's start (the character after it), role 1 when it is the form's end (the one before)."""

    whole: tuple[tuple[int, int], ...]  # forms that are the anchor itself
    next_chars: tuple[dict[str, tuple[tuple[int, int], ...]], ...]
    inserting: tuple[dict[str, tuple[tuple[int, int], ...]], ...]  # forms taking inserted words, by next char
    typo: tuple[dict[str, tuple[tuple[int, int], ...]], ...]  # typo forms by a replaceable next char
    dropped: tuple[dict[str, tuple[tuple[int, int], ...]], ...]  # by the character after the next
    added: tuple[dict[str, tuple[tuple[int, int], ...]], ...]  # by the next character, one further on

    @staticmethod
    def build(anchor: str, pairs: Sequence[tuple[int, int]], forms: Sequence[_Form], protected: set[str]) -> _AnchorIndex:
        whole: list[tuple[int, int]] = []
        maps: list[list[dict[str, list[tuple[int, int]]]]] = [[{}, {}] for _ in range(4)]
        inserting: list[dict[str, list[tuple[int, int]]]] = [{}, {}]
        for pair in pairs:
            form = forms[pair[0]]
            text, offset = form.text, pair[1]
            if text == anchor:
                whole.append(pair)
                continue
            role = 0 if offset == 0 else 1
            k = len(anchor) if role == 0 else offset - 1
            step = 1 if role == 0 else -1
            nxt, after = text[k], text[k + step] if 0 <= k + step < len(text) else ""
            maps[0][role].setdefault(nxt, []).append(pair)
            if form.inserts:
                inserting[role].setdefault(nxt, []).append(pair)
            if form.max_edits:
                if nxt not in protected:
                    maps[1][role].setdefault(nxt, []).append(pair)
                if len(text) >= _DROP_MIN:
                    if after:
                        maps[2][role].setdefault(after, []).append(pair)
                    maps[3][role].setdefault(nxt, []).append(pair)

        def frozen(m: list[dict[str, list[tuple[int, int]]]]) -> tuple[dict[str, tuple[tuple[int, int], ...]], ...]:
            return tuple({c: tuple(v) for c, v in d.items()} for d in m)

        return _AnchorIndex(tuple(whole), frozen(maps[0]), frozen(inserting),
                            frozen(maps[1]), frozen(maps[2]), frozen(maps[3]))


def _keep(found: dict[tuple[int, int, int], Candidate], cand: Candidate) -> None:
    key = (cand.rule, cand.start, cand.end)
    old = found.get(key)
    if old is None or cand.score > old.score:
        found[key] = cand


def _trie_regex(words: Sequence[str]) -> str:
    """A regular expression matching any of ``words``, longest first, with shared prefixes."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(c) + build(child) for c, child in sorted(node.items()) if c]
        optional = "" in node
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if optional:
            body = "(?:" + body + ")?"
        return body

    return build(trie)


def _fold(text: str) -> str:
    return fold_text(text)


class CompiledBank:
    """The active rules of a bank, compiled once; read-only afterwards and safe to share."""

    def __init__(self, bank: PhraseBank, rules: Sequence[Rule]) -> None:
        self.bank = bank
        self.rules = tuple(rules)
        settings: Settings = bank.settings
        protected = set(settings.protected)
        inserts = sorted({_fold(w) for w in settings.insertable if _fold(w)}, key=len, reverse=True)
        # A space (a full-width one folds to it) may also sit at that place: 这是　规定.
        self._inserts = tuple(dict.fromkeys([*inserts, " ", "\t"])) if inserts else ()
        self._inserts_by_first: dict[str, tuple[str, ...]] = defaultdict(tuple)
        self._inserts_by_last: dict[str, tuple[str, ...]] = defaultdict(tuple)
        for word in self._inserts:
            self._inserts_by_first[word[0]] += (word,)
            self._inserts_by_last[word[-1]] += (word,)

        self._forms: list[_Form] = []
        anchor_forms: dict[str, list[tuple[int, int]]] = defaultdict(list)
        # anchor -> the (rule, regex number) pairs to run where it occurs: a gap form runs only
        # where its own longest piece does, not wherever any of its rule's thousands do.
        pattern_anchors: dict[str, set[tuple[int, int]]] = defaultdict(set)
        # A gap form's regex is kept as its source until its anchor first turns up: a bank with
        # word sets has thousands, and most never run.
        self._patterns: dict[int, list[re.Pattern[str] | str]] = {}
        # (rule, pattern number) -> (^, $) of a gap form with clause marks
        self._pattern_marks: dict[tuple[int, int], tuple[bool, bool]] = {}
        self._exceptions: dict[int, tuple[str, ...]] = {}
        self._redeemers: dict[int, tuple[str, ...]] = {}
        words: list[str] = []
        for index, rule in enumerate(self.rules):
            self._exceptions[index] = tuple(
                dict.fromkeys(e for e in map(_fold, iter_exceptions(rule)) if e)
            )
            words.extend(self._exceptions[index])
            redeemers = (_fold(e) for f in rule.unless_followed_by for e in expand(f))
            self._redeemers[index] = tuple(dict.fromkeys(r for r in redeemers if r))
            if rule.match == "pattern":
                self._patterns[index] = [re.compile(f) for f in rule.forms]
                for anchor in rule.anchors:
                    for folded_anchor in map(_fold, expand(anchor)):
                        if folded_anchor:
                            pattern_anchors[folded_anchor].update(
                                (index, number) for number in range(len(rule.forms)))
                continue
            marked = [clause_marks(f) for f in iter_forms(rule)]
            gaps = [m for m in marked if GAP in m[0]]
            if gaps:
                self._patterns[index] = []
                for form, head, tail in dict.fromkeys(gaps):
                    pieces = [_fold(p) for p in form.split(GAP)]
                    if head or tail:
                        self._pattern_marks[index, len(self._patterns[index])] = (head, tail)
                    pattern_anchors[max(pieces, key=len)].add((index, len(self._patterns[index])))
                    self._patterns[index].append(_GAP_RE.join(map(re.escape, pieces)))
                    words.extend(p for p in pieces if len(p) >= 2)
            for text, head, tail in dict.fromkeys((_fold(f), h, t) for f, h, t in marked if GAP not in f):
                if not text:
                    continue
                n = len(text)
                # One typo at most: the two-half prefilter is exact for one edit (pigeonhole),
                # and two edits in a short phrase change what it says.
                edits = 0 if n < settings.typo_min_length else 1
                if n <= 2:
                    anchors = [(text, 0)]
                elif n == 3:
                    anchors = [(text[:2], 0), (text[1:], 1)]
                else:
                    half = n // 2
                    anchors = [(text[:half], 0), (text[half:], half)]
                form_id = len(self._forms)
                self._forms.append(
                    _Form(index, text, edits, "".join(c for c in text if c in protected),
                          n >= 3 and bool(self._inserts), tuple(o for _, o in anchors), head, tail)
                )
                if n <= _WORD_MAX:
                    words.append(text)
                for anchor, offset in anchors:
                    anchor_forms[anchor].append((form_id, offset))
        self._protected = protected
        self._particles = frozenset(settings.particles)
        # Built for an anchor when the text first holds it: most anchors never turn up.
        self._index: dict[str, _AnchorIndex] = {}
        self._edge_inserts = (frozenset(w[0] for w in self._inserts), frozenset(w[-1] for w in self._inserts))
        self._typo_memo: dict[tuple[str, int, str], tuple[tuple[int, int], ...]] = {}
        all_anchors = set(anchor_forms) | set(pattern_anchors)
        self._anchor_forms: dict[str, tuple[tuple[int, int], ...]] = {}
        self._anchor_patterns: dict[str, frozenset[tuple[int, int]]] = {}
        self._automaton: Any = None
        self._prefilter: re.Pattern[str] | None = None
        try:
            import ahocorasick
        except ImportError:  # pragma: no cover - the wheel exists for every common platform
            ahocorasick = None
        if ahocorasick is not None:
            # Aho-Corasick reports every anchor, overlapping ones too, in one C pass.
            for anchor in all_anchors:
                self._anchor_forms[anchor] = tuple(anchor_forms.get(anchor, ()))
                self._anchor_patterns[anchor] = frozenset(pattern_anchors.get(anchor, ()))
            if all_anchors:
                self._automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
                for anchor in all_anchors:
                    self._automaton.add_word(anchor, (len(anchor) - 1, anchor))
                self._automaton.make_automaton()
        else:
            # A regular expression finds one anchor per position (the longest), so that anchor
            # also stands for every shorter anchor that is its prefix.
            for anchor in all_anchors:
                forms: list[tuple[int, int]] = []
                patterns: set[tuple[int, int]] = set()
                for k in range(1, len(anchor) + 1):
                    forms.extend(anchor_forms.get(anchor[:k], ()))
                    patterns.update(pattern_anchors.get(anchor[:k], ()))
                self._anchor_forms[anchor] = tuple(forms)
                self._anchor_patterns[anchor] = frozenset(patterns)
            if all_anchors:
                self._prefilter = re.compile("(?=(" + _trie_regex(sorted(all_anchors)) + "))")
        # Every offer of every rule, to the rules it redeems: found in one pass over a text.
        self._offer_rules: dict[str, frozenset[int]] = {}
        for index, offers in self._redeemers.items():
            for offer in offers:
                self._offer_rules[offer] = self._offer_rules.get(offer, frozenset()) | {index}
        self._offer_automaton: Any = None
        if ahocorasick is not None and self._offer_rules:
            self._offer_automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
            for offer in self._offer_rules:
                self._offer_automaton.add_word(offer, offer)
            self._offer_automaton.make_automaton()
        self.segmenter = Segmenter(words)

    # -- matching ------------------------------------------------------------------------

    def candidates(self, folded: str, *, exhaustive: bool = False) -> list[Candidate]:
        """Every guarded candidate in ``folded`` (overlaps not yet resolved).

        ``exhaustive`` skips the prefilter and tries every form at every position: slow, used by
        the tests to show the prefilter loses nothing.
        """
        if not folded or (self._automaton is None and self._prefilter is None):
            return []
        found: dict[tuple[int, int, int], Candidate] = {}
        patterns: set[tuple[int, int]] = set()
        verify = self._verify
        if exhaustive:
            patterns = {(index, number) for index, regexes in self._patterns.items()
                        for number in range(len(regexes))}
            present = set(folded)
            for form_id, form in enumerate(self._forms):
                # With one typo at most, all but one of a form's characters are in the text.
                if sum(c not in present for c in form.text) > 1:
                    continue
                for position in range(len(folded)):
                    for offset in form.offsets:
                        for cand in verify(folded, position, form_id, offset):
                            _keep(found, cand)
        else:
            for position, anchor in self._anchors(folded):
                if self._anchor_patterns[anchor]:
                    patterns.update(self._anchor_patterns[anchor])
                pairs = (self._plausible(folded, position, anchor) if self._automaton is not None
                         else self._anchor_forms[anchor])
                for form_id, offset in pairs:
                    for cand in verify(folded, position, form_id, offset):
                        _keep(found, cand)
        for index, number in patterns:
            regex = self._patterns[index][number]
            if isinstance(regex, str):  # compiled once, on first use (idempotent, so thread-safe)
                regex = self._patterns[index][number] = re.compile(regex)
            marks = self._pattern_marks.get((index, number))
            for m in regex.finditer(folded):
                start, end = m.span("hit") if "hit" in regex.groupindex else m.span()
                if marks and not self._in_clause(folded, start, end, *marks):
                    continue
                if end > start:
                    kind = "pattern" if self.rules[index].match == "pattern" else "gap"
                    score = 100.0 if kind == "pattern" else 90.0
                    _keep(found, Candidate(index, start, end, score, kind))
        if not found:
            return []
        return self._guard(folded, list(found.values()))

    def _plausible(self, folded: str, position: int, anchor: str) -> Iterator[tuple[int, int]]:
        """The forms that can match around this occurrence of ``anchor``: those whose character
        next to the anchor is the text's, or that can depart from the form right there (an
        inserted word, a typo of that character, one dropped or added)."""
        index = self._index.get(anchor)
        if index is None:
            index = _AnchorIndex.build(anchor, self._anchor_forms[anchor], self._forms, self._protected)
            self._index[anchor] = index
        yield from index.whole
        n = len(folded)
        for role in (0, 1):
            if not index.next_chars[role]:
                continue
            if role == 0:
                at = position + len(anchor)
                c1 = folded[at] if at < n else ""
                c2 = folded[at + 1] if at + 1 < n else ""
            else:
                c1 = folded[position - 1] if position >= 1 else ""
                c2 = folded[position - 2] if position >= 2 else ""
            yield from index.next_chars[role].get(c1, ())
            if not c1:
                continue
            if c1 in self._edge_inserts[role] and index.inserting[role]:
                # Words inserted right here: the form goes on with the character beyond them.
                for beyond in self._beyond_inserts(folded, position, len(anchor), role):
                    yield from index.inserting[role].get(beyond, ())
            if index.typo[role]:
                key = (anchor, role, c1)
                typos = self._typo_memo.get(key)
                if typos is None:
                    typos = tuple(p for d, forms in index.typo[role].items()
                                  if d != c1 and sounds_alike(d, c1) for p in forms)
                    if len(self._typo_memo) < 200_000:
                        self._typo_memo[key] = typos
                yield from typos
            yield from index.dropped[role].get(c1, ())
            if c2:
                yield from index.added[role].get(c2, ())

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

    def _anchors(self, folded: str) -> Iterator[tuple[int, str]]:
        """``(position, anchor)`` for every anchor occurrence the prefilter finds."""
        if self._automaton is not None:
            for end, (last, anchor) in self._automaton.iter(folded):
                yield end - last, anchor
        else:
            assert self._prefilter is not None
            for match in self._prefilter.finditer(folded):
                yield match.start(), match.group(1)

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
        for before in self._insert_ends(folded, at, forward=False):
            if before - len(head) >= 0 and folded.endswith(head, 0, before):
                return before - len(head), end
        return None

    def _in_clause(self, folded: str, start: int, end: int, head: bool, tail: bool) -> bool:
        """Whether ``[start, end)`` opens a clause (``head``: nothing but spaces between it and
        punctuation or the start of the text) and closes one (``tail``: nothing but spaces and
        particles between it and punctuation or the end of the text)."""
        if head:
            i = start - 1
            while i >= 0 and folded[i] in " \t":
                i -= 1
            if i >= 0 and (folded[i].isalnum() or folded[i] == "_"):
                return False
        if tail:
            j = end
            while j < len(folded) and (folded[j] in " \t" or folded[j] in self._particles):
                j += 1
            if j < len(folded) and (folded[j].isalnum() or folded[j] == "_"):
                return False
        return True

    def _verify(self, folded: str, position: int, form_id: int, offset: int) -> list[Candidate]:
        out = self._verify_form(folded, position, form_id, offset)
        form = self._forms[form_id]
        if out and (form.head or form.tail):
            return [c for c in out if self._in_clause(folded, c.start, c.end, form.head, form.tail)]
        return out

    def _verify_form(self, folded: str, position: int, form_id: int, offset: int) -> list[Candidate]:
        form = self._forms[form_id]
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
        e = form.max_edits
        # Cheap necessary condition first: a typo never touches the protected characters.
        lo, hi = max(0, start - e), start + n + e
        for char in form.protected:
            if folded.find(char, lo, hi) < 0:
                return out
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
            if m != n and (n < _DROP_MIN or window[0] != text[0] or window[-1] != text[-1]):
                continue
            if "\n" in window or not (window[0].isalnum() and window[-1].isalnum()):
                continue
            d = Levenshtein.distance(text, window, score_cutoff=e)
            if d > e or d == 0:
                continue
            if "".join(c for c in window if c in self._protected) != form.protected:
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
        if best is not None:
            out.append(Candidate(form.rule, best[1], best[2], best[0], "typo"))
        return out

    def _offers(self, folded: str) -> tuple[list[int], list[str]]:
        """Every occurrence of any rule's offer in ``folded``: sorted starts and the offers, found
        in one pass, so that each candidate looks only at the few that follow it."""
        found: list[tuple[int, str]] = []
        if self._offer_automaton is not None:
            for end, offer in self._offer_automaton.iter(folded):
                found.append((end - len(offer) + 1, offer))
        else:  # pragma: no cover - pyahocorasick is a dependency
            for offer in self._offer_rules:
                at = folded.find(offer)
                while at >= 0:
                    found.append((at, offer))
                    at = folded.find(offer, at + 1)
        found.sort()
        return [a for a, _ in found], [o for _, o in found]

    def _redeemed(self, folded: str, cand: Candidate, offers: tuple[list[int], list[str]]) -> bool:
        """Whether one of the rule's offers follows the candidate within
        :data:`REDEEM_REACH` characters of its line: 这个我不太清楚，我马上帮您查一下."""
        end = folded.find("\n", cand.end, cand.end + REDEEM_REACH)
        limit = end if end >= 0 else min(len(folded), cand.end + REDEEM_REACH)
        starts, texts = offers
        k = bisect.bisect_left(starts, cand.end)
        while k < len(starts) and starts[k] < limit:
            at, offer = starts[k], texts[k]
            k += 1
            if at + len(offer) > limit or cand.rule not in self._offer_rules[offer]:
                continue
            # 无法为您调整 refuses again; it offers nothing.
            if not folded.endswith(_NEGATIONS, cand.end, at):
                return True
        return False

    def _guard(self, folded: str, cands: list[Candidate]) -> list[Candidate]:
        blocks = [m.span() for m in BLOCK_RE.finditer(folded)]
        block_starts = [b[0] for b in blocks]
        cut: dict[int, tuple[int, ...]] = {}
        particles = self._particles

        def on_boundary(pos: int, *, end: bool) -> bool:
            k = bisect.bisect_right(block_starts, pos) - 1
            if k < 0:
                return True
            b0, b1 = blocks[k]
            if pos <= b0 or pos >= b1:
                return True
            if k not in cut:
                cut[k] = self.segmenter.boundaries(folded[b0:b1])
            offsets = cut[k]
            i = bisect.bisect_left(offsets, pos - b0)
            if offsets[i] == pos - b0:
                return True
            # jieba glues a closing particle to the phrase's last word (听/好了吧): still a match.
            return end and bool(particles) and all(c in particles for c in folded[pos : b0 + offsets[i]])

        exception_spans: dict[int, tuple[list[int], list[int]]] = {}
        offers: tuple[list[int], list[str]] | None = None
        kept: list[Candidate] = []
        for cand in cands:
            if cand.rule not in exception_spans:
                spans: list[tuple[int, int]] = []
                for exc in self._exceptions[cand.rule]:
                    i = folded.find(exc)
                    while i >= 0:
                        spans.append((i, i + len(exc)))
                        i = folded.find(exc, i + 1)
                spans.sort()
                reach, ends = 0, []
                for _, e in spans:
                    reach = max(reach, e)
                    ends.append(reach)
                exception_spans[cand.rule] = ([s for s, _ in spans], ends)
            starts, ends = exception_spans[cand.rule]
            # The exception starting before the candidate's end that reaches furthest decides.
            k = bisect.bisect_left(starts, cand.end) - 1
            if k >= 0 and ends[k] > cand.start:
                continue
            # A phrase longer than the words jieba was taught rarely sits inside another word.
            guarded = cand.end - cand.start <= _GUARD_MAX or cand.kind in ("typo", "gap")
            if cand.kind != "pattern" and guarded and not (
                on_boundary(cand.start, end=False) and on_boundary(cand.end, end=True)
            ):
                continue
            if self._redeemers[cand.rule]:
                if offers is None:
                    offers = self._offers(folded)
                if self._redeemed(folded, cand, offers):
                    continue
            kept.append(cand)
        return kept
