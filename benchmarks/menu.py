"""Menu figures: a menu question answered from the cache (the goal: p50 under 5 ms).

    python benchmarks/menu.py [--runs 2000]

The recorded Skolmaten week is fetched once from a local HTTP server into the SQLite cache, as
the background refresh would; then questions are timed through `Assistant.handle` (understanding,
dialogue, the skill reading SQLite, simplifying, translating, wording) and through the skill alone.
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
from tests.fixtures.menus import wire  # noqa: E402
from tests.fixtures.menus.skill import write_config  # noqa: E402
from tests.support.http import LocalHTTPServer  # noqa: E402

GOAL_MS = 5.0
QUESTIONS = [
    ("sv", "vad blir det för mat idag"),
    ("sv", "vad äter vi imorgon"),
    ("sv", "vad åt vi igår"),
    ("sv", "vad blir det till mellanmål på fredag"),
    ("en", "what's for lunch today"),
    ("en", "what are we having for lunch tomorrow"),
    ("en", "what's for lunch on saturday"),
]
WEDNESDAY = dt.datetime(2026, 2, 4, 9, 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000, help="questions to time")
    args = parser.parse_args()

    server = LocalHTTPServer()
    server.route("/api/4/rss/week/skutehagens-skolan", wire.skolmaten_rss("skolmaten_week6.json"),
                 content_type="application/rss+xml; charset=utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_config(Path(tmp) / "config", {"source": "skolmaten", "id": "skutehagens-skolan",
                                                     "base_url": server.url}, example_plan=True)
        assistant = Assistant.from_config_dir(folder)
        skill = assistant.registry.skill("menu")
        started = time.perf_counter()
        skill.refresh(assistant.localize(WEDNESDAY))  # what the background refresh does
        print(f"menu: fetched and cached the recorded Skolmaten week in "
              f"{(time.perf_counter() - started) * 1000:.1f} ms (local HTTP server)")
        server.close()  # from here on, answers can only come from the cache

        now = assistant.localize(WEDNESDAY)
        requests = [SkillRequest("menu", {"day": day, "meal": meal}, lang, now)
                    for day in ("today", "tomorrow", "yesterday", "friday", "saturday")
                    for meal in ("lunch", "snack") for lang in ("sv", "en")]
        skill_times = []
        for request in itertools.islice(itertools.cycle(requests), args.runs):
            t0 = time.perf_counter()
            skill.handle(request)
            skill_times.append(time.perf_counter() - t0)

        turn_times = []
        for n, (lang, text) in enumerate(itertools.islice(itertools.cycle(QUESTIONS), args.runs)):
            query = Query(text, lang, f"bench-{n}", WEDNESDAY)
            t0 = time.perf_counter()
            reply = assistant.handle(query)
            turn_times.append(time.perf_counter() - t0)
            assert reply.skill == "menu", (text, reply.intent)

        example = assistant.handle(Query("vad blir det för mat idag", "sv", "example", WEDNESDAY)).text
        print(f"  example: {example}")
        figures("MenuSkill.handle (cache only)", skill_times)
        p50 = figures("Assistant.handle, a whole menu turn", turn_times)
    return verdict(p50, GOAL_MS)


if __name__ == "__main__":
    sys.exit(main())
