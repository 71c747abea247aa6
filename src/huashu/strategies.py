"""Hypothesis strategies: replies with a forbidden phrase in disguise, and clean replies.

``forbidden_replies()`` takes a form of a ``phrase`` rule of the bank and writes it the ways
agents (and language models) really do, within what huashu's folding and matching claim to
handle (docs/bank.md, "How forms match"), amid clean text made of the bank's approved phrases.
Each example says which rule and form it came from, how it was disguised, and where the phrase
is, so a test can check that a finding covers it::

    from hypothesis import given
    from huashu.strategies import clean_replies, forbidden_replies
    from huashu.testing import assert_polite

    @given(forbidden_replies())
    def test_guard_removes_forbidden_phrases(reply):
        assert_polite(my_guard(reply.text))

    @given(clean_replies())
    def test_guard_keeps_clean_replies(text):
        assert my_guard(text) == text

The bank is loaded when a test first draws an example, not when the strategy is made.

Variants (``VARIANTS``), each applied only where it applies, up to two at a time:

``exact``       the form as the bank writes it (no other variant)
``traditional`` traditional characters (OpenCC ``s2t``)
``fullwidth``   full-width ASCII: ``好了，别说了``, ``１２３１５``
``spaced``      the same one or two spaces, dots or similar between all characters: ``我 不 知 道``
``zero_width``  zero-width characters between characters
``repeated``    a character written two or three times: ``我我不知道``
``polite``      ``你`` written ``您``
``adverb``      one or two of the bank's ``insertable`` words where Chinese puts an adverb:
                after the subject or before a negation (``我真的不知道``, ``那可不是我的错``),
                together in one place
``particle``    ``啊``, ``呢``, ``吧`` or ``哈`` right after the phrase (outside its span), unless
                the form ends in a particle or in punctuation, or the particle makes another
                forbidden phrase (说话 + 啊)
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hypothesis import assume
from hypothesis import strategies as st

if TYPE_CHECKING:
    from ._bank import PhraseBank
    from ._checker import Checker
    from ._model import Finding, Rule

__all__ = ["VARIANTS", "ForbiddenReply", "clean_replies", "forbidden_replies"]

VARIANTS = (
    "exact", "traditional", "fullwidth", "spaced", "zero_width", "repeated", "polite", "adverb",
    "particle",
)
# The order variants are applied in: the phrase is first reworded, then spelt, then padded.
_ORDER = ("adverb", "polite", "traditional", "repeated", "fullwidth", "spaced", "zero_width",
          "particle")

_CJK = ("\u3400", "\u4dbf"), ("\u4e00", "\u9fff"), ("\uf900", "\ufaff")
_NEGATIONS = set("不没别非无未莫勿")
_SUBJECTS = set("我你您他她它们咱这那")
_PARTICLES = ("啊", "呢", "吧", "哈")
_PARTICLE_ENDS = frozenset("啊呢吧哈呀嘛吗啦")  # a form that ends in one takes no other
# No sentence punctuation (、 ,): folding takes it for spacing only when every piece is one
# character, so 我、只、管、咨、询啊 (a particle after the last piece) stays as written.
_SPACERS = (" ", "\u3000", ".", "·", "-", "*", "~", "_", "\u200b")
_ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")
_SEPARATORS = (",", "，", "。", "!", "！", "?", "？", "；", "~", " ", "\n", "……")
# Between approved phrases: a sentence break, so that no pattern rule reads two phrases as one
# sentence (我理解您的感受 + 很抱歉,但… is an agree-but, after a comma).
_CLAUSE_SEPARATORS = tuple(s for s in _SEPARATORS if s not in ("~", " "))
_ENDERS = ("。", "!", "！", "?", "？", "；")
_ENDS = frozenset("。.!！?？;；")
_TRAILING = ("", " ", "\n")


@dataclass(frozen=True, slots=True)
class ForbiddenReply:
    """A generated reply with one forbidden phrase in it.

    Attributes:
        text: the whole reply.
        span: ``(start, end)`` of the disguised phrase in ``text`` (a following particle is
            not part of it).
        rule_id: the rule whose form it is.
        form: the form, as the bank writes it (``{a|b}`` expanded).
        variant: the variants applied, joined by ``+`` (``traditional+particle``), or ``exact``.
    """

    text: str
    span: tuple[int, int]
    rule_id: str
    form: str
    variant: str

    @property
    def phrase(self) -> str:
        """The disguised phrase: ``text[start:end]``."""
        return self.text[self.span[0] : self.span[1]]

    def covered_by(self, finding: Finding) -> bool:
        """Whether ``finding`` overlaps the phrase's span."""
        return finding.start < self.span[1] and self.span[0] < finding.end


