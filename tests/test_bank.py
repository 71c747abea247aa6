from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import huashu

RULE = """\
  - id: XX001
    name: test-rule
    category: 推诿
    severity: error
    source: user
    message: 测试
    forms: [测试忌语]
    alternatives: [测试话术]
    examples: {bad: [这是测试忌语]}
"""


def write(tmp_path: Path, body: str, name: str = "bank.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def problems(tmp_path: Path, body: str, **kw: bool) -> list[str]:
    with pytest.raises(huashu.BankError) as info:
        huashu.load_bank(write(tmp_path, body), **kw)
    return [str(p) for p in info.value.problems]


def test_bundled_bank_loads(bank: huashu.PhraseBank) -> None:
    assert len(bank.rules) >= 20
    assert len({r.id for r in bank.rules}) == len(bank.rules)
    assert bank.approved


def test_bank_error_is_a_value_error_and_a_huashu_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        huashu.load_bank(tmp_path / "missing.yaml")
    assert issubclass(huashu.BankError, huashu.HuashuError)


def test_missing_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(huashu.BankError, match="missing.yaml.*no such file"):
        huashu.load_bank(tmp_path / "missing.yaml")


def test_invalid_yaml_names_file_and_line(tmp_path: Path) -> None:
    (found,) = problems(tmp_path, "rules: [\n  - id: [\n")
    assert "bank.yaml:" in found and "not valid YAML" in found


def test_unknown_key_names_file_entry_and_field(tmp_path: Path) -> None:
    found = problems(tmp_path, "rules:\n" + RULE.replace("XX001", "TW901") + "    colour: red\n",
                     extend_default=False)
    assert any("bank.yaml:2: rules[0] (TW901): colour: unknown key" in p for p in found), found


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    body = "rules:\n" + RULE.replace("XX001", "tw1").replace("severity: error", "severity: fatal")
    body = body.replace("forms: [测试忌语]", "forms: []")
    found = problems(tmp_path, body, extend_default=False)
    fields = {p.split(": ")[2] for p in found}
    assert {"id", "severity", "forms"} <= fields, found


def test_missing_required_field(tmp_path: Path) -> None:
    body = "rules:\n" + RULE.replace("XX001", "TW901").replace("    message: 测试\n", "")
    (found,) = problems(tmp_path, body, extend_default=False)
    assert found.endswith("rules[0] (TW901): message: is required")


def test_duplicate_ids(tmp_path: Path) -> None:
    rule = RULE.replace("XX001", "TW901")
    found = problems(tmp_path, "rules:\n" + rule + rule, extend_default=False)
    assert any("rules[1] (TW901): id: duplicate of rules[0]" in p for p in found), found


def test_category_must_agree_with_id_prefix(tmp_path: Path) -> None:
    found = problems(tmp_path, "rules:\n" + RULE.replace("XX001", "CC901"), extend_default=False)
    assert any("category: id prefix CC means 催促" in p for p in found), found


def test_bad_pattern_is_reported(tmp_path: Path) -> None:
    rule = RULE.replace("XX001", "TW901").replace("forms: [测试忌语]", "match: pattern\n    forms: ['(']")
    found = problems(tmp_path, "rules:\n" + rule, extend_default=False)
    assert any("forms[0]: bad regular expression" in p for p in found)
    assert any("anchors: is required" in p for p in found)


def test_rule_without_examples_is_an_error_in_the_bundled_bank_only(tmp_path: Path) -> None:
    from huashu._bank import _parse

    rule = RULE.replace("XX001", "TW901").replace("    examples: {bad: [这是测试忌语]}\n", "")
    path = write(tmp_path, "rules:\n" + rule)
    with pytest.raises(huashu.BankError, match="examples: is required"):
        _parse(path, None, strict=True)
    assert huashu.load_bank(path, extend_default=False).rule("TW901").bad_examples == ()


def test_user_bank_adds_overrides_disables_and_extends(tmp_path: Path, bank: huashu.PhraseBank) -> None:
    first, second = [r for r in bank.rules if r.match == "phrase"][:2]
    path = write(tmp_path, f"""\
        rules:
          - id: TW901
            name: test-rule
            category: 推诿
            severity: warning
            source: user
            message: 测试
            forms: [测试忌语]
            alternatives: [测试话术]
            examples: {{bad: [这是测试忌语]}}
        disable: [{first.id}]
        extend:
          {second.id}:
            forms: [完全新的说法啊]
            exceptions: [没有关系的说法]
        approved:
          - text: 测试话术
            techniques: [测试技巧]
            scenarios: []
            source: user
        """)
    user = huashu.load_bank(path)
    assert user.rule("TW901").message == "测试"
    assert user.rule(first.id).enabled is False
    assert "完全新的说法啊" in user.rule(second.id).forms
    assert user.lookup("测试技巧")[0].text == "测试话术"
    checker = huashu.Checker(path)
    assert [f.rule_id for f in checker.check("这是测试忌语。")] == ["TW901"]
    assert any(f.rule_id == second.id for f in checker.check("完全新的说法啊"))
    assert all(f.rule_id != first.id for ex in first.bad_examples for f in checker.check(ex))


def test_user_bank_cannot_disable_unknown_rule(tmp_path: Path) -> None:
    (found,) = problems(tmp_path, "disable: [ZZ999]\n")
    assert "disable: ZZ999: no such rule" in found


def test_bundled_bank_cannot_disable(tmp_path: Path) -> None:
    (found,) = problems(tmp_path, "disable: [ZZ999]\n", extend_default=False)
    assert "only a user bank" in found


def test_expand_alternations() -> None:
    from huashu._bank import expand

    assert expand("{我|我们}不{知道|清楚}") == ["我不知道", "我不清楚", "我们不知道", "我们不清楚"]
    assert expand("没有括号") == ["没有括号"]


def test_lookup_by_technique_and_scenario(bank: huashu.PhraseBank) -> None:
    for technique in ("十准", "移情法", "三明治法", "谅解法", "3F法", "引导征询法", "结束语"):
        assert bank.lookup(technique), technique
    assert bank.scenarios()
    assert bank.approved_phrases(technique="十准")


def test_gap_forms(tmp_path: Path) -> None:
    rule = RULE.replace("XX001", "ZB901").replace("category: 推诿", "category: 争辩指责")
    rule = rule.replace("forms: [测试忌语]", "forms: [这么简单~都不会]").replace("这是测试忌语", "这么简单都不会")
    checker = huashu.Checker(huashu.load_bank(write(tmp_path, "rules:\n" + rule), extend_default=False))
    assert [f.text for f in checker.check("这么简单的操作您都不会吗?")] == ["这么简单的操作您都不会"]
    assert checker.check("这么简单,都不会") == []  # a gap stays inside one clause
    bad = rule.replace("forms: [这么简单~都不会]", "forms: [~都不会]")
    (found,) = problems(tmp_path, "rules:\n" + bad, extend_default=False)
    assert "forms[0]: a ~ gap needs text on both sides" in found


SET_BANK = """\
settings:
  sets:
    我方: [我, 我们, 我这边]
rules:
  - id: TW901
    name: test-rule
    category: 推诿
    severity: error
    source: user
    message: 测试
    forms: ["{@我方|}管不着{了|}"]
    exceptions: ["{@我方}管不着的话"]
    alternatives: [测试话术]
    examples: {bad: [这个我们管不着]}
"""


def test_word_sets_expand_in_forms_and_exceptions(tmp_path: Path) -> None:
    rule = huashu.load_bank(write(tmp_path, SET_BANK), extend_default=False).rule("TW901")
    assert rule.forms == ("{我|我们|我这边|}管不着{了|}",)
    assert rule.exceptions == ("{我|我们|我这边}管不着的话",)
    checker = huashu.Checker(huashu.load_bank(write(tmp_path, SET_BANK), extend_default=False))
    assert [f.text for f in checker.check("这个我这边管不着。")] == ["我这边管不着"]
    assert checker.check("如果我这边管不着的话，我帮您转给专员。") == []


def test_unknown_word_set_names_the_rule_and_field(tmp_path: Path) -> None:
    found = problems(tmp_path, SET_BANK.replace("@我方|}管", "@他方|}管"), extend_default=False)
    assert any("rules[0] (TW901): forms[0]: unknown word set @他方" in p for p in found), found


def test_user_bank_can_use_the_bundled_sets_and_add_its_own(tmp_path: Path) -> None:
    body = SET_BANK.replace("我方:", "客方:").replace("@我方", "@客方")
    bank = huashu.load_bank(write(tmp_path, body))
    assert "客方" in bank.settings.sets
    assert set(huashu.load_bank().settings.sets) <= set(bank.settings.sets)


def test_bad_word_set_is_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, "settings:\n  sets:\n    我方: [我, '我{们']\n", extend_default=False)
    assert any("settings: sets.我方: words may not hold braces" in p for p in found), found


