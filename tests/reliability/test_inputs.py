"""Inputs that used to give HTTP 500, and sessions anyone could fill: each gets a 4xx with a message,
and no client can push a teacher out or keep memory for ever."""

from __future__ import annotations

import pytest
import requests

from assistant.core import Assistant
from assistant.store import Store
from assistant.web import create_app
from assistant.web.auth import Sessions
from tests.support.preschool import copy_example
from tests.support.web import PASSWORD, ThreadServer, assistant_command, csrf_of, start_serve


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """One preschool that allows a fixed clock (tests, demos) and one that does not (a real one)."""
    running = []
    for allowed in (True, False):
        folder = copy_example(tmp_path_factory.mktemp(f"inputs-{allowed}") / "config", fixed_clock=allowed)
        running.append(ThreadServer(create_app(Assistant.from_config_dir(folder).ready())))
    yield running[0].url, running[1].url
    for server in running:
        server.close()


def post(url: str, body: bytes) -> requests.Response:
    return requests.post(f"{url}/api/ask", data=body, headers={"Content-Type": "application/json"},
                         timeout=10)


@pytest.mark.parametrize("body", [
    b'{"text": "vad \\ud800 \\u00e4r klockan"}',      # half a UTF-16 pair in the text
    b'{"text": "hej", "session_id": "\\udfff"}',
    b'{"intent": "time", "entities": {"\\ud83d": "x"}}',
])
def test_a_broken_character_is_a_422_with_a_message(servers, body) -> None:
    response = post(servers[0], body)
    assert response.status_code == 422 and response.json()["detail"]


@pytest.mark.parametrize("now", ["0001-01-01T00:00:00", "9999-12-31T23:59:59", "1999-12-31T23:00:00+14:00"])
def test_a_clock_at_the_ends_of_the_calendar_is_a_422(servers, now) -> None:
    response = requests.post(f"{servers[0]}/api/ask", json={"text": "vad är klockan", "now": now},
                             timeout=10)
    assert response.status_code == 422 and "2000 and 2100" in response.text


def test_a_fixed_clock_is_refused_where_the_preschool_does_not_allow_it(servers) -> None:
    allowed, refused = servers
    asked = {"text": "vad är klockan", "lang": "sv", "now": "2026-02-03T09:15:00"}
    assert requests.post(f"{allowed}/api/ask", json=asked, timeout=10).json()["text"] in (
        "Klockan är kvart över nio.", "Nu är klockan kvart över nio.")
    response = requests.post(f"{refused}/api/ask", json=asked, timeout=10)
    assert response.status_code == 422 and "web.fixed_clock" in response.json()["detail"]
    page = requests.get(f"{refused}/?now=2030-01-01T09:00", timeout=10).text
    assert 'data-now=""' in page   # the child's page ignores it too
    del asked["now"]
    assert requests.post(f"{refused}/api/ask", json=asked, timeout=10).status_code == 200


def test_anonymous_sessions_never_push_a_teacher_out() -> None:
    ticks = [0.0]
    sessions = Sessions(lambda: 1800.0, clock=lambda: ticks[0], limit=100)
    teacher = sessions.new(authenticated=True)
    for _ in range(1000):   # a thousand login pages fetched by anyone
        ticks[0] += 0.01
        sessions.new()
    assert sessions.get(teacher.id) is teacher


def test_a_teacher_logs_in_again_after_the_absolute_lifetime() -> None:
    ticks = [0.0]
    sessions = Sessions(lambda: 1800.0, clock=lambda: ticks[0], lifetime_seconds=12 * 3600)
    teacher = sessions.new(authenticated=True)
    for _ in range(13 * 6):   # a click every ten minutes, for thirteen hours
        ticks[0] += 600
        found = sessions.get(teacher.id)
    assert found is None


def test_a_forwarded_address_does_not_slip_past_the_login_lockout(tmp_path) -> None:
    """`X-Forwarded-For` is believed only from the proxies the preschool names, so a client on this
    machine cannot pretend to be a new address at each wrong password."""
    folder = copy_example(tmp_path / "config")
    done = assistant_command("admin", "set-password", "--config", str(folder), "--password-stdin",
                             stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    server = start_serve(folder)
    try:
        browser = requests.Session()
        statuses = []
        for attempt in range(6):
            token = csrf_of(browser.get(f"{server.url}/admin/login", timeout=5).text)
            statuses.append(browser.post(f"{server.url}/admin/login", timeout=10,
                                         headers={"X-Forwarded-For": f"10.9.8.{attempt}"},
                                         data={"password": "not the password", "csrf": token}).status_code)
        assert statuses == [401] * 5 + [429]
    finally:
        server.close()


def test_the_store_holding_the_password_is_readable_by_its_owner_only(tmp_path) -> None:
    store = Store(tmp_path / "state" / "assistant.db")
    store.bump("probe")
    store.close()
    assert (tmp_path / "state" / "assistant.db").stat().st_mode & 0o777 == 0o600
