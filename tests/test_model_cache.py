"""Trained models are kept in the preschool's state folder: a restart with the same data reads
them instead of training, any change to the data trains again, and a damaged file is no harm."""

from __future__ import annotations

from pathlib import Path

from assistant.core import Assistant
from assistant.nlu.cache import ModelCache
from tests.support.preschool import copy_example


def test_the_key_follows_every_byte_of_the_data(tmp_path: Path) -> None:
    data = tmp_path / "sv.yml"
    data.write_text("nlu: []\n", encoding="utf-8")
    cache = ModelCache(tmp_path / "models")
    first = cache.key("sv", [data], "Kompis")
    assert cache.key("sv", [data], "Kompis") == first
    assert cache.key("sv", [data], "Robbi") != first
    data.write_text("nlu: [] \n", encoding="utf-8")
    assert cache.key("sv", [data], "Kompis") != first


def test_a_restart_reads_the_stored_models_and_a_damaged_one_is_trained_again(tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "config")
    first = Assistant.from_config_dir(folder).ready()
    models = folder / "var" / "models"
    stored = sorted(p.name.split("-")[0] for p in models.glob("*.pickle"))
    assert stored == sorted(first.config.languages)
    english = next(models.glob("en-*.pickle"))
    written = english.stat().st_mtime_ns
    (next(models.glob("sv-*.pickle"))).write_bytes(b"not a model")
    second = Assistant.from_config_dir(folder).ready()
    for lang in first.config.languages:
        for text in ("vad blir det för mat idag", "what time is it", "jag har ont"):
            a, b = first.parse(text, lang), second.parse(text, lang)
            assert (a.intent, round(a.confidence, 6)) == (b.intent, round(b.confidence, 6))
    assert next(models.glob("sv-*.pickle")).read_bytes() != b"not a model"
    assert english.stat().st_mtime_ns == written, "the English model was trained again, not read"
