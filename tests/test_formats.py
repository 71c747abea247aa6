"""The CLI's output formats, as pure functions over hand-made findings (no jieba, no files)."""

from __future__ import annotations

import json

import pytest

import huashu
from huashu._formats import (
    Located,
    Summary,
    display_width,
    format_diff,
    format_github,
    format_json,
    format_jsonl,
    format_rules,
    format_rules_json,
    format_sarif,
    format_statistics,
    format_statistics_json,
    format_summary,
    format_text,
    statistics,
)

LINE = "您好,这个问题我不知道。"


def located(
    line_text: str = LINE,
    phrase: str = "我不知道",
    *,
    path: str = "replies/a.txt",
    line: int = 3,
    rule_id: str = "JJ001",
    severity: str = "error",
    fix: str | None = None,
    fixable: str | None = None,
) -> Located:
    col = line_text.index(phrase) + 1
    f = huashu.Finding(
        rule_id=rule_id, category="否定拒绝", severity=huashu.Severity(severity), start=100 + col,
        end=100 + col + len(phrase), text=phrase, score=100.0, message="一句“不知道”把客户推开了。",
        suggestions=["我帮您查一下", "我会找出的"], fix=fix,
    )
    return Located(path, line, col, line, col + len(phrase), line_text, f, fixable)


def test_display_width_counts_wide_characters_twice() -> None:
    assert display_width("abc") == 3
    assert display_width("您好") == 4
    assert display_width("，！") == 4  # full-width punctuation
    assert display_width("e\u0301") == 1  # a combining accent takes no column
    assert display_width("我\u200b不") == 4  # nor does a zero-width space


def test_text_format_lines_the_carets_up_under_the_phrase() -> None:
    out = format_text([located()])
    head, source, carets, tip, blank, end = out.split("\n")
    assert head == "replies/a.txt:3:8: JJ001 一句“不知道”把客户推开了。"
    assert source == "3 | " + LINE
    assert carets.startswith("  | ")
    before = LINE[: LINE.index("我不知道")]
    assert carets[4:] == " " * display_width(before) + "^" * 8
    assert tip == "  = 建议: 我帮您查一下"
    assert blank == end == ""


def test_text_format_marks_fixable_findings_and_is_plain_without_colour() -> None:
    safe = located(fixable="safe", fix="x")
    unsafe = located(fixable="unsafe")
    assert "JJ001 [*] " in format_text([safe])
    assert "[*]" not in format_text([unsafe])
    assert "JJ001 [*] " in format_text([unsafe], unsafe_fixes=True)
    assert "\x1b[" not in format_text([safe])
    coloured = format_text([safe], color=True)
    assert "\x1b[1;31mJJ001\x1b[0m" in coloured
    assert coloured.replace("\x1b[0m", "").count("^") == 8


def test_text_format_concise_long_lines_and_tabs() -> None:
    assert format_text([located()], concise=True) == "replies/a.txt:3:8: JJ001 一句“不知道”把客户推开了。\n"
    long_line = "嗯" * 300 + "我不知道" + "啊" * 300
    source, carets = format_text([located(long_line)]).split("\n")[1:3]
    assert display_width(source) < 200
    assert source.count("…") == 2
    assert display_width(source[: source.index("我")]) == display_width(carets[: carets.index("^")])
    tabbed = "\t您好\t我不知道"
    source, carets = format_text([located(tabbed)]).split("\n")[1:3]
    assert "\t" not in source
    assert display_width(source[: source.index("我")]) == display_width(carets[: carets.index("^")])


def test_summary_lines() -> None:
    summary = Summary()
    summary.add([located(fixable="safe"), located(severity="warning", fixable="unsafe")], unsafe_fixes=False)
    summary.add([], unsafe_fixes=False)
    text = format_summary(summary)
    assert "Found 2 findings (1 error, 1 warning) in 1 of 2 files." in text
    assert "1 fixable with `huashu lint --fix`" in text
    assert "1 more fixable with `--fix --unsafe-fixes`" in text
    clean = Summary(files=3)
    assert format_summary(clean) == "No findings in 3 files.\n"
    assert "1 file could not be read" in format_summary(Summary(files=1, unreadable=1))


def test_json_and_jsonl_are_finding_to_dict_plus_place() -> None:
    item = located()
    data = json.loads(format_json([item]))
    assert data == [{
        "path": "replies/a.txt", "line": 3, "column": 8, "end_line": 3, "end_column": 12,
        **item.finding.to_dict(),
    }]
    assert list(data[0])[:5] == ["path", "line", "column", "end_line", "end_column"]
    lines = format_jsonl([item, item]).splitlines()
    assert [json.loads(line) for line in lines] == data * 2
    assert "我不知道" in lines[0]  # readable, not \\u escapes
    assert json.loads(format_json([])) == []


def test_github_annotations_escape_what_they_must() -> None:
    out = format_github([located(path="dir,1/a:b.txt"), located(severity="info")])
    first, second = out.splitlines()
    assert first.startswith("::error file=dir%2C1/a%3Ab.txt,line=3,col=8,endLine=3,endColumn=12,")
    assert first.endswith("::“我不知道”: 一句“不知道”把客户推开了。 建议: 我帮您查一下")
    assert second.startswith("::notice ")
    percent = format_github([located("100%不行\n", "不行")])
    assert "100%25" not in percent  # the message holds the phrase, not the line
    assert "title=huashu JJ001 (否定拒绝)" in first


