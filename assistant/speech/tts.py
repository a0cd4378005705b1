"""Speech output engines behind one interface: eSpeak NG (offline), gTTS (cloud, opt-in), Piper (extra)."""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
import threading
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, TypeVar

from assistant.config import Voice
from assistant.speech.audio import read_wav, wav_bytes
from assistant.speech.errors import SpeechError

log = logging.getLogger(__name__)
T = TypeVar("T")
ESPEAK_SECONDS = 10.0
"""eSpeak NG needs 15–50 ms for an answer; this only stops a wedged process."""


class Synthesizer(Protocol):
    """One speech output engine."""

    name: str
    """The engine's name in `voice.tts` (also part of the cache key)."""
    cloud: bool
    """Whether the text leaves the machine."""

    def voice(self, lang: str) -> str | None:
        """The voice (with its settings) this engine speaks `lang` with; None when it cannot."""

    def synthesize(self, text: str, lang: str) -> bytes:
        """`text` spoken in `lang`, as a WAV file; SpeechError when that fails."""


class Espeak:
    """eSpeak NG through its command-line program: offline, instant, a voice for most languages."""

    name = "espeak"
    cloud = False

    def __init__(self, settings: Voice, program: str = "espeak-ng"):
        self.settings = settings
        self.program = shutil.which(program)
        self._known: dict[str, bool] = {}

    def voice(self, lang: str) -> str | None:
        if not self.program:
            return None
        name = self.settings.voices.get(lang, lang)
        if not self._has_voice(name):
            return None
        return f"{name}+s{self.settings.rate}+p{self.settings.pitch}"

    def _has_voice(self, name: str) -> bool:
        if name not in self._known:
            self._known[name] = self._find_voice(name)
        return self._known[name]

    def _find_voice(self, name: str) -> bool:
        # `--voices=xx` lists the voices for language xx; a language it lacks (Somali) lists none.
        listing = self._run(["--voices=" + name], b"").decode("utf-8", "replace").splitlines()[1:]
        if listing:
            return True
        # A voice may also be named by its file (`gmw/en-US`) or a variant (`en-us+f3`).
        try:
            probe = subprocess.run([self.program, "-q", "-v", name, "x"], capture_output=True,
                                   timeout=ESPEAK_SECONDS)
        except subprocess.TimeoutExpired:
            return False
        return probe.returncode == 0 and not probe.stderr

    def synthesize(self, text: str, lang: str) -> bytes:
        if not self.program:
            raise SpeechError("eSpeak NG is not installed (apt-get install espeak-ng)")
        name = self.settings.voices.get(lang, lang)
        args = ["-v", name, "-s", str(self.settings.rate), "-p", str(self.settings.pitch),
                "-b", "1", "--stdout", "--stdin"]
        # The text goes in on stdin, so an answer starting with "-" is never read as an option.
        data = self._run(args, text.encode("utf-8"))
        clip = read_wav(data)  # eSpeak's streamed header has no sizes; this writes a proper one
        return wav_bytes(clip.samples, clip.rate)

    def _run(self, args: list[str], stdin: bytes) -> bytes:
        try:
            done = subprocess.run([self.program, *args], input=stdin, capture_output=True,
                                  timeout=ESPEAK_SECONDS)
        except subprocess.TimeoutExpired:
            raise SpeechError("eSpeak NG did not finish") from None
        if done.returncode != 0:
            raise SpeechError(f"eSpeak NG failed: {done.stderr.decode('utf-8', 'replace').strip()}")
        return done.stdout


