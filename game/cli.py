"""The ``ghostlight`` command: play a story, or check one."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Optional, Sequence

from game import __version__
from game.errors import GameError, StoryError


def bundled_story() -> Path:
    """The case that ships with the game: inside the package when installed, else the checkout's."""
    here = Path(__file__).resolve().parent
    installed = here / "bundled"
    if (installed / "case.yaml").is_file():
        return installed
    return here.parent / "story"


def _story_arg(value: Optional[str]) -> Path:
    return Path(value) if value else bundled_story()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ghostlight",
        description="Ghost Light: a murder mystery at the Archer School of Ballet.",
    )
    parser.add_argument("--version", action="version", version=f"ghostlight {__version__}")
    sub = parser.add_subparsers(dest="command")

    play = sub.add_parser("play", help="play the game (the default)")
    play.add_argument("story_path", nargs="?", metavar="PATH", help="a story folder or manifest")
    play.add_argument("--story", dest="story_opt", metavar="PATH", help="a story folder or manifest")
    play.add_argument("--new", action="store_true", help="start a new game")
    play.add_argument("--plain", action="store_true", help="plain text: no colour, no boxes")
    play.add_argument("--seed", type=int, default=0, help="seed for anything random (default 0)")
    play.add_argument("--saves", metavar="DIR", help="the folder for saved games")

    validate = sub.add_parser("validate", help="check a story and report every problem")
    validate.add_argument("story_path", nargs="?", metavar="PATH", help="a story folder or manifest")
    validate.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "validate":
            return cmd_validate(args)
        if args.command in (None, "play"):
            if args.command is None:
                args = parser.parse_args(["play", *(argv if argv is not None else sys.argv[1:])])
            return cmd_play(args)
    except StoryError as exc:
        for finding in exc.findings:
            print(finding, file=sys.stderr)
        return 1
    except GameError as exc:
        print(f"ghostlight: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. piped into `head`); nothing more to say to it.
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 0
    parser.print_help()
    return 2


def cmd_validate(args: argparse.Namespace) -> int:
    from game.loader import read_story

    story, findings = read_story(_story_arg(args.story_path))
    errors = [f for f in findings if f.is_error]
    if args.format == "json":
        print(json.dumps({
            "ok": not errors,
            "findings": [{"path": f.path, "line": f.line, "col": f.col, "code": f.code,
                          "severity": "error" if f.is_error else "warning", "message": f.message}
                         for f in findings],
        }, indent=2))
        return 1 if errors else 0
    for finding in findings:
        print(finding)
    warnings = len(findings) - len(errors)
    if errors:
        print(f"{len(errors)} error{'s' if len(errors) != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}.")
        return 1
    assert story is not None
    print(f"ok: '{story.title}' has {len(story.scenes)} scenes, {len(story.clues)} clues, "
          f"{len(story.endings)} endings; {warnings} warning{'s' if warnings != 1 else ''}.")
    return 0


def _wants_plain(args: argparse.Namespace, interactive: bool) -> bool:
    return (args.plain or not interactive or "NO_COLOR" in os.environ
            or os.environ.get("TERM", "") == "dumb")


def cmd_play(args: argparse.Namespace) -> int:
    from rich.console import Console

    from game.app import Game, Session
    from game.engine import new_game
    from game.loader import load_story
    from game.ui.render import Renderer

    story = load_story(_story_arg(args.story_opt or args.story_path))
    if hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(errors="replace")  # bytes that are not UTF-8 must not end the game
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    plain = _wants_plain(args, interactive)
    # Piped output is not wrapped: a screen reader or a transcript should get whole lines.
    console = Console(highlight=False, markup=False, emoji=False, no_color=plain,
                      force_terminal=None if interactive else False, soft_wrap=not interactive)
    state, opening = new_game(story, seed=args.seed)
    session = Session(story, state)
    renderer = Renderer(story, console, plain)
    if interactive:
        from game.ui.prompt import make_reader

        read, confirm = make_reader(story, session)
        return Game(session, renderer, read, confirm_quit=confirm).run(opening)
    return Game(session, renderer, _read_plain_line).run(opening)


def _read_plain_line(prompt: str) -> str:
    """One line from a pipe or file; the prompt is not echoed, so transcripts stay clean."""
    line = sys.stdin.readline()
    if line == "":
        raise EOFError
    return line.rstrip("\r\n")
