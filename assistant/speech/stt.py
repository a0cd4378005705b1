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
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from assistant.config import Voice
from assistant.nlu import LanguageData
from assistant.speech.audio import RATE, Clip, trim_quiet
from assistant.speech.closed import Domain, Heard, Hypothesis, looks_made_up
from assistant.speech.errors import SpeechError
from assistant.speech.lm import arpa
from assistant.speech.models import WHISPER_BASE, WHISPER_LANGUAGES, whisper_base, whisper_installed
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
        return Whisper(listener.lang, listener.model, listener.prompt, listener.threads,
                       listener.sentences)
    if listener.engine == "vosk":
        return Vosk(listener.sentences, Path(listener.model))
    return Pocketsphinx(listener.lang, listener.sentences, Path(listener.model), Path(listener.dictionary))


class Pocketsphinx:
    """CMU pocketsphinx with a grammar of our own sentences."""

    # Search settings measured on eSpeak-said English questions (held-out sentences and the
    # grammar's own, benchmarks/spoken.py): pocketsphinx's defaults keep filler
    # words in the grammar and then end sentences early ("what are we having for"), so the
    # narrow beams without fillers stay; the noise estimate is reset per utterance (reinit_feat).
    SEARCH: dict = {"fsgusefiller": False, "beam": 1e-30, "wbeam": 1e-20}
    MODEL = "jsgf"
    """`jsgf`: exactly the sentences (a closed grammar); `lm`: a trigram model of them, which hears
    new orders of known words but also strings them into nonsense ("where is the cat" became
    "will it"); kept for measuring (benchmarks/spoken.py)."""

    def __init__(self, lang: str, sentences: tuple[str, ...], model: Path, dictionary: Path):
        try:
            from pocketsphinx import Decoder
        except ImportError:
            raise SpeechError("pocketsphinx is not installed (pip install pocketsphinx)") from None
        if not model.is_dir():
            raise SpeechError(f"no pocketsphinx acoustic model in {model}")
        pronunciations = _read_dictionary(dictionary)
        # A sentence with a word the dictionary cannot pronounce ("kompis" in English) is left out,
        # and so is one with a child's spelling that sounds exactly like a commoner word ("by" for
        # "bye"): between the two the decoder picks at random, and the NLU knows only one.
        sentences = [s for s in sentences if all(w in pronunciations for w in s.split())]
        sentences = without_homophones(sentences, pronunciations)
        if not sentences:
            raise SpeechError(f"none of the '{lang}' sentences can be pronounced with {dictionary}")
        words = sorted({w for s in sentences for w in s.split()})
        self.sentences = sentences
        """The sentences it can hear."""
        self.domain = Domain(sentences)
        with tempfile.TemporaryDirectory(prefix="pocketsphinx-") as folder:
            grammar, small = Path(folder) / "question", Path(folder) / "words.dict"
            if self.MODEL == "lm":
                grammar.write_text(arpa(sentences), encoding="utf-8")
                search = {"lm": str(grammar)}
            else:
                grammar.write_text(jsgf(sentences), encoding="utf-8")
                search = {"jsgf": str(grammar)}
            small.write_text("".join(line for w in words for line in pronunciations[w]), encoding="utf-8")
            try:
                self._decoder = Decoder(hmm=str(model), dict=str(small), samprate=RATE,
                                        logfn="/dev/null", **search, **self.SEARCH)
            except RuntimeError as exc:
                raise SpeechError(f"pocketsphinx could not start with {model}: {exc}") from None
        self._lock = threading.Lock()

    def transcribe(self, clip: Clip) -> str:
        pcm = clip.at(RATE).pcm()
        with self._lock:  # one decoder, one utterance at a time
            # The noise estimate would carry over from the last recording (pocketsphinx keeps it
            # between utterances): the same clip must give the same words whatever came before.
            self._decoder.reinit_feat()
            self._decoder.start_utt()
            self._decoder.process_raw(pcm, full_utt=True)
            self._decoder.end_utt()
            hypothesis = self._decoder.hyp()
            readings = [hypothesis.hypstr] if hypothesis else []
            if self.MODEL == "lm" and hypothesis:
                for n, _ in zip(self._decoder.nbest(), range(self.NBEST), strict=False):
                    readings += [n.hypstr] if n is not None and n.hypstr else []
        if self.MODEL != "lm":
            return readings[0].strip() if readings else ""
        # A trigram model can string known words into nonsense: keep what resembles a question.
        return self.domain.heard([Hypothesis(_words(r), rank=i) for i, r in enumerate(readings)]).text

    NBEST = 5


