"""The phrase bank: load and validate YAML, merge a user bank, look approved phrases up.

Loading is strict and collects every problem before raising one :class:`BankError`.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ._errors import BankError, BankProblem
from ._model import Applicability, ApprovedPhrase, Rewrite, Rule, Scenario, Severity
from ._redos import backtracking_risk
from ._segment import cached_value

__all__ = ["PhraseBank", "Settings", "bundled_bank_path", "category_named", "expand", "load_bank"]

CATEGORIES = {
    "TW": "推诿",
    "JJ": "否定拒绝",
    "LM": "冷漠",
    "ZB": "争辩指责",
    "CC": "催促",
    "QL": "轻率承诺",
    "FC": "讽刺挑衅",
    "RP": "回复规范",
}
MATCH_KINDS = ("phrase", "pattern", "reply")
# What a reply-level rule (match: reply) checks about a whole reply; see docs/bank.md.
REPLY_CHECKS = ("greeting", "closing", "apology-action", "pronoun-mix", "bare-refusal")
REWRITE_SCOPES = ("span", "clause")
# A rewrite template's placeholders: {match}, {clause}, {gap}, {@set}, {group}.
PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")
_ID_RE = re.compile(r"^[A-Z]{2}[0-9]{3}$")
_NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ALT_RE = re.compile(r"\{([^{}]*)\}")

_RULE_KEYS = {
    "id", "name", "category", "severity", "source", "message", "match", "forms", "anchors",
    "exceptions", "alternatives", "fix", "rewrites", "enabled", "examples", "unless_followed_by",
    "packs", "profiles", "check", "needs",
}
_RULE_REQUIRED = ("id", "name", "category", "severity", "source", "message", "forms", "alternatives", "examples")
# A user bank needs less: a team's own rule is an id, a message and forms. The rest has defaults
# (see _user_defaults); `huashu bank check` warns about missing examples.
_USER_RULE_REQUIRED = ("id", "message", "forms")
_APPROVED_KEYS = {"text", "techniques", "scenarios", "source"}
_TOP_KEYS = {"version", "settings", "rules", "approved", "scenarios", "disable", "extend"}
_SCENARIO_KEYS = {"name", "cues", "techniques", "source"}
_REWRITE_KEYS = {"to", "applicability", "scope"}
_SETTINGS_KEYS = {"insertable", "protected", "particles", "typo_min_length", "sets"}
_SET_NAME_RE = re.compile(r"^[^\s{}|@~]+$")
_SET_REF_RE = re.compile(r"(?<=[{|])@([^{}|]*)(?=[|}])")
_EXTEND_KEYS = {"forms", "exceptions", "alternatives"}


@dataclass(frozen=True, slots=True)
class Settings:
    """Bank-wide matching settings (see docs/bank.md)."""

    insertable: tuple[str, ...] = ()
    protected: str = ""
    typo_min_length: int = 4
    particles: str = ""
    sets: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Named word sets: ``@name`` inside a ``{…}`` alternation of a phrase form or exception
    stands for all of the set's words (``{@我方|}不知道``)."""


