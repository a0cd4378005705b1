"""Fetching forecasts over real HTTP from a local server: the fallbacks, MET Norway's terms, the cache,
and that a provider that is down, slow or talks garbage never makes a turn fail or wait."""

from __future__ import annotations

import datetime as dt
import email.utils
import threading
import time

import pytest
import yaml

from assistant.forecast import cache
from assistant.forecast.cache import cached_forecast
from assistant.refresh import BackgroundRefresher
from assistant.skills import SkillRequest
from tests.test_weather_setup import (
    FIXTURES,
    METNO_PATH,
    OPENMETEO_PATH,
    SMHI_NOW,
    SMHI_PATH,
    preschool,
    serve_recordings,
    weather_skill,
)

FAILURES = {
    "server error": {"body": "oops", "status": 500, "content_type": "text/plain"},
    "outside the area": {"body": "", "status": 404, "content_type": "text/html"},
    "invalid JSON": {"body": "<html>Service Unavailable</html>"},
    "JSON of another shape": {"body": '{"hello": "world"}'},
    "slower than the timeout": {"body": "{}", "delay": 2.5},
}


def request(intent: str = "weather", now: dt.datetime = SMHI_NOW, **entities: str) -> SkillRequest:
    return SkillRequest(intent, entities, "sv", now)


@pytest.fixture
def skill(tmp_path, http_server):
    return weather_skill(preschool(tmp_path / "config", http_server.url))


def test_smhi_is_asked_with_the_installations_user_agent(skill, http_server) -> None:
    serve_recordings(http_server)
    skill.refresh(SMHI_NOW)
    (sent,) = http_server.requests
    assert sent.headers["User-Agent"] == skill.context.user_agent
    assert sent.headers["User-Agent"].startswith("preschool-assistant/") and "Solrosens förskola" in \
        sent.headers["User-Agent"]
    assert skill.forecast(SMHI_NOW).provider == "smhi"


def test_coordinates_are_rounded_as_each_provider_asks(tmp_path, http_server) -> None:
    serve_recordings(http_server, smhi=None, openmeteo=None)
    config_dir = preschool(tmp_path / "config", http_server.url)
    path = config_dir / "assistant.yml"
    settings = yaml.safe_load(path.read_text(encoding="utf-8"))
    settings["location"] = {"lat": 56.04641193, "lon": 12.69445421}
    path.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    weather_skill(config_dir).refresh(SMHI_NOW)
    smhi_request, metno_request = http_server.requests
    assert smhi_request.path == (
        "/api/category/snow1g/version/1/geotype/point/lon/12.694454/lat/56.046412/data.json")
    assert metno_request.path == "/weatherapi/locationforecast/2.0/compact?lat=56.0464&lon=12.6945"


@pytest.mark.parametrize("failure", FAILURES, ids=list(FAILURES))
def test_a_failing_provider_falls_back_to_the_next(skill, http_server, failure) -> None:
    serve_recordings(http_server, smhi=None)
    http_server.route(SMHI_PATH, **FAILURES[failure])
    done = threading.Thread(target=skill.refresh, args=(SMHI_NOW,))
    done.start()
    done.join(timeout=30)
    assert not done.is_alive(), "the refresh hung"
    forecast = skill.forecast(SMHI_NOW)
    assert forecast is not None and forecast.provider == "metno"
    asked = [r.path.split("?")[0].split("/lon/")[0] for r in http_server.requests]
    # A server error may be tried again once within the deadline; then the next provider.
    smhi = "/api/category/snow1g/version/1/geotype/point"
    assert asked[-1] == METNO_PATH and set(asked[:-1]) == {smhi} and len(asked) <= 3


def test_the_fallbacks_are_tried_in_order(skill, http_server) -> None:
    serve_recordings(http_server, smhi=None, metno=None)
    http_server.route(SMHI_PATH, body="x", status=503)
    http_server.route(METNO_PATH, body="x", status=403)
    skill.refresh(SMHI_NOW)
    assert skill.forecast(SMHI_NOW).provider == "openmeteo"
    asked = [r.path.split("?")[0] for r in http_server.requests]
    assert [p for p in asked if not p.startswith("/api/category/")] == [METNO_PATH, OPENMETEO_PATH]


