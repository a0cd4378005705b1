"""The web server over real HTTP: the JSON API, the child's page and the admin's protections."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import requests

from assistant.config import load_config
from assistant.core import Assistant
from assistant.web import create_app
from assistant.web.app import route_table
from tests.support.web import PASSWORD, ThreadServer, copy_config, csrf_of


@pytest.fixture(scope="module")
def web_assistant(tmp_path_factory) -> Assistant:
    """An assistant of its own: these tests save settings, which the shared one must not see."""
    return Assistant.from_config_dir(copy_config(tmp_path_factory.mktemp("web") / "config"))


@pytest.fixture(scope="module")
def app(web_assistant):
    app = create_app(web_assistant)
    app.state.web.passwords.set(PASSWORD)
    return app


@pytest.fixture(scope="module")
def server(app):
    instance = ThreadServer(app)
    yield instance.url
    instance.close()


def log_in(url: str, password: str = PASSWORD, lang: str = "en"
           ) -> tuple[requests.Session, requests.Response]:
    """A teacher's browser, logged in, reading the admin in `lang` (the teacher's choice)."""
    browser = requests.Session()
    browser.cookies.set("admin_lang", lang, path="/admin")
    form = browser.get(f"{url}/admin/login", timeout=5)
    response = browser.post(f"{url}/admin/login", timeout=10, allow_redirects=False,
                            data={"password": password, "csrf": csrf_of(form.text)})
    return browser, response


@pytest.fixture
def teacher(server) -> requests.Session:
    browser, response = log_in(server)
    assert response.status_code == 303 and response.headers["location"] == "/admin/menu"
    return browser


# --- the JSON API ---------------------------------------------------------------------------------


def test_ask_returns_the_reply_json(server) -> None:
    body = {"text": "vad är klockan", "lang": "sv", "now": "2026-02-03T09:15:00"}
    reply = requests.post(f"{server}/api/ask", json=body, timeout=10).json()
    assert reply["text"].endswith("kvart över nio.") and reply["skill"] == "calendar"
    assert reply["card"]["kind"] == "clock" and reply["card"]["time"] == "09:15"
    audio = requests.get(f"{server}{reply['audio']['url']}", timeout=10)
    assert audio.ok and audio.content[:4] == b"RIFF"


def test_a_tapped_picture_is_said(server) -> None:
    said = requests.post(f"{server}/api/say", json={"text": "Mössa", "lang": "sv"}, timeout=10)
    assert said.ok and said.json()["text"] == "Mössa"
    assert said.json()["audio"]["url"]
    too_long = requests.post(f"{server}/api/say", json={"text": "x" * 500}, timeout=5)
    assert too_long.status_code == 422


def test_health_and_openapi(server, web_assistant) -> None:
    health = requests.get(f"{server}/api/health", timeout=5).json()
    assert health["status"] == "ok" and health["languages"] == web_assistant.config.languages
    paths = requests.get(f"{server}/openapi.json", timeout=5).json()["paths"]
    assert {"/api/ask", "/api/health", "/api/say"} <= set(paths)
    assert not [p for p in paths if p.startswith("/admin")]


def test_bad_requests_are_refused_with_a_message(server) -> None:
    too_big = requests.post(f"{server}/api/ask", data="x" * 10000, timeout=5,
                            headers={"Content-Type": "application/json"})
    assert too_big.status_code == 413 and "larger" in too_big.json()["detail"]
    # A body without a declared length is counted as it arrives.
    streamed = requests.post(f"{server}/api/ask", data=(b"x" * 1024 for _ in range(20)), timeout=5,
                             headers={"Content-Type": "application/json"})
    assert streamed.status_code == 413
    empty = requests.post(f"{server}/api/ask", json={"text": ""}, timeout=5)
    assert empty.status_code == 422
    unknown = requests.post(f"{server}/api/ask", json={"text": "hej", "lang": "xx"}, timeout=5)
    assert unknown.status_code == 422 and "xx" in unknown.json()["detail"]


# --- the child's page ------------------------------------------------------------------------------


def test_child_page_has_a_tile_per_answerable_question(server, web_assistant) -> None:
    page = requests.get(f"{server}/?lang=en", timeout=5)
    assert page.status_code == 200 and 'lang="en"' in page.text and 'dir="ltr"' in page.text
    installed = set(web_assistant.registry.by_intent)
    for intent in ("menu", "weather", "clothing", "time", "date"):
        question = web_assistant.responses.render(f"suggest_{intent}", {}, "en").text
        shown = f'data-question="{question}"'.replace("'", "&#39;") in page.text
        assert shown == (intent in installed), intent
    # Nothing to type: no text field of any kind for a child.
    assert not re.search(r"<(input|textarea|select)\b", page.text)
    assert len(re.findall(r'class="flag( current)?"', page.text)) == len(web_assistant.config.languages)
    assert "🇸🇪" in page.text and "🇬🇧" in page.text


def test_every_tile_question_is_understood_as_its_own_intent(server, web_assistant) -> None:
    for lang in web_assistant.nlu.languages:
        for intent in web_assistant.registry.by_intent:
            if not web_assistant.responses.has(f"suggest_{intent}", lang):
                continue
            question = web_assistant.responses.render(f"suggest_{intent}", {}, lang).text
            reply = requests.post(f"{server}/api/ask", json={"text": question, "lang": lang}, timeout=10)
            assert reply.json()["intent"]["name"] == intent, (lang, question)


def test_pages_carry_a_strict_content_policy(server) -> None:
    for path in ("/", "/admin/login"):
        headers = requests.get(f"{server}{path}", timeout=5).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY"
    assert requests.get(f"{server}/admin/login", timeout=5).headers["cache-control"] == "no-store"


# --- the admin: who may come in ----------------------------------------------------------------------


def admin_routes(app) -> list[tuple[str, str]]:
    found = []
    for path, methods in route_table(app.routes):
        # The login, and the admin's language (a preference the login page offers too), are open.
        if path.startswith("/admin") and not path.startswith(("/admin/login", "/admin/language")):
            found += [(path.replace("{correction_id}", "1"), m) for m in sorted(methods) if m != "HEAD"]
    return found


def test_every_admin_route_is_refused_without_a_session(server, app) -> None:
    routes = admin_routes(app)
    assert len(routes) >= 10 and ("/admin/settings", "POST") in routes
    anonymous = requests.Session()
    anonymous.get(f"{server}/admin/login", timeout=5)  # a pre-login session is no login either
    for client in (requests.Session(), anonymous):
        for path, method in routes:
            response = client.request(method, f"{server}{path}", timeout=5, allow_redirects=False,
                                      data={"csrf": "x", "menu:2026-02-04:lunch": "Glass"})
            if method == "GET":
                assert response.status_code == 303, (path, method)
                assert response.headers["location"].startswith("/admin/login"), path
            else:
                assert response.status_code == 401, (path, method)
            assert "Solrosens" not in response.text


def test_a_change_without_the_forms_token_is_refused(server, teacher, web_assistant) -> None:
    before = web_assistant.config.preschool.name
    response = teacher.post(f"{server}/admin/settings", data={"preschool.name": "Hackad"}, timeout=5)
    assert response.status_code == 403 and "reload" in response.json()["detail"]
    wrong = teacher.post(f"{server}/admin/api/try", json={"text": "hej"}, timeout=5,
                         headers={"X-CSRF-Token": "not-the-token"})
    assert wrong.status_code == 403
    assert web_assistant.config.preschool.name == before


def test_wrong_passwords_lock_the_login_for_a_while(web_assistant) -> None:
    app = create_app(web_assistant)
    app.state.web.passwords.set(PASSWORD)
    server = ThreadServer(app)
    try:
        attempts = web_assistant.config.web.login_attempts
        for _ in range(attempts):
            _, response = log_in(server.url, "not-the-password")
            assert response.status_code == 401 and "not right" in response.text
            assert 'name="password"' in response.text
        _, response = log_in(server.url, PASSWORD)
        assert response.status_code == 429 and "Try again in 15 minutes" in response.text
        # Once the window has passed, the right password works again.
        limiter = app.state.web.limiter
        later = limiter.clock() + web_assistant.config.web.lockout_minutes * 60 + 1
        limiter.clock = lambda: later
        _, response = log_in(server.url, PASSWORD)
        assert response.status_code == 303
    finally:
        server.close()


def test_an_idle_session_ends(server, app, teacher) -> None:
    assert teacher.get(f"{server}/admin/settings", timeout=5, allow_redirects=False).status_code == 200
    sessions = app.state.web.sessions
    real_clock = sessions.clock
    idle = app.state.web.assistant.config.web.admin_session_minutes * 60 + 1
    sessions.clock = lambda: real_clock() + idle
    try:
        response = teacher.get(f"{server}/admin/settings", timeout=5, allow_redirects=False)
        assert response.status_code == 303 and "/admin/login" in response.headers["location"]
    finally:
        sessions.clock = real_clock


def test_login_page_says_when_no_password_is_set(tmp_path, web_assistant) -> None:
    app = create_app(web_assistant)
    app.state.web.passwords.store.execute("DELETE FROM admin_password")
    try:
        server = ThreadServer(app)
        try:
            page = requests.get(f"{server.url}/admin/login", timeout=5)
            assert "assistant admin set-password" in page.text
            _, response = log_in(server.url, "")
            assert response.status_code == 401
        finally:
            server.close()
    finally:
        app.state.web.passwords.set(PASSWORD)


# --- the admin's pages ---------------------------------------------------------------------------


def settings_form(page: str) -> dict[str, object]:
    """The values a browser would send for the settings form as shown."""
    form: dict[str, object] = {"csrf": csrf_of(page)}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page):
        form[name] = value
    for name, value in re.findall(r'<input type="text" name="([^"]+)" value="([^"]*)"', page):
        form[name] = value.replace("&#39;", "'").replace("&amp;", "&")
    for name in re.findall(r'<input type="checkbox" name="([^"]+)" checked>', page):
        form[name] = "on"
    form["languages"] = re.findall(r'name="languages" value="([^"]+)" checked', page)
    for select, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', body)
        form[select] = chosen.group(1) if chosen else ""
    return form


def test_a_bad_setting_keeps_what_was_typed_and_says_what_is_wrong(server, teacher, web_assistant) -> None:
    config_file = web_assistant.registry.skills[0].context.config_dir / "assistant.yml"
    before = config_file.read_text()
    form = settings_form(teacher.get(f"{server}/admin/settings", timeout=5).text)
    form.update({"location.lat": "91", "preschool.name": "Vitsippans förskola",
                 "outdoor_hours": "09:00-11:30, 25:00-16:00"})
    response = teacher.post(f"{server}/admin/settings", data=form, timeout=5)
    assert response.status_code == 422 and "Nothing was saved" in response.text
    assert 'value="91"' in response.text and 'value="Vitsippans förskola"' in response.text
    # Outlined, and said the way a teacher understands, naming the field (the validator's own text
    # is gone); the summary names the fields to fix.
    assert "Latitude: at most 90." in response.text and "less than or equal" not in response.text
    assert 'data-field="location.lat"' in response.text
    assert "2 values to fix (Latitude, Outdoor hours)" in response.text
    assert "&#39;25:00-16:00&#39; is not a time span" in response.text
    assert config_file.read_text() == before
    assert web_assistant.config.preschool.name == "Solrosens förskola"


def test_saved_settings_keep_the_files_comments_and_apply_at_once(server, teacher, web_assistant) -> None:
    config_file = web_assistant.registry.skills[0].context.config_dir / "assistant.yml"
    form = settings_form(teacher.get(f"{server}/admin/settings", timeout=5).text)
    form.update({"preschool.assistant_name": "Robbi", "location.lat": "59.33",
                 "outdoor_hours": "09:30-11:00, 14:00-15:30", "privacy.log_transcripts": "on"})
    response = teacher.post(f"{server}/admin/settings", data=form, timeout=5)
    assert response.status_code == 200 and "Saved." in response.text
    saved = load_config(config_file.parent)
    assert saved.preschool.assistant_name == "Robbi" and saved.location.lat == 59.33
    assert saved.outdoor_hours == ["09:30-11:00", "14:00-15:30"] and saved.privacy.log_transcripts
    text = config_file.read_text()
    assert "# Helsingborg; used for the weather forecast" in text
    assert 'outdoor_hours: ["09:30-11:00", "14:00-15:30"]' in text or \
        "outdoor_hours: [09:30-11:00, 14:00-15:30]" in text
    # The running assistant uses the new name straight away, with no restart.
    page = requests.get(f"{server}/", timeout=5)
    assert "Jag heter Robbi" in page.text
    # The page as it is after the save (it carries the file's new version).
    form = settings_form(teacher.get(f"{server}/admin/settings", timeout=5).text)
    form["preschool.assistant_name"] = "Kompis"
    form.pop("privacy.log_transcripts", None)
    assert teacher.post(f"{server}/admin/settings", data=form, timeout=5).status_code == 200
    assert load_config(config_file.parent).preschool.assistant_name == "Kompis"


def test_try_it_answers_like_the_tablet(server, teacher) -> None:
    page = teacher.get(f"{server}/admin/try", timeout=5)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)
    reply = teacher.post(f"{server}/admin/api/try", json={"text": "what day is it", "lang": "en"},
                         headers={"X-CSRF-Token": token}, timeout=10).json()
    assert reply["lang"] == "en" and reply["intent"]["name"] == "date" and reply["card"]["kind"] == "calendar"
    assert reply["audio"]["url"]


def test_the_menu_page_edits_what_children_hear(server, teacher, web_assistant) -> None:
    page = teacher.get(f"{server}/admin/menu?week=2026-02-02", timeout=5)
    assert page.status_code == 200
    menu = web_assistant.registry.skill("menu")
    token = csrf_of(page.text)
    assert 'name="menu:2026-02-04:lunch"' in page.text and 'name="menu:2026-02-13:snack"' in page.text
    saved = teacher.post(f"{server}/admin/menu", timeout=5, data={
        "csrf": token, "week": "2026-02-02", "menu:2026-02-04:lunch": "Pannkakor med sylt\n\n"})
    assert "Saved 1 change." in saved.text
    assert menu.week(dt.date(2026, 2, 2))[dt.date(2026, 2, 4)]["lunch"] == ["Pannkakor med sylt"]
    reply = requests.post(f"{server}/api/ask", timeout=10, json={
        "text": "vad blir det för mat idag", "lang": "sv", "now": "2026-02-04T10:00:00"}).json()
    assert "pannkakor" in reply["text"].lower() and reply["card"]["items"]
    heard = teacher.post(f"{server}/admin/menu/hear", json={"day": "2026-02-04", "lang": "sv"},
                         headers={"X-CSRF-Token": token}, timeout=10).json()
    assert "pannkakor" in heard["text"].lower()
    too_many = teacher.post(f"{server}/admin/menu", timeout=5, data={
        "csrf": token, "week": "2026-02-02", "menu:2026-02-05:lunch": "Fisk\n" * 9,
        "menu:2026-02-06:lunch": "Soppa"})
    assert too_many.status_code == 422 and "At most 8 dishes" in too_many.text
    assert "Soppa</textarea>" in too_many.text  # what was typed stays


def test_a_teacher_changes_the_picture_a_child_sees_for_a_dish(server, teacher, web_assistant) -> None:
    """Beside each dish, the picture the child will see; on the pictures page, another from the set."""
    token = csrf_of(teacher.get(f"{server}/admin/menu?week=2026-02-09", timeout=5).text)
    teacher.post(f"{server}/admin/menu", timeout=5, data={
        "csrf": token, "week": "2026-02-09", "menu:2026-02-10:lunch": "Fiskbullar med potatis"})
    week = teacher.get(f"{server}/admin/menu?week=2026-02-09", timeout=5).text
    assert '<img src="/pictures/fish_balls.svg" alt="Picture for fiskbullar med potatis"' in week

    def card_pictures() -> list[str]:
        reply = requests.post(f"{server}/api/ask", timeout=10, json={
            "text": "vad blir det för mat idag", "lang": "sv", "now": "2026-02-10T10:00:00"}).json()
        return [item["picture"] for item in reply["card"]["items"]]

    assert card_pictures() == ["fish_balls"]
    page = teacher.get(f"{server}/admin/menu/pictures", timeout=5).text
    assert "Automatic (" in page and '<option value="pancakes"' in page
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    form = {"csrf": csrf_of(page), "version": version, "dish:0": "fiskbullar med potatis"}
    refused = teacher.post(f"{server}/admin/menu/pictures", timeout=5, data={**form, "picture:0": "unicorn"})
    assert refused.status_code == 422 and "Choose a picture from the list." in refused.text
    saved = teacher.post(f"{server}/admin/menu/pictures", timeout=5, data={**form, "picture:0": "pancakes"})
    assert "Saved 1 change." in saved.text
    assert card_pictures() == ["pancakes"]
    assert '<img src="/pictures/pancakes.svg"' in teacher.get(f"{server}/admin/menu?week=2026-02-09",
                                                            timeout=5).text
    # An old page (shown before that save) changes nothing; the automatic picture comes back on request.
    stale = teacher.post(f"{server}/admin/menu/pictures", timeout=5, data={**form, "picture:0": ""})
    assert stale.status_code == 409 and card_pictures() == ["pancakes"]
    fresh = teacher.get(f"{server}/admin/menu/pictures", timeout=5).text
    version = re.search(r'name="version" value="(\d+)"', fresh).group(1)
    teacher.post(f"{server}/admin/menu/pictures", timeout=5,
                 data={**form, "csrf": csrf_of(fresh), "version": version, "picture:0": ""})
    assert card_pictures() == ["fish_balls"]


def test_the_repeating_week_is_edited_on_its_page_and_dated_changes_stay_marked(
        server, teacher, web_assistant) -> None:
    menu = web_assistant.registry.skill("menu")
    page = teacher.get(f"{server}/admin/menu/week", timeout=5)
    assert page.status_code == 200 and 'name="week:3:lunch"' in page.text
    token = csrf_of(page.text)
    # Empty boxes are kept: only the changed meal is saved, for every Thursday.
    saved = teacher.post(f"{server}/admin/menu/week", timeout=5, data={
        "csrf": token, "version": str(menu.version), "week:3:lunch": "Köttbullar med potatismos",
        "week:3:snack": "\n".join(menu.repeating_week()[3]["snack"])})
    assert "Saved 1 change to every week." in saved.text
    for thursday in ("2026-03-05", "2026-03-12"):
        reply = requests.post(f"{server}/api/ask", timeout=10, json={
            "text": "vad blir det för mat idag", "lang": "sv", "now": f"{thursday}T10:00:00"}).json()
        assert "köttbullar" in reply["text"].lower()
    # A change for one date wins there, is marked on the menu page, and the other Thursdays keep theirs.
    teacher.post(f"{server}/admin/menu", timeout=5, data={
        "csrf": token, "week": "2026-03-09", "menu:2026-03-12:lunch": "Fiskpinnar"})
    week = teacher.get(f"{server}/admin/menu?week=2026-03-09", timeout=5).text
    assert week.count("this day only</span>") == 1  # the badge, on that day's lunch alone
    assert menu.week(dt.date(2026, 3, 2))[dt.date(2026, 3, 5)]["lunch"] == ["Köttbullar med potatismos"]
    assert menu.week(dt.date(2026, 3, 9))[dt.date(2026, 3, 12)]["lunch"] == ["Fiskpinnar"]
    # A page shown before someone else's save does not overwrite it, and keeps what was typed.
    stale = teacher.post(f"{server}/admin/menu/week", timeout=5, data={
        "csrf": token, "version": "0", "week:0:lunch": "Soppa"})
    assert stale.status_code == 409 and "Soppa</textarea>" in stale.text
    bad = teacher.post(f"{server}/admin/menu/week", timeout=5, data={
        "csrf": token, "week:1:lunch": "Fisk\n" * 9})
    assert bad.status_code == 422 and "At most 8 dishes" in bad.text


def test_hear_speaks_what_is_typed_before_it_is_saved(server, teacher, web_assistant) -> None:
    page = teacher.get(f"{server}/admin/menu?week=2026-03-16", timeout=5)
    token = csrf_of(page.text)
    before = web_assistant.registry.skill("menu").week(dt.date(2026, 3, 16))
    heard = teacher.post(f"{server}/admin/menu/hear", headers={"X-CSRF-Token": token}, timeout=10, json={
        "day": "2026-03-17", "lang": "sv", "meals": {"lunch": "Tacos\nSallad", "nonsense": "x"}}).json()
    assert "tacos" in heard["text"].lower() and heard["audio"]["url"]
    assert web_assistant.registry.skill("menu").week(dt.date(2026, 3, 16)) == before  # nothing saved
    too_long = teacher.post(f"{server}/admin/menu/hear", headers={"X-CSRF-Token": token}, timeout=10,
                            json={"day": "2026-03-17", "meals": {"lunch": "x" * 5000}})
    assert too_long.status_code == 422


def test_teachers_correct_the_clothing_advice(server, teacher, web_assistant) -> None:
    page = teacher.get(f"{server}/admin/clothing", timeout=5)
    assert page.status_code == 200
    clothing = web_assistant.registry.skill("clothing")
    token = csrf_of(page.text)
    clash = teacher.post(f"{server}/admin/clothing", timeout=5, data={
        "csrf": token, "condition": "cold", "garments": ["cap", "beanie", "jacket"]})
    assert clash.status_code == 422 and "exclude each other" in clash.text
    assert 'value="jacket" checked' in clash.text  # what was ticked stays ticked
    saved = teacher.post(f"{server}/admin/clothing", timeout=5, data={
        "csrf": token, "condition": "cold", "garments": ["mittens", "jacket", "beanie"]})
    assert saved.status_code == 200 and "Correction saved" in saved.text
    [correction] = [c for c in clothing.corrections() if c.condition == "cold"]
    assert correction.garments[0] == "jacket"  # put in dressing order
    removed = teacher.post(f"{server}/admin/clothing/{correction.id}/delete", data={"csrf": token},
                           timeout=5)
    assert removed.status_code == 200 and "Correction removed" in removed.text
    assert not [c for c in clothing.corrections() if c.condition == "cold"]


def test_the_settings_page_has_three_groups_and_no_developer_settings(server, teacher) -> None:
    page = teacher.get(f"{server}/admin/settings", timeout=5).text
    assert re.findall(r'<h2 class="group">([^<]+)</h2>', page) == [
        "The preschool", "The children&#39;s languages and voice", "Data sources and skills"]
    for developer in ("voice.whisper_threads", "voice.pocketsphinx_models", "skills.weather.base_url",
                      "skills.menu.timeout_seconds", "web.fixed_clock"):
        assert f'name="{developer}"' not in page
    for teacher_setting in ("preschool.name", "voice.rate", "privacy.keep_audio", "skills.menu.source"):
        assert f'name="{teacher_setting}"' in page


def test_the_settings_page_marks_unreviewed_languages(server, teacher, web_assistant) -> None:
    page = teacher.get(f"{server}/admin/settings", timeout=5).text
    marked = re.findall(r'value="(\w+)"[^>]*>\s*\S+ [^<]+<code>\w+</code>\s*'
                        r'<span class="unreviewed">', page)
    assert set(marked) == set(web_assistant.config.languages)


def test_a_swedish_preschools_admin_is_in_swedish_and_a_teacher_may_choose_english(server) -> None:
    """The admin starts in the preschool's own language; the choice is remembered per browser."""
    swedish, response = log_in(server, lang="")
    assert response.status_code == 303
    page = swedish.get(f"{server}/admin/settings", timeout=5).text
    assert '<html lang="sv">' in page and "Spara inställningarna" in page and "Förskolans namn" in page
    form = settings_form(page)
    form.update({"location.lat": "91", "voice.rate": "fort"})
    refused = swedish.post(f"{server}/admin/settings", data=form, timeout=5).text
    assert "Latitud: högst 90." in refused and "Hastighet (ord per minut): skriv ett heltal" in refused
    assert "2 värden behöver rättas" in refused
    english = swedish.get(f"{server}/admin/language?lang=en&next=/admin/menu", timeout=5)
    assert english.url.endswith("/admin/menu") and '<html lang="en">' in english.text
    assert "Save the menu" in english.text
    # Not a way out of the admin, and an unknown language changes nothing.
    away = swedish.get(f"{server}/admin/language?lang=xx&next=https://example.com/", timeout=5,
                       allow_redirects=False)
    assert away.status_code == 303 and away.headers["location"].startswith("/admin/")
    assert '<html lang="en">' in swedish.get(f"{server}/admin/try", timeout=5).text