@dataclass(frozen=True, slots=True)
class PhraseBank:
    """Rules and approved phrases, validated and merged; immutable."""

    rules: tuple[Rule, ...]
    approved: tuple[ApprovedPhrase, ...]
    settings: Settings = field(default_factory=Settings)
    paths: tuple[str, ...] = ()
    scenario_cues: tuple[Scenario, ...] = ()
    """The situations a draft can be in, with the cue words that recognise them."""

    def packs(self) -> list[str]:
        """Every industry pack named by a rule, in bank order."""
        return list(dict.fromkeys(p for r in self.rules for p in r.packs))

    def profiles(self) -> list[str]:
        """Every review profile named by a reply-level rule, in bank order."""
        return list(dict.fromkeys(p for r in self.rules for p in r.profiles))

    def rule(self, rule_id: str) -> Rule:
        """The rule with id ``rule_id``; ``KeyError`` if there is none."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def techniques(self) -> list[str]:
        """Every technique named by an approved phrase, in bank order."""
        return list(dict.fromkeys(t for a in self.approved for t in a.techniques))

    def scenarios(self) -> list[str]:
        """Every scenario named by an approved phrase, in bank order."""
        return list(dict.fromkeys(s for a in self.approved for s in a.scenarios))

    def approved_phrases(
        self, *, technique: str | None = None, scenario: str | None = None
    ) -> list[ApprovedPhrase]:
        """Approved phrases of a technique and/or scenario (all of them when neither is given)."""
        return [
            a
            for a in self.approved
            if (technique is None or technique in a.techniques)
            and (scenario is None or scenario in a.scenarios)
        ]

    def lookup(self, tag: str) -> list[ApprovedPhrase]:
        """Approved phrases whose technique or scenario is ``tag`` (or contains it).

        >>> bank = load_bank()
        >>> any("理解" in a.text for a in bank.lookup("移情法"))
        True
        """
        exact = [a for a in self.approved if tag in a.techniques or tag in a.scenarios]
        if exact:
            return exact
        return [a for a in self.approved if any(tag in t for t in (*a.techniques, *a.scenarios))]


def bundled_bank_path() -> Path:
    """Where the bundled ``phrases.yaml`` is: inside the package, or at the repository root."""
    packaged = resources.files("huashu").joinpath("data/phrases.yaml")
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "data" / "phrases.yaml"


def expand(form: str) -> list[str]:
    """Expand ``{a|b}`` alternations: ``expand("{我|我们}不知道") == ["我不知道", "我们不知道"]``."""
    parts = _ALT_RE.split(form)
    choices = [[p] if i % 2 == 0 else p.split("|") for i, p in enumerate(parts)]
    return ["".join(combo) for combo in itertools.product(*choices)]


CLAUSE_START = "^"
CLAUSE_END = "$"


def clause_marks(form: str) -> tuple[str, bool, bool]:
    """``(text, at_start, at_end)`` of an expanded phrase form: ``^`` before it means the phrase
    must open a clause, ``$`` after it that it must close one (particles may follow).

    >>> clause_marks("我不管$")
    ('我不管', False, True)
    """
    head = form.startswith(CLAUSE_START)
    tail = form.endswith(CLAUSE_END) and len(form) > int(head)
    return form[int(head): len(form) - int(tail)], head, tail


def _with_sets(form: str, sets: Mapping[str, tuple[str, ...]]) -> str | None:
    """``form`` with every ``@name`` alternative replaced by the words of set ``name``;
    ``None`` when a name is not a set."""
    missing = False

    def words(m: re.Match[str]) -> str:
        nonlocal missing
        if m.group(1) not in sets:
            missing = True
            return m.group(0)
        return "|".join(sets[m.group(1)])

    out = _SET_REF_RE.sub(words, form)
    return None if missing else out


# --- YAML with line numbers -------------------------------------------------------------


class _Map(dict):  # type: ignore[type-arg]
    line: int | None = None


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader (libyaml's when there is one) that keeps each mapping's line number."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> _Map:
    loader.flatten_mapping(node)
    result = _Map()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


# The layout of a parsed bank kept in the user's cache folder (see _read_yaml).
_YAML_CACHE_FORMAT = 1


def _to_marshal(data: Any) -> Any:
    """``data`` as marshal can store it: a mapping becomes ``(line, [(key, value), ...])``."""
    if isinstance(data, dict):
        return (getattr(data, "line", None), [(k, _to_marshal(v)) for k, v in data.items()])
    if isinstance(data, list):
        return [_to_marshal(v) for v in data]
    if isinstance(data, tuple):  # (!!pairs) would read back as a mapping: no cache
        raise ValueError("a tuple in the parsed bank")
    return data


def _from_marshal(data: Any) -> Any:
    if isinstance(data, tuple):
        out = _Map((k, _from_marshal(v)) for k, v in data[1])
        out.line = data[0]
        return out
    if isinstance(data, list):
        return [_from_marshal(v) for v in data]
    return data


def _read_yaml(path: Path) -> Any:
    """The parsed bank file, each mapping with its line. A file parsed before is read back from
    the user's cache folder, named by a hash of its text: parsing the bundled bank's YAML is a
    good part of a cold start."""
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BankError([BankProblem(shown, "file", "-", "no such file")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BankError([BankProblem(shown, "file", "-", f"cannot read: {exc}")]) from None
    digest = hashlib.sha256(f"{_YAML_CACHE_FORMAT}\0{yaml.__version__}\0{text}".encode()).hexdigest()
    try:
        # A value marshal cannot store (a date, say) or a tuple (!!pairs): not cached.
        return cached_value(f"yaml-{digest[:24]}.bin",
                            lambda: yaml.load(text, Loader=_Loader),  # noqa: S506 - a safe loader
                            encode=_to_marshal, decode=_from_marshal)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        why = getattr(exc, "problem", None) or str(exc)
        raise BankError([BankProblem(shown, "file", "yaml", f"not valid YAML: {why}", line)]) from None


# --- validation -----------------------------------------------------------------------


class _Problems:
    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[BankProblem] = []

    def add(self, entry: str, fld: str, message: str, line: int | None = None) -> None:
        self.items.append(BankProblem(self.path, entry, fld, message, line))


def _line(obj: Any) -> int | None:
    return getattr(obj, "line", None)


def _strings(value: Any, entry: str, fld: str, problems: _Problems, line: int | None,
             *, required: bool = False) -> tuple[str, ...]:
    if value is None:
        if required:
            problems.add(entry, fld, "is required", line)
        return ()
    if isinstance(value, str) or not isinstance(value, list):
        problems.add(entry, fld, "must be a list of strings", line)
        return ()
    out: list[str] = []
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            problems.add(entry, f"{fld}[{i}]", "must be a non-empty string", line)
        else:
            out.append(item.strip())
    if required and not out and value is not None and not value:
        problems.add(entry, fld, "must not be empty", line)
    return tuple(out)


def _check_keys(data: Mapping[str, Any], allowed: set[str], entry: str, problems: _Problems) -> None:
    for key in data:
        if key not in allowed:
            hint = ", ".join(sorted(allowed))
            problems.add(entry, str(key), f"unknown key (allowed: {hint})", _line(data))


def _resolve_sets(items: tuple[str, ...], sets: Mapping[str, tuple[str, ...]], entry: str, fld: str,
                  problems: _Problems, line: int | None) -> tuple[str, ...]:
    out = []
    for i, item in enumerate(items):
        resolved = _with_sets(item, sets)
        if resolved is None:
            names = ", ".join(sorted(set(_SET_REF_RE.findall(item)) - set(sets)))
            problems.add(entry, f"{fld}[{i}]", f"unknown word set @{names} (settings.sets)", line)
        else:
            out.append(resolved)
    return tuple(out)


def _check_patterns(forms: tuple[str, ...], entry: str, problems: _Problems, line: int | None,
                    *, trusted: bool = False) -> None:
    """A ``match: pattern`` rule's forms must compile and must not backtrack catastrophically:
    they run on every reply, so one ``(a+)+`` in a user bank could hang the checker. The
    bundled bank's forms (``trusted``) are analysed by the test suite instead
    (tests/test_redos.py), which saves every start the analysis."""
    for i, form in enumerate(forms):
        try:
            re.compile(form)
        except re.error as exc:
            problems.add(entry, f"forms[{i}]", f"bad regular expression: {exc}", line)
            continue
        if trusted:
            continue
        risk = backtracking_risk(form)
        if risk is not None:
            problems.add(entry, f"forms[{i}]", f"can backtrack catastrophically: {risk}", line)


def category_named(name: Any) -> str | None:
    """The category ``name`` means: its full name (``否定拒绝``), its id prefix (``JJ``, any
    case) or a part of one name only (``拒绝``, ``争辩``); ``None`` when it means none.

    >>> category_named("tw"), category_named("拒绝"), category_named("不存在")
    ('推诿', '否定拒绝', None)
    """
    if not isinstance(name, str) or not name.strip():
        return None
    name = name.strip()
    if name in CATEGORIES.values():
        return name
    if name.upper() in CATEGORIES:
        return CATEGORIES[name.upper()]
    found = [c for c in CATEGORIES.values() if len(name) >= 2 and name in c]
    return found[0] if len(found) == 1 else None


def _user_defaults(data: Mapping[str, Any], origin: str) -> dict[str, Any]:
    """A user bank's rule with the fields a team rarely has filled in: ``name`` from the id
    (``tw901``), ``category`` from the id prefix or a short name (``TW``, ``拒绝``), ``severity``
    warning, ``source`` the bank file's name, ``alternatives`` none."""
    out = dict(data)
    rid = data.get("id")
    if "name" not in out and isinstance(rid, str):
        out["name"] = rid.lower()
    if "category" not in out and isinstance(rid, str) and rid[:2] in CATEGORIES:
        out["category"] = CATEGORIES[rid[:2]]
    elif "category" in out and category_named(out["category"]) is not None:
        out["category"] = category_named(out["category"])
    out.setdefault("severity", "warning")
    out.setdefault("source", Path(origin).name)
    out.setdefault("alternatives", [])
    return out


