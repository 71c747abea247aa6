"""Output formats of the CLI, as pure functions from values to text.

Nothing here reads a file, looks at a terminal or prints: the CLI decides (colour or not, which
streams) and passes it in, so every format is tested with plain strings. The JSON shapes are a
contract, documented in ``docs/json-output.md``.

>>> display_width("您好, ok")
8
"""

from __future__ import annotations

import difflib
import json
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from ._bank import clause_marks, expand
from ._files import split_lines
from ._model import ApprovedPhrase, Finding, Rule
from ._suggest import Suggestion

__all__ = [
    "Located",
    "Summary",
    "display_width",
    "format_approved",
    "format_diff",
    "format_diff_summary",
    "format_github",
    "format_json",
    "format_jsonl",
    "format_rules",
    "format_rules_json",
    "format_sarif",
    "format_statistics",
    "format_statistics_json",
    "format_suggestions",
    "format_suggestions_json",
    "format_summary",
    "format_tags",
    "format_text",
    "rule_to_dict",
    "statistics",
]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


@dataclass(frozen=True, slots=True)
class Located:
    """A finding with its place in a file: 1-based line and column (in characters).

    ``end_line``/``end_column`` point just after the last character (exclusive), as in SARIF.
    ``source`` is the text of the line the finding starts on. ``fixable`` is ``"safe"``,
    ``"unsafe"``, ``"display"`` or ``None``: what ``--fix`` (with ``--unsafe-fixes``) would do
    with it; ``rewrite`` is the text that would replace ``rewrite_span`` (line and column pairs).
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    source: str
    finding: Finding
    fixable: str | None = None
    rewrite: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of ``--format json``: where, then ``Finding.to_dict()``."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            **self.finding.to_dict(),
        }


@dataclass(slots=True)
class Summary:
    """Counts for the closing line of a text report."""

    files: int = 0
    unreadable: int = 0
    files_with_findings: int = 0
    by_severity: Counter[str] = field(default_factory=Counter)
    fixable: int = 0
    fixable_unsafe: int = 0
    fixed: int = 0
    fixed_files: int = 0

    def add(self, items: Sequence[Located], *, unsafe_fixes: bool) -> None:
        self.files += 1
        if items:
            self.files_with_findings += 1
        for item in items:
            self.by_severity[str(item.finding.severity)] += 1
            if item.fixable == "safe" or (item.fixable == "unsafe" and unsafe_fixes):
                self.fixable += 1
            elif item.fixable == "unsafe":
                self.fixable_unsafe += 1


# --- text ---------------------------------------------------------------------------------

_RESET = "\x1b[0m"
_SEVERITY_COLOUR = {"error": "31", "warning": "33", "info": "36"}


class _Paint:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, *codes: str) -> str:
        if not self.color or not codes or not text:
            return text
        return f"\x1b[{';'.join(codes)}m{text}{_RESET}"


def char_width(char: str) -> int:
    """Terminal columns of one character: 2 for wide and full-width (CJK), 0 for combining
    and format characters, else 1."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes (a Chinese character is two)."""
    return sum(char_width(c) for c in text)


def _visible(text: str) -> str:
    """``text`` safe to show on one terminal line: tabs as four spaces, controls as ``?``."""
    if text.isprintable():
        return text
    return "".join(
        "    " if c == "\t" else ("?" if unicodedata.category(c) == "Cc" else c) for c in text
    )


_CONTEXT = 40  # characters kept either side of a finding on a long line


def _excerpt(item: Located) -> tuple[str, str, str]:
    source = item.source
    start = item.column - 1
    end = item.end_column - 1 if item.end_line == item.line else len(source)
    left, mid, right = source[:start], source[start:end], source[end:]
    if len(left) > _CONTEXT:
        left = "…" + left[-(_CONTEXT - 1):]
    if len(right) > _CONTEXT:
        right = right[: _CONTEXT - 1] + "…"
    return _visible(left), _visible(mid), _visible(right)


