"""The private segmentation: word for word what a private ``jieba.Tokenizer`` with the bank's
words gives, read from the user's cache folder without importing jieba, quiet, and never
writing in a shared temporary folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import huashu
from huashu._normalize import fold
from huashu._segment import Segmenter, cache_dir
from huashu.eval import load_corpus

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src"


def test_cuts_exactly_as_jieba_on_the_whole_eval_corpus(checker: huashu.Checker) -> None:
    segmenter = checker._compiled.segmenter
    reference = segmenter.reference()
    texts = [e.text for e in load_corpus(REPO / "tests" / "eval")]
    texts += [fold(t).text for t in texts]
    texts += ["abc 123 我不知道 x1y2", "  \t\r\n", "", "不行!!!不行。。。", "ＡＢＣ不知道"]
    differ = [t for t in texts if segmenter.cut(t) != list(reference.cut(t, HMM=False))]
    assert differ == [], f"{len(differ)} of {len(texts)} texts cut differently, e.g. {differ[:3]}"


def test_boundaries_are_word_ends(checker: huashu.Checker) -> None:
    segmenter = checker._compiled.segmenter
    for block in ["你看这样行不行", "不知道你是否方便", "abc12我不知道"]:
        ends = [0]
        for word in segmenter.cut(block):
            ends.append(ends[-1] + len(word))
        assert segmenter.boundaries(block) == tuple(ends)


def test_a_bank_of_its_own_cuts_as_its_own_jieba(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HUASHU_CACHE_DIR", str(tmp_path))
    segmenter = Segmenter(["不知道您", "我不管", "行不行", "x"])
    reference = segmenter.reference()
    for text in ["我不知道您说的", "这个我不管了", "您看行不行", "AB12我不管"]:
        assert segmenter.cut(text) == list(reference.cut(text, HMM=False))
    assert [p.name[:6] for p in tmp_path.iterdir()] == ["words-"]


PROBE = """
import sys, huashu
checker = huashu.Checker()
assert [f.rule_id for f in checker.check("这个问题我不知道。")] == ["JJ001"]
print("jieba" in sys.modules)
"""


def test_a_warm_start_neither_imports_jieba_nor_prints_nor_writes_to_tmp(tmp_path) -> None:  # type: ignore[no-untyped-def]
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "PYTHONPATH": str(SRC), "HUASHU_CACHE_DIR": str(tmp_path / "cache"),
           "TMPDIR": str(tmp)}
    cold = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    assert cold.stderr == ""  # no "Building prefix dict…" from jieba
    warm = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    assert (warm.stdout, warm.stderr) == ("False\n", "")
    assert list(tmp.iterdir()) == []  # neither jieba.cache nor a temporary file of ours
    # the compiled bank, the private dictionary, the typo test's readings, the parsed bank file
    assert sorted(p.name.split("-")[0] for p in (tmp_path / "cache").iterdir()) == [
        "bank", "sounds", "words", "yaml"]


@pytest.mark.parametrize(("env", "expected"), [
    ({"HUASHU_CACHE_DIR": "/x/y"}, Path("/x/y")),
    ({"HUASHU_CACHE_DIR": ""}, None),
    ({"XDG_CACHE_HOME": "/xdg"}, Path("/xdg/huashu")),
])
def test_cache_folder(monkeypatch, env: dict[str, str], expected: Path | None) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("HUASHU_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert cache_dir() == expected


def test_the_cache_folder_is_never_the_package(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("HUASHU_CACHE_DIR", raising=False)
    folder = cache_dir()
    assert folder is None or Path(huashu.__file__).parent not in (folder, *folder.parents)


def test_the_readings_cache_is_read_back_and_a_bad_one_is_rebuilt(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from huashu import _sound
    from huashu._segment import read_cache

    monkeypatch.setenv("HUASHU_CACHE_DIR", str(tmp_path))
    built = _sound._table.__wrapped__()  # from pypinyin's data file; written to the cache
    (cached,) = tmp_path.glob("sounds-*.bin")
    assert _sound._table.__wrapped__() == built  # read back
    good = cached.read_bytes()
    for bad in (b"", good[: len(good) // 2], b"garbage" * 10):
        cached.write_bytes(bad)
        assert _sound._table.__wrapped__() == built
        assert read_cache(cached.name) is not None  # rebuilt and rewritten whole
    assert built["道"] == "dao" and set(built["长"].split(",")) == {"zan", "can"}  # zhang, chang: zh→z, ch→c, -ng→-n
