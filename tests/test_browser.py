"""The tablet page and the admin in a real browser (Debian's Chromium through Playwright), against
`assistant serve` running on a temp copy of the example preschool."""

from __future__ import annotations

import datetime as dt
import io
import re
import wave
import zoneinfo
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Page, expect, sync_playwright

from assistant.config import PROJECT_ROOT, load_config
from assistant.core import data_folders
from assistant.forecast.symbols import SYMBOLS
from assistant.nlu.data import load_language
from assistant.web.languages import language_choice
from skills.clothing.garments import PICTURES as GARMENT_PICTURES
from tests.fixtures.speech.voices import espeak_wav
from tests.support.http import LocalHTTPServer
from tests.support.preschool import change_settings
from tests.support.web import PASSWORD, assistant_command, copy_config, start_serve

CHROMIUM = "/usr/bin/chromium"
BROWSER_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"]
TABLET = {"width": 768, "height": 1024}
SCREENSHOTS = PROJECT_ROOT / "tests" / "screenshots"
IDLE_SECONDS = 5
WEATHER_FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "weather"
SMHI_PATH = "/api/category/snow1g/version/1/geotype/point/*"
SMHI_NOW = "2026-04-03T09:15:00"
"""A morning inside the recorded SMHI forecast."""


def response_text(lang: str, skill: str, key: str) -> str:
    """The first variant of a response, from the language data a translator owns."""
    return load_language(lang, data_folders()).responses[key][0].text


def this_weeks(weekday: int) -> dt.date:
    """A day of the current week at the preschool (0 = Monday)."""
    today = dt.datetime.now(zoneinfo.ZoneInfo("Europe/Stockholm")).date()
    return today - dt.timedelta(days=today.weekday()) + dt.timedelta(days=weekday)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """`assistant serve` on its own preschool folder, with an admin password set by the CLI and the
    weather from a recorded SMHI forecast served on 127.0.0.1."""
    weather = LocalHTTPServer()
    weather.route(SMHI_PATH, WEATHER_FIXTURES / "smhi_snow1g.json")
    config_dir = copy_config(tmp_path_factory.mktemp("browser") / "config")
    change_settings(config_dir, {"weather": {"base_url": weather.url, "timeout_seconds": 1}},
                    web={"idle_seconds": IDLE_SECONDS})
    done = assistant_command("admin", "set-password", "--config", str(config_dir), "--password-stdin",
                             stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    server = start_serve(config_dir)
    yield server
    server.close()
    weather.close()


@pytest.fixture(scope="module")
def playwright():
    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="module")
def browser(playwright):
    instance = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
    yield instance
    instance.close()


SPOKEN = {"en": ("what's for lunch today", "en-us", "lunch"),
          "sv": ("vad blir det för mat idag", "sv", "mat")}
"""A question said by eSpeak NG per language, and a word its transcript must have."""


