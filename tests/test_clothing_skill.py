"""The clothing skill on a real cached forecast and real SQLite: the advice for the next outdoor period,
teachers' corrections (what the admin page uses), yes/no answers and the card."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.core import Assistant, data_folders, languages_with_data
from assistant.nlu.data import load_language
from assistant.skills import SkillRequest
from skills.clothing import ClothingSkill, Correction
from skills.clothing.garments import GARMENTS, PICTURES
from skills.clothing.rules import load_rules
from skills.weather import WeatherSkill
from tests.support.preschool import change_settings
from tests.test_weather_setup import FIXTURES, SMHI_PATH, STOCKHOLM, preschool

APRIL_3 = dt.datetime(2026, 4, 3, 9, 15, tzinfo=STOCKHOLM)     # light rain, about 4 °C
APRIL_2 = dt.datetime(2026, 4, 2, 14, 30, tzinfo=STOCKHOLM)    # dry, about 10 °C
NOVEMBER_4 = dt.datetime(2025, 11, 4, 8, 30, tzinfo=STOCKHOLM)  # dry, about −4 °C (the winter file)


class Preschool:
    """The weather and clothing skills of one preschool folder, sharing its SQLite file."""

    def __init__(self, folder, server):
        self.folder, self.server = folder, server
        self.assistant = Assistant.from_config_dir(folder)
        self.weather: WeatherSkill = self.assistant.registry.skill("weather")
        self.clothing: ClothingSkill = self.assistant.registry.skill("clothing")

    def fetch(self, now: dt.datetime, recording: str = "smhi_snow1g.json") -> None:
        self.server.route(SMHI_PATH, FIXTURES / recording)
        self.weather.refresh(now)

    def ask(self, now: dt.datetime, **entities: str):
        return self.clothing.handle(SkillRequest("clothing", entities, "sv", now))


@pytest.fixture
def school(tmp_path, http_server) -> Preschool:
    return Preschool(preschool(tmp_path / "config", http_server.url), http_server)


def keys(answer) -> list[str]:
    return [say.key for say in answer.says]


# --- the advice the admin page shows ---------------------------------------------------------------


def test_advice_is_for_the_next_outdoor_period(school) -> None:
    school.fetch(APRIL_3)
    assert school.clothing.advice(APRIL_3) == ["sweater", "overtrousers", "jacket", "beanie", "rubber_boots",
                                               "mittens", "rain_gloves"]
    assert school.clothing.condition(APRIL_3) == "cold_and_rainy"
    # At 12:00 the next period is 14:00–16:00: drizzle at 3 °C.
    noon = APRIL_3.replace(hour=12, minute=0)
    school.fetch(noon)
    assert school.clothing.condition(noon) == "cold_and_rainy"
    # After the last period of the day, the next one is tomorrow morning.
    evening = dt.datetime(2026, 4, 2, 18, 0, tzinfo=STOCKHOLM)
    school.fetch(evening)
    tomorrow_morning = school.clothing.advice(evening)
    school.fetch(APRIL_3)
    assert tomorrow_morning == school.clothing.advice(APRIL_3.replace(hour=9, minute=0))


def test_winter_advice_from_the_winter_recording(school) -> None:
    school.fetch(NOVEMBER_4, "smhi_snow1g_winter.json")
    assert school.clothing.advice(NOVEMBER_4) == ["sweater", "neckwear", "overall", "beanie", "winter_boots",
                                                  "mittens"]


def test_no_advice_without_a_current_forecast(school) -> None:
    assert school.clothing.advice(APRIL_3) == []
    assert school.clothing.condition(APRIL_3) is None
    assert keys(school.ask(APRIL_3)) == ["clothing_unknown"]
    school.fetch(APRIL_3)
    assert school.clothing.advice(APRIL_3 + dt.timedelta(hours=7)) == []   # older than six hours


def test_the_admin_page_gets_the_conditions_and_garments(school) -> None:
    assert school.clothing.conditions == ["cold", "cool", "warmish", "warm", "hot", "cold_and_rainy",
                                          "cool_and_rainy", "rainy"]
    assert tuple(school.clothing.garments) == GARMENTS
    assert set(GARMENTS) == {"beanie", "cap", "sun_hat", "mittens", "rain_gloves", "rain_pants", "rain_coat",
                             "overall", "overtrousers", "jacket", "rubber_boots", "winter_boots", "shoes",
                             "sweater", "neckwear", "shorts", "sunscreen"}   # DESIGN §4


# --- teachers' corrections ------------------------------------------------------------------------------


def test_a_correction_replaces_the_advice_for_its_condition(school) -> None:
    school.fetch(APRIL_3)
    chosen = ["rubber_boots", "rain_coat", "rain_pants", "beanie", "sweater"]
    made = school.clothing.add_correction("cold_and_rainy", chosen, APRIL_3 - dt.timedelta(days=1))
    assert isinstance(made, Correction) and made.id > 0 and made.condition == "cold_and_rainy"
    assert made.garments == ["sweater", "rain_coat", "rain_pants", "beanie", "rubber_boots"]   # dressed so
    assert made.created == APRIL_3 - dt.timedelta(days=1) and made.created.tzinfo is not None
    assert school.clothing.advice(APRIL_3) == made.garments
    answer = school.ask(APRIL_3, garment="rain_pants")
    assert keys(answer) == ["clothing_yes"]
    assert [item.value for item in answer.card.items] == made.garments


def test_the_newest_correction_for_the_current_condition_wins_and_all_are_kept(school) -> None:
    school.fetch(APRIL_3)
    day = dt.timedelta(days=1)
    first = school.clothing.add_correction("cold_and_rainy", ["sweater", "overall"], APRIL_3 - 3 * day)
    second = school.clothing.add_correction("cold_and_rainy", ["rain_coat", "rain_pants"], APRIL_3 - 2 * day)
    # A newer correction for another condition does not hide this one (Laiban looked only at the newest).
    other = school.clothing.add_correction("warm", ["cap", "shoes", "sunscreen"], APRIL_3 - day)
    assert school.clothing.advice(APRIL_3) == ["rain_coat", "rain_pants"]
    assert [c.id for c in school.clothing.corrections()] == [other.id, second.id, first.id]
    school.clothing.remove_correction(second.id)
    assert school.clothing.advice(APRIL_3) == ["sweater", "overall"]
    school.clothing.remove_correction(second.id)   # already gone: nothing happens
    assert [c.id for c in school.clothing.corrections()] == [other.id, first.id]


def test_corrections_expire_after_the_configured_days(school, tmp_path, http_server) -> None:
    school.fetch(APRIL_3)
    school.clothing.add_correction("cold_and_rainy", ["sweater", "overall"], APRIL_3 - dt.timedelta(days=31))
    assert school.clothing.advice(APRIL_3)[:2] == ["sweater", "overtrousers"]   # the rules again (30 days)
    assert len(school.clothing.corrections()) == 1   # but it is kept
    forever = change_settings(preschool(tmp_path / "forever", http_server.url),
                              {"clothing": {"correction_days": None}})
    other = Preschool(forever, http_server)
    other.fetch(APRIL_3)
    other.clothing.add_correction("cold_and_rainy", ["sweater", "overall"], APRIL_3 - dt.timedelta(days=400))
    assert other.clothing.advice(APRIL_3) == ["sweater", "overall"]


def test_corrections_survive_a_restart(school) -> None:
    school.fetch(APRIL_3)
    school.clothing.add_correction("cold_and_rainy", ["overall", "beanie"], APRIL_3)
    again = Assistant.from_config_dir(school.folder).registry.skill("clothing")
    assert again.advice(APRIL_3) == ["overall", "beanie"]


@pytest.mark.parametrize(("condition", "garments", "words"), [
    ("stormy", ["sweater"], "`stormy` is not a weather condition"),
    ("cold", ["sweater", "wellies"], "`wellies` is not a garment"),
    ("cold", [], "at least one garment"),
    ("cold", ["cap", "beanie"], "`cap` and `beanie` exclude each other"),
    ("cold", ["jacket", "overall"], "`jacket` and `overall` exclude each other"),
])
def test_a_correction_that_does_not_fit_is_refused_in_words(school, condition, garments, words) -> None:
    with pytest.raises(ValueError, match=words):
        school.clothing.add_correction(condition, garments, APRIL_3)
    assert school.clothing.corrections() == []


# --- turns -------------------------------------------------------------------------------------------------


def test_the_card_lists_the_garments_in_dressing_order(school) -> None:
    school.fetch(APRIL_3)
    answer = school.ask(APRIL_3)
    assert answer.card.kind == "clothing" and answer.card.data["condition"] == "cold_and_rainy"
    assert [(i.value, i.label_key, i.picture) for i in answer.card.items] == [
        (g, f"garment_{g}", PICTURES[g]) for g in school.clothing.advice(APRIL_3)]
    assert keys(answer) == ["clothing_condition_cold_and_rainy", "clothing_list"]


def test_yes_no_about_one_garment(school) -> None:
    school.fetch(APRIL_3)
    assert keys(school.ask(APRIL_3, garment="beanie")) == ["clothing_yes"]
    yes = school.ask(APRIL_3, garment="beanie").says[0]
    assert (yes.values["garment"].key, yes.values["reason"].key) == ("garment_beanie_the", "reason_cold")
    rain = school.ask(APRIL_3, garment="rubber_boots").says[0]
    assert rain.values["reason"].key == "reason_rain"
    no = school.ask(APRIL_3, garment="rain_pants").says[0]
    assert (no.key, no.values["garment"].key, no.values["when"].key) == (
        "clothing_no", "garment_rain_pants_no", "when_today")
    instead = school.ask(APRIL_3, garment="cap").says[0]
    assert (instead.key, instead.values["garment"].key) == ("clothing_instead", "garment_beanie_the")
    later = school.ask(APRIL_3, garment="beanie", day="tomorrow").says[0]
    assert (later.key, later.values["when"].key) == ("clothing_yes_later", "when_tomorrow")


def test_a_question_about_another_condition_imagines_it(school) -> None:
    school.fetch(APRIL_2)   # dry and cool
    assert "rubber_boots" not in school.clothing.advice(APRIL_2)
    answer = school.ask(APRIL_2, garment="rubber_boots", condition="rain")
    assert (answer.says[0].key, answer.says[0].values["if"].key) == ("clothing_yes_if", "if_rain")
    cold = school.ask(APRIL_2, condition="cold")
    assert keys(cold) == ["clothing_list_if"] and "beanie" in [i.value for i in cold.card.items]


@pytest.mark.parametrize("lang", languages_with_data())
def test_every_garment_has_its_words_in_every_language(lang: str) -> None:
    responses = load_language(lang, data_folders()).responses
    missing = [f"garment_{g}{suffix}" for g in GARMENTS for suffix in ("", "_the", "_no")
               if f"garment_{g}{suffix}" not in responses]
    missing += [f"clothing_condition_{c}" for c in load_rules().conditions
                if f"clothing_condition_{c}" not in responses]
    assert not missing, f"{lang}: {missing}"


def test_values_outside_the_contract_do_not_fail_a_turn(school) -> None:
    school.fetch(APRIL_3)
    assert keys(school.ask(APRIL_3, garment="cape", part_of_day="evening")) == [
        "clothing_condition_cold_and_rainy", "clothing_list"]
    weather = school.weather.handle(SkillRequest("weather", {"condition": "hail", "part_of_day": "night"},
                                                 "sv", APRIL_3))
    assert keys(weather) == ["feel_now_cold", "weather_now"]
