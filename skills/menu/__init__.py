"""What we eat: the teacher's own menu or a municipal menu source, told simply, with food pictures.

A child's turn reads only what is stored (SQLite); `refresh` fetches the source in the background
(or before a one-shot command), so a question never waits on the network.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
from collections.abc import Callable, Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from assistant.days import Holidays
from assistant.errors import AssistantError
from assistant.skills import AdminPages, Answer, Command, Skill, SkillContext, SkillRequest, Tile
from assistant.words import Words
from assistant.yamlfile import load_yaml
from skills.menu.answer import MenuAnswers
from skills.menu.lexicon import Grammar, Lexicon
from skills.menu.plan import PLAN_FILE, PlanFile
from skills.menu.providers import Provider, ProviderError, ProviderSettings, create
from skills.menu.providers.teacher import TeacherSource
from skills.menu.simplify import SourceWords
from skills.menu.store import MEALS, DayMeals, MenuStore

MENU_VERSION = "menu-teacher"
"""The store's version counter of the teachers' dishes."""
WINDOW_DAYS = 14
"""How far ahead the menu is fetched and kept."""
RETRY_EMPTY = dt.timedelta(minutes=5)
"""An empty cache is fetched again this soon, not at every tick (a source with nothing published
would otherwise be asked every half minute)."""
FOOD_WORDS = "food"
"""The `words:` group that names the lexicon's foods in a language (nlu_data/<lang>/foods.yml)."""
FOOD_GRAMMAR = "food_grammar"
"""The `words:` group that says how a language orders a dish's words (`compound`, `describing`)."""
SOURCES = ("teacher", "skolmaten", "mashie", "matilda", "foodit", "mateo")
_CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
log = logging.getLogger(__name__)


class Conflict(Exception):
    """Someone else saved the menu since the page was shown."""

    def __init__(self, version: int):
        super().__init__(f"the menu was saved meanwhile (now version {version})")
        self.version = version
        """The version now saved."""


class MenuSettings(BaseModel):
    """`skills.menu:` in assistant.yml."""

    model_config = ConfigDict(extra="forbid")

    source: Literal["teacher", "skolmaten", "mashie", "matilda", "foodit", "mateo"] = Field(
        "teacher", description="Where the menu comes from: teacher (menu.yml and the admin page) or "
                               "the municipality's menu service.")
    id: str | None = Field(None, description="The school's id (or page address) at the menu source.")
    base_url: str | None = Field(None, description="Overrides the source's web address (tests, proxies).",
        json_schema_extra={"admin": False})
    alternatives: Literal["main", "both"] = Field(
        "both", description="main: say only the main dish; both: add the vegetarian one with 'or'.")
    refresh_minutes: float = Field(60, gt=0, description="Minutes between fetches from the source.")
    timeout_seconds: float = Field(5, gt=0, le=60, description="The longest a fetch may take in all.",
        json_schema_extra={"admin": False})
    meal_times: dict[Literal["breakfast", "lunch", "snack"], str] = Field(
        {"breakfast": "08:30", "lunch": "12:00", "snack": "15:00"},
        description="When each meal is over: after it, today's meal is told in the past tense.")

    @field_validator("meal_times")
    @classmethod
    def _meal_times(cls, value: dict[str, str]) -> dict[str, str]:
        for meal, clock in value.items():
            if not _CLOCK.match(clock):
                raise ValueError(f"{meal}: '{clock}' is not a time like '12:00'")
        return {"breakfast": "08:30", "lunch": "12:00", "snack": "15:00", **value}

    @model_validator(mode="after")
    def _source_needs_id(self) -> MenuSettings:
        if self.source != "teacher" and not (self.id or "").strip():
            raise ValueError(f"id: the menu source {self.source} needs the school's id (skills.menu.id)")
        return self


