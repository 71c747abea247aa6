"""Benchmark: `huashu qa` on a synthetic transcript export — turns per second and peak memory.

Usage:  python bench/bench_qa.py [--turns 100000] [--jobs 1 2] [--dask] [--flat 20000] [--split]

* Makes ``--turns`` turns with ``bench/make_transcripts.py`` (JSON Lines; about half are agent
  turns, 4% of those with a forbidden phrase) in a temporary folder.
* Runs ``python -m huashu qa FILE -o findings.jsonl --summary s.json -q --jobs N`` for each
  ``--jobs`` value under ``/usr/bin/time -v``: wall time (the command's whole life, cold start
  included), turns per second, and the peak RSS of its largest process (for ``--jobs 2``, the
  reading process or a worker, whichever is larger).
* ``--flat N``: the same with ``--jobs 1`` on N turns, to show memory does not grow with rows.
* ``--split``: ``huashu.qa.scan`` in this process with ``jobs=1`` and ``jobs=2`` (Checker
  built first, so no cold start): wall time, and the CPU seconds of the reading process and of
  the workers apart — what ``--jobs`` would give with free cores, however busy the machine is.
* ``--dask``: ``huashu.integrations.dask.check_dataframe`` over ``dask.dataframe.read_json``
  on a ``LocalCluster(n_workers=2, processes=True, threads_per_worker=1)``; the time of the
  compute (cluster start-up reported apart) and the workers' peak RSS.

The command is run from this source tree (``src`` first on PYTHONPATH).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}


def make(turns: int, path: Path) -> None:
    subprocess.run([sys.executable, str(ROOT / "bench" / "make_transcripts.py"), "--turns", str(turns),
                    "-o", str(path)], check=True, env=ENV, stderr=subprocess.DEVNULL)


def run_cli(path: Path, jobs: int, folder: Path) -> dict[str, float]:
    cmd = ["/usr/bin/time", "-v", sys.executable, "-m", "huashu", "qa", str(path), "--isolated", "-q",
           "-o", str(folder / "findings.jsonl"), "--summary", str(folder / "summary.json"), "--jobs", str(jobs)]
    started = time.perf_counter()
    result = subprocess.run(cmd, env=ENV, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise SystemExit(f"huashu qa failed ({result.returncode}):\n{result.stderr[-3000:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1))  # type: ignore[union-attr]
    cpu = sum(float(m) for m in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", result.stderr))
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    return {"wall": wall, "cpu": cpu, "rss_mb": rss / 1024, "rows": summary["rows"], "agent_turns": summary["agent_turns"],
            "findings": summary["findings"]}


def run_split(path: Path, jobs: int) -> dict[str, float]:
    import resource

    sys.path.insert(0, str(ROOT / "src"))
    import huashu
    from huashu import qa

    checker = huashu.Checker()
    checker.check("您好")
    before = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    run = qa.scan(qa.read(path), checker=checker, jobs=jobs)
    found = sum(1 for _ in run)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = [a.ru_utime + a.ru_stime - b.ru_utime - b.ru_stime for a, b in zip(after, before)]
    return {"wall": wall, "reader": cpu[0], "workers": cpu[1], "rows": run.summary.rows, "findings": found}


def _worker_rss() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_dask(path: Path) -> dict[str, float]:
    sys.path.insert(0, str(ROOT / "src"))
    import dask.dataframe as dd
    import distributed

    from huashu.integrations.dask import check_dataframe

    started = time.perf_counter()
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None, host="127.0.0.1") as cluster, \
            distributed.Client(cluster) as client:
        ready = time.perf_counter()
        turns = dd.read_json(str(path), lines=True, blocksize=1 << 21, dtype=False)
        rows = len(turns)
        findings = check_dataframe(turns, "content", keep=["conversation_id", "agent_id", "timestamp"],
                                   role="role").compute()
        done = time.perf_counter()
        rss = client.run(_worker_rss)
    return {"startup": ready - started, "compute": done - ready, "rows": rows, "findings": len(findings),
            "rss_mb": max(rss.values()), "partitions": turns.npartitions}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--turns", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, nargs="*", default=[1, 2])
    parser.add_argument("--dask", action="store_true")
    parser.add_argument("--split", action="store_true")
    parser.add_argument("--flat", type=int, default=0, metavar="N")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="huashu-bench-qa-") as tmp:
        folder = Path(tmp)
        path = folder / "transcripts.jsonl"
        make(args.turns, path)
        print(f"{args.turns:,} turns, {path.stat().st_size / 1e6:.1f} MB JSONL; {os.cpu_count()} CPUs; "
              f"load average {os.getloadavg()[0]:.1f}")
        one = folder / "one.jsonl"
        make(2, one)
        start = run_cli(one, 1, folder)
        print(f"cold start (huashu qa on 2 turns): {start['wall']:.1f}s, peak RSS {start['rss_mb']:.0f} MB")
        if args.flat:
            small = folder / "small.jsonl"
            make(args.flat, small)
            r = run_cli(small, 1, folder)
            print(f"huashu qa --jobs 1 on {r['rows']:,.0f} turns: {r['wall']:.1f}s, "
                  f"{r['rows'] / r['wall']:,.0f} turns/s, peak RSS {r['rss_mb']:.0f} MB")
        for jobs in args.jobs:
            r = run_cli(path, jobs, folder)
            steady = r["rows"] / max(r["wall"] - start["wall"], 1e-9)
            print(f"huashu qa --jobs {jobs}: {r['rows']:,.0f} turns ({r['agent_turns']:,.0f} agent, "
                  f"{r['findings']:,.0f} findings) in {r['wall']:.1f}s: {r['rows'] / r['wall']:,.0f} turns/s "
                  f"({steady:,.0f} without the cold start), {r['cpu']:.1f} CPU-s, peak RSS {r['rss_mb']:.0f} MB")
        if args.split:
            for jobs in (1, 2):
                # A fresh process each, so the second does not inherit the first one's warm caches.
                code = ("import json, sys; sys.path.insert(0, %r); import bench_qa; "
                        "print(json.dumps(bench_qa.run_split(bench_qa.Path(%r), %d)))"
                        % (str(ROOT / "bench"), str(path), jobs))
                out = subprocess.run([sys.executable, "-c", code], env=ENV, capture_output=True, text=True, check=True)
                r = json.loads(out.stdout.strip().splitlines()[-1])
                # With `jobs` free cores: no faster than the reader alone, nor than all the CPU spread evenly.
                busiest = max(r["reader"], (r["reader"] + r["workers"]) / jobs)
                print(f"scan(jobs={jobs}) in-process: {r['rows']:,} turns in {r['wall']:.1f}s wall; CPU-s: reading "
                      f"process {r['reader']:.1f}, workers {r['workers']:.1f} -> with {jobs} free core"
                      f"{'s' if jobs > 1 else ''} about {r['rows'] / busiest:,.0f} turns/s")
        if args.dask:
            r = run_dask(path)
            print(f"dask (LocalCluster 2 processes x 1 thread, {r['partitions']} partitions): {r['rows']:,} turns, "
                  f"{r['findings']:,} findings in {r['compute']:.1f}s (+{r['startup']:.1f}s cluster start): "
                  f"{r['rows'] / r['compute']:,.0f} turns/s; worker peak RSS {r['rss_mb']:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
