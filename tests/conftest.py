"""Shared fixtures: one trained assistant for the whole run (training is the slow part)."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT
from assistant.core import Assistant
from tests.support.http import LocalHTTPServer

_ids = itertools.count()


@pytest.fixture(scope="session")
def config_dir(tmp_path_factory) -> Path:
    """A copy of the bundled example preschool, so tests never write into the repository."""
    target = tmp_path_factory.mktemp("preschool") / "config"
    shutil.copytree(PROJECT_ROOT / "config", target, ignore=shutil.ignore_patterns("var"))
    return target


@pytest.fixture(scope="session")
def assistant(config_dir: Path) -> Assistant:
    """The example preschool, trained once."""
    return Assistant.from_config_dir(config_dir)


@pytest.fixture
def session_id() -> str:
    """A fresh conversation for each test."""
    return f"test-{next(_ids)}"


@pytest.fixture(scope="session")
def project_root():
    return PROJECT_ROOT


@pytest.fixture
def http_server():
    """A local HTTP server standing in for an API (see tests/support/http.py)."""
    server = LocalHTTPServer()
    yield server
    server.close()
