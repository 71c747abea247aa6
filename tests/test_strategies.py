"""huashu.strategies, and what the checker must do with the replies they generate.

The main property runs on the bundled bank: every generated forbidden reply is flagged at the
phrase, every generated clean reply checks clean. Where it finds real misses of the engine, the
variant kind is marked ``xfail`` with the reason, and a concrete case is pinned by a strict
``xfail`` test at the end, so that fixing the engine shows up as an XPASS.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import huashu
from huashu import strategies
from huashu._bank import clause_marks, expand
from huashu._normalize import CJK, fold
from huashu.strategies import VARIANTS, ForbiddenReply, clean_replies, forbidden_replies

# No explain phase: it imports libcst (and its deprecation warnings) to explain the known misses.
PHASES = [p for p in Phase if p is not Phase.explain]
QUIET = [HealthCheck.too_slow]
PROPERTY = settings(max_examples=60, deadline=None, phases=PHASES, suppress_health_check=QUIET)
FAST = settings(max_examples=150, deadline=None, phases=PHASES, suppress_health_check=QUIET)

PARTICLE_MAKES_A_WORD = (
    "engine miss: a particle can make one jieba word with the end of the phrase (听好了吧 is "
    "听/好了吧), and the token-boundary guard then drops the phrase; see "
    "test_a_particle_does_not_hide_the_phrase_before_it"
)
KNOWN_MISSES: dict[str, str] = {}
RELIABLE = [v for v in VARIANTS if v not in KNOWN_MISSES]

# One strategy per variant kind, built once: a deferred strategy loads the bank on first draw.
BY_KIND = {kind: forbidden_replies(variants=[kind]) for kind in VARIANTS}
MIXED = forbidden_replies(variants=RELIABLE)


def assert_caught(checker: huashu.Checker, reply: ForbiddenReply) -> None:
    findings = checker.check(reply.text)
    hits = [f for f in findings if reply.covered_by(f)]
    # Another rule's finding over the whole phrase counts too: two rules may claim one phrase,
    # and the checker reports one finding per span (test_bank_rules allows the same).
    assert any(f.rule_id == reply.rule_id for f in hits) or any(
        f.start <= reply.span[0] and reply.span[1] <= f.end for f in hits
    ), (
        f"{reply.rule_id} form {reply.form!r} as {reply.variant} ({reply.phrase!r}) missed in "
        f"{reply.text!r}; found {[(f.rule_id, f.text) for f in findings]}"
    )


KIND_PARAMS = [
    pytest.param(kind, marks=pytest.mark.xfail(reason=KNOWN_MISSES[kind], strict=False))
    if kind in KNOWN_MISSES
    else kind
    for kind in VARIANTS
]


@pytest.mark.parametrize("kind", KIND_PARAMS)
@PROPERTY
@given(data=st.data())
def test_every_variant_of_a_forbidden_phrase_is_flagged(
    checker: huashu.Checker, kind: str, data: st.DataObject
) -> None:
    assert_caught(checker, data.draw(BY_KIND[kind]))


@FAST
@given(MIXED)
def test_mixed_variants_amid_clean_text_are_flagged(checker: huashu.Checker, reply: ForbiddenReply) -> None:
    assert_caught(checker, reply)


@FAST
@given(clean_replies())
def test_clean_replies_check_clean(checker: huashu.Checker, text: str) -> None:
    assert checker.check(text) == [], [(f.rule_id, f.text) for f in checker.check(text)]


# --- what the strategies generate (no checking, so no jieba: cheap) ----------------------


def insert_pattern(form: str, insertable: tuple[str, ...]) -> re.Pattern[str]:
    words = "|".join(re.escape(fold(w).text) for w in insertable)
    return re.compile(f"(?:{words})*".join(map(re.escape, fold(form).text)))


@settings(max_examples=300, deadline=None)
@given(forbidden_replies())
def test_folding_undoes_every_disguise(bank: huashu.PhraseBank, reply: ForbiddenReply) -> None:
    rule = bank.rule(reply.rule_id)
    assert rule.match == "phrase" and rule.enabled
    assert reply.form in [f for form in rule.forms for f in expand(form)]
    assert 0 <= reply.span[0] < reply.span[1] <= len(reply.text)
    kinds = reply.variant.split("+")
    assert set(kinds) <= set(VARIANTS) and len(kinds) <= 2
    folded = fold(reply.phrase).text
    form = clause_marks(reply.form)[0].replace("~", "")  # an empty gap: the pieces side by side
    if "adverb" in kinds:
        assert insert_pattern(form, bank.settings.insertable).fullmatch(folded), folded
    else:
        assert folded == fold(form).text


@settings(max_examples=100, deadline=None)
@given(clean_replies(min_phrases=2, max_phrases=2))
def test_clean_replies_are_approved_phrases(bank: huashu.PhraseBank, text: str) -> None:
    approved = sorted((a.text for a in bank.approved), key=len, reverse=True)
    rest = text
    for _ in range(2):
        rest = rest.lstrip("。!！?？；\n ")
        head = next((a for a in approved if rest.startswith(a)), None)
        assert head is not None, (text, rest)
        rest = rest[len(head) :]
    assert rest == ""


# --- the strategies on a small bank of our own --------------------------------------------

MINI_YAML = """\
version: 1
settings:
  insertable: [真的, 也, 可, 实在, 完全]
  protected: 不没别非无未莫勿我你他她它们咱
  particles: 啊呀吧呢嘛啦哈哦
  typo_min_length: 4
