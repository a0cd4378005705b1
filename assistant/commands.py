"""What each `assistant` sub-command does (the argument parsing is in cli.py)."""

from __future__ import annotations

import argparse
import json
import sys

from assistant.core import Assistant, Query
from assistant.errors import AssistantError
from assistant.speech import commands as speech_commands


def run(args: argparse.Namespace) -> int:
    """Dispatch a parsed command line."""
    if getattr(args, "handler", None):
        # A skill's own command (e.g. `assistant menu show`).
        return args.handler(args, _assistant(args))
    handler = {
        "ask": ask,
        "parse": parse,
        "chat": chat,
        "check-config": check_config,
        "nlu": nlu,
        "skills": skills,
        "serve": serve,
        "speak": speech_commands.speak,
        "listen": lambda args: speech_commands.listen(args, _assistant(args)),
        "voice": lambda args: speech_commands.voice(args, _assistant(args)),
    }[args.command]
    return handler(args)


def _assistant(args: argparse.Namespace) -> Assistant:
    assistant = Assistant.from_config_dir(args.config)
    lang = getattr(args, "lang", None)
    if lang and lang not in assistant.nlu.models:
        known = ", ".join(assistant.nlu.languages)
        raise AssistantError(f"--lang {lang}: this preschool speaks {known}")
    return assistant


def ask(args: argparse.Namespace) -> int:
    assistant = _assistant(args)
    assistant.prepare(args.now)
    reply = assistant.handle(Query(" ".join(args.text), args.lang, "cli", args.now))
    if args.json:
        print(json.dumps(reply.to_json(), ensure_ascii=False, indent=2))
    else:
        print(reply.text)
    return 0


def parse(args: argparse.Namespace) -> int:
    assistant = _assistant(args)
    for line in sys.stdin:
        if line.strip():
            result = assistant.parse(line.strip(), args.lang)
            print(json.dumps(result.to_json(), ensure_ascii=False), flush=True)
    return 0


def chat(args: argparse.Namespace) -> int:
    assistant = _assistant(args)
    assistant.prepare(args.now)
    name = assistant.config.preschool.assistant_name
    lang = assistant.language(args.lang)
    print(f"{name} ({lang}) is listening. An empty line or Ctrl-D ends the chat.")
    prompt = "> " if sys.stdin.isatty() else ""
    while True:
        try:
            line = input(prompt).strip()
        except EOFError:
            print()
            return 0
        if not line:
            return 0
        # A fixed clock still moves on between questions, so the session does not expire.
        reply = assistant.handle(Query(line, lang, "chat", args.now))
        print(f"{name}: {reply.text}")
        if args.debug:
            entities = ", ".join(f"{e['entity']}={e['value']}" for e in reply.entities)
            print(f"  [{reply.intent} {reply.confidence:.2f}] {entities}")


def check_config(args: argparse.Namespace) -> int:
    assistant = _assistant(args)
    config = assistant.config
    print(f"OK: {config.preschool.name} ({config.preschool.assistant_name}), "
          f"languages {', '.join(config.languages)}, {len(assistant.registry.skills)} skills, "
          f"trained in {assistant.trained_in:.2f} s")
    for lang in config.languages[1:]:
        missing = assistant.responses.missing(lang)
        if missing:
            print(f"  {lang}: {len(missing)} responses fall back to {config.default_language}: "
                  f"{', '.join(missing)}")
    from assistant.speech import service_for

    for lang, status in service_for(assistant).status(config.languages).items():
        speaks = ", ".join(status["speak"]) or f"no voice: {status['mute_reason']}"
        hears = "can listen" if status["listen"] else "cannot listen (tap only)"
        print(f"  {lang}: speaks with {speaks}; {hears}")
    return 0


def nlu(args: argparse.Namespace) -> int:
    from assistant.nlu.evaluate import cross_validate, format_report
    from assistant.nlu.export_rasa import export

    assistant = _assistant(args)
    names = [assistant.config.preschool.assistant_name]
    if args.nlu_command == "export-rasa":
        if not args.lang:
            raise AssistantError("export-rasa needs --lang (Rasa trains one language per project)")
        for path in export(assistant.languages[args.lang], args.dir):
            print(path)
        return 0
    langs = [args.lang] if args.lang else assistant.nlu.languages
    for lang in langs:
        model = assistant.nlu.models[lang]
        evaluation = cross_validate(assistant.languages[lang], names, args.folds, model.thresholds)
        print(format_report(evaluation))
        print()
    return 0


def skills(args: argparse.Namespace) -> int:
    assistant = _assistant(args)
    known = set(assistant.registry.by_intent)
    for skill in assistant.registry.skills:
        print(f"{skill.name:<10} {', '.join(skill.intents)}")
    waiting = sorted(set().union(*(set(d.intents) for d in assistant.languages.values())) - known
                     - {"followup"})
    if waiting:
        print(f"(no skill yet for: {', '.join(waiting)})")
    return 0


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from assistant.refresh import BackgroundRefresher
    from assistant.speech.ahead import after_refresh
    from assistant.web import create_app

    assistant = _assistant(args)
    app = create_app(assistant, args.config)
    # Menus and forecasts are fetched before a child asks, so a turn never waits on the network.
    # After each refresh the likely answers are spoken ahead, so a child's audio is usually ready.
    refresher = BackgroundRefresher(assistant.registry.skills, assistant.now,
                                    on_refreshed=[after_refresh(assistant)]).start()
    print(f"The assistant is at http://{args.host}:{args.port}/  (teachers: /admin; Ctrl-C stops it)",
          flush=True)
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    finally:
        refresher.stop()
    return 0
