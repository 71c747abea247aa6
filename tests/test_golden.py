"""The engine's findings on the eval corpora are exactly those of a stored reference.

``tests/data/golden_eval.jsonl`` holds, for every reply of ``tests/eval/*.yaml`` (and for blocks
of twenty replies joined by newlines, so that cross-line work such as offers redeeming a refusal
is covered too), the ``(rule_id, start, end, score)`` of every finding, as the checker gave them
before the matcher was reworked for speed (issue #11): of the default checker, and of one with
every pack on. A change that is meant to alter findings
(a new rule, a better matcher) regenerates the file on purpose::

    PYTHONPATH=src python tests/test_golden.py

The file records the hash of the bank it was made with; with another bank the comparison would
say nothing about the engine, so the test is skipped with that reason.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "data" / "golden_eval.jsonl"
BLOCK = 20


def _bank_hash() -> str:
    from huashu._bank import bundled_bank_path

    return hashlib.sha256(bundled_bank_path().read_bytes()).hexdigest()


def _texts() -> list[str]:
    from huashu.eval import load_corpus

    replies = list(dict.fromkeys(e.text for e in load_corpus(REPO / "tests" / "eval")))
    blocks = ["\n".join(replies[i : i + BLOCK]) for i in range(0, len(replies), BLOCK)]
    return replies + blocks


def _findings(checker, text: str) -> list[list]:  # type: ignore[no-untyped-def]
    return [[f.rule_id, f.start, f.end, f.score] for f in checker.check(text)]


def _checkers() -> dict:  # type: ignore[type-arg]
    """The checkers compared, by the key their findings are stored under."""
    import huashu

    default = huashu.Checker()
    return {"findings": default, "packs": huashu.Checker(packs=default.bank.packs())}


def _make() -> dict:
    checkers = _checkers()
    return {
        "bank_sha256": _bank_hash(),
        "cases": [{"text": t, **{k: _findings(c, t) for k, c in checkers.items()}} for t in _texts()],
    }


def _read() -> dict:
    """The golden file: a header line with the bank's hash, then one JSON case per line."""
    lines = GOLDEN.read_text(encoding="utf-8").splitlines()
    return {**json.loads(lines[0]), "cases": [json.loads(line) for line in lines[1:]]}


def _write(data: dict) -> None:
    lines = [json.dumps({"bank_sha256": data["bank_sha256"]})]
    lines += [json.dumps(c, ensure_ascii=False) for c in data["cases"]]
    GOLDEN.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_findings_match_golden_reference() -> None:
    golden = _read()
    if golden["bank_sha256"] != _bank_hash():
        pytest.skip("the bundled bank changed since tests/data/golden_eval.jsonl was made; "
                    "regenerate it with `PYTHONPATH=src python tests/test_golden.py`")
    diffs = []
    for key, checker in _checkers().items():
        for case in golden["cases"]:
            got = _findings(checker, case["text"])
            if got != case[key]:
                diffs.append(f"{key} {case['text'][:60]!r}: expected {case[key]}, got {got}")
    assert not diffs, f"{len(diffs)} of {len(golden['cases'])} texts differ:\n" + "\n".join(diffs[:20])


if __name__ == "__main__":
    sys.path.insert(0, str(REPO / "src"))
    data = _make()
    _write(data)
    found = sum(len(c["findings"]) for c in data["cases"])
    print(f"wrote {GOLDEN}: {len(data['cases'])} texts, {found} findings")
