"""The `assistant` command: ask, parse, chat, check-config, nlu, skills, serve."""

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

    from assistant.skills import discover

    for skill_class in discover().values():
        skill_class.add_commands(sub)

    from assistant.web.admin_cli import add_admin_commands
    add_admin_commands(sub)

    from assistant.speech.commands import add_speech_commands

    add_speech_commands(sub)

    serve = sub.add_parser("serve", help="run the web server for the tablet")
    add_common_options(serve, lang=False, now=False)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    return parser


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
