"""How clearly the offline voice speaks each language: the assistant's answers said by eSpeak NG,
written back by Whisper (the whisper extra) told the language, and the word and character error
rates of what it wrote.

    python benchmarks/roundtrip.py [--langs sv ar ...] [--settings plain rate110 rate170 +f3 vowels]

A setting is `plain` (the preschool's voice as configured), `rateN` (N words per minute), `+VARIANT`
(an eSpeak NG voice variant such as +f3 or +m3) or `vowels` (Arabic only: vowel marks added by the
libtashkeel model that the piper extra ships, before eSpeak NG reads the text).

The judge is Whisper base: where it knows a language poorly (Arabic, Persian) every voice scores
badly, so compare settings within a language, not languages with each other. The answers are the
assistant's own replies at a fixed clock to the first examples of each intent.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import statistics

import numpy as np
from rapidfuzz.distance import Levenshtein

from assistant.core import Assistant
from assistant.nlu.normalize import Normalizer
from assistant.speech import SpeechService, espeak
from assistant.speech.audio import Clip
from assistant.speech.errors import SpeechError
from assistant.speech.tts import DEFAULT_VOICES
from assistant.turn import Query

NOW = dt.datetime(2026, 2, 3, 9, 15)
INTENTS = ["time", "date", "menu", "weather", "clothing", "greet", "goodbye", "thanks", "help", "about"]


def answers(assistant: Assistant, lang: str) -> list[str]:
    """The assistant's spoken replies to the first example of each intent that it answers as meant."""
    found: dict[str, None] = {}
    examples = assistant.languages[lang].examples
    for intent in INTENTS:
        for example in [e for e in examples if e.intent == intent][:3]:
            reply = assistant.handle(Query(example.text, lang, f"roundtrip-{lang}", NOW))
            if reply.intent == intent and reply.speech:
                found[reply.speech] = None
                break
    return list(found)


def error_rates(said: str, heard: str) -> tuple[float, float]:
    """Word and character error rate of `heard` against `said` (case, punctuation and marks aside)."""
    ref, hyp = Normalizer.basic(said), Normalizer.basic(heard)
    words = Levenshtein.distance(ref.split(), hyp.split()) / max(1, len(ref.split()))
    ref_chars, hyp_chars = ref.replace(" ", ""), hyp.replace(" ", "")
    chars = Levenshtein.distance(ref_chars, hyp_chars) / max(1, len(ref_chars))
    return words, chars


def spoken(text: str, lang: str, voice: str, setting: str, rate: int, pitch: int) -> Clip | None:
    """`text` said by eSpeak NG with one setting (None when the setting does not apply)."""
    engine = espeak.library() or espeak.program()
    if setting.startswith("rate"):
        rate = int(setting[4:])
    elif setting.startswith("+"):
        if not engine.has_voice(voice + setting):
            return None
        voice += setting
    elif setting == "vowels":
        if lang != "ar":
            return None
        text = _diacritizer()(text)
    said = engine.say(text, voice, rate, pitch)
    return Clip(np.asarray(said.samples, dtype=np.int16), said.rate)


@functools.cache
def _diacritizer():
    """libtashkeel from the piper extra, loaded once."""
    from piper.tashkeel import TashkeelDiacritizer

    return TashkeelDiacritizer()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--langs", nargs="+")
    parser.add_argument("--settings", nargs="+", default=["plain"])
    args = parser.parse_args()
    assistant = Assistant.from_config_dir(None)
    voice_settings = assistant.config.voice.model_copy(update={"stt": "whisper"})
    config = assistant.config.model_copy(update={"voice": voice_settings})
    service = SpeechService(config, assistant.config_dir, assistant.languages,
                            [assistant.config.preschool.assistant_name])
    engine = espeak.library() or espeak.program()
    for lang in args.langs or assistant.config.languages:
        voice = voice_settings.voices.get(lang) or DEFAULT_VOICES.get(lang, lang)
        if engine is None or not engine.has_voice(voice):
            print(f"{lang}: eSpeak NG has no voice for it here")
            continue
        try:
            whisper = service.recognition.recognizer(lang)
            whisper.MAX_NEW_TOKENS = 160   # answers are longer than questions: do not cut them
        except SpeechError as exc:
            print(f"{lang}: cannot listen ({exc.message})")
            continue
        texts = answers(assistant, lang)
        for setting in args.settings:
            rates = []
            for text in texts:
                clip = spoken(text, lang, voice, setting, voice_settings.rate, voice_settings.pitch)
                if clip is None:
                    break
                readings = whisper.readings(clip)   # the open reading: no closed-domain snapping
                rates.append(error_rates(text, readings[0].text if readings else ""))
            if not rates:
                continue
            wer = statistics.mean(r[0] for r in rates)
            cer = statistics.mean(r[1] for r in rates)
            print(f"{lang} {voice} {setting}: WER {wer:.2f}, CER {cer:.2f} over {len(rates)} answers",
                  flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