def format_text(
    items: Iterable[Located], *, color: bool = False, concise: bool = False, unsafe_fixes: bool = False
) -> str:
    """The readable report: per finding ``path:line:col: RULE_ID message``, then (unless
    ``concise``) the line with the phrase underlined and the best alternative.

    ``[*]`` after the rule id marks a finding ``--fix`` would fix. The carets line up under the
    phrase in a terminal: Chinese characters count two columns.
    """
    paint = _Paint(color)
    blocks = []
    for item in items:
        f = item.finding
        colour = _SEVERITY_COLOUR.get(str(f.severity), "0")
        fixable = item.fixable == "safe" or (item.fixable == "unsafe" and unsafe_fixes)
        head = (
            f"{paint(item.path, '1')}:{item.line}:{item.column}: "
            f"{paint(f.rule_id, '1', colour)}{' ' + paint('[*]', '36') if fixable else ''} {f.message}"
        )
        if concise:
            blocks.append(head + "\n")
            continue
        left, mid, right = _excerpt(item)
        number = str(item.line)
        gutter = " " * len(number)
        lines = [
            head,
            f"{paint(number + ' |', '34')} {left}{paint(mid, '1', colour)}{right}",
            f"{paint(gutter + ' |', '34')} {' ' * display_width(left)}"
            + paint("^" * max(1, display_width(mid)), '1', colour),
        ]
        if item.rewrite is not None:
            how = {"safe": "", "unsafe": " (--unsafe-fixes)", "display": " (仅供参考)"}.get(item.fixable or "", "")
            lines.append(f"{paint(gutter + ' =', '34')} {paint('改写:', '1', '32')} {item.rewrite}{paint(how, '2')}")
        if f.suggestions:
            lines.append(f"{paint(gutter + ' =', '34')} {paint('建议:', '1', '32')} {f.suggestions[0]}")
        blocks.append("\n".join(lines) + "\n\n")
    return "".join(blocks)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def format_summary(summary: Summary, *, color: bool = False, unsafe_fixes: bool = False) -> str:
    """The closing lines of a text report: what was found, fixed and fixable."""
    paint = _Paint(color)
    lines = []
    if summary.fixed:
        lines.append(f"Fixed {_plural(summary.fixed, 'finding')} in {_plural(summary.fixed_files, 'file')}.")
    total = sum(summary.by_severity.values())
    if total:
        parts = ", ".join(
            _plural(summary.by_severity[s], s) if s != "info" else f"{summary.by_severity[s]} info"
            for s in ("error", "warning", "info") if summary.by_severity[s]
        )
        lines.append(paint(
            f"Found {_plural(total, 'finding')} ({parts}) in {summary.files_with_findings} of "
            f"{_plural(summary.files, 'file')}.", "1"))
        if summary.fixable:
            lines.append(f"{paint('[*]', '36')} {summary.fixable} fixable with `huashu lint --fix`.")
        if summary.fixable_unsafe and not unsafe_fixes:
            lines.append(f"{summary.fixable_unsafe} more fixable with `--fix --unsafe-fixes`.")
    else:
        lines.append(paint(f"No findings in {_plural(summary.files, 'file')}.", "1", "32"))
    if summary.unreadable:
        lines.append(paint(f"{_plural(summary.unreadable, 'file')} could not be read (see above).", "1", "31"))
    return "\n".join(lines) + "\n"


def format_diff_summary(fixes: int, files: int) -> str:
    """The stderr line after ``--diff``."""
    if not fixes:
        return "No fixes to make.\n"
    return f"Would fix {_plural(fixes, 'finding')} in {_plural(files, 'file')}.\n"


# --- statistics ---------------------------------------------------------------------------


def statistics(items: Iterable[Located]) -> list[dict[str, Any]]:
    """Counts per rule, most frequent first: ``rule_id, category, severity, count, fixable``."""
    rows: dict[str, dict[str, Any]] = {}
    for item in items:
        f = item.finding
        row = rows.setdefault(f.rule_id, {
            "rule_id": f.rule_id, "category": f.category, "severity": str(f.severity),
            "message": f.message, "count": 0, "fixable": 0,
        })
        row["count"] += 1
        if item.fixable == "safe":
            row["fixable"] += 1
    return sorted(rows.values(), key=lambda r: (-r["count"], r["rule_id"]))


