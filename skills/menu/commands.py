"""`assistant menu ...`: show, set, import from a source, export and import a YAML backup."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from assistant.errors import AssistantError
from assistant.locales import LocaleFormat
from skills.menu.plan import parse_dishes, parse_plan, read_plan_file
from skills.menu.providers import PROVIDERS
from skills.menu.store import MEALS

if TYPE_CHECKING:
    from assistant.core import Assistant
    from skills.menu import MenuSkill


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add `assistant menu show|set|import|export|import-file`."""
    from assistant.cli import add_common_options

    menu = commands.add_parser("menu", help="the menu: show it, set dishes, import, back up")
    sub = menu.add_subparsers(dest="menu_command", required=True)

    show = sub.add_parser("show", help="today's menu (or the week's) and how a child hears it")
    add_common_options(show)
    show.add_argument("--week", action="store_true", help="Monday to Sunday of this week")
    show.set_defaults(handler=show_menu)

    set_ = sub.add_parser("set", help="set a meal's dishes for one day (an empty text removes them)")
    add_common_options(set_, lang=False)
    set_.add_argument("date", type=_date, help="the day, e.g. 2026-02-13")
    set_.add_argument("meal", choices=MEALS)
    set_.add_argument("dishes", help='dishes with ";" between them, e.g. '
                                     '"Fiskbullar med potatis; Vegobullar med potatis"')
    set_.set_defaults(handler=set_menu)

    fetch = sub.add_parser("import", help="fetch two weeks from a menu source and keep them as the "
                                          "teachers' own dishes")
    add_common_options(fetch, lang=False)
    fetch.add_argument("source", choices=sorted(PROVIDERS))
    fetch.add_argument("id", help="the school's id at the source")
    fetch.add_argument("--base-url", help="the source's address when not the usual one")
    fetch.set_defaults(handler=import_source)

    export = sub.add_parser("export", help="write the teachers' dated dishes to a YAML file (backup)")
    add_common_options(export, lang=False, now=False)
    export.add_argument("file", type=Path)
    export.set_defaults(handler=export_file)

    restore = sub.add_parser("import-file", help="read dated dishes from a YAML file (as `export` writes)")
    add_common_options(restore, lang=False, now=False)
    restore.add_argument("file", type=Path)
    restore.set_defaults(handler=import_file)


def show_menu(args: argparse.Namespace, assistant: Assistant) -> int:
    skill = _skill(assistant)
    now = _now(args, assistant)
    if skill.needs_refresh(now):  # only the menu: this command shows nothing else
        skill.refresh(now)
    lang = assistant.language(args.lang)
    formats = LocaleFormat(lang, assistant.config.locales)
    days = skill.week(now.date()) if args.week else {now.date(): skill.day_meals(now.date())[0]}
    for day, meals in days.items():
        print(f"{day.isoformat()} {formats.weekday(day)}")
        if not meals:
            print("  -")
        for meal in MEALS:
            if meal in meals:
                said = " | ".join(d.said for d in skill.answers.dishes(meals[meal], lang)) or "-"
                print(f"  {meal}: {'; '.join(meals[meal]) or '-'}")
                print(f"  {' ' * len(meal)}  → {said}")
    return 0


def set_menu(args: argparse.Namespace, assistant: Assistant) -> int:
    skill = _skill(assistant)
    dishes = parse_dishes(args.dishes)
    skill.set_dishes(args.date, args.meal, dishes)
    shown = "; ".join(dishes) if dishes else "(removed: the plan or the source applies again)"
    print(f"{args.date.isoformat()} {args.meal}: {shown}")
    return 0


def import_source(args: argparse.Namespace, assistant: Assistant) -> int:
    skill = _skill(assistant)
    now = _now(args, assistant)
    days = skill.fetch(args.source, args.id, args.base_url, now)
    stored = 0
    for day, meals in sorted(days.items()):
        for meal, dishes in meals.items():
            skill.set_dishes(day, meal, dishes)
        stored += bool(meals)
    print(f"Kept {stored} days from {args.source} ({min(days)} to {max(days)}).")
    return 0


def export_file(args: argparse.Namespace, assistant: Assistant) -> int:
    skill = _skill(assistant)
    days = skill.store.teacher_days()
    document = {"days": {day.isoformat(): meals for day, meals in sorted(days.items())}}
    text = ("# Dishes the teachers set for single days (assistant menu export).\n"
            "# Read back with: assistant menu import-file FILE\n"
            + yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100))
    try:
        args.file.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise AssistantError(f"cannot write the file ({exc.strerror})", args.file) from None
    print(f"Wrote {len(days)} days to {args.file}.")
    return 0


def import_file(args: argparse.Namespace, assistant: Assistant) -> int:
    skill = _skill(assistant)
    if not args.file.exists():
        raise AssistantError("no such file", args.file)
    plan = parse_plan(read_plan_file(args.file), allow_week=False)
    for day, meals in sorted(plan.days.items()):
        for meal, dishes in meals.items():
            skill.set_dishes(day, meal, dishes)
    print(f"Read {len(plan.days)} days from {args.file}.")
    return 0


def _skill(assistant: Assistant) -> MenuSkill:
    skill = assistant.registry.skill("menu")
    if skill is None:
        raise AssistantError("the menu skill is not installed")
    return skill  # type: ignore[return-value]


def _now(args: argparse.Namespace, assistant: Assistant) -> dt.datetime:
    now = getattr(args, "now", None)
    return assistant.localize(now) if now else assistant.now()


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date like 2026-02-13") from None
