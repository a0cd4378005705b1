"""One source of truth for settings: what a teacher saves in the admin applies to every part at
once (privacy first), and what waits for a restart is said."""

from __future__ import annotations

import pytest
import requests

from assistant.core import Assistant
from assistant.web import create_app
from tests.fixtures.speech.voices import espeak_wav, preschool
from tests.support.web import PASSWORD, ThreadServer, csrf_of
from tests.test_weather_setup import FIXTURES, SMHI_NOW, SMHI_PATH
from tests.test_web import settings_form

WAV = {"Content-Type": "audio/wav"}


@pytest.fixture
def site(tmp_path, http_server):
    """A preschool that keeps recordings (a teacher switched it on), its weather served locally."""
    http_server.route(SMHI_PATH, FIXTURES / "smhi_snow1g.json")
    folder = preschool(tmp_path / "config", privacy={"keep_audio": True},
                       skills={"weather": {"base_url": http_server.url, "timeout_seconds": 1}})
    assistant = Assistant.from_config_dir(folder).ready()
    from assistant.web.auth import PasswordStore

    PasswordStore(assistant.store).set(PASSWORD)
    server = ThreadServer(create_app(assistant))
    teacher = requests.Session()
    teacher.cookies.set("admin_lang", "en", path="/admin")   # the teacher reads the admin in English
    login = teacher.get(f"{server.url}/admin/login", timeout=5)
    teacher.post(f"{server.url}/admin/login", data={"csrf": csrf_of(login.text), "password": PASSWORD},
                 timeout=10)
    yield server.url, teacher, assistant
    server.close()


def save(url: str, teacher: requests.Session, **changes: str | None) -> requests.Response:
    form = settings_form(teacher.get(f"{url}/admin/settings", timeout=5).text)
    for name, value in changes.items():
        if value is None:
            form.pop(name, None)
        else:
            form[name] = value
    return teacher.post(f"{url}/admin/settings", data=form, timeout=10)


def recordings(assistant: Assistant) -> list:
    folder = assistant.speech.state / "recordings"
    return sorted(folder.glob("*.wav")) if folder.exists() else []


def test_turning_keep_audio_off_stops_recordings_at_once(site) -> None:
    url, teacher, assistant = site
    question = espeak_wav("what day is it")
    kept = requests.post(f"{url}/api/listen", params={"lang": "en"}, data=question, headers=WAV, timeout=30)
    assert kept.status_code == 200 and len(recordings(assistant)) == 1   # on: the question is kept
    saved = save(url, teacher, **{"privacy.keep_audio": None})   # the teacher unticks the box
    assert saved.status_code == 200 and "Saved." in saved.text
    again = requests.post(f"{url}/api/listen", params={"lang": "en"}, data=question, headers=WAV, timeout=30)
    assert again.status_code == 200 and len(recordings(assistant)) == 1   # nothing more is kept
    assert not assistant.settings.config.privacy.keep_audio


def test_new_outdoor_hours_apply_to_weather_and_clothing_at_once(site) -> None:
    url, teacher, assistant = site
    assistant.registry.skill("weather").refresh(SMHI_NOW)
    now = "2026-04-03T07:00:00"

    def ask(text: str) -> dict:
        body = {"text": text, "lang": "en", "now": now}
        return requests.post(f"{url}/api/ask", json=body, timeout=10).json()

    before = ask("what should I wear"), ask("what's the weather like today")
    save(url, teacher, outdoor_hours="16:00-17:00")
    after = ask("what should I wear"), ask("what's the weather like today")
    assert assistant.config.outdoor_hours == ["16:00-17:00"]
    # Both answers now look at the late afternoon: each changes, the same moment.
    assert before[0]["card"] != after[0]["card"] and before[1]["text"] != after[1]["text"]


def test_a_new_voice_rate_is_heard_at_once_and_languages_wait_for_a_restart(site) -> None:
    url, teacher, assistant = site
    first = assistant.speech.say("Today it's pancakes.", "en")
    saved = save(url, teacher, **{"voice.rate": "100", "languages": ["en", "sv"], "languages.default": "en"})
    assert "restarted" in saved.text and "languages" in saved.text
    slower = assistant.speech.say("Today it's pancakes.", "en")
    assert slower.id != first.id   # made again with the new rate (the cache key has it)
    assert assistant.settings.config.voice.rate == 100


def test_a_new_idle_time_is_on_the_childs_page_at_once(site) -> None:
    url, teacher, assistant = site
    assert 'data-idle-seconds="120' in requests.get(f"{url}/", timeout=5).text
    save(url, teacher, **{"web.idle_seconds": "30"})
    assert assistant.config.web.idle_seconds == 30
    assert 'data-idle-seconds="30' in requests.get(f"{url}/", timeout=5).text