rules:
  - {id: JJ001, name: dont-know, category: 否定拒绝, severity: error, source: user, message: 不知道。,
     forms: ["{我|我们}不知道"], exceptions: [不知道你], alternatives: [我帮您查一下],
     examples: {bad: [我不知道]}}
  - {id: JJ003, name: flat-no, category: 否定拒绝, severity: error, source: user, message: 拒绝。,
     forms: [那不行], exceptions: ["{实在|如果}不行"], alternatives: [我们可以做的是],
     examples: {bad: [那不行]}}
  - {id: TW011, name: cannot-decide, category: 推诿, severity: error, source: user, message: 推诿。,
     forms: [我决定不了], alternatives: [我帮您问一下], examples: {bad: [我决定不了]}}
  - {id: LM001, name: do-it-yourself, category: 冷漠, severity: warning, source: user, message: 冷漠。,
     forms: [你自己上网查, "好了,别说了"], alternatives: [我一步步教您], examples: {bad: [你自己上网查]}}
  - {id: QL001, name: absolutely, category: 轻率承诺, severity: info, source: user, message: 说满。,
     forms: [绝对没问题], alternatives: [我会尽力], enabled: false, examples: {bad: [绝对没问题]}}
  - {id: ZB008, name: listen-up, category: 争辩指责, severity: warning, source: user, message: 训人。,
     forms: [听好了], alternatives: [我跟您说明一下], examples: {bad: [听好了]}}
  - {id: ZB004, name: agree-but, category: 争辩指责, severity: warning, source: user, message: 转折。,
     match: pattern, forms: ['我理解[^。]{0,6}(?P<hit>但是)'], anchors: [但是], alternatives: [同时],
     examples: {bad: [我理解,但是]}}
approved:
  - {text: 我理解您的感受, techniques: [], scenarios: [], source: user}
  - {text: 请您稍等, techniques: [], scenarios: [], source: user}
  - {text: "还有什么可以帮您的吗?", techniques: [], scenarios: [], source: user}
