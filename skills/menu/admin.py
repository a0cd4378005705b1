"""The menu's page in the teachers' admin: this week's and next week's dishes, edited per day and
meal, imported from the source, and heard as a child will hear them."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from babel.dates import format_date
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field

from assistant.errors import AssistantError
from assistant.skills import AdminPages
from assistant.turn import Query
from assistant.web.admin_auth import ChangeSession, PageSession, Submitted
from assistant.web.api import answer, offered_language
from assistant.web.app import Web
from assistant.web.audio import audio_for
from assistant.web.auth import AdminSession
from assistant.web.pages import render, teacher_words
from assistant.web.wording import Speaker
from skills.menu import Conflict
from skills.menu.store import MEALS

if TYPE_CHECKING:
    from skills.menu import MenuSkill

log = logging.getLogger(__name__)
TEMPLATES = Path(__file__).with_name("templates")
PAGE = "/admin/menu"
MAX_DISHES = 8
MAX_DISH_LENGTH = 120
# The admin is in English for now; dates follow it.
ADMIN_LOCALE = "en_GB"
FIELD_PREFIX = "menu"
"""Form fields are `menu:<date>:<meal>`."""
WEEK_PREFIX = "week"
"""The repeating week's form fields are `week:<weekday 0-6>:<meal>`."""


@dataclass
class DayRow:
    """One day of the menu form."""

    day: dt.date
    """The date."""
    title: str
    """"Wednesday 4 February"."""
    meals: dict[str, str]
    """Meal → dishes, one per line, as shown in the text box."""
    today: bool = False
    """Whether it is today (highlighted)."""
    errors: dict[str, str] = field(default_factory=dict)
    """Meal → what is wrong with what was typed."""
    this_day_only: set[str] = field(default_factory=set)
    """Meals changed for this date alone (marked, apart from the repeating week)."""
    prefix: str = FIELD_PREFIX
    """The form fields' prefix: `menu` for dates, `week` for the repeating week's weekdays."""
    key: str = ""
    """What the field names after the prefix: the date, or the weekday's number."""
    seen: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    """Meal → (dish as a child hears it, the picture she sees), for the saved dishes."""

    def field_name(self, meal: str) -> str:
        """The form field of one meal."""
        return f"{self.prefix}:{self.key or self.day.isoformat()}:{meal}"


class HearRequest(BaseModel):
    """Which day's menu to hear, as a child would on that day."""

    day: dt.date = Field(description="The day.")
    lang: str | None = Field(None, description="The language to hear it in.")
    meals: dict[str, Annotated[str, Field(max_length=1200)]] | None = Field(
        None, description="What the teacher has typed for that day, meal -> one dish per line, saved or "
                          "not; without it the saved menu is heard.")


def monday_of(day: dt.date) -> dt.date:
    """The Monday starting the week of `day`."""
    return day - dt.timedelta(days=day.weekday())


def dishes_on(week: dict[Any, Any], day: dt.date) -> dict[str, list[str]]:
    """A day's meals from the menu skill's `week()` (keyed by date, or by ISO text)."""
    meals = week.get(day) or week.get(day.isoformat()) or {}
    return {meal: list(meals.get(meal) or []) for meal in MEALS}


def week_rows(skill: MenuSkill, monday: dt.date, today: dt.date, locale: str = ADMIN_LOCALE) -> list[DayRow]:
    """Monday to Friday, and a weekend day only when it has dishes (named in the admin's `locale`)."""
    week = skill.week(monday)
    rows = []
    for offset in range(7):
        day = monday + dt.timedelta(days=offset)
        meals = dishes_on(week, day)
        if day.weekday() >= 5 and not any(meals.values()):
            continue
        title = format_date(day, "EEEE d MMMM", locale=locale)
        rows.append(DayRow(day, title, {m: "\n".join(d) for m, d in meals.items()}, day == today,
                           this_day_only=set(skill.teacher.edited(day)), seen=skill.dishes_seen(meals)))
    return rows


