"""Speech output: eSpeak NG for real, the disk cache, and gTTS falling back when there is no network."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.config import load_config
from assistant.speech import SpeechService, espeak
from assistant.speech.audio import read_wav
from assistant.speech.tts import Espeak
from tests.fixtures.speech.voices import BlackHole, preschool

ROOT = Path(__file__).resolve().parent.parent
ANSWER = "Today it's fish balls with potatoes."


def service(folder: Path, **voice) -> SpeechService:
    """A speech service with eSpeak NG unless `tts` says otherwise (auto would pick Piper for
    English where the piper extra is installed: tests/test_speech_piper.py)."""
    config_dir = preschool(folder, voice={"tts": "espeak", **voice})
    return SpeechService(load_config(config_dir), config_dir)


@pytest.fixture
def espeak_service(tmp_path: Path) -> SpeechService:
    return service(tmp_path / "preschool")


def test_espeak_speaks_an_answer_into_the_cache(espeak_service: SpeechService) -> None:
    audio = espeak_service.say(ANSWER, "en")
    assert audio.id and audio.reason is None and audio.engine == "espeak" and not audio.cached
    assert audio.path.parent == espeak_service.config_dir / "var" / "speech"
    clip = read_wav(audio.path.read_bytes())
    assert clip.rate == 22050 and 1.5 < clip.seconds < 6
    assert abs(clip.samples.astype(float)).mean() > 200  # sound, not silence
    assert audio.url == f"/api/speech/{audio.id}"
    assert audio.to_json() == {"url": audio.url, "reason": None, "problem": None}


def test_the_second_time_comes_from_the_cache(espeak_service: SpeechService) -> None:
    first = espeak_service.say(ANSWER, "en")
    again = espeak_service.say("  Today it's fish balls   with potatoes. ", "en")
    assert again.cached and again.id == first.id and again.path == first.path
    assert espeak_service.is_cached(ANSWER, "en") and not espeak_service.is_cached(ANSWER, "sv")
    assert espeak_service.audio_path(first.id) == first.path


def test_the_cache_key_covers_engine_voice_language_and_text(tmp_path: Path) -> None:
    slow = service(tmp_path / "a", rate=120)
    british = service(tmp_path / "b", voices={"en": "en-gb"})
    american = service(tmp_path / "c", voices={"en": "en-us"})
    ids = {s.say(ANSWER, "en").id for s in (slow, british, american)}
    ids |= {american.say(ANSWER.replace("fish", "meat"), "en").id, american.say(ANSWER, "sv").id}
    assert len(ids) == 5


def test_swedish_is_spoken_calmly_and_slower_than_espeaks_default(tmp_path: Path) -> None:
    calm = service(tmp_path / "calm").say("Idag blir det fiskbullar med potatis.", "sv")
    brisk = service(tmp_path / "brisk", rate=175).say("Idag blir det fiskbullar med potatis.", "sv")
    assert calm.engine == "espeak"
    calm_seconds = read_wav(calm.path.read_bytes()).seconds
    assert calm_seconds > 1.15 * read_wav(brisk.path.read_bytes()).seconds


def test_a_language_no_engine_speaks_gets_a_reason_and_no_audio(espeak_service: SpeechService) -> None:
    audio = espeak_service.say("Maanta waxaa jira kalluun.", "so")
    assert audio.id is None and audio.path is None and audio.url is None
    assert audio.problem == "no_voice" and audio.reason == "eSpeak NG has no voice for Somali (so)"
    assert audio.to_json() == {"url": None, "reason": audio.reason, "problem": "no_voice"}
    assert not (espeak_service.config_dir / "var" / "speech").exists() or not any(
        (espeak_service.config_dir / "var" / "speech").iterdir())


def test_nothing_to_say_and_speech_switched_off(tmp_path: Path) -> None:
    assert service(tmp_path / "a").say("  ", "en").reason == "nothing to say"
    off = service(tmp_path / "b", tts="off").say(ANSWER, "en")
    assert off.path is None and off.problem == "off" and "voice.tts: off" in off.reason


def test_espeak_speaks_in_process_from_the_wheel(espeak_service: SpeechService) -> None:
    """The default voice needs no program: eSpeak NG's library from the espeakng-loader wheel."""
    engine = espeak_service.engines[0]
    assert engine.engine is espeak.library() and engine.engine.name == "library"
    assert espeak_service.voices("sv") == [f"espeak (sv, eSpeak NG {engine.engine.version} library)"]


