"""How long `assistant` commands take as processes: wall time and CPU seconds, median of several runs.

    python benchmarks/commands.py [--runs 5] [--source DIR ...]

Each command runs as `python -m assistant ...` on a temporary copy of the example preschool. With
`--source`, the same commands also run from another source tree (an older checkout, say) with the
same interpreter and packages, so before and after are measured in one run on one machine. The
one-shot questions need no network: the preschool's sources point at a closed local port.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = {
    "assistant --help": ["--help"],
    "assistant admin set-password --help": ["admin", "set-password", "--help"],
    "assistant ask (one-shot, sv)": ["ask", "--lang", "sv", "--now", "2026-02-03T09:15", "vad är klockan"],
    "assistant menu show": ["menu", "show", "--now", "2026-02-03T09:15"],
    "assistant speak (sv, to a file)": ["speak", "--lang", "sv", "Idag blir det fiskbullar.", "-o",
                                        "{folder}/answer.wav"],
    "assistant listen (sv, a 2 s question)": ["listen", "--lang", "sv", "--now", "2026-02-03T09:15",
                                              "{folder}/question.wav"],
    "assistant listen (sv, silence: the start)": ["listen", "--lang", "sv", "{folder}/silence.wav"],
}
QUESTION = ("sv", "vad blir det för mat idag")
"""What `assistant listen` hears: said by eSpeak NG into the preschool's folder."""


def preschool(source: Path) -> Path:
    """A copy of a tree's example preschool with every data source pointed at a closed port."""
    example = next(p for p in (source / "assistant" / "example", source / "config") if p.is_dir())
    folder = Path(tempfile.mkdtemp(prefix="commands-bench-")) / "config"
    shutil.copytree(example, folder, ignore=shutil.ignore_patterns("var"))
    path = folder / "assistant.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for section in (data.get("skills") or {}).values() if "skills" in data else (data.get("weather"),
                                                                                 data.get("menu")):
        if isinstance(section, dict):
            section["base_url"] = "http://127.0.0.1:9"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    from assistant.speech import espeak
    from assistant.speech.audio import wav_bytes

    engine = espeak.library() or espeak.program()
    if engine is not None:
        said = engine.say(QUESTION[1], QUESTION[0], 140, 50)
        (folder / "question.wav").write_bytes(wav_bytes(said.samples, said.rate))
    # Silence is recognised as nothing without decoding: what remains is the start (the recogniser loaded).
    (folder / "silence.wav").write_bytes(wav_bytes(np.zeros(16000, dtype=np.int16), 16000))
    return folder


def run(source: Path, argv: list[str], folder: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one `python -m assistant ARGV` from `source`."""
    needs_config = argv[0] != "--help" and "--help" not in argv
    argv = [a.replace("{folder}", str(folder)) for a in argv]
    args = [sys.executable, "-m", "assistant", *argv, *(["--config", str(folder)] if needs_config else [])]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(args, cwd=source, env={**os.environ, "PYTHONPATH": str(source)},
                          capture_output=True, check=False, timeout=300)
    if done.returncode not in (0, 1):   # 1: a question the example preschool cannot answer offline
        print(f"  ({' '.join(argv)} exited {done.returncode}: {done.stderr.decode()[-200:].strip()})")
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--source", type=Path, action="append", default=[],
                        help="another source tree to measure the same way (repeatable)")
    args = parser.parse_args()
    trees = [ROOT, *[s.resolve() for s in args.source]]
    print(f"median of {args.runs} runs; python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    for name, argv in COMMANDS.items():
        for tree in trees:
            folder = preschool(tree)
            walls, cpus = [], []
            for _ in range(args.runs):
                wall, cpu = run(tree, argv, folder)
                walls.append(wall)
                cpus.append(cpu)
            label = "this tree" if tree == ROOT else str(tree)
            print(f"{name:<40} {label:<28} wall {statistics.median(walls):.2f} s, "
                  f"CPU {statistics.median(cpus):.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