def _parse_rule(data: Any, index: int, problems: _Problems, origin: str,
                sets: Mapping[str, tuple[str, ...]] | None = None, *, strict: bool = True) -> Rule | None:
    """One rule; ``strict`` (the bundled bank) needs every field, a user bank has defaults."""
    entry = f"rules[{index}]"
    if not isinstance(data, Mapping):
        problems.add(entry, "-", "must be a mapping", None)
        return None
    line = _line(data)
    rid = data.get("id")
    if isinstance(rid, str):
        entry = f"rules[{index}] ({rid})"
    before = len(problems.items)
    _check_keys(data, _RULE_KEYS, entry, problems)
    for key in _RULE_REQUIRED if strict else _USER_RULE_REQUIRED:
        if key not in data:
            problems.add(entry, key, "is required", line)
    if not strict:
        if "category" not in data and not (isinstance(rid, str) and rid[:2] in CATEGORIES):
            problems.add(entry, "category", "is required: the id prefix names no category "
                         f"({', '.join(CATEGORIES)})", line)
        data = _user_defaults(data, origin)
    if not isinstance(rid, str) or not _ID_RE.match(rid):
        problems.add(entry, "id", "must be two capital letters and three digits, e.g. TW001", line)
    name = data.get("name")
    if "name" in data and (not isinstance(name, str) or not _NAME_RE.match(name)):
        problems.add(entry, "name", "must be ASCII kebab-case, e.g. dont-know", line)
    category = data.get("category")
    if "category" in data:
        if category not in CATEGORIES.values():
            also = "" if strict else ", or an id prefix (TW) or a short name (拒绝)"
            problems.add(entry, "category", f"must be one of {', '.join(CATEGORIES.values())}{also}", line)
        elif isinstance(rid, str) and rid[:2] in CATEGORIES and CATEGORIES[rid[:2]] != category:
            problems.add(entry, "category", f"id prefix {rid[:2]} means {CATEGORIES[rid[:2]]}", line)
    severity = data.get("severity")
    if "severity" in data and severity not in {s.value for s in Severity}:
        problems.add(entry, "severity", "must be error, warning or info", line)
    for key in ("source", "message"):
        if key in data and (not isinstance(data[key], str) or not data[key].strip()):
            problems.add(entry, key, "must be a non-empty string", line)
    match = data.get("match", "phrase")
    if match not in MATCH_KINDS:
        problems.add(entry, "match", f"must be one of {', '.join(MATCH_KINDS)}", line)
    forms = _strings(data.get("forms"), entry, "forms", problems, line, required="forms" in data)
    written_forms = forms
    if "forms" in data and isinstance(data.get("forms"), list) and not data["forms"]:
        problems.add(entry, "forms", "must not be empty", line)
    anchors = _strings(data.get("anchors"), entry, "anchors", problems, line)
    if match == "pattern":
        if not anchors:
            problems.add(entry, "anchors", "is required for match: pattern", line)
        _check_patterns(forms, entry, problems, line, trusted=strict)
    elif match == "reply":
        if "anchors" in data:
            problems.add(entry, "anchors", "only for match: pattern", line)
        forms = _resolve_sets(forms, sets or {}, entry, "forms", problems, line)
    else:
        if "anchors" in data:
            problems.add(entry, "anchors", "only for match: pattern", line)
        forms = _resolve_sets(forms, sets or {}, entry, "forms", problems, line)
        for i, form in enumerate(forms):
            body = clause_marks(form)[0]
            if "~" in body and any(not piece.strip() for piece in body.split("~")):
                problems.add(entry, f"forms[{i}]", "a ~ gap needs text on both sides", line)
            if CLAUSE_START in body or CLAUSE_END in body or not body.strip():
                problems.add(entry, f"forms[{i}]",
                             "^ and $ may only open and close a form, around some text", line)
    exceptions = _strings(data.get("exceptions"), entry, "exceptions", problems, line)
    written_exceptions = exceptions
    if match != "pattern":
        exceptions = _resolve_sets(exceptions, sets or {}, entry, "exceptions", problems, line)
    redeemers = _resolve_sets(_strings(data.get("unless_followed_by"), entry, "unless_followed_by", problems, line),
                              sets or {}, entry, "unless_followed_by", problems, line)
    alternatives = _strings(data.get("alternatives"), entry, "alternatives", problems, line,
                            required="alternatives" in data and strict)
    if strict and "alternatives" in data and isinstance(data.get("alternatives"), list) and not data["alternatives"]:
        problems.add(entry, "alternatives", "must not be empty", line)
    rewrites = _parse_rewrites(data, entry, problems, line, match, forms, sets or {})
    enabled = data.get("enabled", True)
    if not isinstance(enabled, bool):
        problems.add(entry, "enabled", "must be true or false", line)
    bad: tuple[str, ...] = ()
    good: tuple[str, ...] = ()
    examples = data.get("examples")
    if examples is not None:
        if not isinstance(examples, Mapping):
            problems.add(entry, "examples", "must be a mapping {bad, good}", line)
        else:
            _check_keys(examples, {"bad", "good"}, f"{entry} examples", problems)
            bad = _strings(examples.get("bad"), entry, "examples.bad", problems, line)
            good = _strings(examples.get("good"), entry, "examples.good", problems, line)
            if not bad:
                problems.add(entry, "examples.bad", "needs at least one sentence that must be flagged", line)
    packs = _strings(data.get("packs"), entry, "packs", problems, line)
    profiles = _strings(data.get("profiles"), entry, "profiles", problems, line)
    check = data.get("check", "")
    needs: dict[str, tuple[str, ...]] = {}
    raw_needs = data.get("needs")
    if raw_needs is not None:
        if match != "reply" or not isinstance(raw_needs, Mapping):
            problems.add(entry, "needs", "only for match: reply, a mapping of name to a list of phrases", line)
        else:
            for key, words in raw_needs.items():
                needs[str(key)] = _resolve_sets(_strings(words, entry, f"needs.{key}", problems, line, required=True),
                                                sets or {}, entry, f"needs.{key}", problems, line)
    if match == "reply":
        if check not in REPLY_CHECKS:
            problems.add(entry, "check", f"a reply rule needs check: one of {', '.join(REPLY_CHECKS)}", line)
        if not profiles:
            problems.add(entry, "profiles", "a reply rule needs the profiles that turn it on (chat, phone …)", line)
    else:
        for key in ("check", "profiles"):
            if key in data:
                problems.add(entry, key, "only for match: reply", line)
    if len(problems.items) > before:
        return None
    return Rule(
        id=rid, name=name, category=category, severity=Severity(severity), source=data["source"].strip(),
        message=data["message"].strip(), match=match, forms=forms, anchors=anchors,
        exceptions=exceptions, alternatives=alternatives, rewrites=rewrites, enabled=enabled,
        bad_examples=bad, good_examples=good, origin=origin, unless_followed_by=redeemers,
        packs=packs, profiles=profiles, check=check, needs=needs,
        written_forms=written_forms, written_exceptions=written_exceptions,
    )