def spoken_question(folder: Path, lang: str) -> Path:
    """The language's question said by eSpeak NG, with a pause before and after, as a child would."""
    text, voice, _ = SPOKEN[lang]
    said = folder / f"said-{lang}.wav"
    said.write_bytes(espeak_wav(text, voice, rate=140))
    with wave.open(str(said)) as wav:
        params, frames = wav.getparams(), wav.readframes(wav.getnframes())
    pause = b"\0" * params.sampwidth
    question = folder / f"question-{lang}.wav"
    with wave.open(str(question), "wb") as wav:
        wav.setparams(params)
        wav.writeframes(pause * (params.framerate // 2) + frames + pause * params.framerate * 2)
    return question


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=TABLET, has_touch=True)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert not errors, errors


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def tap_and_read(page: Page, selector: str) -> dict:
    """Tap a tile; the reply JSON the page received."""
    with page.expect_response("**/api/ask") as answered:
        page.locator(selector).tap()
    reply = answered.value.json()
    expect(page.locator("#bubble-text")).to_have_text(reply["text"])
    return reply


def assert_pictures_and_audio(page: Page, reply: dict) -> None:
    """Every card item is on the page as a picture, and the answer's audio is loaded to play."""
    items = (reply["card"] or {}).get("items", [])
    pictures = page.locator("#pictures .picture")
    if items:
        expect(pictures).to_have_count(len(items))
        for i, item in enumerate(items):
            assert pictures.nth(i).get_attribute("data-label") == (item.get("label") or "")
    else:
        # An answer without pictures of its own shows the question's picture with a question mark.
        expect(page.locator("#pictures .picture.unknown")).to_have_count(1)
    url = reply["audio"]["url"]
    # Polled from here: the page's content policy forbids the eval behind wait_for_function.
    deadline = dt.datetime.now() + dt.timedelta(seconds=10)
    while page.evaluate("() => document.getElementById('voice').readyState") < 2:
        assert dt.datetime.now() < deadline, "the answer's audio did not load"
        page.wait_for_timeout(50)
    assert page.eval_on_selector("#voice", "v => v.src").endswith(url)


# --- the child's page ------------------------------------------------------------------------------


def test_the_food_tile_tells_todays_dish_with_pictures_and_sound(site, page) -> None:
    page.goto(f"{site.url}/")
    wednesday = this_weeks(2)
    done = assistant_command("menu", "set", "--config", str(site.config_dir), wednesday.isoformat(),
                             "lunch", "Fiskbullar med potatis")
    assert done.returncode == 0, done.stderr
    page.goto(f"{site.url}/?now={wednesday.isoformat()}T10:30:00")
    reply = tap_and_read(page, ".tile-menu")
    assert reply["intent"]["name"] == "menu" and "fiskbullar" in reply["text"].lower()
    assert any("fiskbullar" in (i.get("label") or "").lower() for i in reply["card"]["items"])
    assert_pictures_and_audio(page, reply)
    screenshot(page, "child-food-answer")


def test_every_tile_answers_with_a_picture(site, page) -> None:
    page.goto(f"{site.url}/")
    tiles = page.locator(".tile")
    shown = {tiles.nth(i).get_attribute("data-intent") for i in range(tiles.count())}
    assert shown == {"menu", "weather", "clothing", "time", "date"}
    for intent in ("time", "date"):
        reply = tap_and_read(page, f".tile-{intent}")
        assert reply["intent"]["name"] == intent
        assert_pictures_and_audio(page, reply)
    # The clock is drawn with hands at the answer's time, not only told.
    reply = tap_and_read(page, ".tile-time")
    expect(page.locator("#pictures svg.clock-face")).to_have_attribute("data-time", reply["card"]["time"])


@pytest.mark.parametrize("lang", ["sv", "en", "ar"])
def test_every_tiles_answer_is_drawn_in_each_direction(site, page, lang) -> None:
    """Screenshots of every tile's answer (looked at by a person: tests/screenshots/tile-*)."""
    wait_for_forecast(site)
    page.goto(f"{site.url}/?lang={lang}&now=2026-04-07T09:15:00")  # a Tuesday inside the recorded forecast
    for intent in ("menu", "weather", "clothing", "time", "date"):
        reply = tap_and_read(page, f".tile-{intent}")
        assert reply["intent"]["name"] == intent and reply["lang"] == lang
        pictures = page.locator("#pictures .picture")
        expect(pictures.first).to_be_visible()
        screenshot(page, f"tile-{lang}-{intent}")
    # The day's page shows the date as the answer writes it: the language's own digits and month.
    number = page.locator(".day-page .number")
    expect(number).to_have_text({"ar": "٧"}.get(lang, "7"))
    if lang == "ar":
        expect(page.locator(".day-page .month")).to_have_text("نيسان")
        assert "نيسان" in reply["text"]


def wait_for_forecast(site) -> None:
    """The server fetches the recorded forecast in the background as it starts: wait for it."""
    ask = {"text": "hur blir vädret", "lang": "sv", "now": SMHI_NOW}
    deadline = dt.datetime.now() + dt.timedelta(seconds=20)
    while requests.post(f"{site.url}/api/ask", json=ask, timeout=5).json()["card"].get("symbol") is None:
        assert dt.datetime.now() < deadline, "the recorded forecast never arrived"


def test_weather_and_clothes_are_shown_as_pictures(site, page) -> None:
    # The server fetches the forecast in the background as it starts; wait until it has it.
    ask = {"text": "hur blir vädret", "lang": "sv", "now": SMHI_NOW}
    deadline = dt.datetime.now() + dt.timedelta(seconds=20)
    while requests.post(f"{site.url}/api/ask", json=ask, timeout=5).json()["card"].get("symbol") is None:
        assert dt.datetime.now() < deadline, "the recorded forecast never arrived"
    page.goto(f"{site.url}/?now={SMHI_NOW}")
    weather = tap_and_read(page, ".tile-weather")
    assert weather["card"]["kind"] == "weather"
    # The weather tile shows the sky outside now, before anyone taps it.
    expect(page.locator(".tile-weather img")).to_have_attribute(
        "src", weather["card"]["items"][0]["picture_url"])
    assert_pictures_and_audio(page, weather)
    expect(page.locator("#pictures .picture").first).to_have_attribute("data-value",
                                                                       weather["card"]["symbol"])
    clothes = tap_and_read(page, ".tile-clothing")
    garments = [item["value"] for item in clothes["card"]["items"]]
    assert len(garments) >= 2
    shown = page.locator("#pictures .picture")
    assert [shown.nth(i).get_attribute("data-value") for i in range(shown.count())] == garments
    expect(page.locator("#pictures")).to_have_class(re.compile(r"\bordered\b"))
    assert_pictures_and_audio(page, clothes)
    screenshot(page, "child-clothes-answer")


def test_switching_to_english(site, page) -> None:
    page.goto(f"{site.url}/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    page.locator("#language").tap()
    expect(page.locator("#languages")).to_be_visible()
    screenshot(page, "child-languages")
    page.locator('.flag[data-lang="en"]').tap()
    page.wait_for_url(re.compile(r"lang=en"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".tile-time")).to_have_attribute(
        "data-question", response_text("en", "calendar", "suggest_time"))
    expect(page.locator("#bubble-text")).to_have_text(
        response_text("en", "_common", "welcome").format(assistant_name="Kompis"))
    reply = tap_and_read(page, ".tile-date")
    assert reply["lang"] == "en" and reply["intent"]["name"] == "date"
    screenshot(page, "child-english")


def test_a_tapped_picture_says_its_name(site, page) -> None:
    page.goto(f"{site.url}/")
    tap_and_read(page, ".tile-date")
    picture = page.locator("#pictures .picture").first
    with page.expect_response("**/api/say") as said:
        picture.tap()
    body = said.value.json()
    assert body["text"] == picture.get_attribute("data-label") and body["lang"] == "sv"
    assert body["audio"]["url"]


def test_the_page_is_made_for_small_fingers_and_no_reading(site, page) -> None:
    page.goto(f"{site.url}/")
    screenshot(page, "child-start")
    tap_and_read(page, ".tile-time")
    assert page.locator("input, textarea, select, [contenteditable]").count() == 0
    targets = page.locator("button:visible, a:visible")
    assert targets.count() >= 7
    for i in range(targets.count()):
        box = targets.nth(i).bounding_box()
        assert box["width"] >= 96 and box["height"] >= 96, targets.nth(i).evaluate("e => e.outerHTML")
    # Everything fits on the tablet's screen: nothing to scroll to.
    assert page.evaluate("document.documentElement.scrollHeight") <= TABLET["height"]


def test_right_to_left_languages_mirror_the_page(site, page) -> None:
    page.goto(f"{site.url}/")
    character, bubble = page.locator("#character"), page.locator("#bubble")
    assert character.bounding_box()["x"] < bubble.bounding_box()["x"]
    for lang, name in (("ar", "العربية"), ("fa", "فارسی")):
        page.goto(f"{site.url}/?lang={lang}")
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        assert character.bounding_box()["x"] > bubble.bounding_box()["x"]
        expect(page.locator("#language .flag-name")).to_have_text(name)
        reply = tap_and_read(page, ".tile-date")
        assert reply["lang"] == lang
        screenshot(page, f"child-{lang}")


def test_every_language_is_offered_by_its_own_name(site, page) -> None:
    page.goto(f"{site.url}/")
    page.locator("#language").tap()
    names = page.locator("#languages .flag .flag-name")
    offered = [language_choice(code).name for code in load_config(site.config_dir).languages]
    assert [names.nth(i).inner_text() for i in range(names.count())] == offered
    # A tap beside the cards closes the picker and keeps the language.
    page.mouse.click(5, 5)
    expect(page.locator("#languages")).to_be_hidden()
    expect(page.locator("html")).to_have_attribute("lang", "sv")


def set_wait_while_speaking(page: Page, site, on: bool) -> None:
    """A teacher ticks (or unticks) the setting on the settings page and saves."""
    page.goto(f"{site.url}/admin/settings")
    if "/admin/login" in page.url:
        page.fill('input[name="password"]', PASSWORD)
        page.click("button[type=submit]")
        page.goto(f"{site.url}/admin/settings")
    page.locator('input[name="web.wait_while_speaking"]').set_checked(on)
    page.click("text=Spara inställningarna")   # a Swedish preschool's admin is in Swedish
    expect(page.locator('input[name="web.wait_while_speaking"]')).to_be_checked(checked=on)


def test_with_wait_while_speaking_a_tap_during_the_answer_waits(site, page) -> None:
    set_wait_while_speaking(page, site, True)
    try:
        page.goto(f"{site.url}/")
        expect(page.locator("body")).to_have_attribute("data-wait-while-speaking", "yes")
        asked = []
        page.on("request", lambda request: asked.append(request.url) if "/api/ask" in request.url else None)
        tap_and_read(page, ".tile-menu")
        page.wait_for_function("() => !document.getElementById('voice').paused")
        before = len(asked)
        page.locator(".tile-time").tap()  # while the dish is being said: nothing is asked
        assert page.evaluate("() => !document.getElementById('voice').paused")
        assert len(asked) == before
        page.wait_for_function("() => document.getElementById('voice').ended", timeout=20000)
        assert tap_and_read(page, ".tile-time")["intent"]["name"] == "time"  # afterwards it answers
    finally:
        set_wait_while_speaking(page, site, False)


def test_the_page_goes_back_to_the_start_when_left_alone(site, page) -> None:
    page.goto(f"{site.url}/?lang=en")
    tap_and_read(page, ".tile-time")
    page.evaluate("document.getElementById('voice').pause()")
    # The next child starts in the preschool's first language, on the start screen.
    page.wait_for_url(re.compile(r"lang=sv"), timeout=(IDLE_SECONDS + 5) * 1000)
    welcome = response_text("sv", "_common", "welcome").format(assistant_name="Kompis")
    expect(page.locator("#bubble-text")).to_have_text(welcome)
    tap_and_read(page, ".tile-date")
    page.evaluate("document.getElementById('voice').pause()")
    expect(page.locator("#answer")).to_be_hidden(timeout=(IDLE_SECONDS + 5) * 1000)
    expect(page.locator("#bubble-text")).to_have_text(welcome)


def hears(site, lang: str) -> bool:
    """Whether the server can hear `lang` at all (half a second of quiet: 200, or 422 with why not)."""
    quiet = io.BytesIO()
    with wave.open(quiet, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(16000)
        wav.writeframes(b"\0\0" * 8000)
    response = requests.post(f"{site.url}/api/listen?lang={lang}", data=quiet.getvalue(), timeout=30,
                             headers={"Content-Type": "audio/wav"})
    return response.status_code == 200


def test_the_talk_button_is_there_only_where_the_language_can_be_heard(site, page) -> None:
    served = "/api/listen" in requests.get(f"{site.url}/openapi.json", timeout=5).json()["paths"]
    assert served
    talk = page.locator("#talk")
    for lang in load_config(site.config_dir).languages:
        page.goto(f"{site.url}/?lang={lang}")
        if hears(site, lang):
            expect(talk).to_have_attribute("data-state", "ready")
        else:
            # Nothing here can hear the language: no crossed-out button, the tiles have the room.
            expect(talk).to_have_count(0)
            assert tap_and_read(page, ".tile-time")["intent"]["name"] == "time"
    # A language it hears, with the microphone refused at the first press: the button crosses out
    # its microphone and says so, and the pictures still work.
    heard = [lang for lang in ("sv", "en") if hears(site, lang)]
    for lang in heard:
        page.goto(f"{site.url}/?lang={lang}")
        talk.dispatch_event("pointerdown")
        expect(talk).to_have_attribute("data-state", "off")
        expect(page.locator("#bubble-text")).to_have_text(response_text(lang, "_common", "mic_off"))
        assert tap_and_read(page, ".tile-time")["intent"]["name"] == "time"


@pytest.mark.parametrize("lang", SPOKEN)
def test_a_spoken_question_goes_from_the_microphone_to_an_answer(site, playwright, lang,
                                                               tmp_path) -> None:
    assert "/api/listen" in requests.get(f"{site.url}/openapi.json", timeout=5).json()["paths"]
    # Chromium's stand-in microphone plays the recording once, then silence.
    recording = spoken_question(tmp_path, lang)
    fake_microphone = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                       f"--use-file-for-fake-audio-capture={recording}%noloop"]
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS + fake_microphone)
    try:
        context = browser.new_context(viewport=TABLET, has_touch=True)
        context.grant_permissions(["microphone"])
        page = context.new_page()
        page.goto(f"{site.url}/?lang={lang}&now={this_weeks(2).isoformat()}T10:00:00")
        talk = page.locator("#talk")
        expect(talk).to_have_attribute("data-state", "ready")
        with page.expect_response(lambda r: "/api/listen?" in r.url, timeout=60000) as listened:
            talk.dispatch_event("pointerdown")  # a tap: the question ends at the pause after it
            talk.dispatch_event("pointerup")
            expect(talk).to_have_attribute("data-state", "recording")
        assert listened.value.request.headers["content-type"] == "audio/wav"
        heard = listened.value.json()
        reply = heard["reply"]
        # What was heard is shown back first, then the answer.
        expect(page.locator("#bubble-text")).to_contain_text(reply["text"])
        expect(talk).to_have_attribute("data-state", "ready")
        word = SPOKEN[lang][2]
        assert word in heard["transcript"].lower() and reply["intent"]["name"] == "menu", heard["transcript"]
        expect(page.locator("#bubble-text .heard")).to_have_text(heard["transcript"])
        assert_pictures_and_audio(page, reply)
    finally:
        browser.close()


def test_the_page_encodes_16_bit_wav(site, page) -> None:
    page.goto(f"{site.url}/")
    data = page.evaluate("""async () => {
        const rate = 48000, samples = new Float32Array(rate);
        for (let i = 0; i < rate; i++) samples[i] = 0.5 * Math.sin(2 * Math.PI * 440 * i / rate);
        const blob = encodeWav(downsample(samples, rate, 16000), 16000);
        return Array.from(new Uint8Array(await blob.arrayBuffer()));
    }""")
    with wave.open(io.BytesIO(bytes(data))) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 16000)
        assert wav.getnframes() == 16000
        frames = wav.readframes(wav.getnframes())
    values = [int.from_bytes(frames[i:i + 2], "little", signed=True) for i in range(0, len(frames), 2)]
    assert 15000 < max(values) < 17000  # 0.5 of full scale
    crossings = sum(1 for a, b in zip(values, values[1:], strict=False) if a < 0 <= b)
    assert 435 <= crossings <= 445  # still a 440 Hz tone after resampling


