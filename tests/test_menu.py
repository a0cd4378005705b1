"""The menu skill: told simply, food pictures and names, the teacher's plan and edits, the answers."""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest
import yaml

from assistant.config import PROJECT_ROOT
from assistant.core import Assistant, Query
from assistant.errors import AssistantError
from assistant.nlu.data import load_language
from skills.menu.lexicon import Lexicon
from skills.menu.simplify import MAX_WORDS, SourceWords
from tests.fixtures.menus import wire
from tests.fixtures.menus.skill import ask, local, make_skill, write_config

D = dt.date
SKOLMATEN_PATH = "/api/4/rss/week/skutehagens-skolan"


@pytest.fixture(scope="module")
def words() -> SourceWords:
    return SourceWords.load()


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.load()


# Told simply.


@pytest.mark.parametrize(
    ("line", "simple"),
    [
        ("Fiskbullar i dillsås med kokt potatis  (Fisk)", "fiskbullar med potatis"),
        ("Krämig tomatsoppa med makaroner mjukt bröd och ost  (Vegetariskt)",
         "tomatsoppa med makaroner bröd och ost"),
        ("Green nuggets med bulgur och sweet chili sås (Vegetariskt)", "green nuggets med bulgur"),
        ("Ekologisk MSC-märkt fisk serveras med potatis, innehåller gluten och mjölk", "fisk med potatis"),
        ("Laxbullar i citron och dillsås serveras med kokt potatis", "laxbullar med potatis"),
        ("Potatis- och purjolökssoppa - Soppa med potatis, purjolök och grädde serverad med mjukt bröd",
         "potatis- och purjolökssoppa"),
        ("Ärtsoppa - Ärtsoppa på svenska gula ärtor. Serveras med pannkaka och sylt.", "ärtsoppa"),
        ("Nötskav med svamp*, potatis, lingon, grönsaker", "nötskav med svamp, potatis, lingon"),
        ("Kassler, (potatissallad), (grönsallad)", "kassler"),
        ("Blomkål &amp; broccoligratäng", "blomkål och broccoligratäng"),
        ("Köttbullar, <br />sås", "köttbullar"),
        ("BBQ-kyckling med ris", "BBQ-kyckling med ris"),
    ],
)
def test_dishes_are_told_simply(words, line, simple) -> None:
    assert words.simplify(line) == simple


def test_a_long_dish_is_cut_where_a_part_ends(words) -> None:
    line = ("Kålpudding med vegofärs*, gräddsås med sirap*, potatis, lingonsylt, grönsaker och "
            "en liten sallad med gurka")
    simple = words.simplify(line)
    assert len(simple.split()) <= MAX_WORDS
    assert simple == "kålpudding med vegofärs, gräddsås med sirap, potatis, lingonsylt"
    # No cut point at all: the first words, never ending on a joining word.
    assert words.simplify("Aaa bbb ccc ddd eee fff ggg med hhh iii") == "aaa bbb ccc ddd eee fff ggg"


def test_what_is_not_a_dish(words) -> None:
    for line in ("Stängt ~ Röd dag", "Jullov", "Trettondagen", "Ingen meny för idag", "Studiedag",
                 "Grönsaker, bröd och dryck", "", "  "):
        assert not words.is_dish(line), line
    for line in ("Potatis", "Kökets val", "Pannkakor med sylt"):
        assert words.is_dish(line), line
    assert words.is_placeholder("Kökets eget val ") and not words.is_placeholder("Köttbullar")


def test_vegetarian_alternatives_are_recognised(words) -> None:
    assert words.is_vegetarian("Moussaka med sojafärs")
    assert words.is_vegetarian("Pasta Pesto (Kökets gröna 1)")
    assert words.is_vegetarian("Grillkorv med potatismos (Lunch 1, Vegetariskt)")
    assert not words.is_vegetarian("Fisk med rostad potatis, gröna ärtor och örtsås (Kökets rätt)")
    assert not words.is_vegetarian("Thaigryta med gröncurry")


# The food lexicon.


def english() -> dict[str, str]:
    """The English food names, from the language data a translator owns."""
    from assistant.core import data_folders

    return load_language("en", data_folders()).words["food"]