class MenuSkill(Skill):
    """Answers `menu`: which dishes a day's breakfast, lunch or snack has."""

    name = "menu"
    intents = ("menu",)
    tiles = (Tile("menu", "tile_menu", order=10),)
    Settings = MenuSettings

    def __init__(self, context: SkillContext):
        super().__init__(context)
        self.words = SourceWords.load()
        """What the sources' words mean (labels, meal names, closed days)."""
        self.lexicon = Lexicon.load()
        """Food pictures, and the keys of the foods' names in each language."""
        self.store = MenuStore(context.store)
        self.holidays = Holidays(context.config.holidays_country)
        self.plan = PlanFile(context.config_dir / PLAN_FILE)
        self.teacher = TeacherSource(self.plan, self.store, self.holidays.is_holiday)
        self.answers = MenuAnswers(self)
        self._described: dict[str, dict[str, str]] | None = None

    @property
    def settings(self) -> MenuSettings:
        """The `skills.menu:` settings as they are now."""
        return self.context.settings

    @property
    def refresh_interval(self) -> float:
        return self.settings.refresh_minutes * 60

    @property
    def source_key(self) -> str | None:
        """Where fetched days are kept: the source and school, so a new school starts afresh;
        None for the teacher's own menu."""
        settings = self.settings
        return None if settings.source == "teacher" else f"{settings.source}:{settings.id}"

    def picture_of(self, dish: str, chosen: Mapping[str, str] | None = None) -> str:
        """The picture a child sees for a dish (as said, simplified): a teacher's choice (`chosen`,
        read from the store when not given), else the lexicon's (its first word that has one)."""
        chosen = self.store.pictures() if chosen is None else chosen
        return chosen.get(dish.lower()) or self.lexicon.picture(dish)

    def picture_label(self, name: str, lang: str) -> str:
        """A picture's short name for a teacher (pictures/index.yml has en and sv), else its file name."""
        described = self._picture_index().get(name) or {}
        return str(described.get(lang) or described.get("en") or name.replace("_", " "))

    def _picture_index(self) -> dict[str, dict[str, str]]:
        if self._described is None:
            path = self.pictures_dir() / "index.yml"
            data = load_yaml(path).data if path.is_file() else {}
            self._described = data if isinstance(data, dict) else {}
        return self._described

    @property
    def picture_names(self) -> list[str]:
        """Every food picture a teacher can choose from (the skill's drawn set)."""
        return sorted(p.stem for p in self.pictures_dir().glob("*.svg"))

    def choose_pictures(self, chosen: Mapping[str, str | None], expected: int | None = None) -> int:
        """Teachers' pictures for dishes (None: the automatic one again), in one transaction and not
        over a save made meanwhile (Conflict); returns the menu's new version."""
        unknown = sorted(p for p in chosen.values() if p is not None and p not in self.picture_names)
        if unknown:
            raise AssistantError(f"`{unknown[0]}` is not one of the menu's pictures")
        now = self.context.now()
        with self.context.store.transaction() as store:
            current = store.version(MENU_VERSION)
            if expected is not None and expected != current:
                raise Conflict(current)
            for dish, picture in sorted(chosen.items()):
                self.store.set_picture(" ".join(dish.lower().split()), picture, now)
            return store.bump(MENU_VERSION)

    def dishes_seen(self, meals: Mapping[str, list[str]]) -> dict[str, list[tuple[str, str]]]:
        """Meal → (dish as a child hears it, its picture) for each dish the kitchen wrote."""
        chosen = self.store.pictures()   # read once for the whole day, not once per dish
        return {meal: [(simple, self.picture_of(simple, chosen)) for simple in
                       dict.fromkeys(self.words.simplify(line) for line in lines if self.words.is_dish(line))]
                for meal, lines in meals.items()}

    def food_names(self, lang: str, words: Words) -> Mapping[str, str] | None:
        """The foods' names in `lang` (None when it is the menus' own language)."""
        return None if lang == self.lexicon.language else words(FOOD_WORDS)

    def food_grammar(self, words: Words) -> Grammar:
        """How the language puts a dish's words together (its `food_grammar` words)."""
        return Grammar.of(words(FOOD_GRAMMAR))

    # A child's question: only the store is read.

    def handle(self, request: SkillRequest) -> Answer:
        return self.answers.answer(request)

    def day_meals(self, day: dt.date) -> tuple[DayMeals, bool]:
        """A day's meals as the kitchen wrote them, and whether anything says what that day is.

        Teachers' dated dishes win; then the configured source's days; the week plan fills the
        rest (with a web source it gives only the meals the source leaves out, not lunch)."""
        planned = self.teacher.planned(day)
        if self.source_key is None:
            meals, known = dict(planned or {}), planned is not None
        else:
            fetched = self.store.fetched_day(self.source_key, day)
            meals = {meal: dishes for meal, dishes in (planned or {}).items() if meal != "lunch"}
            known = fetched is not None
            meals.update(fetched or {})
        edited = self.teacher.edited(day)
        if edited:
            meals.update(edited)
            known = True
        return meals, known

    def anything_known(self, today: dt.date) -> bool:
        """Whether any menu at all is known around today."""
        if self.source_key is None and not self.teacher.week_plan().empty:
            return True
        return self.store.has_any(self.source_key, today - dt.timedelta(days=7),
                                  today + dt.timedelta(days=WINDOW_DAYS))

    def last_known_day(self) -> dt.date | None:
        """The latest day a menu was published for (None: the plan repeats every week)."""
        if self.source_key is None:
            return None
        known = [d for d in (self.store.last_fetched_day(self.source_key),
                             max(self.store.teacher_days(), default=None)) if d]
        return max(known, default=None)

    # What the teachers' admin page calls.

    def week(self, start: dt.date) -> dict[dt.date, dict[str, list[str]]]:
        """Monday to Sunday of the week `start` is in: meal → dishes as stored or fetched (not simplified)."""
        monday = start - dt.timedelta(days=start.weekday())
        return {day: self.day_meals(day)[0]
                for day in (monday + dt.timedelta(days=n) for n in range(7))}

    def set_dishes(self, day: dt.date, meal: str, dishes: list[str]) -> None:
        """A teacher's dishes for one meal, used from the next question on; [] removes the edit."""
        self.save({(day, meal): dishes})

    def save(self, changes: dict[tuple[dt.date, str], list[str]], expected: int | None = None) -> int:
        """A teacher's dishes for several meals, written in one transaction (all or none); returns
        the menu's new version. With `expected` (the version the teacher's page showed), a save
        made meanwhile by someone else is not overwritten: Conflict, and nothing is written."""
        for _, meal in changes:
            if meal not in MEALS:
                raise AssistantError(f"`{meal}` is not a meal (use {', '.join(MEALS)})")
        return self._write(changes, self.store.set_teacher, expected)

    def repeating_week(self) -> dict[int, DayMeals]:
        """Weekday (0 = Monday) → meals of the week that repeats (plan file and admin changes)."""
        week = self.teacher.week_plan().week
        return {weekday: {meal: list(week.get(weekday, {}).get(meal) or []) for meal in MEALS}
                for weekday in range(7)}

    def save_week(self, changes: dict[tuple[int, str], list[str]], expected: int | None = None) -> int:
        """A teacher's changes to the repeating week (weekday, meal → dishes), in one transaction,
        not over a save made meanwhile (Conflict); returns the menu's new version."""
        for weekday, meal in changes:
            if meal not in MEALS or not 0 <= weekday < 7:
                raise AssistantError(f"`{weekday}:{meal}` is not a weekday's meal")
        return self._write(changes, self.store.set_teacher_week, expected)

    def _write(self, changes: Mapping[tuple[Any, str], list[str]],
               put: Callable[[Any, str, list[str], dt.datetime], None], expected: int | None) -> int:
        """Teachers' dishes written by `put` (a date's or a weekday's meal) in one transaction,
        not over a save made since the page was shown; the menu's new version."""
        now = self.context.now()
        with self.context.store.transaction() as store:
            current = store.version(MENU_VERSION)
            if expected is not None and expected != current:
                raise Conflict(current)
            for (when, meal), dishes in sorted(changes.items()):
                put(when, meal, [" ".join(str(d).split()) for d in dishes if str(d).strip()], now)
            return store.bump(MENU_VERSION)

    @property
    def version(self) -> int:
        """How many times teachers have saved the menu (a page sends it back with its changes)."""
        return self.context.store.version(MENU_VERSION)

    def import_from_source(self, now: dt.datetime) -> int:
        """Fetch the configured source now and keep its days; returns how many days it gave.

        Raises AssistantError (with the reason) when the source cannot be read; what was known
        before is kept."""
        if self.source_key is None:
            return 0
        days = self.fetch(self.settings.source, self.settings.id or "", self.settings.base_url, now,
                          record_as=self.source_key)
        self.store.put_fetched(self.source_key, days, now)
        return len(days)

    def fetch(self, source: str, school: str, base_url: str | None, now: dt.datetime,
              record_as: str | None = None) -> dict[dt.date, DayMeals]:
        """Days from a source, from the Monday of this week to two weeks ahead."""
        today = now.date()
        first = today - dt.timedelta(days=today.weekday())
        last = today + dt.timedelta(days=WINDOW_DAYS - 1)
        try:
            days = self.provider(source, school, base_url).fetch(first, last)
        except ProviderError as exc:
            if record_as:
                # The background refresh and the admin's import tell it here; a command prints it.
                self.store.record_fetch(record_as, now, 0, str(exc))
                log.warning("menu source %s (%s) could not be read; the last known menu is used: %s",
                            source, school, exc)
            raise AssistantError(f"menu: {exc}") from None
        if record_as:
            self.store.record_fetch(record_as, now, len(days), None)
        log.info("menu source %s (%s): %d days, %s to %s", source, school, len(days), min(days), max(days))
        return days

    def provider(self, source: str, school: str, base_url: str | None) -> Provider:
        """A web source's provider with this installation's timeout and User-Agent."""
        settings = ProviderSettings(id=school, base_url=base_url, timeout=self.settings.timeout_seconds,
                                    http=self.context.http, tz=self.context.tz, words=self.words)
        return create(source, settings)

    # Keeping the cache fresh.

    def refresh(self, now: dt.datetime) -> None:
        if self.source_key is None:
            return
        # A failure is already logged in one line; children hear the last known menu.
        with contextlib.suppress(AssistantError):
            self.import_from_source(now)

    def needs_refresh(self, now: dt.datetime) -> bool:
        if self.source_key is None:
            return False
        last = self.store.last_fetch(self.source_key)
        if last is None:
            return True
        age = abs(now - last.at)
        if age.total_seconds() >= self.refresh_interval:
            return True
        today = now.date()
        ahead = self.store.fetched_days(self.source_key, today, today + dt.timedelta(days=WINDOW_DAYS - 1))
        return not ahead and age >= RETRY_EMPTY

    def fetch_age(self, now: dt.datetime) -> dt.timedelta | None:
        """How old the last menu fetched from the source is (None: teacher menu or never fetched)."""
        if self.source_key is None:
            return None
        last = self.store.last_fetch(self.source_key)
        if last is None or last.last_ok is None:
            return None
        return now - last.last_ok

    def admin(self) -> AdminPages:
        from skills.menu.admin import admin_pages

        return admin_pages(self)

    @classmethod
    def commands(cls) -> list[Command]:
        from skills.menu.commands import commands

        return commands()
