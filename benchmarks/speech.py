"""Speech figures: serving a cached answer, eSpeak NG synthesis, pocketsphinx recognition, the VAD.

    python benchmarks/speech.py [--runs 30] [--sentences 60]

Targets (issue 5): a cached answer's audio served in p50 < 20 ms; eSpeak NG synthesis of a typical
answer < 200 ms; pocketsphinx recognition of a 3 s question < 300 ms.

Recognition accuracy is measured on the held-out sentences (benchmarks/heldout/en.yml) said by
eSpeak NG: synthetic speech, so read it as a smoke test, not as what a four-year-old gets.
Runs on a temporary copy of the example preschool; nothing reaches the internet.
"""

from __future__ import annotations

import argparse
import random
import shutil
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import requests
import uvicorn
import yaml

from assistant.config import EXAMPLE_CONFIG_DIR
from assistant.core import Assistant
from assistant.speech import espeak, service_for
from assistant.speech.audio import RATE, Clip, VoiceActivity, read_wav
from assistant.speech.tts import Espeak

HELDOUT = Path(__file__).parent / "heldout"
ANSWERS = {"sv": "Idag blir det fiskbullar med potatis. Imorgon blir det pannkakor med sylt.",
           "en": "Today we're having fish balls with potatoes. Tomorrow it's pancakes with jam."}


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def example_preschool() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="speech-bench-")) / "config"
    shutil.copytree(EXAMPLE_CONFIG_DIR, folder, ignore=shutil.ignore_patterns("var"))
    path = folder / "assistant.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # Nothing answers on the discard port: no benchmark reaches the internet.
    data.setdefault("skills", {}).setdefault("weather", {})["base_url"] = "http://127.0.0.1:9"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


def espeak_clip(text: str, voice: str = "en-us") -> Clip:
    spoken = espeak.library().say(text, voice, 175, 50)
    return Clip(spoken.samples, spoken.rate).at(RATE)


def synthesis(assistant: Assistant, runs: int) -> None:
    """eSpeak NG in-process (the wheel's library) against Debian's program, the same voices."""
    backends = [("library", espeak.library()), ("program", espeak.program())]
    for lang, text in ANSWERS.items():
        for name, backend in backends:
            if backend is None:
                print(f"eSpeak NG {name}: not installed here")
                continue
            engine = Espeak(assistant.config.voice, backend)
            engine.voice(lang)  # the voice look-up happens once per process
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                wav = engine.synthesize(text, lang)
                times.append(time.perf_counter() - started)
            seconds = read_wav(wav).seconds
            print(f"eSpeak NG {name} {backend.version}, {lang}, {len(text)} characters "
                  f"({seconds:.1f} s of speech): p50 {ms(statistics.median(times))}, "
                  f"p90 {ms(p(times, 0.9))}  (target < 200 ms)")


def serving(assistant: Assistant, runs: int) -> None:
    from assistant.web import create_app

    service = service_for(assistant)
    audio = service.say(ANSWERS["en"], "en")
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        again = service.say(ANSWERS["en"], "en")
        times.append(time.perf_counter() - started)
    assert again.cached
    print(f"say() of a cached answer: p50 {ms(statistics.median(times))}, p90 {ms(p(times, 0.9))}")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(assistant), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    url = f"http://127.0.0.1:{port}{audio.url}"
    times = []
    with requests.Session() as session:
        for _ in range(runs):
            started = time.perf_counter()
            response = session.get(url, timeout=10)
            response.raise_for_status()
            times.append(time.perf_counter() - started)
    server.should_exit = True
    thread.join(timeout=5)
    size = len(response.content) // 1024
    print(f"GET /api/speech/<id> ({size} KB WAV): p50 {ms(statistics.median(times))}, "
          f"p90 {ms(p(times, 0.9))}  (target p50 < 20 ms)")


