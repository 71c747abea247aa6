"""Benchmark: huashu's check beside plain jieba, rjieba and a bare Aho-Corasick scan, and the
cold start of ``huashu lint`` beside ``import jieba; jieba.initialize()`` (issue #11).

Usage:  python bench/bench_check.py [--mb 1] [--repeat 5] [--scaling] [--long] [--cold 7] [--eval]
        [--parts]

Reply lines are built from the seed documents (../shared/seeds, or the bank's own examples and
approved phrases when the seeds are not there), with the bank's bad examples mixed in at about
one line in twenty. The contenders run in turn, round after round (``--repeat`` rounds), so a
shared machine's drifting speed hits them alike; each figure is the median of its rounds, and
each ratio the median of the rounds' ratios:

* ``jieba.lcut`` (the default install's segmentation, HMM on) — target: huashu >= 3x;
* ``rjieba.cut`` when rjieba is installed (for reference only: huashu does not use it);
* a bare pyahocorasick scan of the bank's anchors (what the prefilter does, without any of the
  verification) — target: huashu >= 0.3x.

``--parts``: where a check's time goes (fold, scan, gates, phrase matcher, expressions), as
shares of ``jieba.lcut`` on the same lines.

``--eval``: the same ratio on the eval corpora's replies (tests/eval), all of them, the clean
ones and the flagged ones: real replies rather than seed prose, and a flagged reply costs more.

``--cold N``: ``python -m huashu lint --isolated one.txt`` (one line with a finding) against
``python -c "import jieba; jieba.initialize()"``, alternately N times after a warm-up of each
(so both caches exist); wall time and peak RSS of each run, medians and ratios (targets: at
most 0.5 s and below jieba's; peak RSS at most 1.2x jieba's).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
sys.path.insert(0, str(ROOT / "src"))

import huashu  # noqa: E402


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


def rounds(contenders: dict[str, object], repeat: int) -> dict[str, list[float]]:
    """Each contender (a callable) once per round, in turn; the times of every round."""
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(repeat):
        for name, fn in contenders.items():
            t0 = time.perf_counter()
            fn()  # type: ignore[operator]
            times[name].append(time.perf_counter() - t0)
    return times


def ratio(times: dict[str, list[float]], a: str, b: str) -> float:
    """Median over rounds of how many times faster ``a`` ran than ``b``."""
    return statistics.median(tb / ta for ta, tb in zip(times[a], times[b]))


# One child process per command: its peak RSS is the grandchild's, reported by this wrapper.
_WRAP = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
         "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
         "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def run_once(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one run of ``cmd``."""
    out = subprocess.run([sys.executable, "-c", _WRAP, *cmd], cwd=cwd, env=env, capture_output=True,
                         text=True, check=True).stdout.split()
    return float(out[0]), int(out[1]) / 1024


def cold_start(runs: int) -> None:
    import tempfile

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    with tempfile.TemporaryDirectory(prefix="huashu-bench-") as tmp:
        work = Path(tmp)
        (work / "one.txt").write_text("您好,这个问题我不知道。\n", encoding="utf-8")
        cmds = {
            "huashu lint one.txt": [sys.executable, "-m", "huashu", "lint", "--isolated", "one.txt"],
            "jieba.initialize()": [sys.executable, "-c", "import jieba; jieba.initialize()"],
        }
        for cmd in cmds.values():
            run_once(cmd, work, env)  # warm-up: the caches, the OS file cache
        got: dict[str, list[tuple[float, float]]] = {name: [] for name in cmds}
        for _ in range(runs):
            for name, cmd in cmds.items():
                got[name].append(run_once(cmd, work, env))
    (h, hw), (j, jw) = ((n, got[n]) for n in cmds)
    print(f"cold start, {runs} runs each, alternately (medians):")
    for name, rows in got.items():
        print(f"  {name:<22} wall {statistics.median(r[0] for r in rows):.3f} s "
              f"(min {min(r[0] for r in rows):.3f})  peak RSS {statistics.median(r[1] for r in rows):.0f} MiB")
    print(f"  wall ratio huashu/jieba {statistics.median(a[0] / b[0] for a, b in zip(hw, jw)):.2f}x "
          f"(targets: <= 0.5 s and < 1x)")
    print(f"  peak RSS ratio          {statistics.median(a[1] / b[1] for a, b in zip(hw, jw)):.2f}x (target <= 1.2x)")


