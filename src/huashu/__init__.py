"""huashu (话术): check a Chinese customer-service reply for forbidden service phrases.

>>> import huashu
>>> [(f.rule_id, f.text) for f in huashu.check("冷静一点,我现在很忙")]  # doctest: +SKIP
[('LM001', '冷静一点'), ('CC001', '我现在很忙')]
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from ._bank import PhraseBank, Settings, bundled_bank_path, load_bank
from ._checker import Checker, SelectorError, check, fix
from ._errors import BankError, BankProblem, HuashuError, InputError
from ._fixes import Edit, apply_edits
from ._model import ApprovedPhrase, Finding, Fix, Rule, Severity
from ._suggest import Suggestion

try:
    __version__ = version("huashu")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0+unknown"

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
