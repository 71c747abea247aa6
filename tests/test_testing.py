"""huashu.testing.assert_polite: when it fails, and what its message says."""

from __future__ import annotations

from pathlib import Path

import pytest

import huashu
from huashu import testing
from huashu.testing import assert_polite

# A small bank of our own, so the message can be pinned down word for word.
BANK_YAML = """\
version: 1
settings:
  insertable: [真的, 也, 可]
  protected: 不没别非无未莫勿我你他她它们咱
  typo_min_length: 4
rules:
  - id: JJ001
    name: dont-know
    category: 否定拒绝
    severity: error
    source: user
    message: 一句“不知道”把客户推开了。
    forms: ["{我|我们}不知道"]
    exceptions: [不知道你]
    alternatives: [我帮您查一下, 我会找出的, 我去问问同事, 我马上确认]
    examples: {bad: [我不知道], good: ["不知道您现在方便吗?"]}
  - id: TW001
    name: not-my-fault
    category: 推诿
    severity: error
    source: user
    message: 推卸责任。
    forms: [不是我的错]
    alternatives: [让我看看我能为这件事做些什么]
    examples: {bad: [那不是我的错], good: [这不是您的错]}
  - id: CC001
    name: im-busy
    category: 催促
    severity: warning
    source: user
    message: 让客户觉得自己是打扰。
    forms: [我现在很忙]
    alternatives: [请您稍等]
    examples: {bad: [我现在很忙], good: [请您稍等]}
  - id: ZB001
    name: calm-down
    category: 争辩指责
    severity: warning
    source: user
    message: 命令客户冷静,只会火上浇油。
    forms: [冷静一点]
    alternatives: [请您别着急]
    fix: {replacement: 请您别着急, safe: true}
    examples: {bad: [你冷静一点], good: [请您别着急]}
  - id: QL001
    name: absolutely
    category: 轻率承诺
    severity: info
    source: user
    message: 不要把话说满。
    forms: [绝对没问题]
    alternatives: [我会尽力]
    examples: {bad: [绝对没问题], good: [我会尽力]}
approved:
  - {text: 我理解您的感受, techniques: [移情法], scenarios: [], source: user}
"""


@pytest.fixture(scope="module")
def checker(tmp_path_factory: pytest.TempPathFactory) -> huashu.Checker:
    path = tmp_path_factory.mktemp("bank") / "bank.yaml"
    path.write_text(BANK_YAML, encoding="utf-8")
    return huashu.Checker(huashu.load_bank(path, extend_default=False))


def failure(text: str, checker: huashu.Checker, **options: object) -> str:
    with pytest.raises(AssertionError) as info:
        assert_polite(text, checker=checker, **options)  # type: ignore[arg-type]
    return str(info.value)


def test_clean_reply_passes(checker: huashu.Checker) -> None:
    assert assert_polite("您好,我理解您的感受,我帮您查一下。", checker=checker) is None


def test_message_lists_each_finding_with_why_and_what_to_say(checker: huashu.Checker) -> None:
    message = failure("好的,我真的不知道,那不是我的错。", checker)
    assert message == "\n".join([
        "2 forbidden phrases in the reply (severity warning or higher):",
        "",
        "- JJ001 dont-know (否定拒绝, error) at line 1, column 4: “我真的不知道”",
        "      好的,我真的不知道,那不是我的错。",
        "           ^^^^^^^^^^^^",
        "  why: 一句“不知道”把客户推开了。",
        "  say instead: “我帮您查一下” / “我会找出的” / “我去问问同事”",
        "",
        "- TW001 not-my-fault (推诿, error) at line 1, column 12: “不是我的错”",
        "      好的,我真的不知道,那不是我的错。",
        "                          ^^^^^^^^^^",
        "  why: 推卸责任。",
        "  say instead: “让我看看我能为这件事做些什么”",
        "",
        "Reword the reply as suggested above. If a phrase is acceptable in this reply,",
        'pass ignore=["JJ001", "TW001"] to assert_polite.',
    ])


