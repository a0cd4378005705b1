"""One forecast model for SMHI, MET Norway and Open-Meteo: feels-like, rounding, and each recorded payload
read into the model (values checked against the recordings themselves)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from assistant.forecast.model import Forecast, degrees, feels_like, heat_index, wind_chill
from skills.weather.providers import ProviderError, metno, openmeteo, smhi
from skills.weather.providers.metno import symbol_of
from tests.test_weather_setup import FIXTURES


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=dt.UTC)


def recording(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def step(forecast: Forecast, moment: dt.datetime):
    found = [hour for hour in forecast.hours if hour.time == moment]
    assert found, f"no step at {moment}"
    return found[0]


# --- feels-like (laiban.md §5) ----------------------------------------------------------------------


@pytest.mark.parametrize(("temperature", "wind", "expected"), [
    (-10, 5, -17),   # worked by hand from SMHI's formula
    (0, 10, -7),
    (10, 2, 9),
])
def test_wind_chill_follows_smhis_formula(temperature, wind, expected) -> None:
    assert degrees(wind_chill(temperature, wind)) == expected


@pytest.mark.parametrize(("temperature", "wind"), [(10.5, 10), (5, 1.9), (-41, 10), (0, 36), (3, None)])
def test_wind_chill_only_within_its_range(temperature, wind) -> None:
    assert wind_chill(temperature, wind) == temperature


def test_wind_chill_starts_at_two_metres_per_second() -> None:
    assert wind_chill(5, 2) < 5


def test_heat_index_above_27_degrees_and_40_percent() -> None:
    assert 34.5 < heat_index(30, 70) < 35.5    # NOAA: 86 °F at 70 % feels like 95 °F
    assert heat_index(26.9, 90) == 26.9
    assert heat_index(30, 39) == 30
    assert heat_index(30, None) == 30


def test_feels_like_is_the_wind_chill_of_the_heat_index() -> None:
    assert feels_like(30, 8, 70) == heat_index(30, 70)   # no wind chill above 10 °C
    assert feels_like(-10, 5, 80) == wind_chill(-10, 5)
    assert feels_like(12, 5, 80) == 12


@pytest.mark.parametrize(("value", "expected"), [(2.5, 3), (-2.5, -3), (3.49, 3), (-0.4, 0), (0.4, 0),
                                                 (-1.5, -2), (9.99, 10)])
def test_temperatures_are_rounded_half_away_from_zero(value, expected) -> None:
    assert degrees(value) == expected
    assert str(degrees(value)) != "-0"


# --- SMHI snow1g --------------------------------------------------------------------------------


def test_smhi_snow1g_steps_are_read() -> None:
    forecast = smhi.parse(recording("smhi_snow1g.json"))
    assert forecast.provider == "smhi" and len(forecast.hours) == 83
    assert forecast.issued == utc(2026, 4, 2, 11, 1, 32)
    hour = step(forecast, utc(2026, 4, 3, 7))
    assert (hour.temperature, hour.wind, hour.gust, hour.humidity) == (4.0, 3.5, 6.6, 97)
    assert (hour.precipitation, hour.precipitation_type, hour.symbol) == (0.3, "rain", "light_rain")
    assert hour.probability == 72 and hour.hours == 1 and hour.intensity == "light"
    assert hour.feels_like == pytest.approx(wind_chill(4.0, 3.5)) and hour.feels_like < 4.0


def test_smhi_long_steps_give_an_hourly_rate() -> None:
    forecast = smhi.parse(recording("smhi_snow1g.json"))
    hour = step(forecast, utc(2026, 4, 5, 12))
    assert hour.hours == 6 and hour.precipitation == pytest.approx(1.8 / 6)
    assert hour.precipitation_type == "rain"
    assert step(forecast, utc(2026, 4, 9)).hours == 12


@pytest.mark.parametrize(("moment", "kind"), [
    (utc(2026, 4, 2, 11), "none"),    # ptype 1 "rain", but 0.0 mm, 10 %, overcast symbol
    (utc(2026, 4, 2, 12), "none"),    # ptype 11 "drizzle", 0.0 mm, 17 %
    (utc(2026, 4, 2, 21), "rain"),    # symbol 18 light rain
    (utc(2026, 4, 3, 14), "none"),    # 0.1 mm but only a 38 % chance, overcast symbol
    (utc(2026, 4, 4, 7), "rain"),     # overcast symbol, but 0.3 mm at 45 %
    (utc(2026, 4, 4, 8), "none"),     # 0.2 mm at 34 %
    (utc(2026, 4, 9), "none"),        # ptype 5 "snow" at 2 % under a clear sky
])
def test_smhi_type_of_precipitation_only_when_something_falls(moment, kind) -> None:
    forecast = smhi.parse(recording("smhi_snow1g.json"))
    assert step(forecast, moment).precipitation_type == kind


def test_smhi_winter_recording_with_snow_and_without_the_deterministic_amount() -> None:
    forecast = smhi.parse(recording("smhi_snow1g_winter.json"))
    assert len(forecast.hours) == 79
    first = step(forecast, utc(2025, 11, 3, 15))
    assert (first.temperature, first.symbol, first.precipitation_type) == (-1.6, "light_snow", "snow")
    assert first.precipitation == 0.1
    # The predominant type at the surface (3, freezing rain) decides what falls, whatever the symbol.
    assert step(forecast, utc(2025, 11, 5, 2)).precipitation_type == "rain"
    assert step(forecast, utc(2025, 11, 5, 20)).precipitation_type == "none"   # ptype 12, but 0.1 mm at 38 %
    assert step(forecast, utc(2025, 11, 5, 21)).precipitation_type == "drizzle"   # ptype 11, 0.1 mm at 41 %
    assert step(forecast, utc(2025, 11, 4, 10)).symbol == "fog"


def test_smhi_missing_values_skip_the_step_or_the_value() -> None:
    payload = recording("smhi_snow1g.json")
    payload["timeSeries"][0]["data"]["air_temperature"] = 9999
    payload["timeSeries"][1]["data"]["wind_speed_of_gust"] = 9999
    payload["timeSeries"][2]["data"]["symbol_code"] = 42
    forecast = smhi.parse(payload)
    assert len(forecast.hours) == 81
    assert forecast.hours[0].time == utc(2026, 4, 2, 12) and forecast.hours[0].gust is None


@pytest.mark.parametrize("payload", [{}, {"timeSeries": []}, {"timeSeries": "x"}, [1, 2],
                                     {"timeSeries": [{"time": "soon", "data": {}}]}])
def test_smhi_garbage_is_a_provider_error(payload) -> None:
    with pytest.raises(ProviderError):
        smhi.parse(payload)


# --- MET Norway ------------------------------------------------------------------------------------


def test_metno_compact_rows_are_read() -> None:
    forecast = metno.parse(recording("metno_compact.json"))
    assert forecast.provider == "metno" and forecast.issued == utc(2024, 2, 4, 1, 35, 5)
    first = forecast.hours[0]
    assert first.time == utc(2024, 2, 4, 1) and first.temperature == 0.7 and first.wind == 5.6
    assert (first.symbol, first.precipitation_type, first.gust) == ("clear", "none", None)
    snowy = step(forecast, utc(2024, 2, 10))
    assert (snowy.symbol, snowy.precipitation_type, snowy.hours) == ("snow", "snow", 6)
    assert snowy.precipitation == pytest.approx(2.2 / 6, abs=1e-3)
    assert forecast.end == utc(2024, 2, 13, 18)   # the last row has no symbol and is left out


@pytest.mark.parametrize(("code", "expected"), [
    ("clearsky_night", "clear"), ("fair_day", "mostly_clear"),
    ("partlycloudy_polartwilight", "partly_cloudy"),
    ("cloudy", "cloudy"), ("fog", "fog"), ("lightrainshowers_day", "light_rain"), ("heavyrain", "heavy_rain"),
    ("sleet", "sleet"), ("heavysnowshowers_night", "heavy_snow"), ("lightsnow", "light_snow"),
    ("lightssleetshowersandthunder_day", "thunder"), ("rainandthunder", "thunder"), ("sunshine", None),
])
def test_metno_symbol_codes(code, expected) -> None:
    assert symbol_of(code) == expected


def test_metno_garbage_is_a_provider_error() -> None:
    for payload in ({}, {"properties": {}}, {"properties": {"timeseries": {}}}, "x"):
        with pytest.raises(ProviderError):
            metno.parse(payload)


# --- Open-Meteo ------------------------------------------------------------------------------------


def test_openmeteo_hours_are_read_in_utc_and_metres_per_second() -> None:
    forecast = openmeteo.parse(recording("openmeteo_forecast.json"))
    assert forecast.provider == "openmeteo" and len(forecast.hours) == 168
    first = forecast.hours[0]
    assert first.time == utc(2021, 11, 23, 23)   # 00:00 at UTC+1
    assert first.wind == pytest.approx(10.4 / 3.6) and first.gust == pytest.approx(22.1 / 3.6)
    assert (first.temperature, first.humidity, first.symbol) == (6.9, 95, "cloudy")
    rainy = step(forecast, utc(2021, 11, 24, 14))   # 15:00 local, weather code 61
    assert (rainy.symbol, rainy.precipitation_type, rainy.precipitation) == ("light_rain", "rain", 0.06)


def test_openmeteo_as_we_ask_for_it() -> None:
    payload = {"utc_offset_seconds": 0, "hourly_units": {"wind_speed_10m": "m/s", "wind_gusts_10m": "m/s"},
               "hourly": {"time": ["2026-04-03T07:00", "2026-04-03T08:00"], "temperature_2m": [3.0, None],
                          "relative_humidity_2m": [90, 90], "precipitation": [0.4, 0],
                          "precipitation_probability": [80, 0], "weather_code": [53, 3],
                          "wind_speed_10m": [4.0, 4.0], "wind_gusts_10m": [9.0, 9.0]}}
    forecast = openmeteo.parse(payload)
    assert len(forecast.hours) == 1   # an hour without a temperature is left out
    hour = forecast.hours[0]
    assert (hour.wind, hour.precipitation_type, hour.symbol) == (4.0, "drizzle", "light_rain")


def test_openmeteo_error_answer_is_a_provider_error() -> None:
    with pytest.raises(ProviderError, match="Cannot initialize"):
        openmeteo.parse({"error": True, "reason": "Cannot initialize WeatherVariable", "hourly": {}})


# --- the model --------------------------------------------------------------------------------------


def test_the_forecast_survives_the_cache_unchanged() -> None:
    forecast = smhi.parse(recording("smhi_snow1g.json"))
    again = Forecast.from_json(json.loads(json.dumps(forecast.to_json())))
    assert again.hours[:5] == [
        type(h)(**{**h.__dict__, "feels_like": round(h.feels_like, 2)}) for h in forecast.hours[:5]]
    assert again.issued == forecast.issued and again.provider == "smhi"


def test_the_hour_for_a_moment_is_the_closest_near_enough() -> None:
    forecast = smhi.parse(recording("smhi_snow1g.json"))
    assert forecast.at(utc(2026, 4, 3, 7, 20)).time == utc(2026, 4, 3, 7)
    assert forecast.at(utc(2026, 4, 3, 7, 40)).time == utc(2026, 4, 3, 8)
    assert forecast.at(utc(2026, 4, 7, 8)).time == utc(2026, 4, 7, 6)   # six-hour steps
    assert forecast.at(utc(2026, 4, 1, 6)) is None
    assert forecast.at(utc(2026, 4, 14)) is None


def test_sparse_steps_still_describe_a_short_period() -> None:
    forecast = smhi.parse(recording("smhi_snow1g.json"))
    morning = forecast.between(utc(2026, 4, 7, 7), utc(2026, 4, 7, 9, 30))
    assert [h.time for h in morning] == [utc(2026, 4, 7, 6)]
    assert len(forecast.between(utc(2026, 4, 3, 7), utc(2026, 4, 3, 9, 30))) == 3
