"""The `assistant` command: ask, parse, chat, check-config, nlu, skills, serve, speech, admin, and
each skill's own commands (`assistant menu show`).

Building the parser imports no engine: a command pays only for what it uses (see commands.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import sys
from pathlib import Path

from assistant.errors import AssistantError


def _when(value: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a time like 2026-02-03T09:15") from None


def add_common_options(parser: argparse.ArgumentParser, lang: bool = True, now: bool = True) -> None:
    """--config, and optionally --lang and --now: the options every command shares."""
    parser.add_argument("--config", type=Path, default=os.environ.get("ASSISTANT_CONFIG") or None,
                        help="folder with assistant.yml (default: $ASSISTANT_CONFIG, else the example)")
    if lang:
        parser.add_argument("--lang", help="language code, e.g. sv or en (default: the first configured)")
    if now:
        parser.add_argument("--now", type=_when, help="fix the clock, e.g. 2026-02-03T09:15")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="assistant", description="The preschool information assistant.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    sub = parser.add_subparsers(dest="command", required=True)

    ask = sub.add_parser("ask", help="answer one question")
    add_common_options(ask)
    ask.add_argument("--json", action="store_true", help="print the reply JSON")
    ask.add_argument("text", nargs="+", help="the question")

    parse = sub.add_parser("parse", help="read sentences from stdin, write their parse as JSON lines")
    add_common_options(parse, now=False)

    chat = sub.add_parser("chat", help="a conversation at the terminal (one session)")
    add_common_options(chat)
    chat.add_argument("--debug", action="store_true", help="show intent, confidence and entities")

    check = sub.add_parser("check-config", help="validate the preschool's settings and language data")
    add_common_options(check, lang=False, now=False)

    nlu = sub.add_parser("nlu", help="language-data tools").add_subparsers(dest="nlu_command",
                                                                             required=True)
    evaluate = nlu.add_parser("evaluate", help="k-fold cross-validation on our own data")
    add_common_options(evaluate, now=False)
    evaluate.add_argument("--folds", type=int, default=5)
    export = nlu.add_parser("export-rasa", help="write a Rasa 3.x project for one language")
    add_common_options(export, now=False)
    export.add_argument("dir", type=Path, help="folder to write into")

    skills = sub.add_parser("skills", help="installed skills").add_subparsers(dest="skills_command",
                                                                               required=True)
    add_common_options(skills.add_parser("list", help="list installed skills and their intents"),
                       lang=False, now=False)

    language = sub.add_parser("language", help="the languages' data").add_subparsers(
        dest="language_command", required=True)
    scaffold = language.add_parser("add", help="start a new language: every file and key to translate")
    scaffold.add_argument("code", help="the language's code, e.g. fi")
    scaffold.add_argument("--from", dest="source", default="en",
                          help="the language to copy the keys and examples from (default: en)")
    add_common_options(scaffold, lang=False, now=False)

    add_skill_commands(sub)
    add_admin_commands(sub)
    add_speech_commands(sub)

    serve = sub.add_parser("serve", help="run the web server for the tablet")
    add_common_options(serve, lang=False, now=False)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    return parser


def add_skill_commands(sub: argparse._SubParsersAction) -> None:
    """`assistant <skill> <command>` for every installed skill that has commands."""
    from assistant.skills import discover

    for name, skill_class in discover().items():
        commands = skill_class.commands()
        if not commands:
            continue
        group = sub.add_parser(name, help=f"the {name} skill's commands").add_subparsers(
            dest="skill_command", required=True)
        for command in commands:
            parser = group.add_parser(command.name, help=command.help)
            add_common_options(parser)
            if command.arguments:
                command.arguments(parser)
            parser.set_defaults(skill=name, run=command.run)


def add_admin_commands(sub: argparse._SubParsersAction) -> None:
    """`assistant admin set-password`."""
    admin = sub.add_parser("admin", help="the teachers' admin pages")
    group = admin.add_subparsers(dest="admin_command", required=True)
    set_password = group.add_parser("set-password", help="set the admin password (asked twice)")
    add_common_options(set_password, lang=False, now=False)
    set_password.add_argument("--password-stdin", action="store_true",
                              help="read the password from the first line of standard input")


def add_speech_commands(sub: argparse._SubParsersAction) -> None:
    """`assistant speak`, `listen` and `voice`."""
    speak = sub.add_parser("speak", help="say a text with the configured voice")
    add_common_options(speak, now=False)
    speak.add_argument("-o", "--output", type=Path,
                       help="write the WAV file here (default: play it on the sound card)")
    speak.add_argument("text", nargs="+", help="what to say")

    listen = sub.add_parser("listen", help="answer a spoken question from a WAV file")
    add_common_options(listen)
    listen.add_argument("--json", action="store_true", help="print the transcript and reply JSON")
    listen.add_argument("wav", type=Path, help="16-bit PCM WAV file with the question")

    voice = sub.add_parser("voice", help="the kiosk: press the talk key, ask, hear the answer")
    add_common_options(voice)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    from assistant import commands

    try:
        return commands.run(args)
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def print_json(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False))
