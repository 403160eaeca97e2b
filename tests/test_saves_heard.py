"""The statements heard (issue 11, ui5 item 5: a testimony heard through is marked in the talk
menu): kept in saves and their undo history, absent from older saves, fitted to an edited
story without a word, a damaged value refused with a clear message."""

from __future__ import annotations

import json

import pytest

from game.core.errors import SaveError
from game.core.menu import heard_through
from game.core.record import replace
from game.core.state import Testifying
from game.saves.codec import check_state_json, state_from_json, state_to_json
from game.saves.fit import fit_state
from game.saves.history import apply_diff, diff_states
from tests.ui.helpers import play, sample

STATEMENTS = ("pianist.story.practice", "pianist.story.never")


def heard_all():
    """The sample's pianist testimony, both statements shown (first, then next)."""
    state, _ = play(sample(), ("Go in",), ("Look under the piano",), ("Talk to the pianist",),
                    ("Her afternoon",), ("Next",))
    assert isinstance(state.mode, Testifying)
    return state


def load(data):
    story = sample()
    fitted, notices = fit_state(check_state_json(json.loads(json.dumps(data))), story)
    return state_from_json(fitted, story), notices


def test_the_engine_records_each_statement_shown_and_heard_through_follows():
    state = heard_all()
    assert set(STATEMENTS) <= state.heard and heard_through(sample(), state, "pianist.story")
    one, _ = play(sample(), ("Go in",), ("Look under the piano",), ("Talk to the pianist",), ("Her afternoon",))
    assert not heard_through(sample(), one, "pianist.story")  # one of two: not yet
    assert not heard_through(sample(), state, "no.such.testimony")
    assert replace(state, heard=frozenset()) == state  # a mark only: no rule, no proof tells them apart


def test_heard_survives_a_save_and_its_undo_history():
    state = heard_all()
    data = state_to_json(state, sample())
    assert sorted(data["heard"]) == data["heard"] and set(STATEMENTS) <= set(data["heard"])
    loaded, notices = load(data)
    assert loaded.heard == state.heard and not notices
    earlier = state_to_json(replace(state, heard=frozenset()), sample())
    back = apply_diff(check_state_json(data), diff_states(earlier, data), "undo[0]")
    assert back["heard"] == []


def test_a_save_from_before_heard_loads_with_nothing_heard():
    data = state_to_json(heard_all(), sample())
    del data["heard"]
    loaded, notices = load(data)
    assert loaded.heard == frozenset() and not notices


def test_a_statement_gone_from_the_story_is_dropped_without_a_notice():
    data = state_to_json(heard_all(), sample())
    data["heard"] = [*data["heard"], "gone.statement"]
    loaded, notices = load(data)
    assert "gone.statement" not in loaded.heard and set(STATEMENTS) <= loaded.heard and not notices


@pytest.mark.parametrize("bad, said", [("all", "should be a list"), ([3], "should be a name"),
                                       (["x\x1b[2J"], "state.heard")])
def test_a_damaged_heard_is_refused_clearly(bad, said):
    refused_when_damaged("heard", bad, said)


def refused_when_damaged(field: str, bad, said: str) -> None:
    """A save whose ``field`` is ``bad`` is refused as damaged, naming what is wrong (``said``)."""
    data = state_to_json(heard_all(), sample())
    data[field] = bad
    with pytest.raises(SaveError, match="The save is damaged") as caught:
        check_state_json(data)
    assert said in str(caught.value)
