"""huashu (话术): check a Chinese customer-service reply for forbidden service phrases.

>>> import huashu
>>> [(f.category, f.text) for f in huashu.check("冷靜一點,我现在很忙")]
[('争辩指责', '冷靜一點'), ('催促', '我现在很忙')]

The names below are imported on first use (PEP 562), so ``import huashu`` — and the pytest
plugin that pytest loads in every project where huashu is installed — costs a few milliseconds.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._bank import PhraseBank, Settings, bundled_bank_path, load_bank
    from ._checker import Checker, FindingsCappedWarning, SelectorError, check, fix
    from ._errors import BankError, BankProblem, HuashuError, InputError
    from ._fixes import Edit, Fix, apply_edits
    from ._model import Applicability, ApprovedPhrase, Finding, Rewrite, Rule, Scenario, Severity
    from ._review import Review
    from ._stream import ReplyStream
    from ._suggest import Suggestion

_EXPORTS = {
    "Applicability": "_model",
    "ApprovedPhrase": "_model",
    "BankError": "_errors",
    "BankProblem": "_errors",
    "Checker": "_checker",
    "Edit": "_fixes",
    "Finding": "_model",
    "FindingsCappedWarning": "_checker",
    "Fix": "_fixes",
    "HuashuError": "_errors",
    "InputError": "_errors",
    "PhraseBank": "_bank",
    "Rewrite": "_model",
    "Rule": "_model",
    "Scenario": "_model",
    "ReplyStream": "_stream",
    "Review": "_review",
    "SelectorError": "_checker",
    "Settings": "_bank",
    "Severity": "_model",
    "Suggestion": "_suggest",
    "apply_edits": "_fixes",
    "bundled_bank_path": "_bank",
    "check": "_checker",
    "fix": "_checker",
    "load_bank": "_bank",
}

__all__ = [*sorted(_EXPORTS), "__version__"]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("huashu")
        except PackageNotFoundError:  # running from a source tree
            return "0.0.0+unknown"
    if name == "qa":  # the public submodule, so that `huashu.qa.scan(...)` works after `import huashu`
        return importlib.import_module(".qa", __name__)
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'huashu' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