def test_the_lexicon_has_150_foods_with_pictures_and_english_names(lexicon) -> None:
    foods = lexicon.foods
    assert len(foods) >= 150
    drawn = {p.stem for p in (PROJECT_ROOT / "skills" / "menu" / "pictures").glob("*.svg")}
    for entry in foods:
        assert entry.picture in drawn, f"{entry.name}: no drawing {entry.picture!r}"
    assert lexicon.missing(english()) == []
    for name in ("köttbullar", "fiskpinnar", "pannkakor", "spagetti", "potatis", "ris", "gröt", "soppa",
                 "korv", "kyckling", "lax"):
        assert name in lexicon.entries


@pytest.mark.parametrize(
    ("dish", "english_name", "picture"),
    [
        ("köttbullar med potatis", "meatballs with potatoes", "meatballs"),
        ("fiskpinnar med potatismos", "fish fingers with mashed potatoes", "fish_fingers"),
        ("kycklingkebabgryta med bulgur", "chicken kebab stew with bulgur", "chicken"),  # a compound
        ("morotslasagne", "carrot lasagne", "vegetables"),  # a compound joined with "s"
        ("pytt i panna med rödbetor", "Swedish hash with beetroot", "potatoes"),  # a name of three words
        ("chili con carne, ris", "chili con carne, rice", "stew"),
        ("djungelgryta med bulgur", "djungelgryta med bulgur", "rice"),  # an unknown word: all Swedish
    ],
)
def test_dishes_in_english_and_their_pictures(lexicon, dish, english_name, picture) -> None:
    assert lexicon.say(dish, english()) == english_name
    assert lexicon.say(dish, None) == dish
    assert lexicon.picture(dish) == picture


def test_a_language_that_names_only_some_words_keeps_the_swedish_dish(lexicon) -> None:
    assert lexicon.say("köttbullar med potatis", {"köttbullar": "lihapullat"}) == "köttbullar med potatis"
    assert lexicon.say("köttbullar med potatis", {}) == "köttbullar med potatis"
    assert lexicon.picture("något helt okänt") == "dish"


def test_a_malformed_lexicon_names_its_line(tmp_path) -> None:
    path = tmp_path / "lexicon.yml"
    path.write_text("language: sv\nfoods:\n  köttbullar: {picture: 🧆}\n  lax: {forms: [laxen]}\n",
                    encoding="utf-8")
    with pytest.raises(AssistantError) as error:
        Lexicon.load(path)
    assert error.value.line == 4 and "lax" in error.value.message
    path.write_text("language: sv\nfoods:\n  köttbullar: {picture: 🧆, en: meatballs}\n", encoding="utf-8")
    with pytest.raises(AssistantError, match="foods.yml") as error:
        Lexicon.load(path)
    assert error.value.line == 3


# The teacher's plan file.

PLAN = """\
week:
  monday:
    lunch: Köttbullar med potatis
  tuesday:
    lunch: [Fiskbullar med potatis, Vegobullar med potatis]
    snack: Smörgås
days:
  2026-02-03:
    lunch: Pannkakor med sylt
  2026-02-09: {}
"""


@pytest.mark.parametrize(
    ("text", "line", "words_in_message"),
    [
        ("week:\n  monday:\n    lunch: Korv\n  fredag:\n    lunch: Fisk\n", 4, "not a weekday"),
        ("week:\n  monday:\n    middag: Korv\n", 3, "not a meal"),
        ("days:\n  2026-02-30:\n    lunch: Korv\n", 2, "not a date"),
        ("week:\n  monday:\n    lunch: [Korv\n", 4, "invalid YAML"),
        ("veckan:\n  monday: {}\n", 1, "unknown setting"),
        ("week:\n  monday:\n    lunch: {Korv: 1}\n", 3, "write dishes as text"),
    ],
)
def test_mistakes_in_the_plan_name_file_and_line(tmp_path, text, line, words_in_message) -> None:
    with pytest.raises(AssistantError) as error:
        make_skill(tmp_path / "config", plan=text)
    assert error.value.file.endswith("menu.yml") and error.value.line == line, str(error.value)
    assert words_in_message in error.value.message


