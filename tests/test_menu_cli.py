"""The menu as a user runs it: `assistant ask/chat` and `assistant menu ...`, real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures.menus import wire
from tests.fixtures.menus.skill import write_config

ROOT = Path(__file__).resolve().parent.parent
SKOLMATEN_PATH = "/api/4/rss/week/skutehagens-skolan"
WEDNESDAY = "2026-02-04T09:00"


def run(*args: str, stdin: str | None = None, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run([sys.executable, "-m", "assistant", *args], input=stdin, capture_output=True,
                            text=True, timeout=120, env=env, cwd=ROOT)
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def skolmaten(http_server):
    http_server.route(SKOLMATEN_PATH, wire.skolmaten_rss("skolmaten_week6.json"),
                      content_type="application/rss+xml; charset=utf-8")
    return http_server


def test_done_when_skolmaten_week_asked_on_its_wednesday(tmp_path, skolmaten) -> None:
    folder = write_config(tmp_path / "config", {"source": "skolmaten", "id": "skutehagens-skolan",
                                                "base_url": skolmaten.url})
    config = str(folder)
    out = run("ask", "--config", config, "--lang", "sv", "--now", WEDNESDAY,
              "vad blir det för mat idag").stdout
    assert out.strip() in ("Idag blir det kycklingkebabgryta eller green nuggets med bulgur.",
                           "Idag äter vi kycklingkebabgryta eller green nuggets med bulgur.")
    assert skolmaten.requests[0].path == SKOLMATEN_PATH + "?locale=sv"
    assert skolmaten.requests[0].headers["User-Agent"].startswith("preschool-assistant/")

    chat = run("chat", "--config", config, "--lang", "sv", "--now", WEDNESDAY,
               stdin="vad blir det för mat idag\noch imorgon?\n").stdout
    answers = [line for line in chat.splitlines() if line.startswith("Kompis:")]
    assert "kycklingkebabgryta" in answers[0]
    assert "tomatsoppa med makaroner bröd och ost eller vegetarisk gulashsoppa med bröd" in answers[1]

    reply = json.loads(run("ask", "--config", config, "--lang", "en", "--now", WEDNESDAY, "--json",
                           "what's for lunch today").stdout)
    assert reply["text"] in ("Today it's chicken kebab stew or green nuggets with bulgur.",
                             "Today we're having chicken kebab stew or green nuggets with bulgur.")
    assert reply["skill"] == "menu" and reply["card"]["kind"] == "menu"
    assert reply["card"]["items"][0] == {"label": "chicken kebab stew with bulgur", "picture": "chicken",
                                         "picture_url": "/pictures/chicken.svg"}


def test_an_unreachable_source_is_a_kind_answer_and_one_log_line(tmp_path, http_server) -> None:
    http_server.route(SKOLMATEN_PATH, body="[]", delay=5.0)
    folder = write_config(tmp_path / "config", {"source": "skolmaten", "id": "skutehagens-skolan",
                                                "base_url": http_server.url, "timeout_seconds": 0.5})
    result = run("ask", "--config", str(folder), "--lang", "sv", "--now", WEDNESDAY,
                 "vad blir det för mat idag")
    assert result.stdout.strip() == "Jag vet inte vad det blir. Fråga en fröken!"
    assert "Traceback" not in result.stderr
    assert "menu source skolmaten" in result.stderr and "within 0.5 s" in result.stderr


def test_menu_set_show_export_and_import_file(tmp_path) -> None:
    folder = write_config(tmp_path / "config", example_plan=True)
    config = str(folder)
    out = run("menu", "set", "--config", config, "2026-02-04", "lunch",
              "Tacos med kyckling; Tacos med bönor (vegetariskt)").stdout
    assert "2026-02-04 lunch: Tacos med kyckling; Tacos med bönor (vegetariskt)" in out
    answer = run("ask", "--config", config, "--lang", "sv", "--now", WEDNESDAY, "vad äter vi idag").stdout
    assert "tacos med kyckling eller tacos med bönor" in answer

    week = run("menu", "show", "--config", config, "--lang", "en", "--now", WEDNESDAY, "--week").stdout
    assert "2026-02-02 Monday" in week and "2026-02-08 Sunday" in week
    assert "lunch: Tacos med kyckling; Tacos med bönor (vegetariskt)" in week
    assert "→ tacos with chicken | tacos with beans" in week
    assert "breakfast: Gröt med lingonsylt" in week

    backup = tmp_path / "backup.yml"
    assert "Wrote 1 days" in run("menu", "export", "--config", config, str(backup)).stdout
    other = write_config(tmp_path / "other")
    assert "Read 1 days" in run("menu", "import-file", "--config", str(other), str(backup)).stdout
    today = run("menu", "show", "--config", str(other), "--now", WEDNESDAY).stdout
    assert "lunch: Tacos med kyckling; Tacos med bönor (vegetariskt)" in today

    removed = run("menu", "set", "--config", config, "2026-02-04", "lunch", "").stdout
    assert "removed" in removed
    answer = run("ask", "--config", config, "--lang", "sv", "--now", WEDNESDAY, "vad äter vi idag").stdout
    assert "spagetti" in answer


def test_menu_import_keeps_a_sources_days_as_the_teachers(tmp_path, skolmaten) -> None:
    folder = write_config(tmp_path / "config")  # source: teacher, no plan file
    out = run("menu", "import", "--config", str(folder), "--now", WEDNESDAY, "skolmaten",
              "skutehagens-skolan", "--base-url", skolmaten.url).stdout
    assert "Kept 5 days from skolmaten (2026-02-02 to 2026-02-06)" in out
    answer = run("ask", "--config", str(folder), "--lang", "sv", "--now", "2026-02-06T09:00",
                 "vad blir det för mat idag").stdout
    assert "morotslasagne" in answer


def test_mistakes_are_reported_with_file_and_line(tmp_path, http_server) -> None:
    folder = write_config(tmp_path / "config", plan="week:\n  monday:\n    lunch: Korv\n  fredag:\n")
    result = run("check-config", "--config", str(folder), check=False)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{folder / 'menu.yml'}:4: `fredag` is not a weekday" in result.stderr

    good = write_config(tmp_path / "good")
    broken = tmp_path / "broken.yml"
    broken.write_text("days:\n  2026-02-04:\n    lunch: Korv\n  2026-02-31:\n    lunch: Fisk\n",
                      encoding="utf-8")
    result = run("menu", "import-file", "--config", str(good), str(broken), check=False)
    assert result.returncode == 2 and f"{broken}:4:" in result.stderr

    http_server.route("/api/v1/days/29", body="not json")
    result = run("menu", "import", "--config", str(good), "mateo", "29", "--base-url", http_server.url,
                 check=False)
    assert result.returncode == 2 and "mateo: the answer is not JSON" in result.stderr
    assert "Traceback" not in result.stderr
