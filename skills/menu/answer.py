"""From a day's dishes to what a child hears and sees: response keys, dishes told simply, pictures.

The wording lives in nlu_data/<lang>/menu.yml (and the dishes' names in foods.yml); here are
only the choices: which day and meal, which tense, which dish is the main one and which the
vegetarian alternative.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.days import HOLIDAY_WORDS, resolve_day
from assistant.skills import Answer, Card, CardItem, Say, SkillRequest

if TYPE_CHECKING:
    from skills.menu import MenuSkill
    from skills.menu.lexicon import Grammar
    from skills.menu.store import DayMeals

STALE_AFTER = dt.timedelta(hours=24)
"""A menu fetched longer ago than this is said to be possibly out of date (the network is down)."""
RELATIVE_DAYS = ("today", "tomorrow", "yesterday")


@dataclass
class Dish:
    """One dish as the child gets it."""

    simple: str
    """The dish told simply, in the menu's own language."""
    said: str
    """The dish in the reply's language, told simply."""
    picture: str
    """Its picture."""


class MenuAnswers:
    """Answers menu questions for one MenuSkill."""

    def __init__(self, skill: MenuSkill):
        self.skill = skill

    def answer(self, request: SkillRequest, typed: DayMeals | None = None) -> Answer:
        """The answer to a menu question; with `typed`, from a teacher's unsaved dishes for that
        day instead of the store (the admin's "Hear")."""
        which = request.entities.get("day", "today")
        meal = request.entities.get("meal", "lunch")
        day = resolve_day(which, request.today)
        when = self._when(which, day, meal, request)
        meals, known = (typed, True) if typed is not None else self.skill.day_meals(day)
        names = self.skill.food_names(request.lang, request.words)
        grammar = self.skill.food_grammar(request.words)
        dishes = self.dishes(meals.get(meal) or [], names, grammar)
        card_data = {"date": day.isoformat(), "meal": meal}
        if dishes:
            says = [Say(_key(f"menu_{when}", meal), {"dishes": self._together(dishes, names, grammar),
                                                     "weekday": request.formats.weekday(day)})]
            if self._stale(request.now):
                says.append(Say("menu_offline"))
            items = [CardItem(d.picture, label=d.said) for d in dishes]
            return Answer(says, Card("menu", items, card_data))
        return Answer([self._no_dishes(day, meal, meals, known, request)], Card("menu", [], card_data))

    def dishes(self, lines: list[str], names: Mapping[str, str] | None,
               grammar: Grammar | None = None) -> list[Dish]:
        """The main dish and, when wanted and listed, the vegetarian alternative, said with the food
        `names` of the child's language (None: the menus' own language)."""
        words, lexicon = self.skill.words, self.skill.lexicon
        real = [line for line in lines if words.is_dish(line)]
        # "Kökets val" only when the kitchen names nothing else.
        named = [line for line in real if not words.is_placeholder(line)]
        ordered = named or real
        if not ordered:
            return []
        main = next((line for line in ordered if not words.is_vegetarian(line)), ordered[0])
        chosen = [main]
        if self.skill.settings.alternatives == "both":
            alternative = next((line for line in ordered if line != main and words.is_vegetarian(line)
                                and words.simplify(line) != words.simplify(main)), None)
            if alternative:
                chosen.append(alternative)
        result = []
        for line in chosen:
            simple = words.simplify(line)
            result.append(Dish(simple, lexicon.say(simple, names, grammar), self.skill.picture_of(simple)))
        return result

    def _together(self, dishes: list[Dish], names: Mapping[str, str] | None,
                  grammar: Grammar | None = None) -> str | Say:
        if len(dishes) == 1:
            return dishes[0].said
        main, alternative = dishes[0], dishes[1]
        head = self._shared_tail_head(main.simple, alternative.simple)
        # "köttbullar med potatis eller vegobullar med potatis" is said "köttbullar eller vegobullar
        # med potatis": the sides both share are said once.
        said_main = self.skill.lexicon.say(head, names, grammar) if head else main.said
        return Say("menu_or", {"main": said_main, "alternative": alternative.said})

    def _shared_tail_head(self, main: str, alternative: str) -> str | None:
        """The start of `main` before the sides it shares with `alternative`, if they share any."""
        connectors = self.skill.words.connectors
        main_words, alt_words = main.split(" "), alternative.split(" ")
        for index, word in enumerate(main_words[1:], start=1):
            tail = main_words[index:]
            if (word.lower() in connectors and len(alt_words) > len(tail)
                    and alt_words[-len(tail):] == tail):
                return " ".join(main_words[:index])
        return None

    def _when(self, which: str, day: dt.date, meal: str, request: SkillRequest) -> str:
        if day == request.today:
            over = self.skill.settings.meal_times.get(meal, "23:59")
            return "today_past" if request.now.strftime("%H:%M") >= over else "today"
        if which in RELATIVE_DAYS:
            return which
        return "day"

    def _no_dishes(self, day: dt.date, meal: str, meals: dict[str, list[str]], known: bool,
                   request: SkillRequest) -> Say:
        words = self.skill.words
        past = "_past" if day < request.today else ""
        when = self._day_words(day, request)
        has_food = any(words.is_dish(line) for lines in meals.values() for line in lines)
        if not has_food:
            if day.weekday() >= 5:
                return Say(f"menu_weekend{past}", {"when": when})
            holiday = self.skill.holidays.name(day, request.lang, request.words(HOLIDAY_WORDS))
            if holiday:
                return Say(f"menu_holiday{past}", {"when": when, "holiday": holiday})
            if known:
                return Say(f"menu_closed{past}", {"when": when})
        if meal != "lunch":
            return Say(f"menu_unknown_{meal}")
        if not self.skill.anything_known(request.today):
            return Say("menu_unknown")
        last = self.skill.last_known_day()
        if day > request.today and last is not None and day > last:
            return Say("menu_not_published", {"when": when})
        return Say("menu_unknown")

    def _day_words(self, day: dt.date, request: SkillRequest) -> Say:
        offset = (day - request.today).days
        relative = {0: "today", 1: "tomorrow", -1: "yesterday"}.get(offset)
        if relative:
            return Say(f"menu_when_{relative}")
        return Say("menu_when_day", {"weekday": request.formats.weekday(day)})

    def _stale(self, now: dt.datetime) -> bool:
        age = self.skill.fetch_age(now)
        return age is not None and age > STALE_AFTER


def _key(base: str, meal: str) -> str:
    """Lunch is the meal a child means when naming none: its keys carry no suffix."""
    return base if meal == "lunch" else f"{base}_{meal}"
