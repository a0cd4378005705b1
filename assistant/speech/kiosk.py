"""The kiosk: press a key (or a big button that sends one), ask, hear the answer. Push-to-talk only.

A preschool cloakroom is noisy and several children talk at once, so the microphone is open only
after a press, until the child stops speaking, and never while the assistant speaks.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO

from assistant.core import Assistant
from assistant.speech import service_for
from assistant.speech.audio import AudioDevice, Endpointer, VoiceActivity, play_file
from assistant.speech.turn import answer_clip

QUIT_KEYS = {"q", "\x04", "\x1b"}


@dataclass
class Kiosk:
    """The push-to-talk loop around one assistant, one language and one sound device."""

    assistant: Assistant
    """The assistant that answers."""
    device: AudioDevice
    """Microphone and speaker."""
    lang: str
    """The language children speak to this kiosk."""
    now: dt.datetime | None = None
    """A fixed clock (trying things out)."""
    out: TextIO = sys.stdout
    """Where the kiosk tells what it heard and answered."""

    def run(self, presses: Iterator[None]) -> int:
        """One turn per press until the presses end; returns the number of turns answered."""
        voice = self.assistant.config.voice
        vad = VoiceActivity()
        speech = service_for(self.assistant)
        turns = 0
        for _ in presses:
            self._tell("listening ...")
            endpointer = Endpointer(voice.silence_seconds, voice.max_listen_seconds)
            clip = self.device.record(endpointer, vad)  # returns with the microphone closed
            if not len(clip.samples):
                self._tell("(heard nothing)")
                continue
            heard = answer_clip(self.assistant, clip, self.lang, "kiosk", self.now)
            # A kiosk's output usually ends up in a log: the child's words only when a teacher allows.
            if self.assistant.config.privacy.log_transcripts:
                self._tell(f"heard: {heard.transcript or '(not understood)'}")
            else:
                self._tell(f"understood: {heard.reply.intent}")
            self._tell(f"{self.assistant.config.preschool.assistant_name}: {heard.reply.text}")
            audio = speech.say(heard.reply.speech, heard.reply.lang)
            if audio.path:
                play_file(self.device, audio.path)
            else:
                self._tell(f"(no voice: {audio.reason})")
            turns += 1
        return turns

    def _tell(self, line: str) -> None:
        print(line, file=self.out, flush=True)


def key_presses(key: str, stream: TextIO = sys.stdin, out: TextIO = sys.stdout) -> Iterator[None]:
    """One item per press of the talk key; ends on q, Esc, Ctrl-D or the end of input.

    At a terminal a single key counts (no Enter needed); from a pipe each line is one press.
    """
    wanted = {"enter": "\n", "space": " "}.get(key, key)
    name = {"\n": "Enter", " ": "the space bar"}.get(wanted, repr(wanted))
    print(f"Press {name} to talk (q or Ctrl-D ends).", file=out, flush=True)
    if not stream.isatty() or wanted == "\n":
        for line in stream:
            if line.strip().lower() in QUIT_KEYS:
                return
            yield
        return
    with _single_keys(stream):
        while True:
            char = os.read(stream.fileno(), 1).decode("utf-8", "replace")
            if not char or char.lower() in QUIT_KEYS:
                return
            if char == wanted or (wanted == "\n" and char == "\r"):
                yield


@contextlib.contextmanager
def _single_keys(stream: TextIO) -> Iterator[None]:
    import termios
    import tty

    saved = termios.tcgetattr(stream.fileno())
    try:
        tty.setcbreak(stream.fileno())
        yield
    finally:
        termios.tcsetattr(stream.fileno(), termios.TCSADRAIN, saved)