def test_the_plan_repeats_by_weekday_and_dated_days_replace(tmp_path) -> None:
    skill = make_skill(tmp_path / "config", plan=PLAN)
    week = skill.week(D(2026, 2, 4))  # any day of the week gives Monday to Sunday
    assert list(week) == [D(2026, 2, 2) + dt.timedelta(days=n) for n in range(7)]
    assert week[D(2026, 2, 2)] == {"lunch": ["Köttbullar med potatis"]}
    assert week[D(2026, 2, 3)] == {"lunch": ["Pannkakor med sylt"], "snack": ["Smörgås"]}
    assert week[D(2026, 2, 7)] == {}
    assert skill.week(D(2026, 2, 9))[D(2026, 2, 9)] == {}  # closed that Monday
    assert ask(skill, "2026-02-09T09:00").says[0].key == "menu_closed"
    # The repeating week does not apply on a public holiday (Tuesday 6 January 2026).
    assert skill.week(D(2026, 1, 5))[D(2026, 1, 6)] == {}
    holiday = ask(skill, "2026-01-05T09:00", day="tomorrow").says[0]
    assert holiday.key == "menu_holiday" and holiday.values["holiday"] == "Trettondedag jul"


def test_a_saved_plan_is_read_again_and_a_broken_one_keeps_the_last(tmp_path, caplog) -> None:
    skill = make_skill(tmp_path / "config", plan=PLAN)
    path = tmp_path / "config" / "menu.yml"
    path.write_text(PLAN.replace("Köttbullar med potatis", "Korv med mos"), encoding="utf-8")
    os.utime(path, (time.time() + 5, time.time() + 5))
    assert skill.week(D(2026, 2, 2))[D(2026, 2, 2)] == {"lunch": ["Korv med mos"]}
    path.write_text("week: [oops", encoding="utf-8")
    os.utime(path, (time.time() + 10, time.time() + 10))
    assert skill.week(D(2026, 2, 2))[D(2026, 2, 2)] == {"lunch": ["Korv med mos"]}
    assert "menu.yml" in caplog.text and "last good one is kept" in caplog.text


def test_the_example_plan_is_valid_and_covers_every_weekday_meal(tmp_path) -> None:
    skill = make_skill(tmp_path / "config", example_plan=True)
    week = skill.week(D(2026, 2, 2))
    for day in list(week)[:5]:
        assert set(week[day]) == {"breakfast", "lunch", "snack"}, day


# Teachers' edits: stored in SQLite, used from the next question on.


def test_a_teachers_dishes_win_at_once_and_can_be_removed(tmp_path) -> None:
    skill = make_skill(tmp_path / "config", plan=PLAN)
    skill.set_dishes(D(2026, 2, 2), "lunch", ["Tacos med kyckling", "Tacos med bönor (vegetariskt)", " "])
    answer = ask(skill, "2026-02-02T09:00")
    assert [i.label for i in answer.card.items] == ["tacos med kyckling", "tacos med bönor"]
    assert skill.week(D(2026, 2, 2))[D(2026, 2, 2)]["lunch"] == ["Tacos med kyckling",
                                                                 "Tacos med bönor (vegetariskt)"]
    skill.set_dishes(D(2026, 2, 2), "lunch", [])
    assert ask(skill, "2026-02-02T09:00").card.items[0].label == "köttbullar med potatis"
    with pytest.raises(AssistantError, match="not a meal"):
        skill.set_dishes(D(2026, 2, 2), "dinner", ["Korv"])


def test_edits_survive_a_restart(tmp_path) -> None:
    skill = make_skill(tmp_path / "config", plan=PLAN)
    skill.set_dishes(D(2026, 2, 4), "snack", ["Glass"])
    again = make_skill(tmp_path / "config", plan=PLAN)
    assert again.week(D(2026, 2, 4))[D(2026, 2, 4)] == {"snack": ["Glass"]}


# Answers.


def test_lunch_when_no_meal_is_named_and_tense_after_the_meal(tmp_path) -> None:
    skill = make_skill(tmp_path / "config", plan=PLAN)
    assert ask(skill, "2026-02-02T09:00").says[0].key == "menu_today"
    assert ask(skill, "2026-02-02T12:30").says[0].key == "menu_today_past"
    assert ask(skill, "2026-02-03T09:00", day="yesterday").says[0].key == "menu_yesterday"
    assert ask(skill, "2026-02-03T09:00", meal="snack").says[0].key == "menu_today_snack"
    on_tuesday = ask(skill, "2026-02-04T09:00", day="tuesday").says[0]
    assert on_tuesday.key == "menu_day" and on_tuesday.values["weekday"] == "tisdag"


