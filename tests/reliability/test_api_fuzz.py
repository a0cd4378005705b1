"""Generated requests against every operation of the JSON API (schemathesis, through the whole
ASGI app with its middleware): a bounded number of cases per operation, recordings included, and
never a server error."""

from __future__ import annotations

import struct
import tempfile
from pathlib import Path

import hypothesis
import schemathesis
from hypothesis import strategies as st

from assistant.core import Assistant
from assistant.web import create_app
from tests.support.preschool import copy_example

CASES = 30
"""Cases per operation: enough to find a crash, few enough for every CI run."""


@st.composite
def wav_bodies(draw: st.DrawFn) -> bytes:
    """WAV files as a tablet, a broken recorder or an attacker might send them: any rate, channels,
    sample size and length, headers that lie, chunks cut off, noise for samples."""
    rate = draw(st.sampled_from([0, 1, 100, 8000, 16000, 22050, 44100, 48000, 2**31 - 1]))
    channels = draw(st.integers(0, 3))
    bits = draw(st.sampled_from([0, 8, 16, 24, 32]))
    block = draw(st.sampled_from([0, 1, 2, 4, 128, channels * bits // 8]))
    frames = draw(st.integers(0, 8000))
    samples = draw(st.binary(min_size=0, max_size=64)) * (frames // 32 + 1)
    declared = draw(st.sampled_from([len(samples), 0, 2**32 - 1, len(samples) // 2]))
    fmt = struct.pack("<HHIIHH", draw(st.sampled_from([1, 3, 0xFFFE])), channels, rate,
                      rate * max(block, 1) % 2**32, block, bits)[: draw(st.sampled_from([16, 14, 8, 2]))]
    body = (b"RIFF" + struct.pack("<I", 36 + len(samples)) + b"WAVE" + b"fmt " + struct.pack("<I", 16)
            + fmt + b"data" + struct.pack("<I", declared) + samples)
    cut = draw(st.integers(0, len(body)))
    return body[:cut] if draw(st.booleans()) else body


schemathesis.openapi.media_type("audio/wav", wav_bodies())


def _app():
    # Built when the module is collected: schemathesis makes one test per operation of its schema.
    folder = copy_example(Path(tempfile.mkdtemp(prefix="fuzz-")) / "config")
    return create_app(Assistant.from_config_dir(folder).ready())


schema = schemathesis.openapi.from_asgi("/openapi.json", _app())


@schema.parametrize()
@hypothesis.settings(max_examples=CASES, deadline=None, derandomize=True,
                     suppress_health_check=list(hypothesis.HealthCheck))
def test_no_request_gets_a_server_error(case) -> None:
    response = case.call(timeout=60)
    assert response.status_code < 500, (case.method, case.path, case.body, response.text[:300])
