"""Spoken answers and spoken questions: one `SpeechService` per running assistant.

    service = service_for(assistant)
    audio = service.say(reply.speech, reply.lang)    # SpokenAudio: id/path, or the reason there is none
    text = service.transcribe(read_wav(data), "en")  # what a child said
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.config import Config, Voice, state_dir
from assistant.nlu import LanguageData
from assistant.settings import Settings
from assistant.speech.audio import Clip, trim_quiet
from assistant.speech.cache import AudioCache, audio_id
from assistant.speech.errors import SpeechError
from assistant.speech.stt import SILENCE_LEVEL, Listener, Recognition
from assistant.speech.tts import (
    ENGINE_FAILED,
    NO_ENGINE,
    NO_VOICE,
    Synthesizer,
    Unavailable,
    VoiceWorker,
    engines,
)

if TYPE_CHECKING:
    from assistant.core import Assistant

__all__ = ["SpeechError", "SpeechService", "SpokenAudio", "service_for"]
log = logging.getLogger(__name__)
CLOUD_PAUSE_SECONDS = 300.0
"""After a cloud voice failed, answers use the offline voice this long before the cloud is tried again."""


@dataclass
class SpokenAudio:
    """The audio of one answer, or why there is none."""

    id: str | None
    """The cache key; the audio is served at `/api/speech/<id>`. None when there is no audio."""
    path: Path | None
    """The WAV file on disk; None when there is no audio."""
    reason: str | None = None
    """Why there is no audio, in a short sentence; None when there is."""
    problem: str | None = None
    """The same as a code: `no_engine`, `no_voice`, `engine_failed`, `off` or `nothing_to_say`."""
    engine: str | None = None
    """The engine that spoke it."""
    cached: bool = False
    """Whether it was already on disk (made earlier or ahead of time)."""

    @property
    def url(self) -> str | None:
        """Where the web server serves it."""
        return f"/api/speech/{self.id}" if self.id else None

    def to_json(self) -> dict[str, Any]:
        """The `audio` object of the reply JSON."""
        return {"url": self.url, "reason": self.reason, "problem": self.problem}


class SpeechService:
    """Text to speech with a disk cache and an offline fallback, and speech to text, for one preschool.

    The voice and privacy settings are read at each use from the assistant's one `Settings`, so a
    teacher's change (a switch turned off, another voice) applies to the next sentence."""

    def __init__(self, settings: Settings | Config, config_dir: Path,
                 languages: dict[str, LanguageData] | Callable[[], dict[str, LanguageData]] | None = None,
                 names: list[str] | None = None, state: Path | None = None):
        self.settings = settings if isinstance(settings, Settings) else Settings(settings, {})
        """Where the settings are read from, at each use."""
        self.config_dir = Path(config_dir)
        state = state or state_dir(self.config_dir)
        self.state = state
        """The preschool's state folder (var/): spoken answers, and recordings if a teacher allows."""
        self.cache = AudioCache(state / "speech", lambda: self.config.voice.cache_megabytes * 2**20)
        """Spoken answers on disk."""
        self._languages = languages if callable(languages) else (lambda: languages or {})
        self._names = names
        self._built_for: Voice | None = None
        self._engines: list[Synthesizer] = []
        self._recognition: Recognition | None = None
        self._cloud_failed_at: float | None = None
        self._making: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()
        self._worker: VoiceWorker | None = None

    def use_voice_worker(self) -> VoiceWorker:
        """From now on neural voices speak in a worker process (the web server's way)."""
        with self._lock:
            if self._worker is None:
                self._worker = VoiceWorker()
                self._built_for = None   # the engines are made again, with the worker
            return self._worker

    @property
    def config(self) -> Config:
        """The settings as they are now."""
        return self.settings.config

    def _current(self) -> tuple[list[Synthesizer], Recognition]:
        """The engines for the voice settings as they are now (made again when they changed)."""
        voice = self.config.voice
        with self._lock:
            if self._built_for != voice or self._recognition is None:
                names = self._names if self._names is not None else [self.config.preschool.assistant_name]
                self._engines = engines(voice, self.config_dir, self._worker)
                self._recognition = Recognition(voice, self.config_dir, self._languages(), names)
                self._built_for = voice
            return self._engines, self._recognition

    @property
    def engines(self) -> list[Synthesizer]:
        """Speech output engines, in the order they are tried."""
        return self._current()[0]

    @engines.setter
    def engines(self, chosen: list[Synthesizer]) -> None:
        self._current()
        self._engines = chosen

    @property
    def recognition(self) -> Recognition:
        """Speech recognition, per language."""
        return self._current()[1]

    def say(self, text: str, lang: str) -> SpokenAudio:
        """`text` spoken in `lang`: from the cache, or made now (and kept). Never raises, never hangs.

        Without audio, the reason names the real cause: no engine installed, no voice for the
        language, or an engine that failed (the most telling one when several engines were tried)."""
        text = " ".join(text.split())
        if not text:
            return SpokenAudio(None, None, "nothing to say", "nothing_to_say")
        if not self.engines:
            return SpokenAudio(None, None, "speech output is switched off (voice.tts: off)", "off")
        failures: list[Unavailable] = []
        for engine in self.engines:
            problem = engine.unavailable(lang)
            voice = None if problem else engine.voice(lang)
            if voice is None:
                failures.append(problem or Unavailable(NO_VOICE, f"{engine.name} has no voice"))
                continue
            key = audio_id(engine.name, voice, lang, text)
            path = self.cache.path(key)
            if path:
                self.cache.touch(path)
                return SpokenAudio(key, path, engine=engine.name, cached=True)
            if engine.cloud and self._cloud_resting():
                failures.append(Unavailable(ENGINE_FAILED, f"{engine.name} failed a moment ago"))
                continue
            made = self._make(engine, key, text, lang)
            if isinstance(made, SpokenAudio):
                return made
            failures.append(made)
        # An engine that failed says more than one that is missing, and a missing voice more
        # than a missing (optional) engine; of two alike, the fallback's (eSpeak NG, tried last,
        # has the most languages: "eSpeak NG has no voice for Somali" is the real news).
        order = {ENGINE_FAILED: 0, NO_VOICE: 1, NO_ENGINE: 2}
        worst = min(reversed(failures), key=lambda f: order.get(f.code, 3))
        return SpokenAudio(None, None, worst.reason, worst.code)

    def _make(self, engine: Synthesizer, key: str, text: str, lang: str) -> SpokenAudio | Unavailable:
        # Two requests for the same new answer (the tablet and pre-synthesis) make it once.
        with self._lock:
            lock = self._making.setdefault(key, threading.Lock())
        with lock:
            try:
                path = self.cache.path(key)
                if path:
                    return SpokenAudio(key, path, engine=engine.name, cached=True)
                try:
                    wav = engine.synthesize(text, lang)
                except SpeechError as exc:
                    log.warning("%s could not speak (%s); trying the next voice", engine.name, exc.message)
                    if engine.cloud:
                        self._cloud_failed_at = time.monotonic()
                    return Unavailable(ENGINE_FAILED, f"{engine.name} failed: {exc.message}")
                return SpokenAudio(key, self.cache.put(key, wav), engine=engine.name)
            finally:
                with self._lock:
                    self._making.pop(key, None)

    def _cloud_resting(self) -> bool:
        failed = self._cloud_failed_at
        return failed is not None and time.monotonic() - failed < CLOUD_PAUSE_SECONDS

    def is_cached(self, text: str, lang: str) -> bool:
        """Whether `say(text, lang)` would find the audio on disk (no engine is run)."""
        text = " ".join(text.split())
        for engine in self.engines:
            voice = engine.voice(lang)
            if voice is not None and self.cache.path(audio_id(engine.name, voice, lang, text)):
                return True
        return False

    def voices(self, lang: str) -> list[str]:
        """The engines and voices that can speak `lang` here, in the order they are tried."""
        return [engine.describe(lang) for engine in self.engines if engine.unavailable(lang) is None]

    def why_mute(self, lang: str) -> str | None:
        """Why nothing here can speak `lang` (None when something can)."""
        if not self.engines:
            return "speech output is switched off (voice.tts: off)"
        if self.voices(lang):
            return None
        problems = [engine.unavailable(lang) for engine in self.engines]
        return "; ".join(p.reason for p in problems if p)

    def status(self, langs: list[str]) -> dict[str, dict[str, Any]]:
        """Per language: the voices that speak it (or why none does) and whether it can be heard."""
        return {lang: {"speak": self.voices(lang), "mute_reason": self.why_mute(lang),
                       "listen": self.can_hear(lang)} for lang in langs}

    def audio_path(self, id: str) -> Path | None:  # noqa: A002 (the name the web API uses)
        """The WAV file of a spoken answer, or None (unknown, pruned, or not a key at all)."""
        return self.cache.path(id)

    def listeners(self, langs: list[str]) -> list[Listener]:
        """What the recognisers of those languages that can be heard need (to start them early)."""
        found = []
        for lang in langs:
            try:
                found.append(self.recognition.listener(lang))
            except SpeechError:
                continue
        return found

    def can_hear(self, lang: str) -> bool:
        """Whether a recogniser is set up for `lang` (pocketsphinx knows only English by itself).
        Cheap: nothing is started (a model that then fails to load says so when it is used)."""
        try:
            self.recognition.listener(lang)
        except Exception:
            return False
        return True

    def transcribe(self, clip: Clip, lang: str) -> str:
        """What was said in `clip`, heard as `lang`; SpeechError when no recogniser can."""
        return self.recognition.transcribe(clip, lang)

    def take(self, clip: Clip, lang: str) -> Clip:
        """A recorded question as a recogniser should hear it: kept on disk first if a teacher
        allows it, and without the silence around it (empty when nothing was said)."""
        self.keep_recording(clip, lang)
        return trim_quiet(clip, SILENCE_LEVEL)

    def keep_recording(self, clip: Clip, lang: str) -> Path | None:
        """Keep a spoken question on disk, only if a teacher switched `privacy.keep_audio` on
        (read now: turned off in the admin, it is off for this very recording)."""
        if not self.config.privacy.keep_audio:
            return None
        folder = self.state / "recordings"
        folder.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        path = folder / f"{stamp}-{lang}.wav"
        path.write_bytes(clip.wav())
        return path


def service_for(assistant: Assistant) -> SpeechService:
    """The one speech service of a running assistant."""
    return assistant.speech
