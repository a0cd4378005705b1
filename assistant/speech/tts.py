"""Speech output engines behind one interface: eSpeak NG (offline), gTTS (cloud, opt-in), Piper (extra)."""

from __future__ import annotations

import importlib.util
import io
import logging
import threading
import wave
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from assistant.config import Voice
from assistant.speech import espeak
from assistant.speech.audio import wav_bytes
from assistant.speech.errors import SpeechError
from assistant.speech.models import joe_voice
from assistant.speech.workers import process_pool

log = logging.getLogger(__name__)
T = TypeVar("T")

NO_ENGINE = "no_engine"
"""Why there is no audio: the engine is not installed."""
NO_VOICE = "no_voice"
"""Why there is no audio: the engine has no voice for the language."""
ENGINE_FAILED = "engine_failed"
"""Why there is no audio: the engine tried and failed."""


@dataclass
class Unavailable:
    """Why an engine cannot speak a language."""

    code: str
    """`no_engine` or `no_voice`."""
    reason: str
    """The same in a short sentence for a person."""


class Synthesizer(Protocol):
    """One speech output engine."""

    name: str
    """The engine's name in `voice.tts` (also part of the cache key)."""
    cloud: bool
    """Whether the text leaves the machine."""

    def voice(self, lang: str) -> str | None:
        """The voice (with its settings) this engine speaks `lang` with; None when it cannot."""

    def unavailable(self, lang: str) -> Unavailable | None:
        """Why it cannot speak `lang`; None when it can (checked without speaking)."""

    def describe(self, lang: str) -> str:
        """The engine and voice for `lang`, for `check-config` and `/api/health`."""

    def synthesize(self, text: str, lang: str) -> bytes:
        """`text` spoken in `lang`, as a WAV file; SpeechError when that fails."""


def language_name(lang: str) -> str:
    """"Somali (so)": the language in English, for reasons a teacher or developer reads."""
    from babel import Locale, UnknownLocaleError

    try:
        return f"{Locale('en').languages.get(lang, lang)} ({lang})"
    except UnknownLocaleError:
        return lang


DEFAULT_VOICES = {"en": "en-us"}
"""eSpeak NG voices chosen by the round-trip measure (speech -> Whisper -> word error rate,
benchmarks/speech.py): its American English is understood far better than its British (`en`).
Every other language: the plain voice of its code, at 140 words a minute, which measured best
or tied in 7 of 9 languages (its `+f3`-style variants were worse in all)."""


class Espeak:
    """eSpeak NG: offline, instant, a voice for most languages (not Somali). In-process from the
    `espeakng-loader` wheel; Debian's `espeak-ng` program where the wheel cannot load."""

    name = "espeak"
    cloud = False

    def __init__(self, settings: Voice, engine: espeak.Backend | None | str = "auto"):
        self.settings = settings
        self.engine: espeak.Backend | None = espeak.backend() if engine == "auto" else engine
        """The library or the program that speaks; None when neither is installed."""

    def voice(self, lang: str) -> str | None:
        if self.unavailable(lang):
            return None
        # The same key whichever backend speaks, so audio cached before keeps its name.
        return f"{self._name(lang)}+s{self.settings.rate}+p{self.settings.pitch}"

    def unavailable(self, lang: str) -> Unavailable | None:
        if self.engine is None:
            return Unavailable(NO_ENGINE, f"eSpeak NG is not installed ({espeak.INSTALL_HINT})")
        if not self.engine.has_voice(self._name(lang)):
            return Unavailable(NO_VOICE, f"eSpeak NG has no voice for {language_name(lang)}")
        return None

    def describe(self, lang: str) -> str:
        engine = self.engine
        where = f"eSpeak NG {engine.version} {engine.name}" if engine else "eSpeak NG"
        return f"espeak ({self._name(lang)}, {where})"

    def _name(self, lang: str) -> str:
        return self.settings.voices.get(lang) or DEFAULT_VOICES.get(lang, lang)

    def synthesize(self, text: str, lang: str) -> bytes:
        problem = self.unavailable(lang)
        if problem:
            raise SpeechError(problem.reason)
        spoken = self.engine.say(text, self._name(lang), self.settings.rate, self.settings.pitch)
        if not len(spoken.samples):
            raise SpeechError("eSpeak NG made no sound")
        return wav_bytes(spoken.samples, spoken.rate)


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

    def unavailable(self, lang: str) -> Unavailable | None:
        try:
            from gtts.lang import tts_langs
        except ImportError:
            return Unavailable(NO_ENGINE, "gTTS is not installed (pip install gtts)")
        if lang not in tts_langs():
            return Unavailable(NO_VOICE, f"gTTS has no voice for {language_name(lang)}")
        return None

    def describe(self, lang: str) -> str:
        return f"gtts ({lang}, cloud: translate.google.{self.settings.gtts_tld})"

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

    def __init__(self, settings: Voice, config_dir: Path, worker: VoiceWorker | None = None):
        self.settings = settings
        self.config_dir = config_dir
        self.worker = worker
        """Where the voice runs: a worker process (the server), or None for this process (a command)."""
        self._voices: dict[str, object] = {}
        self._lock = threading.Lock()

    def _model(self, lang: str) -> Path | None:
        """The preschool's voice for `lang`, else the piper extra's own (English `joe`)."""
        model = self.settings.piper_models.get(lang)
        if model:
            return self.config_dir / model
        return joe_voice() if lang == "en" else None

    NATURAL_RATE = 160
    """About the words per minute of Piper's voices at their own pace (length_scale 1)."""

    def voice(self, lang: str) -> str | None:
        model = self._model(lang)
        # The rate is part of the voice's name, so a new rate is new audio (the cache key has it).
        return f"{model.stem}+s{self.settings.rate}" if model else None

    def _length_scale(self) -> float:
        """The teachers' rate (words per minute) as Piper's length scale: longer is slower."""
        return min(2.0, max(0.5, self.NATURAL_RATE / self.settings.rate))

    def unavailable(self, lang: str) -> Unavailable | None:
        if self._model(lang) is None:
            return Unavailable(NO_VOICE, f"no Piper voice for {language_name(lang)} (voice.piper_models)")
        return None

    def describe(self, lang: str) -> str:
        model = self._model(lang)
        return f"piper ({model.name if model else '-'})"

    def synthesize(self, text: str, lang: str) -> bytes:
        model = self._model(lang)
        if model is None:
            raise SpeechError(f"no Piper voice for '{lang}' (voice.piper_models)")
        if self.worker is not None:
            return self.worker.speak(model, self._length_scale(), text)
        with self._lock:  # one synthesis at a time: a Piper voice is not thread-safe
            voice = self._voices.get(lang) or load_piper(model)
            self._voices[lang] = voice
            return piper_wav(voice, text, self._length_scale())


