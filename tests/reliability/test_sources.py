"""Data sources that stall, drip, refuse or send garbage: every fetch ends at its deadline with one
line, a child is answered meanwhile, and what a source gets right is kept."""

from __future__ import annotations

import datetime as dt
import threading

import requests

from assistant.core import Assistant
from assistant.refresh import BackgroundRefresher
from assistant.web import create_app
from assistant.web.auth import PasswordStore
from tests.fixtures.menus import wire
from tests.fixtures.menus.skill import local, make_skill, write_config
from tests.support.http import LocalHTTPServer
from tests.support.web import PASSWORD, ThreadServer, assistant_command, csrf_of
from tests.test_weather_setup import SMHI_NOW, SMHI_PATH, preschool, weather_skill

SKOLMATEN = "/api/4/rss/week/skutehagens-skolan"
SKOLMATEN_SETTINGS = {"source": "skolmaten", "id": "skutehagens-skolan", "timeout_seconds": 2}


def test_menu_import_from_a_dripping_source_ends_with_one_line(tmp_path, http_server) -> None:
    http_server.route(SKOLMATEN, b"<rss>" + b" " * 50_000, drip=0.02)
    folder = write_config(tmp_path / "config", {**SKOLMATEN_SETTINGS, "base_url": http_server.url})
    done = assistant_command("menu", "import", "skolmaten", "skutehagens-skolan", "--base-url",
                             http_server.url, "--config", str(folder))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "no whole answer within 2 s" in done.stderr


def test_the_background_refresh_goes_on_after_a_dripping_source(tmp_path, http_server) -> None:
    http_server.route(SMHI_PATH, b"{}" + b" " * 50_000, drip=0.05)
    skill = weather_skill(preschool(tmp_path / "config", http_server.url, fallbacks=[]))
    rounds = threading.Event()
    refresher = BackgroundRefresher([skill], lambda: SMHI_NOW, tick=0.1,
                                    on_refreshed=[lambda skills, now: rounds.set()])
    skill.needs_refresh = lambda now: True   # every tick: the source is asked again and again
    refresher.start()
    try:
        deadline = threading.Event()
        deadline.wait(4)
    finally:
        refresher.stop()
    asked = [r for r in http_server.requests if r.path.startswith("/api/category/")]
    assert len(asked) >= 2, "the refresher hung on the first dripping answer"


def test_a_child_is_answered_while_an_admin_import_waits_on_a_stalled_source(tmp_path) -> None:
    stalled = LocalHTTPServer()
    stalled.route(SKOLMATEN, wire.skolmaten_rss("skolmaten_week6.json"), delay=3,
                  content_type="application/rss+xml; charset=utf-8")
    folder = write_config(tmp_path / "config", {**SKOLMATEN_SETTINGS, "base_url": stalled.url,
                                                 "timeout_seconds": 5})
    assistant = Assistant.from_config_dir(folder).ready()
    PasswordStore(assistant.store).set(PASSWORD)
    server = ThreadServer(create_app(assistant))
    teacher = requests.Session()
    login = teacher.get(f"{server.url}/admin/login", timeout=5)
    teacher.post(f"{server.url}/admin/login", data={"csrf": csrf_of(login.text), "password": PASSWORD},
                 timeout=10)
    token = csrf_of(teacher.get(f"{server.url}/admin/menu", timeout=10).text)
    finished: list[str] = []
    importing = threading.Thread(target=lambda: finished.append(teacher.post(
        f"{server.url}/admin/menu/import", data={"csrf": token, "week": "2026-02-02"}, timeout=30).url))
    try:
        importing.start()
        while not stalled.requests:   # the import has reached the source, which now holds it
            threading.Event().wait(0.02)
        child = requests.post(f"{server.url}/api/ask", json={"intent": "time", "lang": "sv"}, timeout=10)
        answered_before_the_import = not finished
        importing.join(30)
    finally:
        server.close()
        stalled.close()
    assert child.status_code == 200 and answered_before_the_import
    assert finished, "the import never came back"


def test_a_broken_character_drops_that_dish_and_keeps_the_rest(tmp_path, http_server, caplog) -> None:
    feed = wire.skolmaten_rss("skolmaten_week6.json").encode("utf-8")
    broken = feed.replace(b"tomatsoppa", b"tomats\xffppa", 1)
    assert broken != feed
    http_server.route(SKOLMATEN, broken, content_type="application/rss+xml; charset=utf-8")
    skill = make_skill(tmp_path / "config", {**SKOLMATEN_SETTINGS, "base_url": http_server.url})
    now = local("2026-02-04T09:00")
    assert skill.import_from_source(now) >= 5
    said = " ".join(" ".join(d) for day in skill.week(now.date()).values() for d in day.values())
    assert "\ufffd" not in said and "tomats" not in said
    assert "Köttbullar" in said and "Vegetarisk gulashsoppa" in said   # the rest of the week
    assert "broken characters" in caplog.text


def test_an_impossible_date_in_a_feed_keeps_the_good_days(tmp_path, http_server) -> None:
    feed = wire.skolmaten_rss("skolmaten_week6.json")
    first = feed.index("<pubDate>") + len("<pubDate>")
    end = feed.index("</pubDate>", first)
    broken = feed[:first] + "Mon, 31 Feb 2026 00:00:00 GMT" + feed[end:]
    http_server.route(SKOLMATEN, broken, content_type="application/rss+xml; charset=utf-8")
    skill = make_skill(tmp_path / "config", {**SKOLMATEN_SETTINGS, "base_url": http_server.url})
    assert skill.import_from_source(local("2026-02-04T09:00")) >= 4


def test_retry_after_is_obeyed_across_refreshes(tmp_path, http_server) -> None:
    http_server.route(SMHI_PATH, b"busy", status=503, headers={"Retry-After": "3600"})
    skill = weather_skill(preschool(tmp_path / "config", http_server.url, fallbacks=[]))
    for hour in range(3):
        skill.refresh(SMHI_NOW + dt.timedelta(hours=hour))
    assert len([r for r in http_server.requests if r.path.startswith("/api/category/")]) == 1