@dataclass(frozen=True, slots=True)
class _Source:
    rule_id: str
    form: str
    kinds: tuple[str, ...]  # the variants that apply to this form, in _ORDER
    adverb_gaps: tuple[tuple[int, tuple[str, ...]], ...]  # (gap, the words that fit there)
    particles: tuple[str, ...]
    exceptions: tuple[str, ...]  # folded
    phrase: str = ""  # the form without its clause marks (^ $)
    redeemable: bool = False  # the rule has unless_followed_by offers
    head: bool = False  # the form must open a clause
    tail: bool = False  # the form must close a clause


def forbidden_replies(
    bank: Checker | PhraseBank | str | Path | None = None,
    *,
    variants: Iterable[str] | None = None,
    context: bool = True,
) -> st.SearchStrategy[ForbiddenReply]:
    """Replies with one forbidden phrase of ``bank``, in a random variant.

    Args:
        bank: a :class:`huashu.Checker` (its active rules), a :class:`huashu.PhraseBank` (its
            enabled rules), a bank file (layered over the bundled bank, as ``Checker(bank=)``
            does), or ``None`` for the bundled bank. Only ``phrase`` rules are used.
        variants: the variants that may be applied (see :data:`VARIANTS`); all by default. With
            ``exact`` among them an example may be undisguised, otherwise it has at least one.
        context: surround the phrase with approved phrases of the bank (or not).

    Raises:
        ValueError: an unknown variant name (at once), or no form of the bank allows the
            variants (on the first draw).
    """
    allowed = _check_variants(variants)

    def build() -> st.SearchStrategy[ForbiddenReply]:
        full_bank, rules = _resolve(bank)
        sources = _sources(full_bank, rules, allowed)
        if not sources:
            raise ValueError(f"no phrase form of the bank allows the variants {sorted(allowed)}")
        approved = tuple(a.text for a in full_bank.approved) if context else ()
        return _forbidden(sources, approved)

    return st.deferred(build)


def clean_replies(
    bank: Checker | PhraseBank | str | Path | None = None,
    *,
    min_phrases: int = 1,
    max_phrases: int = 3,
) -> st.SearchStrategy[str]:
    """Replies made of the bank's approved phrases, one sentence each: they check clean.

    Args:
        bank: as for :func:`forbidden_replies`.
        min_phrases, max_phrases: how many approved phrases a reply has.

    Raises:
        ValueError: the bank has no approved phrases (on the first draw).
    """
    if not 1 <= min_phrases <= max_phrases:
        raise ValueError("need 1 <= min_phrases <= max_phrases")

    def build() -> st.SearchStrategy[str]:
        full_bank, _ = _resolve(bank)
        phrases = tuple(a.text for a in full_bank.approved)
        if not phrases:
            raise ValueError("the bank has no approved phrases")
        return _joined(phrases, min_phrases, max_phrases)

    return st.deferred(build)


# --- building blocks ---------------------------------------------------------------------


def _check_variants(variants: Iterable[str] | None) -> frozenset[str]:
    if variants is None:
        return frozenset(VARIANTS)
    if isinstance(variants, str):
        variants = (variants,)
    chosen = frozenset(variants)
    unknown = sorted(chosen - set(VARIANTS))
    if unknown or not chosen:
        raise ValueError(f"unknown variants {unknown}; choose from {', '.join(VARIANTS)}")
    return chosen


@functools.cache
def _bundled_bank() -> PhraseBank:
    from ._bank import load_bank

    return load_bank()


def _resolve(bank: Checker | PhraseBank | str | Path | None) -> tuple[PhraseBank, tuple[Rule, ...]]:
    from ._bank import PhraseBank, load_bank
    from ._checker import Checker

    if isinstance(bank, Checker):
        return bank.bank, bank.rules
    if bank is None:
        loaded = _bundled_bank()
    elif isinstance(bank, PhraseBank):
        loaded = bank
    else:
        loaded = load_bank(bank)
    # What Checker(bank) runs: the enabled rules, industry packs left out (they need packs=).
    return loaded, tuple(r for r in loaded.rules if r.enabled and not r.packs)


@functools.cache
def _s2t():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("s2t")