def test_the_espeak_program_is_the_fallback_with_the_same_voice_and_key(tmp_path: Path) -> None:
    settings = load_config(preschool(tmp_path / "p")).voice
    by_library, by_program = Espeak(settings, espeak.library()), Espeak(settings, espeak.program())
    assert by_program.engine is not None and by_program.engine.name == "program"
    # Audio cached by either keeps its key: the voice string does not name the backend.
    assert by_library.voice("sv") == by_program.voice("sv") == "sv+s140+p50"
    text = "Idag blir det fiskbullar med potatis."
    library_seconds = read_wav(by_library.synthesize(text, "sv")).seconds
    program_seconds = read_wav(by_program.synthesize(text, "sv")).seconds
    assert library_seconds > 1.5 and abs(library_seconds - program_seconds) < 0.25 * library_seconds
    assert by_program.unavailable("so").code == "no_voice"


def test_without_any_espeak_the_reason_says_it_is_not_installed(tmp_path: Path) -> None:
    settings = load_config(preschool(tmp_path / "p")).voice
    missing = Espeak(settings, None)
    assert missing.voice("sv") is None
    problem = missing.unavailable("sv")
    assert problem.code == "no_engine" and "not installed" in problem.reason
    assert "pip install espeakng-loader" in problem.reason


def test_an_engine_that_fails_says_so(tmp_path: Path) -> None:
    """A real espeak-ng program that knows its voices but crashes when it speaks."""
    broken = tmp_path / "espeak-ng"
    broken.write_text('#!/bin/sh\ncase "$1" in --version) echo "eSpeak NG text-to-speech: 9.9";;\n'
                      '--voices=*) echo header; echo " 5  sv  M  swedish  gmq/sv";;\n'
                      '*) echo "segmentation fault" >&2; exit 139;; esac\n')
    broken.chmod(0o755)
    config_dir = preschool(tmp_path / "p")
    speech = SpeechService(load_config(config_dir), config_dir)
    speech.engines = [Espeak(speech.config.voice, espeak.Program(str(broken)))]
    audio = speech.say("Hej!", "sv")
    assert audio.path is None and audio.problem == "engine_failed"
    assert audio.reason.startswith("espeak failed") and "segmentation fault" in audio.reason


def test_audio_path_refuses_unknown_and_malformed_ids(espeak_service: SpeechService) -> None:
    espeak_service.say(ANSWER, "en")
    assert espeak_service.audio_path("0" * 32) is None
    assert espeak_service.audio_path("../assistant.yml") is None
    assert espeak_service.audio_path("../../etc/passwd") is None


def test_a_text_starting_with_a_dash_is_spoken_not_read_as_an_option(espeak_service: SpeechService) -> None:
    audio = espeak_service.say("--help me", "en")
    assert audio.path and read_wav(audio.path.read_bytes()).seconds > 0.3


