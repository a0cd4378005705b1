"""Recognition for the web server: in worker processes, never on the event loop.

pocketsphinx holds Python's interpreter lock while it decodes, so in a thread of the server a
15-second recording would stop every other request (a health check, a child's tap) until it is
done. Here each recording is heard in a worker process of its own pool: the server stays free,
a recogniser that crashes takes only its worker with it, and a queue limit turns a flood of
uploads into quick 503s instead of a pile-up.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import numpy as np

from assistant.speech.audio import RATE, Clip
from assistant.speech.errors import SpeechError
from assistant.speech.stt import Listener, Recognizer, build
from assistant.speech.workers import process_pool

log = logging.getLogger(__name__)
WORKERS = 2
"""Recordings heard at the same time (one per core)."""
WAITING = 6
"""Recordings that may wait for a worker; more are refused at once (the caller answers 503)."""

_built: dict[Listener, Recognizer] = {}
"""In a worker process: the recognisers it has started, kept for the next recording."""


def _hear(listener: Listener, pcm: bytes) -> str:
    """In a worker process: what was said in 16 kHz 16-bit `pcm`."""
    recognizer = _built.get(listener)
    if recognizer is None:
        recognizer = _built[listener] = build(listener)
    samples = np.frombuffer(pcm, dtype="<i2").astype(np.int16)
    return recognizer.transcribe(Clip(samples, RATE))


def _warm(listeners: list[Listener], pcm: bytes) -> None:
    """In a worker process: start every recogniser, and decode once per model so its first real
    recording is as quick as the next (Whisper shares one model between its languages, so one
    decode per engine and model is enough; decoding silence in ten languages would only keep the
    first child waiting)."""
    decoded: set[tuple[str, str]] = set()
    for listener in listeners:
        model = (listener.engine, listener.model)
        try:
            if model in decoded:
                _built.setdefault(listener, build(listener))
            else:
                _hear(listener, pcm)
                decoded.add(model)
        except SpeechError as exc:
            log.warning("cannot start the %s recogniser for %s: %s", listener.engine, listener.lang, exc)


class Busy(Exception):
    """Every worker is busy and the queue is full."""


class ListeningPool:
    """A few worker processes that hear recordings, and a bounded queue in front of them."""

    def __init__(self, workers: int = WORKERS, waiting: int = WAITING):
        self.workers = workers
        """How many recordings are heard at once."""
        self._room = threading.BoundedSemaphore(workers + waiting)
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = process_pool(self.workers)
            return self._pool

    async def hear(self, listener: Listener, clip: Clip) -> str:
        """What was said in `clip` (already trimmed of silence); Busy when the queue is full."""
        if not self._room.acquire(blocking=False):
            raise Busy
        try:
            pcm = clip.at(RATE).pcm()
            future = self._executor().submit(_hear, listener, pcm)
            return await asyncio.wrap_future(future)
        except BrokenProcessPool:
            # A recogniser crashed its worker: start a new pool for the next recording.
            log.error("a listening worker stopped; starting new ones")
            with self._lock:
                self._pool = None
            raise SpeechError("the recogniser stopped unexpectedly; try again") from None
        finally:
            self._room.release()

    def warm_up(self, listeners: list[Listener]) -> None:
        """Start every worker's recognisers now (the first child does not wait for a model to load)."""
        silence = np.zeros(RATE // 2, dtype="<i2").tobytes()
        executor = self._executor()
        for _ in range(self.workers):
            executor.submit(_warm, list(listeners), silence)

    def close(self) -> None:
        """Stop the workers."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