def _is_cjk(char: str) -> bool:
    return any(lo <= char <= hi for lo, hi in _CJK)


def _sources(bank: PhraseBank, rules: Sequence[Rule], allowed: frozenset[str]) -> list[_Source]:
    from ._bank import clause_marks, iter_exceptions, iter_forms
    from ._normalize import fold

    every_form = {fold(clause_marks(f)[0]).text for r in rules if r.match == "phrase" for f in iter_forms(r)}
    ending_in = {p: {f for f in every_form if f.endswith(p)} for p in _PARTICLES}
    out = []
    for rule in rules:
        if rule.match != "phrase":
            continue
        exceptions = tuple(e for e in dict.fromkeys(fold(x).text for x in iter_exceptions(rule)) if e)
        for marked in dict.fromkeys(iter_forms(rule)):
            form, head, tail = clause_marks(marked)
            # A ~ gap may be empty: the pieces side by side are the plainest way to say it.
            form = form.replace("~", "")
            folded = fold(form).text
            if not folded:
                continue
            kinds = {"exact"}
            # No particle that makes another forbidden phrase of the end (说话 + 啊 is 说话啊).
            particles = tuple(
                p for p in _PARTICLES
                if not any((folded + p)[i:] in ending_in[p] for i in range(len(folded)))
            )
            if _is_cjk(form[-1]) and form[-1] not in _PARTICLE_ENDS and particles:
                kinds.add("particle")
            if _s2t().convert(form) != form:
                kinds.add("traditional")
            if any(" " < c <= "~" for c in form):
                kinds.add("fullwidth")
            if len(form) >= 3 and all(_is_cjk(c) for c in form):
                kinds.add("spaced")
            if len(form) >= 2:
                kinds.add("zero_width")
            if any(_is_cjk(c) for c in form):
                kinds.add("repeated")
            if "你" in form:
                kinds.add("polite")
            gaps: tuple[tuple[int, tuple[str, ...]], ...] = ()
            # A gap form matches its pieces exactly (no insertion), so no adverb goes inside.
            if len(folded) >= 3 and "~" not in marked:
                gaps = _adverb_gaps(form, bank.settings.insertable)
                if gaps:
                    kinds.add("adverb")
            usable = kinds & allowed
            if usable - {"exact"} or "exact" in allowed:
                ordered = tuple(k for k in _ORDER if k in usable)
                out.append(_Source(rule.id, marked, ordered, gaps, particles, exceptions, phrase=form,
                                   redeemable=bool(rule.unless_followed_by), head=head, tail=tail))
    return out


def _adverb_gaps(form: str, insertable: Sequence[str]) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """Where an adverb goes: after the leading subject (我们, 这 …) and before a negation; with
    the insertable words that fit there (a doubled character would fold into one)."""
    gaps = set()
    subject = 0
    while subject < len(form) and form[subject] in _SUBJECTS:
        subject += 1
    if 0 < subject < len(form):
        gaps.add(subject)
    gaps.update(i for i in range(1, len(form)) if form[i] in _NEGATIONS)
    out = []
    for gap in sorted(gaps):
        words = tuple(
            w for w in insertable
            if w and w[0] != form[gap - 1] and w[-1] != form[gap]
            and all(a != b for a, b in zip(w, w[1:]))
        )
        if words:
            out.append((gap, words))
    return tuple(out)


def _joined(phrases: Sequence[str], lo: int, hi: int) -> st.SearchStrategy[str]:
    @st.composite
    def draw_joined(draw: st.DrawFn) -> str:
        pieces = draw(st.lists(st.sampled_from(phrases), min_size=lo, max_size=hi))
        out = pieces[0]
        for piece in pieces[1:]:
            ended = out[-1] in _ENDS
            out += draw(st.sampled_from(_TRAILING if ended else _ENDERS)) + piece
        return out

    return draw_joined()


