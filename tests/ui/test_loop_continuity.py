"""Continuity in the play loop (issue 11, loop brief items 4 and 5), through the real loop in
plain mode at 40, 60 and 100 columns and through the piped program:

- `look` shows what a revisit shows (its revisit text, and no extra meant for the first
  arrival), plus the conditional extras that hold; the one home is core ``scene_text``.
- A conversation the story ends (every topic and testimony gone) is over: the header no
  longer says the person is listening.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from game.core import engine as e
from game.core.state import Exploring, Talking
from game.loading.loader import load_story
from tests.ui.helpers import ROOT, run_game

WIDTHS = (40, 60, 100)

LOOK_STORY = {
    "parts/scenes.yaml": """
        flags: [lit]
        scenes:
          a.start:
            text: You arrive at the gate for the first time.
            revisit: The gate again.
            extra:
              - if: visits(a.start) == 1
                text: A guard checks your ticket, front and back.
              - if: visits(a.start) > 1
                text: The guard nods you through.
              - if: flag(lit)
                text: A lamp burns in the lodge.
            choices:
              - text: Light the lamp
                once: true
                do: [{set: lit}]
              - text: Step out and back
                goto: a.start
    """,
}


@pytest.fixture
def look_story(write_story):
    return load_story(write_story(LOOK_STORY))


@pytest.mark.parametrize("width", WIDTHS)
def test_look_on_the_first_visit_shows_what_a_revisit_shows(look_story, width):
    state, _ = e.new_game(look_story)  # arrived: the first visit, counted
    # The loop draws the scene once as it starts (as `look` does), then: look, light, look.
    text, game = run_game(look_story, state, ["look", "1", "l"], width=width)
    drawn = text.split("a.start (Act 1")[1:]
    assert len(drawn) == 3
    for view in drawn:
        assert "The gate again." in view and "The guard nods you through." in view
        assert "first time" not in view and "checks your ticket" not in view
    assert "A lamp burns" not in drawn[1] and "A lamp burns in the lodge." in drawn[2]  # an extra that holds
    assert game.state.visit_count("a.start") == 1  # looking is not visiting


def test_arrival_still_shows_the_first_visit_text_and_a_revisit_the_revisit(look_story):
    state, events = e.new_game(look_story)
    arrival = next(x.text for x in events if isinstance(x, e.Narration) and x.kind == "scene")
    assert "first time" in arrival and "checks your ticket" in arrival and "nods" not in arrival
    state, events = e.step(look_story, state, e.available_actions(look_story, state)[1])
    again = next(x.text for x in events if isinstance(x, e.Narration) and x.kind == "scene")
    assert again.startswith("The gate again.") and "nods you through" in again and "checks" not in again
    # look at the second visit: the same as the revisit itself
    assert e.scene_text(look_story, state, look_story.scenes["a.start"], again=True) == again


def test_look_with_nonsense_and_end_of_input_around_it(look_story):
    state, _ = e.new_game(look_story)
    text, game = run_game(look_story, state, ["look now please", "", "zzz", "look"])
    assert "I don't understand" in text and "checks your ticket" not in text
    assert game.state == state  # nothing typed changed the game; end of input ended it cleanly


def test_look_in_the_bundled_case_never_replays_a_first_arrival():
    # act 3's reception hall: the guard and the photographer are met on arrival only
    from tests.conftest import BUNDLED

    story = load_story(BUNDLED)
    scene = story.scenes["act3.reception_hall"]
    state, _ = e.new_game(story)
    state = state.with_visit("act3.reception_hall")
    from game.core.record import replace

    state = replace(state, scene="act3.reception_hall")
    looked = e.scene_text(story, state, scene, again=True)
    assert "security guard" not in looked and "photographer" not in looked
    assert looked.startswith("Flowers, the quartet")


# -- 4. a conversation the story ends is over -------------------------------------------------

TALK_STORY = {
    "parts/people.yaml": """
        scenes:
          a.start:
            text: A waiting room.
            choices:
              - text: Talk to the nurse
                do: [{talk: nurse}]
              - text: Find the note
                once: true
                do: [{gain: note}]
        clues:
          note: {name: A note, text: In her hand.}
        suspects:
          nurse: {name: Nurse Vale, role: The nurse}
        topics:
          nurse.hello:
            suspect: nurse
            title: Say hello
            if: not broken(nurse.night.alibi)
            text: '"Hello, dear."'
        testimonies:
          nurse.night:
            suspect: nurse
            title: Her night
            if: not broken(nurse.night.alibi)
            statements:
              - id: nurse.night.home
                text: I went home early.
              - id: nurse.night.alibi
                text: I never wrote a note.
                contradicted_by: [note]
                broken: '"I would like to stop now."'
              - id: nurse.night.late
                text: I was in bed by ten.
                contradicted_by: [note]
    """,
}


@pytest.fixture
def talk_story(write_story):
    return load_story(write_story(TALK_STORY))


@pytest.mark.parametrize("width", WIDTHS)
def test_a_talk_the_story_ends_is_over_and_nobody_is_listening(talk_story, width):
    state, _ = e.new_game(talk_story)
    lines = ["2", "1", "2", "next", "present 1", "leave", "look"]
    text, game = run_game(talk_story, state, lines, width=width)
    after = " ".join(text.split('"I would like to stop now."', 1)[1].split())  # unwrapped
    assert "Nurse Vale has nothing more to say to you now." in after
    assert "is listening" not in after  # the header no longer says she is
    assert "You aren't talking with anyone now." in after  # a habitual 'leave' is answered, not refused
    assert isinstance(game.state.mode, Exploring) and "I don't understand" not in text
    assert "1. Talk to the nurse" in after
    assert text.count("Nurse Vale is listening.") == 1  # before the testimony only


def test_talking_to_someone_with_nothing_to_say_ends_at_once(talk_story):
    state, _ = e.new_game(talk_story)
    state, _ = e.step(talk_story, state, e.available_actions(talk_story, state)[1])  # the note
    state = state.with_visit("a.start")
    from game.core.record import replace

    state = replace(state, broken=state.broken | {"nurse.night.alibi"})
    state, events = e.step(talk_story, state, e.available_actions(talk_story, state)[0])
    assert isinstance(state.mode, Exploring)
    assert [type(x).__name__ for x in events][-2:] == ["ConversationStarted", "ConversationEnded"]
    assert events[-1] == e.ConversationEnded("nurse", by_them=True)
    text, _game = run_game(talk_story, state, ["leave", "zzz", ""])
    assert "is listening" not in text and "I don't understand 'zzz'" in text


def test_an_ordinary_talk_still_listens_and_leave_still_leaves(talk_story):
    state, _ = e.new_game(talk_story)
    text, game = run_game(talk_story, state, ["1", "1", "leave"])
    assert text.count("Nurse Vale is listening.") == 2 and "You leave Nurse Vale." in text
    assert isinstance(game.state.mode, Exploring)
    state, _ = e.step(talk_story, state, e.available_actions(talk_story, state)[0])
    assert isinstance(state.mode, Talking)  # someone with something to say keeps talking
