"""A chatbot guardrail around huashu: generate → review → regenerate with the prompt → pass.

Run it with ``python examples/guardrail.py``. The generator here is a stand-in for a local LLM
(no network): the first time it drafts a curt reply; given huashu's regeneration prompt, it
follows the prompt's reference rewrite, as an instruction-following model would. Replace
``generate`` with your model's call; the loop around it stays the same.
"""

from __future__ import annotations

import huashu

CUSTOMER = "我的宽带从昨天断到现在,你们到底管不管?"


def generate(customer: str, instruction: str | None = None) -> str:
    """Stand-in for an LLM: a curt first draft; with an instruction, the reply it asks for."""
    if instruction is None:
        return "您好,什么时候修好我不知道,那不是我的错,您去问装维师傅吧。"
    for line in instruction.splitlines():
        if line.startswith("参考改写："):
            return line.removeprefix("参考改写：")
    return "您好,非常抱歉给您带来不便,我马上为您登记抢修,稍后给您回电。"


def reply_to(customer: str, checker: huashu.Checker, *, attempts: int = 3) -> str:
    """A reply that passes the guardrail, regenerating with huashu's prompt until it does."""
    draft = generate(customer)
    for attempt in range(1, attempts + 1):
        review = checker.review(draft, context=customer)
        print(f"attempt {attempt}: {review.verdict}: {draft}")
        if review.verdict == "pass":
            return draft
        for f in review.findings:
            print(f"  {f.rule_id} “{f.text}”: {f.message}")
        print("  prompt for the model:")
        print("    " + review.to_prompt().replace("\n", "\n    "))
        draft = generate(customer, review.to_prompt())
    # Still not clean: send the safest text we have rather than the raw draft.
    return checker.review(draft).rewrite


def stream_demo(checker: huashu.Checker) -> None:
    """Check a reply while it streams in: stop as soon as a forbidden phrase is final."""
    stream = checker.stream()
    reply = generate(CUSTOMER) + "装维师傅一般下午才上班,您明天再打电话过来问问进度,报修单号已经发到您的手机上了。"
    reply += "营业厅周末照常营业到晚上六点,自助机上也能查进度,带上身份证就行。"
    for i in range(0, len(reply), 4):  # the model's tokens, four characters at a time
        for finding in stream.feed(reply[i:i + 4]):
            print(f"stream: {finding.rule_id} “{finding.text}” final at character {i + 4}")
    for finding in stream.close():
        print(f"stream (at the end): {finding.rule_id} “{finding.text}”")


if __name__ == "__main__":
    checker = huashu.Checker()
    final = reply_to(CUSTOMER, checker)
    print(f"sent: {final}")
    stream_demo(checker)