"""

@pytest.fixture(scope="module")
def mini_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("mini") / "bank.yaml"
    path.write_text(MINI_YAML, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def mini_bank(mini_path: Path) -> huashu.PhraseBank:
    return huashu.load_bank(mini_path, extend_default=False)


@pytest.fixture(scope="module")
def mini_checker(mini_bank: huashu.PhraseBank) -> huashu.Checker:
    return huashu.Checker(mini_bank)


def draws(strategy: st.SearchStrategy[ForbiddenReply], n: int = 60) -> list[ForbiddenReply]:
    out: list[ForbiddenReply] = []

    @settings(max_examples=n, deadline=None, database=None)
    @given(strategy)
    def collect(reply: ForbiddenReply) -> None:
        out.append(reply)

    collect()
    return out


def test_only_enabled_phrase_rules_are_drawn(mini_bank: huashu.PhraseBank) -> None:
    drawn = {r.rule_id for r in draws(forbidden_replies(mini_bank), 200)}
    assert drawn == {"JJ001", "JJ003", "TW011", "LM001", "ZB008"}  # not the pattern rule nor QL001


def test_a_checker_gives_its_active_rules(mini_bank: huashu.PhraseBank) -> None:
    checker = huashu.Checker(mini_bank, select=["QL", "LM"], ignore=["LM001"])
    assert {r.rule_id for r in draws(forbidden_replies(checker))} == {"QL001"}


def test_a_bank_file_is_layered_like_checker_bank(tmp_path: Path, mini_path: Path) -> None:
    user = tmp_path / "user.yaml"
    user.write_text(
        "rules:\n  - {id: TW901, name: ask-someone-else, category: 推诿, severity: error, source: user,\n"
        "     message: 推诿。, forms: [这事儿别找我], alternatives: [我来帮您], examples: {bad: [这事儿别找我]}}\n",
        encoding="utf-8",
    )
    bank, rules = strategies._resolve(user)  # drawing TW901 among ~600 forms is left to chance
    assert bank.paths[-1] == str(user) and len(bank.paths) == 2
    assert "TW901" in {r.id for r in rules}
    assert draws(forbidden_replies(user), 5)


SPACER = "(?:[^\\w\\n]|_){1,2}"  # what folding takes for spacing between single characters
ADVERB_GAPS = {"我不知道": {1}, "我们不知道": {2}, "那不行": {1}, "我决定不了": {1, 3},
               "你自己上网查": {1}, "好了,别说了": {3}}


@pytest.mark.parametrize(
    ("kind", "check"),
    [
        ("exact", lambda r: r.phrase == r.form),
        ("traditional", lambda r: r.phrase != r.form and fold(r.phrase).text == fold(r.form).text),
        ("fullwidth", lambda r: r.form == "好了,别说了" and r.phrase == "好了，别说了"),
        ("spaced", lambda r: re.fullmatch(f"(?:{SPACER})".join(map(re.escape, r.form)), r.phrase)
         and len(set(re.split(f"[{CJK}]", r.phrase)[1:-1])) == 1),
        ("zero_width", lambda r: "".join(c for c in r.phrase if unicodedata.category(c) != "Cf") == r.form
         and r.phrase != r.form),
        ("repeated", lambda r: len(r.phrase) > len(r.form)
         and re.sub(r"(.)\1+", r"\1", r.phrase) == re.sub(r"(.)\1+", r"\1", r.form)),
        ("polite", lambda r: "你" in r.form and r.phrase == r.form.replace("你", "您")),
        ("particle", lambda r: r.phrase == r.form and r.text[r.span[1]:] in ("啊", "呢", "吧", "哈")),
    ],
)
def test_each_variant_does_what_it_says(
    mini_bank: huashu.PhraseBank, kind: str, check: Callable[[ForbiddenReply], object]
) -> None:
    for reply in draws(forbidden_replies(mini_bank, variants=[kind], context=False), 30):
        assert reply.variant == kind
        assert reply.text.startswith(reply.phrase) and reply.span[0] == 0
        assert check(reply), reply


def test_adverbs_go_after_the_subject_or_before_a_negation(mini_bank: huashu.PhraseBank) -> None:
    insertable = "|".join(mini_bank.settings.insertable)
    seen = set()
    for reply in draws(forbidden_replies(mini_bank, variants=["adverb"], context=False), 200):
        assert reply.variant == "adverb" and reply.text == reply.phrase
        form, phrase = reply.form, reply.phrase
        assert any(
            phrase.startswith(form[:gap]) and phrase.endswith(form[gap:])
            and re.fullmatch(f"(?:{insertable}){{1,2}}", phrase[gap : len(phrase) - len(form) + gap])
            for gap in ADVERB_GAPS[form]
        ), reply
        seen.add(phrase)
    assert "那实在不行" not in seen  # 实在不行 is an exception of the rule: not a forbidden reply
    assert {"我真的不知道", "我也不知道"} & seen


def test_generated_replies_are_flagged_on_a_bank_of_our_own(mini_checker: huashu.Checker) -> None:
    for reply in draws(forbidden_replies(mini_checker, variants=RELIABLE), 100):
        assert_caught(mini_checker, reply)
    for text in draws(clean_replies(mini_checker), 30):  # type: ignore[arg-type]
        assert mini_checker.check(text) == []


def test_bad_arguments(mini_bank: huashu.PhraseBank) -> None:
    with pytest.raises(ValueError, match="unknown variants \\['bogus'\\]"):
        forbidden_replies(variants=["bogus"])
    with pytest.raises(ValueError, match="min_phrases"):
        clean_replies(min_phrases=0)
    none_fit = forbidden_replies(huashu.Checker(mini_bank, select=["JJ001"]), variants=["fullwidth"])
    with pytest.raises(ValueError, match="no phrase form of the bank allows the variants"):
        none_fit.validate()


def test_the_bank_is_loaded_on_first_draw_not_before(tmp_path: Path) -> None:
    strategy = forbidden_replies(tmp_path / "missing.yaml")  # no error yet
    with pytest.raises(huashu.BankError, match="no such file"):
        strategy.validate()


# --- engine misses the strategies found ---------------------------------------------------

# Fixed: folding used to take the punctuation next to a spaced-out or zero-width-split phrase
# for more spacing and delete it, so the phrase ran into its neighbour and was missed.
@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("绝\u200d对?对不起", "绝对?对不起"),
        ("到\u200c一边等\u200c着，您需要", "到一边等着,你需要"),
        ("不_給_退?让我来帮助您", "不给退?让我来帮助你"),
        ("理解，解 决 不 了", "理解,解决不了"),
        ("好\u200b,你\u200b说得对", "好,你说得对"),
    ],
    ids=["zero-width-then-?", "zero-width-then-fullwidth-comma", "spaced-then-?", "comma-then-spaced",
         "zero-width-around-comma"],
)
def test_folding_keeps_punctuation_next_to_a_spaced_phrase(text: str, folded: str) -> None:
    assert fold(text).text == folded


def test_a_particle_does_not_hide_the_phrase_before_it(mini_checker: huashu.Checker) -> None:
    assert [f.rule_id for f in mini_checker.check("听好了吧")] == ["ZB008"]


TWO_ADVERBS = "我实在完全决定不了"  # TW011 我决定不了 with 实在完全 inserted at one place
SPLIT_ADVERBS = "我实在决定完全不了"  # one in each half: not a form huashu claims to find


def test_two_adverbs_at_one_place_are_found(mini_checker: huashu.Checker) -> None:
    assert [f.rule_id for f in mini_checker.check(TWO_ADVERBS)] == ["TW011"]
    assert mini_checker.check(TWO_ADVERBS) == mini_checker._check(TWO_ADVERBS, exhaustive=True)


def test_adverbs_in_two_places_are_not_a_match_in_either_mode(mini_checker: huashu.Checker) -> None:
    # Insertions sit at one place in a form, so one half always stays whole for the prefilter.
    assert mini_checker.check(SPLIT_ADVERBS) == mini_checker._check(SPLIT_ADVERBS, exhaustive=True) == []
