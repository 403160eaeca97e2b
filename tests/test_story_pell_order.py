"""Pell's alibi breaks in any order (issue 11, item 9): breaking the cat scratch first shakes
her and she goes on; she asks to stop only once every statement of hers a clue can break is
broken, whichever is last. Through the real loop (piped plain mode), from act 3's wellness suite."""

from __future__ import annotations

import pytest

from game.core import engine as e
from game.core import record
from game.core.state import Exploring
from game.loading.loader import load_story

from tests.conftest import BUNDLED
from tests.ui.helpers import run_game

STOP = "I think I'd like to stop now, Neveah."
GOES_ON = "Go on, then, sweetheart."
NIGHT = {"pell.night.home", "pell.night.roof", "pell.night.scratch"}
TUESDAY = {"pell.tuesday.sound", "pell.tuesday.message"}


@pytest.fixture(scope="module")
def case():
    return load_story(BUNDLED)


def _act3(case, broken=frozenset(TUESDAY)):
    """In the wellness suite in act 3, holding every clue, Tuesday's testimony already broken."""
    fresh = e.new_game(case)[0]
    return record.replace(fresh, act="act3", scene="act3.wellness", time=10, clues=frozenset(case.clues),
                          found=tuple(case.clues), broken=frozenset(broken), mode=Exploring())


SCRATCH_FIRST = ["talk to dr. pell", "where", "next", "next", "next", "present allergy",
                 "previous", "present lift", "previous", "present lift"]
SCRATCH_LAST = ["talk to dr. pell", "where", "next", "present lift", "next", "present lift", "next",
                "present allergy"]


@pytest.mark.parametrize("lines", [SCRATCH_FIRST, SCRATCH_LAST], ids=["scratch first", "scratch last"])
def test_every_statement_breaks_whichever_order_and_she_stops_after_the_last(case, lines) -> None:
    text, game = run_game(case, _act3(case), lines)
    assert NIGHT <= game.state.broken  # nothing was lost to the order
    assert "flag" not in text and "pell_stopped" not in text
    assert text.count(STOP) == 1
    last_break = text.rsplit("Contradiction!", 1)[1]
    assert STOP in last_break  # said after the last break, not before
    assert "Dr. Nadia Pell has nothing more to say to you now." in last_break
    assert "pell_stopped" in game.state.flags and isinstance(game.state.mode, Exploring)
    assert game.state.credibility == _act3(case).credibility  # no presentation was refused
    assert "Talk to Dr. Pell" not in last_break.split("nothing more to say", 1)[1]  # she meant it


def test_breaking_the_scratch_first_shakes_her_and_she_goes_on(case) -> None:
    text, game = run_game(case, _act3(case), SCRATCH_FIRST[:6])
    assert GOES_ON in text and STOP not in text
    assert game.state.mode.testimony == "pell.night"  # still listening: home and roof are still open
    assert "pell.night.scratch" in game.state.broken and not NIGHT <= game.state.broken


def test_she_goes_on_while_tuesdays_testimony_still_has_a_statement_to_break(case) -> None:
    text, game = run_game(case, _act3(case, {"pell.tuesday.sound"}), SCRATCH_LAST + ["leave", "look"])
    assert NIGHT <= game.state.broken and STOP not in text and GOES_ON not in text
    assert "What she knew about Cassie's health" in text.rsplit("Contradiction!", 1)[1]  # still offered
    text, game = run_game(case, game.state, ["talk to dr. pell", "health", "next", "next", "present cassie's text to"])
    assert text.count(STOP) == 1 and "pell_stopped" in game.state.flags


def test_nonsense_and_end_of_input_in_the_middle_lose_nothing(case) -> None:
    text, game = run_game(case, _act3(case), SCRATCH_FIRST[:6] + ["present", "present bananas", "7"])
    assert "Traceback" not in text and game.state.credibility == _act3(case).credibility
    assert "pell.night.scratch" in game.state.broken  # the input ran out mid-testimony: the break stands