def format_statistics(items: Iterable[Located], *, color: bool = False) -> str:
    """``--statistics`` as a table: count, rule id, fixable mark, category, message.

    The mark column is there only when ``--fix`` can fix something: ``[*]`` every finding of the
    rule, ``[-]`` some of them, ``[ ]`` none (as ruff marks them); without any fix it would be an
    empty column.
    """
    paint = _Paint(color)
    rows = statistics(items)
    if not rows:
        return ""
    width = max(len(str(r["count"])) for r in rows)
    cat_width = max(display_width(r["category"]) for r in rows)
    marks = any(r["fixable"] for r in rows)

    def mark_cell(mark: str) -> str:
        return "\t" + mark if marks else ""

    out = []
    for r in rows:
        mark = "[*]" if r["fixable"] == r["count"] else "[-]" if r["fixable"] else "[ ]"
        category = r["category"] + " " * (cat_width - display_width(r["category"]))
        out.append(
            f"{str(r['count']).rjust(width)}\t{paint(r['rule_id'], '1', _SEVERITY_COLOUR[r['severity']])}"
            f"{mark_cell(mark)}\t{category}\t{r['message']}\n"
        )
    return "".join(out)


def format_statistics_json(items: Iterable[Located]) -> str:
    return json.dumps(statistics(items), ensure_ascii=False, indent=2) + "\n"


# --- machine formats ----------------------------------------------------------------------


def format_json(items: Iterable[Located]) -> str:
    """``--format json``: one JSON array of ``Located.to_dict()`` objects (docs/json-output.md)."""
    return json.dumps([i.to_dict() for i in items], ensure_ascii=False, indent=2) + "\n"


def format_jsonl(items: Iterable[Located]) -> str:
    """``--format jsonl``: the same objects, one per line."""
    return "".join(json.dumps(i.to_dict(), ensure_ascii=False) + "\n" for i in items)


_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(items: Iterable[Located]) -> str:
    """``--format github``: GitHub Actions workflow commands, one annotation per finding."""
    out = []
    for item in items:
        f = item.finding
        props = [
            f"file={_gh_property(PurePath(item.path).as_posix())}",
            f"line={item.line}",
            f"col={item.column}",
        ]
        if item.end_line == item.line:
            props += [f"endLine={item.end_line}", f"endColumn={item.end_column}"]
        props.append(f"title={_gh_property(f'huashu {f.rule_id} ({f.category})')}")
        message = f"“{f.text}”: {f.message}"
        if f.suggestions:
            message += f" 建议: {f.suggestions[0]}"
        out.append(f"::{_GITHUB_LEVEL.get(str(f.severity), 'warning')} {','.join(props)}::{_gh_data(message)}\n")
    return "".join(out)


_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _sarif_uri(path: str) -> str:
    posix = PurePath(path)
    if posix.is_absolute():
        try:
            return posix.as_uri()
        except ValueError:
            pass
    return posix.as_posix()


