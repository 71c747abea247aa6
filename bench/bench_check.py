"""Benchmark: huashu's full check against plain ``jieba.lcut`` on the same reply lines.

Usage:  python bench/bench_check.py [--mb 1] [--repeat 5] [--scaling] [--long]

Reply lines are built from the seed documents (../shared/seeds, or the bank's own examples and
approved phrases when the seeds are not there), with the bank's bad examples mixed in at about
one line in twenty. Each timing is the median of ``--repeat`` runs; the ratio is measured in the
same run, since these machines are shared and noisy. Prints peak memory (max RSS) at the end.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import statistics
import sys
import time
from pathlib import Path

import huashu

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"


def corpus_lines(bank: huashu.PhraseBank) -> tuple[list[str], list[str]]:
    clean: list[str] = []
    if SEEDS.is_dir():
        for path in sorted(SEEDS.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            for piece in re.split(r"[。!?！？\n]+", text):
                piece = piece.strip()
                if 6 <= len(piece) <= 120:
                    clean.append(piece + "。")
    clean += [a.text for a in bank.approved]
    clean += [t for r in bank.rules for t in r.good_examples]
    bad = [t for r in bank.rules for t in r.bad_examples]
    return clean, bad


def build(size_bytes: int, clean: list[str], bad: list[str], seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    lines, total = [], 0
    while total < size_bytes:
        line = rng.choice(bad) if rng.random() < 0.05 else rng.choice(clean)
        lines.append(line)
        total += len(line.encode("utf-8")) + 1
    return lines


def timed(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="size of the main corpus in MB")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--scaling", action="store_true", help="also 0.1, 1 and 10 MB per-MB cost")
    parser.add_argument("--long", action="store_true", help="also one 1 MB string without newline")
    args = parser.parse_args()

    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    t0 = time.perf_counter()
    checker = huashu.Checker()
    checker.check("我不知道")  # build the private jieba once, outside the timings
    setup = time.perf_counter() - t0
    clean, bad = corpus_lines(checker.bank)
    lines = build(int(args.mb * 1e6), clean, bad)
    mb = sum(len(s.encode("utf-8")) + 1 for s in lines) / 1e6
    print(f"corpus: {len(lines)} lines, {mb:.2f} MB; checker setup {setup:.2f} s")

    t_jieba = timed(lambda: [jieba.lcut(s) for s in lines], args.repeat)
    t_check = timed(lambda: [checker.check(s) for s in lines], args.repeat)
    found = sum(len(checker.check(s)) for s in lines)
    print(f"jieba.lcut   median {t_jieba:.3f} s  {mb / t_jieba:.2f} MB/s")
    print(f"huashu.check median {t_check:.3f} s  {mb / t_check:.2f} MB/s  ({found} findings)")
    print(f"throughput ratio huashu/jieba: {t_jieba / t_check:.2f}x")

    if args.scaling:
        for size in (0.1, 1.0, 10.0):
            part = build(int(size * 1e6), clean, bad, seed=11)
            part_mb = sum(len(s.encode("utf-8")) + 1 for s in part) / 1e6
            t = timed(lambda: [checker.check(s) for s in part], max(1, args.repeat if size < 10 else 1))
            print(f"scaling {size:>5} MB: {t / part_mb:.3f} s per MB")
    if args.long:
        one = "".join(build(int(1e6), clean, bad, seed=13))
        one_mb = len(one.encode("utf-8")) / 1e6
        half = one[: len(one) // 2]
        t_one = timed(lambda: checker.check(one), 3)
        t_half = timed(lambda: checker.check(half), 3)
        t_j = timed(lambda: jieba.lcut(one), 3)
        print(f"one string without newline: {one_mb:.2f} MB in {t_one:.3f} s (half: {t_half:.3f} s, "
              f"ratio {t_one / t_half:.2f}, jieba.lcut {t_j:.3f} s)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS): {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