# --- the teachers' admin -------------------------------------------------------------------------


def in_english(page, site) -> None:
    """The teacher has chosen the English admin (a Swedish preschool's admin starts in Swedish)."""
    page.context.add_cookies([{"name": "admin_lang", "value": "en", "url": f"{site.url}/admin"}])


def test_a_teacher_changes_wednesdays_lunch_and_the_child_hears_it(site, page, browser) -> None:
    # In Swedish, as a Swedish preschool's admin starts.
    page.goto(f"{site.url}/admin/menu")
    expect(page).to_have_url(re.compile(r"/admin/login"))
    page.fill('input[name="password"]', PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/admin/menu$"))
    wednesday = this_weeks(2)
    lunch = page.locator(f'textarea[name="menu:{wednesday.isoformat()}:lunch"]')
    lunch.fill("Pannkakor med sylt")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    page.click("text=Spara matsedeln")
    expect(page.locator(".note")).to_have_text("Sparade 1 ändring.")
    expect(lunch).to_have_value("Pannkakor med sylt")
    # What a child will hear that day, before any child does.
    with page.expect_response("**/admin/menu/hear") as heard:
        page.locator(f'button.hear[data-day="{wednesday.isoformat()}"]').click()
    assert "pannkakor" in heard.value.json()["text"].lower()
    expect(page.locator("#reply-text")).to_contain_text("annkakor")
    screenshot(page, "admin-menu-tablet")
    page.set_viewport_size({"width": 1280, "height": 1000})
    screenshot(page, "admin-menu")

    child = page.context.new_page()
    child.goto(f"{site.url}/?now={wednesday.isoformat()}T10:00:00")
    reply = tap_and_read(child, ".tile-menu")
    assert "pannkakor" in reply["text"].lower()
    assert_pictures_and_audio(child, reply)


def test_a_teacher_changes_the_repeating_week_and_a_child_hears_it_weeks_later(site, page) -> None:
    page.goto(f"{site.url}/admin/login")
    page.fill('input[name="password"]', PASSWORD)
    page.click("button[type=submit]")
    # The teacher switches the admin to English, and it stays English from page to page.
    page.click(".admin-language >> text=English")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.click("nav >> text=Every week")
    expect(page.locator("h1")).to_have_text("Every week")
    expect(page.locator("nav a[aria-current=page]")).to_have_count(1)
    page.locator('textarea[name="week:1:lunch"]').fill("Kycklinggryta med ris")
    page.click("text=Save every week")
    expect(page.locator(".note")).to_have_text("Saved 1 change to every week.")
    screenshot(page, "admin-every-week")
    tuesday = this_weeks(1) + dt.timedelta(days=21)
    child = page.context.new_page()
    child.goto(f"{site.url}/?now={tuesday.isoformat()}T10:00:00")
    reply = tap_and_read(child, ".tile-menu")
    assert "kycklinggryta" in reply["text"].lower()
    assert_pictures_and_audio(child, reply)


def test_hear_speaks_what_is_typed_and_leaving_unsaved_edits_asks_first(site, page) -> None:
    in_english(page, site)
    page.goto(f"{site.url}/admin/login")
    page.fill('input[name="password"]', PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{site.url}/admin/menu")
    thursday = this_weeks(3)
    lunch = page.locator(f'textarea[name="menu:{thursday.isoformat()}:lunch"]')
    lunch.fill("Fiskgratäng med potatis")
    # Not saved: "Hear" still speaks the typed dish, beside that week, with sound.
    with page.expect_response("**/admin/menu/hear") as heard:
        page.locator(f'button.hear[data-day="{thursday.isoformat()}"]').click()
    reply = heard.value.json()
    assert "fiskgratäng" in reply["text"].lower()
    assert reply["audio"]["url"]
    expect(page.locator("#reply-text")).to_contain_text("iskgratäng")
    assert page.evaluate("document.querySelector('#reply').previousElementSibling.tagName") == "SECTION"
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.locator("nav a[href='/admin/settings']").first.click()
    for _ in range(50):
        if asked:
            break
        page.wait_for_timeout(100)
    assert asked == ["beforeunload"]
    expect(page).to_have_url(re.compile(r"/admin/menu"))
    expect(lunch).to_have_value("Fiskgratäng med potatis")
    # The saved menu is unchanged until the teacher saves.
    child = page.context.new_page()
    child.goto(f"{site.url}/?now={thursday.isoformat()}T10:00:00")
    assert "fiskgratäng" not in tap_and_read(child, ".tile-menu")["text"].lower()


def test_admin_pages_render_for_a_teacher(site, page) -> None:
    in_english(page, site)
    page.goto(f"{site.url}/admin/login")
    page.fill('input[name="password"]', PASSWORD)
    page.click("button[type=submit]")
    for path, heading in (("/admin/settings", "Settings"), ("/admin/clothing", "Clothing"),
                          ("/admin/try", "Try it")):
        page.goto(f"{site.url}{path}")
        expect(page.locator("h1")).to_have_text(heading)
    page.fill('input[name="text"]', "vad är klockan")
    with page.expect_response("**/admin/api/try") as tried:
        page.click("#try button[type=submit]")
    assert tried.value.json()["intent"]["name"] == "time"
    expect(page.locator("#reply-text")).to_have_text(tried.value.json()["text"])
    page.goto(f"{site.url}/admin/settings")
    screenshot(page, "admin-settings")
    # The pictures page: a picture chosen from the set is shown at once, before it is saved.
    page.goto(f"{site.url}/admin/menu/pictures")
    expect(page.locator("h1")).to_have_text("Pictures of the dishes")
    page.select_option('select[name="picture:0"]', "pancakes")
    expect(page.locator('img[data-preview="picture:0"]')).to_have_attribute("src", "/pictures/pancakes.svg")
    screenshot(page, "admin-pictures")


# --- pictures, sound and a page that never strands a child ---------------------------------------


def test_every_garment_and_sky_has_its_own_drawn_picture(site, page) -> None:
    wait_for_forecast(site)
    page.goto(f"{site.url}/?now={SMHI_NOW}")
    names = [*GARMENT_PICTURES.values(), *{s.picture for s in SYMBOLS.values()}]
    # Each drawing loads as an image in the browser, and no two are the same file.
    sizes = page.evaluate("""async (names) => Promise.all(names.map(async (name) => {
        const img = new Image();
        img.src = `/pictures/${name}.svg`;
        await img.decode();
        const text = await (await fetch(img.src)).text();
        return [img.naturalWidth, text.length, text];
    }))""", names)
    assert all(width > 0 for width, _, _ in sizes)
    assert len({text for _, _, text in sizes}) == len(names)
    # In an answer, every garment has its own picture and none is an emoji.
    clothes = tap_and_read(page, ".tile-clothing")
    shown = page.locator("#pictures .picture img")
    sources = [shown.nth(i).get_attribute("src") for i in range(shown.count())]
    assert len(sources) == len(clothes["card"]["items"]) == len(set(sources))
    assert page.locator("#pictures .emoji").count() == 0 and page.locator(".tile .emoji").count() == 0


def test_the_garment_being_said_grows_in_dressing_order(site, browser) -> None:
    context = browser.new_context(viewport=TABLET, has_touch=True)
    page = context.new_page()
    try:
        wait_for_forecast(site)
        page.goto(f"{site.url}/?now={SMHI_NOW}")
        reply = tap_and_read(page, ".tile-clothing")
        count = len(reply["card"]["items"])
        assert count >= 2
        seen = []
        deadline = dt.datetime.now() + dt.timedelta(seconds=20)
        while dt.datetime.now() < deadline and not page.evaluate("document.getElementById('voice').ended"):
            index = page.evaluate("[...document.querySelectorAll('#pictures .picture')]"
                                  ".findIndex((p) => p.classList.contains('now'))")
            if index >= 0 and (not seen or seen[-1] != index):
                seen.append(index)
            page.wait_for_timeout(50)
        assert seen == sorted(seen) and len(seen) >= 2, (seen, page.evaluate(
            "[document.getElementById('voice').currentTime, document.getElementById('voice').duration,"
            " document.getElementById('pictures').className]"))
        # No number badges: a child who cannot read sees which one by its size.
        assert page.evaluate("getComputedStyle(document.querySelector('#pictures .picture'), '::before')"
                             ".content") in ("none", "normal")
    finally:
        context.close()


def test_with_the_server_gone_a_tap_gets_a_picture_and_a_spoken_sorry(tmp_path_factory, browser) -> None:
    config_dir = copy_config(tmp_path_factory.mktemp("offline") / "config")
    server = start_serve(config_dir)
    context = browser.new_context(viewport=TABLET, has_touch=True)
    page = context.new_page()
    try:
        page.goto(f"{server.url}/")
        page.evaluate("navigator.serviceWorker.ready")
        page.reload()   # now served through the service worker, which has kept every language's page
        page.wait_for_function("navigator.serviceWorker.controller !== null")
        page.wait_for_timeout(1500)   # the page fetches its "sorry" audio while it can
        server.close()
        page.locator(".tile-time").tap()
        expect(page.locator('#pictures img[src="/pictures/sorry.svg"]')).to_be_visible(timeout=10000)
        kind = [v.text for v in load_language("sv", data_folders()).responses["skill_error"]]
        expect(page.locator("#bubble-text")).to_have_text(re.compile("|".join(map(re.escape, kind))))
        page.wait_for_function("document.getElementById('voice').src.startsWith('blob:')")
        screenshot(page, "child-offline")
        # A flag tapped with the server gone opens the kept page, not the browser's error page.
        page.locator("#language").tap()
        page.locator('.flag[data-lang="en"]').tap()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator(".tile-time")).to_be_visible()
    finally:
        context.close()
        server.close()


@pytest.mark.parametrize("path", ["/", "/?lang=ar", "/admin/login"])
def test_no_accessibility_violations(site, page, path) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{site.url}{path}")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_no_accessibility_violations_in_the_admin(site, page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{site.url}/admin/login")
    page.fill('input[name="password"]', PASSWORD)
    page.click("button[type=submit]")
    for path in ("/admin/menu", "/admin/menu/pictures", "/admin/settings", "/admin/clothing", "/admin/try"):
        page.goto(f"{site.url}{path}")
        results = Axe().run(page)
        assert results.violations_count == 0, f"{path}: " + results.generate_report()
