"""Small helpers for the UI tests: the sample story, states along a playthrough, rendering."""

from __future__ import annotations

import io
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from rich.console import Console, RenderableType

from game.core import engine as e
from game.loading.loader import load_story
from game.core.model import Story
from game.core.state import GameState

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "stories" / "sample"
ESC = "\x1b"
BOX = set("╭╮╰╯│─┬┴┼├┤═║")


@lru_cache(maxsize=None)
def sample() -> Story:
    return load_story(SAMPLE)


def console(width: int = 80, color: bool = False, **kwargs) -> Console:
    """A console writing to a buffer: ``color`` gives truecolor escapes, else none at all."""
    return Console(file=io.StringIO(), width=width, color_system="truecolor" if color else None,
                   force_terminal=color, markup=False, highlight=False, emoji=False, **kwargs)


def render(renderable: RenderableType, width: int = 80, color: bool = False) -> str:
    out = console(width, color)
    out.print(renderable)
    return out.file.getvalue()


def visible(text: str) -> str:
    """What a terminal shows: escapes removed."""
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)


def by_label(story: Story, state: GameState, *words: str) -> e.Action:
    """The available action whose label contains every word."""
    for action in e.available_actions(story, state):
        if all(w.lower() in action.label.lower() for w in words):
            return action
    raise AssertionError(f"no action {words!r} in {[a.label for a in e.available_actions(story, state)]}")


def play(story: Story, *steps: Iterable[str]) -> tuple[GameState, list]:
    """A new game, then each step chosen by words of its label; returns the state and all events."""
    state, events = e.new_game(story)
    seen = list(events)
    for words in steps:
        state, more = e.step(story, state, by_label(story, state, *words))
        seen.extend(more)
    return state, seen


def hall(story: Story) -> GameState:
    """In the hall, the page found (a clue with a time), the pianist's cuff seen (a second clue)."""
    state, _ = play(story, ("go in",), ("piano",), ("pianist",), ("cuff",), ("leave",))
    return state


def script(lines: Iterable[str]):
    """A ``read(prompt)`` that answers with ``lines`` in turn, then raises EOFError (end of input)."""
    queue = iter(lines)

    def read(prompt: str) -> str:
        try:
            return next(queue)
        except StopIteration:
            raise EOFError

    return read


def run_game(story: Story, state: GameState, lines: Iterable[str], *, plain: bool = True, width: int = 100,
             opening=(), **renderer_options):
    """The real loop over ``lines`` from ``state``; returns what it printed and the game. Without
    ``opening`` (a new game's events) the loop starts as a load does: the scene looked at again."""
    from game.play.session import Game, Session
    from game.ui.render import Renderer

    out = console(width)
    game = Game(Session(story, state), Renderer(story, out, plain, **renderer_options), script(lines))
    game.run(tuple(opening))
    return out.file.getvalue(), game
