"""What the harnesses share: the worktree's ``src`` on the path and the bank's own phrases.

Fuzzing bytes alone rarely spells a Chinese phrase the bank knows, so each harness splices the
bank's examples and forms (the seeds below) between the fuzzer's own characters: the engine's
deep paths (anchors, gaps, exceptions, fixes) are reached in the first seconds, and the fuzzer
mutates around them.
"""

from __future__ import annotations

import os
import sys

SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "src")
if SRC not in sys.path:
    sys.path.insert(0, os.path.normpath(SRC))

# Characters that stress folding: NFKC expansions (㍻ ﷺ … ﬃ), combining marks, zero-width,
# ideographic space, control characters, full-width forms, traditional characters, emoji with
# joiners and variation selectors, line and paragraph separators, characters whose lower case is
# longer (İ), surrogate-free astral characters.
TRICKY = [
    "㍻", "ﷺ", "…", "ﬃ", "㈱", "¼", "\u0301", "\u0308", "\u200b", "\u200d", "\ufeff", "\u00ad",
    "\u3000", "\x00", "\x1b", "\r", "\r\n", "\n", "\t", "\u2028", "\u2029", "\x85", "Ａ", "！",
    "，", "。", "這", "個", "妳", "您", "İ", "ß", "👍", "👨\u200d👩\u200d👧", "\ufe0f", "𠮷",
    "-", ".", "~", "*", "_", "·", "冇", "唔", "系", "莫", "伐", "huashu: ignore", "# huashu: ignore[JJ]",
]


def bank_pieces() -> list[str]:
    """Bad and good examples, literal forms, exceptions and approved phrases of the bundled bank."""
    import huashu
    from huashu._bank import iter_exceptions, iter_forms

    bank = huashu.load_bank()
    pieces: set[str] = set()
    for rule in bank.rules:
        pieces.update(rule.bad_examples)
        pieces.update(rule.good_examples)
        if rule.match != "pattern":
            pieces.update(iter_forms(rule))
            pieces.update(iter_exceptions(rule))
        pieces.update(rule.anchors)
    pieces.update(a.text for a in bank.approved)
    return sorted(p for p in pieces if p)


def build_text(fdp, pieces: list[str]) -> str:  # type: ignore[no-untyped-def]
    """A reply spliced from fuzzer characters, bank pieces and tricky characters."""
    out: list[str] = []
    for _ in range(fdp.ConsumeIntInRange(0, 8)):
        kind = fdp.ConsumeIntInRange(0, 3)
        if kind == 0:
            out.append(fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 12)))
        elif kind == 1:
            out.append(pieces[fdp.ConsumeIntInRange(0, len(pieces) - 1)])
        elif kind == 2:
            out.append(TRICKY[fdp.ConsumeIntInRange(0, len(TRICKY) - 1)])
        else:
            # A piece cut somewhere, or with a character dropped into it.
            piece = pieces[fdp.ConsumeIntInRange(0, len(pieces) - 1)]
            at = fdp.ConsumeIntInRange(0, len(piece))
            out.append(piece[:at] + fdp.ConsumeUnicodeNoSurrogates(2) + piece[at:])
    return "".join(out)
