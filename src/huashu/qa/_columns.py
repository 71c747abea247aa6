"""Which column of a transcript export holds what: chosen by name, or found among common names."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .._errors import InputError

__all__ = ["AGENT_ROLES", "CANDIDATES", "Columns", "Layout", "resolve"]

#: Names looked for, best first, when a column is not named; compared without case, spaces,
#: ``-`` or ``_``. Exports from Chinese tools use Chinese headers, so both are listed.
CANDIDATES: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "message", "msg", "body", "utterance", "reply",
             "内容", "消息", "消息内容", "聊天内容", "对话内容", "文本", "回复", "回复内容", "话术"),
    "role": ("role", "speaker", "sender", "sender_type", "sender_role", "speaker_role", "from",
             "角色", "发送方", "发送者", "发言人", "说话人", "身份", "消息来源"),
    "conversation": ("conversation", "conversation_id", "session", "session_id", "chat_id",
                     "dialog_id", "dialogue_id", "call_id", "ticket_id", "thread_id",
                     "会话ID", "会话", "会话编号", "会话id", "对话ID", "对话编号", "工单号"),
    "agent": ("agent", "agent_id", "agent_name", "staff", "staff_id", "operator", "operator_id",
              "工号", "客服工号", "坐席工号", "客服", "坐席", "客服姓名", "客服名称", "坐席名称"),
    "time": ("time", "timestamp", "datetime", "created_at", "sent_at", "create_time", "send_time",
             "date", "时间", "发送时间", "消息时间", "创建时间", "日期"),
}

#: Role values that mark a turn as the agent's (compared without case or surrounding spaces).
#: The service side of a chat: people, and the bots and LLMs that answer for them.
AGENT_ROLES: tuple[str, ...] = ("客服", "坐席", "人工客服", "客服人员", "坐席人员", "工作人员",
                                "机器人", "agent", "staff", "operator", "csr", "support",
                                "service", "assistant", "bot")


def _key(name: str) -> str:
    return "".join(c for c in str(name).strip().lower() if c not in " -_")


@dataclass(frozen=True, slots=True)
class Columns:
    """What the caller asked for: a column name per field (``None``: find it), and the role
    values that mean "agent" (``None``: :data:`AGENT_ROLES`)."""

    text: str | None = None
    role: str | None = None
    conversation: str | None = None
    agent: str | None = None
    time: str | None = None
    agent_role: tuple[str, ...] | None = None

    def agent_roles(self) -> frozenset[str]:
        values = AGENT_ROLES if self.agent_role is None else self.agent_role
        return frozenset(str(v).strip().lower() for v in values)


@dataclass(frozen=True, slots=True)
class Layout:
    """The columns found in one source: the real header names (``None``: the source has none)."""

    text: str
    role: str | None
    conversation: str | None
    agent: str | None
    time: str | None

    def describe(self) -> str:
        return ", ".join(f"{field}={getattr(self, field)!r}" for field in CANDIDATES
                         if getattr(self, field) is not None)


def resolve(header: Iterable[str], columns: Columns, source: str) -> Layout:
    """Match the wanted fields to a source's header.

    A named column must exist (``ColumnError`` otherwise); an unnamed one is the first common
    name present, or absent. Only the text column is required.

    >>> resolve(["会话ID", "角色", "内容"], Columns(), "a.csv")
    Layout(text='内容', role='角色', conversation='会话ID', agent=None, time=None)
    """
    names = [str(h) for h in header if h is not None]
    by_key: dict[str, str] = {}
    for name in names:
        by_key.setdefault(_key(name), name)
    found: dict[str, str | None] = {}
    taken: set[str] = set()
    for field in CANDIDATES:
        wanted = getattr(columns, field)
        if wanted is not None:
            if wanted in names:
                found[field] = wanted
            elif _key(wanted) in by_key:
                found[field] = by_key[_key(wanted)]
            else:
                raise InputError(source, f"no column {wanted!r} (--{field.replace('_', '-')}); "
                                          f"it has: {_listing(names)}")
            taken.add(found[field])  # type: ignore[arg-type]
    for field, candidates in CANDIDATES.items():
        if field in found:
            continue
        found[field] = next((by_key[_key(c)] for c in candidates
                             if _key(c) in by_key and by_key[_key(c)] not in taken), None)
        if found[field] is not None:
            taken.add(found[field])  # type: ignore[arg-type]
    if found["text"] is None:
        raise InputError(source, f"no text column (looked for {', '.join(CANDIDATES['text'][:4])}, "
                                  f"内容 …); name it with --text; it has: {_listing(names)}")
    return Layout(**found)  # type: ignore[arg-type]


def _listing(names: Sequence[str]) -> str:
    shown = ", ".join(repr(n) for n in names[:20])
    return (shown + (" …" if len(names) > 20 else "")) or "no columns"
