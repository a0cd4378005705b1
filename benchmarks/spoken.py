"""Spoken questions in every language, through the recognisers the preschool would use.

    python benchmarks/speech.py spoken [--langs sv en ...] [--engines auto pocketsphinx whisper]
                                       [--sentences 30]

The questions are the held-out sentences (benchmarks/heldout/<lang>*.yml: written apart from the
training data, and tested to stay out of it), said by eSpeak NG with several voices, speeds and
pitches, each once clean and once with white noise at 15 dB SNR, padded with quiet room noise as a
microphone gives. Plus noise and silence alone. Per language and engine: intent accuracy (clean,
noisy), how often nothing was heard, false distress on noise and non-questions, CPU per clip.

This is synthetic speech: read the figures as a comparison of engines and settings, not as what a
four-year-old in a cloakroom gets. Somali has no eSpeak NG voice, so no Somali speech can be made.
"""

from __future__ import annotations

import random
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

from assistant.core import Assistant
from assistant.speech import SpeechService, espeak
from assistant.speech.audio import RATE, Clip
from assistant.speech.errors import SpeechError
from assistant.turn import Query

HELDOUT = Path(__file__).parent / "heldout"
SNR_DB = 15.0
VARIANTS = ["", "+f3", "+m3", "+f2"]
SKILL_INTENTS = {"menu", "weather", "clothing", "time", "date"}


@dataclass
class Spoken:
    """One spoken test item."""

    text: str
    intent: str
    clip: Clip
    noisy: bool


@dataclass
class Tally:
    right: list[bool] = field(default_factory=list)
    noisy_right: list[bool] = field(default_factory=list)
    empty: int = 0
    false_distress: int = 0
    answered_nonsense: int = 0
    nonsense: int = 0
    cpu: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)


def voice_of(lang: str) -> str | None:
    """eSpeak NG's voice for the language here (None: it has none)."""
    library = espeak.library() or espeak.program()
    name = {"en": "en-us"}.get(lang, lang)
    return name if library and library.has_voice(name) else None


def say(text: str, voice: str, rng: random.Random) -> Clip:
    engine = espeak.library() or espeak.program()
    variant = rng.choice(VARIANTS)
    spoken = engine.say(text, voice + variant if engine.has_voice(voice + variant) else voice,
                        rng.randint(130, 170), rng.randint(40, 70))
    return Clip(spoken.samples, spoken.rate).at(RATE)


def padded(clip: Clip, rng: np.random.Generator) -> Clip:
    """Quiet room noise before and after, as a microphone never gives digital silence."""
    lead, tail = (int(RATE * rng.uniform(0.3, 0.5)) for _ in range(2))
    room = rng.normal(0, 25, lead + tail).astype(np.float64)
    samples = np.concatenate([room[:lead], clip.samples.astype(np.float64), room[lead:]])
    return Clip(np.clip(samples, -32768, 32767).astype(np.int16), RATE)


def noisy(clip: Clip, rng: np.random.Generator) -> Clip:
    speech = clip.samples.astype(np.float64)
    active = speech[np.abs(speech) > 200]
    power = float(np.mean(active ** 2)) if len(active) else 1.0
    noise = rng.normal(0, np.sqrt(power / 10 ** (SNR_DB / 10)), len(speech))
    return Clip(np.clip(speech + noise, -32768, 32767).astype(np.int16), RATE)


