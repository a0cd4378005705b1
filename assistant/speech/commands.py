"""The speech commands: `assistant speak`, `assistant listen` and `assistant voice` (the kiosk)."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from typing import TYPE_CHECKING

from assistant.errors import AssistantError

if TYPE_CHECKING:
    from assistant.core import Assistant


def speak(args: argparse.Namespace, assistant: Assistant) -> int:
    from assistant.speech.audio import SoundCard, play_file

    lang = args.lang or assistant.config.default_language
    # No language model is needed to speak, so any language code may be tried (eSpeak has ~100).
    audio = assistant.speech.say(" ".join(args.text), lang)
    if audio.path is None:
        raise AssistantError(f"no audio: {audio.reason}")
    if args.output:
        shutil.copyfile(audio.path, args.output)
        print(f"{args.output} ({audio.engine}, {lang})")
    else:
        play_file(SoundCard(listen=False), audio.path)
    return 0


def listen(args: argparse.Namespace, assistant: Assistant) -> int:
    from assistant.speech.audio import read_wav
    from assistant.speech.turn import answer_clip

    if not args.wav.is_file():
        raise AssistantError("no such file", args.wav)
    heard = answer_clip(assistant, read_wav(args.wav.read_bytes()), args.lang, "cli", args.now,
                        refresh=True)
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
