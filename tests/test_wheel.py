"""The built wheel works on its own: language data, the example preschool, templates and static
files are package data, found beside the code (no source tree needed)."""

from __future__ import annotations

import os
import site
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT

PIP = [sys.executable, "-m", "pip", "-q", "--disable-pip-version-check"]
OURS = ("preschool_assistant", "__editable__", "assistant", "skills", "songs")


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path]:
    """The wheel built from this tree, installed alone into a folder; and a folder with only the
    third-party packages it depends on (what pip would have installed beside it)."""
    root = tmp_path_factory.mktemp("wheel")
    built = subprocess.run([*PIP, "wheel", "--no-deps", "--no-build-isolation", "-w", str(root / "dist"),
                            str(PROJECT_ROOT)], capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    [wheel] = (root / "dist").glob("preschool_assistant-*.whl")
    done = subprocess.run([*PIP, "install", "--no-deps", "--target", str(root / "site"), str(wheel)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    deps = root / "deps"
    deps.mkdir()
    for packages in site.getsitepackages():
        for entry in Path(packages).iterdir():
            if not entry.name.startswith(OURS) and not entry.name.endswith(".pth"):
                (deps / entry.name).symlink_to(entry)
    return root / "site", deps


def run_alone(installed: tuple[Path, Path], tmp_path: Path, *argv: str) -> subprocess.CompletedProcess:
    """`assistant ARGV` with only the wheel and its dependencies importable (no site, no source)."""
    wheel_site, deps = installed
    code = ("import sys, runpy\n"
            f"sys.path[:0] = [{str(wheel_site)!r}, {str(deps)!r}]\n"
            "import assistant\n"
            "print('from:', assistant.__file__, file=sys.stderr)\n"
            f"sys.argv = ['assistant', *{list(argv)!r}]\n"
            "runpy.run_module('assistant', run_name='__main__')\n")
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    return subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, timeout=300,
                          cwd=tmp_path, env=env)


@pytest.mark.parametrize(("lang", "question", "answer"), [
    ("sv", "vad är klockan", "Klockan är kvart över nio."),
    ("en", "what time is it", "It's quarter past nine."),
])
def test_the_installed_wheel_answers_alone(installed, tmp_path, lang, question, answer) -> None:
    done = run_alone(installed, tmp_path, "ask", "--lang", lang, "--now", "2026-02-03T09:15", question)
    assert done.returncode == 0, done.stderr
    assert f"from: {installed[0]}" in done.stderr   # the wheel's own code, not this source tree
    assert done.stdout.strip() in (answer, answer.replace("It's", "The time is").replace(
        "Klockan är", "Nu är klockan"))


def test_the_installed_wheel_has_its_pages_and_the_example_preschool(installed, tmp_path) -> None:
    wheel_site = installed[0]
    for needed in ("assistant/example/assistant.yml", "assistant/example/menu.yml",
                   "assistant/nlu_data/sv/_common.yml", "assistant/web/templates/child.html",
                   "assistant/web/static/child.js", "skills/menu/nlu_data/en/foods.yml",
                   "skills/menu/templates/week.html", "skills/menu/lexicon.yml", "skills/clothing/rules.yml"):
        assert (wheel_site / needed).is_file(), needed
    checked = run_alone(installed, tmp_path, "check-config")
    assert checked.returncode == 0, checked.stderr
    assert "5 skills" in checked.stdout
    menu = run_alone(installed, tmp_path, "ask", "--lang", "sv", "--now", "2026-02-03T09:15",
                     "vad blir det för mat idag")
    assert "fiskbullar" in menu.stdout, menu.stderr
