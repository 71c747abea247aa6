"""The pytest plugin, run inside pytest with pytester.

Inner runs are in-process where possible: they share this process's Checker on the bundled bank
(huashu's default checker), so only a run on a bank of its own pays for jieba (about a second).
They disable plugin autoloading and load the plugin by module name, which works whether or not
huashu is installed; test_entry_point_* cover the installed case with a stand-in distribution.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import hypothesis  # noqa: F401  (see the installed fixture)
import pytest
import yaml  # noqa: F401  (see below)

import huashu
# Imported here, as the rest of the suite does, so that in-process pytester runs do not import
# them afresh: a re-imported yaml no longer matches its C loader, and a re-imported
# huashu.testing holds a second default checker.
import huashu.testing  # noqa: F401

pytest_plugins = ["pytester"]

SRC = Path(huashu.__file__).resolve().parents[1]  # where huashu is imported from
DOCS = Path(__file__).resolve().parents[1] / "docs" / "testing.md"

USER_BANK = """\
rules:
  - id: TW901
    name: ask-the-courier
    category: 推诿
    severity: error
    source: user
    message: 把客户推给快递公司。
    forms: [找顺丰去]
    alternatives: [我帮您联系快递公司]
    examples: {bad: [这个找顺丰去], good: [我帮您联系快递公司]}
"""


@pytest.fixture
def pytester(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    # Subprocess runs start in pytester's directory: make huashu importable from there too.
    path = os.environ.get("PYTHONPATH")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(SRC), path] if path else [str(SRC)]))
    return pytester


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_inprocess("-p", "huashu.pytest_plugin", *args)


def forbidden_and_clean(bank: huashu.PhraseBank) -> tuple[huashu.Rule, str, str]:
    """A rule with a bad example at error severity, and an approved phrase: from the bank, so
    the tests follow it as it grows."""
    rule = next(r for r in bank.rules if r.enabled and r.severity == "error" and r.match == "phrase")
    return rule, rule.bad_examples[0], bank.approved[0].text


def test_assert_polite_passes_and_fails_with_a_readable_message(pytester: pytest.Pytester) -> None:
    rule, bad, good = forbidden_and_clean(huashu.load_bank())
    pytester.makepyfile(
        f"""
        from huashu.testing import assert_polite

        def test_clean():
            assert_polite({good!r})

        def test_forbidden():
            reply = {bad!r}
            assert_polite(reply)
        """
    )
    result = run(pytester)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines([
        "    def test_forbidden():",
        f"        reply = {bad!r}",
        ">       assert_polite(reply)",
        "E       AssertionError: * forbidden phrase* in the reply (severity warning or higher):",
        f"E       - {rule.id} {rule.name} ({rule.category}, error) at line 1, column *: “*”",
        "E             *",
        "E             *^^*",
        f"E         why: {rule.message}",
        f"E         say instead: “{rule.alternatives[0]}”*",
        "E       Reword the reply as suggested above. If a phrase is acceptable in this reply,",
        f'E       pass ignore=?"{rule.id}"* to assert_polite*',
    ])
    # __tracebackhide__: the traceback ends at the test's line, not inside huashu.
    out = result.stdout.str()
    assert "huashu/testing.py" not in out and "raise AssertionError" not in out


def test_fixture_is_one_checker_for_the_session(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import huashu

        seen = []

        def test_first(huashu_checker):
            assert isinstance(huashu_checker, huashu.Checker)
            assert huashu_checker.bank.paths == (str(huashu.bundled_bank_path()),)
            seen.append(huashu_checker)

        def test_second(huashu_checker):
            assert huashu_checker is seen[0]
        """
    )
    pytester.makepyfile(
        test_other="""
        import huashu
        from huashu import testing

        def test_same_as_assert_polite(huashu_checker):
            assert huashu_checker is testing._checker_for(None) is huashu._checker.default_checker()
        """
    )
    run(pytester).assert_outcomes(passed=3)


