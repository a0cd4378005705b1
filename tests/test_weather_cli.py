"""The weather as a user meets it at the terminal: `assistant ask` and `assistant weather show`, as real
processes, with the recorded SMHI forecast served by a local HTTP server."""

from __future__ import annotations

import json

from tests.support.web import assistant_command
from tests.test_weather_setup import SMHI_PATH, preschool, serve_recordings


def test_ask_fetches_first_then_answers_in_both_languages(tmp_path, http_server) -> None:
    serve_recordings(http_server)
    folder = preschool(tmp_path / "config", http_server.url)
    sv = assistant_command("ask", "--config", str(folder), "--lang", "sv", "--now", "2026-04-03T09:15",
                           "hur är vädret")
    assert sv.returncode == 0, sv.stderr
    assert sv.stdout.strip() == "Det är kallt ute. Det är 4 grader och det regnar lite."
    en = assistant_command("ask", "--config", str(folder), "--lang", "en", "--now", "2026-04-03T09:15",
                           "--json", "do i need a hat")
    reply = json.loads(en.stdout)
    assert reply["text"] == "Yes, put on your hat, it's cold outside."
    assert reply["skill"] == "clothing" and reply["card"]["kind"] == "clothing"
    assert [item["value"] for item in reply["card"]["items"]] == [
        "sweater", "overtrousers", "jacket", "beanie", "rubber_boots", "mittens", "rain_gloves"]
    assert reply["card"]["items"][3] == {"label": "Woolly hat", "picture": "beanie",
                                         "picture_url": "/pictures/beanie.svg", "value": "beanie"}
    # The second run found a fresh forecast in the cache and did not fetch again.
    assert [r.path.split("/lon/")[0] for r in http_server.requests] == [SMHI_PATH.removesuffix("/*")]


def test_ask_with_every_provider_down_still_answers_kindly(tmp_path, http_server) -> None:
    folder = preschool(tmp_path / "config", http_server.url)   # nothing is served: 404 everywhere
    result = assistant_command("ask", "--config", str(folder), "--lang", "sv", "--now", "2026-04-03T09:15",
                               "kommer det att regna")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Jag kan inte se vädret just nu. Titta ut genom fönstret!"
    assert len(http_server.requests) == 3   # smhi, then the fallbacks metno and openmeteo


def test_weather_show_prints_the_next_day_and_what_to_wear(tmp_path, http_server) -> None:
    serve_recordings(http_server)
    folder = preschool(tmp_path / "config", http_server.url)
    result = assistant_command("weather", "show", "--config", str(folder), "--now", "2026-04-03T09:15")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "smhi" in lines[0] and "Källa: SMHI" in lines[0]
    assert lines[1].split() == ["time", "symbol", "°C", "feels", "wind", "m/s", "precipitation"]
    rows = [line for line in lines if line[:2].isdigit()]
    assert len(rows) == 25   # 09:00 today to 09:00 tomorrow
    assert rows[0].split()[:5] == ["09:00", "lätt", "regn", "4", "1"]
    assert rows[0].endswith("0.3 mm/h rain")
    english = assistant_command("weather", "show", "--config", str(folder), "--now", "2026-04-03T09:15",
                                "--lang", "en")
    assert "09:00  light rain" in english.stdout


def test_clothing_show_says_what_to_wear_from_the_kept_forecast(tmp_path, http_server) -> None:
    serve_recordings(http_server)
    folder = preschool(tmp_path / "config", http_server.url)
    assistant_command("weather", "show", "--config", str(folder), "--now", "2026-04-03T09:15")
    result = assistant_command("clothing", "show", "--config", str(folder), "--now", "2026-04-03T09:15")
    assert result.returncode == 0, result.stderr
    line = result.stdout.strip()
    assert line.startswith("What to wear for the next outdoor period (") and "cold_and_rainy" in line
    assert line.endswith("varm tröja, överdragsbyxor, jacka, mössa, stövlar, vantar, regnhandskar")
    english = assistant_command("clothing", "show", "--config", str(folder), "--now", "2026-04-03T09:15",
                                "--lang", "en")
    assert "woolly hat, wellies" in english.stdout
