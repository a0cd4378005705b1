"""Recordings that lie about themselves get a 4xx with a message, and hearing one never holds up
the rest of the server: recognition runs in worker processes behind a bounded queue."""

from __future__ import annotations

import concurrent.futures
import struct
import threading

import numpy as np
import pytest
import requests

from assistant.core import Assistant
from assistant.speech.audio import Clip
from assistant.web import create_app
from tests.fixtures.speech.voices import espeak_wav, preschool
from tests.support.web import ThreadServer

WAV = {"Content-Type": "audio/wav"}


def header(rate: int, frames: int, block_align: int = 2, channels: int = 1, bits: int = 16,
           fmt_length: int = 16) -> bytes:
    """A WAV header that may lie: its block size, its rate, a cut-off fmt chunk."""
    fmt = struct.pack("<HHIIHH", 1, channels, rate, rate * block_align, block_align, bits)[:fmt_length]
    data_size = frames * channels * bits // 8
    return (b"RIFF" + struct.pack("<I", 4 + 8 + len(fmt) + 8 + data_size) + b"WAVE"
            + b"fmt " + struct.pack("<I", fmt_length) + fmt + b"data" + struct.pack("<I", data_size))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    assistant = Assistant.from_config_dir(preschool(tmp_path_factory.mktemp("uploads") / "config")).ready()
    running = ThreadServer(create_app(assistant))
    yield running.url
    running.close()


def test_a_header_that_hides_the_length_is_measured_by_its_samples(server) -> None:
    """60 s of audio whose block size says it is 64 times shorter (0.94 s) is still 60 s."""
    frames = 60 * 16000
    body = header(16000, frames, block_align=128) + bytes(frames * 2)
    response = requests.post(f"{server}/api/listen", data=body, headers=WAV, timeout=30)
    assert response.status_code == 413 and "60.0 s long" in response.json()["detail"]


def test_a_recording_at_a_made_up_low_rate_is_refused_before_resampling(server) -> None:
    """200 KB declared at 100 Hz would be 1,000 s of audio resampled to 16 kHz (hundreds of MB)."""
    body = header(100, 100_000) + bytes(200_000)
    response = requests.post(f"{server}/api/listen", data=body, headers=WAV, timeout=30)
    assert response.status_code == 413 and "at most 15 s" in response.json()["detail"]
    eight_khz = Clip(np.zeros(16000, dtype=np.int16), 8000).wav()
    refused = requests.post(f"{server}/api/listen", data=eight_khz, headers=WAV, timeout=30)
    assert refused.status_code == 422 and "8000 Hz" in refused.json()["detail"]


@pytest.mark.parametrize("cut", [2, 9, 15])
def test_a_cut_off_format_chunk_is_a_4xx_not_a_crash(server, cut) -> None:
    body = header(16000, 1600, fmt_length=cut) + bytes(3200)
    response = requests.post(f"{server}/api/listen", data=body, headers=WAV, timeout=30)
    assert response.status_code == 415 and "fmt" in response.json()["detail"]


def test_a_long_recording_being_heard_holds_up_nothing_else(server) -> None:
    """While a 15 s recording is recognised, the health check and a tap are answered first."""
    speech = espeak_wav("what are we having for lunch tomorrow and what is the weather like " * 3)
    clip = Clip(np.frombuffer(speech[44:], dtype="<i2").copy(), 22050)
    padded = np.resize(clip.samples, int(14.5 * 22050)).astype(np.int16)
    long_one = Clip(padded, 22050).wav()
    order: list[str] = []
    lock = threading.Lock()

    def note(what: str, response: requests.Response) -> None:
        with lock:
            order.append(f"{what} {response.status_code}")

    listening = threading.Thread(target=lambda: note("listen", requests.post(
        f"{server}/api/listen", params={"lang": "en"}, data=long_one, headers=WAV, timeout=120)))
    listening.start()
    while not order and listening.is_alive():
        note("health", requests.get(f"{server}/api/health", timeout=10))
        note("tap", requests.post(f"{server}/api/ask", json={"intent": "time", "lang": "en"}, timeout=10))
        if len(order) >= 6:
            break
    listening.join(120)
    assert order[:2] == ["health 200", "tap 200"], order
    assert "listen 200" in order


def test_a_flood_of_recordings_gets_503s_and_the_server_stays_up(server) -> None:
    question = espeak_wav("what day is it", silence=0.5)
    with concurrent.futures.ThreadPoolExecutor(24) as pool:
        futures = [pool.submit(requests.post, f"{server}/api/listen", params={"lang": "en"},
                               data=question, headers=WAV, timeout=120) for _ in range(24)]
        statuses = [f.result().status_code for f in futures]
        busy = [f.result() for f in futures if f.result().status_code == 503]
    assert set(statuses) <= {200, 503} and statuses.count(200) >= 2, statuses
    assert busy and "busy" in busy[0].json()["detail"] and busy[0].headers["retry-after"] == "2"
    assert requests.get(f"{server}/api/health", timeout=10).status_code == 200
