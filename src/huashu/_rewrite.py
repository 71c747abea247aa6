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
``combine`` then settles the rewrites of one reply with each other: a clause the reply already
says is said once, and a clause's end mark follows what it now says.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ._bank import PLACEHOLDER_RE, Settings, expand
from ._fixes import Edit
from ._model import Finding, Rewrite, Rule
from ._normalize import Folded, converter, fold_text

__all__ = ["CLAUSE_MARKS", "LineStyles", "clause_range", "combine", "fill", "register_of"]

# What ends a clause for ``scope: clause``: the clause and sentence marks, full and half width.
CLAUSE_MARKS = frozenset("，,。.！!？?；;：:\n\r…~～")
_GAP_CHARS = r"\w{0,6}?"
# Sentence-final particles a span rewrite takes with it. Fixed rather than the bank's
# settings.particles: a user bank alone (extend_default=False) has none, and its rewrites
# should still not end in 呢.
_PARTICLES = frozenset("啊呀吧呢嘛啦哈哦")
_INFORMAL_RE = re.compile("你(?!们)|妳")


def _to_traditional() -> Any:
    """Simplified → traditional for a rewrite: the Taiwan standard forms (為, 才, 核實, 著) that
    traditional drafts and the seed course in traditional characters use, rather than OpenCC's
    own (爲, 纔, 覈實)."""
    return converter("s2tw")


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
    simplified = converter("t2s").convert(text)
    traditional = False
    if simplified != text:  # else simplified throughout: no need of the other converter
        as_traditional = converter("s2t").convert(text)
        traditional = as_traditional == text
        if not traditional:
            # Mixed: call it traditional when more characters change one way than the other.
            changed_t = sum(a != b for a, b in zip(text, simplified))
            changed_s = sum(a != b for a, b in zip(text, as_traditional))
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


class LineStyles:
    """The style of each line of one text, worked out once a line: its clause marks' width and
    its register (:func:`register_of`). Every rewrite of a line follows them, and a text of one
    long line with many findings must not be read again for each."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines: dict[int, tuple[str, tuple[bool, bool]]] = {}

    def at(self, start: int, end: int) -> tuple[str, tuple[bool, bool]]:
        """``(width, (traditional, informal))`` of the line that holds ``[start, end)``."""
        text = self._text
        line_start = text.rfind("\n", 0, start) + 1
        found = self._lines.get(line_start)
        if found is None:
            line_end = text.find("\n", end)
            line = text[line_start:line_end if line_end >= 0 else len(text)]
            found = self._lines[line_start] = (_width_of(line), register_of(line))
        return found


def fill(
    rewrite: Rewrite,
    rule: Rule,
    text: str,
    finding: Finding,
    *,
    settings: Settings,
    folded: Folded | None = None,
    styles: LineStyles | None = None,
) -> Edit | None:
    """The edit that ``rewrite`` makes for ``finding`` in ``text``; ``None`` when one of its
    placeholders finds nothing in what was matched. ``styles`` (of ``text``) saves reading the
    finding's line again when several findings share it."""
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
    for name in set(PLACEHOLDER_RE.findall(rewrite.template)):
        if name in values:
            continue
        if name == "gap":
            value = _gap(rule, finding.text)
        elif name.startswith("@"):
            value = _set_word(name[1:], finding.text, settings.sets)
        else:
            if folded is None:
                return None
            value = _groups(rule, folded, finding).get(name)
        if value is None:
            return None
        values[name] = value
    content = PLACEHOLDER_RE.sub(lambda m: values[m.group(1)], rewrite.template)
    # The register and the marks are the line's: a file of replies holds one reply a line.
    width, (traditional, informal) = (styles or LineStyles(text)).at(finding.start, finding.end)
    if width == "full":
        content = content.translate(_FULL_WIDTH)
    if informal:
        content = content.replace("您", "你")
    if traditional:
        content = _to_traditional().convert(content)
    return Edit(start, end, content)


def best_rewrites(rule: Rule) -> Sequence[Rewrite]:
    """A rule's rewrites, most trusted first (bank order within an applicability)."""
    return sorted(rule.rewrites, key=lambda r: -r.applicability.rank)


# --- combining the rewrites of one reply ------------------------------------------------

