"""Benchmark: hostile inputs must cost time linear in their length (issue #14).

Usage:  python bench/bench_hostile.py [--sizes 10 100 1000] [--repeat 3] [--case NAME ...]

Each case is built at every size (in KB of UTF-8) and checked with a default Checker whose
``max_findings`` cap is lifted, so that the whole text is really matched; the table gives the
seconds per MB at each size and the ratio of the largest size's per-MB cost to the smallest's:
a flat curve (ratio near 1) is linear, a ratio that grows with the sizes is not.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import huashu  # noqa: E402


def _fill(unit: str, size: int) -> str:
    """``unit`` repeated to about ``size`` bytes of UTF-8."""
    return unit * max(1, size // len(unit.encode("utf-8")))


def _random_cjk(size: int) -> str:
    rng = random.Random(size)
    return "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(size // 3))


CASES: dict[str, Callable[[int], str]] = {
    "phrase repeated": lambda n: _fill("我不知道", n),
    "phrase, separators": lambda n: _fill("我不知道，", n),
    "spaced-out": lambda n: _fill("我 不 知 道 ", n),
    "one character": lambda n: _fill("我", n),
    "random CJK": _random_cjk,
    "many findings": lambda n: _fill("不行。", n),
    "refusal then offer": lambda n: _fill("这个我不太清楚，我马上帮您查一下", n),
}


def timed(fn: Callable[[], object], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return min(runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000], help="sizes in KB")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--case", nargs="+", choices=sorted(CASES), help="only these cases")
    args = parser.parse_args(argv)

    try:
        checker = huashu.Checker(max_findings=None)
    except TypeError:  # an engine from before the cap
        checker = huashu.Checker()
    checker.check("我不知道")
    header = "".join(f"{s:>8} KB" for s in args.sizes)
    print(f"seconds per MB (min of {args.repeat}); findings at the largest size")
    print(f"{'case':<20}{header}   ratio  findings")
    for name in args.case or CASES:
        per_mb, found = [], 0
        for size in args.sizes:
            text = CASES[name](size * 1000)
            mb = len(text.encode("utf-8")) / 1e6
            per_mb.append(timed(lambda: checker.check(text), args.repeat) / mb)
            found = len(checker.check(text))
        cells = "".join(f"{t:>11.3f}" for t in per_mb)
        print(f"{name:<20}{cells}   {per_mb[-1] / per_mb[0]:>5.2f}  {found}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
