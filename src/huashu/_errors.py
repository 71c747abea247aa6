"""Errors raised by huashu.

The whole tree::

    HuashuError(Exception)
    ├── BankError(HuashuError, ValueError)   a phrase bank file is missing, unreadable or invalid;
    │                                          carries every problem as BankProblem(path, entry, field, …)
    └── InputError(HuashuError, OSError)     a text file cannot be read or decoded (used by the CLI)

Catch ``huashu.HuashuError`` to handle anything huashu raises on purpose.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["BankError", "BankProblem", "HuashuError", "InputError"]


class HuashuError(Exception):
    """Root of every error huashu raises on purpose."""


@dataclass(frozen=True, slots=True)
class BankProblem:
    """One problem in a bank file: where it is and why it is wrong."""

    path: str
    entry: str
    field: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.entry}: {self.field}: {self.message}"


class BankError(HuashuError, ValueError):
    """A phrase bank could not be loaded; lists every problem found, one per line.

    ``path``, ``entry`` and ``field`` are those of the first problem; ``problems`` has them all.
    """

    def __init__(self, problems: list[BankProblem]) -> None:
        if not problems:
            raise ValueError("BankError needs at least one problem")
        self.problems = list(problems)
        first = self.problems[0]
        self.path, self.entry, self.field, self.line = first.path, first.entry, first.field, first.line
        count = len(self.problems)
        head = f"invalid phrase bank ({count} problem{'s' if count > 1 else ''}):"
        super().__init__("\n".join([head, *(f"  {p}" for p in self.problems)]))


class InputError(HuashuError, OSError):
    """A text to check could not be read or decoded."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")
