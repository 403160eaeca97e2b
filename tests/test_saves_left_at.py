"""Where each testimony was left (``GameState.left_at``, issue 11, round 18: T31) is kept in a
save, read from one made before it was kept (nothing to say of where it was left), fitted
to an edited story, and refused clearly when damaged."""

from __future__ import annotations

import pytest

from game.core import engine as e
from game.core.record import replace
from game.core.state import Testifying
from game.saves.codec import state_to_json
from tests.test_saves_heard import heard_all, load, refused_when_damaged
from tests.ui.helpers import sample


def test_the_engine_keeps_where_a_testimony_was_left_and_says_it_when_heard_again():
    state = heard_all()  # the pianist's testimony, at its second statement after a "Next"
    assert isinstance(state.mode, Testifying) and state.mode.index == 1
    assert dict(state.left_at) == {"pianist.story": 1}
    # It begins again at the first statement (round 20), and says it was left at the second.
    assert e.resume_at(sample(), state, "pianist.story") == (0, 1)
    assert replace(state, left_at=()) == state  # only what is said: the explorer need not tell them apart
    assert e.resume_at(sample(), replace(state, left_at=()), "pianist.story") == (0, -1)
    past = replace(state, left_at=(("pianist.story", 9),))  # an index past its last: not said
    assert e.resume_at(sample(), past, "pianist.story") == (0, -1)


def test_where_a_testimony_was_left_survives_a_save():
    state = heard_all()
    data = state_to_json(state, sample())
    assert data["left_at"] == {"pianist.story": 1}
    loaded, notices = load(data)
    assert loaded.left_at == state.left_at and not notices
    at_first = state_to_json(replace(state, left_at=(("pianist.story", 0),)), sample())
    assert load(at_first)[0].left_at == (("pianist.story", 0),)  # statement 1 (index 0) is kept too


def test_a_save_from_before_left_at_loads_and_an_edited_story_drops_what_is_gone():
    data = state_to_json(heard_all(), sample())
    del data["left_at"]
    loaded, notices = load(data)
    assert loaded.left_at == () and not notices
    data["left_at"] = {"pianist.story": 1, "gone.testimony": 0, "pianist.story.x": 2}
    data["left_at"]["pianist.story"] = 9  # past its last statement: dropped, begins at the first
    loaded, notices = load(data)
    assert loaded.left_at == () and not notices


@pytest.mark.parametrize("bad, said", [("all", "state.left_at"), ({"pianist.story": "one"}, "state.left_at"),
                                       ({"x\x1b[2J": 1}, "state.left_at")])
def test_a_damaged_left_at_is_refused_clearly(bad, said):
    refused_when_damaged("left_at", bad, said)