def format_sarif(items: Iterable[Located], *, rules: Sequence[Rule], version: str) -> str:
    """``--format sarif``: a SARIF 2.1.0 log for code scanning (GitHub, Azure DevOps …).

    Columns count Unicode code points (``columnKind: unicodeCodePoints``), as everywhere else.
    """
    index = {rule.id: i for i, rule in enumerate(rules)}
    results = []
    for item in items:
        f = item.finding
        region = {
            "startLine": item.line,
            "startColumn": item.column,
            "endLine": item.end_line,
            "endColumn": item.end_column,
            "snippet": {"text": f.text},
        }
        location = {"physicalLocation": {
            "artifactLocation": {"uri": _sarif_uri(item.path)},
            "region": region,
        }}
        text = f"“{f.text}”: {f.message}"
        if f.suggestions:
            text += f" 建议: {f.suggestions[0]}"
        result: dict[str, Any] = {
            "ruleId": f.rule_id,
            "level": _SARIF_LEVEL.get(str(f.severity), "warning"),
            "message": {"text": text},
            "locations": [location],
            "properties": {"category": f.category, "score": f.score, "suggestions": list(f.suggestions)},
        }
        if f.rule_id in index:
            result["ruleIndex"] = index[f.rule_id]
        if f.fix is not None:
            result["fixes"] = [{
                "description": {"text": f"替换为“{f.fix}”"},
                "artifactChanges": [{
                    "artifactLocation": {"uri": _sarif_uri(item.path)},
                    "replacements": [{
                        "deletedRegion": {k: v for k, v in region.items() if k != "snippet"},
                        "insertedContent": {"text": f.fix},
                    }],
                }],
            }]
        results.append(result)
    driver = {
        "name": "huashu",
        "version": version,
        "rules": [
            {
                "id": rule.id,
                "name": rule.name,
                "shortDescription": {"text": rule.message},
                "fullDescription": {"text": f"{rule.category}: {rule.message}"},
                "help": {"text": "建议: " + " / ".join(rule.alternatives)},
                "defaultConfiguration": {"level": _SARIF_LEVEL.get(str(rule.severity), "warning")},
                "properties": {"category": rule.category, "source": rule.source,
                               "tags": [rule.category]},
            }
            for rule in rules
        ],
    }
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": results}],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def format_diff(path: str, old: str, new: str) -> str:
    """A unified diff from ``old`` to ``new`` (empty when they are equal), ``git apply``-able.

    The headers are git's: ``a/`` and ``b/`` before the path, an absolute path's root dropped
    (``/tmp/x.txt`` gives ``a/tmp/x.txt``, not ``a//tmp/x.txt``), as ``git diff --no-index`` does.
    """
    if old == new:
        return ""
    shown = PurePath(path).as_posix().lstrip("/")
    out = []
    for line in difflib.unified_diff(split_lines(old), split_lines(new), f"a/{shown}", f"b/{shown}"):
        if line.endswith(("\n", "\r")):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


# --- rules ------------------------------------------------------------------------------


def rule_to_dict(rule: Rule) -> dict[str, Any]:
    """A rule as plain JSON data (``huashu rules --format json``): everything the bank says.

    ``forms`` and ``exceptions`` are as written (``{a|b}`` and ``@set`` kept); ``expanded_forms``
    is every literal form of a phrase rule, sets replaced and ``{a|b}`` expanded.
    """
    forms = rule.written_forms or rule.forms
    if rule.match == "phrase":
        expanded = list(dict.fromkeys(f for form in rule.forms for f in expand(form)))
    else:
        expanded = list(rule.forms)
    return {
        "id": rule.id,
        "name": rule.name,
        "category": rule.category,
        "severity": str(rule.severity),
        "enabled": rule.enabled,
        "message": rule.message,
        "match": rule.match,
        "forms": list(forms),
        "expanded_forms": expanded,
        "anchors": list(rule.anchors),
        "exceptions": list(rule.written_exceptions or rule.exceptions),
        "unless_followed_by": list(rule.unless_followed_by),
        "alternatives": list(rule.alternatives),
        "rewrites": [r.to_dict() for r in rule.rewrites],
        "examples": {"bad": list(rule.bad_examples), "good": list(rule.good_examples)},
        "packs": list(rule.packs),
        "profiles": list(rule.profiles),
        "check": rule.check,
        "needs": {k: list(v) for k, v in rule.needs.items()},
        "source": rule.source,
    }


def format_rules_json(rules: Iterable[Rule]) -> str:
    return json.dumps([rule_to_dict(r) for r in rules], ensure_ascii=False, indent=2) + "\n"


RULES_WIDTH = 88  # columns a `huashu rules` line fits in (a Chinese character is two)
_INDENT = "    "


