"""Speech recognition engines behind one interface; the caller always says which language to hear.

- `pocketsphinx`: offline; listens only for the sentences of our own language data (a grammar),
  so it is fast and says nothing rather than something wrong. English ships with the pip package;
  another language needs an acoustic model and dictionary (`voice.pocketsphinx_models`).
- `whisper`: faster-whisper (the `whisper` extra), any language, nudged towards our questions.
- `vosk`: a Vosk model folder per language (`voice.vosk_models`).
"""

from __future__ import annotations

import json
import logging
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from assistant.config import Voice
from assistant.nlu import LanguageData
from assistant.speech.audio import RATE, Clip, trim_quiet
from assistant.speech.errors import SpeechError
from assistant.speech.phrases import jsgf, phrases, prompt

log = logging.getLogger(__name__)
SILENCE_LEVEL = 100.0
"""A clip whose loudest 32 ms stay below this RMS (about -50 dBFS) holds no speech."""


class Recognizer(Protocol):
    """One engine listening in one language."""

    def transcribe(self, clip: Clip) -> str:
        """What was said, lower-case words; empty when nothing was understood."""


@dataclass(frozen=True)
class Listener:
    """Everything one recogniser needs to start, in one language: it can be sent to a worker
    process, and two equal ones make the same recogniser."""

    engine: str
    """pocketsphinx, whisper or vosk."""
    lang: str
    """The language it hears."""
    sentences: tuple[str, ...]
    """What children say in the language (a closed grammar for pocketsphinx and Vosk)."""
    prompt: str
    """Typical questions (to bias Whisper)."""
    model: str
    """The model's folder (or a Whisper model name already on this machine)."""
    dictionary: str = ""
    """pocketsphinx's pronunciation dictionary."""
    threads: int = 2
    """CPU threads (Whisper)."""


def build(listener: Listener) -> Recognizer:
    """The recogniser a listener describes; SpeechError when it cannot start."""
    if listener.engine == "whisper":
        return Whisper(listener.lang, listener.model, listener.prompt, listener.threads)
    if listener.engine == "vosk":
        return Vosk(listener.sentences, Path(listener.model))
    return Pocketsphinx(listener.lang, listener.sentences, Path(listener.model), Path(listener.dictionary))


class Pocketsphinx:
    """CMU pocketsphinx with a grammar of our own sentences."""

    # Settings measured on synthetic speech (benchmarks/speech.py): without filler words in every
    # state and with a narrower beam, recognition is about twice as fast at the same accuracy.
    SEARCH = {"fsgusefiller": False, "beam": 1e-30, "wbeam": 1e-20}

    def __init__(self, lang: str, sentences: tuple[str, ...], model: Path, dictionary: Path):
        try:
            from pocketsphinx import Decoder
        except ImportError:
            raise SpeechError("pocketsphinx is not installed (pip install pocketsphinx)") from None
        if not model.is_dir():
            raise SpeechError(f"no pocketsphinx acoustic model in {model}")
        pronunciations = _read_dictionary(dictionary)
        # A sentence with a word the dictionary cannot pronounce ("kompis" in English) is left out.
        sentences = [s for s in sentences if all(w in pronunciations for w in s.split())]
        if not sentences:
            raise SpeechError(f"none of the '{lang}' sentences can be pronounced with {dictionary}")
        words = sorted({w for s in sentences for w in s.split()})
        self.sentences = sentences
        """The sentences it can hear."""
        with tempfile.TemporaryDirectory(prefix="pocketsphinx-") as folder:
            grammar, small = Path(folder) / "question.gram", Path(folder) / "words.dict"
            grammar.write_text(jsgf(sentences), encoding="utf-8")
            small.write_text("".join(line for w in words for line in pronunciations[w]), encoding="utf-8")
            try:
                self._decoder = Decoder(hmm=str(model), dict=str(small), jsgf=str(grammar),
                                        samprate=RATE, logfn="/dev/null", **self.SEARCH)
            except RuntimeError as exc:
                raise SpeechError(f"pocketsphinx could not start with {model}: {exc}") from None
        self._lock = threading.Lock()

    def transcribe(self, clip: Clip) -> str:
        pcm = clip.at(RATE).pcm()
        with self._lock:  # one decoder, one utterance at a time
            self._decoder.start_utt()
            self._decoder.process_raw(pcm, full_utt=True)
            self._decoder.end_utt()
            hypothesis = self._decoder.hyp()
        return hypothesis.hypstr.strip() if hypothesis else ""


