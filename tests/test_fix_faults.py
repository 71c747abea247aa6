"""``huashu lint --fix`` under faults: killed at any moment, read-only files and folders, files
changed by someone else while they are being fixed.

The kill tests run real subprocesses and SIGKILL them at random moments; the seed of each run
is in the failure message. (Everything may run as root: read-only is shown by permission bits,
which write_atomic honours even for root.)
"""

from __future__ import annotations

import io
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from huashu import cli
from huashu._files import remove_stale_temporaries

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
# ZB004 (agree-but) has the bundled bank's safe fix: 但是 after agreement becomes 同时.
BAD = "您说得对,但是这个要本人办理。\n"
GOOD = "您说得对,同时这个要本人办理。\n"
FILLER = "order 12345 shipped; tracking number SF1234567890 will update within 24 hours.\n"
FIX = ["lint", "--fix", "-q", "--select", "ZB004"]

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX signals and permission bits")


def run_cli(*args: str) -> tuple[int, str]:
    err = io.StringIO()
    code = cli.main(list(args), stdout=io.StringIO(), stderr=err)
    return code, err.getvalue()


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".huashu-tmp"))


# --- read-only files and folders, changed files: reported, and the others are still fixed ---


def test_read_only_file_is_reported_and_the_others_fixed(tmp_path: Path) -> None:
    paths = [tmp_path / name for name in ("a.txt", "b.txt", "c.txt")]
    for p in paths:
        p.write_text(BAD, encoding="utf-8")
    os.chmod(paths[1], 0o444)
    code, err = run_cli(*FIX, *map(str, paths))
    assert code == cli.ExitStatus.ERROR
    assert err.splitlines() == [f"huashu: error: {paths[1]}: read-only file; not fixed"]
    assert [p.read_text(encoding="utf-8") for p in paths] == [GOOD, BAD, GOOD]
    assert temporaries(tmp_path) == []


def test_read_only_folder_is_reported_and_the_others_fixed(tmp_path: Path) -> None:
    (tmp_path / "ro").mkdir()
    (tmp_path / "rw").mkdir()
    locked, free = tmp_path / "ro" / "a.txt", tmp_path / "rw" / "b.txt"
    for p in (locked, free):
        p.write_text(BAD, encoding="utf-8")
    os.chmod(tmp_path / "ro", 0o555)
    try:
        code, err = run_cli(*FIX, str(tmp_path))
    finally:
        os.chmod(tmp_path / "ro", 0o755)
    assert code == cli.ExitStatus.ERROR
    assert err.splitlines() == [f"huashu: error: {locked}: read-only folder; the file is not fixed"]
    assert (locked.read_text(encoding="utf-8"), free.read_text(encoding="utf-8")) == (BAD, GOOD)


def test_refused_write_is_reported_and_the_others_fixed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [tmp_path / name for name in ("a.txt", "b.txt")]
    for p in paths:
        p.write_text(BAD, encoding="utf-8")
    replace = os.replace

    def refuse_a(src: str, dst: str) -> None:
        if os.path.basename(dst) == "a.txt":
            raise PermissionError(13, "Permission denied")
        replace(src, dst)

    monkeypatch.setattr(os, "replace", refuse_a)
    code, err = run_cli(*FIX, *map(str, paths))
    assert code == cli.ExitStatus.ERROR
    assert err.splitlines() == [
        f"huashu: error: {paths[0]}: permission denied: the file or its folder is read-only; not fixed"
    ]
    assert [p.read_text(encoding="utf-8") for p in paths] == [BAD, GOOD]
    assert temporaries(tmp_path) == []


def test_file_changed_while_being_fixed_is_not_overwritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from huashu.cli import lint

    paths = [tmp_path / name for name in ("a.txt", "b.txt")]
    for p in paths:
        p.write_text(BAD, encoding="utf-8")
    read_source = lint.read_source
    edited = BAD + "客户又补充了一句。\n"

    def read_then_someone_saves(path, encoding=None):  # type: ignore[no-untyped-def]
        source = read_source(path, encoding)
        if os.path.basename(path) == "a.txt":  # an editor saves the file just after we read it
            Path(path).write_text(edited, encoding="utf-8")
        return source

    monkeypatch.setattr(lint, "read_source", read_then_someone_saves)
    code, err = run_cli(*FIX, *map(str, paths))
    assert code == cli.ExitStatus.ERROR
    assert err.splitlines() == [f"huashu: error: {paths[0]}: changed since it was read; not overwritten"]
    assert [p.read_text(encoding="utf-8") for p in paths] == [edited, GOOD]