class Gtts:
    """Google Translate's voice through gTTS: nicer, but the answer's text goes to Google."""

    name = "gtts"
    cloud = True

    def __init__(self, settings: Voice):
        self.settings = settings

    def voice(self, lang: str) -> str | None:
        try:
            from gtts.lang import tts_langs
        except ImportError:
            return None
        # The list ships in the package: asking it needs no network.
        return f"{lang}@{self.settings.gtts_tld}" if lang in tts_langs() else None

    def synthesize(self, text: str, lang: str) -> bytes:
        try:
            from gtts import gTTS, gTTSError
        except ImportError:
            raise SpeechError("gTTS is not installed (pip install gtts)") from None
        seconds = self.settings.timeout_seconds

        def fetch() -> bytes:
            buffer = io.BytesIO()
            # The default timeout is None: on a black-holed network gTTS would wait for ever.
            gTTS(text, lang=lang, tld=self.settings.gtts_tld, timeout=(seconds, seconds)).write_to_fp(buffer)
            return buffer.getvalue()

        try:
            # Long answers are several requests, each with its own timeout: bound the whole.
            mp3 = within(seconds, fetch)
        except (gTTSError, ValueError, TimeoutError, OSError) as exc:
            raise SpeechError(f"gTTS failed: {exc}") from None
        return _mp3_to_wav(mp3)


class Piper:
    """Piper's neural voices (the `piper` extra), one model file per language."""

    name = "piper"
    cloud = False

    def __init__(self, settings: Voice, config_dir: Path):
        self.settings = settings
        self.config_dir = config_dir
        self._voices: dict[str, object] = {}
        self._lock = threading.Lock()

    def _model(self, lang: str) -> Path | None:
        model = self.settings.piper_models.get(lang)
        return self.config_dir / model if model else None

    def voice(self, lang: str) -> str | None:
        model = self._model(lang)
        return model.stem if model else None

    def synthesize(self, text: str, lang: str) -> bytes:
        model = self._model(lang)
        if model is None:
            raise SpeechError(f"no Piper voice for '{lang}' (voice.piper_models)")
        with self._lock:  # one synthesis at a time: a Piper voice is not thread-safe
            voice = self._voices.get(lang) or self._load(model)
            self._voices[lang] = voice
            buffer = io.BytesIO()
            with wave.open(buffer, "wb") as wav:
                voice.synthesize_wav(text, wav)
        return buffer.getvalue()

    @staticmethod
    def _load(model: Path) -> object:
        try:
            from piper import PiperVoice
        except ImportError:
            raise SpeechError("Piper is not installed (pip install 'preschool-assistant[piper]')") from None
        if not model.is_file():
            raise SpeechError(f"no Piper voice model at {model}")
        try:
            return PiperVoice.load(str(model))
        except Exception as exc:  # onnxruntime and json errors: a broken or mismatched model
            raise SpeechError(f"the Piper voice {model} could not be loaded: {exc}") from None


def engines(settings: Voice, config_dir: Path) -> list[Synthesizer]:
    """The engines to try, in order: the chosen one, then eSpeak NG as the offline fallback."""
    espeak = Espeak(settings)
    chosen: dict[str, Callable[[], Synthesizer]] = {
        "gtts": lambda: Gtts(settings),
        "piper": lambda: Piper(settings, config_dir),
        "espeak": lambda: espeak,
    }
    if settings.tts == "off":
        return []
    first = chosen[settings.tts]()
    return [first] if first is espeak else [first, espeak]


def within(seconds: float, work: Callable[[], T]) -> T:
    """The result of `work`, or TimeoutError once `seconds` have passed (the work is abandoned)."""
    result: list[T] = []
    error: list[BaseException] = []

    def run() -> None:
        try:
            result.append(work())
        except BaseException as exc:  # handed to the caller's thread
            error.append(exc)

    thread = threading.Thread(target=run, name="speech-deadline", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise TimeoutError(f"no answer within {seconds:g} s")
    if error:
        raise error[0]
    return result[0]


def _mp3_to_wav(mp3: bytes) -> bytes:
    try:
        import soundfile
    except ImportError:
        raise SpeechError("soundfile is not installed (pip install soundfile)") from None
    try:
        samples, rate = soundfile.read(io.BytesIO(mp3), dtype="int16")
    except Exception as exc:  # libsndfile's own error type
        raise SpeechError(f"gTTS sent audio that could not be decoded: {exc}") from None
    if samples.ndim > 1:
        samples = samples.mean(axis=1).astype("int16")
    return wav_bytes(samples, rate)
