"""Benchmark: the ``huashu`` command's cold start and its files per second on a big tree.

Usage:  python bench/bench_cli.py [--runs 11] [--files 10000] [--repeat 3] [--jobs 1 2]
                                  [--bank FILE --no-default-bank] [--breakdown]

* Cold start: ``python -m huashu lint --isolated small.txt`` (one short reply file with a
  finding, so the private jieba tokenizer is built) against ``python -c "import jieba;
  jieba.initialize()"``, run alternately ``--runs`` times after one warm-up of each (so jieba's
  dictionary cache exists and the files are in the OS cache); medians and their ratio (issue
  #11's targets: at most 0.5 s, and below jieba's). ``bench_check.py --cold N`` also gives the
  peak RSS of each. Measured in the same run, since these machines are shared.
* Throughput: ``--files`` short reply files (one to four lines, about one line in twenty with a
  forbidden phrase) in 100 folders; ``huashu lint --format jsonl`` over the tree, the median of
  ``--repeat`` runs, for each ``--jobs`` value; files per second with and without the cold start.
* ``--breakdown``: where a cold start's time goes (imports, bank, compile, first check).

The CLI is run from this source tree (``src`` is put first on PYTHONPATH).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
sys.path.insert(0, str(ROOT / "src"))

import huashu  # noqa: E402

SMALL = "您好,很高兴为您服务。\n这个问题我不知道,我帮您问一下。\n感谢您的耐心等待。\n"

BREAKDOWN = """
import time
t0 = time.perf_counter()
import huashu
t1 = time.perf_counter()
bank = huashu.load_bank({bank!r}, extend_default={extend!r}) if {bank!r} else huashu.load_bank()
t2 = time.perf_counter()
checker = huashu.Checker(bank)
t3 = time.perf_counter()
checker.check("这个问题我不知道")
t4 = time.perf_counter()
print(f"{{t1 - t0:.3f}} {{t2 - t1:.3f}} {{t3 - t2:.3f}} {{t4 - t3:.3f}}")
"""


def environ() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    env["PYTHONIOENCODING"] = "utf-8"
    env.pop("NO_COLOR", None)
    return env


def wall(cmd: list[str], cwd: Path) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=environ(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr.decode()}")
    return elapsed


def corpus(bank: huashu.PhraseBank) -> tuple[list[str], list[str]]:
    clean: list[str] = []
    if SEEDS.is_dir():
        for path in sorted(SEEDS.glob("*.txt")):
            for piece in re.split(r"[。!?！？\n]+", path.read_text(encoding="utf-8")):
                piece = piece.strip()
                if 6 <= len(piece) <= 60:
                    clean.append(piece + "。")
    clean += [a.text for a in bank.approved] + [t for r in bank.rules for t in r.good_examples]
    bad = [t for r in bank.rules for t in r.bad_examples]
    return clean, bad


def make_tree(folder: Path, count: int, clean: list[str], bad: list[str]) -> int:
    rng = random.Random(7)
    size = 0
    for i in range(count):
        sub = folder / f"team{i % 100:02}"
        sub.mkdir(exist_ok=True)
        lines = [rng.choice(bad) if rng.random() < 0.05 else rng.choice(clean)
                 for _ in range(rng.randint(1, 4))]
        data = ("\n".join(lines) + "\n").encode("utf-8")
        (sub / f"reply{i:05}.txt").write_bytes(data)
        size += len(data)
    return size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11, help="cold-start runs of each command")
    parser.add_argument("--files", type=int, default=10_000, help="files in the big tree (0: skip)")
    parser.add_argument("--repeat", type=int, default=3, help="runs over the big tree")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="--jobs values to time")
    parser.add_argument("--bank", help="a bank file instead of the bundled bank")
    parser.add_argument("--no-default-bank", action="store_true", help="the --bank file alone")
    parser.add_argument("--breakdown", action="store_true", help="time the phases of a cold start")
    args = parser.parse_args()

    bank_args = ["--bank", os.path.abspath(args.bank)] if args.bank else []
    if args.no_default_bank:
        bank_args.append("--no-default-bank")
    py = sys.executable
    lint = [py, "-m", "huashu", "lint", "--isolated", *bank_args]
    print(f"python {sys.version.split()[0]} on {sys.platform}, {os.cpu_count()} CPUs; "
          f"huashu {huashu.__version__} from {ROOT / 'src'}")

    with tempfile.TemporaryDirectory(prefix="huashu-bench-") as tmp:
        work = Path(tmp)
        (work / "small.txt").write_text(SMALL, encoding="utf-8")
        cli = [*lint, "small.txt"]
        base = [py, "-c", "import jieba; jieba.initialize()"]
        wall(base, work), wall(cli, work)  # warm-up: jieba's cache file, the OS file cache
        t_cli, t_base = [], []
        for _ in range(args.runs):
            t_base.append(wall(base, work))
            t_cli.append(wall(cli, work))
        m_cli, m_base = statistics.median(t_cli), statistics.median(t_base)
        print(f"cold start, median of {args.runs}:")
        print(f"  import jieba; jieba.initialize()   {m_base:.3f} s  (min {min(t_base):.3f})")
        print(f"  huashu lint small.txt               {m_cli:.3f} s  (min {min(t_cli):.3f})")
        print(f"  ratio                               {m_cli / m_base:.2f}x  (target < 1x, and <= 0.5 s)")

        if args.breakdown:
            script = BREAKDOWN.format(bank=os.path.abspath(args.bank) if args.bank else None,
                                      extend=not args.no_default_bank)
            rows = []
            for _ in range(max(3, args.runs // 2)):
                out = subprocess.run([py, "-c", script], cwd=work, env=environ(), capture_output=True,
                                     text=True, check=True).stdout.split()
                rows.append([float(x) for x in out])
            names = ("import huashu", "load bank", "compile Checker", "first check (jieba)")
            print("cold start breakdown, medians:")
            for i, name in enumerate(names):
                print(f"  {name:<22} {statistics.median(r[i] for r in rows):.3f} s")

        if args.files:
            bank = (huashu.load_bank(args.bank, extend_default=not args.no_default_bank)
                    if args.bank else huashu.load_bank())
            clean, bad = corpus(bank)
            tree = work / "tree"
            tree.mkdir()
            size = make_tree(tree, args.files, clean, bad)
            print(f"tree: {args.files} files, {size / 1e6:.2f} MB, in 100 folders")
            for jobs in args.jobs:
                cmd = [*lint, "--format", "jsonl", "--jobs", str(jobs), "tree"]
                times = [wall(cmd, work) for _ in range(args.repeat)]
                t = statistics.median(times)
                net = max(t - m_cli, 1e-9)
                print(f"  --jobs {jobs}: median {t:.2f} s  {args.files / t:,.0f} files/s "
                      f"({args.files / net:,.0f} files/s after the {m_cli:.2f} s start)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