def noise_only(rng: np.random.Generator) -> list[Clip]:
    """Things that are not a question: hiss, hum, a clap, murmur-like noise, near silence."""
    n = 2 * RATE
    t = np.arange(n) / RATE
    clips = [rng.normal(0, s, n) for s in (150, 600, 2000)]
    clips.append(800 * np.sin(2 * np.pi * 50 * t) + rng.normal(0, 50, n))
    clap = rng.normal(0, 40, n)
    clap[RATE // 2: RATE // 2 + 800] += rng.normal(0, 9000, 800)
    clips.append(clap)
    brown = np.cumsum(rng.normal(0, 60, n))
    clips.append(brown - np.convolve(brown, np.ones(400) / 400, mode="same"))
    return [Clip(np.clip(c, -32768, 32767).astype(np.int16), RATE) for c in clips]


def items(lang: str, count: int, seed: int = 11) -> list[tuple[str, str]]:
    """Held-out sentences of the language, spread over its intents."""
    found: list[tuple[str, str]] = []
    for path in sorted(HELDOUT.glob(f"{lang}.yml")) + sorted(HELDOUT.glob(f"{lang}-*.yml")):
        for intent, texts in yaml.safe_load(path.read_text(encoding="utf-8"))["intents"].items():
            found += [(intent, t) for t in texts]
    rng = random.Random(seed)
    rng.shuffle(found)
    # Every intent gets its share, the skills' questions most.
    by_intent: dict[str, list[tuple[str, str]]] = {}
    for intent, text in found:
        by_intent.setdefault(intent, []).append((intent, text))
    chosen, depth = [], 0
    while len(chosen) < count and any(depth < len(v) for v in by_intent.values()):
        for intent in sorted(by_intent, key=lambda i: (i not in SKILL_INTENTS, i)):
            if depth < len(by_intent[intent]) and len(chosen) < count:
                chosen.append(by_intent[intent][depth])
        depth += 1
    return chosen


def run(assistant: Assistant, langs: list[str], engines: list[str], count: int) -> None:
    for lang in langs:
        voice = voice_of(lang)
        if voice is None:
            print(f"{lang}: eSpeak NG has no voice for it here, so no spoken questions can be made")
            continue
        rng, nrng = random.Random(3), np.random.default_rng(3)
        spoken: list[Spoken] = []
        for intent, text in items(lang, count):
            clean = padded(say(text, voice, rng), nrng)
            spoken += [Spoken(text, intent, clean, False),
                       Spoken(text, intent, noisy(padded(say(text, voice, rng), nrng), nrng), True)]
        noises = noise_only(nrng)
        for engine in engines:
            voice_settings = assistant.config.voice.model_copy(update={"stt": engine})
            config = assistant.config.model_copy(update={"voice": voice_settings})
            recognition = SpeechService(config, assistant.config_dir, assistant.languages,
                                        [assistant.config.preschool.assistant_name]).recognition
            try:
                started = time.perf_counter()
                recognition.recognizer(lang)
                load = time.perf_counter() - started
            except SpeechError as exc:
                print(f"{lang} {engine}: cannot listen ({exc.message})")
                continue
            name = recognition.listener(lang).engine
            tally = Tally()
            for item in spoken:
                cpu = time.process_time()
                heard = recognition.transcribe(item.clip, lang)
                tally.cpu.append(time.process_time() - cpu)
                reply = assistant.handle(Query(heard, lang, f"bench-{lang}"))
                right = reply.intent == item.intent
                (tally.noisy_right if item.noisy else tally.right).append(right)
                tally.empty += not heard
                if item.intent == "out_of_scope":
                    tally.nonsense += 1
                    tally.false_distress += reply.intent == "distress"
                    if reply.intent == "distress":
                        tally.misses.append(f"FALSE DISTRESS: {item.text!r} heard {heard!r}")
                    tally.answered_nonsense += reply.intent in SKILL_INTENTS
                if not right and not item.noisy:
                    tally.misses.append(f"{item.text!r} ({item.intent}) heard {heard!r} -> {reply.intent}")
            for clip in noises:
                cpu = time.process_time()
                heard = recognition.transcribe(clip, lang)
                tally.cpu.append(time.process_time() - cpu)
                reply = assistant.handle(Query(heard, lang, f"bench-{lang}"))
                tally.nonsense += 1
                tally.false_distress += reply.intent == "distress"
                tally.answered_nonsense += reply.intent in SKILL_INTENTS
                if reply.intent == "distress":
                    tally.misses.append(f"FALSE DISTRESS: a noise heard {heard!r}")
            report(lang, f"{engine} ({name})", tally, load)


def report(lang: str, engine: str, tally: Tally, load: float) -> None:
    clean = sum(tally.right) / max(1, len(tally.right))
    noise = sum(tally.noisy_right) / max(1, len(tally.noisy_right))
    total = len(tally.right) + len(tally.noisy_right)
    print(f"{lang} {engine}: intent right clean {clean:.0%} ({sum(tally.right)}/{len(tally.right)}), "
          f"noisy {noise:.0%} ({sum(tally.noisy_right)}/{len(tally.noisy_right)}); nothing heard "
          f"{tally.empty}/{total}; of {tally.nonsense} non-questions and noises: answered by a skill "
          f"{tally.answered_nonsense}, false distress {tally.false_distress}; CPU per clip p50 "
          f"{statistics.median(tally.cpu) * 1000:.0f} ms; start {load:.2f} s", flush=True)
    # False distress first: the safety figure a reader must be able to check.
    ordered = sorted(tally.misses, key=lambda m: not m.startswith("FALSE DISTRESS"))
    for miss in ordered[:8]:
        print(f"    miss: {miss}")