def repeating_rows(skill: MenuSkill, today: dt.date, t: Speaker, locale: str = ADMIN_LOCALE) -> list[DayRow]:
    """The week that repeats, Monday to Friday, and a weekend day only when it has dishes."""
    week = skill.repeating_week()
    monday = monday_of(today)
    rows = []
    for weekday, meals in week.items():
        if weekday >= 5 and not any(meals.values()):
            continue
        day = monday + dt.timedelta(days=weekday)
        # "Every Monday": a frame in which the weekday keeps its own form in every language.
        title = t("menu_every_weekday", weekday=format_date(day, "EEEE", locale=locale))
        rows.append(DayRow(day, title, {m: "\n".join(d) for m, d in meals.items()},
                           prefix=WEEK_PREFIX, key=str(weekday), seen=skill.dishes_seen(meals)))
    return rows


def parse_dishes(text: str) -> list[str]:
    """One dish per line; blank lines dropped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def check_dishes(dishes: list[str], t: Speaker) -> str:
    """What is wrong with a meal's dishes ("" when nothing), in the teacher's admin language."""
    if len(dishes) > MAX_DISHES:
        return t("menu_too_many", limit=MAX_DISHES)
    too_long = next((d for d in dishes if len(d) > MAX_DISH_LENGTH), None)
    if too_long:
        return t("menu_too_long", start=too_long[:30], limit=MAX_DISH_LENGTH)
    return ""


WEEKDAY_KEYS = {str(n) for n in range(7)}


def read_meals(form: Any, prefix: str, key_of: Callable[[str], Any], t: Speaker
               ) -> tuple[dict[str, str], dict[tuple[Any, str], list[str]], dict[str, str]]:
    """The meal boxes of a submitted form (`<prefix>:<key>:<meal>`; `key_of` turns the key into a
    date or a weekday, None for one not on the page): what was typed, the dishes wanted per
    (key, meal), and what is wrong, by field name."""
    typed: dict[str, str] = {}
    wanted: dict[tuple[Any, str], list[str]] = {}
    errors: dict[str, str] = {}
    for name, value in form.multi_items():
        parts = name.split(":")
        if len(parts) != 3 or parts[0] != prefix or parts[2] not in MEALS:
            continue
        key = key_of(parts[1])
        if key is None:
            continue
        typed[name] = str(value)
        dishes = parse_dishes(str(value))
        problem = check_dishes(dishes, t)
        if problem:
            errors[name] = problem
        wanted[(key, parts[2])] = dishes
    return typed, wanted, errors


def _date_in(text: str, days: set[dt.date]) -> dt.date | None:
    """The date a field names, if it is one of the page's days."""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return None
    return day if day in days else None


def keep_typed(rows: list[DayRow], typed: dict[str, str] | None, errors: dict[str, str] | None
               ) -> list[DayRow]:
    """The rows showing what the teacher typed (a refused save loses nothing) and what is wrong."""
    for row in rows:
        for meal in MEALS:
            name = row.field_name(meal)
            if typed and name in typed:
                row.meals[meal] = typed[name]
            if errors and name in errors:
                row.errors[meal] = errors[name]
    return rows


