"""The ``huashu`` command line: option handling in-process, the behaviours that matter end to end
as real subprocesses (``python -m huashu``) on files in temporary folders.

Most tests use a small bank written to ``tmp_path`` so they do not move with the bundled bank;
only the README's own command runs against the bundled bank.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import huashu
from huashu import cli
from huashu._formats import display_width

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"

BANK = """\
version: 1
rules:
  - id: JJ001
    name: dont-know
    category: 否定拒绝
    severity: error
    source: user
    message: 一句“不知道”把客户推开了。
    forms: ["{我|我们}不知道", "{我|我们}不清楚"]
    exceptions: [不知道你, 不知道是否]
    alternatives: [我帮您查一下, 我会找出的]
    examples: {bad: [我不知道], good: ["不知道您现在方便吗?"]}
  - id: TW001
    name: not-my-fault
    category: 推诿
    severity: error
    source: user
    message: 推卸责任。
    forms: [那不是我的错, 不是我的错, 不关我的事]
    exceptions: [不是你的错]
    alternatives: [让我看看我能为这件事作些什么]
    examples: {bad: [那不是我的错], good: [这不是您的错,是我们的问题]}
  - id: ZB001
    name: but-after-agreeing
    category: 争辩指责
    severity: warning
    source: user
    message: 先肯定再“但是”,等于否定前面的话。
    match: pattern
    forms: ['(?:有道理|说得对|说的对|同意)[^。!?\\n]{0,10}?(?P<hit>但是|可是)']
    anchors: [但是, 可是]
    alternatives: [同时]
    fix: {replacement: 同时, safe: true}
    examples: {bad: [您说的很有道理,但是], good: [但是我们会尽快]}
  - id: CC001
    name: busy
    category: 催促
    severity: info
    source: user
    message: 别让客户觉得自己在打扰你。
    forms: [我现在很忙]
    alternatives: [请您稍等,我马上为您处理]
    fix: {replacement: 请您稍等, safe: false}
    examples: {bad: [我现在很忙], good: [我现在为您处理]}
approved:
  - {text: 我理解您的感受, techniques: [移情法], scenarios: [客户情绪激动时], source: user}
  - {text: "感谢您的来电,祝您生活愉快", techniques: [结束语], scenarios: [], source: user}
  - {text: 我帮您查一下, techniques: [十准], scenarios: [无法回答客户问题时], source: user}
"""

# Line 1: JJ001 (error) · line 2: ZB001 (warning, safe fix) · line 3: TW001 (error), CC001 (info,
# unsafe fix) · line 4: clean.
REPLIES = (
    "您好,这个问题我不知道。\n"
    "您说的很有道理,但是这个业务需要本人办理。\n"
    "那不是我的错,我现在很忙。\n"
    "感谢您的来电,祝您生活愉快!\n"
)
CLEAN = "您好,请问有什么可以帮您?\n不知道您现在方便吗?\n"


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with the test bank and a few reply files; the current folder for the test."""
    (tmp_path / "bank.yaml").write_text(BANK, encoding="utf-8")
    (tmp_path / "replies.txt").write_text(REPLIES, encoding="utf-8")
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    return tmp_path


BANK_ARGS = ["--bank", "bank.yaml", "--no-default-bank"]


# --- in-process ---------------------------------------------------------------------------

_CHECKERS: dict[tuple[object, ...], huashu.Checker] = {}