def load_piper(model: Path) -> object:
    """The Piper voice in `model` (SpeechError when Piper or the model is missing or broken)."""
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


def piper_wav(voice: object, text: str, length_scale: float) -> bytes:
    """`text` said by a loaded Piper voice, as WAV bytes."""
    from piper import SynthesisConfig

    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        voice.synthesize_wav(text, wav, syn_config=SynthesisConfig(length_scale=length_scale))
    return buffer.getvalue()


PIPER_SECONDS = 10.0
"""The longest one answer may take in the voice worker: a few times what the first one takes here
(about 3 s: the worker starts and loads the model); then eSpeak NG says it, a child does not wait."""

_loaded: dict[str, object] = {}
"""In the voice worker: the Piper voices it has loaded, by model path."""


def _speak_in_worker(model: str, length_scale: float, text: str) -> bytes:
    """In the voice worker: `text` said by the voice in `model`, as WAV bytes."""
    voice = _loaded.get(model)
    if voice is None:
        voice = _loaded[model] = load_piper(Path(model))
    return piper_wav(voice, text, length_scale)


class VoiceWorker:
    """Piper in a process of its own, the web server's way: the voice's quarter of a gigabyte
    stays out of the server, and a crash in its native code costs one sentence (eSpeak NG says it),
    not the server. One worker: one sentence at a time, as a Piper voice allows."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def speak(self, model: Path, length_scale: float, text: str) -> bytes:
        """`text` said by the voice in `model`, within `PIPER_SECONDS`."""
        with self._lock:
            if self._pool is None:
                self._pool = process_pool(1)
            pool = self._pool
        future = pool.submit(_speak_in_worker, str(model), length_scale, text)
        try:
            return future.result(timeout=PIPER_SECONDS)
        except FutureTimeout:
            # A stuck voice would make every later sentence wait behind it: the next one gets a new worker.
            self._drop(pool, kill=True)
            raise SpeechError(f"the Piper voice took longer than {PIPER_SECONDS:.0f} s") from None
        except BrokenProcessPool:
            log.error("the voice worker stopped; a new one starts for the next sentence")
            self._drop(pool)
            raise SpeechError("the Piper voice stopped unexpectedly") from None

    def _drop(self, pool: ProcessPoolExecutor, kill: bool = False) -> None:
        with self._lock:
            if self._pool is pool:
                self._pool = None
        if kill:
            # The executor has no public way to stop a busy worker; its processes are terminated.
            for process in list(getattr(pool, "_processes", {}).values()):
                process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Stop the worker."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


def engines(settings: Voice, config_dir: Path, worker: VoiceWorker | None = None) -> list[Synthesizer]:
    """The engines to try, in order: the chosen one, then eSpeak NG as the offline fallback.
    With a `worker`, Piper's voices run in that worker process."""
    offline = Espeak(settings)
    chosen: dict[str, Callable[[], Synthesizer]] = {
        "gtts": lambda: Gtts(settings),
        "piper": lambda: Piper(settings, config_dir, worker),
        "espeak": lambda: offline,
    }
    if settings.tts == "off":
        return []
    if settings.tts == "auto":
        # Piper where it has a voice (the piper extra brings an English one), eSpeak NG for the rest.
        has_piper = importlib.util.find_spec("piper") is not None
        return [Piper(settings, config_dir, worker), offline] if has_piper else [offline]
    first = chosen[settings.tts]()
    return [first] if first is offline else [first, offline]


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
