"""core.people.talk_choices: the one finder of "the menu line that talks to X", read by
`talk to NAME` (play.refusals), a `go`/`talk` typed in a conversation (play.commands) and Tab
completion's people (ui.completion)."""

from __future__ import annotations

import pytest

from game.core import engine as e
from game.core.actions import Choose, Go, Leave
from game.core.people import talk_choices
from game.core.state import Talking
from game.loading.loader import load_story

STORY = {"parts/a.yaml": """
suspects:
  ann: {name: Ann, motive: {note: m}, means: {note: m}, opportunity: {note: o}}
  bo: {name: Bo, motive: {note: m}, means: {note: m}, opportunity: {note: o}}
topics:
  ann.hello: {suspect: ann, title: Hello, text: Hi.}
scenes:
  a.start:
    text: A hall.
    exits: [a.yard]
    choices:
      - {text: Look at the ceiling}
      - {text: Talk to Ann, do: [{talk: ann}]}
      - {text: Wave and call Bo over, do: [{say: Bo comes.}, {talk: bo}]}
  a.yard:
    text: A yard.
    exits: [a.start]
    choices:
      - {text: Talk to Bo, do: [{talk: bo}]}
"""}


@pytest.fixture
def story(write_story):
    return load_story(write_story(STORY))


def test_each_menu_line_that_talks_comes_with_its_person_in_menu_order(story) -> None:
    state, _ = e.new_game(story)
    actions = e.menu_actions(story, state)
    assert [type(a) for a in actions] == [Choose, Choose, Choose, Go]
    found = talk_choices(story, state, actions)
    # the choice with no talk effect and the Go are left out; a talk after another effect counts
    assert [(a.label, person) for a, person in found] == [("Talk to Ann", "ann"), ("Wave and call Bo over", "bo")]
    assert all(a in actions for a, _person in found)


def test_a_go_and_a_choice_without_talk_give_nothing(story) -> None:
    state, _ = e.new_game(story)
    actions = e.menu_actions(story, state)
    go = next(a for a in actions if isinstance(a, Go))
    ceiling = next(a for a in actions if a.label == "Look at the ceiling")
    assert talk_choices(story, state, (go,)) == [] and talk_choices(story, state, (ceiling,)) == []
    assert talk_choices(story, state, ()) == []


def test_only_the_scene_the_player_is_in_is_read(story) -> None:
    state, _ = e.new_game(story)
    # the yard's "Talk to Bo", offered while the player stands in the hall: not this scene's line
    yard_bo = Choose(story.scenes["a.yard"].choices[0].id, "Talk to Bo")
    assert talk_choices(story, state, (yard_bo,)) == []
    go = next(a for a in e.menu_actions(story, state) if isinstance(a, Go))
    yard, _ = e.step(story, state, go)
    assert talk_choices(story, yard, e.menu_actions(story, yard)) == [(e.menu_actions(story, yard)[0], "bo")]


def test_a_conversation_menu_has_no_talk_choices(story) -> None:
    state, _ = e.new_game(story)
    ann = next(a for a, _person in talk_choices(story, state, e.menu_actions(story, state)))
    talking, _ = e.step(story, state, ann)
    assert isinstance(talking.mode, Talking)
    actions = e.menu_actions(story, talking)
    assert any(isinstance(a, Leave) for a in actions) and talk_choices(story, talking, actions) == []
