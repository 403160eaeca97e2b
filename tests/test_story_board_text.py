"""Cassie's text to 🩹 proves who she was waiting for (issue 11, item 8): its number is the one
on Pell's door card and the one Pell calls her mobile, so the player who picks Pell with the text
is right, and the board says so. It also shows someone was asked up to the roof (deduction 1).
Through the real loop (piped plain mode); a wrong proof and a cancelled pick change nothing."""

from __future__ import annotations

import pytest

from game.core import engine as e
from game.core import record
from game.core.state import Exploring
from game.loading.loader import load_story

from tests.conftest import BUNDLED
from tests.ui.helpers import run_game


@pytest.fixture(scope="module")
def case():
    return load_story(BUNDLED)


def _holding(case, *clues):
    fresh = e.new_game(case)[0]
    return record.replace(fresh, act="act2", scene="act2.lobby", time=10, clues=frozenset(clues), found=clues,
                          visits=(("act2.wellness", 1),), mode=Exploring())


def test_pell_with_the_text_alone_confirms_who_cassie_was_waiting_for(case) -> None:
    text, game = run_game(case, _holding(case, "bandage_text"), ["deduce 3", "Dr. Nadia Pell", "1"])
    assert "d3_bandage" in game.state.confirmed
    assert "Confirmed on the board: Who Cassie had arranged to see" in text
    assert "is not confirmed" not in text


def test_the_text_is_on_the_board_as_soon_as_it_is_held(case) -> None:
    assert case.deductions["d3_bandage"].condition(e.EvalContext(case, _holding(case, "bandage_text")))
    assert not case.deductions["d3_bandage"].condition(e.EvalContext(case, _holding(case, "floodlight_log")))


def test_a_clue_that_does_not_say_who_is_still_refused_and_costs_nothing(case) -> None:
    start = _holding(case, "floodlight_log", "bandage_text")
    text, game = run_game(case, start, ["deduce 3", "Dr. Nadia Pell", "1"])  # 1: the floodlight log
    assert "d3_bandage" not in game.state.confirmed and "doesn't hold together" in text
    assert game.state.credibility == start.credibility


def test_a_cancelled_pick_and_nonsense_change_nothing(case) -> None:
    start = _holding(case, "bandage_text")
    text, game = run_game(case, start, ["deduce 3", "zebra", "", "deduce 3", "Dr. Nadia Pell"])  # then end of input
    assert game.state.confirmed == start.confirmed and "Traceback" not in text


def test_the_text_also_shows_someone_was_asked_up_to_the_roof(case) -> None:
    slot = next(s for s in case.deductions["d1_pushed"].slots if s.kind == "clue")
    assert "bandage_text" in slot.answers
    state = _holding(case, "bandage_text")
    state, events = e.step(case, state, e.Deduce("d1_pushed", (("d1_pushed.how", "pushed"),
                                                               ("d1_pushed.proof", "bandage_text"))))
    assert "d1_pushed" in state.confirmed
    said = " ".join(getattr(x, "text", "") for x in events)
    assert "She had told someone to meet her up there" in said
