"""Saving loses nothing: a save is whole or not at all even when the process is killed mid-way,
and a teacher's save never silently undoes another's (she is told, and keeps what she typed)."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
import requests

from assistant.config import PROJECT_ROOT
from assistant.core import Assistant
from assistant.web import create_app
from assistant.web.auth import PasswordStore
from skills.menu import Conflict
from tests.fixtures.menus.skill import local, make_skill, write_config
from tests.support.web import PASSWORD, ThreadServer, csrf_of
from tests.test_web import settings_form

SAVER = """
import datetime as dt, sys
from assistant.core import Assistant
skill = Assistant.from_config_dir(sys.argv[1]).registry.skill("menu")
monday = dt.date(2026, 2, 2)
marks = 0
while True:   # save after save, each one writing its own mark into ten meals
    marks += 1
    skill.save({(monday + dt.timedelta(days=d), meal): [f"mark {marks}"]
                for d in range(5) for meal in ("lunch", "snack")})
    print(marks, flush=True)
"""


def test_a_save_killed_mid_way_leaves_the_old_or_the_new_menu(tmp_path) -> None:
    folder = write_config(tmp_path / "config")
    store = folder / "var" / "assistant.sqlite3"
    rng = random.Random(7)
    for _ in range(20):
        saver = subprocess.Popen([sys.executable, "-c", SAVER, str(folder)], cwd=PROJECT_ROOT,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert saver.stdout.readline(), saver.stderr.read()   # it has saved at least once
        time.sleep(rng.uniform(0, 0.05))
        saver.send_signal(signal.SIGKILL)
        saver.wait(10)
        with sqlite3.connect(store) as db:
            marks = {json.loads(dishes)[0] for (dishes,) in db.execute("SELECT dishes FROM menu_teacher")}
            count = db.execute("SELECT COUNT(*) FROM menu_teacher").fetchone()[0]
        assert count == 10 and len(marks) == 1, f"a save was half applied: {sorted(marks)}"


def test_a_save_from_an_older_page_is_refused_not_applied(tmp_path) -> None:
    skill = make_skill(tmp_path / "config")
    day = local("2026-02-04T09:00").date()
    shown = skill.version                       # two teachers open the page
    skill.save({(day, "lunch"): ["Fiskbullar"]}, expected=shown)        # the first saves
    with pytest.raises(Conflict):
        skill.save({(day, "lunch"): ["Köttbullar"]}, expected=shown)    # the second, from the old page
    assert skill.week(day)[day]["lunch"] == ["Fiskbullar"]


@pytest.fixture
def admin(tmp_path):
    folder = write_config(tmp_path / "config")
    assistant = Assistant.from_config_dir(folder).ready()
    PasswordStore(assistant.store).set(PASSWORD)
    server = ThreadServer(create_app(assistant))

    def teacher() -> requests.Session:
        browser = requests.Session()
        browser.cookies.set("admin_lang", "en", path="/admin")   # she reads the admin in English
        login = browser.get(f"{server.url}/admin/login", timeout=5)
        browser.post(f"{server.url}/admin/login", data={"csrf": csrf_of(login.text), "password": PASSWORD},
                     timeout=10)
        return browser

    yield server.url, teacher, assistant
    server.close()


def test_two_teachers_editing_the_menu_the_second_is_told_and_keeps_her_typing(admin) -> None:
    url, teacher, _ = admin
    anna, britt = teacher(), teacher()
    pages = [t.get(f"{url}/admin/menu?week=2026-02-02", timeout=10).text for t in (anna, britt)]
    field = "menu:2026-02-04:lunch"
    version = [p.split('name="version" value="')[1].split('"')[0] for p in pages]
    first = anna.post(f"{url}/admin/menu", data={"csrf": csrf_of(pages[0]), "week": "2026-02-02",
                                                  "version": version[0], field: "Pannkakor"}, timeout=10)
    assert "Saved 1 change." in first.text
    second = britt.post(f"{url}/admin/menu", data={"csrf": csrf_of(pages[1]), "week": "2026-02-02",
                                                    "version": version[1], field: "Soppa med bröd"},
                        timeout=10)
    assert second.status_code == 409 and "Someone else saved the menu" in second.text
    assert "Soppa med bröd</textarea>" in second.text   # what she typed stays
    assert "Pannkakor</textarea>" in anna.get(f"{url}/admin/menu?week=2026-02-02", timeout=10).text


def test_two_teachers_editing_the_settings_the_second_is_told(admin) -> None:
    url, teacher, assistant = admin
    anna, britt = teacher(), teacher()
    forms = [settings_form(t.get(f"{url}/admin/settings", timeout=10).text) for t in (anna, britt)]
    forms[0]["preschool.name"] = "Vitsippans förskola"
    assert "Saved." in anna.post(f"{url}/admin/settings", data=forms[0], timeout=10).text
    forms[1]["preschool.assistant_name"] = "Robbi"
    second = britt.post(f"{url}/admin/settings", data=forms[1], timeout=10)
    assert second.status_code == 409 and "Someone else changed the settings" in second.text
    assert 'value="Robbi"' in second.text
    assert assistant.config.preschool.name == "Vitsippans förskola"
    assert assistant.config.preschool.assistant_name == "Kompis"
