"""Reply files: discovery, decoding, atomic writes, lines and suppression comments (no jieba)."""

from __future__ import annotations

import codecs
import os

import pytest

import huashu
from huashu._files import LineIndex, decode, find_files, read_source, split_lines, write_atomic

REPLY = "您好,这个问题我不知道。\r\n那不是我的错!\n"


def finding(start: int, end: int, rule_id: str = "JJ001", category: str = "否定拒绝") -> huashu.Finding:
    return huashu.Finding(rule_id, category, huashu.Severity.ERROR, start, end, "x", 100.0, "m")


# --- decoding -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding", "bom"),
    [
        (REPLY.encode("utf-8"), "utf-8", b""),
        (codecs.BOM_UTF8 + REPLY.encode("utf-8"), "utf-8", codecs.BOM_UTF8),
        (codecs.BOM_UTF16_LE + REPLY.encode("utf-16-le"), "utf-16-le", codecs.BOM_UTF16_LE),
        (codecs.BOM_UTF16_BE + REPLY.encode("utf-16-be"), "utf-16-be", codecs.BOM_UTF16_BE),
        (codecs.BOM_UTF32_LE + REPLY.encode("utf-32-le"), "utf-32-le", codecs.BOM_UTF32_LE),
        (REPLY.encode("gb18030"), "gb18030", b""),
        (REPLY.encode("gbk"), "gb18030", b""),
    ],
)
def test_decode_detects_and_round_trips(data: bytes, encoding: str, bom: bytes) -> None:
    source = decode(data, "r.txt")
    assert (source.text, source.encoding, source.bom) == (REPLY, encoding, bom)
    assert source.encode(source.text) == data  # --fix writes back byte for byte


def test_decode_forced_encoding() -> None:
    data = REPLY.encode("gbk")
    assert decode(data, "r.txt", "gbk").text == REPLY
    with pytest.raises(huashu.InputError, match=r"r.txt: cannot decode as utf-8: .* at byte \d+"):
        decode(data, "r.txt", "utf-8")
    # a BOM of the forced family is stripped and kept; utf-16 without a BOM means little-endian
    bom = codecs.BOM_UTF16_LE + REPLY.encode("utf-16-le")
    assert decode(bom, "r.txt", "utf-16").bom == codecs.BOM_UTF16_LE
    plain = decode(REPLY.encode("utf-16-le"), "r.txt", "utf-16")
    assert (plain.text, plain.encoding, plain.bom) == (REPLY, "utf-16-le", b"")


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (REPLY.encode("utf-16-le"), "binary file"),  # UTF-16 without a BOM has NUL bytes
        (bytes(range(128, 256)) * 4, "not UTF-8 or GB18030"),
        (codecs.BOM_UTF8 + b"\xff\xfe\xfd", "cannot decode as utf-8 .as its BOM says."),
    ],
)
def test_decode_rejects_binary_and_garbage(data: bytes, why: str) -> None:
    with pytest.raises(huashu.InputError, match=why) as info:
        decode(data, "bad.bin")
    assert info.value.path == "bad.bin"
    assert "\n" not in str(info.value)  # one line on stderr