@pytest.fixture(autouse=True)
def shared_checkers(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process runs reuse a Checker per bank and selection: each new one builds its own jieba
    tokenizer (about a second). Subprocess runs below build theirs as a user's run would."""
    real = cli._common.checker_for

    def cached(options: cli._common.Options) -> huashu.Checker:
        bank = options.bank and os.path.realpath(options.bank)
        mtime = bank and os.stat(bank).st_mtime_ns
        key = (bank, mtime, options.default_bank, tuple(options.select or ()) or None, tuple(options.ignore),
               tuple(options.packs))
        if key not in _CHECKERS:
            _CHECKERS[key] = real(options)
        return _CHECKERS[key]

    monkeypatch.setattr(cli._common, "checker_for", cached)


def run(*argv: str, stdin: str | io.TextIOBase = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    stream = io.StringIO(stdin) if isinstance(stdin, str) else stdin
    code = cli.main(list(argv), stdin=stream, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_usage_errors_and_help_go_to_the_given_streams(work: Path) -> None:
    code, out, err = run("lint", "--frob")
    assert (code, out) == (2, "")
    assert "unrecognized arguments: --frob" in err
    code, out, err = run("lint", "-h")
    assert code == 0 and "examples:" in out and "huashu: ignore" in out and err == ""
    code, out, err = run()
    assert code == 2 and "COMMAND" in err
    assert run("--version")[:2] == (0, f"huashu {huashu.__version__}\n")


def test_select_and_ignore_by_id_prefix_and_category(work: Path) -> None:
    code, out, _ = run("lint", "-q", *BANK_ARGS, "--select", "JJ，推诿", "replies.txt")
    assert code == 1
    assert [line.split()[1] for line in out.splitlines()] == ["JJ001", "TW001"]
    code, out, _ = run("lint", "-q", *BANK_ARGS, "--ignore", "JJ,TW001", "--ignore", "CC", "replies.txt")
    assert [line.split()[1] for line in out.splitlines()] == ["ZB001"]
    code, _, err = run("lint", *BANK_ARGS, "--select", "XX9", "replies.txt")
    assert code == 2 and "'XX9' matches no rule" in err


def test_bank_problems_are_one_clear_error(work: Path) -> None:
    code, _, err = run("lint", "--no-default-bank", "replies.txt")
    assert code == 2 and "--no-default-bank needs --bank FILE" in err
    (work / "bad.yaml").write_text("rules:\n  - id: nope\n", encoding="utf-8")
    code, out, err = run("lint", "--bank", "bad.yaml", "--no-default-bank", "replies.txt")
    assert code == 2 and out == ""
    assert err.startswith("huashu: error: invalid phrase bank") and "bad.yaml" in err
    assert "Traceback" not in err


def test_a_missing_bank_file_is_named_plainly(work: Path) -> None:
    for command in (["lint", "replies.txt"], ["rules"], ["suggest", "我不知道"]):
        code, out, err = run(*command[:1], "--bank", "missing.yaml", *command[1:])
        assert (code, out) == (2, "")
        assert err == "huashu: error: bank file missing.yaml does not exist\n"


def test_quiet_and_statistics(work: Path) -> None:
    code, out, err = run("lint", "-q", *BANK_ARGS, "replies.txt", "clean.txt")
    assert code == 1 and err == ""
    assert out.splitlines()[0] == "replies.txt:1:8: JJ001 一句“不知道”把客户推开了。"
    assert len(out.splitlines()) == 4
    code, out, _ = run("lint", "--statistics", *BANK_ARGS, "replies.txt")
    rows = [line.split("\t") for line in out.splitlines()]
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("1", "CC001", "[ ]"), ("1", "JJ001", "[ ]"), ("1", "TW001", "[ ]"), ("1", "ZB001", "[*]")]
    code, out, _ = run("lint", "--statistics", *BANK_ARGS, "--ignore", "ZB", "replies.txt")
    assert [c.strip() for c in out.splitlines()[0].split("\t")[:3]] == ["1", "CC001", "催促"]
    code, out, _ = run("lint", "--statistics", "--format", "json", *BANK_ARGS, "replies.txt")
    assert {r["rule_id"]: r["count"] for r in json.loads(out)} == {"CC001": 1, "JJ001": 1, "TW001": 1, "ZB001": 1}


def test_summary_counts_and_fixability(work: Path) -> None:
    code, out, _ = run("lint", *BANK_ARGS, "replies.txt", "clean.txt")
    assert "Found 4 findings (2 errors, 1 warning, 1 info) in 1 of 2 files." in out
    assert "[*] 1 fixable with `huashu lint --fix`." in out
    assert "1 more fixable with `--fix --unsafe-fixes`." in out
    code, out, _ = run("lint", *BANK_ARGS, "clean.txt")
    assert (code, out) == (0, "No findings in 1 file.\n")


def test_colour_only_when_asked_or_on_a_terminal(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "\x1b[" not in run("lint", *BANK_ARGS, "replies.txt")[1]
    assert "\x1b[1;31mJJ001\x1b[0m" in run("lint", "--color", *BANK_ARGS, "replies.txt")[1]

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Terminal()
    cli.main(["lint", *BANK_ARGS, "replies.txt"], stdout=out, stderr=io.StringIO())
    assert "\x1b[" in out.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    out = Terminal()
    cli.main(["lint", *BANK_ARGS, "replies.txt"], stdout=out, stderr=io.StringIO())
    assert "\x1b[" not in out.getvalue()


def test_progress_line_on_a_terminal_only(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(5):
        (work / f"r{i}.txt").write_text(REPLIES, encoding="utf-8")

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    class Clock:  # every look at the clock is half a second later
        now = 0.0

        def monotonic(self) -> float:
            Clock.now += 0.5
            return Clock.now

    monkeypatch.setattr(cli.lint, "time", Clock())
    err = Terminal()
    cli.main(["lint", *BANK_ARGS, "."], stdout=io.StringIO(), stderr=err)
    assert "\rhuashu: 3/7 files" in err.getvalue()
    assert err.getvalue().endswith("\r\x1b[K")  # cleared before the summary
    err = Terminal()
    cli.main(["lint", "-q", *BANK_ARGS, "."], stdout=io.StringIO(), stderr=err)
    assert err.getvalue() == ""
    quiet = io.StringIO()
    cli.main(["lint", *BANK_ARGS, "."], stdout=io.StringIO(), stderr=quiet)
    assert quiet.getvalue() == ""


def test_folders_include_exclude_and_no_files(work: Path) -> None:
    (work / "sub").mkdir()
    (work / "sub" / "a.md").write_text("我不知道\n", encoding="utf-8")
    (work / "sub" / "b.csv").write_text("我不知道\n", encoding="utf-8")
    (work / ".git").mkdir()
    (work / ".git" / "c.txt").write_text("我不知道\n", encoding="utf-8")
    paths = lambda out: sorted({line.split(":")[0] for line in out.splitlines()})  # noqa: E731
    assert paths(run("lint", "-q", *BANK_ARGS)[1]) == ["replies.txt", "sub/a.md"]
    assert paths(run("lint", "-q", *BANK_ARGS, "--include", "*.csv", ".")[1]) == ["sub/b.csv"]
    assert paths(run("lint", "-q", *BANK_ARGS, "--exclude", "sub,replies.txt", ".")[1]) == []
    code, out, err = run("lint", *BANK_ARGS, "--include", "*.rst", ".")
    assert code == 0 and "no files to lint" in err


def test_stdin_text_and_bytes(work: Path) -> None:
    code, out, _ = run("lint", "-q", *BANK_ARGS, "-", stdin="您好\n我不知道\n")
    assert (code, out) == (1, "-:2:1: JJ001 一句“不知道”把客户推开了。\n")
    raw = io.TextIOWrapper(io.BytesIO("我不知道".encode("gb18030")))
    code, out, _ = run("lint", "-q", *BANK_ARGS, "--stdin-filename", "draft.txt", "-", stdin=raw)
    assert out.startswith("draft.txt:1:1: JJ001")
    code, _, err = run("lint", "--fix", *BANK_ARGS, "-", "replies.txt")
    assert code == 2 and "takes no other paths" in err


def test_fix_unsafe_and_suppressed_lines(work: Path) -> None:
    path = work / "replies.txt"
    path.write_text(REPLIES + "您说得对,但是不行 # huashu: ignore[ZB]\n", encoding="utf-8")
    code, out, _ = run("lint", "--fix", *BANK_ARGS, "replies.txt")
    text = path.read_text(encoding="utf-8")
    assert "很有道理,同时这个业务" in text and "我现在很忙" in text
    assert text.endswith("您说得对,但是不行 # huashu: ignore[ZB]\n")  # suppressed: not fixed
    assert "Fixed 1 finding in 1 file." in out and code == 1  # JJ001 and TW001 remain
    run("lint", "--fix", "--unsafe-fixes", *BANK_ARGS, "replies.txt")
    assert "那不是我的错,请您稍等。" in path.read_text(encoding="utf-8")


def test_rules_command(work: Path) -> None:
    code, out, _ = run("rules", *BANK_ARGS)
    assert code == 0 and out.count("\n\n") == 4 and "4 rules." in out.splitlines()[-2]
    assert "忌语: {我|我们}不知道  (+1 more forms)\n" in out and "不知道你" not in out
    code, out, _ = run("rules", *BANK_ARGS, "--verbose", "JJ001")
    assert "        {我|我们}不清楚\n" in out and "例外:\n        不知道你\n" in out
    code, out, _ = run("rules", *BANK_ARGS, "--category", "推诿", "--format", "json")
    rules = json.loads(out)
    assert [r["id"] for r in rules] == ["TW001"]
    assert set(rules[0]) >= {"id", "category", "severity", "forms", "alternatives", "source"}
    assert [r["id"] for r in json.loads(run("rules", *BANK_ARGS, "ZB", "--format", "json")[1])] == ["ZB001"]
    code, _, err = run("rules", *BANK_ARGS, "--category", "没有")
    assert code == 2 and "推诿" in err


def test_suggest_limit_applies_to_each_finding(work: Path) -> None:
    data = json.loads(run("suggest", *BANK_ARGS, "-n", "1", "--format", "json", "我不知道,那不是我的错")[1])
    alternatives = [s["rule_id"] for s in data["suggestions"] if s["rule_id"]]
    assert alternatives == ["JJ001", "TW001"]
    data = json.loads(run("suggest", *BANK_ARGS, "-n", "2", "--format", "json", "我不知道,那不是我的错")[1])
    assert [s["rule_id"] for s in data["suggestions"] if s["rule_id"]] == ["JJ001", "JJ001", "TW001"]


def test_suggest_command(work: Path) -> None:
    code, out, _ = run("suggest", *BANK_ARGS, "这个我不知道")
    assert code == 0
    assert "JJ001 “我不知道”" in out and "1. 我帮您查一下" in out and "代替 JJ001" in out
    data = json.loads(run("suggest", *BANK_ARGS, "--format", "json", "-", stdin="我不知道\n")[1])
    assert data["text"] == "我不知道" and data["suggestions"][0]["rule_id"] == "JJ001"
    assert run("suggest", *BANK_ARGS, "--technique", "移情法")[1].startswith("我理解您的感受")
    assert "感谢您的来电" in run("suggest", *BANK_ARGS, "--technique", "结束")[1]  # substring
    assert "客户情绪激动时 (1)" in run("suggest", *BANK_ARGS, "--list")[1]
    code, _, err = run("suggest", *BANK_ARGS, "--scenario", "没有这个")
    assert code == 2 and "huashu suggest --list" in err
    assert run("suggest", *BANK_ARGS)[0] == 2


def test_config_errors_and_isolation(work: Path) -> None:
    (work / "huashu.toml").write_text('no-default-bnak = true\nseverity = "fatal"\n', encoding="utf-8")
    code, _, err = run("lint", *BANK_ARGS, "replies.txt")
    assert code == 2
    assert "no-default-bnak: unknown key; did you mean 'no-default-bank'?" not in err  # not a key
    assert "no-default-bnak: unknown key; did you mean 'default-bank'?" in err
    assert "severity: must be one of error, warning, info" in err
    assert run("lint", "--isolated", *BANK_ARGS, "replies.txt")[0] == 1
    (work / "other.toml").write_text('select = ["TW"]\n', encoding="utf-8")
    code, out, _ = run("lint", "-q", "--config", "other.toml", *BANK_ARGS, "replies.txt")
    assert [line.split()[1] for line in out.splitlines()] == ["TW001"]
    assert run("lint", "--encoding", "klingon", *BANK_ARGS, "replies.txt")[0] == 2


PACK_RULE = """\
  - id: ZB501
    name: bedside-orders
    category: 争辩指责
    severity: warning
    source: 医院《医疗服务用语规范及服务忌语》
    message: 命令式喊话不尊重病人。
    packs: [医疗]
    forms: ["把上衣脱了$"]
    alternatives: [麻烦您把上衣解开]
    examples: {bad: [把上衣脱了!], good: [麻烦您把上衣解开]}
"""


def test_pack_runs_only_when_asked_for(work: Path) -> None:
    (work / "pack.yaml").write_text(BANK.replace("approved:", PACK_RULE + "approved:"), encoding="utf-8")
    (work / "ward.txt").write_text("把上衣脱了!\n", encoding="utf-8")
    args = ["--bank", "pack.yaml", "--no-default-bank"]
    assert run("lint", "-q", *args, "ward.txt")[0] == 0
    code, out, _ = run("lint", "-q", *args, "--pack", "医疗", "ward.txt")
    assert code == 1 and "ZB501" in out
    assert run("lint", "-q", *args, "--pack", "医疗,牙科", "ward.txt")[0] == 2  # unknown pack
    (work / "huashu.toml").write_text('packs = ["医疗"]\n', encoding="utf-8")
    assert "ZB501" in run("lint", "-q", *args, "ward.txt")[1]
    assert run("lint", "-q", "--isolated", *args, "ward.txt")[0] == 0
    (work / "huashu.toml").write_text('packs = 3\n', encoding="utf-8")
    assert "packs: must be a list of strings" in run("lint", *args, "ward.txt")[2]
    (work / "huashu.toml").unlink()
    code, out, _ = run("rules", *args, "--pack", "医疗")
    assert code == 0 and "ZB501" in out and "JJ001" not in out
    listing = run("rules", *args)[1]
    assert "[pack: 医疗" in listing and "1 in industry packs" in listing
    assert run("rules", *args, "--pack", "牙科")[0] == 2


def test_main_with_argv_none_reads_sys_argv(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["huashu", "lint", "-q", *BANK_ARGS, "clean.txt"])
    assert cli.main(stdout=io.StringIO(), stderr=io.StringIO()) == cli.ExitStatus.SUCCESS


# --- end to end: real subprocesses ---------------------------------------------------------


def huashu_cmd(*args: str, cwd: Path, stdin: bytes | None = None, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), environ.get("PYTHONPATH")]))
    environ["PYTHONIOENCODING"] = "utf-8"
    environ.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-m", "huashu", *args], cwd=cwd, input=stdin, capture_output=True,
        env=environ, timeout=300,
    )
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


