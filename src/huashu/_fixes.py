"""Edits and applying them, after ruff's diagnostics: sort, skip overlaps, copy the rest."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._model import Applicability, Finding

__all__ = ["Edit", "Fix", "apply_edits"]


@dataclass(frozen=True, slots=True, order=True)
class Edit:
    """Replace ``text[start:end]`` with ``content``."""

    start: int
    end: int
    content: str


@dataclass(frozen=True, slots=True)
class Fix:
    """A finding's rewrite: the edit that replaces its span (or its clause) and how far the
    edit may be trusted (``applicability``: safe, unsafe or display)."""

    finding: Finding
    edit: Edit
    applicability: Applicability

    @property
    def title(self) -> str:
        """What the fix does, in Chinese: ``改为“……”``."""
        return f"改为“{self.edit.content}”"

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.finding.rule_id,
            "start": self.edit.start,
            "end": self.edit.end,
            "content": self.edit.content,
            "applicability": str(self.applicability),
        }


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply ``edits`` to ``text``; an edit overlapping an earlier one is skipped.

    >>> apply_edits("您说得对,但是不行", [Edit(5, 7, "同时")])
    '您说得对,同时不行'
    """
    out: list[str] = []
    last = 0
    for edit in sorted(edits):
        if edit.start < last or edit.end > len(text) or edit.start > edit.end:
            continue
        out.append(text[last : edit.start])
        out.append(edit.content)
        last = edit.end
    out.append(text[last:])
    return "".join(out)