def test_the_vegetarian_alternative_is_said_with_or_unless_only_the_main_is_wanted(tmp_path) -> None:
    skill = make_skill(tmp_path / "config", plan=PLAN)
    dishes = ask(skill, "2026-02-10T09:00").says[0].values["dishes"]
    # The sides both dishes share are said once: "fiskbullar eller vegobullar med potatis".
    assert dishes.key == "menu_or"
    assert dishes.values == {"main": "fiskbullar", "alternative": "vegobullar med potatis"}
    main_only = make_skill(tmp_path / "other", {"alternatives": "main"}, plan=PLAN)
    assert ask(main_only, "2026-02-10T09:00").says[0].values["dishes"] == "fiskbullar med potatis"


def test_days_without_a_menu_are_said_kindly(tmp_path) -> None:
    skill = make_skill(tmp_path / "config", plan=PLAN)
    weekend = ask(skill, "2026-02-05T09:00", day="saturday").says[0]
    assert weekend.key == "menu_weekend" and weekend.values["when"].key == "menu_when_day"
    assert ask(skill, "2026-02-09T09:00", day="yesterday").says[0].key == "menu_weekend_past"
    assert ask(skill, "2026-02-02T09:00", meal="breakfast").says[0].key == "menu_unknown_breakfast"
    nothing = make_skill(tmp_path / "empty")
    assert [s.key for s in ask(nothing, "2026-02-02T09:00").says] == ["menu_unknown"]


def test_a_menu_not_published_yet(tmp_path, http_server) -> None:
    http_server.route(SKOLMATEN_PATH, wire.skolmaten_rss("skolmaten_week6.json"),
                      content_type="application/rss+xml; charset=utf-8")
    skill = make_skill(tmp_path / "config", {"source": "skolmaten", "id": "skutehagens-skolan",
                                             "base_url": http_server.url})
    skill.refresh(local("2026-02-05T09:00"))
    said = ask(skill, "2026-02-06T09:00", day="monday").says[0]
    assert said.key == "menu_not_published" and said.values["when"].values == {"weekday": "måndag"}


def test_a_web_source_gives_lunch_and_the_plan_the_other_meals(tmp_path, http_server) -> None:
    http_server.route(SKOLMATEN_PATH, wire.skolmaten_rss("skolmaten_week6.json"),
                      content_type="application/rss+xml; charset=utf-8")
    skill = make_skill(tmp_path / "config", {"source": "skolmaten", "id": "skutehagens-skolan",
                                             "base_url": http_server.url}, plan=PLAN)
    assert skill.needs_refresh(local("2026-02-03T08:00"))
    skill.refresh(local("2026-02-03T08:00"))
    assert not skill.needs_refresh(local("2026-02-03T08:30"))
    assert skill.needs_refresh(local("2026-02-03T09:01"))  # refresh_minutes: 60
    tuesday = skill.week(D(2026, 2, 3))[D(2026, 2, 3)]
    assert tuesday["snack"] == ["Smörgås"]
    assert tuesday["lunch"] == ["Fiskbullar i dillsås med kokt potatis (Fisk)",
                                "Moussaka med sojafärs (Vegetariskt)"]


def test_a_menu_answer_from_the_cache_never_touches_the_network(tmp_path, http_server) -> None:
    http_server.route(SKOLMATEN_PATH, wire.skolmaten_rss("skolmaten_week6.json"),
                      content_type="application/rss+xml; charset=utf-8")
    skill = make_skill(tmp_path / "config", {"source": "skolmaten", "id": "skutehagens-skolan",
                                             "base_url": http_server.url})
    skill.refresh(local("2026-02-04T08:00"))
    asked = len(http_server.requests)
    for day in ("today", "tomorrow", "yesterday", "friday", "monday"):
        ask(skill, "2026-02-04T09:00", day=day)
    assert len(http_server.requests) == asked == 1


def test_a_missing_school_id_is_a_config_error(tmp_path) -> None:
    with pytest.raises(AssistantError) as error:
        make_skill(tmp_path / "config", {"source": "mateo", "id": None})
    assert "assistant.yml" in error.value.file and "needs the school's id" in error.value.message


# Done when: the recorded Skolmaten week, asked on its Wednesday, in Swedish and English.


@pytest.fixture(scope="module")
def skolmaten_server():
    from tests.support.http import LocalHTTPServer

    server = LocalHTTPServer()
    server.route(SKOLMATEN_PATH, wire.skolmaten_rss("skolmaten_week6.json"),
                 content_type="application/rss+xml; charset=utf-8")
    yield server
    server.close()


