"""Piper's English voice `joe` (the `piper` extra, installed by the test set-up): chosen by
`tts: auto` for English, eSpeak NG for the rest, the teachers' rate heard, and clear enough that
Whisper writes back what it said."""

from __future__ import annotations

from pathlib import Path

from assistant.config import load_config
from assistant.core import Assistant
from assistant.nlu.normalize import Normalizer
from assistant.speech import SpeechService
from assistant.speech.audio import read_wav
from tests.fixtures.speech.voices import preschool

ANSWER = "Today it's fish balls with potatoes."


def service(folder: Path, **voice) -> SpeechService:
    config_dir = preschool(folder, voice=voice)
    return SpeechService(load_config(config_dir), config_dir)


def test_auto_speaks_english_with_joe_and_the_rest_with_espeak(tmp_path: Path) -> None:
    auto = service(tmp_path / "auto")
    english = auto.say(ANSWER, "en")
    assert english.engine == "piper" and english.path
    clip = read_wav(english.path.read_bytes())
    assert clip.rate == 22050 and 1.5 < clip.seconds < 6
    assert auto.say("Idag blir det fiskbullar.", "sv").engine == "espeak"
    assert any(v.startswith("piper (en_US-joe-medium") for v in auto.voices("en"))


def test_a_slower_rate_is_slower_piper_speech_with_its_own_audio(tmp_path: Path) -> None:
    calm = service(tmp_path / "calm", rate=110).say(ANSWER, "en")
    brisk = service(tmp_path / "brisk", rate=200).say(ANSWER, "en")
    assert calm.id != brisk.id
    assert read_wav(calm.path.read_bytes()).seconds > 1.3 * read_wav(brisk.path.read_bytes()).seconds


def test_joe_is_heard_back_word_for_word(tmp_path: Path, assistant: Assistant) -> None:
    config_dir = preschool(tmp_path / "auto")
    auto = SpeechService(load_config(config_dir), config_dir, assistant.languages)
    spoken = read_wav(auto.say(ANSWER, "en").path.read_bytes())
    heard = auto.recognition.recognizer("en")
    # The closed domain would snap the answer to a question; the open reading is what counts here.
    readings = [Normalizer.basic(h.text) for h in heard.readings(spoken)]
    assert Normalizer.basic(ANSWER) in readings, readings


def test_in_a_voice_worker_joe_speaks_and_a_crashed_worker_costs_one_sentence(tmp_path: Path) -> None:
    """The web server's way: Piper in a process of its own. Its death is answered by eSpeak NG for
    that sentence, and a new worker speaks the next one."""
    import os
    import signal

    auto = service(tmp_path / "worker")
    worker = auto.use_voice_worker()
    try:
        first = auto.say(ANSWER, "en")
        assert first.engine == "piper" and read_wav(first.path.read_bytes()).rate == 22050
        # The worker dies mid-sentence (as a native crash would end it).
        pid = worker._pool.submit(os.getpid).result()
        assert pid != os.getpid()
        os.kill(pid, signal.SIGKILL)
        second = auto.say("We go out after lunch.", "en")
        assert second.engine == "espeak" and second.path
        third = auto.say("Tomorrow it's pancakes.", "en")
        assert third.engine == "piper"
        assert worker._pool.submit(os.getpid).result() not in (pid, os.getpid())
    finally:
        worker.close()


def test_a_stuck_voice_worker_is_replaced_and_espeak_says_the_sentence(tmp_path: Path, monkeypatch) -> None:
    """A voice that takes longer than its deadline: eSpeak NG says the sentence at once after it,
    and the next sentence gets a fresh worker (not a queue behind the stuck one)."""
    import os

    from assistant.speech import tts

    auto = service(tmp_path / "stuck")
    worker = auto.use_voice_worker()
    try:
        assert auto.say(ANSWER, "en").engine == "piper"
        stuck = worker._pool.submit(os.getpid).result()
        monkeypatch.setattr(tts, "PIPER_SECONDS", 0.01)   # no voice answers that fast
        assert auto.say("We go out after lunch.", "en").engine == "espeak"
        monkeypatch.setattr(tts, "PIPER_SECONDS", 30.0)
        assert auto.say("Tomorrow it's pancakes.", "en").engine == "piper"
        assert worker._pool.submit(os.getpid).result() != stuck
    finally:
        worker.close()