_SEAMS = "，,、；;"
_CLAUSE_RE = re.compile("([^" + re.escape("".join(sorted(CLAUSE_MARKS))) + "]*)([" + re.escape("".join(sorted(CLAUSE_MARKS))) + "]*)")


def _clauses(text: str) -> list[tuple[str, str]]:
    """``text`` cut into ``(clause, marks after it)`` pieces at the clause marks."""
    return [(m.group(1), m.group(2)) for m in _CLAUSE_RE.finditer(text) if m.group(0)]


def combine(text: str, edits: list[Edit]) -> list[Edit]:
    """Whole-clause edits without the clauses the reply already says.

    Two findings in one reply often get the same rewrite (``你别赖我`` and ``不是我经手的`` are
    both not-my-fault), or rewrites that end alike (``……,稍后给您回复``). A clause of a
    clause-wide edit that the text outside the edits, or an earlier edit, already says is left
    out; an edit left with nothing deletes its clause and the seam mark next to it.
    """
    clause_edits = [e for e in edits if clause_range(text, e.start, e.end) == (e.start, e.end)
                    and e.start < e.end]
    if not clause_edits:
        return _unask(text, edits)
    seen: set[str] = set()
    last = 0
    for edit in edits:
        seen.update(c.strip() for c, _ in _clauses(text[last:edit.start]))
        last = edit.end
    seen.update(c.strip() for c, _ in _clauses(text[last:]))
    seen.discard("")
    out: list[Edit] = []
    for edit in edits:
        if edit not in clause_edits:
            out.append(edit)
            continue
        pieces = _clauses(edit.content)
        kept = [(c, m) for c, m in pieces if c.strip() not in seen]
        seen.update(c.strip() for c, _ in pieces)
        if len(kept) == len(pieces):
            out.append(edit)
        elif kept:
            content = "".join(c + m for c, m in kept[:-1]) + kept[-1][0] + pieces[-1][1]
            out.append(Edit(edit.start, edit.end, content))
        else:
            # Delete the clause with the seam before it (X,B。 → X。), or, after a full stop or
            # at the start, with the mark after it (X。B,C。 → X。C。; X?B? → X?, then X。).
            start, end = edit.start, edit.end
            if start > 0 and text[start - 1] in _SEAMS and (not out or out[-1].end <= start - 1):
                start -= 1
            elif end < len(text) and text[end] in CLAUSE_MARKS and text[end] not in "\n\r":
                end += 1
            out.append(Edit(start, end, ""))
    return _unask(text, out)


# A clause still asks something when it ends in a question particle or has a question word
# (not 做些什么 or 看看怎么处理, which say what the agent will do).
_QUESTION_RE = re.compile("(?:[吗嘛呢]|(?<![什怎这那多])么)[啊呀]?$|[谁哪啥]|(?<!些)什么|(?<!看)怎么|为什么|为何|是否|是不是|多少|多久|难道")


def _unask(text: str, edits: list[Edit]) -> list[Edit]:
    """The end mark of a clause a rewrite made follows what the clause now says: a question
    mark after a statement becomes a full stop (``你马上就要吗?`` → ``我会尽全力帮您尽快办好。``),
    an exclamation mark or full stop after a question a question mark (``喂?说话啊!`` →
    ``喂?您好,请问有什么可以帮您?``). Clauses deleted right after it are looked through."""
    out = list(edits)
    starts = {e.start for e in edits}
    for i, edit in enumerate(edits):
        if not edit.content:
            continue
        p = edit.end
        for nxt in edits[i + 1:]:
            if nxt.start == p and not nxt.content:
                p = nxt.end
        if p >= len(text) or p in starts and p != edit.end or any(e.start <= p < e.end for e in edits):
            continue
        start, _ = clause_range(text, edit.start, edit.end)
        said = _clauses(text[start:edit.start] + edit.content)
        if not said:
            continue
        last = fold_text(said[-1][0])
        if text[p] in "?？" and not _QUESTION_RE.search(last):
            out.append(Edit(p, p + 1, "。"))
        elif text[p] in "!！。" and _ASKING_RE.search(last):
            out.append(Edit(p, p + 1, "？" if text[p] in "！。" else "?"))
    return sorted(out)


_ASKING_RE = re.compile("^请问|[吗呢]$")
