"""The web server over real HTTP: a uvicorn server on a free local port."""

from __future__ import annotations

import socket
import threading
import time

import pytest
import requests
import uvicorn

from assistant.web import create_app


@pytest.fixture(scope="module")
def server(assistant):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(assistant), host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not instance.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=5)


def test_ask_returns_the_reply_json(server) -> None:
    body = {"text": "vad är klockan", "lang": "sv", "now": "2026-02-03T09:15:00"}
    reply = requests.post(f"{server}/api/ask", json=body, timeout=5).json()
    assert reply["text"].endswith("kvart över nio.") and reply["skill"] == "calendar"
    assert reply["card"]["kind"] == "clock"


def test_health_and_openapi(server) -> None:
    health = requests.get(f"{server}/api/health", timeout=5).json()
    assert health["status"] == "ok" and health["languages"] == ["sv", "en"]
    assert "/api/ask" in requests.get(f"{server}/openapi.json", timeout=5).json()["paths"]


def test_bad_requests_are_refused_with_a_message(server) -> None:
    too_big = requests.post(f"{server}/api/ask", data="x" * 10000, timeout=5,
                            headers={"Content-Type": "application/json"})
    assert too_big.status_code == 413 and "larger" in too_big.json()["detail"]
    empty = requests.post(f"{server}/api/ask", json={"text": ""}, timeout=5)
    assert empty.status_code == 422
    unknown = requests.post(f"{server}/api/ask", json={"text": "hej", "lang": "xx"}, timeout=5)
    assert unknown.status_code == 422 and "xx" in unknown.json()["detail"]


def test_child_page_has_a_tile_per_question(server, assistant) -> None:
    page = requests.get(f"{server}/?lang=en", timeout=5)
    assert page.status_code == 200 and 'lang="en"' in page.text
    question = assistant.responses.render("suggest_time", {}, "en").text
    assert f'data-question="{question}"' in page.text
    assert page.text.count('class="tile"') >= 2
