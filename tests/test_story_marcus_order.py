"""Marcus's act 2-3 testimony is fair (issue 11, item 10): the clue that breaks "rounds upstairs"
breaks "went straight up" too, and his words after the first break say so; the clue is in the
room where he is questioned in every act that can break it; a plausible clue that does not
contradict a statement (the floodlight log) is refused by name. Through the real loop."""

from __future__ import annotations

import pytest

from game.core import engine as e
from game.core import record
from game.core.model import Gain, Talk
from game.core.state import Exploring
from game.loading.loader import load_story

from tests.conftest import BUNDLED
from tests.ui.helpers import run_game

STRAIGHT_UP = "marcus.night.straight_up"


@pytest.fixture(scope="module")
def case():
    return load_story(BUNDLED)


def test_the_clues_that_break_rounds_also_break_going_straight_up(case) -> None:
    statements = {s.id: s for s in case.testimonies["marcus.night"].statements}
    assert set(statements["marcus.night.rounds"].contradicted_by) <= set(statements[STRAIGHT_UP].contradicted_by)
    # his hint after the first break points at the next statement, not at the clue to present (T3-7)
    assert "The part about going up" in statements["marcus.night.rounds"].broken


def test_where_marcus_is_questioned_after_act_1_a_clue_for_straight_up_is_in_the_same_room(case) -> None:
    breakers = set(case.testimonies["marcus.night"].statements[1].contradicted_by)
    rooms = [s for s in case.scenes.values() if any(Talk("marcus") in c.effects for c in s.choices)]
    later = [s for s in rooms if not s.id.startswith("act1.")]
    assert later  # a condition that could fail: he is questioned in acts 2 and 3
    for scene in later:
        gains = {eff.target for c in scene.choices for eff in c.effects if isinstance(eff, Gain)}
        assert gains & breakers, scene.id


def _basement(case, clues):
    fresh = e.new_game(case)[0]
    return record.replace(fresh, act="act2", scene="act2.basement", time=10, clues=frozenset(clues),
                          found=tuple(clues), mode=Exploring())


def test_one_slip_breaks_both_and_the_floodlight_log_is_refused_by_name(case) -> None:
    start = _basement(case, ["boiler_dispatch", "floodlight_log"])
    # The floodlight log against "rounds upstairs": the time of the fall says nothing about that
    # (against "straight up" it breaks with the boiler slip held: tests/test_paired_contradiction.py).
    lines = ["talk to marcus", "what he did", "present floodlight", "present boiler", "next", "present boiler",
             "next", "present call log"]
    text, game = run_game(case, start, lines)
    assert "Presented: The courtyard floodlight log. No contradiction with statement 1" in " ".join(text.split())
    assert game.state.credibility == start.credibility - 1  # the one refusal, nothing else
    assert {"marcus.night.rounds", STRAIGHT_UP, "marcus.night.called"} <= game.state.broken
    assert "marcus_call_log" in game.state.clues and "Traceback" not in text


def test_nonsense_against_his_statement_costs_nothing_and_breaks_nothing(case) -> None:
    start = _basement(case, ["boiler_dispatch"])
    text, game = run_game(case, start, ["talk to marcus", "what he did", "next", "present", "present zebra", "9"])
    assert STRAIGHT_UP not in game.state.broken and game.state.credibility == start.credibility
    assert "Traceback" not in text
