"""Rules with one home, seen through the real loop: a scene's text and title come from the core."""

from __future__ import annotations

from game.core import engine as e
from game.loading.loader import load_story
from game.ui.look import PLAIN
from game.ui.scene import scene_panel

from tests.ui.helpers import render
from tests.ui.test_game_io import run_lines

LAMP = "Lamplight spills from the study door."
TO_THE_LIT_HALL = ["1", "go to the study", "take the lamp", "light", "go to the hall"]


def test_look_shows_the_extra_paragraph_the_scene_was_entered_with():
    _code, entered, _session = run_lines(TO_THE_LIT_HALL)
    assert LAMP in entered.rsplit("The Hall (Act 1", 1)[1]
    _code, text, _session = run_lines([*TO_THE_LIT_HALL, "look"])
    # drawn on entering the lit hall, and again for `look`: both panels carry the lamp
    assert text.count(LAMP) == 2 and LAMP in text.rsplit("The Hall (Act 1", 1)[1]


def test_the_panel_after_undo_keeps_the_extra_paragraph():
    _code, text, session = run_lines([*TO_THE_LIT_HALL, "go to the study", "undo"])
    after_undo = text.split("Undone:")[1]
    assert session.state.scene == "hall.main"
    assert "The Hall (Act 1" in after_undo and LAMP in after_undo


def test_without_the_condition_look_has_no_extra_paragraph():
    _code, text, _session = run_lines(["1", "look"])
    assert "The hall. A door leads to the study." in text and LAMP not in text


def test_a_scene_has_one_display_name_everywhere(write_story):
    story = load_story(write_story({"parts/a.yaml": """
        scenes:
          a.start:
            text: A room.
            exits: [a.nameless, a.titled]
          a.nameless:
            text: Nowhere in particular.
            exits: [a.start]
          a.titled:
            title: The Landing
            text: Stairs.
            exits: [a.start]
    """}))
    state, _ = e.new_game(story)
    labels = [a.label for a in e.available_actions(story, state)]
    assert labels == ["Go to a.nameless", "Go to The Landing"]  # never a bare "Go to "
    state, events = e.step(story, state, e.available_actions(story, state)[1])
    entered = next(ev for ev in events if isinstance(ev, e.SceneEntered))
    assert entered.title == story.scene_title("a.titled") == story.name_of("a.titled") == "The Landing"
    assert render(scene_panel(story, state, PLAIN)).splitlines()[1].startswith("The Landing (")
