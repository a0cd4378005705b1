"""A skill is a whole package: the engine knows no skill, imports point down, a third-party skill
installed with pip gets its answer, tile, setting and admin page like a built-in one."""

from __future__ import annotations

import ast
import io
import re
import shutil
import site
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest
import requests

from assistant.config import PROJECT_ROOT
from assistant.skills import discover
from tests.support.preschool import change_settings, copy_example
from tests.support.web import PASSWORD, assistant_command, csrf_of, start_serve

ENGINE = PROJECT_ROOT / "assistant"
SKILLS = PROJECT_ROOT / "skills"
BUILT_IN = ("menu", "weather", "clothing", "calendar", "social")
EXAMPLE_SKILL = PROJECT_ROOT / "docs" / "example-skill"
NAME = re.compile(r"\b(" + "|".join(BUILT_IN) + r")\b")


def _code_of(path: Path) -> list[tuple[int, str]]:
    """(line, text) of a Python file's names and strings, leaving out docstrings and comments."""
    source = path.read_text(encoding="utf-8")
    docstrings = set()
    for node in ast.walk(ast.parse(source)):
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        if body and isinstance(body[0], ast.Expr) and \
                isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            docstrings.add(body[0].lineno)
        # Attribute docstrings (a string right after an assignment) are documentation too.
        for first, second in zip(body, body[1:], strict=False):
            if isinstance(first, ast.Assign | ast.AnnAssign) and isinstance(second, ast.Expr) and \
                    isinstance(second.value, ast.Constant) and isinstance(second.value.value, str):
                docstrings.add(second.lineno)
    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.NAME or (token.type == tokenize.STRING
                                            and token.start[0] not in docstrings):
            found.append((token.start[0], token.string))
    return found


def test_the_engine_names_no_built_in_skill() -> None:
    """In code, templates, scripts, styles and the engine's own language data (docs are free to)."""
    found = []
    for path in sorted(ENGINE.rglob("*")):
        if not path.is_file() or "example" in path.parts or path.suffix in (".md", ".pyc", ".svg"):
            continue
        if path.suffix == ".py":
            found += [f"{path.relative_to(PROJECT_ROOT)}:{line}: {text}" for line, text in _code_of(path)
                      if NAME.search(text)]
        elif path.suffix in (".html", ".js", ".css", ".yml"):
            for line, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if NAME.search(text.split("#")[0] if path.suffix == ".yml" else text):
                    found.append(f"{path.relative_to(PROJECT_ROOT)}:{line}: {text.strip()}")
    assert not found, "the engine names a built-in skill:\n" + "\n".join(found)


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def test_imports_point_down() -> None:
    """The engine never imports a skill; a skill never imports another skill or the command line."""
    wrong = []
    for path in sorted(ENGINE.rglob("*.py")):
        wrong += [f"{path.relative_to(PROJECT_ROOT)}:{line}: {module}" for line, module in _imports(path)
                  if module == "skills" or module.startswith("skills.")]
    for path in sorted(SKILLS.rglob("*.py")):
        own = path.relative_to(SKILLS).parts[0]
        for line, module in _imports(path):
            parts = module.split(".")
            sideways = parts[0] == "skills" and len(parts) > 1 and parts[1] != own
            upward = module in ("assistant.cli", "assistant.commands") or module.startswith("tests")
            if sideways or upward:
                wrong.append(f"{path.relative_to(PROJECT_ROOT)}:{line}: {module}")
    # What the dialogue needs (Reply) comes from assistant.turn, not from the pipeline around it.
    wrong += [f"assistant/dialogue.py:{line}: {module}" for line, module in _imports(ENGINE / "dialogue.py")
              if module == "assistant.core"]
    assert not wrong, "imports that do not point down:\n" + "\n".join(wrong)


def test_every_built_in_skill_loads_through_its_entry_point() -> None:
    found = discover()
    assert set(BUILT_IN) <= set(found)
    for name in BUILT_IN:
        assert found[name].data_dir() == SKILLS / name / "nlu_data"
        assert (found[name].data_dir() / "sv" / f"{name}.yml").is_file()


