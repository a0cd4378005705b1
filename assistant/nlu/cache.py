"""Trained language models kept on disk, so a restart with unchanged data does not train again.

A model is stored under a key made of everything it was trained from: the language's data files
(their bytes), the assistant's names, the thresholds, the words borrowed from the preschool's own
language, the source of the modules that train and use it, and the Python, scikit-learn and NumPy
versions. Any change gives a new key, so a stale model is never used; a file that cannot be read
is trained again. The folder is the preschool's state folder, which only the service writes
(pickle files are code: never point this at a folder others can write).
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.nlu import LanguageModel

log = logging.getLogger(__name__)
_CODE = [Path(__file__).parent / name for name in
         ("__init__.py", "recognizer.py", "entities.py", "normalize.py", "data.py")]


def _code_version() -> str:
    from importlib.metadata import version

    # The installed versions, read without importing scikit-learn (a cached model never needs it).
    digest = hashlib.sha256(f"{sys.version}|{version('scikit-learn')}|{version('numpy')}".encode())
    for path in _CODE:
        digest.update(path.read_bytes())
    return digest.hexdigest()


class ModelCache:
    """A folder of trained models, one file per language and key."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        """Where the model files are."""
        self._code: str | None = None

    def key(self, lang: str, files: list[Path], extra: str) -> str:
        """The key of a model trained from `files` with the settings summed up in `extra`."""
        if self._code is None:
            self._code = _code_version()
        digest = hashlib.sha256(f"{lang}|{extra}|{self._code}".encode())
        for path in sorted(files):
            digest.update(str(path.name).encode())
            digest.update(path.read_bytes())
        return digest.hexdigest()[:32]

    def load(self, lang: str, key: str) -> LanguageModel | None:
        """The stored model, or None when there is none (or it cannot be read)."""
        path = self.folder / f"{lang}-{key}.pickle"
        try:
            with path.open("rb") as file:
                return pickle.load(file)
        except FileNotFoundError:
            return None
        except Exception as exc:  # a truncated or foreign file: train again
            log.warning("ignoring the stored model %s (%s)", path, exc)
            return None

    def save(self, lang: str, key: str, model: LanguageModel) -> None:
        """Store a model (atomically), and drop the language's older ones."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            handle, tmp = tempfile.mkstemp(dir=self.folder, prefix=f".{lang}-", suffix=".tmp")
            with os.fdopen(handle, "wb") as file:
                pickle.dump(model, file, protocol=pickle.HIGHEST_PROTOCOL)
            target = self.folder / f"{lang}-{key}.pickle"
            os.replace(tmp, target)
            for old in self.folder.glob(f"{lang}-*.pickle"):
                if old != target:
                    old.unlink(missing_ok=True)
        except OSError as exc:  # a read-only folder: the model is simply trained at each start
            log.warning("cannot store the %s model in %s (%s)", lang, self.folder, exc)
