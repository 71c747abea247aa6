"""Check a Dask DataFrame's text column on a cluster: ``pip install "huashu[dask]"``.

:func:`check_dataframe` maps :func:`check_partition` over the partitions: each worker process
builds one :class:`huashu.Checker` for a given bank and selection the first time it needs it and
keeps it (building one compiles the bank, which takes a second or more), so the cost is per
worker, not per partition. The result is a lazy DataFrame of findings, one row per finding,
indexed like the rows they were found in, with a declared ``meta``.

>>> import pandas as pd
>>> part = pd.DataFrame({"agent": ["A1", "A2"], "text": ["您好", "这个我不知道"]})
>>> check_partition(part, "text", keep=["agent"])[["agent", "rule", "phrase"]]
  agent   rule phrase
1    A2  JJ001   我不知道

Context (the customer's turn before) needs the transcript in order, which partitions do not
promise; use :func:`huashu.qa.scan` (``huashu qa --jobs``) for that.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._bank import PhraseBank
from .._checker import Checker

if TYPE_CHECKING:
    import dask.dataframe as dd
    import pandas as pd

__all__ = ["FINDING_COLUMNS", "check_dataframe", "check_partition"]

#: The columns each finding adds, after the kept ones.
FINDING_COLUMNS = ("rule", "category", "severity", "start", "end", "phrase", "text", "message", "suggestion")

_INSTALL = 'pip install "huashu[dask]"'
_CHECKERS: dict[str, Checker] = {}
_LOCK = threading.Lock()
_BUILT: list[str] = []  # keys built in this process (what the tests look at)


class _Spec:
    """What a worker needs to build the Checker: a bank (path or object) and the selection,
    with a key to find the one it already built. Small to send with every task."""

    __slots__ = ("bank", "ignore", "key", "select")

    def __init__(self, bank: str | Path | PhraseBank | None, select: Sequence[str] | None,
                 ignore: Sequence[str]) -> None:
        self.bank = os.fspath(bank) if isinstance(bank, (str, Path)) else bank
        self.select = tuple(select) if select is not None else None
        self.ignore = tuple(ignore)
        self.key = hashlib.sha1(pickle.dumps((self.bank, self.select, self.ignore))).hexdigest()

    def __getstate__(self) -> tuple[Any, ...]:
        return (self.bank, self.select, self.ignore, self.key)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self.bank, self.select, self.ignore, self.key = state

    def checker(self) -> Checker:
        found = _CHECKERS.get(self.key)
        if found is None:
            with _LOCK:  # threads of one worker share it: build it once
                found = _CHECKERS.get(self.key)
                if found is None:
                    found = _CHECKERS[self.key] = Checker(self.bank, select=self.select, ignore=self.ignore)
                    _BUILT.append(self.key)
        return found


def _spec(checker: Checker | None, bank: str | Path | PhraseBank | None,
          select: Iterable[str] | None, ignore: Iterable[str] | None) -> _Spec:
    if checker is not None:
        if bank is not None or select is not None or ignore is not None:
            raise TypeError("pass either checker= or bank=/select=/ignore=, not both")
        spec = _Spec(checker.bank, checker.select, checker.ignore)
        _CHECKERS.setdefault(spec.key, checker)  # this process has it already
        return spec
    return _Spec(bank, tuple(select) if select is not None else None, tuple(ignore or ()))


def _empty(part: pd.DataFrame, keep: Sequence[str]) -> pd.DataFrame:
    return _frame(part, keep, [], [])


def _frame(part: pd.DataFrame, keep: Sequence[str], positions: list[int], rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    import pandas as pd

    taken = part.iloc[positions]
    out = taken[list(keep)].copy() if keep else pd.DataFrame(index=taken.index)
    columns = list(zip(*rows)) if rows else [()] * len(FINDING_COLUMNS)
    for name, values in zip(FINDING_COLUMNS, columns):
        dtype = "int64" if name in ("start", "end") else "string"
        out[name] = pd.array(list(values), dtype=dtype)
    return out


def check_partition(
    part: pd.DataFrame,
    text: str = "text",
    *,
    keep: Sequence[str] = (),
    role: str | None = None,
    agent_role: Iterable[str] | None = None,
    spec: _Spec | None = None,
    checker: Checker | None = None,
) -> pd.DataFrame:
    """The findings in one pandas DataFrame (a partition): one row per finding.

    Args:
        part: the rows.
        text: the column to check.
        keep: columns of ``part`` to carry into each finding's row (conversation, agent, time …).
        role, agent_role: when given, check only rows whose ``role`` is one of ``agent_role``
            (compared without case; default: :data:`huashu.qa.AGENT_ROLES`).
        checker: the Checker (default: one per process for the bundled bank).

    Returns:
        ``keep`` columns, then :data:`FINDING_COLUMNS`; the index is that of the rows found in.
    """
    from ..qa import AGENT_ROLES

    if spec is None:
        spec = _spec(checker, None, None, None)
    check = spec.checker().check
    texts = part[text]
    mask = None
    if role is not None:
        roles = frozenset(str(r).strip().lower() for r in (agent_role or AGENT_ROLES))
        mask = [str(r).strip().lower() in roles for r in part[role]]
    positions: list[int] = []
    rows: list[tuple[Any, ...]] = []
    for i, value in enumerate(texts):
        if (mask is not None and not mask[i]) or not isinstance(value, str) or not value:
            continue
        for f in check(value):
            positions.append(i)
            rows.append((f.rule_id, f.category, str(f.severity), f.start, f.end, f.text, value,
                         f.message, f.suggestions[0] if f.suggestions else None))
    return _frame(part, keep, positions, rows)


def check_dataframe(
    df: dd.DataFrame,
    text: str = "text",
    *,
    keep: Sequence[str] | None = None,
    role: str | None = None,
    agent_role: Iterable[str] | str | None = None,
    bank: str | Path | PhraseBank | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    checker: Checker | None = None,
) -> dd.DataFrame:
    """Check a Dask DataFrame's text column with ``map_partitions``; a lazy findings DataFrame.

    Args:
        df: the transcript turns (``dask.dataframe.read_csv``, ``read_json(lines=True)``,
            ``read_parquet`` …).
        text: the column to check.
        keep: columns to carry into the findings (default: every column but ``text``).
        role, agent_role: check only the agent's rows (see :func:`check_partition`).
        bank, select, ignore: the Checker each worker builds, as for :class:`huashu.Checker`; a
            bank path must be readable on the workers.
        checker: or a Checker to copy (its bank and selection are sent, and each worker builds
            its own once).

    Returns:
        A ``dask.dataframe.DataFrame`` with ``meta`` declared: ``keep`` columns, then
        :data:`FINDING_COLUMNS` (``start``/``end`` int64, the rest strings).

    Raises:
        ImportError: Dask is not installed (``pip install "huashu[dask]"``).
        KeyError: a column is not in ``df``.
    """
    try:
        import dask.dataframe  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(f"huashu.integrations.dask needs Dask: {_INSTALL}") from exc
    if isinstance(agent_role, str):
        agent_role = [r.strip() for r in agent_role.split(",") if r.strip()]
    columns = list(df.columns)
    keep = [c for c in columns if c != text] if keep is None else list(keep)
    for name in (text, *keep, *([role] if role else [])):
        if name not in columns:
            raise KeyError(f"no column {name!r} in the DataFrame; it has: {', '.join(map(str, columns))}")
    spec = _spec(checker, bank, select, ignore)
    meta = _empty(df._meta, keep)
    return df.map_partitions(check_partition, text, keep=keep, role=role,
                             agent_role=tuple(agent_role) if agent_role is not None else None,
                             spec=spec, meta=meta)


def _built() -> dict[str, Any]:
    """This process's id and the Checkers it built (run on the workers by the tests)."""
    return {"pid": os.getpid(), "built": list(_BUILT)}