def test_when_every_provider_fails_the_last_forecast_is_kept(skill, http_server) -> None:
    serve_recordings(http_server)
    skill.refresh(SMHI_NOW)
    for path in (SMHI_PATH, METNO_PATH, OPENMETEO_PATH):
        http_server.route(path, body="down", status=500)
    later = SMHI_NOW + dt.timedelta(hours=1)
    skill.refresh(later)   # logs, never raises
    kept = cache.load(skill.context.store)
    assert kept.forecast.provider == "smhi" and kept.fetched_at == SMHI_NOW
    answer = skill.handle(request(now=later))
    assert [say.key for say in answer.says][-1] == "weather_now"


def test_without_any_forecast_the_child_is_told_to_look_outside(skill, http_server) -> None:
    for path in (SMHI_PATH, METNO_PATH, OPENMETEO_PATH):
        http_server.route(path, body="{}", delay=2.5)
    skill.refresh(SMHI_NOW)
    assert skill.forecast(SMHI_NOW) is None
    for entities in ({}, {"day": "tomorrow"}, {"condition": "rain"}):
        assert [s.key for s in skill.handle(request(**entities)).says] == ["weather_unknown"]


def test_a_forecast_older_than_six_hours_is_not_presented_as_current(skill, http_server) -> None:
    serve_recordings(http_server)
    skill.refresh(SMHI_NOW)
    assert cached_forecast(skill.context.store, SMHI_NOW + dt.timedelta(hours=5, minutes=59))
    assert cached_forecast(skill.context.store, SMHI_NOW + dt.timedelta(hours=6, minutes=1)) is None
    stale = skill.handle(request(now=SMHI_NOW + dt.timedelta(hours=7)))
    assert [s.key for s in stale.says] == ["weather_unknown"]


def test_turns_only_read_the_cache(skill, http_server) -> None:
    serve_recordings(http_server)
    for now in (SMHI_NOW, SMHI_NOW + dt.timedelta(days=1)):
        for entities in ({}, {"day": "tomorrow"}, {"condition": "rain"}, {"part_of_day": "afternoon"}):
            skill.handle(request(now=now, **entities))
    assert http_server.requests == []
    skill.refresh(SMHI_NOW)
    skill.handle(request(now=SMHI_NOW + dt.timedelta(hours=8)))   # stale: still no fetch in a turn
    assert len(http_server.requests) == 1


def test_a_turn_does_not_wait_for_a_slow_refresh(skill, http_server) -> None:
    serve_recordings(http_server)
    skill.refresh(SMHI_NOW)
    for path in (SMHI_PATH, METNO_PATH, OPENMETEO_PATH):
        http_server.route(path, body="{}", delay=2.5)
    later = SMHI_NOW + dt.timedelta(hours=1)
    refresh = threading.Thread(target=skill.refresh, args=(later,))
    refresh.start()
    while not http_server.requests[1:]:   # the slow refresh is waiting on the server now
        time.sleep(0.01)
    answer = skill.handle(request(now=later))
    assert refresh.is_alive(), "the turn should not have waited for the refresh"
    assert answer.says[-1].key == "weather_now" and answer.card.items[0].value == "light_rain"
    refresh.join(timeout=30)
    assert not refresh.is_alive()


def test_needs_refresh_when_empty_or_old_but_not_hammering_after_a_failure(skill, http_server) -> None:
    assert skill.needs_refresh(SMHI_NOW)
    for path in (SMHI_PATH, METNO_PATH, OPENMETEO_PATH):
        http_server.route(path, body="down", status=500)
    skill.refresh(SMHI_NOW)
    assert not skill.needs_refresh(SMHI_NOW + dt.timedelta(minutes=4))
    assert skill.needs_refresh(SMHI_NOW + dt.timedelta(minutes=6))
    serve_recordings(http_server)
    skill.refresh(SMHI_NOW + dt.timedelta(minutes=6))
    assert not skill.needs_refresh(SMHI_NOW + dt.timedelta(minutes=20))
    assert skill.needs_refresh(SMHI_NOW + dt.timedelta(minutes=37))   # refresh_minutes: 30