def _clip(text: str, columns: int) -> str:
    """``text`` cut to ``columns`` terminal columns, with ``…`` when something was cut."""
    if display_width(text) <= columns:
        return text
    out, used = [], 0
    for char in text:
        if used + char_width(char) > columns - 1:
            break
        out.append(char)
        used += char_width(char)
    return "".join(out) + "…"


def _wrap(text: str, columns: int) -> list[str]:
    """``text`` in lines of at most ``columns`` terminal columns (Chinese wraps anywhere)."""
    lines, line, used = [], [], 0
    for char in text:
        # A closing mark stays on its line (one column over) rather than open the next one.
        if used + char_width(char) > columns and line and char not in _CLOSING:
            lines.append("".join(line))
            line, used = [], 0
        line.append(char)
        used += char_width(char)
    if line:
        lines.append("".join(line))
    return lines


_CLOSING = "。，、；：？！）」』”’,.;:?!)…"
_COMPACT_FORM = 36  # columns beyond which a form is shown by its first expansion


def canonical_form(rule: Rule) -> str:
    """The form ``huashu rules`` shows for a rule: its first form as written when that is short
    (``{这|那}不是我的事``), else its first expansion (``不在我的职责范围``)."""
    written = (rule.written_forms or rule.forms or ("",))[0]
    if rule.match != "phrase" or display_width(written) <= _COMPACT_FORM:
        return written
    body, _, _ = clause_marks(expand(rule.forms[0])[0])
    return body


def format_rules(rules: Sequence[Rule], *, color: bool = False, verbose: bool = False,
                 width: int = RULES_WIDTH) -> str:
    """``huashu rules``: one compact block per rule that fits ``width`` columns: id, category,
    severity and name; the message; the canonical form with the number of forms; the first
    alternative. ``verbose`` adds every form and exception as written in the bank (``{a|b}`` and
    ``@set`` not expanded), every alternative, the rewrites and the source.
    """
    paint = _Paint(color)
    text_width = width - len(_INDENT)
    out = []
    for rule in rules:
        colour = _SEVERITY_COLOUR.get(str(rule.severity), "0")
        state = "" if rule.enabled else paint("  (off by default: --select it)", "2")
        packs = paint(f"  [pack: {', '.join(rule.packs)}; --pack {rule.packs[0]}]", "2") if rule.packs else ""
        out.append(
            f"{paint(rule.id, '1', colour)}  {rule.category}  {paint(str(rule.severity), colour)}"
            f"  {rule.name}{packs}{state}\n"
        )
        out += [f"{_INDENT}{line}\n" for line in _wrap(rule.message, text_width)]
        forms = rule.written_forms or rule.forms
        exceptions = rule.written_exceptions or rule.exceptions
        label = {"phrase": "忌语", "pattern": "模式", "reply": "检查"}.get(rule.match, "忌语")
        if verbose:
            if rule.match == "reply":
                out.append(f"{_INDENT}{paint('检查:', '1')} {rule.check}\n")
            out.append(f"{_INDENT}{paint(label + ':', '1')}\n")
            out += [f"{_INDENT * 2}{form}\n" for form in forms]
            if exceptions:
                out.append(f"{_INDENT}{paint('例外:', '1')}\n")
                out += [f"{_INDENT * 2}{exc}\n" for exc in exceptions]
            out.append(f"{_INDENT}{paint('建议:', '1', '32')}\n")
            out += [f"{_INDENT * 2}{alt}\n" for alt in rule.alternatives]
            for rewrite in rule.rewrites:
                out.append(f"{_INDENT}{paint('改写:', '1')} → {rewrite.template}"
                           f" ({rewrite.applicability}, {rewrite.scope})\n")
            out.append(f"{_INDENT}{paint('来源:', '2')} {rule.source}\n\n")
            continue
        if rule.match == "reply":
            shown, more = rule.check, ""
        elif rule.match == "pattern":
            example = rule.bad_examples[0] if rule.bad_examples else ""
            shown, label = (example, "例句") if example else (forms[0] if forms else "", label)
            more = ""
        else:
            shown = canonical_form(rule)
            more = f"  (+{len(forms) - 1} more forms)" if len(forms) > 1 else ""
        tail = paint(more, "2")
        room = text_width - display_width(label) - 2 - display_width(more)
        out.append(f"{_INDENT}{paint(label + ':', '1')} {_clip(shown, room)}{tail}\n")
        if rule.alternatives:
            room = text_width - display_width("建议") - 2
            out.append(f"{_INDENT}{paint('建议:', '1', '32')} {_clip(rule.alternatives[0], room)}\n")
        out.append("\n")
    off = sum(not r.enabled for r in rules)
    packed = sum(bool(r.packs) for r in rules)
    notes = [f"{off} off by default"] if off else []
    if packed:
        notes.append(f"{packed} in industry packs, run with --pack")
    tail = f" ({'; '.join(notes)})" if notes else ""
    hint = "" if verbose or not rules else "\n`--verbose` shows every form, `--format json` everything."
    out.append(f"{_plural(len(rules), 'rule')}{tail}.{hint}\n")
    return "".join(out)


