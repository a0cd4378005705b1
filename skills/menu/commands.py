"""`assistant menu ...`: show, set, import from a source, export and import a YAML backup."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from assistant.errors import AssistantError
from assistant.locales import LocaleFormat
from assistant.skills import Command, SkillContext
from skills.menu.plan import parse_dishes, parse_plan, read_plan_file
from skills.menu.providers import PROVIDERS
from skills.menu.store import MEALS

if TYPE_CHECKING:
    from skills.menu import MenuSkill


def commands() -> list[Command]:
    """`assistant menu show|set|import|export|import-file`."""
    return [
        Command("show", "today's menu (or the week's) and how a child hears it", show_menu,
                lambda p: p.add_argument("--week", action="store_true", help="Monday to Sunday of this week"),
                needs_words=True),
        Command("set", "set a meal's dishes for one day (an empty text removes them)", set_menu,
                _set_arguments),
        Command("import", "fetch two weeks from a menu source and keep them as the teachers' own dishes",
                import_source, _import_arguments),
        Command("export", "write the teachers' dated dishes to a YAML file (backup)", export_file,
                lambda p: p.add_argument("file", type=Path)),
        Command("import-file", "read dated dishes from a YAML file (as `export` writes)", import_file,
                lambda p: p.add_argument("file", type=Path)),
    ]


def _set_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("date", type=_date, help="the day, e.g. 2026-02-13")
    parser.add_argument("meal", choices=MEALS)
    parser.add_argument("dishes", help='dishes with ";" between them, e.g. '
                                       '"Fiskbullar med potatis; Vegobullar med potatis"')


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", choices=sorted(PROVIDERS))
    parser.add_argument("id", help="the school's id at the source")
    parser.add_argument("--base-url", help="the source's address when not the usual one")


def show_menu(context: SkillContext, args: argparse.Namespace) -> int:
    skill = _skill(context)
    now = _now(args, context)
    if skill.needs_refresh(now):  # only the menu: this command shows nothing else
        skill.refresh(now)
    lang = args.lang if args.lang in context.config.languages else context.config.default_language
    words = context.words(lang)
    formats = LocaleFormat(lang, context.config.locales, words)
    names, grammar = skill.food_names(lang, words), skill.food_grammar(words)
    days = skill.week(now.date()) if args.week else {now.date(): skill.day_meals(now.date())[0]}
    for day, meals in days.items():
        print(f"{day.isoformat()} {formats.weekday(day)}")
        if not meals:
            print("  -")
        for meal in MEALS:
            if meal in meals:
                said = " | ".join(d.said for d in skill.answers.dishes(meals[meal], names, grammar)) or "-"
                print(f"  {meal}: {'; '.join(meals[meal]) or '-'}")
                print(f"  {' ' * len(meal)}  → {said}")
    return 0


def set_menu(context: SkillContext, args: argparse.Namespace) -> int:
    skill = _skill(context)
    dishes = parse_dishes(args.dishes)
    skill.set_dishes(args.date, args.meal, dishes)
    shown = "; ".join(dishes) if dishes else "(removed: the plan or the source applies again)"
    print(f"{args.date.isoformat()} {args.meal}: {shown}")
    return 0


def import_source(context: SkillContext, args: argparse.Namespace) -> int:
    skill = _skill(context)
    now = _now(args, context)
    days = skill.fetch(args.source, args.id, args.base_url, now)
    skill.save({(day, meal): dishes for day, meals in days.items() for meal, dishes in meals.items()})
    stored = sum(1 for meals in days.values() if meals)
    print(f"Kept {stored} days from {args.source} ({min(days)} to {max(days)}).")
    return 0


def export_file(context: SkillContext, args: argparse.Namespace) -> int:
    skill = _skill(context)
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


def import_file(context: SkillContext, args: argparse.Namespace) -> int:
    skill = _skill(context)
    if not args.file.exists():
        raise AssistantError("no such file", args.file)
    plan = parse_plan(read_plan_file(args.file), allow_week=False)
    skill.save({(day, meal): dishes for day, meals in plan.days.items() for meal, dishes in meals.items()})
    print(f"Read {len(plan.days)} days from {args.file}.")
    return 0


def _skill(context: SkillContext) -> MenuSkill:
    from skills.menu import MenuSkill

    return MenuSkill(context)


def _now(args: argparse.Namespace, context: SkillContext) -> dt.datetime:
    now = getattr(args, "now", None)
    if now is None:
        return context.now()
    return now.replace(tzinfo=context.tz) if now.tzinfo is None else now.astimezone(context.tz)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date like 2026-02-13") from None
