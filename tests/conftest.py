from __future__ import annotations

import pytest

import huashu


@pytest.fixture(scope="session")
def checker() -> huashu.Checker:
    return huashu.Checker()


@pytest.fixture(scope="session")
def bank() -> huashu.PhraseBank:
    return huashu.load_bank()
