"""Shared fixtures: one trained assistant for the whole run (training is the slow part)."""

from __future__ import annotations

import itertools
import socket
from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT
from assistant.core import Assistant
from tests.support.http import LocalHTTPServer
from tests.support.preschool import copy_example

_ids = itertools.count()
CLOSED_PORT = "http://127.0.0.1:9"
"""The discard port: nothing listens there, so a connection is refused at once."""


LOCAL_HOSTS = {"127.0.0.1", "::1", "localhost", "0.0.0.0", ""}


@pytest.fixture(scope="session", autouse=True)
def no_internet():
    """No test reaches the internet: in this process, a connection anywhere but loopback fails loudly."""
    real_connect, real_getaddrinfo = socket.socket.connect, socket.getaddrinfo

    def local_only(host) -> bool:
        return str(host) in LOCAL_HOSTS or str(host).startswith("127.")

    def guarded_connect(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not local_only(address[0]):
            raise OSError(f"test tried to reach the internet: {address}")
        return real_connect(sock, address)

    def guarded_getaddrinfo(host, *args, **kwargs):
        if not local_only(host if not isinstance(host, bytes) else host.decode()):
            raise socket.gaierror(f"test tried to look up {host}")
        return real_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = guarded_connect
    socket.getaddrinfo = guarded_getaddrinfo
    yield
    socket.socket.connect, socket.getaddrinfo = real_connect, real_getaddrinfo


@pytest.fixture(scope="session", autouse=True)
def whisper_weights() -> None:
    """Where the whisper extra is installed, its weights are joined and checked once, before any
    server's listening workers race to do it (on a fresh machine this is the one slow first step,
    as a download would be)."""
    from assistant.speech import models

    if models.whisper_installed():
        models.whisper_base()


@pytest.fixture(scope="session")
def config_dir(tmp_path_factory) -> Path:
    """A copy of the bundled example preschool, so tests never write into the repository."""
    target = copy_example(tmp_path_factory.mktemp("preschool") / "config")
    offline(target / "assistant.yml")
    return target


def offline(settings: Path) -> None:
    """Point every data source of a preschool's settings at a closed local port: no test reaches
    the internet, and a refresh fails at once (as with the network down)."""
    text = settings.read_text(encoding="utf-8")
    text = text.replace("base_url: null", f"base_url: {CLOSED_PORT}")
    assert text.count(CLOSED_PORT) >= 2, "weather and menu need a base_url line to point away"
    settings.write_text(text, encoding="utf-8")


@pytest.fixture(scope="session")
def assistant(config_dir: Path) -> Assistant:
    """The example preschool, trained once."""
    return Assistant.from_config_dir(config_dir).ready()


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
