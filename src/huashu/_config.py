"""CLI configuration: ``[tool.huashu]`` in ``pyproject.toml``, or a ``huashu.toml``.

The nearest configuration is found by walking up from the current folder: in each folder a
``huashu.toml`` (keys at the top level) wins over a ``pyproject.toml`` (keys under
``[tool.huashu]``); a ``pyproject.toml`` without that table is passed over. Command-line flags
win over the file. Keys are the long flag names (``unsafe-fixes``; ``unsafe_fixes`` is read the
same), plus ``default-bank = false`` for ``--no-default-bank``. Unknown keys and wrong types are
errors that name the file and the key.

>>> spec_keys()[:3]
['bank', 'default-bank', 'encoding']
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._errors import HuashuError

__all__ = ["Config", "ConfigError", "FORMATS", "SEVERITIES", "find_config", "load_config", "spec_keys"]

FORMATS = ("text", "json", "jsonl", "github", "sarif")
SEVERITIES = ("error", "warning", "info")

# key -> (kind, choices)
_SPEC: dict[str, tuple[str, tuple[str, ...]]] = {
    "bank": ("path", ()),
    "default-bank": ("bool", ()),
    "encoding": ("str", ()),
    "exclude": ("list", ()),
    "force-exclude": ("bool", ()),
    "format": ("choice", FORMATS),
    "ignore": ("list", ()),
    "include": ("list", ()),
    "jobs": ("int", ()),
    "packs": ("list", ()),
    "profiles": ("list", ()),
    "select": ("list", ()),
    "severity": ("choice", SEVERITIES),
    "unsafe-fixes": ("bool", ()),
}


def spec_keys() -> list[str]:
    """Every key a configuration file may set, sorted."""
    return sorted(_SPEC)


class ConfigError(HuashuError, ValueError):
    """A configuration file is not valid TOML or sets an unknown key or a wrong type."""


@dataclass(frozen=True, slots=True)
class Config:
    """Options read from a configuration file (``path`` is ``None`` when there is none).

    ``options`` uses Python names (``unsafe_fixes``); ``bank`` is already resolved against the
    file's folder.
    """

    path: Path | None = None
    options: Mapping[str, Any] = field(default_factory=dict)


def find_config(start: Path) -> Path | None:
    """The nearest ``huashu.toml``, or ``pyproject.toml`` with a ``[tool.huashu]`` table, from
    ``start`` upwards; ``None`` when there is none."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        own = candidate / "huashu.toml"
        if own.is_file():
            return own
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False
    if "huashu" not in text:
        return False
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        # A broken pyproject.toml that mentions huashu: load_config reports it properly.
        return True
    return isinstance(data.get("tool"), dict) and "huashu" in data["tool"]


def load_config(path: Path) -> Config:
    """Read and validate a configuration file.

    Raises:
        ConfigError: the file cannot be read, is not TOML, or has unknown keys or wrong types;
            the message lists every problem as ``file: key: why``.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    where = str(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("huashu", {})
        where = f"{path}: [tool.huashu]"
    else:
        table = data
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: must be a table")
    problems: list[str] = []
    options: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = raw_key.replace("_", "-")
        if key not in _SPEC:
            close = difflib.get_close_matches(key, list(_SPEC), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; known keys: {', '.join(spec_keys())}"
            problems.append(f"{where}: {raw_key}: unknown key{hint}")
            continue
        kind, choices = _SPEC[key]
        checked = _check(kind, choices, value)
        if isinstance(checked, _Problem):
            problems.append(f"{where}: {raw_key}: {checked.why}")
            continue
        if kind == "path":
            checked = str((path.parent / checked).resolve()) if checked else checked
        options[key.replace("-", "_")] = checked
    if problems:
        raise ConfigError("invalid configuration:\n" + "\n".join(f"  {p}" for p in problems))
    return Config(path, options)


@dataclass(frozen=True, slots=True)
class _Problem:
    why: str


def _check(kind: str, choices: tuple[str, ...], value: Any) -> Any:
    if kind == "bool":
        return value if isinstance(value, bool) else _Problem("must be true or false")
    if kind == "int":
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        return _Problem("must be a whole number, 0 or more")
    if kind in ("str", "path"):
        return value if isinstance(value, str) and value else _Problem("must be a non-empty string")
    if kind == "choice":
        if value in choices:
            return value
        return _Problem(f"must be one of {', '.join(choices)}")
    # A list may also be written as one comma-separated string, like the flag.
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return _Problem("must be a list of strings")