def _parse_rewrites(data: Mapping[str, Any], entry: str, problems: _Problems, line: int | None,
                    match: str, forms: tuple[str, ...], sets: Mapping[str, tuple[str, ...]]) -> tuple[Rewrite, ...]:
    """``rewrites:`` (and the older ``fix: {replacement, safe}``, read as one span rewrite)."""
    out: list[Rewrite] = []
    raw_fix = data.get("fix")
    if raw_fix is not None:
        if not isinstance(raw_fix, Mapping):
            problems.add(entry, "fix", "must be a mapping {replacement, safe}", line)
        else:
            _check_keys(raw_fix, {"replacement", "safe"}, entry, problems)
            repl, safe = raw_fix.get("replacement"), raw_fix.get("safe")
            if not isinstance(repl, str):
                problems.add(entry, "fix.replacement", "must be a string", line)
            if not isinstance(safe, bool):
                problems.add(entry, "fix.safe", "must be true or false", line)
            if isinstance(repl, str) and isinstance(safe, bool):
                out.append(Rewrite(repl, Applicability.SAFE if safe else Applicability.UNSAFE, "span"))
    raw = data.get("rewrites")
    if raw is None:
        return tuple(out)
    if not isinstance(raw, list):
        problems.add(entry, "rewrites", "must be a list of {to, applicability, scope} (or strings)", line)
        return tuple(out)
    groups: set[str] = set()
    if match == "pattern":
        for form in forms:
            try:
                groups |= set(re.compile(form).groupindex)
            except re.error:
                pass
    for i, item in enumerate(raw):
        fld = f"rewrites[{i}]"
        if isinstance(item, str):
            item = {"to": item}
        if not isinstance(item, Mapping):
            problems.add(entry, fld, "must be a string or a mapping {to, applicability, scope}", line)
            continue
        _check_keys(item, _REWRITE_KEYS, f"{entry} {fld}", problems)
        to = item.get("to")
        if not isinstance(to, str):
            problems.add(entry, f"{fld}.to", "must be a string (the replacement text)", line)
            continue
        applicability = item.get("applicability", "unsafe")
        if applicability not in {a.value for a in Applicability}:
            problems.add(entry, f"{fld}.applicability", "must be safe, unsafe or display", line)
            continue
        scope = item.get("scope", "span")
        if scope not in REWRITE_SCOPES:
            problems.add(entry, f"{fld}.scope", f"must be one of {', '.join(REWRITE_SCOPES)}", line)
            continue
        bad = [name for name in PLACEHOLDER_RE.findall(to)
               if not (name in ("match", "clause", "gap") or (name.startswith("@") and name[1:] in sets)
                       or name in groups)]
        if bad:
            problems.add(entry, f"{fld}.to",
                         f"unknown placeholder {{{bad[0]}}} (use {{match}}, {{clause}}, {{gap}}, {{@set}} "
                         "or a named group of a pattern form)", line)
            continue
        if "{gap}" in to and match == "phrase" and not any("~" in f for f in forms):
            problems.add(entry, f"{fld}.to", "{gap} needs a gap form (one with ~)", line)
            continue
        out.append(Rewrite(to, Applicability(applicability), scope))
    return tuple(out)


