"""NLU figures: training time per language, parse latency, cross-validation and held-out accuracy.

    python benchmarks/nlu.py [--config DIR] [--runs 5]

Held-out sentences (benchmarks/heldout/<lang>.yml) were written apart from the training data, so
their accuracy is the honest measure of how the recogniser does on sentences it has not seen.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

from assistant.core import Assistant
from assistant.nlu.cache import ModelCache
from assistant.nlu.evaluate import cross_validate, score

HELDOUT = Path(__file__).parent / "heldout"
SKILL_INTENTS = {"menu", "weather", "clothing", "time", "date"}


def heldout(assistant: Assistant, lang: str) -> None:
    for path in sorted(HELDOUT.glob(f"{lang}.yml")) + sorted(HELDOUT.glob(f"{lang}-*.yml")):
        heldout_set(assistant, lang, path)


def heldout_set(assistant: Assistant, lang: str, path: Path) -> None:
    sentences = yaml.safe_load(path.read_text(encoding="utf-8"))["intents"]
    truth, predicted, texts = [], [], []
    for intent, items in sentences.items():
        for text in items:
            truth.append(intent)
            predicted.append(assistant.parse(text, lang).intent)
            texts.append(text)
    # The dialogue's safety check also counts for distress, as at run time.
    model = assistant.nlu.model(lang)
    safe = [model.marked("distress", t) for t in texts]
    predicted = ["distress" if s else p for p, s in zip(predicted, safe, strict=True)]
    result = score(lang, truth, predicted, texts)
    in_scope = [(t, p) for t, p in zip(truth, predicted, strict=True) if t != "out_of_scope"]
    oos = [p for t, p in zip(truth, predicted, strict=True) if t == "out_of_scope"]
    distress = [p for t, p in zip(truth, predicted, strict=True) if t == "distress"]
    print(f"  held-out {path.name} ({len(truth)} sentences): intent accuracy (in scope) "
          f"{sum(t == p for t, p in in_scope) / len(in_scope):.1%}, "
          f"out-of-scope not answered by a skill {sum(p not in SKILL_INTENTS for p in oos) / len(oos):.1%}, "
          f"out-of-scope exact {sum(p == 'out_of_scope' for p in oos) / len(oos):.1%}, "
          f"distress caught {sum(p == 'distress' for p in distress) / len(distress):.1%}")
    for text, true, pred in result.examples:
        print(f"    miss: {text!r}: {true} -> {pred}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path)
    parser.add_argument("--runs", type=int, default=5, help="start-ups to time")
    parser.add_argument("--quiet", action="store_true", help="do not list held-out misses")
    args = parser.parse_args()

    trainings, loads = [], []
    for _ in range(args.runs):
        # An empty model cache of its own: the first start trains, the second reads what it stored.
        cache = ModelCache(Path(tempfile.mkdtemp(prefix="nlu-bench-")))
        for times in (trainings, loads):
            assistant = Assistant.from_config_dir(args.config)
            for lang in assistant.languages:   # reading the files is not training
                _ = assistant.languages[lang]
            assistant.nlu.cache = cache
            started = time.perf_counter()
            _ = assistant.nlu.models
            times.append(time.perf_counter() - started)
    langs = assistant.nlu.languages
    print(f"training all languages ({', '.join(langs)}) at a first start: median "
          f"{statistics.median(trainings):.3f} s over {args.runs} runs (max {max(trainings):.3f} s); "
          f"a later start reads them from the model cache in {statistics.median(loads):.3f} s")

    for lang in langs:
        data = assistant.languages[lang]
        model = assistant.nlu.model(lang)
        started = time.perf_counter()
        type(model)(data, [assistant.config.preschool.assistant_name], model.thresholds)
        print(f"{lang}: {len(data.examples)} examples, {len(data.intents)} intents, "
              f"trained in {time.perf_counter() - started:.3f} s")
        texts = [e.text for e in data.examples] * 3
        for text in texts[:50]:
            assistant.parse(text, lang)
        latencies = []
        for text in texts:
            t0 = time.perf_counter()
            assistant.parse(text, lang)
            latencies.append((time.perf_counter() - t0) * 1000)
        latencies.sort()
        p50 = latencies[len(latencies) // 2]
        p99 = latencies[int(len(latencies) * 0.99)]
        print(f"  parse latency over {len(latencies)} parses: p50 {p50:.3f} ms, p99 {p99:.3f} ms")
        evaluation = cross_validate(data, [assistant.config.preschool.assistant_name], 5,
                                    model.thresholds)
        print(f"  5-fold cross-validation accuracy: {evaluation.accuracy:.1%}")
        if args.quiet:
            sys.stdout.flush()
        heldout_quiet(assistant, lang, args.quiet)
    return 0


def heldout_quiet(assistant: Assistant, lang: str, quiet: bool) -> None:
    if not quiet:
        heldout(assistant, lang)
        return
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        heldout(assistant, lang)
    print("\n".join(line for line in buffer.getvalue().splitlines() if "miss:" not in line))


if __name__ == "__main__":
    raise SystemExit(main())