def test_e2e_text_report(work: Path) -> None:
    code, out, err = huashu_cmd("lint", *BANK_ARGS, "replies.txt", "clean.txt", cwd=work)
    assert code == 1, err
    assert err == ""  # jieba's "Building prefix dict…" is kept quiet
    block = out.split("\n\n")[0].splitlines()
    assert block[0] == "replies.txt:1:8: JJ001 一句“不知道”把客户推开了。"
    assert block[1] == "1 | 您好,这个问题我不知道。"
    caret_at = display_width(block[2][: block[2].index("^")])
    assert caret_at == display_width(block[1][: block[1].index("我不知道")])
    assert block[2].count("^") == display_width("我不知道") == 8
    assert block[3] == "  = 建议: 我帮您查一下"
    assert "replies.txt:2:9: ZB001 [*] " in out
    assert out.endswith("[*] 1 fixable with `huashu lint --fix`.\n1 more fixable with `--fix --unsafe-fixes`.\n")


@pytest.mark.parametrize("fmt", ["json", "jsonl", "github", "sarif"])
def test_e2e_machine_formats(work: Path, fmt: str) -> None:
    code, out, err = huashu_cmd("lint", "--format", fmt, *BANK_ARGS, "replies.txt", "clean.txt", cwd=work)
    assert (code, err) == (1, "")
    if fmt == "json":
        items = json.loads(out)
        assert [(i["rule_id"], i["line"], i["column"]) for i in items] == [
            ("JJ001", 1, 8), ("ZB001", 2, 9), ("TW001", 3, 1), ("CC001", 3, 8)]
        assert all(REPLIES[i["start"]:i["end"]] == i["text"] for i in items)
        assert items[1]["fix"] == "同时" and items[1]["end_column"] == 11
    elif fmt == "jsonl":
        items = [json.loads(line) for line in out.splitlines()]
        assert [i["path"] for i in items] == ["replies.txt"] * 4
    elif fmt == "github":
        lines = out.splitlines()
        assert lines[0].startswith("::error file=replies.txt,line=1,col=8,endLine=1,endColumn=12,")
        assert [line.split()[0] for line in lines] == ["::error", "::warning", "::error", "::notice"]
    else:
        log = json.loads(out)
        assert log["version"] == "2.1.0"
        results = log["runs"][0]["results"]
        assert [r["ruleId"] for r in results] == ["JJ001", "ZB001", "TW001", "CC001"]
        assert {r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]} == {"JJ001", "TW001", "ZB001", "CC001"}