class Whisper:
    """faster-whisper, told the language, its readings checked against what children can ask.

    Each clip is encoded once and decoded twice with a beam of five (once primed with typical
    questions, once not: priming helps most languages and makes Whisper copy the prompt in
    others); the ten readings are matched against the language's example sentences
    (`closed.Domain`), and only a close one is passed on."""

    BEAM = 5
    MAX_NEW_TOKENS = 40
    """A question is a few words: a cap bounds the time a hallucination can take."""

    def __init__(self, lang: str, model: str, initial_prompt: str, threads: int = 2,
                 sentences: tuple[str, ...] = ()):
        try:
            from faster_whisper import WhisperModel
            from faster_whisper.tokenizer import Tokenizer
        except ImportError:
            raise SpeechError("faster-whisper is not installed "
                              "(pip install 'preschool-assistant[whisper]')") from None
        self.lang = lang
        self.initial_prompt = initial_prompt
        """The questions Whisper is primed with."""
        self.domain = Domain(sentences) if sentences else None
        """What children can ask in the language (None: every reading is passed on)."""
        if model == WHISPER_BASE:
            model = str(whisper_base())
        self._model = _whisper_model(WhisperModel, model, threads)
        if lang not in self._model.supported_languages:
            raise SpeechError(f"Whisper does not know the language '{lang}'")
        tokenizer = Tokenizer(self._model.hf_tokenizer, True, task="transcribe", language=lang)
        self._tokenizer = tokenizer
        primed = tokenizer.encode(" " + initial_prompt.strip()) if initial_prompt.strip() else []
        self._prompts = [self._model.get_prompt(tokenizer, [], without_timestamps=True)]
        if primed:
            self._prompts.append(self._model.get_prompt(tokenizer, primed[-200:], without_timestamps=True))
        self._lock = threading.Lock()

    def readings(self, clip: Clip) -> list[Hypothesis]:
        """Every reading of the clip, best first within each decoding."""
        from faster_whisper.audio import pad_or_trim
        from faster_whisper.transcribe import get_compression_ratio

        audio = clip.at(RATE).samples.astype(np.float32) / 32768.0
        with self._lock:
            features = self._model.feature_extractor(audio)
            segment = pad_or_trim(features[:, : min(3000, features.shape[-1] - 1)])
            encoded = self._model.encode(segment)
            found = []
            for prompt in self._prompts:
                result = self._model.model.generate(
                    encoded, [prompt], beam_size=self.BEAM, num_hypotheses=self.BEAM,
                    max_length=len(prompt) + self.MAX_NEW_TOKENS, return_scores=True,
                    return_no_speech_prob=True, suppress_blank=True, suppress_tokens=[-1])[0]
                for rank, ids in enumerate(result.sequences_ids):
                    text = self._tokenizer.decode(ids).strip()
                    found.append(Hypothesis(text, result.no_speech_prob,
                                            get_compression_ratio(text) if text else 0.0, rank))
        return found

    def hear(self, clip: Clip) -> Heard:
        """The reading that matches a question of the language best, or why none does."""
        readings = self.readings(clip)
        if self.domain is None:
            first = next((h for h in readings if not looks_made_up(h)), None)
            return Heard(first.text if first else "", why_not="" if first else "hallucination")
        return self.domain.heard(readings)

    def transcribe(self, clip: Clip) -> str:
        return self.hear(clip).text


_whisper_models: dict[tuple[str, int], object] = {}
_whisper_lock = threading.Lock()


def _whisper_model(loader: type, model: str, threads: int) -> object:
    """One loaded Whisper model per process, shared by every language (it is 300 MB in memory)."""
    with _whisper_lock:
        if (model, threads) not in _whisper_models:
            try:
                # Never download at a child's question: a name must already be on this machine.
                _whisper_models[model, threads] = loader(model, device="cpu", compute_type="int8",
                                                         cpu_threads=threads, local_files_only=True)
            except Exception as exc:  # huggingface_hub, ctranslate2 and OS errors alike
                raise SpeechError(f"the Whisper model '{model}' could not be loaded ({exc}); set "
                                  f"voice.whisper_model to a folder with model.bin") from None
        return _whisper_models[model, threads]


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
        engine = self.settings.stt_languages.get(lang) or self.settings.stt
        if engine == "off":
            raise SpeechError("speech recognition is switched off (voice.stt: off)")
        data = self.languages.get(lang)
        if data is None:
            raise SpeechError(f"this preschool has no language data for '{lang}'")
        if engine == "auto":
            engine = self._chosen(lang)
        sentences = tuple(phrases(data))
        if engine == "whisper":
            model = self.settings.whisper_model or WHISPER_BASE
            if model == WHISPER_BASE and not whisper_installed():
                raise SpeechError("Whisper is chosen but not installed "
                                  "(pip install 'preschool-assistant[whisper]')")
            folder = self.config_dir / model
            model = str(folder) if model != WHISPER_BASE and folder.is_dir() else model
            return Listener("whisper", lang, sentences, prompt(data, self.names), model,
                            threads=self.settings.whisper_threads)
        if engine == "vosk":
            model = self.settings.vosk_models.get(lang)
            if not model:
                raise SpeechError(f"no Vosk model for '{lang}' (voice.vosk_models)")
            return Listener("vosk", lang, sentences, "", str(self.config_dir / model))
        model_dir, dictionary = self._pocketsphinx_model(lang)
        return Listener("pocketsphinx", lang, sentences, "", str(model_dir), str(dictionary))

    def _chosen(self, lang: str) -> str:
        """`auto`: Whisper where it is installed and knows the language, else pocketsphinx where it
        has a model for it (English ships with it), else nothing (the child taps)."""
        if (self.settings.whisper_model or whisper_installed()) and lang in WHISPER_LANGUAGES:
            return "whisper"
        if lang == "en" or lang in self.settings.pocketsphinx_models:
            return "pocketsphinx"
        raise SpeechError(f"nothing here can listen in '{lang}': install the whisper extra "
                          "(pip install 'preschool-assistant[whisper]')")

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


def _words(hypothesis: str) -> str:
    """A hypothesis without pocketsphinx's markers (`<sil>`, `[NOISE]`, `word(2)`)."""
    words = [w.split("(")[0] for w in hypothesis.split() if not w.startswith(("<", "["))]
    return " ".join(words)


def without_homophones(sentences: list[str], pronunciations: dict[str, list[str]]) -> list[str]:
    """The sentences, less those using a spelling that is pronounced exactly like a word the
    sentences use more often (the commoner spelling is the one the language data means)."""
    uses = Counter(w for s in sentences for w in s.split())
    sound_of = {w: " ".join(pronunciations[w][0].split()[1:]) for w in uses}
    commonest: dict[str, str] = {}
    for word in sorted(uses, key=lambda w: (-uses[w], w)):
        commonest.setdefault(sound_of[word], word)
    return [s for s in sentences if all(commonest[sound_of[w]] == w for w in s.split())]


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
