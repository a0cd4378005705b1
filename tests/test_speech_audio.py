"""Push-to-talk: the end of a question found by the VAD, and the kiosk through ALSA's file plugin.

No test touches a sound card: `assistant voice` runs with $HOME pointing at an .asoundrc whose
default device plays into a raw file and records from another (voice.md §3).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.core import Assistant
from assistant.nlu.normalize import Normalizer
from assistant.speech.audio import RATE, Clip, Endpointer, VoiceActivity, read_wav
from assistant.speech.kiosk import Kiosk, key_presses
from tests.fixtures.speech.voices import espeak_wav, preschool

ROOT = Path(__file__).resolve().parent.parent
FRAME = VoiceActivity.frame


def frames_of(clip: Clip):
    pcm = clip.at(RATE).pcm()
    for start in range(0, len(pcm) - 2 * FRAME + 1, 2 * FRAME):
        yield pcm[start:start + 2 * FRAME]


def seconds_until_done(clip: Clip, endpointer: Endpointer) -> float | None:
    vad = VoiceActivity()
    for frame in frames_of(clip):
        if endpointer.done(vad(frame)):
            return endpointer.elapsed
    return None


def test_a_question_ends_after_the_silence_that_follows_it() -> None:
    question = read_wav(espeak_wav("what's for lunch today", silence=3.0))
    spoken = read_wav(espeak_wav("what's for lunch today")).seconds
    ended = seconds_until_done(question, Endpointer(silence_seconds=0.8, max_seconds=8))
    assert ended is not None and spoken + 0.5 < ended < spoken + 1.3


def test_no_speech_stops_waiting_and_long_speech_is_cut() -> None:
    quiet = Clip(np.zeros(RATE * 4, dtype=np.int16), RATE)
    endpointer = Endpointer(wait_seconds=2.0)
    assert abs(seconds_until_done(quiet, endpointer) - 2.0) < 0.05 and endpointer.heard == 0
    talk = read_wav(espeak_wav("what are we having for lunch tomorrow and what is the weather like " * 3))
    assert abs(seconds_until_done(talk, Endpointer(max_seconds=3.0)) - 3.0) < 0.05


def test_noise_is_not_speech() -> None:
    noise = Clip((np.random.default_rng(1).normal(0, 650, RATE * 2)).astype(np.int16), RATE)
    endpointer = Endpointer(wait_seconds=1.5)
    seconds_until_done(noise, endpointer)
    assert endpointer.heard < 0.2


class WavDevice:
    """A microphone that plays back a recording and a speaker that keeps what it was given."""

    def __init__(self, *questions: bytes):
        self.questions = [read_wav(q) for q in questions]
        self.played: list[Clip] = []
        self.mic_open = False

    def record(self, endpointer: Endpointer, vad: VoiceActivity) -> Clip:
        self.mic_open = True
        taken = []
        for frame in frames_of(self.questions.pop(0)):
            taken.append(frame)
            if endpointer.done(vad(frame)):
                break
        self.mic_open = False
        samples = np.frombuffer(b"".join(taken), dtype="<i2")
        return Clip(samples if endpointer.heard else samples[:0], RATE)

    def play(self, clip: Clip) -> None:
        assert not self.mic_open
        self.played.append(clip)


def test_the_kiosk_answers_each_press_and_speaks(assistant: Assistant) -> None:
    device = WavDevice(espeak_wav("what day is it", silence=1.5),
                       wav_of_silence(2.0), espeak_wav("what's for lunch today", silence=1.5))
    out = io.StringIO()
    turns = Kiosk(assistant, device, "en", out=out).run(iter([None, None, None]))
    lines = out.getvalue().splitlines()
    assert turns == 2 and len(device.played) == 2
    assert lines.count("listening ...") == 3 and "(heard nothing)" in lines
    # What the child said is not printed (privacy.log_transcripts is off), only what was understood.
    assert [line for line in lines if line.startswith("understood: ")] == ["understood: date",
                                                                           "understood: menu"]
    assert not any(line.startswith("heard: ") for line in lines)
    assert all(clip.seconds > 1 for clip in device.played)


def wav_of_silence(seconds: float) -> bytes:
    return Clip(np.zeros(int(RATE * seconds), dtype=np.int16), RATE).wav()


def test_key_presses_from_a_pipe_are_lines_until_q_or_the_end() -> None:
    out = io.StringIO()
    assert len(list(key_presses("enter", io.StringIO("\n\n\n"), out))) == 3
    assert "Press Enter to talk" in out.getvalue()
    assert len(list(key_presses("space", io.StringIO("\n\nq\n\n"), io.StringIO()))) == 2


@pytest.fixture
def alsa_home(tmp_path: Path) -> Path:
    """A $HOME whose ALSA default device records from mic.raw and plays into played.raw."""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".asoundrc").write_text(f"""