@pytest.fixture(scope="module")
def skolmaten_assistant(tmp_path_factory, skolmaten_server) -> Assistant:
    folder = write_config(tmp_path_factory.mktemp("skolmaten") / "config",
                          {"source": "skolmaten", "id": "skutehagens-skolan",
                           "base_url": skolmaten_server.url, "timeout_seconds": 2}, example_plan=True)
    return Assistant.from_config_dir(folder)


WEDNESDAY = dt.datetime(2026, 2, 4, 9, 0)


def test_done_when_the_skolmaten_week_through_assistant_handle(skolmaten_assistant) -> None:
    assistant = skolmaten_assistant
    assistant.prepare(assistant.localize(WEDNESDAY))
    reply = assistant.handle(Query("vad blir det för mat idag", "sv", "done-sv", WEDNESDAY))
    assert reply.skill == "menu"
    assert reply.text in ("Idag blir det kycklingkebabgryta eller green nuggets med bulgur.",
                          "Idag äter vi kycklingkebabgryta eller green nuggets med bulgur.")
    assert reply.to_json()["card"] == {
        "kind": "menu", "layout": "pictures", "date": "2026-02-04", "meal": "lunch",
        "items": [{"label": "kycklingkebabgryta med bulgur", "picture": "chicken",
                   "picture_url": "/pictures/chicken.svg"},
                  {"label": "green nuggets med bulgur", "picture": "chicken",
                   "picture_url": "/pictures/chicken.svg"}]}
    follow = assistant.handle(Query("och imorgon?", "sv", "done-sv", WEDNESDAY))
    assert follow.intent == "menu"
    assert follow.text in ("Imorgon blir det tomatsoppa med makaroner bröd och ost eller vegetarisk "
                           "gulashsoppa med bröd.",
                           "Imorgon äter vi tomatsoppa med makaroner bröd och ost eller vegetarisk "
                           "gulashsoppa med bröd.")
    english = assistant.handle(Query("what's for lunch today", "en", "done-en", WEDNESDAY))
    assert english.text in ("Today it's chicken kebab stew or green nuggets with bulgur.",
                            "Today we're having chicken kebab stew or green nuggets with bulgur.")
    assert [i["label"] for i in english.card["items"]] == ["chicken kebab stew with bulgur",
                                                           "green nuggets with bulgur"]
    # Breakfast is not in the Skolmaten feed: the teacher's plan gives it.
    breakfast = assistant.handle(Query("vad blir det till frukost imorgon", "sv", "done-b", WEDNESDAY))
    assert breakfast.text == "Imorgon blir det filmjölk med müsli till frukost."


def test_the_export_format_is_the_plan_format(tmp_path) -> None:
    skill = make_skill(tmp_path / "config", plan=PLAN)
    skill.set_dishes(D(2026, 3, 2), "lunch", ["Korv med mos"])
    document = {"days": {d.isoformat(): m for d, m in skill.store.teacher_days().items()}}
    from assistant.yamlfile import load_yaml
    from skills.menu.plan import parse_plan

    path = tmp_path / "backup.yml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    assert parse_plan(load_yaml(path), allow_week=False).days == {D(2026, 3, 2): {"lunch": ["Korv med mos"]}}


def test_a_language_puts_a_dishs_words_in_its_own_order(lexicon) -> None:
    from skills.menu.lexicon import Grammar

    names = {"morot": "zanahoria", "lasagne": "lasaña", "kyckling": "pollo", "kebab": "kebab",
             "gryta": "guiso", "stekt": "frito", "fisk": "pescado", "med": "con", "potatis": "patatas"}
    spanish = Grammar("{head} de {modifier}", "after")
    assert lexicon.say("morotslasagne", names, spanish) == "lasaña de zanahoria"
    assert lexicon.say("kycklingkebabgryta", names, spanish) == "guiso de kebab de pollo"
    assert lexicon.say("stekt fisk med potatis", names, spanish) == "pescado frito con patatas"
    # The default is the menus' own order ("carrot lasagne", "fried fish").
    assert lexicon.say("morotslasagne", names) == "zanahoria lasaña"
    assert Grammar.of({"compound": "{head} de {modifier}"}) == Grammar("{head} de {modifier}", "before")
