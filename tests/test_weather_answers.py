"""Weather answers against the recorded SMHI forecast, hour by hour: the rounded temperature and what falls
are read from the raw payload here, not through the skill's own parser."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from assistant.core import Assistant, Query
from assistant.skills import Answer, Say
from skills.weather.wording import feel
from tests.test_weather_setup import FIXTURES, SMHI_PATH, STOCKHOLM, _shared, shared_assistant

RAW = json.loads((FIXTURES / "smhi_snow1g.json").read_text(encoding="utf-8"))
HOURLY = [s for s in RAW["timeSeries"] if s["time"] < "2026-04-04T23"]   # the hourly part
# SMHI's `predominant_precipitation_type_at_surface` and symbol groups (data-sources §1.3).
TYPES = {1: "rain", 2: "rain", 3: "rain", 4: "sleet", 5: "snow", 6: "snow", 7: "sleet", 8: "hail", 9: "hail",
         10: "hail", 11: "drizzle", 12: "drizzle"}
SYMBOL_TYPES = {**dict.fromkeys((8, 9, 10, 11, 18, 19, 20, 21), "rain"),
                **dict.fromkeys((12, 13, 14, 22, 23, 24), "sleet"),
                **dict.fromkeys((15, 16, 17, 25, 26, 27), "snow")}
SAID = {"sv": {"rain": "det regnar", "drizzle": "det duggar", "snow": "det snöar", "sleet": "snöblandat",
               "hail": "det haglar"},
        "en": {"rain": "it's raining", "drizzle": "it's drizzling", "snow": "it's snowing",
               "sleet": "it's sleeting", "hail": "it's hailing"}}
QUESTION = {"sv": "hur är vädret", "en": "what's the weather like"}


def rounded(value: float) -> int:
    return int(value + 0.5) if value >= 0 else -int(-value + 0.5)


def what_falls(data: dict) -> str | None:
    """What falls in a step: SMHI's symbol shows it, or ≥ 0.1 mm at ≥ 40 % (data-sources §5.3)."""
    symbol, amount = data["symbol_code"], data["precipitation_amount_mean"]
    likely = amount >= 0.1 and data["probability_of_precipitation"] >= 40
    if symbol not in SYMBOL_TYPES and not likely:
        return None
    return TYPES.get(data["predominant_precipitation_type_at_surface"]) or SYMBOL_TYPES[symbol]


@pytest.fixture(scope="module")
def assistant(tmp_path_factory) -> Assistant:
    return shared_assistant(tmp_path_factory.mktemp("weather-answers"))


def ask(assistant: Assistant, text: str, lang: str, now: dt.datetime, fetched: dt.datetime | None = None):
    _shared["server"].route(SMHI_PATH, FIXTURES / "smhi_snow1g.json")
    assistant.registry.skill("weather").refresh(fetched or now)
    return assistant.handle(Query(text, lang, f"answers-{lang}-{now.isoformat()}", now))


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_hour_says_the_rounded_temperature_and_what_falls(assistant, lang) -> None:
    problems = []
    fetched = dt.datetime(2026, 4, 2, 13, 5, tzinfo=STOCKHOLM)
    for step in HOURLY:
        now = dt.datetime.fromisoformat(step["time"].replace("Z", "+00:00")).astimezone(STOCKHOLM)
        now += dt.timedelta(minutes=10)
        if now - fetched > dt.timedelta(hours=5):
            fetched = now   # a background refresh keeps the cache younger than six hours
        reply = ask(assistant, QUESTION[lang], lang, now, fetched)
        data = step["data"]
        degrees = rounded(data["air_temperature"])
        unit = {"sv": "grad" if abs(degrees) == 1 else "grader",
                "en": "degree" if abs(degrees) == 1 else "degrees"}[lang]
        # Words first (how it feels, as the thermometer's band says), then the degrees and the sky.
        feeling = assistant.render(Answer([Say(f"feel_now_{feel(degrees)}")]), lang)[0]
        said_first = {"sv": f"Det är {degrees} {unit} och ", "en": f"It's {degrees} {unit} and "}[lang]
        start = f"{feeling} {said_first}"
        falls = what_falls(data)
        said = [kind for kind, words in SAID[lang].items() if words in reply.text]
        if not reply.text.startswith(start) or said != ([falls] if falls else []):
            problems.append(f"{step['time']} ({data['air_temperature']} °C, symbol {data['symbol_code']}, "
                            f"type {data['predominant_precipitation_type_at_surface']}): {reply.text!r}")
        assert reply.to_json()["card"]["items"][1]["label"] == f"{degrees} °C"
    assert not problems, "\n".join(problems)