# --- suggestions ------------------------------------------------------------------------


def _tags(techniques: Sequence[str], scenarios: Sequence[str]) -> str:
    return " · ".join([*techniques, *scenarios])


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def format_suggestions(
    draft: str, findings: Sequence[Finding], suggestions: Sequence[Suggestion], *, color: bool = False
) -> str:
    """``huashu suggest TEXT``: what the draft says wrong, then approved phrasing, best first."""
    paint = _Paint(color)
    out = []
    if findings:
        out.append(paint("忌语:", "1", "31") + "\n")
        for f in findings:
            colour = _SEVERITY_COLOUR.get(str(f.severity), "0")
            out.append(f"  {paint(f.rule_id, '1', colour)} “{f.text}” {f.message}\n")
    if not suggestions:
        out.append("No approved phrase is close to this draft; try --technique or --scenario.\n")
        return "".join(out)
    out.append(paint("建议:", "1", "32") + "\n")
    width = min(40, max(display_width(s.text) for s in suggestions))
    for number, s in enumerate(suggestions, 1):
        if s.rule_id is not None:
            why = f"代替 {s.rule_id}"
        else:
            why = f"相似度 {s.score:g}"
        tags = _tags(s.techniques, s.scenarios)
        meta = "  ".join(x for x in (why, tags) if x)
        out.append(f"  {number}. {_pad(s.text, width)}  {paint(meta, '2')}\n")
    return "".join(out)


def format_suggestions_json(draft: str, findings: Sequence[Finding], suggestions: Sequence[Suggestion]) -> str:
    data = {
        "text": draft,
        "findings": [f.to_dict() for f in findings],
        "suggestions": [s.to_dict() for s in suggestions],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def format_approved(phrases: Sequence[ApprovedPhrase], *, color: bool = False, as_json: bool = False) -> str:
    """Approved phrases (``huashu suggest --technique/--scenario``), one a line with their tags."""
    if as_json:
        return json.dumps([p.to_dict() for p in phrases], ensure_ascii=False, indent=2) + "\n"
    paint = _Paint(color)
    if not phrases:
        return ""
    width = min(40, max(display_width(p.text) for p in phrases))
    return "".join(
        f"{_pad(p.text, width)}  {paint(_tags(p.techniques, p.scenarios), '2')}\n" for p in phrases
    )


def format_tags(
    techniques: Mapping[str, int], scenarios: Mapping[str, int], *, color: bool = False, as_json: bool = False
) -> str:
    """``huashu suggest --list``: every technique and scenario with its number of phrases."""
    if as_json:
        data = {"techniques": dict(techniques), "scenarios": dict(scenarios)}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    paint = _Paint(color)
    out = [paint("techniques (--technique):", "1") + "\n"]
    out += [f"  {name} ({count})\n" for name, count in techniques.items()]
    out.append(paint("scenarios (--scenario):", "1") + "\n")
    out += [f"  {name} ({count})\n" for name, count in scenarios.items()]
    return "".join(out)

