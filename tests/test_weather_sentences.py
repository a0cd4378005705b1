"""Per-language weather and clothing answers from data: the `forecast:` part of
tests/sentences/<lang>/{weather,clothing}.yml, asked with a recorded SMHI forecast served over local
HTTP and the clock fixed inside it (the way `assistant ask --now … --config …` does it).

The groups are those of tests/test_sentences.py (`sentences`, `intent`, `entities`, `response`,
`now`) plus `recording:`, the file in tests/fixtures/weather/ that the SMHI path answers with.
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
import yaml

from tests.test_sentences import SENTENCES, _check
from tests.test_weather_setup import FIXTURES, SMHI_PATH, _shared, shared_assistant

FILES = sorted(p for name in ("weather", "clothing") for p in SENTENCES.glob(f"*/{name}.yml"))
_sessions = itertools.count()


def _id(path: Path) -> str:
    return f"{path.parent.name}-{path.stem}"


@pytest.mark.parametrize("path", FILES, ids=_id)
def test_answers_with_a_recorded_forecast(tmp_path_factory, path: Path) -> None:
    lang = path.parent.name
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    section = content.get("forecast")
    assert section and section.get("tests"), f"{path} has no `forecast:` tests"
    assistant = shared_assistant(tmp_path_factory.mktemp("weather-sentences"))
    server = _shared["server"]
    weather = assistant.registry.skill("weather")
    problems: list[str] = []
    checked = 0
    for group in section["tests"]:
        recording = group.get("recording", section["recording"])
        now = dt.datetime.fromisoformat(group["now"])
        server.route(SMHI_PATH, FIXTURES / recording)
        weather.refresh(assistant.localize(now))   # as a one-shot command does before answering
        for text in group["sentences"]:
            problems += _check(assistant, lang, text, group, now, f"forecast-{next(_sessions)}")
            checked += 1
    assert not problems, f"{len(problems)} of {checked} sentences failed:\n" + "\n".join(problems)
