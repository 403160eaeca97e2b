"""`x WORD` for a thing the scene's own text shows but no choice matches (issue 11, T3-8/T4-13):
answered neutrally in the scene's terms, never "You find nothing called ...". Through the real
loop, piped plain."""

from __future__ import annotations

import pytest

from game.core import engine as e
from tests.ui.helpers import run_game, sample


@pytest.mark.parametrize("line, thing, pronoun", [
    ("x clock", "clock", "it"), ("examine the clock", "clock", "it"), ("x HALL", "hall", "it"),
])
def test_a_thing_the_scene_shows_is_answered_in_its_terms(line, thing, pronoun):
    story = sample()
    state, _ = e.new_game(story)
    text, game = run_game(story, state, [line])
    assert f"You look at the {thing}. Nothing about {pronoun} tells you more than you can see from here." in text
    assert "nothing called" not in text and game.state == state  # free: no turn, nothing changed


@pytest.mark.parametrize("line", ["x zebra", "x the clock zebra", "x [bold]clock[/]", "x " + "clock " * 60])
def test_words_the_scene_does_not_show_are_still_refused_plainly(line):
    story = sample()
    state, _ = e.new_game(story)
    text, game = run_game(story, state, [line])
    assert "Traceback" not in text and game.state == state
    assert "nothing called" in text or "You look at the clock." in text


def test_a_choice_still_beats_the_scene_words():
    story = sample()
    state, _ = e.new_game(story)
    _text, game = run_game(story, state, ["x go in"])  # "Go in" is a choice: taken, as before
    assert game.state != state


def test_x_with_a_number_is_that_clue_of_the_notes_as_present_takes_it():
    """T58 typed `x 23` for clue 23 and was told "'23' is in more than one of your clues"."""
    story = sample()
    state, _ = e.new_game(story)
    text, game = run_game(story, state, ["1", "piano", "x 1", "x 2", "x 0", "x 99999999999999999999"])
    shown = " ".join(text.split())
    assert "Clue 1: A torn page" in shown
    assert "There is no clue 2 in your notebook: your clues are numbered 1 to 1." in shown
    assert "There is no clue 0 in your notebook" in shown and "Traceback" not in text
    assert game.state.clues == {"torn_page"}  # looking spends nothing and takes nothing