def test_e2e_exit_codes(work: Path) -> None:
    assert huashu_cmd("lint", *BANK_ARGS, "clean.txt", cwd=work)[0] == 0
    (work / "warn.txt").write_text("您说得对,但是不行\n我现在很忙\n", encoding="utf-8")
    assert huashu_cmd("lint", *BANK_ARGS, "--severity", "error", "warn.txt", cwd=work)[0] == 0
    code, out, _ = huashu_cmd("lint", *BANK_ARGS, "--exit-zero", "replies.txt", cwd=work)
    assert code == 0 and "Found 4 findings" in out


def test_e2e_fix_keeps_encoding_and_line_endings(work: Path) -> None:
    crlf = "您说的很有道理,但是不行。\r\n第二行\r\n您说得对,但是… # huashu: ignore\r\n"
    (work / "crlf.txt").write_bytes(codecs.BOM_UTF8 + crlf.encode("utf-8"))
    (work / "gbk.txt").write_bytes("同意您的看法,可是这个业务要本人办理\n".encode("gb18030"))
    (work / "u16.txt").write_bytes(codecs.BOM_UTF16_LE + "您说得对,但是\n".encode("utf-16-le"))
    code, out, err = huashu_cmd("lint", "--fix", *BANK_ARGS, "crlf.txt", "gbk.txt", "u16.txt", cwd=work)
    assert (code, err) == (0, "")
    assert "Fixed 3 findings in 3 files." in out
    assert (work / "crlf.txt").read_bytes() == codecs.BOM_UTF8 + crlf.replace("道理,但是", "道理,同时").encode()
    assert (work / "gbk.txt").read_bytes() == "同意您的看法,同时这个业务要本人办理\n".encode("gb18030")
    assert (work / "u16.txt").read_bytes() == codecs.BOM_UTF16_LE + "您说得对,同时\n".encode("utf-16-le")
    assert not [p for p in work.iterdir() if "huashu-tmp" in p.name]


