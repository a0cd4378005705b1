"""Weather and clothing figures: a question answered from the cache (the goal: p50 under 5 ms).

    python benchmarks/weather.py [--runs 2000]

The recorded SMHI snow1g forecast is fetched once from a local HTTP server into the SQLite cache, as
the background refresh would; then the server is closed and questions are timed through
`Assistant.handle` (understanding, dialogue, the skill reading SQLite, the rules, wording) and
through each skill alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timing import figures, verdict  # noqa: E402 (benchmarks/ is on the path when run as a script)

from assistant.core import Assistant, Query  # noqa: E402
from assistant.skills import SkillRequest  # noqa: E402
from tests.support.http import LocalHTTPServer  # noqa: E402
from tests.test_weather_setup import preschool, serve_recordings  # noqa: E402

GOAL_MS = 5.0
NOW = dt.datetime(2026, 4, 3, 9, 15)   # inside the recorded forecast
QUESTIONS = [
    ("sv", "hur är vädret", "weather"),
    ("sv", "kommer det att regna i eftermiddag", "weather"),
    ("sv", "hur blir vädret imorgon", "weather"),
    ("sv", "vad ska jag ha på mig", "clothing"),
    ("sv", "behöver jag mössa", "clothing"),
    ("en", "what's the weather like", "weather"),
    ("en", "will it be sunny on monday", "weather"),
    ("en", "what should i wear tomorrow", "clothing"),
    ("en", "do i need my wellies", "clothing"),
]


def time_skill(skill, requests: list[SkillRequest], runs: int) -> list[float]:
    times = []
    for request in itertools.islice(itertools.cycle(requests), runs):
        t0 = time.perf_counter()
        skill.handle(request)
        times.append(time.perf_counter() - t0)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000, help="questions to time")
    args = parser.parse_args()

    server = LocalHTTPServer()
    serve_recordings(server)
    with tempfile.TemporaryDirectory() as tmp:
        assistant = Assistant.from_config_dir(preschool(Path(tmp) / "config", server.url))
        weather, clothing = assistant.registry.skill("weather"), assistant.registry.skill("clothing")
        now = assistant.localize(NOW)
        started = time.perf_counter()
        weather.refresh(now)   # what the background refresh does
        print(f"weather: fetched and cached the recorded SMHI forecast in "
              f"{(time.perf_counter() - started) * 1000:.1f} ms (local HTTP server)")
        server.close()   # from here on, answers can only come from the cache

        entity_sets = [{}, {"day": "tomorrow"}, {"condition": "rain"}, {"part_of_day": "afternoon"},
                       {"day": "monday", "condition": "sun"}]
        weather_requests = [SkillRequest("weather", e, lang, now)
                            for e in entity_sets for lang in ("sv", "en")]
        clothing_requests = [SkillRequest("clothing", e, lang, now) for lang in ("sv", "en")
                             for e in ({}, {"garment": "beanie"}, {"day": "tomorrow"}, {"condition": "cold"})]
        weather_times = time_skill(weather, weather_requests, args.runs)
        clothing_times = time_skill(clothing, clothing_requests, args.runs)

        turn_times = []
        for n, (lang, text, skill) in enumerate(itertools.islice(itertools.cycle(QUESTIONS), args.runs)):
            query = Query(text, lang, f"bench-{n}", NOW)
            t0 = time.perf_counter()
            reply = assistant.handle(query)
            turn_times.append(time.perf_counter() - t0)
            assert reply.skill == skill, (text, reply.intent, reply.text)

        for lang, text, _ in QUESTIONS[:5]:
            print(f"  {text!r}: {assistant.handle(Query(text, lang, 'example', NOW)).text}")
        figures("WeatherSkill.handle (cache only)", weather_times)
        figures("ClothingSkill.handle (cache only)", clothing_times)
        p50 = figures("Assistant.handle, a whole weather or clothing turn", turn_times)
    return verdict(p50, GOAL_MS)


if __name__ == "__main__":
    sys.exit(main())