def recognition(assistant: Assistant, runs: int, sentences: int) -> None:
    from assistant.speech import SpeechService

    voice = assistant.config.voice.model_copy(update={"stt": "pocketsphinx"})
    service = SpeechService(assistant.config.model_copy(update={"voice": voice}), assistant.config_dir,
                            assistant.languages, [assistant.config.preschool.assistant_name])
    started = time.perf_counter()
    service.recognition.recognizer("en")
    recognizer = service.recognition.recognizer("en")
    print(f"pocketsphinx start-up (grammar of {len(recognizer.sentences)} English sentences): "
          f"{ms(time.perf_counter() - started)}")
    question = espeak_clip("what are we having for lunch tomorrow")
    # A microphone is never digitally silent: pad to 3 s with quiet room noise.
    noise = np.random.default_rng(0).normal(0, 40, 3 * RATE - len(question.samples)).astype(np.int16)
    lead = len(noise) // 3
    clip = Clip(np.concatenate([noise[:lead], question.samples, noise[lead:]]), RATE)
    times, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        text = service.transcribe(clip, "en")
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    print(f"pocketsphinx, a {clip.seconds:.1f} s question -> {text!r}: p50 {ms(statistics.median(times))}, "
          f"p90 {ms(p(times, 0.9))}, CPU p50 {ms(statistics.median(cpu))}  (target < 300 ms)")
    heldout = yaml.safe_load((HELDOUT / "en.yml").read_text(encoding="utf-8"))["intents"]
    items = [(intent, text) for intent, texts in heldout.items() for text in texts]
    items = random.Random(5).sample(items, min(sentences, len(items)))
    right = empty = 0
    decode = []
    for intent, text in items:
        spoken = espeak_clip(text)
        started = time.perf_counter()
        heard = service.transcribe(spoken, "en")
        decode.append(time.perf_counter() - started)
        empty += not heard
        right += assistant.parse(heard, "en").intent == intent
    print(f"pocketsphinx on {len(items)} held-out English sentences said by eSpeak NG: intent right "
          f"{right / len(items):.0%}, nothing heard {empty / len(items):.0%}, "
          f"p50 {ms(statistics.median(decode))}")


def voice_activity(runs: int) -> None:
    vad = VoiceActivity()
    frame = np.random.default_rng(0).normal(0, 1000, VoiceActivity.frame).astype("<i2").tobytes()
    started = time.perf_counter()
    for _ in range(runs * 10):
        vad(frame)
    each = (time.perf_counter() - started) / (runs * 10)
    print(f"Silero VAD: {ms(each)} per 32 ms frame ({each / 0.032:.1%} of real time)")


def ahead(assistant: Assistant) -> None:
    from assistant.speech.ahead import speak_ahead

    started = time.perf_counter()
    made = speak_ahead(assistant, service_for(assistant), assistant.now())
    print(f"answers spoken ahead of time after a refresh: {made} in {time.perf_counter() - started:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("part", nargs="?", default="all", choices=["all", "latency", "spoken"],
                        help="latency: synthesis, serving and the VAD; spoken: questions said by "
                             "eSpeak NG, heard by each engine, in each language")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--sentences", type=int, default=30, help="held-out sentences per language")
    parser.add_argument("--langs", nargs="+", help="languages of the spoken part (default: all)")
    parser.add_argument("--engines", nargs="+", default=["auto", "pocketsphinx", "whisper"])
    args = parser.parse_args()
    assistant = Assistant.from_config_dir(example_preschool()).ready()
    if args.part in ("all", "latency"):
        synthesis(assistant, args.runs)
        serving(assistant, args.runs)
        recognition(assistant, args.runs, args.sentences)
        voice_activity(args.runs)
        ahead(assistant)
    if args.part in ("all", "spoken"):
        from spoken import run  # benchmarks/spoken.py, beside this script

        run(assistant, args.langs or assistant.config.languages, args.engines, args.sentences)


if __name__ == "__main__":
    main()
