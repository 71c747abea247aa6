"""Fuzz ``Checker.fix`` (safe and unsafe) and the CLI's fix path.

Invariants, for any text:

* ``fix`` (safe, and ``unsafe=True``): fixing again changes nothing, and the fixed text has no
  fixable finding left (``edits`` is empty);
* the CLI's fix path (``_Linter.fix``, which skips lines with a ``huashu: ignore`` comment)
  gives a text with no unsuppressed fixable finding.

Run (see README.md)::

    python fuzz/fuzz_fix.py -runs=100000 -max_len=512 fuzz/corpus/fix
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
    from huashu._files import LineIndex
    from huashu.cli.lint import _Linter

CHECKER = huashu.Checker(select=["ALL"])
LINTERS = [_Linter(CHECKER, mode="fix", unsafe=unsafe, encoding=None) for unsafe in (False, True)]
PIECES = _common.bank_pieces()


def check_fix(text: str) -> None:
    for unsafe in (False, True):
        fixed = CHECKER.fix(text, unsafe=unsafe)
        assert CHECKER.fix(fixed, unsafe=unsafe) == fixed, (text, fixed, unsafe)
        assert not CHECKER.edits(fixed, unsafe=unsafe), (text, fixed, unsafe)


def check_lint_fix(text: str) -> None:
    for linter in LINTERS:
        fixed, _ = linter.fix(text)
        left = CHECKER.edits(fixed, unsafe=linter.unsafe)
        index = LineIndex(fixed)
        if left and index.has_suppressions:
            kept = {(f.start, f.end) for f in CHECKER.check(fixed) if not index.suppresses(f, linter.names)}
            left = [e for e in left if (e.start, e.end) in kept]
        assert not left, (text, fixed, left)


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    text = _common.build_text(fdp, PIECES)
    check_fix(text)
    if "huashu" in text:
        check_lint_fix(text)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
