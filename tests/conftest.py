"""Shared fixtures: one trained assistant for the whole run (training is the slow part)."""

from __future__ import annotations

import itertools

import pytest

from assistant.config import PROJECT_ROOT
from assistant.core import Assistant

_ids = itertools.count()


@pytest.fixture(scope="session")
def assistant() -> Assistant:
    """The bundled example preschool, trained once."""
    return Assistant.from_config_dir()


@pytest.fixture
def session_id() -> str:
    """A fresh conversation for each test."""
    return f"test-{next(_ids)}"


@pytest.fixture(scope="session")
def project_root():
    return PROJECT_ROOT