def test_ini_bank_is_used_by_the_fixture_and_assert_polite(pytester: pytest.Pytester) -> None:
    pytester.mkdir("support").joinpath("phrases.yaml").write_text(USER_BANK, encoding="utf-8")
    pytester.makeini("[pytest]\nhuashu_bank = support/phrases.yaml\n")
    pytester.makepyfile(
        """
        import pytest
        from huashu.testing import assert_polite

        def test_fixture(huashu_checker):
            assert huashu_checker.bank.rule("TW901").forms == ("找顺丰去",)
            assert len(huashu_checker.bank.paths) == 2  # layered over the bundled bank

        def test_assert_polite_uses_the_project_bank(huashu_checker):
            with pytest.raises(AssertionError, match="TW901 ask-the-courier"):
                assert_polite("这个找顺丰去")
        """
    )
    result = run(pytester, "-v")
    result.assert_outcomes(passed=2)
    bank = pytester.path / "support" / "phrases.yaml"
    result.stdout.fnmatch_lines([f"huashu: bank {bank.resolve()}"])


def test_command_line_bank_wins_over_the_ini(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nhuashu_bank = ini.yaml\n")
    pytester.path.joinpath("ini.yaml").write_text(USER_BANK, encoding="utf-8")
    pytester.path.joinpath("cli.yaml").write_text(USER_BANK.replace("TW901", "TW902"), encoding="utf-8")
    pytester.makepyfile(
        """
        def test_bank(huashu_checker):
            assert [r.id for r in huashu_checker.bank.rules if r.id.startswith("TW90")] == ["TW902"]
        """
    )
    run(pytester, "--huashu-bank", "cli.yaml").assert_outcomes(passed=1)


def test_missing_bank_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nhuashu_bank = nowhere.yaml\n")
    pytester.makepyfile("def test_nothing(): pass")
    result = run(pytester)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*huashu: huashu_bank: no such phrase bank file: *nowhere.yaml"])


def test_invalid_bank_fails_the_tests_that_use_it_with_the_bank_error(pytester: pytest.Pytester) -> None:
    pytester.path.joinpath("bad.yaml").write_text("rules:\n  - id: nope\n", encoding="utf-8")
    pytester.makepyfile(
        """
        def test_uses_it(huashu_checker):
            pass

        def test_does_not():
            pass
        """
    )
    result = run(pytester, "--huashu-bank", "bad.yaml")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines([
        "*huashu: cannot load the phrase bank *bad.yaml:",
        "invalid phrase bank (* problems):",
        "*bad.yaml:2: rules?0? (nope): id: must be two capital letters and three digits*",
    ])
    out = result.stdout.str()
    assert "Traceback" not in out and "During handling" not in out and "raise" not in out


def test_options_are_grouped_under_huashu_in_help(pytester: pytest.Pytester) -> None:
    result = run(pytester, "--help")
    result.stdout.fnmatch_lines([
        "huashu (forbidden service phrases):",
        "  --huashu-bank=PATH*",
    ])
    result.stdout.fnmatch_lines(["  huashu_bank (string):*"])


# --- registration ------------------------------------------------------------------------


@pytest.fixture
def installed(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """huashu as if installed: a distribution with the pyproject's pytest11 entry point.

    With autoloading on, the inner run loads every installed plugin; hypothesis is imported up
    front so that each in-process run does not import (and assert-rewrite) it anew.
    """
    dist = pytester.mkdir("site").joinpath("huashu_standin-1.0.dist-info")
    dist.mkdir()
    dist.joinpath("METADATA").write_text("Metadata-Version: 2.1\nName: huashu-standin\nVersion: 1.0\n")
    dist.joinpath("entry_points.txt").write_text("[pytest11]\nhuashu = huashu.pytest_plugin\n")
    pytester.syspathinsert(dist.parent)
    monkeypatch.delenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    pytester.makepyfile(
        """
        import sys

        def test_registered_once_as_huashu(request, huashu_checker):
            manager = request.config.pluginmanager
            plugin = sys.modules["huashu.pytest_plugin"]
            assert plugin in (manager.get_plugin("huashu"), manager.get_plugin("huashu.pytest_plugin"))
            assert [p for p in manager.get_plugins() if p is plugin] == [plugin]
        """
    )
    return pytester


@pytest.mark.parametrize(
    "args",
    [(), ("-p", "huashu"), ("-p", "huashu.pytest_plugin")],
    ids=["autoload", "-p huashu", "-p module"],
)
def test_entry_point_registers_the_plugin_once(installed: pytest.Pytester, args: tuple[str, ...]) -> None:
    installed.runpytest_inprocess(*args).assert_outcomes(passed=1)


def test_entry_point_and_conftest_pytest_plugins_do_not_clash(installed: pytest.Pytester) -> None:
    installed.makeconftest('pytest_plugins = ["huashu.pytest_plugin"]')
    installed.runpytest_inprocess().assert_outcomes(passed=1)


def test_entry_point_plugin_can_be_switched_off(installed: pytest.Pytester) -> None:
    result = installed.runpytest_inprocess("-p", "no:huashu")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fixture 'huashu_checker' not found*"])


# --- staying light -----------------------------------------------------------------------

PROBE = """
import gc, json, sys, time
import pytest
import huashu._checker, huashu._bank, huashu._match
before = set(sys.modules)
t0 = time.perf_counter()
import huashu.pytest_plugin
plugin_ms = (time.perf_counter() - t0) * 1000
kinds = (huashu._checker.Checker, huashu._bank.PhraseBank, huashu._match.CompiledBank)
print(json.dumps({
    "new_modules": sorted(set(sys.modules) - before),
    "heavy": sorted({"jieba", "hypothesis", "huashu.testing", "huashu.strategies"} & set(sys.modules)),
    "built": [type(o).__name__ for o in gc.get_objects() if isinstance(o, kinds)],
    "plugin_ms": plugin_ms,
}))
"""


def test_importing_the_plugin_loads_no_bank_and_no_jieba() -> None:
    path = os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": path}
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, check=True)
    probe = json.loads(out.stdout)
    assert probe["new_modules"] == ["huashu.pytest_plugin"]  # nothing beyond huashu and pytest
    assert probe["heavy"] == []
    assert probe["built"] == []
    # The module itself costs about 2 ms (huashu's __init__, imported first, about 70 ms):
    # a generous bound that only a heavy import added to the plugin would break.
    assert probe["plugin_ms"] < 500


def test_a_session_that_does_not_use_huashu_stays_light(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import gc, sys
        import huashu._checker, huashu._bank

        def test_untouched():
            assert "jieba" not in sys.modules
            assert "hypothesis" not in sys.modules
            kinds = (huashu._checker.Checker, huashu._bank.PhraseBank)
            assert not [o for o in gc.get_objects() if isinstance(o, kinds)]
        """
    )
    result = pytester.runpytest_subprocess("-p", "huashu.pytest_plugin")
    result.assert_outcomes(passed=1)


# --- docs/testing.md runs as written ------------------------------------------------------


def doc_files() -> dict[str, str]:
    """The files of the worked examples: a bold `name` line, then a fenced block."""
    text = DOCS.read_text(encoding="utf-8")
    return dict(re.findall(r"^\*\*`([\w.]+)`\*\*\n\n```\w*\n(.*?)^```", text, flags=re.M | re.S))


def test_docs_worked_examples_run(pytester: pytest.Pytester) -> None:
    files = doc_files()
    assert set(files) == {"replies.yaml", "test_replies.py", "polish.py", "test_polish.py"}
    for name, content in files.items():
        pytester.path.joinpath(name).write_text(content, encoding="utf-8")
    pytester.syspathinsert()
    result = run(pytester, "-p", "no:cacheprovider")
    result.assert_outcomes(passed=len(yaml_keys(files["replies.yaml"])) + 2)

    # The failure the docs show when a template is not polite.
    busy = "busy: 我现在很忙,你自己上网查吧。\n"
    pytester.path.joinpath("replies.yaml").write_text(files["replies.yaml"] + busy, encoding="utf-8")
    result = run(pytester, "-p", "no:cacheprovider", "test_replies.py")
    result.assert_outcomes(passed=len(yaml_keys(files["replies.yaml"])), failed=1)
    result.stdout.fnmatch_lines(["*test_reply_template_is_polite?busy?*", "E       - CC* (催促, *"])


def yaml_keys(text: str) -> list[str]:
    return [line.split(":", 1)[0] for line in textwrap.dedent(text).splitlines() if line.strip()]
