"""huashu (话术): check a Chinese customer-service reply for forbidden service phrases.

>>> import huashu
>>> [(f.category, f.text) for f in huashu.check("冷靜一點,我现在很忙")]
[('争辩指责', '冷靜一點'), ('催促', '我现在很忙')]
"""

from __future__ import annotations

from ._bank import PhraseBank, Settings, bundled_bank_path, load_bank
from ._checker import Checker, SelectorError, check, fix
from ._errors import BankError, BankProblem, HuashuError, InputError
from ._fixes import Edit, apply_edits
from ._model import ApprovedPhrase, Finding, Fix, Rule, Severity
from ._suggest import Suggestion



def __getattr__(name: str) -> str:
    # The version is read on demand: importlib.metadata costs ~20 ms at every start-up.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("huashu")
        except PackageNotFoundError:  # running from a source tree
            return "0.0.0+unknown"
    raise AttributeError(f"module 'huashu' has no attribute {name!r}")


__all__ = [
    "ApprovedPhrase",
    "BankError",
    "BankProblem",
    "Checker",
    "Edit",
    "Finding",
    "Fix",
    "HuashuError",
    "InputError",
    "PhraseBank",
    "Rule",
    "SelectorError",
    "Settings",
    "Severity",
    "Suggestion",
    "__version__",
    "apply_edits",
    "bundled_bank_path",
    "check",
    "fix",
    "load_bank",
]