class Whisper:
    """faster-whisper, told the language and primed with our questions."""

    def __init__(self, lang: str, model: str, initial_prompt: str, threads: int = 2):
        try:
            from faster_whisper import WhisperModel
        except ImportError:
            raise SpeechError("faster-whisper is not installed "
                              "(pip install 'preschool-assistant[whisper]')") from None
        self.lang = lang
        self.initial_prompt = initial_prompt
        """The questions Whisper is primed with."""
        try:
            # Never download at a child's question: a name must already be on this machine.
            self._model = WhisperModel(model, device="cpu", compute_type="int8", cpu_threads=threads,
                                       local_files_only=True)
        except Exception as exc:  # huggingface_hub, ctranslate2 and OS errors alike
            raise SpeechError(f"the Whisper model '{model}' could not be loaded ({exc}); set "
                              f"voice.whisper_model to a folder with model.bin") from None
        self._lock = threading.Lock()

    def transcribe(self, clip: Clip) -> str:
        audio = clip.at(RATE).samples.astype(np.float32) / 32768.0
        with self._lock:
            # Greedy, no temperature fallback and a token cap bound the time a turn can take.
            segments, _ = self._model.transcribe(
                audio, language=self.lang, initial_prompt=self.initial_prompt, beam_size=1,
                temperature=0.0, condition_on_previous_text=False, without_timestamps=True,
                max_new_tokens=40, vad_filter=False)
            return " ".join(segment.text.strip() for segment in segments).strip()


class Vosk:
    """A Vosk model; small models also take our words as a grammar."""

    def __init__(self, sentences: tuple[str, ...], model: Path):
        try:
            import vosk
        except ImportError:
            raise SpeechError("vosk is not installed (pip install 'preschool-assistant[vosk]')") from None
        if not model.is_dir():
            raise SpeechError(f"no Vosk model in {model}")
        vosk.SetLogLevel(-1)
        try:
            self._model = vosk.Model(str(model))
        except Exception as exc:  # vosk raises a bare Exception for a broken model
            raise SpeechError(f"the Vosk model in {model} could not be loaded: {exc}") from None
        self._vosk = vosk
        self._grammar = json.dumps([*sentences, "[unk]"], ensure_ascii=False)

    def transcribe(self, clip: Clip) -> str:
        recognizer = self._vosk.KaldiRecognizer(self._model, RATE, self._grammar)
        recognizer.AcceptWaveform(clip.at(RATE).pcm())
        text = json.loads(recognizer.FinalResult()).get("text", "")
        return " ".join(word for word in text.split() if word != "[unk]")


class Recognition:
    """The configured engine for each language, started on first use and then kept."""

    def __init__(self, settings: Voice, config_dir: Path, languages: dict[str, LanguageData],
                 names: list[str]):
        self.settings = settings
        self.config_dir = config_dir
        self.languages = languages
        self.names = names
        self._started: dict[Listener, Recognizer] = {}
        self._lock = threading.Lock()

    def listener(self, lang: str) -> Listener:
        """What a recogniser for `lang` needs; SpeechError (with what to set) when there is none."""
        engine = self.settings.stt
        if engine == "off":
            raise SpeechError("speech recognition is switched off (voice.stt: off)")
        data = self.languages.get(lang)
        if data is None:
            raise SpeechError(f"this preschool has no language data for '{lang}'")
        sentences = tuple(phrases(data))
        if engine == "whisper":
            if not self.settings.whisper_model:
                raise SpeechError("voice.stt is whisper but voice.whisper_model is not set")
            folder = self.config_dir / self.settings.whisper_model
            model = str(folder) if folder.is_dir() else self.settings.whisper_model
            return Listener("whisper", lang, sentences, prompt(data, self.names), model,
                            threads=self.settings.whisper_threads)
        if engine == "vosk":
            model = self.settings.vosk_models.get(lang)
            if not model:
                raise SpeechError(f"no Vosk model for '{lang}' (voice.vosk_models)")
            return Listener("vosk", lang, sentences, "", str(self.config_dir / model))
        model_dir, dictionary = self._pocketsphinx_model(lang)
        return Listener("pocketsphinx", lang, sentences, "", str(model_dir), str(dictionary))

    def recognizer(self, lang: str) -> Recognizer:
        """The engine for `lang`, started in this process; SpeechError when there is none."""
        listener = self.listener(lang)
        with self._lock:
            if listener not in self._started:
                self._started[listener] = build(listener)
            return self._started[listener]

    def transcribe(self, clip: Clip, lang: str) -> str:
        """What was said in `clip`, heard as `lang`."""
        recognizer = self.recognizer(lang)  # an unusable setup is reported even for a quiet clip
        speech = trim_quiet(clip, SILENCE_LEVEL)
        return recognizer.transcribe(speech) if len(speech.samples) else ""

    def _pocketsphinx_model(self, lang: str) -> tuple[Path, Path]:
        configured = self.settings.pocketsphinx_models.get(lang)
        if configured:
            return self.config_dir / configured.model, self.config_dir / configured.dictionary
        if lang == "en":
            from pocketsphinx import get_model_path

            bundled = Path(get_model_path()) / "en-us"
            return bundled / "en-us", bundled / "cmudict-en-us.dict"
        raise SpeechError(f"pocketsphinx has no model for '{lang}': set voice.pocketsphinx_models.{lang} "
                          f"(model, dictionary) or use voice.stt: whisper")


def _read_dictionary(path: Path) -> dict[str, list[str]]:
    """Word → its lines in a CMU-style dictionary (`word PH ON ES`, `word(2) ...` for variants)."""
    if not path.is_file():
        raise SpeechError(f"no pronunciation dictionary at {path}")
    found: dict[str, list[str]] = {}
    with path.open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            head = line.split(" ", 1)[0]
            if head:
                entry = line if line.endswith("\n") else line + "\n"
                found.setdefault(head.split("(", 1)[0], []).append(entry)
    return found