def rjieba_equivalence(checker: huashu.Checker, rjieba: object) -> None:
    """How often rjieba, taught the bank's words with the private tokenizer's frequencies, cuts
    a folded eval reply exactly as huashu's jieba does (the test for using it as a backend)."""
    from huashu._normalize import fold
    from huashu.eval import load_corpus

    segmenter = checker._compiled.segmenter
    words = segmenter._ready()
    taught = rjieba.Jieba()  # type: ignore[attr-defined]
    for word in segmenter._words:
        taught.add_word(word, words.part(word[0])[word], None)
    texts = [fold(e.text).text for e in load_corpus(ROOT / "tests" / "eval")]
    same = sum(taught.cut(t, False) == segmenter.cut(t) for t in texts)
    print(f"rjieba with the bank's words cuts {same}/{len(texts)} eval replies as huashu's jieba "
          f"({100 * same / len(texts):.1f}%): not used")


def parts(checker: huashu.Checker, lines: list[str], jieba: object, repeat: int) -> None:
    """Where the time of a check goes, as shares of ``jieba.lcut`` on the same lines (the fastest
    of ``repeat`` rounds each): fold; the prefilter's bare scan; the scan with its gates (the
    phrase matcher and the expressions switched off); with the phrase matcher; the whole
    candidates step; the whole check."""
    from huashu._normalize import fold

    compiled = checker._compiled
    phrases, patterns, gaps = compiled._phrases, compiled._patterns, compiled._gaps
    folded = [fold(s).text for s in lines]
    scan_iter = compiled._prefilter.iter

    def scan() -> None:
        for f in folded:
            for _ in scan_iter(f):
                pass

    def candidates(*, around: bool = True, regex: bool = True) -> None:
        try:
            if not around:
                phrases.around = lambda *a: []  # type: ignore[method-assign]
            if not regex:
                patterns.run = gaps.run = lambda *a: iter(())  # type: ignore[method-assign]
            for f in folded:
                compiled.candidates(f)
        finally:
            for obj, name in ((phrases, "around"), (patterns, "run"), (gaps, "run")):
                obj.__dict__.pop(name, None)

    steps: dict[str, object] = {
        "jieba.lcut": lambda: [jieba.lcut(s) for s in lines],  # type: ignore[attr-defined]
        "fold": lambda: [fold(s) for s in lines],
        "bare scan": scan,
        "scan + gates": lambda: candidates(around=False, regex=False),
        "+ phrase matcher": lambda: candidates(regex=False),
        "candidates": candidates,
        "check": lambda: [checker.check(s) for s in lines],
    }
    times = rounds(steps, repeat)
    base = min(times["jieba.lcut"])
    print("where the time goes (fastest round, share of jieba.lcut):")
    for name, ts in times.items():
        print(f"  {name:<17} {min(ts) * 1000:7.1f} ms  {100 * min(ts) / base:5.1f}%")


def eval_replies(checker: huashu.Checker, jieba: object, repeat: int) -> None:
    """huashu beside ``jieba.lcut`` on real replies (tests/eval): a flagged reply costs more
    than a clean one (its candidates are verified, its words cut for the boundary test)."""
    from huashu.eval import load_corpus

    entries = load_corpus(ROOT / "tests" / "eval")
    for name, texts in (("all", [e.text for e in entries]), ("clean", [e.text for e in entries if not e.flag]),
                        ("flagged", [e.text for e in entries if e.flag])):
        [checker.check(t) for t in texts]
        times = rounds({"jieba.lcut": lambda: [jieba.lcut(t) for t in texts],  # type: ignore[attr-defined]
                        "huashu.check": lambda: [checker.check(t) for t in texts]}, repeat)
        print(f"eval replies, {name:<7} {len(texts):>5}: huashu/jieba.lcut "
              f"{ratio(times, 'huashu.check', 'jieba.lcut'):.2f}x")


