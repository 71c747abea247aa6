"""Run the docstring examples of the library modules (they use the bundled bank)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["huashu", "huashu._normalize", "huashu._bank", "huashu._checker", "huashu._fixes", "huashu._sound",
           "huashu._redos"]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
