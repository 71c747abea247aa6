"""``huashu bank check``: a user bank's errors and warnings, each at its file and line."""

from __future__ import annotations

import io
import json
import textwrap
from pathlib import Path

import pytest

from huashu import cli
from huashu._bankcheck import check_bank

TEAM = """\
rules:
  - id: TW901
    message: 别让客户自己去找物业。
    forms: [你找物业去]
  - id: JJ901
    category: 拒绝
    message: 生硬拒绝。
    forms:
      - 这单得另外排期
      - 这个我弄不成
    examples:
      bad: [这单得另外排期啊, 这事没法弄]
      good: [这单得另外排期的话我帮您加急, 这个问题我不知道, 您别着急]
  - id: LM901
    message: 敷衍客户。
    forms: [下回请早]
    examples: {bad: [那您下回请早吧], good: [您别着急]}
approved:
  - {text: 我帮您问一下, techniques: [], scenarios: [], source: team}
  - {text: 我不知道, techniques: [], scenarios: [], source: team}
"""


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bank") / "team.yaml"
    path.write_text(TEAM, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def issues(team: Path) -> list[str]:
    return [f"{i.line}: {i.entry}: {i.severity}: {i.kind}: {i.message}" for i in check_bank(team)]


def test_a_rule_without_examples(issues: list[str]) -> None:
    assert any(i.startswith("2: TW901: warning: no-examples:") for i in issues), issues
    assert not any("LM901" in i for i in issues), issues  # a rule that is fine says nothing


def test_a_bad_example_the_rule_misses(issues: list[str]) -> None:
    assert any(i.startswith("12: JJ901: warning: bad-example-missed: bad example “这事没法弄”") for i in issues), issues
    assert not any("“这单得另外排期啊”" in i for i in issues)


def test_a_good_example_that_is_flagged(issues: list[str]) -> None:
    assert any(i.startswith("13: JJ901: warning: good-example-flagged: good example “这个问题我不知道” is "
                            "flagged by JJ001") for i in issues), issues
    assert any(i.startswith("13: JJ901: warning: good-example-flagged: good example “这单得另外排期的话我帮您加急” "
                            "is flagged by JJ901 itself") for i in issues), issues
    assert not any("您别着急" in i for i in issues), issues


def test_an_approved_phrase_that_trips_a_rule(issues: list[str]) -> None:
    assert any(i.startswith("20: approved[1]: warning: approved-flagged: approved phrase “我不知道” is flagged "
                            "by JJ001") for i in issues), issues
    assert not any("approved[0]" in i for i in issues)


def test_a_form_shadowed_by_a_shorter_form_of_another_rule(issues: list[str]) -> None:
    assert any(i.startswith("4: TW901: warning: shadowed-form: form “你找物业去” is shadowed by TW006's form "
                            "“找物业去”") for i in issues), issues
    assert sum("shadowed" in i for i in issues) == 1, issues


def test_errors_are_the_loaders_at_their_lines(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(textwrap.dedent("""\
        rules:
          - id: TW901
            message: 别让客户自己去找物业。
          - id: TW902
            message: 测试
            forms: [测试忌语]
            colour: red
        """), encoding="utf-8")
    found = [str(i) for i in check_bank(path)]
    assert found == [f"{path}:2: TW901: error: forms: is required",
                     f"{path}:4: TW902: error: colour: unknown key (allowed: " + found[1].split("(allowed: ")[1]]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), stdin=io.StringIO(), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_the_command_reads_like_a_linter(team: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(team.parent)
    code, out, err = run("bank", "check", "--isolated", "team.yaml")
    lines = out.splitlines()
    assert code == 1 and err == ""
    assert lines[0].startswith("team.yaml:2: TW901: warning: no examples:")
    assert lines[-1] == "Found 6 warnings in team.yaml."
    code, out, _ = run("bank", "check", "--isolated", "--severity", "error", "--format", "json", "team.yaml")
    assert code == 0 and {i["kind"] for i in json.loads(out)} >= {"no-examples", "shadowed-form"}
    (tmp_path / "bad.yaml").write_text("rules:\n  - {id: TW901, message: 测试}\n", encoding="utf-8")
    code, out, _ = run("bank", "check", "--isolated", str(tmp_path / "bad.yaml"))
    assert code == 1 and out.endswith("Found 1 error in " + str(tmp_path / "bad.yaml") + " (the bank does not load).\n")
    (tmp_path / "ok.yaml").write_text("rules:\n  - {id: LM901, message: 敷衍。, forms: [下回请早], "
                                      "examples: {bad: [下回请早吧], good: [您别着急]}}\n", encoding="utf-8")
    code, out, _ = run("bank", "check", "--isolated", str(tmp_path / "ok.yaml"))
    assert (code, out) == (0, f"{tmp_path / 'ok.yaml'}: no problems.\n")
    assert run("bank", "check", "--isolated", "missing.yaml")[::2] == (
        2, "huashu: error: bank file missing.yaml does not exist\n")
    assert run("bank")[0] == 2  # an action is needed
