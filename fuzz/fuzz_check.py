"""Fuzz ``Checker.check``, ``Checker.edits`` and ``fold`` (``fuzz_fix.py`` fuzzes the fixes).

Invariants, for any text:

* every finding indexes the original: ``0 <= start < end <= len(text)``,
  ``text[start:end] == f.text``, findings in order and not overlapping, ``0 < score <= 100``;
* ``fold``: every folded character maps back inside the text, strictly increasing; every folded
  span maps to a non-empty original span in range;
* ``edits``: sorted, not overlapping, in range, each one a finding's span;

Run (see README.md)::

    python fuzz/fuzz_check.py -runs=500000 -max_len=512 fuzz/corpus/check
"""

from __future__ import annotations

import sys

import _common  # noqa: F401  (puts the worktree's src first on sys.path)
import atheris

with atheris.instrument_imports(include=["huashu"]):
    import huashu
    # huashu's __init__ imports its modules lazily: import them here so they are instrumented.
    import huashu._bank, huashu._checker, huashu._files, huashu._fixes, huashu._match  # noqa: E401
    import huashu._model, huashu._normalize, huashu._segment, huashu._sound  # noqa: E401
    from huashu._normalize import fold

CHECKER = huashu.Checker(select=["ALL"])
RULES = {r.id: r for r in CHECKER.bank.rules}
PIECES = _common.bank_pieces()


def check_fold(text: str) -> None:
    folded = fold(text)
    last = -1
    for i in range(len(folded.text)):
        position = folded.position(i)
        assert last < position < len(text), (text, i, position)
        last = position
    n = len(folded.text)
    for start, end in ((0, n), (0, 1), (n // 2, n), (n // 3, 2 * n // 3 + 1)):
        if 0 <= start < end <= n:
            a, b = folded.span(start, end)
            assert 0 <= a < b <= len(text), (text, start, end, a, b)


def check_findings(text: str) -> list[huashu.Finding]:
    findings = CHECKER.check(text)
    last = 0
    for f in findings:
        assert 0 <= f.start < f.end <= len(text), (text, f)
        assert text[f.start : f.end] == f.text, (text, f)
        assert f.start >= last, (text, findings)
        assert 0 < f.score <= 100, (text, f)
        last = f.end
    return findings


def check_edits(text: str, findings: list[huashu.Finding]) -> None:
    if not any(RULES[f.rule_id].fix is not None for f in findings):
        return  # edits() would check the text again to find nothing: skip, for speed
    spans = {(f.start, f.end) for f in findings}
    edits = CHECKER.edits(text, unsafe=True)
    last = 0
    for e in edits:
        assert last <= e.start < e.end <= len(text), (text, edits)
        assert (e.start, e.end) in spans, (text, e, findings)
        last = e.end


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    text = _common.build_text(fdp, PIECES)
    check_fold(text)
    findings = check_findings(text)
    check_edits(text, findings)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
