"""The detection-quality corpus is well formed, and huashu's scores on it stay above a floor.

The corpus is tests/eval/{dev,tune,heldout}.yaml (see tests/eval/README.md); the scorer is
huashu.eval (``python -m huashu.eval``). When the bank or the matcher gets better, raise the
floors below to a few points under the new numbers, so the gain cannot silently be lost.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

import huashu
from huashu.eval import (
    CLEAN_VARIANTS,
    CorpusError,
    DOMAINS,
    FAMILIES,
    FLAGGED_VARIANTS,
    PACK_DOMAINS,
    PACK_FAMILIES,
    NaiveBaseline,
    Report,
    evaluate,
    load_corpus,
)

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "eval"

# Measured with the bundled bank, every severity counted:
#
#   split    recall           seed+variants   paraphrase        precision          clean  near-miss
#   dev      342/342 100.0%  196/196 100.0%  146/146 100.0%  342/342 100.0%   100%   100.0%
#   tune     2835/3216 88.2%  106/108 98.1%  2729/3108 87.8%  2895/2956 97.9%   100%   99.2%
#   heldout  242/288 84.0%  151/159 95.0%  91/129 70.5%  245/251 97.6%   100%   98.2%
#   (151/159 is 94.97%: one span short of the 95% target.)
#   (measured 2026-12-02, after tuning on blind batches 4 to 7; dev and tune are what the bank
#   was tuned on, heldout was never read for tuning. Earlier the same day an audit that did not
#   see huashu's output gave 37 flagged heldout replies a second span (a phrase the writer left
#   unmarked, each in other words than the reply's main one, so scored as a paraphrase): before
#   that audit heldout stood at 218/251 86.9%, 94.3%, 68/92 73.9% and 221/238 92.9%, 14 of whose
#   17 false alarms lay outside the labelled spans; after it and before batch 4, at 79/129 61.2%
#   paraphrase and 97.5% precision. Blind batches scored before they were tuned on: batch 3
#   53.5%, batch 4 53.1%, batch 5 42.9%, batch 6 (written after rounds 4 and 5) 62.0%, batch 7
#   (after round 6) 60.2% paraphrase recall.)
#
# Floors sit a few points below. Issue #5's targets (held-out seed+variants >= 95%,
# paraphrase >= 85%, precision >= 99%) are printed by the scorer; they are not met yet.
FLOORS: dict[str, dict[str, float]] = {
    "dev": {
        "recall": 0.96,
        "seed_recall": 0.96,
        "paraphrase_recall": 0.95,
        "precision": 0.97,
        "clean": 0.98,
        "near-miss": 0.97,
    },
    "tune": {
        "recall": 0.85,
        "seed_recall": 0.94,
        "paraphrase_recall": 0.85,
        "precision": 0.97,
        "clean": 0.98,
        "near-miss": 0.97,
    },
    "heldout": {
        "recall": 0.80,
        "seed_recall": 0.92,
        "paraphrase_recall": 0.65,
        "precision": 0.95,
        "clean": 0.98,
        "near-miss": 0.94,
    },
}


# The packs split (issue #12): 200 replies written blind for the industry packs, 50 a pack, half
# flagged, every one a paraphrase. Scored once, before any tuning, with the pack rules of
# d7dab8c and each reply checked with Checker(packs=[its pack]) (2026-12-06):
#
#   pack     recall         precision      clean  near-miss   core rules only (recall, precision)
#   医疗     17/41 41.5%    17/22 77.3%    100%   76.9%       13/41 31.7%   13/17 76.5%
#   政务     14/37 37.8%    14/20 70.0%    100%   78.6%        8/37 21.6%    8/14 57.1%
#   柜台     20/38 52.6%    20/27 74.1%    100%   92.3%       17/38 44.7%   17/24 70.8%
#   电商     28/38 73.7%    28/31 90.3%    91.7%  92.3%       15/38 39.5%   15/17 88.2%
#   all      79/154 51.3%   79/100 79.0%   97.9%  84.9%       53/154 34.4%  53/72 73.6%
#   naive baseline (core + that pack's canonical phrases): 5/154 3.2%, precision 5/8 62.5%
#
# After 2367f8d (precision on polite counter requests and on 这是正常现象, written from the
# published lists and our own sentences, not from this split): 78/154 50.6%, precision 78/95
# 82.1% (医疗 17/41, 17/19; 政务 14/37, 14/19; 柜台 20/38, 20/26; 电商 27/38, 27/31).
# It stays held out: its misses are not read to write forms. Floors sit a few points below.
PACK_FLOORS: dict[str, dict[str, float]] = {
    "医疗": {"recall": 0.36, "precision": 0.72},
    "政务": {"recall": 0.32, "precision": 0.64},
    "柜台": {"recall": 0.47, "precision": 0.68},
    "电商": {"recall": 0.68, "precision": 0.85},
    "all": {"recall": 0.47, "precision": 0.75},
}


@pytest.fixture(scope="module")
def corpus() -> dict[str, list]:
    return {split: load_corpus(CORPUS, split) for split in ("dev", "tune", "heldout")}


@pytest.fixture(scope="module")
def reports(corpus: dict[str, list]) -> dict[str, Report]:
    checker = huashu.Checker()
    return {split: evaluate(entries, checker) for split, entries in corpus.items()}


# --- the corpus --------------------------------------------------------------------------


def test_corpus_size_and_balance(corpus: dict[str, list]) -> None:
    # The shape the issue asked for holds for dev + heldout; tune is extra tuning material.
    entries = corpus["dev"] + corpus["heldout"]
    assert len(entries) >= 400
    clean = [e for e in entries if e.clean]
    flagged = [e for e in entries if not e.clean]
    assert len(clean) * 2 >= len(entries), "at least half the replies are clean"
    near = [e for e in clean if e.variant == "near-miss"]
    assert len(near) * 2 >= len(clean), "at least half the clean replies are near-misses"
    paraphrases = [e for e in flagged if e.variant == "paraphrase"]
    assert 0.25 <= len(paraphrases) / len(flagged) <= 0.35
    # roughly 60/40
    assert 0.3 <= len(corpus["heldout"]) / len(entries) <= 0.45


def test_tune_split_is_balanced_too(corpus: dict[str, list]) -> None:
    # Mostly paraphrases by design, but with enough clean replies (batches 4 to 6 are about a
    # third clean) that tuning on it also costs false alarms, not only misses.
    entries = corpus["tune"]
    clean = [e for e in entries if e.clean]
    assert len(entries) >= 400 and len(clean) >= len(entries) * 0.3
    assert sum(e.variant == "near-miss" for e in clean) * 2 >= len(clean)


def test_tune_split_is_optional(tmp_path: Path) -> None:
    for name in ("dev", "heldout"):
        (tmp_path / f"{name}.yaml").write_text((CORPUS / f"{name}.yaml").read_text(encoding="utf-8"),
                                               encoding="utf-8")
    assert {e.split for e in load_corpus(tmp_path)} == {"dev", "heldout"}


def test_corpus_entries_are_well_formed(corpus: dict[str, list]) -> None:
    texts: Counter[str] = Counter()
    for split, entries in corpus.items():
        for e in entries:
            texts[e.text] += 1
            assert e.domain in DOMAINS
            if e.clean:
                assert e.family == "clean" and e.variant in CLEAN_VARIANTS, e
            else:
                assert e.family in FAMILIES and e.variant in FLAGGED_VARIANTS, e
            for item in e.flag:
                # an exact substring, and only once, so the span is unambiguous
                assert e.text.count(item) == 1, (split, item, e.text)
    duplicates = [t for t, n in texts.items() if n > 1]
    assert not duplicates, f"replies in the corpus twice (or in both splits): {duplicates}"


@pytest.mark.parametrize("split", ["dev", "heldout"])
def test_each_split_covers_every_family_variant_and_domain(corpus: dict[str, list], split: str) -> None:
    entries = corpus[split]
    assert {e.family for e in entries if not e.clean} == set(FAMILIES)
    assert {e.variant for e in entries if not e.clean} == set(FLAGGED_VARIANTS)
    assert {e.variant for e in entries if e.clean} == set(CLEAN_VARIANTS)
    assert {e.domain for e in entries} == set(DOMAINS)


# --- the floors --------------------------------------------------------------------------


@pytest.mark.parametrize("split", ["dev", "tune", "heldout"])
def test_scores_stay_above_floor(reports: dict[str, Report], split: str) -> None:
    report = reports[split]
    floor = FLOORS[split]
    measured = {
        "recall": report.recall.rate,
        "seed_recall": report.seed_recall.rate,
        "paraphrase_recall": report.paraphrase_recall.rate,
        "precision": report.precision.rate,
        "clean": report.clean_ok["clean"].rate,
        "near-miss": report.clean_ok["near-miss"].rate,
    }
    below = {k: f"{v:.1%} < {floor[k]:.0%}" for k, v in measured.items() if v < floor[k]}
    details = "\n".join(
        [f"miss [{m.entry.family}/{m.entry.variant}] {m.expected!r} in {m.entry.text!r}"
         for m in report.misses[:20]]
        + [f"false alarm {fa.hit.text!r} [{fa.hit.rule_id}] in {fa.entry.text!r}"
           for fa in report.false_alarms[:20]]
    )
    assert not below, f"{split}: quality fell below the floor: {below}\n{details}"


@pytest.mark.parametrize("split", ["dev", "tune", "heldout"])
def test_huashu_beats_naive_baseline(corpus: dict[str, list], reports: dict[str, Report],
                                     split: str) -> None:
    base = evaluate(corpus[split], NaiveBaseline(huashu.load_bank()))
    ours = reports[split]
    assert ours.recall.rate >= base.recall.rate + 0.3
    assert ours.precision.rate >= base.precision.rate


# --- the scorer itself -------------------------------------------------------------------


def test_evaluate_counts_overlaps() -> None:
    from huashu.eval import Entry

    class Fake:
        def __init__(self, spans: dict[str, list[tuple[int, int]]]) -> None:
            self.spans = spans
            self.severity = huashu.Severity.ERROR

        def check(self, text: str) -> list:
            return [huashu.Finding("XX001", "x", self.severity, s, e, text[s:e], 100.0, "")
                    for s, e in self.spans.get(text, [])]

    entries = [
        Entry("我不知道，那不是我的错", ("我不知道", "那不是我的错"), "not-knowing", "seed", "banking"),
        Entry("您好，请问有什么可以帮您？", (), "clean", "clean", "banking"),
    ]
    fake = Fake({"我不知道，那不是我的错": [(1, 3), (9, 11)], "您好，请问有什么可以帮您？": [(0, 2)]})
    report = evaluate(entries, fake)
    # 我不知道 is overlapped by 不知 (1, 3); 那不是我的错 (5, 11) by 的错 (9, 11)
    assert (report.recall.hits, report.recall.total) == (2, 2)
    assert (report.precision.hits, report.precision.total) == (2, 3)
    assert report.clean_ok["clean"].rate == 0.0
    assert [fa.hit.text for fa in report.false_alarms] == ["您好"]
    kept = evaluate(entries[1:], fake, min_severity="error")
    assert kept.precision.total == 1  # an error finding counts at min_severity=error
    fake.severity = huashu.Severity.INFO
    assert evaluate(entries[1:], fake).precision.total == 1  # info counts by default
    assert evaluate(entries[1:], fake, min_severity="warning").precision.total == 0


def test_a_span_can_carry_its_own_variant(tmp_path: Path) -> None:
    # A second phrase found in a label audit is scored under its own variant, not the reply's.
    (tmp_path / "dev.yaml").write_text(
        '- {text: "我不知道，您自己去营业厅问吧。", flag: ["我不知道", '
        '{span: "您自己去营业厅问吧", variant: paraphrase}], family: not-knowing, variant: seed, '
        'domain: telecom}\n', encoding="utf-8")
    (tmp_path / "heldout.yaml").write_text("[]\n", encoding="utf-8")
    [entry] = load_corpus(tmp_path, "dev")
    assert entry.flag == ("我不知道", "您自己去营业厅问吧")
    assert [entry.variant_of(i) for i in range(2)] == ["seed", "paraphrase"]

    class FindsFirst:
        def check(self, text: str) -> list:
            return [huashu.Finding("XX001", "x", huashu.Severity.ERROR, 0, 4, text[:4], 100.0, "")]

    report = evaluate([entry], FindsFirst())
    assert (report.seed_recall.hits, report.seed_recall.total) == (1, 1)
    assert (report.paraphrase_recall.hits, report.paraphrase_recall.total) == (0, 1)
    assert [(m.expected, m.variant) for m in report.misses] == [("您自己去营业厅问吧", "paraphrase")]


@pytest.mark.parametrize("item, message", [
    ('{span: "我不知道"}', "exactly the keys span and variant"),
    ('{span: "我不知道", variant: near-miss}', "not one for a flagged reply"),
    ('{span: "", variant: seed}', "non-empty string"),
])
def test_a_bad_span_mapping_names_the_entry(tmp_path: Path, item: str, message: str) -> None:
    (tmp_path / "dev.yaml").write_text(
        f'- {{text: "我不知道这件事。", flag: [{item}], family: not-knowing, variant: seed, '
        f'domain: telecom}}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=message) as info:
        load_corpus(tmp_path, "dev")
    assert "dev.yaml:entry 1" in str(info.value)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    src = str(REPO / "src")
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def test_cli_runs_on_dev_split() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "huashu.eval", "--split", "dev"],
        capture_output=True, text=True, encoding="utf-8", env=_env(), cwd=REPO, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "== dev:" in out and "heldout" not in out and "tune" not in out
    for needle in ("recall by family", "recall by variant", "precision", "baseline", *FAMILIES):
        assert needle in out


def test_cli_json_and_misses() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "huashu.eval", "--split", "heldout", "--json"],
        capture_output=True, text=True, encoding="utf-8", env=_env(), cwd=REPO, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert set(data) == {"heldout", "settings"}
    ours = data["heldout"]["huashu"]
    assert set(ours["by_family"]) == set(FAMILIES)
    assert ours["recall"]["total"] == len(ours["misses"]) + ours["recall"]["hits"]
    assert data["heldout"]["baseline"]["recall"]["total"] == ours["recall"]["total"]


def test_cli_reports_a_missing_corpus(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "huashu.eval", "--corpus", str(tmp_path)],
        capture_output=True, text=True, encoding="utf-8", env=_env(), cwd=REPO, timeout=300,
    )
    assert proc.returncode == 2
    assert "dev.yaml" in proc.stderr and "Traceback" not in proc.stderr


# --- the packs split -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def packs_corpus() -> list:
    return load_corpus(CORPUS, "packs")


def test_packs_split_is_well_formed(packs_corpus: list) -> None:
    bank_packs = huashu.load_bank().packs()
    by_pack = Counter(e.pack for e in packs_corpus)
    assert set(by_pack) == set(bank_packs) and all(n >= 40 for n in by_pack.values()), by_pack
    for e in packs_corpus:
        assert e.domain in PACK_DOMAINS, e
        if e.clean:
            assert e.family == "clean" and e.variant in CLEAN_VARIANTS, e
        else:
            assert e.family in PACK_FAMILIES and e.variant in FLAGGED_VARIANTS, e
        for item in e.flag:
            assert e.text.count(item) == 1, (item, e.text)
    for pack in bank_packs:
        entries = [e for e in packs_corpus if e.pack == pack]
        assert sum(e.clean for e in entries) * 2 == len(entries), f"{pack}: half the replies are clean"


def test_pack_entries_name_their_pack(tmp_path: Path) -> None:
    (tmp_path / "dev.yaml").write_text("[]\n", encoding="utf-8")
    (tmp_path / "heldout.yaml").write_text("[]\n", encoding="utf-8")
    (tmp_path / "packs.yaml").write_text(
        '- {text: "怕疼就别来看病。", flag: ["怕疼就别来看病"], family: dismiss-pain, '
        'variant: paraphrase, domain: hospital, pack: 医疗}\n'
        '- {text: "请您到3号窗口办理。", flag: [], family: clean, variant: clean, domain: counter, '
        'pack: 银行/电信/公用事业}\n', encoding="utf-8")
    first, second = load_corpus(tmp_path, "packs")
    assert (first.pack, second.pack) == ("医疗", "柜台")  # the writers' name for 柜台 is an alias
    assert {e.split for e in load_corpus(tmp_path)} == {"packs"}
    (tmp_path / "packs.yaml").write_text(
        '- {text: "怕疼就别来看病。", flag: ["怕疼就别来看病"], family: dismiss-pain, '
        'variant: paraphrase, domain: banking}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match="unknown family"):
        load_corpus(tmp_path, "packs")  # a pack family needs a pack


def test_pack_rules_are_scored_with_their_pack(packs_corpus: list) -> None:
    entry = next(e for e in packs_corpus if e.pack == "电商" and not e.clean)
    bare = evaluate([entry], huashu.Checker())
    packed = evaluate([entry], huashu.Checker(), packs={"电商": huashu.Checker(packs=["电商"])})
    assert packed.recall.total == bare.recall.total == len(entry.flag)
    assert set(packed.by_family) == {entry.family}


@pytest.fixture(scope="module")
def pack_checkers() -> dict[str, huashu.Checker]:
    return {p: huashu.Checker(packs=[p]) for p in PACK_FLOORS if p != "all"}


@pytest.mark.parametrize("pack", list(PACK_FLOORS))
def test_pack_scores_stay_above_floor(packs_corpus: list, pack_checkers: dict, pack: str) -> None:
    checkers = pack_checkers
    entries = [e for e in packs_corpus if pack == "all" or e.pack == pack]
    report = evaluate(entries, huashu.Checker(), packs=checkers)
    measured = {"recall": report.recall.rate, "precision": report.precision.rate}
    below = {k: f"{v:.1%} < {PACK_FLOORS[pack][k]:.0%}" for k, v in measured.items()
             if v < PACK_FLOORS[pack][k]}
    assert not below, f"packs {pack}: quality fell below the floor: {below}"
    base = evaluate(entries, NaiveBaseline(), packs={p: NaiveBaseline(packs=[p]) for p in checkers})
    assert report.recall.rate >= base.recall.rate + 0.25
