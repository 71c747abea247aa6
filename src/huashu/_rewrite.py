"""Rewrites: fill a rule's rewrite template for one finding, in the draft's own register.

The templates are data (``rewrites:`` in the bank); this module only fills them:

- the *range* is the finding's span (``scope: span``) or the clause around it (``scope:
  clause``: from the previous clause mark to the next one, the marks themselves kept);
- *placeholders* take what was matched: ``{match}``, ``{clause}`` (the clause around it), ``{gap}`` (what a gap form's ``~``
  spanned), ``{@name}`` (the word of set ``name`` inside the flagged text), and a pattern
  rule's named groups;
- the *register* follows the draft: 您 in the template becomes 你 in a draft that says 你 to the
  customer and never 您; a draft in traditional characters gets a traditional rewrite (OpenCC).

A template whose placeholder finds nothing in the match is skipped for the next one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence

from ._bank import expand
from ._fixes import Edit
from ._model import Finding, Rewrite, Rule
from ._normalize import Folded, fold_text

__all__ = ["CLAUSE_MARKS", "clause_range", "fill", "register_of"]

# What ends a clause for ``scope: clause``: the clause and sentence marks, full and half width.
CLAUSE_MARKS = frozenset("，,。.！!？?；;：:\n\r…~～")
_PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")
_GAP_CHARS = r"\w{0,6}?"
_INFORMAL_RE = re.compile("你(?!们)|妳")
_PARTICLES = frozenset("啊呀吧呢嘛啦哈哦")  # as the bundled bank's settings.particles


@functools.lru_cache(maxsize=1)
def _converters() -> tuple[object, object]:
    import opencc

    return opencc.OpenCC("t2s"), opencc.OpenCC("s2t")


@functools.lru_cache(maxsize=1)
def _to_traditional() -> object:
    """Simplified → traditional for a rewrite: the Taiwan standard forms (為, 才, 核實, 著) that
    traditional drafts and the seed course in traditional characters use, rather than OpenCC's
    own (爲, 纔, 覈實)."""
    import opencc

    return opencc.OpenCC("s2tw")


def register_of(text: str) -> tuple[bool, bool]:
    """``(traditional, informal)`` of a draft: whether it is written in traditional characters,
    and whether it says 你 to the customer without ever saying 您.

    >>> register_of("您好,這個我不知道")
    (True, False)
    >>> register_of("你好,这个我不知道")
    (False, True)
    >>> register_of("你们家的网络我马上帮忙查")
    (False, False)
    """
    t2s, s2t = _converters()
    simplified = t2s.convert(text)  # type: ignore[attr-defined]
    traditional = simplified != text and s2t.convert(text) == text  # type: ignore[attr-defined]
    if not traditional and simplified != text:
        # Mixed: call it traditional when more characters change one way than the other.
        changed_t = sum(a != b for a, b in zip(text, simplified))
        changed_s = sum(a != b for a, b in zip(text, s2t.convert(text)))  # type: ignore[attr-defined]
        traditional = changed_t > changed_s
    # 你们 is what one says to a household or a company, not a sign of the informal register.
    informal = "您" not in text and _INFORMAL_RE.search(text) is not None
    return traditional, informal


_FULL_WIDTH = str.maketrans(",?!;:", "，？！；：")


def _width_of(text: str) -> str:
    """``full`` when a draft writes its clause marks full width (，？！), else ``half``: a
    rewrite's marks (written half width in the bank) follow the draft.

    >>> _width_of("您好，请稍等。"), _width_of("您好,请稍等。")
    ('full', 'half')
    """
    full = sum(text.count(c) for c in "，？！；：")
    half = sum(text.count(c) for c in ",?!;:")
    return "full" if full > half else "half"


def clause_range(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around ``text[start:end]``: after the previous clause mark, up to the next.

    >>> text = "您好,这个我不知道,您问问别人。"
    >>> s, e = clause_range(text, 7, 9)
    >>> text[s:e]
    '这个我不知道'
    """
    s = start
    while s > 0 and text[s - 1] not in CLAUSE_MARKS:
        s -= 1
    e = end
    while e < len(text) and text[e] not in CLAUSE_MARKS:
        e += 1
    while s < start and text[s].isspace():
        s += 1
    return s, e