def _open_entry(data: Any, section: str, index: int, label: str, keys: set[str],
                problems: _Problems) -> tuple[str, int | None] | None:
    """The name and line of entry ``index`` of a list ``section`` (``approved``, ``scenarios``),
    after checking it is a mapping with known keys whose ``label`` and ``source`` are strings;
    ``None`` when it is not a mapping."""
    entry = f"{section}[{index}]"
    if not isinstance(data, Mapping):
        problems.add(entry, "-", "must be a mapping", None)
        return None
    line = _line(data)
    if isinstance(data.get(label), str):
        entry = f"{section}[{index}] ({data[label]})"
    _check_keys(data, keys, entry, problems)
    for key in (label, "source"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            problems.add(entry, key, "must be a non-empty string", line)
    return entry, line


def _parse_scenario(data: Any, index: int, problems: _Problems) -> Scenario | None:
    before = len(problems.items)
    opened = _open_entry(data, "scenarios", index, "name", _SCENARIO_KEYS, problems)
    if opened is None:
        return None
    entry, line = opened
    cues = _strings(data.get("cues"), entry, "cues", problems, line, required=True)
    techniques = _strings(data.get("techniques", []), entry, "techniques", problems, line)
    if len(problems.items) > before:
        return None
    return Scenario(data["name"].strip(), tuple(c for cue in cues for c in expand(cue)), techniques,
                    data["source"].strip())


def _parse_approved(data: Any, index: int, problems: _Problems) -> ApprovedPhrase | None:
    before = len(problems.items)
    opened = _open_entry(data, "approved", index, "text", _APPROVED_KEYS, problems)
    if opened is None:
        return None
    entry, line = opened
    for key in ("techniques", "scenarios"):
        if key not in data:
            problems.add(entry, key, "is required (may be an empty list)", line)
    techniques = _strings(data.get("techniques", []), entry, "techniques", problems, line)
    scenarios = _strings(data.get("scenarios", []), entry, "scenarios", problems, line)
    if len(problems.items) > before:
        return None
    return ApprovedPhrase(data["text"].strip(), techniques, scenarios, data["source"].strip())


def _parse_settings(data: Any, problems: _Problems, base: Settings) -> Settings:
    if data is None:
        return base
    if not isinstance(data, Mapping):
        problems.add("settings", "-", "must be a mapping", None)
        return base
    _check_keys(data, _SETTINGS_KEYS, "settings", problems)
    line = _line(data)
    insertable = _strings(data.get("insertable"), "settings", "insertable", problems, line) \
        if "insertable" in data else base.insertable
    protected = data.get("protected", base.protected)
    if not isinstance(protected, str):
        problems.add("settings", "protected", "must be a string of characters", line)
        protected = base.protected
    particles = data.get("particles", base.particles)
    if not isinstance(particles, str):
        problems.add("settings", "particles", "must be a string of characters", line)
        particles = base.particles
    minimum = data.get("typo_min_length", base.typo_min_length)
    if not isinstance(minimum, int) or isinstance(minimum, bool) or minimum < 2:
        problems.add("settings", "typo_min_length", "must be a whole number of at least 2", line)
        minimum = base.typo_min_length
    sets = dict(base.sets)
    raw_sets = data.get("sets", {}) or {}
    if not isinstance(raw_sets, Mapping):
        problems.add("settings", "sets", "must be a mapping of name to a list of words", line)
        raw_sets = {}
    for name, words in raw_sets.items():
        if not isinstance(name, str) or not _SET_NAME_RE.match(name):
            problems.add("settings", f"sets.{name}", "a set name has no spaces, braces, |, @ or ~", line)
            continue
        members = _strings(words, "settings", f"sets.{name}", problems, line, required=True)
        bad = [w for w in members if set(w) & set("{}|@~")]
        if bad:
            problems.add("settings", f"sets.{name}", f"words may not hold braces, |, @ or ~: {bad[0]!r}", line)
        elif members:
            sets[name] = members
    return Settings(insertable, protected, minimum, particles, sets)


def _parse(path: Path, base: PhraseBank | None, *, strict: bool = False) -> PhraseBank:
    """Parse one bank file over ``base``; ``strict`` for the bundled bank (every rule field
    required), else a user bank's defaults apply."""
    shown = str(path)
    problems = _Problems(shown)
    data = _read_yaml(path)
    if data is None:
        data = _Map()
    if not isinstance(data, Mapping):
        raise BankError([BankProblem(shown, "file", "-", "must be a mapping with rules and approved")])
    _check_keys(data, _TOP_KEYS, "file", problems)
    if base is None:
        for key in ("disable", "extend"):
            if key in data:
                problems.add("file", key, "only a user bank may disable or extend rules", _line(data))
    if data.get("version", 1) != 1:
        problems.add("file", "version", "only version 1 is known", _line(data))
    settings = _parse_settings(data.get("settings"), problems, base.settings if base else Settings())

    raw_rules = data.get("rules", []) or []
    if not isinstance(raw_rules, list):
        problems.add("file", "rules", "must be a list", _line(data))
        raw_rules = []
    rules: list[Rule] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(raw_rules):
        rule = _parse_rule(raw, i, problems, shown, settings.sets, strict=strict)
        if rule is None:
            continue
        if rule.id in seen:
            problems.add(f"rules[{i}] ({rule.id})", "id", f"duplicate of rules[{seen[rule.id]}]", _line(raw))
            continue
        seen[rule.id] = i
        rules.append(rule)

    raw_approved = data.get("approved", []) or []
    if not isinstance(raw_approved, list):
        problems.add("file", "approved", "must be a list", _line(data))
        raw_approved = []
    approved = [a for i, raw in enumerate(raw_approved) if (a := _parse_approved(raw, i, problems))]
    raw_scenarios = data.get("scenarios", []) or []
    if not isinstance(raw_scenarios, list):
        problems.add("file", "scenarios", "must be a list", _line(data))
        raw_scenarios = []
    scenarios = [c for i, raw in enumerate(raw_scenarios) if (c := _parse_scenario(raw, i, problems))]

    merged_rules: list[Rule] = list(base.rules) if base else []
    if base is not None:
        known = {r.id for r in merged_rules}
        disable = data.get("disable", []) or []
        disabled = set(_strings(disable, "disable", "disable", problems, _line(data)))
        for rid in sorted(disabled - known - set(seen)):
            problems.add("disable", rid, "no such rule", _line(data))
        extend = data.get("extend", {}) or {}
        if not isinstance(extend, Mapping):
            problems.add("extend", "-", "must be a mapping of rule id to additions", _line(data))
            extend = {}
        additions: dict[str, dict[str, tuple[str, ...]]] = {}
        written: dict[str, dict[str, tuple[str, ...]]] = {}
        for rid, more in extend.items():
            if rid not in known and rid not in seen:
                problems.add(f"extend.{rid}", "-", "no such rule", _line(extend))
                continue
            if not isinstance(more, Mapping):
                problems.add(f"extend.{rid}", "-", "must be a mapping", _line(extend))
                continue
            _check_keys(more, _EXTEND_KEYS, f"extend.{rid}", problems)
            additions[rid] = {k: _strings(more.get(k), f"extend.{rid}", k, problems, _line(more))
                              for k in _EXTEND_KEYS}
            written[rid] = dict(additions[rid])
            target = next((r for r in rules if r.id == rid), None) or next(r for r in merged_rules if r.id == rid)
            if target.match == "pattern":
                _check_patterns(additions[rid]["forms"], f"extend.{rid}", problems, _line(more))
            else:
                for k in ("forms", "exceptions"):
                    additions[rid][k] = _resolve_sets(additions[rid][k], settings.sets, f"extend.{rid}", k,
                                                      problems, _line(more))
        by_id = {r.id: i for i, r in enumerate(merged_rules)}
        for rule in rules:
            if rule.id in by_id:
                merged_rules[by_id[rule.id]] = rule
            else:
                by_id[rule.id] = len(merged_rules)
                merged_rules.append(rule)
        for rid, more in additions.items():
            i = by_id[rid]
            r = merged_rules[i]
            merged_rules[i] = replace(
                r,
                forms=r.forms + more["forms"],
                exceptions=r.exceptions + more["exceptions"],
                alternatives=r.alternatives + more["alternatives"],
                written_forms=(r.written_forms or r.forms) + written[rid]["forms"],
                written_exceptions=(r.written_exceptions or r.exceptions) + written[rid]["exceptions"],
            )
        merged_rules = [replace(r, enabled=False) if r.id in disabled else r for r in merged_rules]
        approved = list(base.approved) + approved
        scenarios = list(base.scenario_cues) + scenarios
    else:
        merged_rules = rules
    if problems.items:
        raise BankError(problems.items)
    return PhraseBank(tuple(merged_rules), tuple(approved), settings,
                      (base.paths if base else ()) + (shown,), tuple(scenarios))


def load_bank(path: str | Path | None = None, *, extend_default: bool = True) -> PhraseBank:
    """Load a phrase bank.

    Args:
        path: a user bank file. ``None`` loads only the bundled bank.
        extend_default: with a ``path``, ``True`` (the default) layers the user bank over the
            bundled one (add, override by id, ``disable``, ``extend``); ``False`` loads the user
            bank alone.

    Raises:
        BankError: the file is missing, unreadable, not YAML or not a valid bank; the error lists
            every problem as ``file:line: entry: field: why``.
    """
    bundled = bundled_bank_path()
    if path is None:
        return _parse(bundled, None, strict=True)
    if not extend_default:
        return _parse(Path(path), None, strict=_same_file(Path(path), bundled))
    return _parse(Path(path), _parse(bundled, None, strict=True))


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def iter_forms(rule: Rule) -> Iterator[str]:
    """Every literal form of a ``phrase`` rule, with ``{a|b}`` expanded."""
    for form in rule.forms:
        yield from expand(form)


def iter_exceptions(rule: Rule) -> Iterable[str]:
    for exc in rule.exceptions:
        yield from expand(exc)
