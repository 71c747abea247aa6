"""``check()`` costs time linear in the text, even on hostile input (issue #14), and a
``max_findings`` cap says when it cut the findings short.

The timing test compares a text with one four times as long, in the same run: a linear check
takes about four times as long, a quadratic one sixteen. The bound (ten) is generous, so a
noisy shared machine does not fail it; ``bench/bench_hostile.py`` measures the real curve.
"""

from __future__ import annotations

import random
import time
import warnings

import pytest

import huashu
from huashu import cli

CASES = {
    "phrase repeated": "我不知道",
    "phrase, separators": "我不知道，",
    "spaced-out": "我 不 知 道 ",
    "many findings": "不行。",
    "offers after refusals": "这个我不太清楚，我马上帮您查一下",
}


@pytest.fixture(scope="module")
def checker() -> huashu.Checker:
    checker = huashu.Checker(max_findings=None)
    checker.check("我不知道")
    return checker


def _best(fn, runs: int = 3) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def _random_cjk(n: int) -> str:
    rng = random.Random(n)
    return "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(n))


@pytest.mark.parametrize("unit", list(CASES.values()), ids=list(CASES))
def test_check_is_linear_on_repeated_phrases(checker: huashu.Checker, unit: str) -> None:
    small, big = unit * (4000 // len(unit)), unit * (16000 // len(unit))
    t_small = _best(lambda: checker.check(small))
    t_big = _best(lambda: checker.check(big))
    assert t_big < 10 * max(t_small, 1e-3), (t_small, t_big)


@pytest.mark.parametrize("make", [lambda n: "我" * n, _random_cjk], ids=["one character", "random CJK"])
def test_check_is_linear_on_one_long_line(checker: huashu.Checker, make) -> None:  # type: ignore[no-untyped-def]
    small, big = make(20_000), make(80_000)
    t_small = _best(lambda: checker.check(small))
    t_big = _best(lambda: checker.check(big))
    assert t_big < 10 * max(t_small, 1e-3), (t_small, t_big)


def test_spans_stay_exact_on_a_long_repeated_text(checker: huashu.Checker) -> None:
    text = "我 不 知 道，" * 2000
    findings = checker.check(text)
    assert len(findings) == 2000
    assert all(text[f.start:f.end] == f.text == "我 不 知 道" for f in findings)


# --- the cap ------------------------------------------------------------------------------


def test_max_findings_caps_and_warns() -> None:
    checker = huashu.Checker(max_findings=5)
    text = "不行。" * 20
    with pytest.warns(huashu.FindingsCappedWarning, match="first 5") as record:
        findings = checker.check(text)
    assert [f.start for f in findings] == [0, 3, 6, 9, 12]  # the first five, in text order
    assert record[0].message.limit == 5 and record[0].message.found == 20


def test_under_the_cap_nothing_is_said() -> None:
    checker = huashu.Checker(max_findings=20)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(checker.check("不行。" * 20)) == 20


def test_the_default_cap_is_generous() -> None:
    assert huashu.Checker().max_findings == 10_000
    assert huashu.Checker(max_findings=None).max_findings is None


@pytest.mark.parametrize("bad", [0, -1, 2.5, True, "10"])
def test_max_findings_must_be_a_positive_int(bad: object) -> None:
    with pytest.raises(ValueError, match="max_findings"):
        huashu.Checker(max_findings=bad)  # type: ignore[arg-type]


def test_the_cap_survives_pickling() -> None:
    import pickle

    assert pickle.loads(pickle.dumps(huashu.Checker(max_findings=7))).max_findings == 7


def test_cli_reports_the_cap_on_stderr(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import io

    capped = huashu.Checker(max_findings=3)
    monkeypatch.setattr(cli._common, "checker_for", lambda options: capped)
    (tmp_path / "many.txt").write_text("不行。" * 10 + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["lint", "--isolated", "--format", "json", "many.txt"], stdin=io.StringIO(),
                    stdout=out, stderr=err)
    assert code == 1
    assert "huashu: warning: many.txt: 10 findings" in err.getvalue()
    assert "first 3" in err.getvalue()