def _forbidden(sources: Sequence[_Source], approved: tuple[str, ...]) -> st.SearchStrategy[ForbiddenReply]:
    @st.composite
    def draw_reply(draw: st.DrawFn) -> ForbiddenReply:
        source = draw(st.sampled_from(sources))
        options = [k for k in source.kinds if k != "exact"]
        least = 0 if "exact" in source.kinds else 1
        chosen = set(draw(st.lists(st.sampled_from(options), min_size=least, max_size=2,
                                   unique=True))) if options else set()
        if {"spaced", "zero_width"} <= chosen:
            # Together they would put more filler between two characters than folding takes.
            chosen.discard("zero_width")
        kinds = [k for k in _ORDER if k in chosen]
        phrase = source.phrase
        particle = ""
        for kind in kinds:
            if kind == "adverb":
                phrase = _insert_adverbs(draw, phrase, source.adverb_gaps)
            elif kind == "polite":
                phrase = phrase.replace("你", "您")
            elif kind == "traditional":
                phrase = _s2t().convert(phrase)
            elif kind == "repeated":
                phrase = _repeat(draw, phrase)
            elif kind == "fullwidth":
                phrase = "".join(_fullwidth(c) for c in phrase)
            elif kind == "spaced":
                phrase = _space(draw, phrase)
            elif kind == "zero_width":
                phrase = _zero_width(draw, phrase)
            elif kind == "particle":
                particle = draw(st.sampled_from(source.particles))
        before = after = ""
        if approved:
            # A form that must open or close a clause is kept apart by punctuation, not by a
            # space or a joining mark that folding may read as part of the words.
            if draw(st.booleans()):
                before = draw(_joined(approved, 1, 2)) + draw(
                    st.sampled_from(_CLAUSE_SEPARATORS if source.head else _SEPARATORS))
            # Approved phrases are offers (我会找出的): after a rule's phrase they would redeem it.
            if not source.redeemable and draw(st.booleans()):
                after = draw(st.sampled_from(_CLAUSE_SEPARATORS if source.tail else _SEPARATORS)) \
                    + draw(_joined(approved, 1, 2))
        text = before + phrase + particle + after
        span = (len(before), len(before) + len(phrase))
        # An adverb or the context can make the phrase one of its rule's exceptions (那实在不行
        # has 实在不行, 不行,我们可以… is fine): then it is not a forbidden reply.
        assume(not _in_exception(text, span, source.exceptions))
        return ForbiddenReply(
            text=text,
            span=span,
            rule_id=source.rule_id,
            form=source.form,
            variant="+".join(kinds) or "exact",
        )

    return draw_reply()


def _in_exception(text: str, span: tuple[int, int], exceptions: Sequence[str]) -> bool:
    """Whether an occurrence of one of ``exceptions`` in the folded ``text`` overlaps ``span``."""
    from ._normalize import fold

    if not exceptions:
        return False
    folded = fold(text)
    for exception in exceptions:
        i = folded.text.find(exception)
        while i >= 0:
            start, end = folded.span(i, i + len(exception))
            if start < span[1] and span[0] < end:
                return True
            i = folded.text.find(exception, i + 1)
    return False


def _insert_adverbs(draw: st.DrawFn, phrase: str, gaps: Sequence[tuple[int, tuple[str, ...]]]) -> str:
    gap, words = draw(st.sampled_from(gaps))
    chosen = draw(st.lists(st.sampled_from(words), min_size=1, max_size=2))
    if len(chosen) == 2 and chosen[0][-1] == chosen[1][0]:
        del chosen[1]  # 压根+根本 would fold into 压根本
    return phrase[:gap] + "".join(chosen) + phrase[gap:]


def _repeat(draw: st.DrawFn, phrase: str) -> str:
    positions = [i for i, c in enumerate(phrase) if _is_cjk(c)]
    chosen = draw(st.lists(st.sampled_from(positions), min_size=1, max_size=2, unique=True))
    times = {i: draw(st.integers(1, 2)) for i in chosen}
    return "".join(c * (1 + times.get(i, 0)) for i, c in enumerate(phrase))


def _fullwidth(char: str) -> str:
    if char == " ":
        return "\u3000"
    if "!" <= char <= "~":
        return chr(ord(char) + 0xFEE0)
    return char


def _space(draw: st.DrawFn, phrase: str) -> str:
    # One spacer throughout, as people space text out (我 不 知 道, 我.不.知.道).
    spacer = draw(st.text(st.sampled_from(_SPACERS), min_size=1, max_size=2))
    return spacer.join(phrase)


def _zero_width(draw: st.DrawFn, phrase: str) -> str:
    gaps = draw(st.lists(st.integers(1, len(phrase) - 1), min_size=1, max_size=len(phrase) - 1,
                         unique=True))
    mark = draw(st.sampled_from(_ZERO_WIDTH))
    for gap in sorted(gaps, reverse=True):
        phrase = phrase[:gap] + mark + phrase[gap:]
    return phrase
