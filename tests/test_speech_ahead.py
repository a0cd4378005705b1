"""Likely answers are spoken ahead of time after a refresh, so a child's answer is already on disk."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest

from assistant.core import Assistant, Query
from assistant.refresh import BackgroundRefresher, refresh_if_needed
from assistant.skills import Skill
from assistant.speech import service_for
from assistant.speech.ahead import after_refresh, day_intents, likely_speech, speak_ahead
from tests.fixtures.speech.voices import preschool

NOW = dt.datetime(2026, 2, 3, 9, 15, tzinfo=dt.timezone(dt.timedelta(hours=1)))


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Assistant:
    """An assistant of its own, with an empty speech cache."""
    return Assistant.from_config_dir(preschool(tmp_path_factory.mktemp("ahead") / "config"))


def test_day_dependent_intents_come_from_the_language_data(fresh: Assistant) -> None:
    intents = day_intents(fresh, "en")
    assert "date" in intents and "menu" in intents
    # Questions that never name a day are not made ahead: their answers do not change with it.
    assert "time" not in intents and "greet" not in intents


def test_after_a_refresh_todays_and_tomorrows_answers_are_already_spoken(fresh: Assistant) -> None:
    service = service_for(fresh)
    questions = [("what's for lunch tomorrow", "en"), ("what day is it today", "en"),
                 ("vad blir det för mat idag", "sv"), ("vilken dag är det imorgon", "sv")]
    replies = [fresh.handle(Query(text, lang, f"ahead-{i}", NOW)) for i, (text, lang) in enumerate(questions)]
    assert not any(service.is_cached(r.speech, r.lang) for r in replies)
    after_refresh(fresh)(list(fresh.registry.skills), NOW)
    for reply in replies:
        assert service.is_cached(reply.speech, reply.lang), reply.speech
    # Every wording a child may hear is there, not just one of them.
    for text, lang in questions:
        for i in range(4):
            again = fresh.handle(Query(text, lang, f"again-{i}", NOW))
            assert service.is_cached(again.speech, again.lang), again.speech
    assert speak_ahead(fresh, service, NOW) == 0  # a second round makes nothing new


def test_likely_speech_covers_every_language_and_both_days(fresh: Assistant) -> None:
    spoken = likely_speech(fresh, NOW)
    languages = {lang for lang, _ in spoken}
    assert languages == set(fresh.config.languages)
    texts = " ".join(text for _, text in spoken)
    assert "3 February" in texts and "4 February" in texts


class Counting(Skill):
    """A skill that fetches something every time it is asked to."""

    name = "counting"
    refresh_interval = 0.01

    def __init__(self, fail: bool = False):
        self.fail = fail
        self.refreshed = 0

    def refresh(self, now: dt.datetime) -> None:
        if self.fail:
            raise OSError("no network")
        self.refreshed += 1

    def needs_refresh(self, now: dt.datetime) -> bool:
        return True


def test_refresh_if_needed_tells_listeners_which_skills_got_new_data() -> None:
    good, broken = Counting(), Counting(fail=True)
    told: list[list[str]] = []

    def broken_listener(skills, now):
        raise RuntimeError("a listener's own bug")

    refresh_if_needed([good, broken], NOW, [broken_listener, lambda skills, now: told.append(
        [s.name for s in skills])])
    assert good.refreshed == 1 and told == [["counting"]]
    refresh_if_needed([broken], NOW, [lambda skills, now: told.append(["never"])])
    assert told == [["counting"]]


def test_the_background_refresher_tells_listeners_after_each_round() -> None:
    skill = Counting()
    rounds = threading.Event()
    refresher = BackgroundRefresher([skill], lambda: NOW, tick=0.01,
                                    on_refreshed=[lambda skills, now: rounds.set()])
    refresher.start()
    try:
        assert rounds.wait(5)
    finally:
        refresher.stop()
    assert skill.refreshed >= 1


def test_the_cache_folder_is_under_the_config_folders_var(fresh: Assistant) -> None:
    service = service_for(fresh)
    assert service is service_for(fresh)
    store = Path(fresh.registry.skills[0].context.store.path)
    assert service.cache.folder == store.parent / "speech"
