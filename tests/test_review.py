"""The admin tells teachers which languages nobody who speaks them has checked yet."""

from __future__ import annotations

from pathlib import Path

from assistant.review import review

STATUS = "# {lang}\n\n- Written by: someone\n- Reviewed by a native speaker: {by}\n"


def status(folder: Path, lang: str, by: str) -> None:
    (folder / lang).mkdir(parents=True, exist_ok=True)
    (folder / lang / "STATUS.md").write_text(STATUS.format(lang=lang, by=by), encoding="utf-8")


def test_a_language_is_reviewed_only_when_every_folder_names_a_reviewer(tmp_path) -> None:
    engine, skill = tmp_path / "engine", tmp_path / "skill"
    status(engine, "fi", "Aino Virtanen, 2026-11-20")
    assert review("fi", [engine, skill]).reviewed
    status(skill, "fi", "not yet")
    assert not review("fi", [engine, skill]).reviewed
    status(engine, "pl", "no")
    assert not review("pl", [engine]).reviewed
    # No status file: nobody has said the data was checked.
    assert not review("uk", [engine]).reviewed and review("uk", [engine]).files == ()
