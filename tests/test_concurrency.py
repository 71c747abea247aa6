"""One Checker shared by threads, and Checkers pickled into worker processes, give the results
of one Checker in one thread, on the whole evaluation corpus.

Each test builds a fresh Checker, so that its lazily built parts (the private jieba, the anchor
indexes, the gap regexes compiled on first use) are built by racing threads or in a worker.
"""

from __future__ import annotations

import multiprocessing
import pickle
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import yaml

import huashu

EVAL = Path(__file__).resolve().parent / "eval"
CORPUS = sorted({entry["text"] for split in ("dev", "tune", "heldout")
                 for entry in yaml.safe_load((EVAL / f"{split}.yaml").read_text(encoding="utf-8"))})
# A third of the corpus's 4000-odd replies (every split, every family): the whole of it costs
# half a minute more on a busy two-core machine and finds nothing more.
TEXTS = CORPUS[::3]
THREADS = 8


def _results(checker: huashu.Checker, texts: list[str]) -> list[tuple[list[huashu.Finding], str | None]]:
    # check on all; fix (which checks again, and applies edits) on about a fourth
    return [(checker.check(t), checker.fix(t, unsafe=True) if len(t) % 4 == 0 else None) for t in texts]


def _chunks(texts: list[str], n: int) -> list[list[str]]:
    return [texts[i::n] for i in range(n)]


def test_eight_threads_sharing_a_checker_agree_with_one() -> None:
    expected = _results(huashu.Checker(select=["ALL"]), TEXTS)
    shared = huashu.Checker(select=["ALL"])
    start = threading.Barrier(THREADS)

    def work(texts: list[str]) -> list[tuple[list[huashu.Finding], str | None]]:
        start.wait()  # all at once, onto a Checker nothing has been built in yet
        return _results(shared, texts)

    with ThreadPoolExecutor(THREADS) as pool:
        parts = list(pool.map(work, _chunks(TEXTS, THREADS)))
    got = [None] * len(TEXTS)
    for i, part in enumerate(parts):
        got[i::THREADS] = part
    assert got == expected


def _check_in_worker(blob: bytes, texts: list[str]) -> list[list[dict[str, object]]]:
    checker = pickle.loads(blob)
    return [[f.to_dict() for f in checker.check(t)] for t in texts]


def test_pickled_checker_in_a_process_pool_agrees(tmp_path: Path) -> None:
    bank = tmp_path / "user.yaml"
    bank.write_text(
        "rules:\n"
        "  - {id: TW901, name: user-rule, category: 推诿, severity: warning, source: user,\n"
        "     message: 测试, forms: [这事别找我], alternatives: [我来帮您处理],\n"
        "     examples: {bad: [这事别找我]}}\n",
        encoding="utf-8",
    )
    checker = huashu.Checker(bank, ignore=["QL"])
    texts = [*CORPUS[::16], "这事别找我,我不知道"]
    expected = [[f.to_dict() for f in checker.check(t)] for t in texts]
    blob = pickle.dumps(checker)
    # spawn: a fresh interpreter rebuilds the Checker from its pickle alone (no inherited state).
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        parts = list(pool.map(_check_in_worker, [blob, blob], _chunks(texts, 2)))
    got: list[object] = [None] * len(texts)
    for i, part in enumerate(parts):
        got[i::2] = part
    assert got == expected
    assert any(f["rule_id"] == "TW901" for f in got[-1])  # type: ignore[index]
