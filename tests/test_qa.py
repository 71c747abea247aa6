"""Transcript QA: reading exports, choosing the agent's turns, findings with context, summaries,
and the ``huashu qa`` command (in-process, on a small bank so the tests do not move with the
bundled one)."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import re
from pathlib import Path

import pytest

import huashu
from huashu import cli, qa

from helpers import TWO_RULES

BANK = TWO_RULES + """\
  - id: CC001
    name: busy
    category: 催促
    severity: info
    source: user
    message: 别让客户觉得自己在打扰你。
    forms: [我现在很忙]
    alternatives: [请您稍等]
    examples: {bad: [我现在很忙], good: [我现在为您处理]}
approved:
  - {text: 我帮您查一下, techniques: [十准], scenarios: [], source: user}
"""

ROWS = [
    {"conversation": "c1", "role": "客户", "agent": "", "time": "2024-05-01 09:00:00", "text": "快递怎么还没到?"},
    {"conversation": "c1", "role": "客服", "agent": "A01", "time": "2024-05-01 09:00:20", "text": "这个我不知道。"},
    {"conversation": "c1", "role": "客户", "agent": "", "time": "2024-05-01 09:01:00", "text": "你们什么态度!"},
    {"conversation": "c1", "role": "客服", "agent": "A01", "time": "2024-05-01 09:01:30", "text": "你冷静一点,我现在很忙"},
    {"conversation": "c2", "role": "客户", "agent": "", "time": "2024-05-02 10:00:00", "text": "我不知道怎么退款"},
    {"conversation": "c2", "role": "坐席", "agent": "A02", "time": "2024-05-02 10:00:10", "text": "我帮您查一下"},
]


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> huashu.Checker:
    path = tmp_path_factory.mktemp("bank") / "bank.yaml"
    path.write_text(BANK, encoding="utf-8")
    return huashu.Checker(huashu.load_bank(path, extend_default=False))


@pytest.fixture(scope="module")
def bank_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli-bank") / "bank.yaml"
    path.write_text(BANK, encoding="utf-8")
    return path


def found(run: qa.Scan) -> list[tuple[str | None, int, str, str]]:
    return [(f.conversation, f.turn, f.rule_id, f.phrase) for f in run]


# --- the Python API ---------------------------------------------------------------------------


def test_only_agent_turns_are_checked_with_the_customer_turn_as_context(small: huashu.Checker) -> None:
    run = qa.scan(ROWS, checker=small)
    findings = list(run)
    assert [(f.conversation, f.turn, f.rule_id, f.phrase) for f in findings] == [
        ("c1", 2, "JJ001", "我不知道"), ("c1", 4, "ZB001", "冷静一点"), ("c1", 4, "CC001", "我现在很忙"),
    ]  # the customer's 我不知道 in c2 is not the agent's
    first = findings[0]
    assert first.context == "快递怎么还没到?" and findings[1].context == "你们什么态度!"
    assert first.agent == "A01" and first.time == "2024-05-01 09:00:20" and first.row == 2
    assert first.text[first.start:first.end] == first.phrase
    assert first.suggestion == "我帮您查一下" and first.severity == "error"


def test_finding_is_frozen_and_flat(small: huashu.Checker) -> None:
    f = next(iter(qa.scan(ROWS, checker=small)))
    with pytest.raises(AttributeError):
        f.row = 3  # type: ignore[misc]
    data = f.to_dict()
    assert tuple(data) == qa.FIELDS
    assert json.loads(json.dumps(data)) == data
    assert data["rule"] == "JJ001" and (data["start"], data["end"]) == (2, 6)


def test_summary_counts_rules_categories_agents_conversations_and_hours(small: huashu.Checker) -> None:
    run = qa.scan(ROWS, checker=small)
    list(run)
    s = run.summary
    assert (s.rows, s.agent_turns, s.flagged_turns, s.findings, s.conversations) == (6, 3, 2, 3, 2)
    assert [r["rule"] for r in s.rules()] == ["CC001", "JJ001", "ZB001"]
    assert {c["category"]: c["findings"] for c in s.categories()} == {"否定拒绝": 1, "争辩指责": 1, "催促": 1}
    assert s.agent_rates()[0] == {"agent": "A01", "turns": 2, "flagged_turns": 2, "findings": 3, "rate": 150.0}
    assert s.agent_rates()[1]["agent"] == "A02" and s.agent_rates()[1]["rate"] == 0.0
    assert s.conversation_counts() == [{"conversation": "c1", "file": "<records>", "row": 1, "agent": "A01",
                                        "turns": 4, "agent_turns": 2, "findings": 3}]
    trend = s.trend()
    assert trend["unit"] == "hour" and trend["buckets"] == ["2024-05-01 09", "2024-05-02 10"]
    assert trend["findings"] == [3, 0] and trend["turns"] == [2, 1]
    assert s.at_or_above("warning") == 2 and s.at_or_above("error") == 1
    assert json.loads(json.dumps(s.to_dict(), ensure_ascii=False))["findings"] == 3


def test_summarize_is_the_counters_alone(small: huashu.Checker) -> None:
    assert qa.summarize(ROWS, checker=small).findings == 3


def test_columns_are_found_by_common_chinese_and_english_names(small: huashu.Checker) -> None:
    rows = [{"会话ID": "x", "角色": "客户", "内容": "在吗"}, {"会话ID": "x", "角色": "坐席", "工号": 7, "内容": "我不知道"}]
    assert [(f.conversation, f.agent, f.turn) for f in qa.scan(rows, checker=small)] == [("x", "7", 2)]
    rows = [{"session_id": "s", "Speaker": "Agent", "Message": "我不知道", "Timestamp": 1714550400}]
    (f,) = qa.scan(rows, checker=small)
    assert (f.conversation, f.time) == ("s", "2024-05-01 08:00:00")


def test_columns_and_agent_roles_can_be_named(small: huashu.Checker) -> None:
    rows = [{"who": "human", "msg2": "我不知道"}, {"who": "人工", "msg2": "我不知道"}]
    run = qa.scan(rows, checker=small, text="msg2", role="who", agent_role="人工,bot")
    assert [f.row for f in run] == [2]


def test_without_a_role_column_every_turn_is_the_agents(small: huashu.Checker) -> None:
    assert [f.row for f in qa.scan([{"text": "您好"}, {"text": "我不知道"}], checker=small)] == [2]


def test_agent_field_missing_from_the_first_rows_is_still_found(small: huashu.Checker) -> None:
    rows = [{"role": "customer", "text": "hi"}, {"role": "agent", "agent_id": "A9", "text": "我不知道"}]
    assert [f.agent for f in qa.scan(rows, checker=small)] == ["A9"]


def test_an_agent_turn_without_an_agent_takes_the_conversations_agent(small: huashu.Checker) -> None:
    rows = [{"conversation": "c", "role": "agent", "agent": "A1", "text": "您好"},
            {"conversation": "c", "role": "agent", "agent": "", "text": "我不知道"}]
    assert [f.agent for f in qa.scan(rows, checker=small)] == ["A1"]


def test_bad_rows_are_reported_and_the_rest_is_checked(small: huashu.Checker) -> None:
    seen: list[qa.RowProblem] = []
    rows = [{"role": "agent", "text": None}, {"role": "agent", "text": 5}, ["not", "a", "dict"],
            {"role": "agent"}, {"role": "agent", "text": "我不知道"}]
    run = qa.scan(rows, checker=small, on_problem=seen.append)
    assert [f.row for f in run] == [5]
    assert [p.row for p in run.problems] == [1, 2, 3, 4] and seen == run.problems
    assert "not a string but int" in run.problems[1].reason
    assert run.summary.problems == 4


def test_no_text_column_is_one_problem_for_the_source(small: huashu.Checker) -> None:
    run = qa.scan([{"a": 1}, {"a": 2}], checker=small)
    assert list(run) == [] and len(run.problems) == 1
    assert run.problems[0].row is None and "no text column" in run.problems[0].reason
    run = qa.scan([{"text": "x"}], checker=small, text="content")
    list(run)
    assert "no column 'content'" in run.problems[0].reason


def test_scan_streams(small: huashu.Checker) -> None:
    """An endless transcript gives its first finding without being read to the end."""
    endless = itertools.cycle([{"role": "客户", "text": "在吗"}, {"role": "客服", "text": "我不知道"}])
    first = next(iter(qa.scan(endless, checker=small)))
    assert first.row == 2


def test_jobs_give_the_same_findings_in_the_same_order(small: huashu.Checker) -> None:
    rows = [dict(r, conversation=f"{r['conversation']}-{i}") for i in range(60) for r in ROWS]
    one = [f.to_dict() for f in qa.scan(rows, checker=small)]
    two = qa.scan(rows, checker=small, jobs=2, chunk_size=7)
    assert [f.to_dict() for f in two] == one and len(one) == 180
    assert two.summary.findings == 180 and two.summary.agent_turns == 180


# --- reading files ----------------------------------------------------------------------------

CSV_TEXT = "会话ID,角色,工号,时间,内容\r\nc1,客户,,2024-05-01 09:00,\"你好,在吗\"\r\nc1,客服,A01,2024-05-01 09:01,\"这个我不知道,\"\"稍后\"\"再说\"\r\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_csv_in_the_encodings_chinese_tools_export(tmp_path: Path, small: huashu.Checker, encoding: str) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(CSV_TEXT.encode(encoding))
    rows = list(qa.read(path))
    assert [r.row for r in rows] == [2, 3]
    assert rows[1].values["内容"] == '这个我不知道,"稍后"再说'
    (f,) = qa.scan(rows, checker=small)
    assert (f.source, f.row, f.conversation, f.agent, f.context) == (str(path), 3, "c1", "A01", "你好,在吗")


def test_csv_bad_rows_keep_their_line_numbers(tmp_path: Path, small: huashu.Checker) -> None:
    path = tmp_path / "bad.csv"
    path.write_text('role,text\n客服,"a"b\n客服,一,二\n客服,"多行\n的我不知道"\n\n客服,我不知道\n', encoding="utf-8")
    run = qa.scan(qa.read(path), checker=small)
    assert [(f.row, f.text) for f in run] == [(4, "多行\n的我不知道"), (7, "我不知道")]
    assert [(p.row, p.reason.split(":")[0]) for p in run.problems] == [(2, "broken CSV"), (3, "3 fields where the header has 2 (an unquoted ',' in the text?)")]


def test_undecodable_bytes_are_reported_and_the_row_still_checked(tmp_path: Path, small: huashu.Checker) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes('{"text": "我不知道"}\n{"text": "我不知道'.encode() + b"\xff" + b'"}\n')
    run = qa.scan(qa.read(path, encoding="utf-8"), checker=small)
    assert [f.row for f in run] == [1, 2]
    assert [(p.row, "not utf-8" in p.reason) for p in run.problems] == [(2, True)]


def test_jsonl_problems_and_gzip(tmp_path: Path, small: huashu.Checker) -> None:
    import gzip

    path = tmp_path / "chats.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write('{"text": "我不知道"}\n\n[1]\n{oops\n{"text": "冷静一点"}\n')
    run = qa.scan(qa.read(path), checker=small)
    assert [f.row for f in run] == [1, 5]
    assert [(p.row, p.reason[:10]) for p in run.problems] == [(3, "a JSON arr"), (4, "not valid ")]


def test_json_array(tmp_path: Path) -> None:
    path = tmp_path / "chats.json"
    path.write_text(json.dumps([{"text": "a"}, 3, {"text": "b"}]), encoding="utf-8")
    items = list(qa.read(path))
    assert [type(i).__name__ for i in items] == ["Row", "RowProblem", "Row"] and items[2].row == 3


def test_xlsx_streams_with_excel_row_numbers(tmp_path: Path, small: huashu.Checker) -> None:
    import datetime

    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["会话ID", "角色", "工号", "时间", "内容"])
    sheet.append(["c1", "客户", None, datetime.datetime(2024, 5, 1, 9, 0), "在吗"])
    sheet.append([None, None, None, None, None])
    sheet.append(["c1", "客服", 1001, datetime.datetime(2024, 5, 1, 9, 1), "我不知道"])
    path = tmp_path / "export.xlsx"
    book.save(path)
    (f,) = qa.scan(qa.read(path), checker=small)
    assert (f.row, f.agent, f.time, f.context) == (4, "1001", "2024-05-01 09:01:00", "在吗")


def test_files_that_cannot_be_read_are_one_problem(tmp_path: Path) -> None:
    (tmp_path / "x.xlsx").write_bytes(b"not a zip")
    (tmp_path / "y.xls").write_bytes(b"")
    (tmp_path / "z.dat").write_bytes(b"")
    for name, why in (("x.xlsx", "not an Excel"), ("y.xls", "old Excel"), ("z.dat", "unknown file type"),
                      ("missing.csv", "no such file")):
        (problem,) = list(qa.read(tmp_path / name))
        assert isinstance(problem, qa.RowProblem) and problem.row is None and why in problem.reason


# --- the command ------------------------------------------------------------------------------


def run_cli(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "chats.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ROWS), encoding="utf-8")
    return path


def test_cli_jsonl_and_summary(export: Path, bank_file: Path, tmp_path: Path) -> None:
    summary = tmp_path / "s.json"
    code, out, err = run_cli("qa", str(export), "--bank", str(bank_file), "--no-default-bank",
                             "--isolated", "--summary", str(summary))
    assert code == 1
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["conversation"], r["turn"], r["agent"], r["rule"], r["phrase"]) for r in rows] == [
        ("c1", 2, "A01", "JJ001", "我不知道"), ("c1", 4, "A01", "ZB001", "冷静一点"), ("c1", 4, "A01", "CC001", "我现在很忙")]
    assert "6 turns in 1 file (3 agent turns checked, 2 conversations)" in err
    assert "3 findings (1 error, 1 warning, 1 info) in 2 turns" in err and "150.00  A01" in err
    data = json.loads(summary.read_text(encoding="utf-8"))
    assert data["findings"] == 3 and data["by_agent"][0]["agent"] == "A01"


def test_cli_csv_file_has_a_bom_for_excel(export: Path, bank_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "f.csv"
    code, out, err = run_cli("qa", str(export), "--bank", str(bank_file), "--no-default-bank", "--isolated",
                             "-o", str(target), "--severity", "error")
    assert code == 1 and "huashu qa: 6 turns" in out and err == ""
    data = target.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["rule"] for r in rows] == ["JJ001", "ZB001", "CC001"] and rows[0]["context"] == "快递怎么还没到?"


def test_cli_json_and_exit_status_by_severity(export: Path, bank_file: Path) -> None:
    code, out, _ = run_cli("qa", str(export), "--bank", str(bank_file), "--no-default-bank", "--isolated",
                           "--format", "json", "--select", "CC", "--severity", "warning", "-q")
    assert code == 0 and [r["rule"] for r in json.loads(out)] == ["CC001"]
    code, out, _ = run_cli("qa", str(export), "--bank", str(bank_file), "--no-default-bank", "--isolated",
                           "--format", "json", "--select", "JJ", "--exit-zero", "-q", "--agent-role", "x")
    assert code == 0 and json.loads(out) == []
    code, out, _ = run_cli("qa", str(export), "--bank", str(bank_file), "--no-default-bank", "--isolated",
                           "--format", "json", "--select", "JJ", "--exit-zero", "-q")
    assert code == 0 and len(json.loads(out)) == 1


def test_cli_stdin_and_bad_rows_exit_2(bank_file: Path) -> None:
    summary = bank_file.parent / "stdin-summary.json"
    code, out, err = run_cli("qa", "-", "--bank", str(bank_file), "--no-default-bank", "--isolated", "-q",
                             "--summary", str(summary), stdin='{"text": "我不知道"}\nnot json\n')
    assert code == 2 and json.loads(out)["rule"] == "JJ001"
    assert "huashu: error: -:2: not valid JSON" in err
    data = json.loads(summary.read_text(encoding="utf-8"))
    assert data["problems"] == 1 and data["problem_rows"][0]["row"] == 2


def test_cli_no_agent_turns_says_which_roles_it_saw(export: Path, bank_file: Path) -> None:
    code, out, err = run_cli("qa", str(export), "--bank", str(bank_file), "--no-default-bank", "--isolated",
                             "--agent-role", "人工")
    assert code == 0 and out == ""
    assert "no agent turns: the role values are '客户', '客服', '坐席'" in err


def test_cli_missing_file_and_unknown_column(export: Path, bank_file: Path, tmp_path: Path) -> None:
    code, _, err = run_cli("qa", str(tmp_path / "nope.csv"), str(export), "--bank", str(bank_file),
                           "--no-default-bank", "--isolated", "--text", "正文", "-q")
    assert code == 2
    assert "nope.csv: no such file or directory" in err and "no column '正文' (--text)" in err


@pytest.mark.parametrize("name", ["huashu.qa", "huashu.qa._columns", "huashu.qa._records", "huashu.qa._scan"])
def test_doctests(name: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0


# --- the HTML report's data (the page itself is tested in a browser: test_report_browser.py) ----


def test_report_data_is_plain_and_splits_the_phrase_out(small: huashu.Checker) -> None:
    run = qa.scan(ROWS, checker=small)
    listed = [f.to_dict() for f in run]
    data = qa.report_data(run.summary, listed, files=["chats.jsonl"], checked_at="2024-05-03 08:00")
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    h = data["headline"]
    assert (h["rows"], h["agent_turns"], h["findings"], h["rate"], h["agents"]) == (6, 3, 3, 100.0, 2)
    assert h["severities"] == {"error": 1, "warning": 1, "info": 1}
    first = data["findings"][0]
    assert (first["before"], first["phrase"], first["after"]) == ("这个", "我不知道", "。")
    assert first["context"] == "快递怎么还没到?" and first["suggestion"] == "我帮您查一下"
    assert [a["agent"] for a in data["agents"]] == ["A01", "A02"]
    assert data["trend"]["unit"] == "hour" and data["filters"]["rules"] == ["CC001", "JJ001", "ZB001"]
    assert data["findings_total"] == 3


def test_report_page_is_self_contained_and_escaped(small: huashu.Checker) -> None:
    pytest.importorskip("jinja2")
    pytest.importorskip("plotly")
    rows = [{"role": "客户", "text": "<script>alert(1)</script>"}, {"role": "客服", "text": "<b>我不知道</b>"}]
    run = qa.scan(rows, checker=small)
    page = qa.render_html(qa.report_data(run.summary, [f.to_dict() for f in run]))
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)" in page
    assert '&lt;b&gt;<mark class="error">我不知道</mark>&lt;/b&gt;' in page
    assert not re.search(r'<(script|link)[^>]+(src|href)="https?:', page)  # nothing fetched
    assert page.count("<script") >= 3 and "Plotly" in page


def test_report_without_its_extra_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, export: Path,
                                                   bank_file: Path, tmp_path: Path) -> None:
    import builtins

    real = builtins.__import__

    def no_plotly(name: str, *args: object, **kwargs: object) -> object:
        if name.startswith("plotly"):
            raise ImportError(name)
        return real(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_plotly)
    code, out, err = run_cli("qa", str(export), "--bank", str(bank_file), "--no-default-bank", "--isolated",
                             "--html", str(tmp_path / "r.html"))
    assert code == 2 and out == ""
    assert 'the HTML report needs plotly: pip install "huashu[report]"' in err


def test_cli_html(export: Path, bank_file: Path, tmp_path: Path) -> None:
    pytest.importorskip("plotly")
    page = tmp_path / "r.html"
    code, _, _ = run_cli("qa", str(export), "--bank", str(bank_file), "--no-default-bank", "--isolated",
                         "--html", str(page), "--html-findings", "2", "-o", str(tmp_path / "f.jsonl"))
    assert code == 1
    html = page.read_text(encoding="utf-8")
    assert "列出前 2 条, 共 3 条" in html and html.count('<mark class="') == 2


def test_dask_integration_doctest() -> None:
    pytest.importorskip("pandas")
    import doctest

    from huashu.integrations import dask as hdask

    result = doctest.testmod(hdask, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


def test_qa_is_a_public_submodule() -> None:
    import importlib

    assert importlib.import_module("huashu").qa is qa
    assert {"scan", "summarize", "read", "QAFinding", "Summary", "report_data", "render_html"} <= set(qa.__all__)


def test_chat_format_objects_are_whole_conversations(tmp_path: Path, small: huashu.Checker) -> None:
    path = tmp_path / "llm.jsonl"
    path.write_text(json.dumps({"id": "chat-7", "messages": [
        {"role": "system", "content": "你是客服"}, {"role": "user", "content": "怎么还没发货"},
        {"role": "assistant", "content": "我不知道"}, "oops"]}, ensure_ascii=False) + "\n", encoding="utf-8")
    run = qa.scan(qa.read(path), checker=small)
    assert [(f.conversation, f.turn, f.row, f.context) for f in run] == [("chat-7", 3, 1, "怎么还没发货")]
    assert run.summary.rows == 3 and [p.row for p in run.problems] == [1]


def test_csv_with_semicolons_or_tabs(tmp_path: Path, small: huashu.Checker) -> None:
    path = tmp_path / "semi.csv"
    path.write_text("role;text\n客服;我不知道,真的\n", encoding="utf-8")
    assert [f.text for f in qa.scan(qa.read(path), checker=small)] == ["我不知道,真的"]


def test_memory_is_flat_in_the_number_of_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    import tracemalloc

    from huashu.qa import _scan

    monkeypatch.setattr(_scan, "_OPEN_CONVERSATIONS", 500)

    class Flags:  # a finding in one turn in a hundred, without the cost of a real Checker
        def check(self, text: str) -> list[huashu.Finding]:
            if not text.endswith("7"):
                return []
            return [huashu.Finding("JJ001", "否定拒绝", huashu.Severity.ERROR, 0, 2, text[:2], 100.0, "m", ["s"])]

    def rows(n: int):  # type: ignore[no-untyped-def]
        for i in range(n):
            yield {"conversation": f"c{i // 10}", "role": "客服" if i % 2 else "客户", "agent": f"A{i % 50}",
                   "time": f"2024-05-{1 + i % 28:02d} {i % 24:02d}:00:00", "text": f"第{i}句话,编号{i % 100}"}

    def peak(n: int) -> int:
        tracemalloc.start()
        run = qa.scan(rows(n), checker=Flags())  # type: ignore[arg-type]
        for _ in run:
            pass
        size = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert run.summary.rows == n
        return size

    small, large = peak(10_000), peak(60_000)
    # Six times the rows; what grows is only the flagged conversations (a few ints each).
    assert large < small * 1.5 + 600_000, (small, large)


def test_closed_conversations_keep_only_the_worst(monkeypatch: pytest.MonkeyPatch, small: huashu.Checker) -> None:
    from huashu.qa import _scan, _summary

    monkeypatch.setattr(_scan, "_OPEN_CONVERSATIONS", 1)
    monkeypatch.setattr(_summary, "_TOP_CONVERSATIONS", 2)
    rows = [{"conversation": c, "role": "客服", "text": "我不知道" * n} for c, n in
            (("a", 1), ("b", 3), ("c", 2), ("d", 1), ("e", 4))]
    run = qa.scan(rows, checker=small)
    list(run)
    s = run.summary
    assert s.flagged_conversations == 5 and s.conversations == 5
    assert [(c["conversation"], c["findings"]) for c in s.conversation_counts()] == [("e", 4), ("b", 3), ("c", 2)]


def test_cli_pack_adds_the_industry_rules(tmp_path: Path) -> None:
    export = tmp_path / "ward.jsonl"
    export.write_text(
        '{"role": "customer", "content": "我肚子好痛", "conversation": "c1"}\n'
        '{"role": "agent", "content": "这点痛都忍不了吗", "conversation": "c1"}\n', encoding="utf-8")
    code, out, _ = run_cli("qa", str(export), "--format", "jsonl")
    assert code == 0 and out == ""
    code, out, _ = run_cli("qa", str(export), "--pack", "医疗", "--format", "jsonl")
    row = json.loads(out.splitlines()[0])
    assert code == 1 and row["rule"].startswith("LM5") and row["context"] == "我肚子好痛"
