"""Time as a child hears it, dates, and public holidays, in every language we ship."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.core import Query
from assistant.days import resolve_day
from skills.calendar import clock_words


def say_time(assistant, hour: int, minute: int, lang: str) -> str:
    now = dt.datetime(2026, 2, 3, hour, minute)
    return assistant.handle(Query("", lang, f"t{hour}{minute}{lang}", now, intent="time")).text


@pytest.mark.parametrize(
    ("hour", "minute", "sv", "en"),
    [
        (9, 15, "kvart över nio", "quarter past nine"),
        (9, 0, "nio", "nine o'clock"),
        (14, 30, "halv tre", "half past two"),
        (14, 25, "fem i halv tre", "twenty-five past two"),
        (11, 45, "kvart i tolv", "quarter to twelve"),
        (12, 58, "ett", "one o'clock"),
        (23, 59, "tolv", "twelve o'clock"),
        (0, 10, "tio över tolv", "ten past twelve"),
    ],
)
def test_time_in_words(assistant, hour, minute, sv, en) -> None:
    assert sv in say_time(assistant, hour, minute, "sv")
    assert en in say_time(assistant, hour, minute, "en")


def test_every_five_minutes_has_words_in_every_language(assistant) -> None:
    for lang in assistant.nlu.languages:
        for minute in range(0, 60, 5):
            text = say_time(assistant, 10, minute, lang)
            assert "{" not in text and "}" not in text and text.rstrip()[-1] in ".!؟?", (lang, minute, text)


def test_clock_words_round_to_five_minutes() -> None:
    assert clock_words(dt.time(9, 13)).key == "clock_15"
    assert clock_words(dt.time(9, 12)).key == "clock_10"
    say = clock_words(dt.time(9, 58))
    assert say.key == "clock_00" and say.values["hour"].key == "hour_10"


def test_named_weekdays_resolve_to_the_next_one() -> None:
    tuesday = dt.date(2026, 2, 3)
    assert resolve_day("friday", tuesday) == dt.date(2026, 2, 6)
    assert resolve_day("tuesday", tuesday) == tuesday
    assert resolve_day("monday", tuesday) == dt.date(2026, 2, 9)
    assert resolve_day("yesterday", tuesday) == dt.date(2026, 2, 2)


def test_a_public_holiday_is_named(assistant) -> None:
    christmas = dt.datetime(2026, 12, 25, 9, 0)
    reply = assistant.handle(Query("vilken dag är det idag", "sv", "xmas-sv", christmas))
    assert "fredag den 25 december" in reply.text and "Juldagen" in reply.text
    assert reply.card["holiday"] == "Juldagen"
    reply = assistant.handle(Query("what day is it tomorrow", "en", "xmas-en",
                                   dt.datetime(2026, 12, 23, 9, 0)))
    assert "Christmas Eve" in reply.text
    ordinary = assistant.handle(Query("vilken dag är det", "sv", "ord", dt.datetime(2026, 2, 3)))
    assert ordinary.card["holiday"] is None


def test_date_card_shows_the_day(assistant) -> None:
    reply = assistant.handle(Query("vilken dag är det på fredag", "sv", "fri", dt.datetime(2026, 2, 3)))
    assert reply.card["date"] == "2026-02-06" and "6 februari" in reply.text
