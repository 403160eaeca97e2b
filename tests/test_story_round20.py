"""Blind round 20's story items (issue 11, testers T34 and T35): continuity a tester met."""

from __future__ import annotations

from game.cli.playtools import start_state
from game.core import engine as e
from game.core.record import replace
from tests.test_story_round6 import _flat, case  # noqa: F401  (case: the bundled story, a fixture)
from tests.ui.helpers import run_game


def _harrow_topics(case, state) -> list[str]:
    _, game = run_game(case, state, ["talk to harrow"])
    return [a.label for a in e.menu_actions(game.story, game.state) if isinstance(a, e.Ask)]


def test_harrow_is_not_introduced_to_on_friday_after_a_thursday_in_her_office(case) -> None:
    """T34: "Introduce yourself" was on Harrow's menu on Friday, though on Thursday she had read
    Neveah's name off a card in her office."""
    state, _ = start_state(case, "act3.harrow_office", "act3")
    assert "Introduce yourself" in _harrow_topics(case, state)  # never met: she may still be
    seen = state.with_visit("act2.harrow_office")
    assert "Introduce yourself" not in _harrow_topics(case, seen)
    thursday, _ = start_state(case, "act2.harrow_office", "act2")
    assert "Introduce yourself" in _harrow_topics(case, thursday)  # the day she meets her: offered


def test_the_accusation_says_reyes_came_to_meet_neveah_wherever_she_was_left(case) -> None:
    """T34 accused from Studio B, having left Reyes on the lobby bench, and found her on the stage."""
    assert case.accusation is not None
    assert "You asked Detective Alma Reyes to meet you here" in case.accusation.text


def test_the_lobby_described_again_claims_no_time_has_passed(case) -> None:
    """T34 undid a move back to 17:00 and the lobby said "The bar is finished now"."""
    state, _ = start_state(case, "act3.lobby", "act3")
    state = replace(state, visits=(("act3.lobby", 2),))
    said = e.scene_text(case, state, case.scenes["act3.lobby"], again=True)
    assert "finished now" not in said and "Reyes on her bench" in said


def test_victoria_does_not_say_harrow_told_her_about_the_toast(case) -> None:
    """T35: "Celeste told me afterwards it was thirteen too many", against Harrow's "I spoke to no
    one that night"."""
    toast = case.topics["victoria.toast"] if "victoria.toast" in case.topics else next(
        t for t in case.topics.values() if t.title == "The toast on Tuesday night")
    assert "Celeste told me" not in toast.text and "thirteen too many" in toast.text
