"""huashu's pytest plugin: the ``huashu_checker`` fixture and the ``huashu_bank`` option.

Registered by the ``pytest11`` entry point named ``huashu`` when huashu is installed: load it
by that name where plugin autoloading is off (``-p huashu``), switch it off with
``-p no:huashu``.

Importing this module must stay cheap, because pytest imports it in every project where huashu
is installed, whether the tests use it or not: it imports nothing of huashu's own, and only the
fixture (or :func:`huashu.testing.assert_polite`) loads a bank, builds a Checker and, on its
first check, jieba. (PYTEST_DONT_REWRITE: there are no asserts here to rewrite.)
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from huashu import Checker

_ENTRY_POINT = "huashu"
_BANK_KEY = pytest.StashKey["Path | None"]()
_PREVIOUS_KEY = pytest.StashKey["Path | None"]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("huashu", "huashu (forbidden service phrases)")
    group.addoption(
        "--huashu-bank",
        dest="huashu_bank",
        metavar="PATH",
        default=None,
        help="phrase bank layered over huashu's bundled bank, for the huashu_checker fixture "
        "and assert_polite (overrides the huashu_bank ini option)",
    )
    parser.addini(
        "huashu_bank",
        "phrase bank layered over huashu's bundled bank, for the huashu_checker fixture and "
        "assert_polite (a path relative to the ini file)",
        type="string",
        default="",
    )


@pytest.hookimpl(trylast=True)
def pytest_plugin_registered(plugin: object, manager: pytest.PytestPluginManager) -> None:
    # Installed, this module is registered as "huashu" by the entry point; loaded by module
    # name as well (``-p huashu.pytest_plugin``, ``pytest_plugins = [...]``), pluggy would
    # refuse the same module under a second name and stop pytest. Blocking the other name
    # makes the second load a no-op.
    this = sys.modules[__name__]
    if plugin is not this:
        return
    name = manager.get_name(plugin)
    for other in (_ENTRY_POINT, __name__):
        if other != name and not manager.has_plugin(other):
            manager.set_blocked(other)


def pytest_configure(config: pytest.Config) -> None:
    bank = _configured_bank(config)
    config.stash[_BANK_KEY] = bank
    testing = _testing() if bank is not None else sys.modules.get("huashu.testing")
    if testing is not None:
        config.stash[_PREVIOUS_KEY] = testing._session_bank
        testing._session_bank = bank


def pytest_unconfigure(config: pytest.Config) -> None:
    testing = sys.modules.get("huashu.testing")
    if testing is not None and _PREVIOUS_KEY in config.stash:
        testing._session_bank = config.stash[_PREVIOUS_KEY]


def pytest_report_header(config: pytest.Config) -> str | None:
    bank = config.stash.get(_BANK_KEY, None)
    return f"huashu: bank {bank}" if bank is not None else None


def _testing() -> ModuleType:
    # By sys.modules, not ``from huashu import testing``: the package attribute can outlive the
    # module in sys.modules (pytester's in-process runs restore sys.modules afterwards).
    return importlib.import_module("huashu.testing")


def _configured_bank(config: pytest.Config) -> Path | None:
    """The bank named by ``--huashu-bank`` (relative to the working directory) or the
    ``huashu_bank`` ini option (relative to the ini file); checked to exist, not loaded."""
    option = config.getoption("huashu_bank")
    if option:
        path, where = Path(option), "--huashu-bank"
        path = path if path.is_absolute() else Path(config.invocation_params.dir) / path
    else:
        value = str(config.getini("huashu_bank") or "").strip()
        if not value:
            return None
        base = config.inipath.parent if config.inipath is not None else config.rootpath
        path, where = base / value, "huashu_bank"
    if not path.is_file():
        raise pytest.UsageError(f"huashu: {where}: no such phrase bank file: {path}")
    return path.resolve()


@pytest.fixture(scope="session")
def huashu_checker(pytestconfig: pytest.Config) -> Checker:
    """A :class:`huashu.Checker` shared by the whole session: the bundled bank, or the project
    bank named by the ``huashu_bank`` ini option or ``--huashu-bank`` layered over it.
    ``assert_polite(text)`` without ``checker=`` uses the same one."""
    from huashu import HuashuError

    bank = pytestconfig.stash.get(_BANK_KEY, None)
    try:
        checker = _testing()._checker_for(bank)
    except HuashuError as exc:
        error = exc
    else:
        # Start the private jieba now, in setup, so the first test's time (and a hypothesis
        # deadline) is not charged with the second jieba takes to load its dictionary.
        checker.tokenize("您好")
        return checker
    # Failing outside the handler keeps the bank error from being shown twice, as a chain.
    where = f"phrase bank {bank}" if bank is not None else "huashu's bundled phrase bank"
    pytest.fail(f"huashu: cannot load the {where}:\n{error}", pytrace=False)