def test_e2e_diff_writes_nothing(work: Path) -> None:
    code, out, err = huashu_cmd("lint", "--diff", *BANK_ARGS, "replies.txt", "clean.txt", cwd=work)
    assert code == 1
    assert out.startswith("--- a/replies.txt\n+++ b/replies.txt\n")
    assert "-您说的很有道理,但是这个业务需要本人办理。\n+您说的很有道理,同时这个业务需要本人办理。\n" in out
    assert err == "Would fix 1 finding in 1 file.\n"
    assert (work / "replies.txt").read_text(encoding="utf-8") == REPLIES
    assert huashu_cmd("lint", "--diff", *BANK_ARGS, "clean.txt", cwd=work)[0] == 0


def test_e2e_encodings_binary_and_missing_files(work: Path) -> None:
    (work / "gb.txt").write_bytes("您好,这个问题我不知道。\n".encode("gb18030"))
    (work / "u16.txt").write_bytes(codecs.BOM_UTF16_BE + "那不是我的错\n".encode("utf-16-be"))
    (work / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
    code, out, err = huashu_cmd(
        "lint", "-q", *BANK_ARGS, "gb.txt", "image.txt", "missing.txt", "u16.txt", cwd=work)
    assert code == 2  # the readable files are still linted, the exit status says something failed
    assert out == "gb.txt:1:8: JJ001 一句“不知道”把客户推开了。\nu16.txt:1:1: TW001 推卸责任。\n"
    assert err.splitlines() == [
        "huashu: error: missing.txt: no such file or directory",
        "huashu: error: image.txt: binary file (contains NUL bytes); a UTF-16 file needs a BOM or --encoding",
    ]
    (work / "gbk-as-utf8.txt").write_bytes("我不知道".encode("gbk"))
    code, _, err = huashu_cmd("lint", *BANK_ARGS, "--encoding", "utf-8", "gbk-as-utf8.txt", cwd=work)
    assert code == 2 and err.startswith("huashu: error: gbk-as-utf8.txt: cannot decode as utf-8:")


def test_e2e_stdin(work: Path) -> None:
    code, out, _ = huashu_cmd("lint", "--format", "jsonl", *BANK_ARGS, "-", cwd=work,
                              stdin="您好\r\n我不知道\r\n".encode("gb18030"))
    assert code == 1
    assert json.loads(out)["path"] == "-" and json.loads(out)["line"] == 2
    code, out, err = huashu_cmd("lint", "--fix", *BANK_ARGS, "-", cwd=work, stdin=REPLIES.encode())
    assert out == REPLIES.replace("道理,但是", "道理,同时")  # `--fix -` is a filter
    assert "replies" not in out and "-:1:8: JJ001" in err and code == 1


def test_e2e_suppression_comments(work: Path) -> None:
    (work / "s.md").write_text(
        "我不知道 <!-- huashu: ignore -->\n"
        "那不是我的错,我不知道 <!-- huashu: ignore[TW] -->\n"
        "我不知道\n",
        encoding="utf-8",
    )
    code, out, _ = huashu_cmd("lint", "-q", *BANK_ARGS, "s.md", cwd=work)
    assert out.splitlines() == [
        "s.md:2:8: JJ001 一句“不知道”把客户推开了。",
        "s.md:3:1: JJ001 一句“不知道”把客户推开了。",
    ]


def test_e2e_config_discovery_from_a_subfolder(work: Path) -> None:
    (work / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.huashu]\nbank = "bank.yaml"\ndefault-bank = false\n'
        'select = ["JJ", "推诿"]\nexclude = ["drafts"]\n',
        encoding="utf-8",
    )
    sub = work / "team" / "replies"
    (sub / "drafts").mkdir(parents=True)
    (sub / "a.txt").write_text(REPLIES, encoding="utf-8")
    (sub / "drafts" / "b.txt").write_text(REPLIES, encoding="utf-8")
    code, out, err = huashu_cmd("lint", "-q", ".", cwd=sub)
    assert (code, err) == (1, "")
    assert [line.split()[1] for line in out.splitlines()] == ["JJ001", "TW001"]  # no drafts/
    # a huashu.toml nearer the files wins; command-line flags win over both
    (work / "team" / "huashu.toml").write_text(
        f'bank = {json.dumps(str(work / "bank.yaml"))}\ndefault-bank = false\nselect = "ZB"\n',
        encoding="utf-8",
    )
    code, out, _ = huashu_cmd("lint", "-q", "a.txt", cwd=sub)
    assert [line.split()[1] for line in out.splitlines()] == ["ZB001"]
    code, out, _ = huashu_cmd("lint", "-q", "--select", "CC", "a.txt", cwd=sub)
    assert [line.split()[1] for line in out.splitlines()] == ["CC001"]


