"""Fuzz the bank loader and the backtracking check of pattern forms.

Invariants:

* a user bank file, whatever its bytes, loads (over the bundled bank) or raises
  :class:`huashu.BankError` whose problems all name the file: never another exception;
* ``backtracking_risk`` returns ``None`` or a reason for any pattern that compiles, and a
  refused form is reported by the loader as ``forms[i]``.

The first input byte chooses the target: even, a bank file (the fuzzer's bytes, seeded with the
banks in ``fuzz/seeds/bank``); odd, one regular expression.

Run (see README.md)::

    python fuzz/fuzz_bank.py -runs=200000 -max_len=2048 -dict=fuzz/bank.dict fuzz/corpus/bank fuzz/seeds/bank
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import warnings
from pathlib import Path

import _common  # noqa: F401  (puts the worktree's src first on sys.path)
import atheris

with atheris.instrument_imports(include=["huashu"]):
    import huashu
    import huashu._bank as bank_module
    from huashu._redos import backtracking_risk

warnings.simplefilter("ignore")  # re's FutureWarnings on odd patterns are not findings
BASE = huashu.load_bank()
FOLDER = tempfile.mkdtemp(prefix="huashu-fuzz-bank-")
PATH = Path(FOLDER) / "user.yaml"


def fuzz_bank(data: bytes) -> None:
    PATH.write_bytes(data)
    try:
        bank_module._parse(PATH, BASE)
    except huashu.BankError as exc:
        assert all(p.path == str(PATH) for p in exc.problems), exc.problems


def fuzz_pattern(data: bytes) -> None:
    pattern = data.decode("utf-8", "replace")
    try:
        re.compile(pattern)
    except (re.error, RecursionError, OverflowError, ValueError):
        return
    risk = backtracking_risk(pattern)
    assert risk is None or (isinstance(risk, str) and "\n" not in risk)


def test_one_input(data: bytes) -> None:
    if not data:
        return
    if data[0] % 2 == 0:
        fuzz_bank(data[1:])
    else:
        fuzz_pattern(data[1:])


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    try:
        atheris.Fuzz()
    finally:
        PATH.unlink(missing_ok=True)
        os.rmdir(FOLDER)


if __name__ == "__main__":
    main()