def test_read_source_errors(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(huashu.InputError, match="no such file"):
        read_source(tmp_path / "missing.txt")
    with pytest.raises(huashu.InputError, match="is a directory"):
        read_source(tmp_path)


def test_write_atomic_replaces_and_keeps_mode(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "r.txt"
    path.write_bytes(b"old")
    os.chmod(path, 0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(path)
    write_atomic(link, "新".encode())
    assert path.read_bytes() == "新".encode()
    assert link.is_symlink()
    assert path.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.txt", "r.txt"]  # no temp file left


# --- finding files ------------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    for rel in ["a.txt", "b.md", "c.csv", "sub/d.txt", "sub/drafts/e.txt", ".hidden/f.txt",
                ".git/g.txt", "sub/.h.txt", "archive/i.txt"]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("您好", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_find_files_defaults_skip_hidden_and_other_extensions(tree) -> None:  # type: ignore[no-untyped-def]
    files, errors = find_files(["."])
    assert files == ["a.txt", "archive/i.txt", "b.md", "sub/d.txt", "sub/drafts/e.txt"]
    assert errors == []


def test_find_files_include_exclude(tree) -> None:  # type: ignore[no-untyped-def]
    files, _ = find_files(["."], include=["*.csv", "*.txt"], exclude=["archive", "drafts/*"])
    assert files == ["a.txt", "c.csv", "sub/d.txt"]
    files, _ = find_files(["sub"], exclude=["drafts"])
    assert files == ["sub/d.txt"]


def test_find_files_named_files_missing_paths_and_duplicates(tree) -> None:  # type: ignore[no-untyped-def]
    files, errors = find_files(["c.csv", "nope.txt", "a.txt", "./a.txt", "sub/.h.txt"], exclude=["*.csv"])
    assert files == ["c.csv", "a.txt", "sub/.h.txt"]  # named files are linted whatever they are
    assert [(e.path, e.reason) for e in errors] == [("nope.txt", "no such file or directory")]
    files, _ = find_files(["c.csv", "a.txt"], exclude=["*.csv"], force_exclude=True)
    assert files == ["a.txt"]


# --- lines and suppressions ---------------------------------------------------------------


def test_line_index_positions_with_every_line_ending() -> None:
    text = "一\r\n二二\r三三三\n四"
    index = LineIndex(text)
    assert index.position(0) == (1, 1)
    assert index.position(text.index("二")) == (2, 1)
    assert index.position(text.index("三") + 2) == (3, 3)
    assert index.position(text.index("四")) == (4, 1)
    assert [index.line(n) for n in range(1, 5)] == ["一", "二二", "三三三", "四"]
    assert index.end_position(text.index("三"), text.index("三") + 3) == (3, 4)
    assert split_lines(text) == ["一\r\n", "二二\r", "三三三\n", "四"]


@pytest.mark.parametrize(
    ("line", "rule_id", "category", "suppressed"),
    [
        ("我不知道 # huashu: ignore", "JJ001", "否定拒绝", True),
        ("我不知道 <!-- huashu: ignore[JJ001] -->", "JJ001", "否定拒绝", True),
        ("我不知道 <!-- huashu: ignore[JJ] -->", "JJ001", "否定拒绝", True),
        ("我不知道 huashu：ignore[否定拒绝，TW001]", "JJ001", "否定拒绝", True),
        ("我不知道 huashu: ignore[dont-know]", "JJ001", "否定拒绝", True),
        ("我不知道 huashu: ignore[TW001]", "JJ001", "否定拒绝", False),
        ("我不知道 huashu ignore", "JJ001", "否定拒绝", False),
    ],
)
def test_suppression_comments(line: str, rule_id: str, category: str, suppressed: bool) -> None:
    text = "第一行\n" + line + "\n我不知道\n"
    index = LineIndex(text)
    on_line = finding(4, 8, rule_id, category)
    assert index.suppresses(on_line, {"JJ001": "dont-know"}) is suppressed
    assert not index.suppresses(finding(text.rindex("我"), len(text) - 1, rule_id, category))


# --- writing fixes under faults -------------------------------------------------------------
# Everything here may run as root, for whom chmod does not stop a write: write_atomic honours
# the permission bits itself, and the system's own refusals are shown with chattr +i (where the
# file system allows it) and with a failing os.replace.


def _leftovers(folder) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".huashu-tmp"))


def test_write_atomic_refuses_a_read_only_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "r.txt"
    path.write_bytes(b"old")
    os.chmod(path, 0o444)
    with pytest.raises(huashu.InputError, match="read-only file") as info:
        write_atomic(path, b"new")
    assert info.value.path == str(path) and "\n" not in str(info.value)
    assert path.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def test_write_atomic_refuses_a_read_only_folder(tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "r.txt"
    path.write_bytes(b"old")
    os.chmod(folder, 0o555)
    try:
        with pytest.raises(huashu.InputError, match="read-only folder"):
            write_atomic(path, b"new")
        assert path.read_bytes() == b"old"
        assert _leftovers(folder) == []
    finally:
        os.chmod(folder, 0o755)


def test_write_atomic_reports_a_refused_replace_and_cleans_up(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "r.txt"
    path.write_bytes(b"old")

    def refuse(src, dst):  # type: ignore[no-untyped-def]
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(huashu.InputError, match="permission denied.*read-only"):
        write_atomic(path, b"new")
    assert path.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def _chattr(flag: str, path) -> bool:  # type: ignore[no-untyped-def]
    import shutil
    import subprocess

    if shutil.which("chattr") is None:
        return False
    return subprocess.run(["chattr", flag, str(path)], capture_output=True).returncode == 0


@pytest.mark.parametrize("which", ["file", "folder"])
def test_write_atomic_reports_an_immutable_file_or_folder(tmp_path, which: str) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "f"
    folder.mkdir()
    path = folder / "r.txt"
    path.write_bytes(b"old")
    locked = path if which == "file" else folder
    if not _chattr("+i", locked):
        pytest.skip("chattr +i not available here (needs root and a file system that has it)")
    try:
        # Caught before writing (os.access knows the flag) or by the refused write itself.
        with pytest.raises(huashu.InputError, match="read-only") as info:
            write_atomic(path, b"new")
        assert "\n" not in str(info.value)
    finally:
        _chattr("-i", locked)
    assert path.read_bytes() == b"old"
    assert _leftovers(folder) == []


def test_write_atomic_does_not_overwrite_a_file_changed_since_read(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "r.txt"
    path.write_bytes("您说得对,但是".encode())
    source = read_source(path)
    before = path.stat()
    # Same size, same modification time: only the content tells.
    path.write_bytes("您说得对,可是".encode())
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    with pytest.raises(huashu.InputError, match="changed since it was read"):
        write_atomic(path, source.encode("您说得对,同时"), expected=source.stamp)
    assert path.read_text(encoding="utf-8") == "您说得对,可是"
    path.write_bytes(b"longer now")
    with pytest.raises(huashu.InputError, match="changed since it was read"):
        write_atomic(path, b"x", expected=source.stamp)
    path.unlink()
    with pytest.raises(huashu.InputError, match="removed since it was read"):
        write_atomic(path, b"x", expected=source.stamp)
    assert not path.exists() and _leftovers(tmp_path) == []


def test_write_atomic_with_an_unchanged_stamp_writes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "r.txt"
    path.write_bytes("甲\r\n乙\r\n".encode("gb18030"))
    source = read_source(path)
    write_atomic(path, source.encode(source.text.replace("乙", "丙")), expected=source.stamp)
    assert path.read_bytes() == "甲\r\n丙\r\n".encode("gb18030")


def test_remove_stale_temporaries_keeps_live_processes_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    from huashu._files import remove_stale_temporaries

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    dead_pid = int(dead.stdout)
    stale = tmp_path / f".r.txt.{dead_pid}.ab12_x.huashu-tmp"
    live = tmp_path / f".r.txt.{os.getpid()}.cd34_y.huashu-tmp"
    other = tmp_path / ".notes.txt"
    for p in (stale, live, other):
        p.write_bytes(b"x")
    assert remove_stale_temporaries([str(tmp_path)]) == [str(stale)]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, other.name])
