"""One command registry: help, completion and dispatch list the same commands."""

from __future__ import annotations

import io
import re

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document
from rich.console import Console

from game.core import engine as e
from game.loading.loader import load_story
from game.play.commands import Command, understand
from game.play.registry import ALIASES, REGISTRY, QuitGame, command_table
from game.play.session import Game, Session
from game.ui.prompt import game_completer
from game.ui.render import Renderer


def _game(sample_path, lines=()):
    story = load_story(sample_path)
    state, _ = e.new_game(story)
    out = io.StringIO()
    feed = iter(lines)
    game = Game(Session(story, state), Renderer(story, Console(file=out, width=120, color_system=None), True),
                lambda prompt: next(feed))
    return game, out


def test_help_completion_and_dispatch_list_the_same_commands(sample_path) -> None:
    names = [spec.name for spec in REGISTRY]
    # help, through the real loop
    game, out = _game(sample_path)
    game.handle("help")
    helped = re.findall(r"^  (\w+)", out.getvalue(), re.M)
    # completion of an empty first word (the opening menu, "Go in", has no word to offer)
    completer = game_completer(game.session, command_table())
    completions = list(completer.get_completions(Document(""), CompleteEvent(completion_requested=True)))
    completed = [c.text.rstrip() for c in completions]
    # a command that takes words completes with its space (T26: "exa" Tab "all" ran on as "examineall")
    assert [c.text.endswith(" ") for c in completions] == [spec.takes_argument for spec in REGISTRY]
    # dispatch: every name typed is understood as that command
    understood = [u.name for u in (understand(game.story, game.state, n) for n in names) if isinstance(u, Command)]
    assert helped == completed == understood == names


def test_every_alias_is_understood_as_its_command(sample_path) -> None:
    game, _out = _game(sample_path)
    for alias, name in ALIASES.items():
        understood = understand(game.story, game.state, alias)
        assert isinstance(understood, Command) and understood.name == name, alias


@pytest.mark.parametrize("name", [spec.name for spec in REGISTRY])
def test_every_command_runs_through_the_loop(sample_path, name) -> None:
    game, out = _game(sample_path, lines=["", ""])
    if name == "quit":
        with pytest.raises(QuitGame):
            game.handle(name)
        return
    game.handle(name)
    text = out.getvalue()
    assert text.strip(), f"'{name}' showed nothing"
    assert "Traceback" not in text and "not available" not in text


def test_completion_of_arguments_follows_the_registry(sample_path) -> None:
    game, _out = _game(sample_path)
    completer = game_completer(game.session, command_table(), lambda: ["autosave"])
    for spec in REGISTRY:
        got = [c.text for c in completer.get_completions(Document(f"{spec.name} "),
                                                         CompleteEvent(completion_requested=True))]
        if spec.completes == "slot":
            assert got == ["autosave"], spec.name
        elif spec.completes == "person":
            assert "Ida Marsh" in got
        elif spec.completes == "deduction":
            assert got == ["1"]
        elif not spec.completes:
            assert got == [], spec.name  # no argument: nothing from the command table
