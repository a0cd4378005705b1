"""The `assistant` command as a user runs it: real processes, real output, real exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _offline_preschool(config_dir: Path, monkeypatch) -> None:
    # The commands run on a copy of the example preschool whose data sources point nowhere.
    monkeypatch.setenv("ASSISTANT_CONFIG", str(config_dir))


def run(*args: str, stdin: str | None = None, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run([sys.executable, "-m", "assistant", *args], input=stdin,
                            capture_output=True, text=True, timeout=120, env=env, cwd=ROOT)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def test_ask_time_in_swedish() -> None:
    out = run("ask", "--lang", "sv", "--now", "2026-02-03T09:15", "vad är klockan").stdout
    assert "kvart över nio" in out


def test_ask_tomorrow_in_english_as_json() -> None:
    out = run("ask", "--lang", "en", "--now", "2026-02-03T09:15", "--json",
              "what day is it tomorrow").stdout
    reply = json.loads(out)
    assert "Wednesday 4 February" in reply["text"]
    assert set(reply) >= {"lang", "text", "speech", "intent", "entities", "skill", "card"}
    assert reply["lang"] == "en" and reply["skill"] == "calendar"
    assert reply["intent"]["name"] == "date" and 0 < reply["intent"]["confidence"] <= 1
    assert {"entity": "day", "value": "tomorrow", "text": "tomorrow"} in reply["entities"]
    assert reply["card"]["kind"] == "calendar" and reply["card"]["items"][0]["picture"]


def test_python_dash_m_and_console_script_are_the_same_command() -> None:
    script = Path(sys.executable).parent / "assistant"
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "ask" in result.stdout


def test_parse_reads_lines_and_writes_json_lines() -> None:
    out = run("parse", "--lang", "sv", stdin="vad blir det för mat imorgon\n\nhej\n").stdout
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["intent"]["name"] for line in lines] == ["menu", "greet"]
    assert lines[0]["lang"] == "sv" and lines[0]["text"] == "vad blir det för mat imorgon"
    assert {"entity": "day", "value": "tomorrow", "text": "imorgon"} in lines[0]["entities"]


def test_chat_keeps_one_session_for_follow_ups() -> None:
    out = run("chat", "--lang", "sv", "--now", "2026-02-03T09:15",
              stdin="vilken dag är det idag\noch imorgon?\nvad sa du?\n").stdout
    answers = [line for line in out.splitlines() if line.startswith("Kompis:")]
    assert "tisdag den 3 februari" in answers[0]
    assert "onsdag den 4 februari" in answers[1]
    assert answers[2] == answers[1]


def test_skills_list_names_built_in_skills_and_waiting_intents() -> None:
    out = run("skills", "list").stdout
    assert "social" in out and "calendar" in out and "time, date" in out


def test_check_config_accepts_the_example() -> None:
    assert run("check-config").stdout.startswith("OK: Solrosens förskola")


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        ("preschool: {name: X}\nlanguages: [sv]\nlocation: {lat: 56, lon: 12}\ntimezone: Mars/Base\n",
         4, "time zone"),
        ("preschool: {name: X}\nlanguages: [sv]\nlocation: {lat: 956, lon: 12}\n", 3, "location.lat"),
        ("preschool: {name: X}\nlanguages: [sv]\nlocation: {lat: 56, lon: 12}\nwether: {}\n",
         4, "unknown setting"),
        ("preschool: {name: X}\nlanguages: [sv\nlocation: {lat: 56, lon: 12}\n", 3, "invalid YAML"),
        ("preschool: {name: X}\nlanguages: [sv]\nlocation: {lat: 56, lon: 12}\n"
         "outdoor_hours: ['9-11']\n", 4, "time span"),
        ("preschool: {name: X}\nlanguages: [sv, xx]\nlocation: {lat: 56, lon: 12}\n", None,
         "no language data"),
        # A few hundred bytes of nested aliases would expand to gigabytes: refused at once.
        ("preschool: {name: X}\nlanguages: [sv]\nlocation: {lat: 56, lon: 12}\n"
         "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
         "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n", 5, "aliases"),
        ("preschool: {name: X}\nlanguages: [sv]\nlocation: {lat: 56, lon: 12}\n"
         "timezone: Europe/Stockholm\ntimezone: Europe/Oslo\n", 5, "given twice (first on line 4)"),
        ("preschool: {name: X}\nlanguages: [sv]\nlocation: {lat: 56, lon: 12}\n"
         "storage: {path: /proc/no-such-folder/store.db}\n", 4, "storage.path"),
        ("preschool: {name: X}\nlanguages: [sv]\nlocation: {lat: 56, lon: 12}\n"
         + "# a long comment line, repeated until the file is far larger than any settings file\n"
         * 100_000, None, "MB"),
    ],
)
def test_broken_config_is_one_line_with_file_and_line(tmp_path: Path, content: str,
                                                       line: int | None, words: str) -> None:
    (tmp_path / "assistant.yml").write_text(content, encoding="utf-8")
    result = run("check-config", "--config", str(tmp_path), check=False)
    assert result.returncode == 2
    message = result.stderr.strip()
    assert "\n" not in message and "Traceback" not in message
    assert str(tmp_path / "assistant.yml") in message and words in message
    if line:
        assert f"assistant.yml:{line}:" in message


def test_broken_language_file_is_one_line_with_file_and_line(tmp_path: Path) -> None:
    skill = tmp_path / "site"
    (skill / "skillpkg" / "nlu_data" / "sv").mkdir(parents=True)
    # A third-party skill with a broken data file, installed through a .pth-free import path.
    (skill / "skillpkg" / "__init__.py").write_text(
        "from pathlib import Path\nfrom assistant.skills import Skill, Answer, Say\n"
        "class Broken(Skill):\n    name = 'broken'\n    intents = ()\n", encoding="utf-8")
    (skill / "skillpkg" / "nlu_data" / "sv" / "broken.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: menu\n  examples: |\n    - ok\n    - [trasig(day:today)\n',
        encoding="utf-8")
    dist = skill / "skillpkg-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: skillpkg\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[assistant.skills]\nbroken = skillpkg:Broken\n")
    env = {**os.environ, "PYTHONPATH": str(skill)}
    result = subprocess.run([sys.executable, "-m", "assistant", "check-config"], env=env,
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 2
    assert result.stderr.strip().endswith("malformed entity annotation in '[trasig(day:today)'")
    assert "broken.yml:6:" in result.stderr and "Traceback" not in result.stderr


def third_party_skill(root: Path, files: dict[str, str]) -> dict[str, str]:
    """A skill package `skillpkg` (skill `extra`) with the given language files, found through its
    entry point; the environment that installs it."""
    package = root / "skillpkg"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(
        "from assistant.skills import Skill\n"
        "class Extra(Skill):\n    name = 'extra'\n    intents = ('extra',)\n", encoding="utf-8")
    for name, text in files.items():
        (package / "nlu_data" / name).parent.mkdir(parents=True, exist_ok=True)
        (package / "nlu_data" / name).write_text(text, encoding="utf-8")
    dist = root / "skillpkg-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: skillpkg\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[assistant.skills]\nextra = skillpkg:Extra\n")
    return {**os.environ, "PYTHONPATH": str(root)}


EXTRA_SV = ('version: "3.1"\nnlu:\n- intent: extra\n  examples: |\n'
            + "".join(f"    - extra fråga nummer {i}\n" for i in range(30)))


def test_an_intent_given_twice_in_a_file_is_an_error_with_its_line(tmp_path: Path) -> None:
    twice = EXTRA_SV + '- intent: extra\n  examples: |\n    - en till\n'
    env = third_party_skill(tmp_path, {"sv/extra.yml": twice})
    result = subprocess.run([sys.executable, "-m", "assistant", "check-config"], env=env,
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "extra.yml:35:" in result.stderr and "given twice" in result.stderr


def test_a_skill_without_a_languages_data_is_a_warning_naming_the_file(tmp_path: Path) -> None:
    env = third_party_skill(tmp_path, {"sv/extra.yml": EXTRA_SV})
    result = subprocess.run([sys.executable, "-m", "assistant", "check-config"], env=env,
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    warned = [line for line in result.stdout.splitlines() if "warning" in line and "extra" in line]
    assert warned and all("nlu_data" in line for line in warned)
    assert any(line.split("warning: ")[1].startswith("en:") for line in warned)
    assert not any(line.split("warning: ")[1].startswith("sv:") for line in warned)


def test_unknown_language_is_refused_clearly() -> None:
    result = run("ask", "--lang", "xx", "hej", check=False)
    assert result.returncode == 2 and "sv, en" in result.stderr


def test_nlu_evaluate_prints_per_intent_scores_and_confusions() -> None:
    out = run("nlu", "evaluate", "--lang", "en", "--folds", "3").stdout
    assert out.startswith("language en: accuracy")
    assert "precision" in out and "recall" in out
    for intent in ("menu", "distress", "out_of_scope"):
        assert f"\n{intent} " in out


def test_export_rasa_writes_a_rasa_project(tmp_path: Path) -> None:
    run("nlu", "export-rasa", "--lang", "sv", str(tmp_path))
    config = yaml.safe_load((tmp_path / "config.yml").read_text(encoding="utf-8"))
    domain = yaml.safe_load((tmp_path / "domain.yml").read_text(encoding="utf-8"))
    nlu = yaml.safe_load((tmp_path / "data" / "nlu.yml").read_text(encoding="utf-8"))
    assert config["language"] == "sv" and config["recipe"] == "default.v1"
    names = [step["name"] for step in config["pipeline"]]
    assert names[0] == "WhitespaceTokenizer" and "DIETClassifier" in names
    assert "EntitySynonymMapper" in names
    assert domain["version"] == "3.1" and "menu" in domain["intents"]
    assert set(domain["entities"]) >= {"day", "meal", "garment", "condition", "part_of_day"}
    assert all(key.startswith("utter_") for key in domain["responses"])
    assert nlu["version"] == "3.1"
    kinds = {next(iter(item)) for item in nlu["nlu"]}
    assert kinds == {"intent", "synonym", "lookup", "regex"} or kinds >= {"intent", "synonym"}
    menu = next(item for item in nlu["nlu"] if item.get("intent") == "menu")
    assert '{"entity": "day", "value": "tomorrow"}' in menu["examples"]
    # Every example line is a Rasa list item and annotations round-trip through our own reader.
    from assistant.core import data_folders
    from assistant.nlu.data import load_language

    (tmp_path / "rt" / "sv").mkdir(parents=True)
    (tmp_path / "rt" / "sv" / "nlu.yml").write_text(
        (tmp_path / "data" / "nlu.yml").read_text(encoding="utf-8"), encoding="utf-8")
    again = load_language("sv", [tmp_path / "rt"])
    original = load_language("sv", data_folders())

    def key(e):
        return e.intent, e.text, tuple((s.text, s.entity, s.value) for s in e.entities)

    assert {key(e) for e in again.examples} == {key(e) for e in original.examples}
    assert again.synonyms == {k: v for k, v in original.synonyms.items() if k != v}