pcm.tap_out {{ type file  slave.pcm "null"  file "{home}/played.raw"  format "raw" }}
pcm.tap_in  {{ type file  slave.pcm "null"  file "/dev/null"  infile "{home}/mic.raw"  format "raw" }}
pcm.!default {{
    type asym
    playback.pcm {{ type plug  slave {{ pcm "tap_out"  format S16_LE  rate 16000  channels 1 }} }}
    capture.pcm  {{ type plug  slave {{ pcm "tap_in"   format S16_LE  rate 16000  channels 1 }} }}
}}
""")
    return home


def test_assistant_voice_through_alsa_plays_the_spoken_answer(alsa_home: Path, tmp_path: Path) -> None:
    # The microphone hears half a second of quiet, the question, then quiet (past the end of the
    # file ALSA returns low noise, so there is enough quiet to end the question on).
    question = read_wav(espeak_wav("what's for lunch today")).at(RATE)
    quiet = np.zeros(RATE // 2, dtype=np.int16)
    mic = np.concatenate([quiet, question.samples, np.zeros(RATE * 3, dtype=np.int16)])
    (alsa_home / "mic.raw").write_bytes(mic.astype("<i2").tobytes())
    config_dir = preschool(tmp_path / "kiosk", privacy={"log_transcripts": True})
    env = {**os.environ, "HOME": str(alsa_home), "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run([sys.executable, "-m", "assistant", "voice", "--config", str(config_dir),
                             "--lang", "en", "--now", "2026-02-03T09:15"], input="\n", env=env,
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    # Whisper (the default where its extra is installed) writes punctuation; the words are the same.
    assert "heard what's for lunch today" in [Normalizer.basic(line) for line in lines], result.stdout
    answer = next(line for line in lines if line.startswith("Kompis: "))
    assert len(answer) > len("Kompis: ")
    # The answer was played: the playback file holds about as much sound as the cached answer.
    played = np.frombuffer((alsa_home / "played.raw").read_bytes(), dtype="<i2")
    assert np.abs(played.astype(float)).mean() > 200
    # It is one of the spoken answers in the cache (answers for today and tomorrow are there too,
    # spoken ahead of time): the same length and the same waveform.
    cache = config_dir / "var" / "speech"
    cached = [read_wav(p.read_bytes()).at(RATE).samples for p in cache.glob("*.wav")]
    assert max(similarity(played, samples) for samples in cached) > 0.95
    # The microphone's recording was not kept (privacy.keep_audio is off).
    assert not (config_dir / "var" / "recordings").exists()


def similarity(played: np.ndarray, answer: np.ndarray) -> float:
    """How alike two recordings sound (1.0: the same loudness contour), 0 when their lengths differ.

    ALSA resamples on its own and starts the file with a little quiet, so the loudness per 20 ms
    is compared at the best shift of up to half a second.
    """
    if abs(len(played) - len(answer)) > 0.4 * RATE:
        return 0.0

    def contour(samples: np.ndarray) -> np.ndarray:
        count = len(samples) // 320
        return np.sqrt((samples[: count * 320].astype(float).reshape(count, 320) ** 2).mean(axis=1))

    heard, said = contour(played), contour(answer)
    best = 0.0
    for shift in range(25):
        size = min(len(heard) - shift, len(said))
        if size > 10:
            best = max(best, float(np.corrcoef(heard[shift:shift + size], said[:size])[0, 1]))
    return best


def test_a_sound_card_refuses_to_play_while_the_microphone_is_open(alsa_home: Path) -> None:
    code = ("from assistant.speech.audio import SoundCard, Clip; import numpy as np\n"
            "card = SoundCard(); card._mic_open.set()\n"
            "try:\n    card.play(Clip(np.zeros(160, dtype=np.int16), 16000))\n"
            "except Exception as exc:\n    print(type(exc).__name__, exc)\n")
    (alsa_home / "mic.raw").write_bytes(bytes(3200))
    result = subprocess.run([sys.executable, "-c", code], env={**os.environ, "HOME": str(alsa_home)},
                            capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.stdout.strip() == "SpeechError the microphone is still open", result.stderr
    assert not (alsa_home / "played.raw").exists() or not (alsa_home / "played.raw").stat().st_size


def test_without_portaudio_the_kiosk_says_what_to_install(tmp_path: Path) -> None:
    # What sounddevice sees on a machine without Debian's libportaudio2: no library to find.
    code = ("import ctypes.util, sys\n"
            "find = ctypes.util.find_library\n"
            "ctypes.util.find_library = lambda name: None if 'portaudio' in name else find(name)\n"
            "from assistant.cli import main\n"
            f"sys.exit(main(['voice', '--config', {str(preschool(tmp_path / 'p'))!r}]))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            cwd=ROOT, input="\n")
    assert result.returncode == 2
    assert "PortAudio library not found" in result.stderr and "apt-get install libportaudio2" in result.stderr
    assert "Traceback" not in result.stderr


def test_no_microphone_is_a_clear_error(tmp_path: Path) -> None:
    home = tmp_path / "empty-home"
    home.mkdir()
    (home / ".asoundrc").write_text('pcm.!default { type hw card 9 }\n')
    code = ("from assistant.speech.audio import SoundCard\n"
            "try:\n    SoundCard()\nexcept Exception as exc:\n    print(type(exc).__name__, exc)\n")
    result = subprocess.run([sys.executable, "-c", code], env={**os.environ, "HOME": str(home)},
                            capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.stdout.startswith("SpeechError no microphone"), result.stdout + result.stderr


def test_speaking_without_a_sound_card_says_so_and_how_to_get_a_file(tmp_path: Path) -> None:
    home = tmp_path / "empty-home"
    home.mkdir()
    (home / ".asoundrc").write_text('pcm.!default { type hw card 9 }\n')
    result = subprocess.run([sys.executable, "-m", "assistant", "speak", "--config",
                             str(preschool(tmp_path / "p")), "hej"], env={**os.environ, "HOME": str(home)},
                            capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "no sound card to play on" in result.stderr and "--output" in result.stderr