def test_fix_keeps_mode_bom_and_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    old = "\ufeff" + BAD.replace("\n", "\r\n") + "第二行\r" + BAD
    path.write_bytes(old.encode("utf-8"))
    os.chmod(path, 0o640)
    assert run_cli(*FIX, str(path))[0] == cli.ExitStatus.SUCCESS
    new = "\ufeff" + GOOD.replace("\n", "\r\n") + "第二行\r" + GOOD
    assert path.read_bytes() == new.encode("utf-8")
    assert path.stat().st_mode & 0o777 == 0o640


# --- killed at random moments: each file is the old one or the new one, never a mix --------


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    return env


def _kill_after(args: list[str], delay: float, cwd: Path) -> int | None:
    """Start ``args``, SIGKILL it after ``delay`` seconds; its exit status if it ended first."""
    proc = subprocess.Popen(args, cwd=cwd, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        return proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return None


def test_killed_lint_fix_leaves_the_old_or_the_new_file(tmp_path: Path) -> None:
    # About 5 MB of replies, one in 51 lines with a fixable finding.
    block = BAD + FILLER * 50
    old = (block * (5_000_000 // len(block))).encode("utf-8")
    new = old.decode("utf-8").replace(BAD, GOOD).encode("utf-8")
    path = tmp_path / "replies.txt"
    args = [sys.executable, "-m", "huashu", *FIX, path.name]

    path.write_bytes(old)
    started = time.monotonic()
    assert _kill_after(args, 600, tmp_path) == cli.ExitStatus.SUCCESS
    took = time.monotonic() - started
    assert path.read_bytes() == new

    seed = random.randrange(2**32)
    rng = random.Random(seed)
    outcomes = []
    for _ in range(3):  # each costs most of a run; the test below kills writes many more times
        path.write_bytes(old)
        delay = rng.uniform(0.3, 1.05) * took
        status = _kill_after(args, delay, tmp_path)
        content = path.read_bytes()
        assert content in (old, new), f"seed {seed}: killed after {delay:.2f}s of {took:.2f}s: a mixed file"
        outcomes.append((round(delay, 2), status, "new" if content == new else "old", temporaries(tmp_path)))
    # Leftover temporary files are hidden, and the next --fix removes them.
    path.write_bytes(old)
    assert _kill_after(args, 600, tmp_path) == cli.ExitStatus.SUCCESS, outcomes
    assert path.read_bytes() == new
    assert sorted(p.name for p in tmp_path.iterdir()) == ["replies.txt"], (seed, outcomes)


_WRITER = """
import sys
from huashu._files import write_atomic
path, a, b = sys.argv[1], open(sys.argv[2], "rb").read(), open(sys.argv[3], "rb").read()
print("ready", flush=True)
i = 0
while True:
    write_atomic(path, a if i % 2 else b)
    i += 1
"""


def test_killed_write_atomic_leaves_one_whole_version(tmp_path: Path) -> None:
    # The write is a small part of a --fix run: here a process does nothing but replace a
    # 20 MB file, A, B, A, B …, so that the random kills land inside writes, fsyncs and renames.
    folder = tmp_path / "files"
    folder.mkdir()
    a = ("您说得对,同时这个要本人办理。\n" * 500_000).encode("utf-8")[:20_000_000]
    b = ("您说得对,但是这个要本人办理。\r\n" * 500_000).encode("gb18030")[:20_000_000]
    (tmp_path / "a").write_bytes(a)
    (tmp_path / "b").write_bytes(b)
    path = folder / "r.txt"
    path.write_bytes(a)
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    for round_ in range(12):
        proc = subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(path), str(tmp_path / "a"), str(tmp_path / "b")],
            env=_env(), stdout=subprocess.PIPE,
        )
        assert proc.stdout is not None and proc.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.0, 0.4))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        content = path.read_bytes()
        assert content == a or content == b, f"seed {seed}, round {round_}: a mixed file"
        assert all(n.startswith(".") for n in temporaries(folder))  # hidden: never linted
    remove_stale_temporaries([str(folder)])
    assert [p.name for p in folder.iterdir()] == ["r.txt"]
