"""Speech recognition on questions said by eSpeak NG: pocketsphinx with a language model of our own
sentences (pinned with `stt: pocketsphinx`; with the whisper extra installed, `auto` would choose
Whisper for English), and what any recogniser hears checked against what children can ask."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.config import load_config
from assistant.core import Assistant
from assistant.nlu.normalize import Normalizer
from assistant.skills import Answer, Say
from assistant.speech import SpeechError, SpeechService, service_for
from assistant.speech.audio import AudioFormatError, Clip, read_wav, resample, wav_bytes
from assistant.speech.phrases import jsgf, phrases, prompt
from assistant.speech.stt import Recognition
from tests.fixtures.speech.voices import espeak_wav, preschool

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def pocketsphinx_school(tmp_path_factory) -> Path:
    """The example preschool, listening with pocketsphinx whatever else is installed."""
    return preschool(tmp_path_factory.mktemp("pocketsphinx") / "config", voice={"stt": "pocketsphinx"})


@pytest.fixture(scope="module")
def pocketsphinx(assistant: Assistant, pocketsphinx_school: Path) -> SpeechService:
    return SpeechService(load_config(pocketsphinx_school), pocketsphinx_school, assistant.languages)


@pytest.fixture(scope="module")
def heard(pocketsphinx: SpeechService):
    """Hear an English question said by eSpeak NG, with pocketsphinx."""
    service = pocketsphinx

    def hear(text: str, voice: str = "en-us") -> str:
        return service.transcribe(read_wav(espeak_wav(text, voice)), "en")

    return hear


@pytest.mark.parametrize(("question", "intent"), [
    ("what's for lunch today", "menu"),
    ("what day is it", "date"),
    ("will it rain tomorrow", "weather"),
    ("what are we having for lunch tomorrow", "menu"),
])
def test_pocketsphinx_hears_english_questions(heard, assistant: Assistant, question: str,
                                              intent: str) -> None:
    transcript = heard(question)
    assert assistant.parse(transcript, "en").intent == intent, transcript


def test_whats_for_lunch_today_is_heard_word_for_word(heard) -> None:
    assert heard("what's for lunch today") == "what's for lunch today"


def test_speech_no_child_question_resembles_is_heard_as_nothing_and_answered_kindly(
        pocketsphinx_school: Path, session_id: str) -> None:
    from assistant.speech.turn import answer_clip

    school = Assistant.from_config_dir(pocketsphinx_school).ready()
    clip = read_wav(espeak_wav("where is the cat"))
    heard = answer_clip(school, clip, "en", session_id)
    # The grammar may force a scrap of its own words onto it ("what is the"): it is still not
    # taken for a question (no menu, weather or clock answer), and the child hears a kind sentence.
    assert heard.reply.intent == "out_of_scope" and heard.reply.text, heard.transcript
    if not heard.transcript:
        assert heard.reply.text == school.render(Answer([Say("not_heard")]), "en")[0]


def test_silence_is_heard_as_nothing(assistant: Assistant, pocketsphinx: SpeechService) -> None:
    quiet = Clip(np.zeros(16000, dtype=np.int16), 16000)
    for service in (service_for(assistant), pocketsphinx):
        assert service.transcribe(quiet, "en") == ""
        assert service.transcribe(Clip(np.zeros(0, dtype=np.int16), 16000), "en") == ""


def test_the_grammar_is_our_own_sentences(assistant: Assistant) -> None:
    sentences = phrases(assistant.languages["en"])
    assert "what's for lunch today" in sentences and "what day is it" in sentences
    grammar = jsgf(["what's for lunch", "what's for snack", "what day is it", "what's for lunch today"])
    assert grammar.startswith("#JSGF V1.0;")
    # A shared start is said once: the tree keeps recognition fast.
    assert grammar.count("what's") == 1 and grammar.count("for") == 1
    assert "lunch [ today ]" in grammar
    with pytest.raises(ValueError):
        jsgf([])


def test_the_recogniser_hears_only_sentences_it_can_pronounce(pocketsphinx: SpeechService) -> None:
    recognizer = pocketsphinx.recognition.recognizer("en")
    assert "what's for lunch today" in recognizer.sentences
    # "kompis" is not in the English dictionary: such sentences are left out, not mispronounced.
    assert not any("kompis" in s.split() for s in recognizer.sentences)


def test_whisper_is_primed_with_our_questions(assistant: Assistant) -> None:
    text = prompt(assistant.languages["en"], ["Kompis"])
    assert text.startswith("Kompis, ") and len(text) <= 600
    questions = text.split(", ")[1:]
    assert "what's for lunch today" in questions and "what day is it" in questions
    assert all(len(q.split()) >= 3 for q in questions)  # no lone "ow" to be heard everywhere
    assert "wots for lunsh" not in questions and "whats for lunsh" not in questions


def test_a_language_without_a_pocketsphinx_model_says_what_to_set(pocketsphinx: SpeechService) -> None:
    swedish = read_wav(espeak_wav("vad blir det för mat idag", "sv"))
    with pytest.raises(SpeechError, match="voice.pocketsphinx_models.sv"):
        pocketsphinx.transcribe(swedish, "sv")


def test_whisper_and_vosk_without_their_extras_or_models_say_what_is_missing(assistant: Assistant,
                                                                             tmp_path: Path) -> None:
    config = load_config(preschool(tmp_path / "w", voice={"stt": "whisper",
                                                          "whisper_model": "models/whisper-base"}))
    clip = read_wav(espeak_wav("what day is it"))
    whisper = Recognition(config.voice, tmp_path / "w", assistant.languages, ["Kompis"])
    # Either the extra is not installed, or the model is not on this machine: never a download.
    with pytest.raises(SpeechError, match=r"faster-whisper is not installed|whisper_model"):
        whisper.transcribe(clip, "en")
    config = load_config(preschool(tmp_path / "v", voice={"stt": "vosk",
                                                          "vosk_models": {"en": "models/vosk-en"}}))
    vosk = Recognition(config.voice, tmp_path / "v", assistant.languages, ["Kompis"])
    with pytest.raises(SpeechError, match=r"vosk is not installed|no Vosk model"):
        vosk.transcribe(clip, "en")
    with pytest.raises(SpeechError, match="no Vosk model for 'sv'"):
        vosk.transcribe(clip, "sv")
    config = load_config(preschool(tmp_path / "o", voice={"stt": "off"}))
    with pytest.raises(SpeechError, match="switched off"):
        SpeechService(config, tmp_path / "o", assistant.languages).transcribe(clip, "en")


def test_wav_reading_takes_any_rate_and_channels_and_refuses_other_formats() -> None:
    tone = (np.sin(np.arange(48000) * 2 * np.pi * 440 / 48000) * 8000).astype(np.int16)
    stereo = np.repeat(tone, 2).reshape(-1, 2)
    import io
    import wave

    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(48000)
        out.writeframes(stereo.astype("<i2").tobytes())
    clip = read_wav(buffer.getvalue())
    assert clip.rate == 48000 and abs(clip.seconds - 1.0) < 1e-6
    down = clip.at(16000)
    assert len(down.samples) == 16000
    # The tone survives resampling: its strongest frequency is still 440 Hz.
    spectrum = np.abs(np.fft.rfft(down.samples))
    assert abs(np.argmax(spectrum) * 16000 / len(down.samples) - 440) < 2
    assert np.array_equal(resample(tone, 48000, 48000), tone)
    eight_bit = io.BytesIO()
    with wave.open(eight_bit, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(8000)
        out.writeframes(bytes(800))
    with pytest.raises(AudioFormatError, match="16-bit PCM"):
        read_wav(eight_bit.getvalue())
    with pytest.raises(AudioFormatError, match="not a WAV"):
        read_wav(b"ID3\x03\x00 an mp3 file")
    with pytest.raises(AudioFormatError, match="broken"):
        read_wav(b"RIFF\x00\x00\x00\x00WAVEjunk")


def test_a_streamed_wav_without_sizes_is_read_whole() -> None:
    data = bytearray(wav_bytes(np.arange(1000, dtype=np.int16), 16000))
    data[4:8] = b"\xff\xff\xff\x7f"
    data[40:44] = b"\xff\xff\xff\x7f"  # what eSpeak NG writes to a pipe
    assert np.array_equal(read_wav(bytes(data)).samples, np.arange(1000, dtype=np.int16))


def listen(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant", "listen", *args], capture_output=True,
                          text=True, timeout=120, cwd=ROOT)


@pytest.fixture(scope="module")
def offline_preschool(tmp_path_factory) -> Path:
    return preschool(tmp_path_factory.mktemp("listen") / "config")


def test_listen_answers_a_spoken_lunch_question(offline_preschool: Path, tmp_path: Path) -> None:
    question = tmp_path / "question.wav"
    question.write_bytes(espeak_wav("what's for lunch today"))
    result = listen("--config", str(offline_preschool), "--lang", "en", "--now", "2026-02-03T09:15",
                    "--json", str(question))
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    # Whisper (the default where its extra is installed) writes punctuation; the words are the same.
    assert Normalizer.basic(out["transcript"]) == "what's for lunch today"
    reply = out["reply"]
    assert reply["intent"]["name"] == "menu" and reply["lang"] == "en"
    assert {"entity": "day", "value": "today", "text": "today"} in reply["entities"]
    text = listen("--config", str(offline_preschool), "--lang", "en", "--now", "2026-02-03T09:15",
                  str(question))
    lines = text.stdout.splitlines()
    assert text.returncode == 0 and Normalizer.basic(lines[0]) == "heard what's for lunch today"
    assert len(lines) == 2 and lines[1].startswith("Today")  # a variant of the same answer
    # Nothing the child said is kept.
    assert not (offline_preschool / "var" / "recordings").exists()


def test_listen_refuses_what_is_not_a_wav_clearly(offline_preschool: Path, tmp_path: Path) -> None:
    fake = tmp_path / "question.wav"
    fake.write_bytes(b"not audio at all")
    result = listen("--config", str(offline_preschool), "--lang", "en", str(fake))
    assert result.returncode == 2 and "not a WAV file" in result.stderr and "Traceback" not in result.stderr
    missing = listen("--config", str(offline_preschool), str(tmp_path / "nothing.wav"))
    assert missing.returncode == 2 and "no such file" in missing.stderr