def test_gtts_without_network_falls_back_to_espeak_within_the_timeout(tmp_path: Path, monkeypatch) -> None:
    hole = BlackHole()  # accepts the connection and never answers: the worst kind of no network
    monkeypatch.setenv("HTTPS_PROXY", hole.url)
    monkeypatch.setenv("https_proxy", hole.url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    cloud = service(tmp_path / "p", tts="gtts", timeout_seconds=1)
    try:
        started = time.monotonic()
        audio = cloud.say(ANSWER, "en")
        took = time.monotonic() - started
        # The cloud voice is now resting: the next new answer does not wait again.
        started = time.monotonic()
        second = cloud.say("Tomorrow it's pancakes.", "en")
        second_took = time.monotonic() - started
    finally:
        hole.close()
    assert audio.engine == "espeak" and audio.path and read_wav(audio.path.read_bytes()).seconds > 1
    assert 0.9 <= took < 3, took
    assert second.engine == "espeak" and second_took < 0.9
    # Nothing half-written from the failed cloud attempt.
    files = sorted(p.name for p in (cloud.config_dir / "var" / "speech").iterdir())
    assert files == sorted([f"{audio.id}.wav", f"{second.id}.wav"])


def test_gtts_with_a_refused_connection_falls_back_at_once(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("https_proxy", "http://127.0.0.1:9")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    cloud = service(tmp_path / "p", tts="gtts", timeout_seconds=3)
    started = time.monotonic()
    audio = cloud.say(ANSWER, "en")
    assert audio.engine == "espeak" and audio.path and time.monotonic() - started < 2


def test_gtts_never_tries_a_language_it_lacks(tmp_path: Path, monkeypatch) -> None:
    hole = BlackHole()
    monkeypatch.setenv("HTTPS_PROXY", hole.url)
    monkeypatch.setenv("https_proxy", hole.url)
    cloud = service(tmp_path / "p", tts="gtts", timeout_seconds=5)
    try:
        started = time.monotonic()
        persian = cloud.say("امروز ماهی داریم", "fa")  # gTTS has no Persian; eSpeak NG has
        took = time.monotonic() - started
    finally:
        hole.close()
    assert persian.engine == "espeak" and persian.path and took < 2


def test_piper_without_its_extra_or_model_falls_back_to_espeak(tmp_path: Path) -> None:
    piper = service(tmp_path / "p", tts="piper", piper_models={"en": "voices/en_US-joe-medium.onnx"})
    audio = piper.say(ANSWER, "en")
    assert audio.engine == "espeak" and audio.path
    # A language without a Piper model goes straight to eSpeak NG.
    assert piper.say("Idag blir det pannkakor.", "sv").engine == "espeak"


def test_speak_command_writes_a_wav(tmp_path: Path) -> None:
    config_dir = preschool(tmp_path / "p")
    out = tmp_path / "answer.wav"
    result = subprocess.run([sys.executable, "-m", "assistant", "speak", "--config", str(config_dir),
                             "--lang", "sv", "Idag blir det fiskbullar.", "-o", str(out)],
                            capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "espeak" in result.stdout and read_wav(out.read_bytes()).seconds > 1


def test_speak_command_says_why_there_is_no_audio(tmp_path: Path) -> None:
    config_dir = preschool(tmp_path / "p")
    result = subprocess.run([sys.executable, "-m", "assistant", "speak", "--config", str(config_dir),
                             "--lang", "so", "Maanta", "-o", str(tmp_path / "x.wav")],
                            capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 2 and "no voice for Somali (so)" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "x.wav").exists()


def test_speak_command_with_gtts_and_no_network_falls_back_in_time(tmp_path: Path) -> None:
    config_dir = preschool(tmp_path / "p", voice={"tts": "gtts", "timeout_seconds": 1})
    hole = BlackHole()
    env = {**os.environ, "HTTPS_PROXY": hole.url, "https_proxy": hole.url, "NO_PROXY": "", "no_proxy": ""}
    out = tmp_path / "answer.wav"
    try:
        started = time.monotonic()
        result = subprocess.run([sys.executable, "-m", "assistant", "speak", "--config", str(config_dir),
                                 "--lang", "en", ANSWER, "-o", str(out)],
                                capture_output=True, text=True, timeout=60, cwd=ROOT, env=env)
        took = time.monotonic() - started
    finally:
        hole.close()
    assert result.returncode == 0, result.stderr
    assert "espeak" in result.stdout and read_wav(out.read_bytes()).seconds > 1
    assert took < 10  # the interpreter's start-up plus at most the 1 s timeout
