"""Fuzz the file decoding (``huashu._files.decode``), lines and suppression comments.

Invariants, for any bytes and any forced encoding:

* ``decode`` returns a :class:`~huashu._files.Source` or raises :class:`huashu.InputError` whose
  message is one line; nothing else escapes;
* a decoded file writes back byte for byte: ``source.encode(source.text) == data`` (what lets
  ``--fix`` change only the fixes);
* ``split_lines`` cuts the text into pieces that join back to it;
* ``LineIndex``: every offset has a 1-based line and column inside that line, and a finding on
  any span can be asked whether it is suppressed.

Run (see README.md)::

    python fuzz/fuzz_decode.py -runs=500000 -max_len=4096 fuzz/corpus/decode
"""

from __future__ import annotations

import sys

import _common  # noqa: F401  (puts the worktree's src first on sys.path)
import atheris

with atheris.instrument_imports(include=["huashu"]):
    import huashu
    from huashu._files import LineIndex, decode, split_lines
    from huashu._model import Finding

ENCODINGS = [None, None, None, "utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le",
             "utf-16-be", "utf-32", "big5", "latin-1"]


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    encoding = ENCODINGS[fdp.ConsumeIntInRange(0, len(ENCODINGS) - 1)]
    raw = fdp.ConsumeBytes(fdp.remaining_bytes())
    try:
        source = decode(raw, "f.txt", encoding)
    except huashu.InputError as exc:
        assert "\n" not in str(exc), str(exc)
        return
    assert source.encode(source.text) == raw, (raw, encoding, source)
    text = source.text
    lines = split_lines(text)
    assert "".join(lines) == text
    index = LineIndex(text)
    for offset in range(0, len(text), max(1, len(text) // 16)):
        line, column = index.position(offset)
        assert 1 <= line and 1 <= column <= len(index.line(line)) + 2, (text, offset, line, column)
        finding = Finding(rule_id="JJ001", category="否定拒绝", severity=huashu.Severity.ERROR,
                          start=offset, end=offset + 1, text=text[offset], score=100.0, message="")
        index.suppresses(finding, {"JJ001": "dont-know"})


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