def test_the_refresh_interval_is_the_preschools(tmp_path, http_server) -> None:
    skill = weather_skill(preschool(tmp_path / "config", http_server.url, refresh_minutes=15))
    assert skill.refresh_interval == 15 * 60


def test_the_background_refresher_keeps_the_cache_warm(skill, http_server) -> None:
    serve_recordings(http_server)
    refresher = BackgroundRefresher([skill], clock=lambda: SMHI_NOW, tick=0.05).start()
    try:
        deadline = time.monotonic() + 20
        while skill.forecast(SMHI_NOW) is None and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        refresher.stop()
    assert skill.forecast(SMHI_NOW).provider == "smhi"


# --- MET Norway's terms of service -----------------------------------------------------------------


def _http_date(moment: dt.datetime) -> str:
    return email.utils.format_datetime(moment.astimezone(dt.UTC), usegmt=True)


def test_metno_honours_expires_and_if_modified_since(tmp_path, http_server) -> None:
    skill = weather_skill(preschool(tmp_path / "config", http_server.url, provider="metno", fallbacks=[]))
    now = dt.datetime(2024, 2, 4, 9, 0, tzinfo=dt.UTC)
    last_modified = "Sun, 04 Feb 2024 01:35:05 GMT"
    serve_recordings(http_server, smhi=None, openmeteo=None)
    http_server.route(METNO_PATH, body=_metno_body(),
                      headers={"Expires": _http_date(now + dt.timedelta(hours=1)),
                               "Last-Modified": last_modified})
    skill.refresh(now)
    assert len(http_server.requests) == 1
    assert "If-Modified-Since" not in http_server.requests[0].headers
    assert "gzip" in http_server.requests[0].headers.get("Accept-Encoding", "")

    skill.refresh(now + dt.timedelta(minutes=40))   # before Expires: no request at all
    assert len(http_server.requests) == 1
    assert cache.load(skill.context.store).fetched_at == now + dt.timedelta(minutes=40)

    http_server.route(METNO_PATH, body=b"", status=304,
                      headers={"Expires": _http_date(now + dt.timedelta(hours=3))})
    skill.refresh(now + dt.timedelta(hours=2))
    assert len(http_server.requests) == 2
    assert http_server.requests[1].headers["If-Modified-Since"] == last_modified
    kept = cache.load(skill.context.store)
    assert kept.forecast.provider == "metno" and kept.fetched_at == now + dt.timedelta(hours=2)
    assert len(kept.forecast.hours) > 50


def test_metno_deprecated_version_is_used_and_logged(tmp_path, http_server, caplog) -> None:
    skill = weather_skill(preschool(tmp_path / "config", http_server.url, provider="metno", fallbacks=[]))
    http_server.route(METNO_PATH, body=_metno_body(), status=203)
    skill.refresh(SMHI_NOW)
    assert skill.forecast(SMHI_NOW).provider == "metno"
    assert "deprecated" in caplog.text


def test_metno_refusal_without_fallbacks_keeps_nothing(tmp_path, http_server) -> None:
    skill = weather_skill(preschool(tmp_path / "config", http_server.url, provider="metno", fallbacks=[]))
    http_server.route(METNO_PATH, body="Forbidden", status=403, content_type="text/plain")
    skill.refresh(SMHI_NOW)
    assert skill.forecast(SMHI_NOW) is None


def _metno_body() -> bytes:
    return (FIXTURES / "metno_compact.json").read_bytes()


def test_a_damaged_cache_entry_is_fetched_again_not_a_failed_turn(skill, http_server, caplog) -> None:
    skill.context.store.cache_put(cache.NAMESPACE, cache.KEY, {"provider": "smhi", "hours": [{"t": 1}]},
                                  SMHI_NOW)
    assert [s.key for s in skill.handle(request()).says] == ["weather_unknown"]
    assert "cannot be read" in caplog.text
    assert skill.needs_refresh(SMHI_NOW)
