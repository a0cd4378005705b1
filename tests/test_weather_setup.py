"""The weather tests' shared setup (a preschool whose providers are a local server serving recorded
payloads), and the tests that this setup is what a preschool would run: real HTTP, real SQLite."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from assistant.core import Assistant
from skills.weather import WeatherSkill
from tests.support.http import LocalHTTPServer
from tests.support.preschool import change_settings, copy_example, running_skill

FIXTURES = Path(__file__).parent / "fixtures" / "weather"
SMHI_PATH = "/api/category/snow1g/version/1/geotype/point/*"
METNO_PATH = "/weatherapi/locationforecast/2.0/compact"
OPENMETEO_PATH = "/v1/forecast"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
SMHI_NOW = dt.datetime(2026, 4, 3, 9, 15, tzinfo=STOCKHOLM)
"""A time inside the recorded SMHI snow1g forecast (created 2026-04-02T11:01Z)."""

_shared: dict[str, object] = {}


def serve_recordings(server: LocalHTTPServer, smhi: str | None = "smhi_snow1g.json",
                     metno: str | None = "metno_compact.json",
                     openmeteo: str | None = "openmeteo_forecast.json") -> None:
    """Answer each provider's real path with a recorded payload (None: that path answers 404)."""
    for path, name in ((SMHI_PATH, smhi), (METNO_PATH, metno), (OPENMETEO_PATH, openmeteo)):
        if name is not None:
            server.route(path, FIXTURES / name)


def preschool(target: Path, base_url: str, **weather: object) -> Path:
    """A copy of the example preschool whose weather comes from `base_url` (settings overridable)."""
    copy_example(target)
    return change_settings(target, {"weather": {"base_url": base_url, "timeout_seconds": 1, **weather}})


def weather_skill(config_dir: Path) -> WeatherSkill:
    """The weather skill running on a preschool folder (no language training needed)."""
    return running_skill(config_dir, "weather")  # type: ignore[return-value]


def shared_assistant(tmp_root: Path) -> Assistant:
    """One trained assistant for every weather and clothing module, with the SMHI recording served."""
    if "assistant" not in _shared:
        server = LocalHTTPServer()
        serve_recordings(server, metno=None, openmeteo=None)
        _shared["server"] = server
        _shared["assistant"] = Assistant.from_config_dir(preschool(tmp_root / "config", server.url)).ready()
    return _shared["assistant"]  # type: ignore[return-value]


def test_the_preschool_points_every_provider_at_the_local_server(tmp_path, http_server) -> None:
    serve_recordings(http_server)
    skill = weather_skill(preschool(tmp_path / "config", http_server.url))
    assert skill.needs_refresh(SMHI_NOW)
    skill.refresh(SMHI_NOW)
    assert [r.path.split("/data.json")[0] for r in http_server.requests] == [
        "/api/category/snow1g/version/1/geotype/point/lon/12.694/lat/56.046"]
    assert skill.forecast(SMHI_NOW).provider == "smhi"
    assert not skill.needs_refresh(SMHI_NOW + dt.timedelta(minutes=10))


def test_the_shared_assistant_answers_from_the_recording(tmp_path_factory) -> None:
    assistant = shared_assistant(tmp_path_factory.mktemp("weather-shared"))
    _shared["server"].route(SMHI_PATH, FIXTURES / "smhi_snow1g.json")   # other modules serve others
    skill = assistant.registry.skill("weather")
    skill.refresh(SMHI_NOW)
    assert skill.forecast(SMHI_NOW).issued == dt.datetime(2026, 4, 2, 11, 1, 32, tzinfo=dt.UTC)
