"""Typed lines understood as a player means them."""

from __future__ import annotations

from game.core import record

import pytest

from game.core import engine as e
from game.loading.loader import load_story
from game.core.state import Testifying
from game.play.commands import Command, Problem, understand

STORY = """
scenes:
  a.start:
    text: A room.
    choices:
      - text: Cassie
        goto: a.start
      - text: Cassie's side of the room
        goto: a.start
      - text: Talk to Inés
        goto: a.start
      - text: Tell her the recording is going to the board
        goto: done
"""


@pytest.fixture
def story(write_story):
    return load_story(write_story({"parts/a.yaml": STORY}))


def test_accents_are_folded(story) -> None:
    state, _ = e.new_game(story)
    assert understand(story, state, "talk ines").label == "Talk to Inés"


def test_a_label_that_is_exactly_the_words_wins(story) -> None:
    state, _ = e.new_game(story)
    assert understand(story, state, "cassie").label == "Cassie"
    assert understand(story, state, "side").label == "Cassie's side of the room"


def test_a_command_word_wins_but_says_how_to_reach_the_choice(story) -> None:
    state, _ = e.new_game(story)
    understood = understand(story, state, "board")
    assert isinstance(understood, Command) and understood.name == "board"
    assert "type 4" in understood.note


def test_a_bare_word_never_presents_a_clue(sample_path) -> None:
    story = load_story(sample_path)
    state, _ = e.new_game(story)
    state = record.replace(state, clues=frozenset({"torn_page"}), mode=Testifying("pianist.story", 0))
    assert isinstance(understand(story, state, "torn"), Problem)
    present = understand(story, state, "present torn")
    assert isinstance(present, Command) and present.name == "present"


def test_board_slots_take_words_as_well_as_numbers(sample_path) -> None:
    import io

    from rich.console import Console

    from game.play.session import Game, Session
    from game.ui.render import Renderer

    story = load_story(sample_path)
    state, _ = e.new_game(story)
    state = record.replace(state, clues=frozenset({"torn_page", "ink_stain"}))
    lines = iter(["ida", "ink", "careless or jealous", "jealous"])
    out = io.StringIO()
    game = Game(Session(story, state), Renderer(story, Console(file=out, width=100, color_system=None), True),
                lambda prompt: next(lines))
    game.handle("deduce 1")
    text = out.getvalue()
    assert "(or a word from one)" in text  # 'careless or jealous' matched nothing: asked again
    assert "Confirmed on the board: Who tore the score" in text
    assert "who_tore" in game.state.confirmed
