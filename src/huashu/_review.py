"""A guardrail's view of one reply: a verdict, the findings, a rewrite and a prompt to regenerate.

``Checker.review(text)`` is what an LLM or chatbot pipeline calls before a generated reply is
sent. The verdict is by severity:

- ``pass``: nothing at or above ``revise_at`` (default ``warning``): send the reply;
- ``revise``: something is, but the rewrite (safe and unsafe rewrites applied) leaves nothing
  at or above ``block_at`` (default ``error``): send ``rewrite``, or regenerate with
  ``to_prompt()``;
- ``block``: even the rewrite still says something at or above ``block_at``: do not send it;
  regenerate with ``to_prompt()``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ._fixes import Fix
from ._model import Finding, Severity
from ._suggest import Suggestion

__all__ = ["Review", "Verdict"]

Verdict = Literal["pass", "revise", "block"]


@dataclass(frozen=True, slots=True)
class Review:
    """The review of one reply (see :meth:`huashu.Checker.review`)."""

    text: str
    verdict: Verdict
    findings: list[Finding]
    rewrite: str
    fixes: list[Fix] = field(default_factory=list)
    remaining: list[Finding] = field(default_factory=list)
    """What the rewrite still says (findings of ``rewrite``)."""
    suggestions: list[Suggestion] = field(default_factory=list)
    scenarios: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the reply may be sent as it is."""
        return self.verdict == "pass"

    def to_prompt(self) -> str:
        """A compact Chinese instruction for regenerating the reply: each flagged span, why,
        and what to say instead, then the constraints and a reference rewrite.

        >>> import huashu
        >>> print(huashu.Checker().review("这个我不知道。").to_prompt().splitlines()[0])
        请重写下面这条客服回复，它有 1 处不当说法：
        """
        if not self.findings:
            return "这条客服回复没有不当说法，可以直接发送。"
        fixes = {(f.finding.rule_id, f.finding.start): f for f in self.fixes}
        lines = [f"请重写下面这条客服回复，它有 {len(self.findings)} 处不当说法："]
        for number, finding in enumerate(self.findings, 1):
            what = f"“{finding.text}”" if finding.text.strip() else "（整条回复）"
            line = f"{number}. {what}（第 {finding.start + 1}–{finding.end} 字，{finding.rule_id}）：{finding.message}"
            fix = fixes.get((finding.rule_id, finding.start))
            if fix is not None and fix.applicability.rank > 0:
                line += f" 可改为“{fix.edit.content}”。"
            elif finding.suggestions:
                line += f" 可参考“{finding.suggestions[0]}”。"
            lines.append(line)
        lines.append("要求：保留原回复中的事实、数字和办理步骤；用“您”称呼客户；不要再出现上面的说法；"
                     "先体谅客户，再说明能为客户做什么。")
        if self.scenarios:
            lines.append(f"情境：{self.scenarios[0]}。")
        if self.rewrite != self.text:
            lines.append(f"参考改写：{self.rewrite}")
        lines.append(f"原回复：{self.text}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {
            "verdict": self.verdict,
            "text": self.text,
            "rewrite": self.rewrite,
            "findings": [f.to_dict() for f in self.findings],
            "fixes": [f.to_dict() for f in self.fixes],
            "remaining": [f.to_dict() for f in self.remaining],
            "suggestions": [s.to_dict() for s in self.suggestions],
            "scenarios": list(self.scenarios),
            "prompt": self.to_prompt(),
        }


def verdict_of(findings: Sequence[Finding], remaining: Sequence[Finding], *,
               revise_at: Severity, block_at: Severity) -> Verdict:
    """The verdict for a reply's ``findings`` and those its rewrite still has (``remaining``)."""
    if any(f.severity >= block_at for f in remaining):
        return "block"
    if any(f.severity >= revise_at for f in findings):
        return "revise"
    return "pass"