# --- a user bank needs less than the bundled one ---------------------------------------------

MINIMAL = """\
rules:
  - id: TW901
    message: 别让客户自己去找物业。
    forms: [你找物业去]
  - id: JJ901
    category: 拒绝
    message: 生硬拒绝。
    forms: [这个办不了]
    examples: {bad: [这个办不了啊]}
  - id: XX901
    category: ZB
    message: 指责客户。
    forms: [都怪你]
"""


def test_a_user_rule_needs_only_id_message_and_forms(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL, name="team.yaml")
    for bank in (huashu.load_bank(path), huashu.load_bank(path, extend_default=False)):
        tw, jj, xx = (bank.rule(r) for r in ("TW901", "JJ901", "XX901"))
        assert (tw.name, tw.category, tw.severity, tw.source) == ("tw901", "推诿", "warning", "team.yaml")
        assert tw.alternatives == () and tw.bad_examples == ()
        assert jj.category == "否定拒绝" and jj.bad_examples == ("这个办不了啊",)
        assert xx.category == "争辩指责"
    alone = huashu.Checker(huashu.load_bank(path, extend_default=False))
    assert [f.rule_id for f in alone.check("你找物业去吧")] == ["TW901"]


def test_a_user_rule_still_needs_a_category_it_can_tell(tmp_path: Path) -> None:
    body = "rules:\n  - {id: XX902, message: 测试, forms: [测试忌语]}\n" \
           "  - {id: TW903, category: 不存在, message: 测试, forms: [测试忌语二]}\n" \
           "  - {id: TW904, category: 拒绝, message: 测试, forms: [测试忌语三]}\n" \
           "  - {id: TW905, forms: [测试忌语四]}\n"
    found = problems(tmp_path, body)
    assert any("(XX902): category: is required: the id prefix names no category" in p for p in found), found
    assert any("(TW903): category: must be one of" in p and "id prefix (TW)" in p for p in found), found
    assert any("(TW904): category: id prefix TW means 推诿" in p for p in found), found
    assert any("(TW905): message: is required" in p for p in found), found