def _set_word(name: str, span: str, sets: Mapping[str, tuple[str, ...]]) -> str | None:
    """The longest word of set ``name`` inside the folded ``span``, as written in the set."""
    folded = fold_text(span)
    best: str | None = None
    for word in sets.get(name, ()):
        if fold_text(word) in folded and (best is None or len(word) > len(best)):
            best = word
    return best


def _gap(rule: Rule, span: str) -> str | None:
    """What a ``~`` of one of ``rule``'s gap forms spanned in ``span`` (folded)."""
    folded = fold_text(span)
    for form in rule.forms:
        if "~" not in form:
            continue
        for literal in expand(form):
            body = literal.strip("^$")
            pieces = [re.escape(p) for p in body.split("~")]
            m = re.search(f"({_GAP_CHARS})".join(pieces), folded)
            if m and m.groups():
                return m.group(1)
    return None


def _groups(rule: Rule, folded: Folded, finding: Finding) -> dict[str, str]:
    """The named groups of the pattern form that produced ``finding``."""
    for form in rule.forms:
        for m in re.finditer(form, folded.text):
            hit = "hit" if "hit" in m.re.groupindex and m.group("hit") is not None else 0
            if folded.span(m.start(hit), m.end(hit)) == (finding.start, finding.end):
                return {k: v for k, v in m.groupdict().items() if v is not None}
    return {}


def fill(
    rewrite: Rewrite,
    rule: Rule,
    text: str,
    finding: Finding,
    *,
    sets: Mapping[str, tuple[str, ...]],
    folded: Folded | None = None,
    register: tuple[bool, bool] | None = None,
) -> Edit | None:
    """The edit that ``rewrite`` makes for ``finding`` in ``text``; ``None`` when one of its
    placeholders finds nothing in what was matched."""
    if rewrite.scope == "clause":
        start, end = clause_range(text, finding.start, finding.end)
    else:
        start, end = finding.start, finding.end
        # A sentence-final particle after the phrase carried its tone (我不知道呢。): it goes
        # with it, or the rewrite would end in it (我马上帮您查清楚呢。).
        stop = end
        while stop < len(text) and text[stop] in _PARTICLES:
            stop += 1
        if stop > end and (stop == len(text) or text[stop] in CLAUSE_MARKS):
            end = stop
    values: dict[str, str] = {"match": finding.text, "clause": text[start:end]}
    for name in set(_PLACEHOLDER_RE.findall(rewrite.template)):
        if name in values:
            continue
        if name == "gap":
            value = _gap(rule, finding.text)
        elif name.startswith("@"):
            value = _set_word(name[1:], finding.text, sets)
        else:
            if folded is None:
                return None
            value = _groups(rule, folded, finding).get(name)
        if value is None:
            return None
        values[name] = value
    content = _PLACEHOLDER_RE.sub(lambda m: values[m.group(1)], rewrite.template)
    # The register and the marks are the line's: a file of replies holds one reply a line.
    line_start = text.rfind("\n", 0, finding.start) + 1
    line_end = text.find("\n", finding.end)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    if _width_of(line) == "full":
        content = content.translate(_FULL_WIDTH)
    traditional, informal = register if register is not None else register_of(line)
    if informal:
        content = content.replace("您", "你")
    if traditional:
        content = _to_traditional().convert(content)  # type: ignore[attr-defined]
    return Edit(start, end, content)


def best_rewrites(rule: Rule) -> Sequence[Rewrite]:
    """A rule's rewrites, most trusted first (bank order within an applicability)."""
    return sorted(rule.rewrites, key=lambda r: -r.applicability.rank)