def admin_pages(skill: MenuSkill) -> AdminPages:
    """The menu page and its actions, mounted at /admin/menu behind the login."""
    router = APIRouter()

    def page(request: Request, web: Web, session: PageSession, monday: dt.date, status: int = 200,
             typed: dict[str, str] | None = None, errors: dict[str, str] | None = None,
             conflict: str = "") -> HTMLResponse:
        source = skill.settings.source
        t = teacher_words(request, web)
        context: dict[str, Any] = {"title": "menu_title", "monday": monday, "meals": MEALS, "source": source,
                                   "previous": monday - dt.timedelta(days=7),
                                   "next_week": monday + dt.timedelta(days=7), "page": PAGE,
                                   "version": skill.version, "conflict": conflict}
        today = web.assistant.now().date()
        try:
            weeks = [week_rows(skill, monday + dt.timedelta(days=7 * i), today, admin_locale(t))
                     for i in (0, 1)]
        except Exception as exc:
            log.exception("reading the menu failed")
            weeks, context["failure"] = [], t("menu_unreadable", problem=exc)
        for rows in weeks:
            keep_typed(rows, typed, errors)
        context["weeks"] = [(rows[0].day if rows else None, rows) for rows in weeks]
        return render(request, web, session, "menu/week.html", status, **context)

    @router.get("", response_class=HTMLResponse)
    def menu_page(request: Request, web: Web, session: PageSession, week: dt.date | None = None):
        return page(request, web, session, monday_of(week or web.assistant.now().date()))

    @router.post("", response_class=HTMLResponse)
    def save_menu(request: Request, web: Web, session: ChangeSession, form: Submitted):
        try:
            monday = monday_of(dt.date.fromisoformat(str(form.get("week", ""))))
        except ValueError:
            return RedirectResponse(PAGE, 303)
        days = {monday + dt.timedelta(days=i) for i in range(14)}
        t = teacher_words(request, web)
        typed, wanted, errors = read_meals(form, FIELD_PREFIX, lambda key: _date_in(key, days), t)
        if errors:
            # Nothing is saved until all is right, and everything typed stays on the page.
            return page(request, web, session, monday, 422, typed, errors)
        weeks = {start: skill.week(start) for start in (monday, monday + dt.timedelta(days=7))}
        changes = {(day, meal): dishes for (day, meal), dishes in sorted(wanted.items())
                   if dishes != dishes_on(weeks[monday_of(day)], day)[meal]}
        try:
            # All of a save in one transaction; and not over a save made since this page was shown.
            skill.save(changes, shown_version(form))
        except Conflict:
            return page(request, web, session, monday, 409, typed, conflict=t("menu_conflict"))
        note_saved(session, t, "menu_saved", len(changes))
        return RedirectResponse(f"{PAGE}?week={monday.isoformat()}", 303)

    @router.post("/import")
    def import_menu(request: Request, web: Web, session: ChangeSession, form: Submitted):
        # A plain function: the fetch (up to the source's deadline) runs off the event loop.
        week = str(form.get("week", ""))
        target = f"{PAGE}?week={week}" if _is_date(week) else PAGE
        source = skill.settings.source
        t = teacher_words(request, web)
        try:
            count = skill.import_from_source(web.assistant.now())
        except AssistantError as exc:
            session.notes.append(t("menu_import_failed", source=source, problem=exc.message))
        except Exception as exc:
            log.exception("menu import failed")
            session.notes.append(t("menu_import_failed", source=source, problem=exc))
        else:
            session.notes.append(t.count("menu_imported", count, source=source))
        return RedirectResponse(target, 303)

    @router.post("/hear")
    def hear(body: HearRequest, web: Web, session: ChangeSession) -> dict:
        assistant = web.assistant
        lang = offered_language(assistant, body.lang)
        # Asked that morning, the way a child would ask it on that day.
        morning = dt.datetime.combine(body.day, dt.time(9, 0))
        if body.meals is None:
            return answer(assistant, Query("", lang, f"admin-hear-{session.id[:12]}-{body.day}", morning,
                                           intent="menu", entities={"day": "today"}))
        # What is typed, before it is saved: the teacher hears her words, not the stored menu.
        typed = {meal: parse_dishes(text)[:MAX_DISHES] for meal, text in body.meals.items() if meal in MEALS}
        request = assistant.request("menu", {"day": "today"}, lang, morning)
        reply = assistant.reply(skill.answers.answer(request, typed), lang, "menu", "menu")
        return {**reply.to_json(), "audio": audio_for(assistant, reply.speech, reply.lang)}

    def week_page(request: Request, web: Web, session: PageSession, status: int = 200,
                  typed: dict[str, str] | None = None, errors: dict[str, str] | None = None,
                  conflict: str = "") -> HTMLResponse:
        t = teacher_words(request, web)
        rows = repeating_rows(skill, web.assistant.now().date(), t, admin_locale(t))
        rows = keep_typed(rows, typed, errors)
        return render(request, web, session, "menu/every_week.html", status, title="menu_every_week_title",
                      rows=rows, meals=MEALS, version=skill.version, conflict=conflict,
                      source=skill.settings.source, page=PAGE)

    @router.get("/week", response_class=HTMLResponse)
    def every_week(request: Request, web: Web, session: PageSession):
        return week_page(request, web, session)

    @router.post("/week", response_class=HTMLResponse)
    def save_every_week(request: Request, web: Web, session: ChangeSession, form: Submitted):
        t = teacher_words(request, web)
        typed, wanted, errors = read_meals(form, WEEK_PREFIX,
                                           lambda key: int(key) if key in WEEKDAY_KEYS else None, t)
        if errors:
            return week_page(request, web, session, 422, typed, errors)
        shown = skill.repeating_week()
        changes = {key: dishes for key, dishes in sorted(wanted.items())
                   if dishes != shown[key[0]][key[1]]}
        try:
            skill.save_week(changes, shown_version(form))
        except Conflict:
            return week_page(request, web, session, 409, typed, conflict=t("menu_conflict"))
        note_saved(session, t, "menu_saved_week", len(changes))
        return RedirectResponse(f"{PAGE}/week", 303)

    def pictures_page(request: Request, web: Web, session: PageSession, status: int = 200,
                      typed: dict[str, str] | None = None, error: str = "") -> HTMLResponse:
        t = teacher_words(request, web)
        today = web.assistant.now().date()
        monday = monday_of(today)
        # Every dish of this week, the next and the repeating week, as a child hears it.
        rows = [*week_rows(skill, monday, today), *week_rows(skill, monday + dt.timedelta(days=7), today),
                *repeating_rows(skill, today, t)]
        shown: dict[str, str] = {}
        for row in rows:
            for seen in row.seen.values():
                for dish, picture in seen:
                    shown.setdefault(dish, picture)
        chosen = skill.store.pictures()
        items = [PictureRow(dish, picture, skill.lexicon.picture(dish),
                            (typed or {}).get(dish, chosen.get(dish.lower(), "")))
                 for dish, picture in sorted(shown.items(), key=lambda item: item[0].lower())]
        choices = [(name, skill.picture_label(name, t.lang)) for name in skill.picture_names]
        return render(request, web, session, "menu/pictures.html", status, title="menu_pictures_title",
                      items=items, choices=dict(choices), version=skill.version, error=error, page=PAGE)

    @router.get("/pictures", response_class=HTMLResponse)
    def pictures(request: Request, web: Web, session: PageSession):
        return pictures_page(request, web, session)

    @router.post("/pictures", response_class=HTMLResponse)
    def save_pictures(request: Request, web: Web, session: ChangeSession, form: Submitted):
        t = teacher_words(request, web)
        typed = {str(form.get(f"dish:{i}", "")): str(form.get(f"picture:{i}", ""))
                 for i in range(MAX_PICTURE_ROWS) if form.get(f"dish:{i}")}
        if any(p and p not in skill.picture_names for p in typed.values()):
            return pictures_page(request, web, session, 422, typed, t("menu_picture_unknown"))
        before = skill.store.pictures()
        changes = {dish: picture or None for dish, picture in typed.items()
                   if (picture or None) != before.get(" ".join(dish.lower().split()))}
        try:
            skill.choose_pictures(changes, shown_version(form))
        except Conflict:
            return pictures_page(request, web, session, 409, typed, t("menu_conflict"))
        note_saved(session, t, "menu_saved", len(changes))
        return RedirectResponse(f"{PAGE}/pictures", 303)

    return AdminPages(router, [("", "menu_nav"), ("/week", "menu_every_week_nav"),
                               ("/pictures", "menu_pictures_nav")], TEMPLATES, order=10)


def shown_version(form: Any) -> int | None:
    """The menu's version when the teacher's page was shown (None: a form without one)."""
    version = str(form.get("version", ""))
    return int(version) if version.isdigit() else None


def note_saved(session: AdminSession, t: Speaker, key: str, changed: int) -> None:
    """"Saved 3 changes." (`key_one`/`key_other`), or that nothing was changed, on the next page."""
    session.notes.append(t.count(key, changed) if changed else t("menu_unchanged"))


MAX_PICTURE_ROWS = 200
"""The most dishes the pictures page lists (three weeks of three meals is far fewer)."""


@dataclass
class PictureRow:
    """One dish on the pictures page."""

    dish: str
    """The dish as a child hears it."""
    picture: str
    """The picture she sees now."""
    automatic: str
    """The picture the food lexicon gives it (used when no teacher chose one)."""
    chosen: str
    """The teacher's choice ("" for the automatic one)."""


def admin_locale(t: Speaker) -> str:
    """The Babel locale the admin's dates are written in (English dates the British way)."""
    return ADMIN_LOCALE if t.lang == "en" else t.lang


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True
