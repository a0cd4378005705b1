"""What each `assistant` sub-command does (the argument parsing is in cli.py).

A command builds only what it needs: setting a password opens the store and nothing else; a
skill's command gets that skill's context; only questions train the recognisers.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from typing import TYPE_CHECKING

from assistant.errors import AssistantError
from assistant.turn import Query

if TYPE_CHECKING:
    from assistant.core import Assistant


def run(args: argparse.Namespace) -> int:
    """Dispatch a parsed command line."""
    if getattr(args, "skill", None):
        # A skill's own command (e.g. `assistant menu show`): its context, nothing trained.
        assistant = _assistant(args, understand=False)
        return args.run(assistant.context_for(args.skill), args)
    if args.command == "admin":
        return set_password(args)
    from assistant.speech import commands as speech_commands

    handler = {
        "ask": ask,
        "parse": parse,
        "chat": chat,
        "check-config": check_config,
        "nlu": nlu,
        "skills": skills,
        "serve": serve,
        "language": language,
        "speak": lambda args: speech_commands.speak(args, _assistant(args, understand=False)),
        "listen": lambda args: speech_commands.listen(args, _assistant(args)),
        "voice": lambda args: speech_commands.voice(args, _assistant(args)),
    }[args.command]
    return handler(args)


def _assistant(args: argparse.Namespace, understand: bool = True) -> Assistant:
    from assistant.core import Assistant

    assistant = Assistant.from_config_dir(args.config)
    lang = getattr(args, "lang", None)
    if understand and lang and lang not in assistant.config.languages:
        known = ", ".join(assistant.config.languages)
        raise AssistantError(f"--lang {lang}: this preschool speaks {known}")
    return assistant


def ask(args: argparse.Namespace) -> int:
    assistant = _assistant(args)
    query = Query(" ".join(args.text), args.lang, "cli", args.now)
    skill = assistant.skill_for(query)  # only the skill that answers fetches what it lacks
    assistant.prepare(args.now, assistant.registry.refreshing(skill) if skill else [])
    reply = assistant.handle(query)
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
    assistant = _assistant(args).ready()
    config = assistant.config
    print(f"OK: {config.preschool.name} ({config.preschool.assistant_name}), "
          f"languages {', '.join(config.languages)}, {len(assistant.registry.skills)} skills, "
          f"trained in {assistant.trained_in:.2f} s")
    for lang in config.languages:
        for name, skill_class in assistant.skill_classes.items():
            if not (skill_class.data_dir() / lang).is_dir():
                print(f"  warning: {lang}: the {name} skill has no language data ("
                      f"{skill_class.data_dir() / lang / (name + '.yml')}): it cannot be asked in {lang}")
    for lang in config.languages[1:]:
        missing = assistant.responses.missing(lang)
        if missing:
            print(f"  {lang}: {len(missing)} responses fall back to {config.default_language}: "
                  f"{', '.join(missing)}")
    for lang, status in assistant.speech.status(config.languages).items():
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
        model = assistant.nlu.model(lang)
        evaluation = cross_validate(assistant.languages[lang], names, args.folds, model.thresholds)
        print(format_report(evaluation))
        print()
    return 0


def skills(args: argparse.Namespace) -> int:
    assistant = _assistant(args)
    known = set(assistant.registry.by_intent)
    for skill in assistant.registry.skills:
        tiles = f"  tiles: {', '.join(t.intent for t in skill.tiles)}" if skill.tiles else ""
        print(f"{skill.name:<10} {', '.join(skill.intents)}{tiles}")
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

    assistant = _assistant(args).ready()  # trained before the first child asks
    app = create_app(assistant, args.config)
    proxies = assistant.config.web.trusted_proxies
    # Menus and forecasts are fetched before a child asks, so a turn never waits on the network.
    # After each refresh the likely answers are spoken ahead, so a child's audio is usually ready.
    refresher = BackgroundRefresher(assistant.registry.skills, assistant.now,
                                    on_refreshed=[after_refresh(assistant)]).start()
    print(f"The assistant is at http://{args.host}:{args.port}/  (teachers: /admin; Ctrl-C stops it)",
          flush=True)
    try:
        # X-Forwarded-For is believed only from the proxies the preschool names (else a client on
        # this machine could pretend to be anyone, and slip past the login's lockout).
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning", proxy_headers=bool(proxies),
                    forwarded_allow_ips=",".join(proxies) if proxies else None)
    finally:
        refresher.stop()
    return 0


def set_password(args: argparse.Namespace) -> int:
    """Ask for the password (or read it from stdin) and store its hash in the preschool's SQLite file."""
    from assistant.config import DEFAULT_CONFIG_DIR, load_config, store_path
    from assistant.store import Store
    from assistant.web.auth import MIN_PASSWORD_LENGTH, PasswordStore

    config_dir = args.config or DEFAULT_CONFIG_DIR
    config = load_config(config_dir)
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("New admin password: ")
        if getpass.getpass("Once more: ") != password:
            raise AssistantError("the two passwords differ; nothing was changed")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AssistantError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters; "
                             "nothing was changed")
    store = Store(store_path(config_dir, config))
    try:
        PasswordStore(store).set(password)
    finally:
        store.close()
    print(f"The admin password is set for {config.preschool.name}. Log in at /admin.")
    return 0


def language(args: argparse.Namespace) -> int:
    """`assistant language add CODE`: every file of a new language, with every key to translate."""
    from assistant.scaffold import scaffold

    assistant = _assistant(args, understand=False)
    for path in scaffold(assistant, args.code, args.source):
        print(path)
    return 0
