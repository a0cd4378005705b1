"""The teachers' admin texts (`nlu_data/<lang>/admin.yml`): every language the admin offers has
every text, with the same placeholders, and a broken file is named with its line."""

from __future__ import annotations

import string
from pathlib import Path

import pytest

from assistant.core import data_folders
from assistant.errors import AssistantError
from assistant.web.wording import AdminWords

WORDS = AdminWords(data_folders())


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("lang", [lang for lang in WORDS.languages if lang != "en"])
def test_every_admin_text_is_in_every_admin_language(lang: str) -> None:
    english, other = WORDS.texts("en"), WORDS.texts(lang)
    assert sorted(set(english) - set(other)) == [], f"{lang} lacks these admin texts"
    assert sorted(set(other) - set(english)) == [], f"{lang} has admin texts English does not"
    differ = [key for key in english if placeholders(english[key]) != placeholders(other[key])]
    assert not differ, f"{lang}: other placeholders than in English: {differ}"


def test_the_admin_speaks_swedish_and_english_and_falls_back_to_english(tmp_path: Path) -> None:
    assert {"sv", "en"} <= set(WORDS.languages)
    assert WORDS.say("sv", "nav_settings") == "⚙️ Inställningar"
    assert WORDS.say("sv", "menu_saved_other", count=3) == "Sparade 3 ändringar."
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "admin.yml").write_text('admin:\n  hello: "Hello {name}"\n  only: "Only English"\n')
    (tmp_path / "fi").mkdir()
    (tmp_path / "fi" / "admin.yml").write_text('admin:\n  hello: "Hei {name}"\n')
    words = AdminWords([tmp_path])
    assert words.say("fi", "hello", name="Ali") == "Hei Ali"
    assert words.say("fi", "only") == "Only English"
    assert words.speaker("fi").get("a skill's own title", "🧩 Puzzle") == "🧩 Puzzle"


def test_a_broken_admin_file_names_its_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    path = tmp_path / "en" / "admin.yml"
    path.write_text('admin:\n  fine: "Fine"\n  broken: [1, 2]\n')
    with pytest.raises(AssistantError) as caught:
        AdminWords([tmp_path]).texts("en")
    assert caught.value.file == str(path) and caught.value.line == 3
