from __future__ import annotations

import os

import pytest
from hypothesis import settings

import huashu

# In CI the property tests run derandomized: the same examples as a local `CI=true` run, so a
# green local run means a green CI run. Locally they explore new examples every time.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def checker() -> huashu.Checker:
    return huashu.Checker()


@pytest.fixture(scope="session")
def bank() -> huashu.PhraseBank:
    return huashu.load_bank()
