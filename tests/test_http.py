"""The one HTTP helper every data source uses: a total deadline, a size cap, retries, Retry-After."""

from __future__ import annotations

import time

import pytest

from assistant.http import Http, HttpError, retry_after
from tests.support.http import Route

CLOSED = "http://127.0.0.1:9/x"


@pytest.fixture
def http() -> Http:
    return Http("preschool-assistant/test", backoff=0.05)


def test_an_answer_arrives_with_its_headers_and_text(http: Http, http_server) -> None:
    http_server.route("/menu", "Köttbullar", content_type="text/plain; charset=utf-8")
    reply = http.get(f"{http_server.url}/menu", deadline=5, params={"week": "6"})
    assert reply.status == 200 and reply.text() == "Köttbullar" and reply.header("content-type")
    assert http_server.requests[0].path == "/menu?week=6"
    assert http_server.requests[0].headers["User-Agent"] == "preschool-assistant/test"


def test_a_dripping_body_is_cut_off_at_the_deadline(http: Http, http_server) -> None:
    http_server.route("/slow", b"x" * 100_000, drip=0.02)
    started = time.monotonic()
    with pytest.raises(HttpError, match="no whole answer within 1 s"):
        http.get(f"{http_server.url}/slow", deadline=1.0)
    assert time.monotonic() - started < 1.6


def test_dripping_headers_are_cut_off_at_the_deadline_too(http: Http, http_server) -> None:
    # The status line and headers themselves trickle: no read ever waits longer than a timeout.
    http_server.route("/slower", b"{}", drip=0.1)
    started = time.monotonic()
    with pytest.raises(HttpError):
        http.get(f"{http_server.url}/slower", deadline=0.8)
    assert time.monotonic() - started < 1.4


def test_a_server_that_never_answers_is_left_at_the_deadline(http: Http, http_server) -> None:
    http_server.route("/stall", b"{}", delay=5)
    started = time.monotonic()
    with pytest.raises(HttpError, match="within 0.5 s"):
        http.get(f"{http_server.url}/stall", deadline=0.5)
    assert time.monotonic() - started < 1.0


def test_an_answer_larger_than_the_cap_is_refused(http_server) -> None:
    http_server.route("/big", b"x" * 200_000)
    with pytest.raises(HttpError, match="larger than 100000 bytes"):
        Http("test", max_bytes=100_000).get(f"{http_server.url}/big", deadline=5)


def test_a_passing_failure_is_tried_again(http: Http, http_server) -> None:
    http_server.answers("/flaky", Route(status=502), Route(body=b"ok"))
    assert http.get(f"{http_server.url}/flaky", deadline=5).body == b"ok"
    assert len(http_server.requests) == 2


def test_a_client_error_is_not_tried_again(http: Http, http_server) -> None:
    http_server.route("/gone", status=404)
    with pytest.raises(HttpError, match="HTTP 404") as failure:
        http.get(f"{http_server.url}/gone", deadline=5)
    assert failure.value.status == 404 and len(http_server.requests) == 1


def test_retry_after_is_obeyed_until_it_has_passed(http: Http, http_server) -> None:
    http_server.route("/busy", status=429, headers={"Retry-After": "3600"})
    with pytest.raises(HttpError, match="HTTP 429"):
        http.get(f"{http_server.url}/busy", deadline=5)
    started = time.monotonic()
    with pytest.raises(HttpError, match="asked us to wait"):
        http.get(f"{http_server.url}/busy", deadline=5)
    # The second fetch asked nothing of the server, and did not wait.
    assert len(http_server.requests) == 1 and time.monotonic() - started < 0.1


def test_a_refused_connection_fails_within_the_deadline(http: Http) -> None:
    started = time.monotonic()
    with pytest.raises(HttpError, match="cannot reach"):
        http.get(CLOSED, deadline=2)
    assert time.monotonic() - started < 1.0


def test_retry_after_reads_seconds_and_dates() -> None:
    import datetime as dt

    now = dt.datetime(2026, 2, 3, 9, 0, tzinfo=dt.UTC)
    assert retry_after("120") == 120
    assert retry_after("Tue, 03 Feb 2026 10:00:00 GMT", now) == 3600
    assert retry_after("Tue, 03 Feb 2026 08:00:00 GMT", now) is None
    assert retry_after("soon") is None and retry_after(None) is None
    assert retry_after("99999999") == 24 * 3600