def test_sarif_log() -> None:
    rule = huashu.Rule(
        id="JJ001", name="dont-know", category="否定拒绝", severity=huashu.Severity.ERROR,
        source="seed.txt", message="一句“不知道”把客户推开了。", match="phrase", forms=("我不知道",),
        anchors=(), exceptions=(), alternatives=("我帮您查一下",), rewrites=(), enabled=True,
        bad_examples=("我不知道",), good_examples=(),
    )
    log = json.loads(format_sarif([located(fix="我查一下", fixable="safe")], rules=[rule], version="1.2.3"))
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["tool"]["driver"]["name"] == "huashu"
    assert run["tool"]["driver"]["version"] == "1.2.3"
    assert run["tool"]["driver"]["rules"][0]["id"] == "JJ001"
    result = run["results"][0]
    assert result["ruleId"] == "JJ001" and result["ruleIndex"] == 0 and result["level"] == "error"
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (3, 8, 12)
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "replies/a.txt"
    assert result["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == "我查一下"


def test_statistics() -> None:
    items = [located(), located(), located(rule_id="TW001", fixable="safe", fix="x")]
    rows = statistics(items)
    assert [(r["rule_id"], r["count"], r["fixable"]) for r in rows] == [("JJ001", 2, 0), ("TW001", 1, 1)]
    table = format_statistics(items)
    assert table.splitlines()[0].split("\t")[:3] == ["2", "JJ001", "[ ]"]
    assert table.splitlines()[1].split("\t")[:3] == ["1", "TW001", "[*]"]
    assert json.loads(format_statistics_json(items)) == rows
    assert format_statistics([]) == ""


def test_statistics_without_fixes_has_no_empty_column() -> None:
    table = format_statistics([located(), located(rule_id="TW001")])
    assert all(cell.strip() for line in table.splitlines() for cell in line.split("\t")), table
    assert [line.split("\t")[:3] for line in table.splitlines()][0][:2] == ["1", "JJ001"]
    assert "[" not in table


def test_diff_headers_of_an_absolute_path_are_gits() -> None:
    diff = format_diff("/tmp/replies/a.txt", "但是\n", "同时\n")
    assert diff.startswith("--- a/tmp/replies/a.txt\n+++ b/tmp/replies/a.txt\n"), diff
    assert "//" not in diff


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
def test_diff_keeps_line_endings(ending: str) -> None:
    old = f"您说得对,但是不行{ending}第二行{ending}"
    new = old.replace("但是", "同时")
    diff = format_diff("a.txt", old, new)
    assert diff.startswith("--- a/a.txt\n+++ b/a.txt\n")
    assert f"-您说得对,但是不行{ending}" in diff and f"+您说得对,同时不行{ending}" in diff
    assert format_diff("a.txt", old, old) == ""
    tail = format_diff("a.txt", "但是", "同时")
    assert tail.endswith("+同时\n\\ No newline at end of file\n")


def test_rules_listing() -> None:
    rule = huashu.Rule(
        id="ZB001", name="but", category="争辩指责", severity=huashu.Severity.WARNING, source="s.txt",
        message="先肯定再“但是”。", match="phrase", forms=("但是",), anchors=(), exceptions=("但是我们",),
        alternatives=("同时",), rewrites=(huashu.Rewrite("同时", huashu.Applicability.SAFE),), enabled=False, bad_examples=("但是",),
        good_examples=(),
    )
    text = format_rules([rule])
    assert "ZB001  争辩指责  warning  but" in text and "off by default" in text
    assert "忌语: 但是\n" in text and "建议: 同时\n" in text and "例外" not in text
    assert text.endswith("1 rule (1 off by default).\n`--verbose` shows every form, `--format json` everything.\n")
    text = format_rules([rule], verbose=True)
    assert "忌语:\n        但是\n" in text and "例外:\n        但是我们\n" in text and "建议:\n        同时\n" in text
    assert "改写: → 同时 (safe, span)" in text and "来源: s.txt" in text
    assert text.endswith("1 rule (1 off by default).\n")
    data = json.loads(format_rules_json([rule]))
    assert data[0]["rewrites"] == [{"to": "同时", "applicability": "safe", "scope": "span"}]
    assert data[0]["enabled"] is False


def test_rules_listing_of_the_bundled_bank_is_compact(bank: huashu.PhraseBank) -> None:
    text = format_rules(bank.rules)
    blocks = text.split("\n\n")[:-1]
    assert len(blocks) == len(bank.rules)
    assert all(display_width(line) <= 90 for line in text.splitlines()), max(text.splitlines(), key=display_width)
    assert all(len(block.splitlines()) <= 6 for block in blocks)
    jj001 = next(b for b in blocks if b.startswith("JJ001"))
    first = bank.rule("JJ001").written_forms[0]
    assert "忌语: 我不太清楚  (+" in jj001 and first not in jj001  # a long form: its first expansion
    tw001 = next(b for b in blocks if b.startswith("TW001"))
    assert "忌语: 那不是我的工作  (+" in tw001 and "建议: 这件事我来负责跟进" in tw001
    assert len(text) < 250 * len(bank.rules)


def test_verbose_rules_show_forms_as_written(bank: huashu.PhraseBank) -> None:
    rule = bank.rule("TW001")
    text = format_rules([rule], verbose=True)
    written = "不在{@我方}的{职责|工作|服务|业务|负责|管理|受理}范围"
    assert f"        {written}\n" in text  # the @set kept, {a|b} not expanded
    assert "我们这边" not in text.split("例外")[0].split("忌语:")[1]
    data = json.loads(format_rules_json([rule]))[0]
    assert written in data["forms"] and "不在我们的职责范围" in data["expanded_forms"]
    assert data["examples"]["bad"] and "unless_followed_by" in data