def test_the_bundled_bank_keeps_its_strict_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from huashu._bank import _parse

    path = write(tmp_path, MINIMAL)
    with pytest.raises(huashu.BankError) as info:
        _parse(path, None, strict=True)
    missing = {(p.entry.split()[-1], p.field) for p in info.value.problems}
    for field in ("name", "category", "severity", "source", "alternatives", "examples"):
        assert ("(TW901)", field) in missing, (field, missing)
    assert ("(JJ901)", "category") in missing  # a short name is for user banks only
    # and the bundled bank is read strictly: a rule of it without examples is an error
    bundled = huashu.bundled_bank_path().read_text(encoding="utf-8")
    stripped = bundled.replace("  source: 003_a23f46f30ebaba34.txt\n", "", 1)
    (tmp_path / "phrases.yaml").write_text(stripped, encoding="utf-8")
    with pytest.raises(huashu.BankError, match=r"rules\[\d+\] \(\w+\): source: is required"):
        _parse(tmp_path / "phrases.yaml", None, strict=True)
    monkeypatch.setattr(huashu._bank, "bundled_bank_path", lambda: tmp_path / "phrases.yaml")
    with pytest.raises(huashu.BankError, match=r"\(\w+\): source: is required"):
        huashu.load_bank()  # load_bank reads the bundled bank strictly


def test_a_parsed_bank_file_is_read_back_alike_and_a_bad_cache_is_parsed_again(tmp_path, monkeypatch) -> None:
    from huashu._bank import _read_yaml, bundled_bank_path
    from huashu._segment import read_cache

    monkeypatch.setenv("HUASHU_CACHE_DIR", str(tmp_path / "cache"))
    fresh = _read_yaml(bundled_bank_path())
    (cached,) = (tmp_path / "cache").glob("yaml-*.bin")

    def lines(data):  # every mapping's line, in order: error messages quote them
        if isinstance(data, dict):
            return [getattr(data, "line", None), *(x for v in data.values() for x in lines(v))]
        if isinstance(data, list):
            return [x for v in data for x in lines(v)]
        return []

    again = _read_yaml(bundled_bank_path())
    assert again == fresh and lines(again) == lines(fresh) and lines(fresh)[0] is not None
    good = cached.read_bytes()
    for bad in (b"", good[: len(good) // 2], b"garbage" * 10):
        cached.write_bytes(bad)
        assert _read_yaml(bundled_bank_path()) == fresh
        assert read_cache(cached.name) is not None
    # A bank's problems still name their lines when it is read back from the cache.
    bank = tmp_path / "bank.yaml"
    bank.write_text("rules:\n  - id: ZZ001\n    forms: []\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(huashu.BankError) as info:
            huashu.load_bank(bank)
        assert any(p.line == 2 for p in info.value.problems)