def test_e2e_jobs_gives_the_same_report(work: Path) -> None:
    tree = work / "tree"
    for i in range(12):
        folder = tree / f"f{i % 3}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{i:02}.txt").write_text(REPLIES if i % 2 else CLEAN, encoding="utf-8")
    serial = huashu_cmd("lint", "--format", "jsonl", *BANK_ARGS, "tree", cwd=work)
    parallel = huashu_cmd("lint", "--format", "jsonl", "--jobs", "2", *BANK_ARGS, "tree", cwd=work)
    assert serial == parallel
    assert serial[0] == 1 and len(serial[1].splitlines()) == 6 * 4


def test_e2e_version_and_help() -> None:
    code, out, _ = huashu_cmd("--version", cwd=ROOT)
    assert code == 0 and out == f"huashu {huashu.__version__}\n"
    code, out, _ = huashu_cmd("suggest", "-h", cwd=ROOT)
    assert code == 0 and "examples:" in out and "--technique" in out


def test_e2e_readme_command_with_the_bundled_bank() -> None:
    code, out, err = huashu_cmd("lint", "--isolated", "examples/replies.txt", cwd=ROOT)
    assert code == 1, err
    assert "examples/replies.txt:" in out and "建议:" in out
    code, out, err = huashu_cmd("lint", "--isolated", "examples/clean.txt", cwd=ROOT)
    assert (code, err) == (0, ""), out