# --- a third-party skill, installed with pip ---------------------------------------------------------


@pytest.fixture(scope="module")
def songs_python(tmp_path_factory) -> str:
    """A Python environment of its own with the documented example skill installed beside the
    assistant with `pip install -e`, as a developer would (the test's own environment is untouched)."""
    root = tmp_path_factory.mktemp("third-party")
    source = root / "songs-skill"
    shutil.copytree(EXAMPLE_SKILL, source)
    env = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True, timeout=120)
    # The new environment sees this one's packages (the assistant among them) through a .pth file.
    own = Path(site.getsitepackages()[0])
    found = next(env.glob("lib/python*/site-packages"))
    (found / "the-assistant.pth").write_text(f"import site; site.addsitedir({str(own)!r})\n")
    python = str(env / "bin" / "python")
    pip = [sys.executable, "-m", "pip", "-q", "--disable-pip-version-check", "--python", python]
    done = subprocess.run([*pip, "install", "--no-deps", "--no-build-isolation", "-e", str(source)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return python


@pytest.fixture(scope="module")
def songs_preschool(songs_python, tmp_path_factory) -> Path:
    folder = copy_example(tmp_path_factory.mktemp("songs") / "config")
    return change_settings(folder, {"songs": {"songs": ["Små grodorna"]},
                                    "weather": {"base_url": "http://127.0.0.1:9"}})


def test_a_third_party_skill_answers_and_is_listed(songs_preschool, songs_python) -> None:
    listed = assistant_command("skills", "list", "--config", str(songs_preschool), python=songs_python)
    assert listed.returncode == 0, listed.stderr
    assert re.search(r"^songs\s+song\s+tiles: song$", listed.stdout, re.MULTILINE)
    asked = assistant_command("ask", "--config", str(songs_preschool), "--lang", "sv",
                              "vilken sång ska vi sjunga idag", python=songs_python)
    assert asked.returncode == 0, asked.stderr
    assert "Små grodorna" in asked.stdout


@pytest.mark.parametrize(("settings", "marker", "message"), [
    ({"colour": "blue"}, "colour", "skills.songs.colour: unknown setting"),
    ({"songs": []}, "songs: []", "skills.songs.songs: List should have at least 1 item"),
])
def test_a_third_party_skills_setting_is_checked_with_its_line(songs_python, tmp_path, settings, marker,
                                                               message) -> None:
    folder = copy_example(tmp_path / "config")
    change_settings(folder, {"songs": settings})
    checked = assistant_command("check-config", "--config", str(folder), python=songs_python)
    assert checked.returncode == 2 and "Traceback" not in checked.stderr
    line = next(n for n, text in enumerate((folder / "assistant.yml").read_text().splitlines(), 1)
                if marker in text)
    assert f"assistant.yml:{line}: {message}" in checked.stderr, checked.stderr


def test_a_third_party_skill_has_its_tile_and_its_admin_page(songs_preschool, songs_python) -> None:
    done = assistant_command("admin", "set-password", "--config", str(songs_preschool), "--password-stdin",
                             stdin=PASSWORD + "\n", python=songs_python)
    assert done.returncode == 0, done.stderr
    server = start_serve(songs_preschool, python=songs_python)
    try:
        page = requests.get(f"{server.url}/?lang=sv", timeout=10).text
        assert 'data-intent="song"' in page and "Vilken sång ska vi sjunga?" in page
        tapped = requests.post(f"{server.url}/api/ask", json={"intent": "song", "lang": "sv"}, timeout=10)
        assert tapped.status_code == 200 and "Små grodorna" in tapped.json()["text"]
        helped = requests.post(f"{server.url}/api/ask", json={"intent": "help", "lang": "sv"}, timeout=10)
        assert "song" in [item.get("value") for item in helped.json()["card"]["items"]]
        anonymous = requests.get(f"{server.url}/admin/songs", allow_redirects=False, timeout=10)
        assert anonymous.status_code == 303 and "/admin/login" in anonymous.headers["location"]
        teacher = requests.Session()
        login = teacher.get(f"{server.url}/admin/login", timeout=10)
        teacher.post(f"{server.url}/admin/login", data={"csrf": csrf_of(login.text), "password": PASSWORD},
                     timeout=10)
        songs = teacher.get(f"{server.url}/admin/songs", timeout=10)
        assert songs.status_code == 200 and "Små grodorna" in songs.text
        assert 'href="/admin/songs"' in songs.text   # in the admin's navigation
    finally:
        server.close()


# --- settings that moved, taps, commands that pay only for what they use -------------------------------


def test_a_skills_old_top_level_settings_name_their_new_place(tmp_path) -> None:
    folder = copy_example(tmp_path / "config")
    text = (folder / "assistant.yml").read_text(encoding="utf-8")
    (folder / "assistant.yml").write_text(text + "menu:\n  source: teacher\n", encoding="utf-8")
    line = len(text.splitlines()) + 1
    checked = assistant_command("check-config", "--config", str(folder))
    assert checked.returncode == 2 and "Traceback" not in checked.stderr
    assert f"assistant.yml:{line}: menu: a skill's settings are now under `skills.menu:`" in checked.stderr


def test_commands_pay_only_for_what_they_use(tmp_path) -> None:
    """Setting the password and asking for help import no recogniser and train nothing."""
    folder = copy_example(tmp_path / "config")
    probe = ("import sys\nfrom assistant.cli import main\n"
             "code = main(sys.argv[1:])\n"
             "print('trained' if 'sklearn' in sys.modules else 'light', code)\n")
    password = ["admin", "set-password", "--config", str(folder), "--password-stdin"]
    for argv, stdin in ((password, "geheim-lösen\n"), (["menu", "show", "--config", str(folder)], None)):
        done = subprocess.run([sys.executable, "-c", probe, *argv], input=stdin, capture_output=True,
                              text=True, timeout=120, cwd=PROJECT_ROOT)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip().endswith("light 0"), (argv, done.stdout, done.stderr)
    help_text = subprocess.run([sys.executable, "-c", "import sys\nfrom assistant.cli import main\n"
                                "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
                                "print('trained' if 'sklearn' in sys.modules else 'light')"],
                               capture_output=True, text=True, timeout=120, cwd=PROJECT_ROOT)
    assert help_text.stdout.strip().endswith("light") and "menu" in help_text.stdout


def test_language_add_writes_every_key_to_translate(tmp_path, monkeypatch) -> None:
    from assistant import core
    from assistant.core import Assistant, data_folders
    from assistant.nlu.data import load_language
    from assistant.scaffold import scaffold

    # The scaffold writes beside the real data; here into copies of it.
    copies = {}
    for folder in data_folders():
        copy = tmp_path / "data" / folder.parent.name / folder.name
        shutil.copytree(folder / "en", copy / "en")
        copies[folder] = copy
    monkeypatch.setattr(core, "ENGINE_DATA", copies[core.ENGINE_DATA])
    assistant = Assistant.from_config_dir(copy_example(tmp_path / "config"))
    for cls in assistant.skill_classes.values():
        target = copies[cls.data_dir()]
        monkeypatch.setattr(cls, "data_dir", classmethod(lambda c, to=target: to))
    written = scaffold(assistant, "zz")
    assert any(p.name == "STATUS.md" for p in written)
    # Every file of the children's words; the admin's own texts (admin.yml) fall back to English.
    assert {p.name for p in written if p.suffix == ".yml"} == {
        p.name for folder in copies.values() for p in (folder / "en").glob("*.yml") if p.name != "admin.yml"}
    english = load_language("en", list(copies.values()))
    new = load_language("zz", list(copies.values()))   # it loads: nothing is translated yet
    assert not new.responses and not new.examples and not any(new.words.values())
    scaffolded = "\n".join(p.read_text(encoding="utf-8") for p in written)
    assert all(f"  {key}:" in scaffolded for key in english.responses)
    assert '"köttbullar": ""  # en: meatballs' in scaffolded
    with pytest.raises(Exception, match="every file already"):
        scaffold(assistant, "zz")
