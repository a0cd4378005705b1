"""eSpeak NG, the offline voice: in-process from the `espeakng-loader` wheel, else Debian's program.

The wheel ships `libespeak-ng` and its voice data, so `pip install` alone makes the assistant speak.
The library is driven through ctypes in synchronous mode: one call per sentence, no process started.
Where the wheel cannot load (a platform it has no build for), the `espeak-ng` program is used with
the same voice, rate and pitch.
"""

from __future__ import annotations

import ctypes
import logging
import re
import shutil
import subprocess
import threading
from dataclasses import dataclass
from functools import cache

import numpy as np

from assistant.speech.errors import SpeechError

log = logging.getLogger(__name__)
PROGRAM_SECONDS = 10.0
"""The program needs 15–50 ms for an answer; this only stops a wedged process."""
INSTALL_HINT = "pip install espeakng-loader, or apt-get install espeak-ng"

# From espeak-ng's speak_lib.h.
_SYNCHRONOUS = 2
_RATE, _PITCH = 1, 3
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_EE_OK = 0
_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)


@dataclass
class Spoken:
    """Audio made by eSpeak NG."""

    samples: np.ndarray
    """Mono 16-bit samples."""
    rate: int
    """Samples per second (22 050)."""


class Library:
    """libespeak-ng from the `espeakng-loader` wheel. eSpeak keeps one global state, so a lock
    serialises every call; a sentence takes a few milliseconds."""

    name = "library"

    def __init__(self, path: str, data: str):
        lib = ctypes.CDLL(path)
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetVoiceByName.restype = ctypes.c_int
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_Synth.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
                                     ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
        lib.espeak_Synth.restype = ctypes.c_int
        lib.espeak_Info.argtypes = [ctypes.POINTER(ctypes.c_char_p)]
        lib.espeak_Info.restype = ctypes.c_char_p
        rate = lib.espeak_Initialize(_SYNCHRONOUS, 0, data.encode(), 0)
        if rate <= 0:
            raise OSError(f"espeak_Initialize failed ({rate}) with the data in {data}")
        self._lib = lib
        self.rate = rate
        """Samples per second of everything it says."""
        self.version = (lib.espeak_Info(None) or b"?").decode()
        """eSpeak NG's version, e.g. 1.52.0."""
        self._chunks: list[bytes] = []
        # Kept on the object: ctypes must not free the callback while the library holds it.
        self._callback = _CALLBACK(self._collect)
        lib.espeak_SetSynthCallback(self._callback)
        self._lock = threading.Lock()
        self._voices: dict[str, bool] = {}

    def _collect(self, wav: ctypes.POINTER(ctypes.c_short), count: int, events: int) -> int:
        if count > 0:
            self._chunks.append(ctypes.string_at(wav, count * 2))
        return 0

    def has_voice(self, name: str) -> bool:
        """Whether eSpeak knows the voice (`sv`, `en-us`, `gmq/sv`, `sv+f3`)."""
        with self._lock:
            if name not in self._voices:
                # A name it lacks returns EE_NOT_FOUND and keeps the previous voice: check the code.
                self._voices[name] = self._lib.espeak_SetVoiceByName(name.encode()) == _EE_OK
            return self._voices[name]

    def say(self, text: str, voice: str, rate: int, pitch: int) -> Spoken:
        """`text` in `voice` at `rate` words per minute."""
        data = text.encode("utf-8")
        with self._lock:
            if self._lib.espeak_SetVoiceByName(voice.encode()) != _EE_OK:
                raise SpeechError(f"eSpeak NG has no voice '{voice}'")
            self._lib.espeak_SetParameter(_RATE, rate, 0)
            self._lib.espeak_SetParameter(_PITCH, pitch, 0)
            self._chunks = []
            code = self._lib.espeak_Synth(data, len(data) + 1, 0, _POS_CHARACTER, 0, _CHARS_UTF8,
                                          None, None)
            self._lib.espeak_Synchronize()
            pcm, self._chunks = b"".join(self._chunks), []
        if code != _EE_OK:
            raise SpeechError(f"eSpeak NG failed (error {code})")
        return Spoken(np.frombuffer(pcm, dtype=np.int16).copy(), self.rate)


class Program:
    """Debian's `espeak-ng` program, one process per sentence: the fallback where the wheel cannot load."""

    name = "program"

    def __init__(self, path: str):
        self.path = path
        """The program's file."""
        self._voices: dict[str, bool] = {}
        said = self._run(["--version"], b"").decode("utf-8", "replace")
        found = re.search(r"\d+\.\d+(\.\d+)?", said)
        self.version = found.group(0) if found else "?"
        """The program's version, e.g. 1.51."""

    def has_voice(self, name: str) -> bool:
        if name not in self._voices:
            self._voices[name] = self._find_voice(name)
        return self._voices[name]

    def _find_voice(self, name: str) -> bool:
        # `--voices=xx` lists the voices for language xx; a language it lacks (Somali) lists none.
        listing = self._run(["--voices=" + name], b"").decode("utf-8", "replace").splitlines()[1:]
        if listing:
            return True
        # A voice may also be named by its file (`gmw/en-US`) or a variant (`en-us+f3`).
        try:
            probe = subprocess.run([self.path, "-q", "-v", name, "x"], capture_output=True,
                                   timeout=PROGRAM_SECONDS)
        except subprocess.TimeoutExpired:
            return False
        return probe.returncode == 0 and not probe.stderr

    def say(self, text: str, voice: str, rate: int, pitch: int) -> Spoken:
        from assistant.speech.audio import read_wav

        args = ["-v", voice, "-s", str(rate), "-p", str(pitch), "-b", "1", "--stdout", "--stdin"]
        # The text goes in on stdin, so an answer starting with "-" is never read as an option.
        clip = read_wav(self._run(args, text.encode("utf-8")))
        return Spoken(clip.samples, clip.rate)

    def _run(self, args: list[str], stdin: bytes) -> bytes:
        try:
            done = subprocess.run([self.path, *args], input=stdin, capture_output=True,
                                  timeout=PROGRAM_SECONDS)
        except subprocess.TimeoutExpired:
            raise SpeechError("the espeak-ng program did not finish") from None
        except OSError as exc:
            raise SpeechError(f"the espeak-ng program could not start: {exc.strerror}") from None
        if done.returncode != 0:
            raise SpeechError(f"espeak-ng failed: {done.stderr.decode('utf-8', 'replace').strip()}")
        return done.stdout


Backend = Library | Program


@cache
def library() -> Library | None:
    """The wheel's libespeak-ng, loaded once per process; None where it cannot load."""
    try:
        import espeakng_loader
    except ImportError:
        return None
    try:
        return Library(espeakng_loader.get_library_path(), espeakng_loader.get_data_path())
    except (OSError, RuntimeError, AttributeError) as exc:
        log.warning("eSpeak NG from the espeakng-loader wheel could not load (%s); "
                    "trying the espeak-ng program", exc)
        return None


@cache
def program(name: str = "espeak-ng") -> Program | None:
    """Debian's espeak-ng program, if it is installed and runs."""
    path = shutil.which(name)
    if path is None:
        return None
    try:
        return Program(path)
    except SpeechError as exc:
        log.warning("the espeak-ng program at %s does not run: %s", path, exc.message)
        return None


def backend(prefer: str = "library") -> Backend | None:
    """The library where it loads, else the program (`prefer="program"` tries the program first)."""
    order = (program, library) if prefer == "program" else (library, program)
    for find in order:
        found = find()
        if found is not None:
            return found
    return None