def test_the_weather_card_shows_the_symbol_and_the_temperature(assistant) -> None:
    now = dt.datetime(2026, 4, 3, 9, 15, tzinfo=STOCKHOLM)
    card = ask(assistant, "hur är vädret", "sv", now).to_json()["card"]
    assert card["kind"] == "weather"
    assert card["items"] == [
        {"label": "Lätt regn", "picture": "light_rain", "picture_url": "/pictures/light_rain.svg",
         "value": "light_rain"},
        {"label": "4 °C", "picture": "thermometer_cold", "picture_url": "/pictures/thermometer_cold.svg",
         "value": "thermometer_cold"}]
    assert card["temperature"] == 4 and card["symbol"] == "light_rain" and card["feels_like"] < 4
    english = ask(assistant, "what's the weather like", "en", now).to_json()["card"]
    assert english["items"][0]["label"] == "Light rain" and english["items"][0]["picture"] == "light_rain"


def test_how_it_feels_is_said_in_words_before_any_number(assistant) -> None:
    assert [feel(c) for c in (-12, -5, 0, 4.9, 5, 11, 12, 17, 18, 24, 25, 31)] == [
        "freezing", "cold", "cold", "cold", "cool", "cool", "mild", "mild", "warm", "warm", "hot", "hot"]
    now = dt.datetime(2026, 4, 3, 9, 15, tzinfo=STOCKHOLM)
    for lang, words in (("sv", "Det är kallt ute."), ("en", "It's cold outside.")):
        text = ask(assistant, {"sv": "hur är vädret", "en": "what's the weather like"}[lang], lang, now).text
        assert text.startswith(words + " ") and not any(ch.isdigit() for ch in words)


def test_a_days_temperatures_are_those_of_its_outdoor_hours(assistant) -> None:
    now = dt.datetime(2026, 4, 3, 9, 15, tzinfo=STOCKHOLM)
    outdoor = [s for s in RAW["timeSeries"]
               if s["time"] in {f"2026-04-04T{h:02d}:00:00Z" for h in (7, 8, 9, 12, 13, 14)}]
    low = rounded(min(s["data"]["air_temperature"] for s in outdoor))
    high = rounded(max(s["data"]["air_temperature"] for s in outdoor))
    reply = ask(assistant, "hur blir vädret imorgon", "sv", now)
    assert reply.text.startswith("Imorgon blir det ")
    assert f"Det blir mellan {low} och {high} grader" in reply.text
    assert reply.text.count("Imorgon") == 1  # the day is said once
    card = reply.to_json()["card"]
    assert (card["low"], card["high"]) == (low, high) and card["items"][1]["label"] == f"{low}–{high} °C"


def test_morning_and_afternoon_are_the_outdoor_periods(assistant) -> None:
    now = dt.datetime(2026, 4, 2, 13, 30, tzinfo=STOCKHOLM)
    # Tomorrow 09:00–11:30 is 07Z–09:30Z (light rain at 07Z, 08Z, 09Z), 14:00–16:00 is 12Z–14Z.
    morning = ask(assistant, "hur blir vädret imorgon förmiddag", "sv", now)
    assert morning.text == "Imorgon förmiddag blir det kallt. Det blir 4 grader och lite regn."
    afternoon = ask(assistant, "will it rain tomorrow afternoon", "en", now)
    assert afternoon.text == "Yes, it will rain tomorrow afternoon."


def test_a_day_beyond_the_forecast_is_not_guessed(assistant) -> None:
    now = dt.datetime(2026, 4, 9, 9, 0, tzinfo=STOCKHOLM)   # Thursday; the forecast ends on Sunday
    reply = ask(assistant, "hur blir vädret på onsdag", "sv", now)
    assert reply.text == "Jag vet inte än hur vädret blir på onsdag."
    assert ask(assistant, "how will the weather be on saturday", "en", now).text.startswith("On Saturday it")


def test_a_forecast_older_than_six_hours_is_not_presented_as_current(assistant) -> None:
    fetched = dt.datetime(2026, 4, 3, 8, 0, tzinfo=STOCKHOLM)
    for lang, text in (("sv", "Jag kan inte se vädret just nu. Titta ut genom fönstret!"),
                       ("en", "I can't see the weather right now. Look out of the window!")):
        late = ask(assistant, QUESTION[lang], lang, fetched + dt.timedelta(hours=6, minutes=30), fetched)
        assert late.text == text and late.skill == "weather"
        fresh = ask(assistant, QUESTION[lang], lang, fetched + dt.timedelta(hours=5), fetched)
        assert fresh.text != text


def test_follow_up_questions_keep_the_weather(assistant) -> None:
    now = dt.datetime(2026, 4, 3, 9, 15, tzinfo=STOCKHOLM)
    ask(assistant, "kommer det att regna", "sv", now)
    session = f"answers-sv-{now.isoformat()}"
    follow = assistant.handle(Query("och imorgon?", "sv", session, now))
    assert follow.intent == "weather" and follow.text.startswith("Ja, imorgon")
