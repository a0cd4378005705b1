"""The speech commands: `assistant speak`, `assistant listen` and `assistant voice` (the kiosk)."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from assistant.config import DEFAULT_CONFIG_DIR, load_config
from assistant.core import Assistant
from assistant.errors import AssistantError


def add_speech_commands(sub: argparse._SubParsersAction) -> None:
    """Add speak, listen and voice to the `assistant` command."""
    from assistant.cli import add_common_options

    speak_parser = sub.add_parser("speak", help="say a text with the configured voice")
    add_common_options(speak_parser, now=False)
    speak_parser.add_argument("-o", "--output", type=Path,
                              help="write the WAV file here (default: play it on the sound card)")
    speak_parser.add_argument("text", nargs="+", help="what to say")

    listen_parser = sub.add_parser("listen", help="answer a spoken question from a WAV file")
    add_common_options(listen_parser)
    listen_parser.add_argument("--json", action="store_true", help="print the transcript and reply JSON")
    listen_parser.add_argument("wav", type=Path, help="16-bit PCM WAV file with the question")

    voice_parser = sub.add_parser("voice", help="the kiosk: press the talk key, ask, hear the answer")
    add_common_options(voice_parser)


def speak(args: argparse.Namespace) -> int:
    from assistant.speech import SpeechService
    from assistant.speech.audio import SoundCard, play_file

    config_dir = Path(args.config or DEFAULT_CONFIG_DIR)
    config = load_config(config_dir)
    lang = args.lang or config.default_language
    # No language model is needed to speak, so any language code may be tried (eSpeak has ~100).
    audio = SpeechService(config, config_dir).say(" ".join(args.text), lang)
    if audio.path is None:
        raise AssistantError(f"no audio: {audio.reason}")
    if args.output:
        shutil.copyfile(audio.path, args.output)
        print(f"{args.output} ({audio.engine}, {lang})")
    else:
        play_file(SoundCard(), audio.path)
    return 0


def listen(args: argparse.Namespace, assistant: Assistant) -> int:
    from assistant.speech.audio import read_wav
    from assistant.speech.turn import answer_clip

    if not args.wav.is_file():
        raise AssistantError("no such file", args.wav)
    assistant.prepare(args.now)
    heard = answer_clip(assistant, read_wav(args.wav.read_bytes()), args.lang, "cli", args.now)
    if args.json:
        print(json.dumps({"transcript": heard.transcript, "reply": heard.reply.to_json()},
                         ensure_ascii=False, indent=2))
    else:
        print(f"heard: {heard.transcript}")
        print(heard.reply.text)
    return 0


def voice(args: argparse.Namespace, assistant: Assistant) -> int:
    from assistant.refresh import BackgroundRefresher
    from assistant.speech.ahead import after_refresh
    from assistant.speech.audio import SoundCard
    from assistant.speech.kiosk import Kiosk, key_presses

    device = SoundCard()  # fails here, with what to install, when there is no sound card
    assistant.prepare(args.now)
    refresher = BackgroundRefresher(assistant.registry.skills, assistant.now,
                                    on_refreshed=[after_refresh(assistant)]).start()
    try:
        kiosk = Kiosk(assistant, device, assistant.language(args.lang), args.now)
        kiosk.run(key_presses(assistant.config.voice.talk_key, sys.stdin))
    finally:
        refresher.stop()
    return 0