def test_message_names_the_fix_and_offers_a_higher_severity(checker: huashu.Checker) -> None:
    message = failure("你冷静一点", checker)
    assert "  fix: Checker.fix() replaces it with “请你别着急”" in message
    assert message.endswith(
        'pass ignore=["ZB001"] to assert_polite (or severity="error" to fail on errors only).'
    )


def test_caret_marks_the_phrase_on_its_own_line(checker: huashu.Checker) -> None:
    message = failure("您好!\n\tOK, 您冷静一点吧", checker).splitlines()
    assert message[2] == "- ZB001 calm-down (争辩指责, warning) at line 2, column 7: “冷静一点”"
    line, marks = message[3], message[4]
    assert line == "       OK, 您冷静一点吧"  # the tab shown as a space
    # ASCII is one column, Chinese two: the carets start under 冷 and cover four characters.
    assert marks == " " * (6 + len(" OK, ") + 2) + "^" * 8


def test_long_line_is_clipped_around_the_phrase(checker: huashu.Checker) -> None:
    text = "啊" * 100 + "我现在很忙" + "呀" * 100
    shown = failure(text, checker).splitlines()[3]
    assert shown == "      …" + "啊" * 24 + "我现在很忙" + "呀" * 24 + "…"


def test_zero_width_characters_take_no_column(checker: huashu.Checker) -> None:
    lines = failure("嗯\u200b,我\u200b不知道", checker).splitlines()
    assert lines[4] == "      " + " " * (2 + 1) + "^" * (2 * 4)


def test_severity_threshold(checker: huashu.Checker) -> None:
    assert_polite("我现在很忙", checker=checker, severity="error")  # a warning
    assert_polite("绝对没问题", checker=checker)  # info
    assert "QL001" in failure("绝对没问题", checker, severity="info")
    assert "CC001" in failure("我现在很忙", checker, severity=huashu.Severity.WARNING)
    message = failure("我现在很忙,我不知道", checker, severity="error")
    assert "CC001" not in message
    assert message.startswith("1 forbidden phrase in the reply (severity error or higher):")


@pytest.mark.parametrize("ignore", ["JJ001", ["JJ"], ("否定拒绝",), ["dont-know"], ["ALL"]])
def test_ignore_accepts_ids_prefixes_categories_and_names(checker: huashu.Checker, ignore: object) -> None:
    assert_polite("我不知道", checker=checker, ignore=ignore)  # type: ignore[arg-type]


def test_ignore_keeps_the_other_findings(checker: huashu.Checker) -> None:
    message = failure("我不知道,不是我的错", checker, ignore=["JJ001"])
    assert "TW001" in message and "JJ001" not in message


def test_ignore_entry_that_matches_no_rule_is_an_error(checker: huashu.Checker) -> None:
    with pytest.raises(huashu.SelectorError, match="'JJ01' matches no rule"):
        assert_polite("您好", checker=checker, ignore=["JJ01"])


def test_bad_arguments(checker: huashu.Checker) -> None:
    with pytest.raises(ValueError, match="severity must be 'error', 'warning' or 'info', not 'fatal'"):
        assert_polite("您好", checker=checker, severity="fatal")
    with pytest.raises(TypeError):
        assert_polite(b"hello", checker=checker)  # type: ignore[arg-type]


def test_huashu_frames_are_hidden_from_the_traceback() -> None:
    assert "__tracebackhide__" in assert_polite.__code__.co_varnames


def test_default_checker_is_the_shared_one(checker: huashu.Checker, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(testing, "default_checker", lambda: checker)
    assert "TW001" in failure("不是我的错", None)  # type: ignore[arg-type]


def test_default_checker_follows_the_session_bank(
    checker: huashu.Checker, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # What the pytest plugin sets up for huashu_bank: the bank's Checker, built once and shared.
    bank = tmp_path / "bank.yaml"
    monkeypatch.setattr(testing, "_session_bank", bank)
    monkeypatch.setitem(testing._checkers, bank, checker)
    monkeypatch.setattr(testing, "default_checker", lambda: pytest.fail("used the bundled bank"))
    assert testing._checker_for(bank) is checker
    assert "JJ001" in failure("我不知道", None)  # type: ignore[arg-type]
