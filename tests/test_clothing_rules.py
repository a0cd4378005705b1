"""The clothing rules (skills/clothing/rules.yml) give what Laiban's rules give, for a year of dates and
a range of weather; plus sun protection, and a preschool's own rules with clear errors."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.config import EXAMPLE_CONFIG_DIR, PROJECT_ROOT
from assistant.errors import AssistantError
from skills.clothing.rules import PeriodWeather, load_rules

RULES = load_rules()

# Laiban's names (Garments.swift) → our garment ids (DESIGN §4).
IDS = {"cap": "cap", "beanie": "beanie", "mittens": "mittens", "jacket": "jacket",
       "pulloverPants": "overtrousers", "shoes": "shoes", "rainPants": "rain_pants",
       "rainBoots": "rubber_boots", "rainCoat": "rain_coat", "rainGloves": "rain_gloves",
       "sweater": "sweater", "winterBoots": "winter_boots", "winterOutfit": "overall",
       "neckwear": "neckwear"}
SORT_PRIORITY = {"sweater": 1, "pulloverPants": 2, "neckwear": 3, "jacket": 4, "winterOutfit": 5,
                 "rainCoat": 6, "rainPants": 7, "beanie": 8, "cap": 10, "shoes": 11, "rainBoots": 11,
                 "winterBoots": 11,
                 "mittens": 20, "rainGloves": 20}


def laiban(feels_like: float, wet: bool, moment: dt.datetime) -> list[str]:
    """WeatherExtensions.swift, transcribed: WeatherCondition.condition(for:), conditions, garments(date:)."""
    if feels_like <= 10:
        condition = "cold"
    elif feels_like <= 12:
        condition = "cool"
    elif feels_like <= 16:
        condition = "warmish"
    elif feels_like <= 20:
        condition = "warm"
    else:
        condition = "hot"
    if wet:
        condition = {"cold": "coldAndRainy", "cool": "coolAndRainy"}.get(condition, "rainy")
    base = {"rainy": ["rainPants", "rainCoat", "rainBoots"],
            "cold": ["sweater", "pulloverPants", "jacket", "winterBoots"],
            "coldAndRainy": ["sweater", "pulloverPants", "jacket", "rainBoots", "rainGloves"],
            "cool": ["sweater", "jacket", "pulloverPants", "shoes"],
            "coolAndRainy": ["sweater", "rainPants", "rainCoat", "rainBoots"],
            "warmish": ["sweater", "cap", "shoes"], "warm": ["cap", "shoes"], "hot": ["cap", "shoes"]}
    garments = set(base[condition])
    year = moment.year

    def at(month: int, day: int) -> dt.datetime:   # DateFormatter "yyyy-MM-dd": local midnight
        return dt.datetime(year, month, day)

    if moment > at(11, 1) or moment < at(3, 31):
        garments -= {"pulloverPants", "jacket", "cap", "rainGloves"}
        garments |= {"winterOutfit", "neckwear", "beanie", "mittens"}
    elif condition in ("cold", "coldAndRainy") and (moment > at(9, 15) or moment < at(5, 15)):
        garments |= {"beanie", "mittens"}
        garments -= {"cap"}
    return sorted(garments, key=SORT_PRIORITY.__getitem__)


def advise(feels_like: float, wet: bool, day: dt.date, clear: bool = False, warmest: float | None = None):
    weather = PeriodWeather(feels_like, feels_like if warmest is None else warmest, wet, clear,
                            "rain" if wet else "none")
    return RULES.advise(weather, day)


TEMPERATURES = [t / 2 for t in range(-50, 62)] + [10.01, 12.01, 16.01, 20.01, 9.99]
DAYS = sorted({dt.date(2026, 1, 1) + dt.timedelta(days=d) for d in range(0, 365, 4)} | {
    dt.date(2026, m, d) for m, d in [(1, 1), (3, 30), (3, 31), (4, 1), (5, 14), (5, 15), (9, 14), (9, 15),
                                     (9, 30), (10, 1), (10, 31), (11, 1), (12, 31), (2, 28)]})


@pytest.mark.parametrize("wet", [False, True], ids=["dry", "wet"])
def test_the_rules_equal_laibans_for_a_year_of_days(wet) -> None:
    problems = []
    for day in DAYS:
        noon = dt.datetime.combine(day, dt.time(12))
        for feels_like in TEMPERATURES:
            expected = [IDS[g] for g in laiban(feels_like, wet, noon)]
            got = advise(feels_like, wet, day).garments
            # Laiban sorts by priority and leaves ties (mittens, rain gloves) in any order.
            if sorted(got) != sorted(expected) or [SORT_PRIORITY[_laiban_name(g)] for g in got] != sorted(
                    SORT_PRIORITY[_laiban_name(g)] for g in got):
                problems.append(f"{day} {feels_like} °C: {got} != {expected}")
    assert not problems, f"{len(problems)} differ, e.g.:\n" + "\n".join(problems[:10])


def _laiban_name(garment: str) -> str:
    return next(name for name, ours in IDS.items() if ours == garment)


# --- laiban.md Appendix B, the worked examples -------------------------------------------------------


def test_8_march_minus_2_dry_is_the_winter_set() -> None:
    assert advise(-2, False, dt.date(2026, 3, 8)).garments == [
        "sweater", "neckwear", "overall", "beanie", "winter_boots", "mittens"]


def test_10_october_9_degrees_rain_adds_beanie_and_mittens_to_cold_and_rainy() -> None:
    advice = advise(9, True, dt.date(2026, 10, 10))
    assert advice.condition == "cold_and_rainy"
    assert advice.garments == ["sweater", "overtrousers", "jacket", "beanie", "rubber_boots", "mittens",
                               "rain_gloves"]   # mittens and rain gloves both: the rules do not exclude


def test_20_june_18_degrees_dry_is_cap_and_shoes() -> None:
    assert advise(18, False, dt.date(2026, 6, 20)).garments == ["cap", "shoes"]


def test_20_june_14_degrees_drizzle_is_rainy_without_a_sweater() -> None:
    advice = advise(14, True, dt.date(2026, 6, 20))
    assert advice.condition == "rainy"
    assert advice.garments == ["rain_coat", "rain_pants", "rubber_boots"]


def test_15_december_6_degrees_rain_has_no_rain_coat_or_rain_pants() -> None:
    assert advise(6, True, dt.date(2026, 12, 15)).garments == [
        "sweater", "neckwear", "overall", "beanie", "rubber_boots", "mittens"]


# --- bands, seasons and sun protection -----------------------------------------------------------------


@pytest.mark.parametrize(("feels_like", "condition"), [
    (-30, "cold"), (10, "cold"), (10.01, "cool"), (12, "cool"), (12.5, "warmish"), (16, "warmish"),
    (16.1, "warm"), (20, "warm"), (20.1, "hot"), (35, "hot")])
def test_bands_are_first_match_with_inclusive_upper_limits(feels_like, condition) -> None:
    assert advise(feels_like, False, dt.date(2026, 6, 1)).condition == condition


@pytest.mark.parametrize(("day", "winter"), [
    (dt.date(2026, 3, 30), True), (dt.date(2026, 3, 31), False), (dt.date(2026, 10, 31), False),
    (dt.date(2026, 11, 1), True), (dt.date(2026, 1, 1), True), (dt.date(2026, 12, 31), True)])
def test_winter_runs_from_1_november_to_30_march(day, winter) -> None:
    advice = advise(14, False, day)   # warmish: winter adds the overall even then
    assert ("overall" in advice.garments) == winter
    assert ("winter" in advice.applied) == winter


@pytest.mark.parametrize(("day", "autumn_or_spring"), [
    (dt.date(2026, 5, 14), True), (dt.date(2026, 5, 15), False), (dt.date(2026, 9, 14), False),
    (dt.date(2026, 9, 15), True), (dt.date(2026, 4, 2), True)])
def test_cold_days_outside_winter_get_beanie_and_mittens_from_15_september_to_14_may(day, autumn_or_spring):
    assert ({"beanie", "mittens"} <= set(advise(5, False, day).garments)) == autumn_or_spring
    assert "beanie" not in advise(11, False, day).garments   # cool is not cold


@pytest.mark.parametrize(("day", "clear", "warmest", "sun"), [
    (dt.date(2026, 6, 20), True, 18, True),
    (dt.date(2026, 6, 20), True, 17.9, False),
    (dt.date(2026, 6, 20), False, 25, False),
    (dt.date(2026, 4, 1), True, 19, True),
    (dt.date(2026, 3, 31), True, 19, False),
    (dt.date(2026, 9, 30), True, 22, True),
    (dt.date(2026, 10, 1), True, 22, False),
])
def test_sun_protection_april_to_september_on_clear_days_at_18_feels_like(day, clear, warmest, sun) -> None:
    advice = advise(warmest, False, day, clear=clear, warmest=warmest)
    assert ({"sun_hat", "sunscreen"} <= set(advice.garments)) == sun
    if sun:   # one hat: the sun hat takes the cap's place
        assert "cap" not in advice.garments and advice.garments[-1] == "sunscreen"


def test_sun_protection_uses_the_warmest_part_and_dresses_for_the_coldest() -> None:
    advice = advise(13, False, dt.date(2026, 5, 20), clear=True, warmest=19)
    assert advice.condition == "warmish"
    assert advice.garments == ["sweater", "sun_hat", "shoes", "sunscreen"]


def test_rain_takes_away_the_sun() -> None:
    assert "sunscreen" not in advise(22, True, dt.date(2026, 7, 1), clear=False, warmest=25).garments


def test_exclusive_garments_and_the_garment_that_takes_a_place() -> None:
    assert RULES.conflicts(["cap", "beanie", "jacket"]) == [("cap", "beanie")]
    assert RULES.conflicts(["jacket", "overall", "overtrousers"]) == [("jacket", "overall"),
                                                                      ("overall", "overtrousers")]
    assert RULES.excluded_by("cap", ["sweater", "beanie"]) == "beanie"
    assert RULES.excluded_by("shoes", ["winter_boots"]) == "winter_boots"
    assert RULES.excluded_by("sweater", ["jacket"]) is None


# --- a preschool's own rules ----------------------------------------------------------------------------


def _write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "clothing.yml").write_text(text, encoding="utf-8")
    return folder


def test_a_preschools_file_replaces_only_the_keys_it_has(tmp_path) -> None:
    folder = _write(tmp_path, "bands:\n  - {condition: cold, up_to: 8}\n  - {condition: cool, up_to: 12}\n"
                              "  - {condition: warmish, up_to: 16}\n  - {condition: warm, up_to: 20}\n"
                              "  - {condition: hot}\n")
    rules = load_rules(folder)
    assert rules.advise(PeriodWeather(9, 9, False), dt.date(2026, 6, 1)).condition == "cool"
    assert rules.garments == RULES.garments and rules.order == RULES.order


def test_the_commented_example_file_is_valid(tmp_path) -> None:
    example = (EXAMPLE_CONFIG_DIR / "clothing.example.yml").read_text(encoding="utf-8")
    rules = load_rules(_write(tmp_path, example))
    assert rules.advise(PeriodWeather(-6, -6, False), dt.date(2026, 1, 10)).condition == "freezing"


@pytest.mark.parametrize(("text", "line", "words"), [
    ("garments:\n  cold: [sweater, wellies]\n", 2, "`wellies` is not a garment"),
    ("bands:\n  - {condition: cold, up_to: 10}\n  - {condition: cool, up_to: 5}\n  - {condition: hot}\n",
     3, "must be above the band before it"),
    ("seasons:\n  - name: winter\n    from: \"13-01\"\n    to: \"03-30\"\n", 3, "not a date like"),
    ("seasons:\n  - name: winter\n    from: 11-01\n    to: \"03-30\"\n    color: blue\n", 5,
     "unknown setting"),
    ("weather: sunny\n", 1, "unknown key `weather`"),
    ("bands: [\n", 2, "invalid YAML"),
    ("rain:\n  chilly: cold_and_rainy\n", 2, "`chilly` is not a band"),
    ("exclusive:\n  - [cap]\n", 2, "at least two garments"),
])
def test_a_broken_file_names_file_and_line(tmp_path, text, line, words) -> None:
    with pytest.raises(AssistantError) as error:
        load_rules(_write(tmp_path, text))
    message = str(error.value)
    assert message.startswith(f"{tmp_path / 'clothing.yml'}:{line}: "), message
    assert words in message


def test_check_config_reports_a_broken_clothing_file(tmp_path) -> None:
    import shutil

    folder = tmp_path / "config"
    shutil.copytree(EXAMPLE_CONFIG_DIR, folder, ignore=shutil.ignore_patterns("var"))
    _write(folder, "garments:\n  cold: [sweater]\n  hot: [flip_flops]\n")
    result = subprocess.run([sys.executable, "-m", "assistant", "check-config", "--config", str(folder)],
                            capture_output=True, text=True, timeout=120, cwd=PROJECT_ROOT)
    assert result.returncode == 2
    assert f"{folder / 'clothing.yml'}:3: garments: `flip_flops` is not a garment" in result.stderr