def main() -> int:

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="size of the main corpus in MB")
    parser.add_argument("--repeat", type=int, default=5, help="rounds")
    parser.add_argument("--scaling", action="store_true", help="also 0.1, 1 and 10 MB per-MB cost")
    parser.add_argument("--long", action="store_true", help="also one 1 MB string without newline")
    parser.add_argument("--cold", type=int, default=0, metavar="N", help="also N cold starts of each")
    parser.add_argument("--parts", action="store_true", help="also where the time of a check goes")
    parser.add_argument("--eval", action="store_true",
                        help="also the eval corpora's replies: all, the clean ones, the flagged ones")
    args = parser.parse_args()

    import ahocorasick
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    try:
        import rjieba
    except ImportError:
        rjieba = None
    t0 = time.perf_counter()
    checker = huashu.Checker()
    checker.check("我不知道")  # the private segmentation once, outside the timings
    setup = time.perf_counter() - t0
    clean, bad = corpus_lines(checker.bank)
    lines = build(int(args.mb * 1e6), clean, bad)
    mb = sum(len(s.encode("utf-8")) + 1 for s in lines) / 1e6
    print(f"python {sys.version.split()[0]}, huashu from {ROOT / 'src'}")
    print(f"corpus: {len(lines)} reply lines ({len(set(lines))} distinct), {mb:.2f} MB; "
          f"checker setup {setup:.2f} s")

    compiled = checker._compiled
    bare = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)
    for anchor in compiled._prefilter.names:  # every key of huashu's own prefilter
        bare.add_word(anchor)
    bare.make_automaton()

    def scan() -> None:
        for s in lines:
            for _ in bare.iter(s):
                pass

    contenders: dict[str, object] = {
        "jieba.lcut": lambda: [jieba.lcut(s) for s in lines],
        "huashu.check": lambda: [checker.check(s) for s in lines],
        "bare AC scan": scan,
    }
    if rjieba is not None:
        contenders["rjieba.cut"] = lambda: [rjieba.cut(s) for s in lines]
    [checker.check(s) for s in lines]  # the lazily built indexes, outside the timings
    times = rounds(contenders, args.repeat)
    found = sum(len(checker.check(s)) for s in lines)
    for name, ts in times.items():
        t = statistics.median(ts)
        extra = f"  ({found} findings)" if name == "huashu.check" else ""
        print(f"{name:<13} median {t:.3f} s  {mb / t:7.2f} MB/s{extra}")
    print(f"ratio huashu/jieba.lcut:   {ratio(times, 'huashu.check', 'jieba.lcut'):.2f}x  (target >= 3x)")
    print(f"ratio huashu/bare AC scan: {ratio(times, 'huashu.check', 'bare AC scan'):.2f}x  (target >= 0.3x)")
    if rjieba is not None:
        print(f"ratio huashu/rjieba.cut:   {ratio(times, 'huashu.check', 'rjieba.cut'):.2f}x")
        rjieba_equivalence(checker, rjieba)

    if args.parts:
        parts(checker, lines, jieba, args.repeat)
    if args.eval:
        eval_replies(checker, jieba, args.repeat)
    if args.scaling:
        for size in (0.1, 1.0, 10.0):
            part = build(int(size * 1e6), clean, bad, seed=11)
            part_mb = sum(len(s.encode("utf-8")) + 1 for s in part) / 1e6
            t = min(rounds({"c": lambda: [checker.check(s) for s in part]}, 1 if size >= 10 else 3)["c"])
            print(f"scaling {size:>5} MB: {t / part_mb:.3f} s per MB")
    if args.long:
        one = "".join(build(int(1e6), clean, bad, seed=13))
        one_mb = len(one.encode("utf-8")) / 1e6
        half = one[: len(one) // 2]
        t = rounds({"one": lambda: checker.check(one), "half": lambda: checker.check(half),
                    "jieba": lambda: jieba.lcut(one)}, 3)
        print(f"one string without newline: {one_mb:.2f} MB in {statistics.median(t['one']):.3f} s "
              f"(half: {statistics.median(t['half']):.3f} s, ratio {ratio(t, 'half', 'one'):.2f}, "
              f"jieba.lcut {statistics.median(t['jieba']):.3f} s)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process (max RSS): {peak:.0f} MB")
    if args.cold:
        cold_start(args.cold)
    return 0


if __name__ == "__main__":
    sys.exit(main())
