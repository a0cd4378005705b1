"""`assistant clothing show`: what to wear for the next outdoor period, and why."""

from __future__ import annotations

import argparse

from assistant.forecast import next_outdoor_period
from assistant.skills import Answer, Say, SkillContext


def show(context: SkillContext, args: argparse.Namespace) -> int:
    """Print the advice from the forecast the engine keeps (fetched by a skill that provides it)."""
    from skills.clothing import ClothingSkill

    skill = ClothingSkill(context)
    config = context.config
    now = args.now or context.now()
    now = now.replace(tzinfo=context.tz) if now.tzinfo is None else now.astimezone(context.tz)
    lang = args.lang if args.lang in config.languages else config.default_language
    period = next_outdoor_period(config, now)
    if period is None:
        print("No outdoor hours in the coming week (outdoor_hours in assistant.yml).")
        return 1
    garments = skill.advice(now)
    when = f"{period.start:%a %H:%M}–{period.end:%H:%M}"
    if not garments:
        print(f"What to wear for the next outdoor period ({when}): no advice (no current forecast)")
        return 1
    names = [context.render(Answer([Say(f"garment_{g}")]), lang, sentence=False)[0] for g in garments]
    print(f"What to wear for the next outdoor period ({when}, {skill.condition(now)}): {', '.join(names)}")
    return 0
