"""Conversations: follow-ups, repeats, safety first, friendly "I don't know", sessions that expire."""

from __future__ import annotations

import datetime as dt

from assistant.core import Assistant, Query

TUESDAY = dt.datetime(2026, 2, 3, 9, 15)


def ask(assistant: Assistant, text: str, session: str, lang: str = "sv", now=TUESDAY):
    return assistant.handle(Query(text, lang, session, now))


def test_follow_up_reuses_the_last_intent_with_the_new_day(assistant, session_id) -> None:
    first = ask(assistant, "vilken dag är det idag", session_id)
    assert first.intent == "date" and "tisdag" in first.text
    follow = ask(assistant, "och imorgon?", session_id)
    assert follow.intent == "date" and "onsdag den 4 februari" in follow.text


def test_follow_up_in_english(assistant, session_id) -> None:
    ask(assistant, "what day is it today", session_id, "en")
    follow = ask(assistant, "and tomorrow?", session_id, "en")
    assert follow.intent == "date" and "Wednesday 4 February" in follow.text


def test_follow_up_without_context_is_not_guessed(assistant, session_id) -> None:
    reply = ask(assistant, "och imorgon?", session_id)
    assert reply.intent == "out_of_scope" and reply.skill == "social"


def test_repeat_says_the_last_reply_again(assistant, session_id) -> None:
    said = ask(assistant, "vad är klockan", session_id)
    again = ask(assistant, "vad sa du?", session_id)
    assert again.text == said.text and again.intent == "repeat"


def test_repeat_with_nothing_said_yet(assistant, session_id) -> None:
    reply = ask(assistant, "what did you say", session_id, "en")
    assert reply.intent == "repeat" and reply.text
    assert reply.skill == "social"


def test_distress_comes_first_and_sends_to_a_grown_up(assistant, session_id) -> None:
    for text in ("jag har ont i magen", "någon slog mig", "vad är klockan jag har ramlat och blöder"):
        reply = ask(assistant, text, session_id)
        assert reply.intent == "distress", text
        assert reply.card and reply.card["items"][0]["picture"]
    reply = ask(assistant, "somebody hit me", session_id, "en")
    assert reply.intent == "distress"


def test_out_of_scope_is_friendly_and_suggests_something(assistant, session_id) -> None:
    reply = ask(assistant, "kan du sjunga en sång om en elefant", session_id)
    assert reply.intent == "out_of_scope" and reply.skill == "social"
    suggestions = [item for item in reply.card["items"] if item.get("value")]
    assert len(suggestions) == 1
    assert assistant.registry.for_intent(suggestions[0]["value"]) is not None
    assert suggestions[0]["label"] in reply.text


def test_an_intent_without_a_skill_says_it_is_not_set_up(config_dir, session_id) -> None:
    from assistant.skills import Registry

    without_menu = Assistant.from_config_dir(config_dir)
    without_menu.registry = Registry([s for s in without_menu.registry.skills if s.name != "menu"])
    reply = ask(without_menu, "vad blir det för mat idag", session_id)
    expected = {v.text for v in without_menu.responses.variants("not_set_up", "sv")[1]}
    assert reply.intent == "menu" and reply.skill is None and reply.text in expected
    suggestion = ask(without_menu, "kan du dansa", session_id).card["items"][-1]
    assert suggestion["value"] != "menu"


def test_sessions_expire_after_idle_minutes(assistant, session_id, monkeypatch) -> None:
    ask(assistant, "vilken dag är det idag", session_id)
    idle = (assistant.config.dialogue.session_minutes + 1) * 60
    real = assistant.sessions.clock()
    # Expiry goes by the machine's own clock, whatever clock the questions carry.
    monkeypatch.setattr(assistant.sessions, "clock", lambda: real + idle)
    reply = ask(assistant, "och imorgon?", session_id)
    assert reply.intent == "out_of_scope"


def test_sessions_dated_in_the_future_are_still_forgotten() -> None:
    from assistant.dialogue import Sessions

    ticks = [1000.0]
    sessions = Sessions(3, limit=50, clock=lambda: ticks[0])
    future = dt.datetime(2099, 1, 1, 9, 0)
    for n in range(200):   # any client may send any clock
        sessions.get(f"client-{n}", future + dt.timedelta(days=n))
    assert len(sessions) == 50   # never more than the limit
    ticks[0] += 4 * 60
    sessions.get("now", TUESDAY)
    assert len(sessions) == 1   # idle by the machine's clock: gone, however far ahead they were dated


def test_sessions_are_kept_apart(assistant, session_id) -> None:
    ask(assistant, "vilken dag är det idag", session_id)
    reply = ask(assistant, "och imorgon?", session_id + "-other")
    assert reply.intent == "out_of_scope"


def test_variants_never_repeat_twice_in_a_row(assistant, session_id) -> None:
    texts = [ask(assistant, "hej", session_id).text for _ in range(12)]
    assert all(a != b for a, b in zip(texts, texts[1:], strict=False))
    assert len(set(texts)) >= 2


def test_unknown_language_falls_back_to_the_default(assistant, session_id) -> None:
    reply = ask(assistant, "vad är klockan", session_id, lang="xx")
    assert reply.lang == "sv" and "kvart över nio" in reply.text
