"""Whisper (the `whisper` extra, installed by the test set-up) hears Swedish and English questions
said by eSpeak NG, and what it writes down is trusted only as far as it resembles a question of the
language: a clip of noise, or a reading made of repetition, is heard as nothing."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.core import Assistant
from assistant.nlu.normalize import Normalizer
from assistant.speech import service_for
from assistant.speech.audio import RATE, Clip, read_wav
from assistant.speech.closed import Domain, Hypothesis, looks_made_up
from assistant.speech.turn import answer_clip
from tests.fixtures.speech.voices import espeak_wav


@pytest.fixture(scope="module")
def hear(assistant: Assistant):
    service = service_for(assistant)

    def heard(text: str, lang: str, voice: str | None = None) -> str:
        return service.transcribe(read_wav(espeak_wav(text, voice or lang)), lang)

    return heard


def test_auto_listens_with_whisper_in_swedish_and_english(assistant: Assistant) -> None:
    service = service_for(assistant)
    assert service.recognition.listener("sv").engine == "whisper"
    assert service.recognition.listener("en").engine == "whisper"
    assert service.can_hear("sv") and service.can_hear("ar")


@pytest.mark.parametrize(("lang", "voice", "question", "intent"), [
    ("sv", "sv", "vad blir det för mat idag", "menu"),
    ("sv", "sv", "vilken dag är det idag", "date"),
    ("en", "en-us", "what's for lunch today", "menu"),
    ("en", "en-us", "do i need my hat", "clothing"),
])
def test_whisper_hears_a_question_and_the_assistant_understands_it(
        assistant: Assistant, hear, lang: str, voice: str, question: str, intent: str) -> None:
    transcript = hear(question, lang, voice)
    assert transcript, "nothing heard"
    assert assistant.parse(Normalizer.basic(transcript), lang).intent == intent, transcript


def test_noise_is_heard_as_nothing_and_never_as_distress(assistant: Assistant, session_id: str) -> None:
    rng = np.random.default_rng(7)
    hiss = Clip((rng.normal(0, 2000, RATE * 2)).astype(np.int16), RATE)
    hum = Clip((np.sin(np.arange(RATE * 2) * 2 * np.pi * 100 / RATE) * 6000).astype(np.int16), RATE)
    for clip in (hiss, hum):
        heard = answer_clip(assistant, clip, "sv", session_id)
        assert heard.reply.intent != "distress", heard.transcript
        assert heard.reply.skill is None, heard.transcript


def test_a_reading_is_trusted_only_as_far_as_it_resembles_a_question() -> None:
    domain = Domain(["vad blir det för mat idag", "vilken dag är det", "jag har ont i magen"])
    close = domain.heard([Hypothesis("Vad blir det för mat i dag?"), Hypothesis("bla bla")])
    assert Normalizer.basic(close.text) == "vad blir det för mat i dag" and close.similarity >= domain.enough
    assert close.nearest == "vad blir det för mat idag"
    assert domain.heard([Hypothesis("undertexter från amara org")]).why_not == "no_match"
    assert domain.heard([Hypothesis("")]).why_not == "silence"
    made_up = Hypothesis("hej hej hej hej hej hej")
    assert looks_made_up(made_up) and domain.heard([made_up]).why_not == "hallucination"
    assert looks_made_up(Hypothesis("vad blir det för mat idag", no_speech=0.9))
    assert not looks_made_up(Hypothesis("aj aj aj aj"))  # a child's own cry stays


def test_a_long_question_in_the_childs_own_words_is_heard_by_its_words() -> None:
    domain = Domain(["they keep calling me stupid", "he made me cry", "what's for lunch today",
                     "is it fish again", "he called me names and pushed me"])
    own_words = domain.heard([Hypothesis("They called me stupid and it made me cry.")])
    assert own_words.text and own_words.similarity >= domain.enough
    for invention in ("1.3.7.12", "subtitles by the amara org community", "please subscribe to my channel"):
        assert domain.heard([Hypothesis(invention)]).why_not == "no_match", invention
