"""Speaking likely answers ahead of time, so a child's answer is usually already on disk.

After a refresh (a new menu, a new forecast) the answers to "what's for lunch today / tomorrow"
and the like are made before anyone asks. Which questions are likely is read from the language
data, not from knowledge of any skill: an intent whose examples often name a day ("... today",
"... tomorrow") has answers that change with the day.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from assistant.skills import Say, Skill

if TYPE_CHECKING:
    from assistant.core import Assistant
    from assistant.speech import SpeechService

log = logging.getLogger(__name__)
DAYS = ("today", "tomorrow")
DAY_SHARE = 0.15
"""An intent is day-dependent when at least this share of its examples names a day."""
MAX_VARIANTS = 12
"""At most this many wordings of one answer are made (responses have a few variants each)."""


def day_intents(assistant: Assistant, lang: str) -> list[str]:
    """Intents some skill answers whose questions often name a day."""
    counts: dict[str, list[int]] = {}
    for example in assistant.languages[lang].examples:
        total_and_days = counts.setdefault(example.intent, [0, 0])
        total_and_days[0] += 1
        total_and_days[1] += any(span.entity == "day" for span in example.entities)
    return sorted(intent for intent, (total, days) in counts.items()
                  if intent in assistant.registry.by_intent and days >= DAY_SHARE * total)


def likely_speech(assistant: Assistant, now: dt.datetime) -> list[tuple[str, str]]:
    """(language, spoken text) of every wording of the likely answers for today and tomorrow."""
    found: dict[tuple[str, str], None] = {}
    for lang in assistant.config.languages:
        for intent in day_intents(assistant, lang):
            skill = assistant.registry.for_intent(intent)
            for day in DAYS:
                request = assistant.request(intent, {"day": day}, lang, now)
                try:
                    answer = skill.handle(request)
                    spoken = _wordings(assistant, answer.says, lang)
                except Exception:  # a skill without data yet: its answer is made when asked
                    log.debug("no answer ahead for %s/%s", intent, day, exc_info=True)
                    continue
                for text in spoken:
                    found[(lang, text)] = None
    return list(found)


def speak_ahead(assistant: Assistant, service: SpeechService, now: dt.datetime) -> int:
    """Make the likely answers' audio now; returns how many were new."""
    made = 0
    for lang, text in likely_speech(assistant, now):
        audio = service.say(text, lang)
        made += bool(audio.id and not audio.cached)
    if made:
        log.info("spoke %d likely answers ahead of time", made)
    return made


def after_refresh(assistant: Assistant) -> Callable[[list[Skill], dt.datetime], None]:
    """A callback for the refresher (`on_refreshed`): speak the likely answers after new data came."""
    from assistant.speech import service_for

    def refreshed(skills: list[Skill], now: dt.datetime) -> None:
        try:
            speak_ahead(assistant, service_for(assistant), now)
        except Exception:  # ahead of time is a bonus; a child's question still gets its answer
            log.exception("speaking answers ahead of time failed")

    return refreshed


def _wordings(assistant: Assistant, says: list[Say], lang: str) -> list[str]:
    """Every way the answer may be spoken (responses pick a variant at random)."""
    per_say = [_say_wordings(assistant, say, lang, top=True) for say in says]
    combined = itertools.islice(itertools.product(*per_say), MAX_VARIANTS)
    return [" ".join(" ".join(parts).split()) for parts in combined]


def _say_wordings(assistant: Assistant, say: Say, lang: str, top: bool) -> list[str]:
    # The same values core.Assistant gives a response: the preschool's names, the skill's values,
    # and nested response keys rendered as shown text.
    preschool = assistant.config.preschool
    values: dict[str, Any] = {"assistant_name": preschool.assistant_name,
                              "preschool_name": preschool.name, **say.values}
    nested = {name: _say_wordings(assistant, value, lang, top=False)
              for name, value in values.items() if isinstance(value, Say)}
    _, variants = assistant.responses.variants(say.key, lang)
    out: list[str] = []
    for variant in variants:
        template = (variant.speech or variant.text) if top else variant.text
        for choice in itertools.product(*nested.values()):
            filled = template.format_map({**values, **dict(zip(nested, choice, strict=True))})
            out.append(_capitalize(filled) if top else filled)
            if len(out) >= MAX_VARIANTS:
                return out
    return out


def _capitalize(text: str) -> str:
    stripped = text.lstrip()
    return stripped[:1].upper() + stripped[1:]
