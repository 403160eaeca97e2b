"""Issue 11, blind testers 3 and 4 at the board (T4-4, T4-8, T4-9): a deduction is confirmed only by
clues that prove it, and its confirmation says only what the player has seen or heard. Through the
real loop (piped plain mode) and the engine; wrong proofs are refused and cost nothing."""

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


def _holding(case, *clues, **more):
    fresh = e.new_game(case)[0]
    return record.replace(fresh, act="act2", scene="act2.lobby", time=10, clues=frozenset(clues), found=clues,
                          visits=(("act2.wellness", 1),), mode=Exploring(), **more)


def _confirm(case, state, deduction, picks):
    after, events = e.step(case, state, e.Deduce(deduction, tuple(picks)))
    return after, " ".join(getattr(x, "text", "") for x in events)


# T4-4: deduction 6 -- no clue proves both the way up and the place, so each has its own proof.

D6 = [("d6_method.route", "lift"), ("d6_method.where", "gap")]


def test_d6_is_confirmed_with_a_way_up_and_a_place_through_the_real_loop(case) -> None:
    start = _holding(case, "parapet_gap", "lift_key_log")
    text, game = run_game(case, start, ["deduce 6", "1", "1", "The freight-lift key log", "The gap in the railing"])
    assert "d6_method" in game.state.confirmed, text[-1500:]
    assert "Confirmed on the board: The way up and the way out" in text


def test_reyes_sketch_alone_does_not_prove_the_way_up(case) -> None:
    start = _holding(case, "reyes_sketch")
    after, _ = _confirm(case, start, "d6_method", D6 + [("d6_method.route_proof", "reyes_sketch"),
                                                         ("d6_method.where_proof", "reyes_sketch")])
    assert "d6_method" not in after.confirmed
    with_a_way_up = record.replace(start, clues=start.clues | {"dock_witness"}, found=("reyes_sketch", "dock_witness"))
    after, _ = _confirm(case, with_a_way_up, "d6_method", D6 + [("d6_method.route_proof", "dock_witness"),
                                                                ("d6_method.where_proof", "reyes_sketch")])
    assert "d6_method" in after.confirmed  # the sketch does prove the place


def test_d6_says_nothing_about_a_roof_door_or_climbing_no_clue_ruled_out(case) -> None:
    start = _holding(case, "lift_key_log", "reyes_sketch")
    after, text = _confirm(case, start, "d6_method", D6 + [("d6_method.route_proof", "lift_key_log"),
                                                          ("d6_method.where_proof", "reyes_sketch")])
    assert "d6_method" in after.confirmed
    assert "roof door" not in text and "Nobody climbed" not in text
    assert "Reyes's cross lies straight below the gap" in text  # what the held sketch shows
    assert "you would have to climb it" not in text  # the gap's own clue is not held


# T4-8: deduction 5 -- the X-ray names Pell as the referring clinician, dated 14 Oct.

D5 = [("d5_motive.secret", "clearances"), ("d5_motive.whose", "pell")]


def test_the_xray_alone_confirms_what_cassie_knew_through_the_real_loop(case) -> None:
    text, game = run_game(case, _holding(case, "hidden_xray"), ["deduce 5", "1", "Dr. Nadia Pell", "1"])
    assert "d5_motive" in game.state.confirmed, text[-1500:]
    said = " ".join(text.split()).split("Confirmed on the board")[-1]
    assert "What she knew had Dr. Pell's name on it" in said and "signature" not in said


@pytest.mark.parametrize("clue", ["protocol_sheet", "bandage_text"])
def test_clues_that_do_not_say_what_cassie_held_are_refused(case, clue) -> None:
    after, _ = _confirm(case, _holding(case, clue), "d5_motive", D5 + [("d5_motive.proof", clue)])
    assert "d5_motive" not in after.confirmed


# T4-9: deduction 4 -- "she went home" only once Pell has said so.

D4 = [("d4_alibi.who", "pell"), ("d4_alibi.where", "roof"), ("d4_alibi.proof", "lift_key_log")]


def test_d4_options_quote_no_one(case) -> None:
    where = next(s for s in case.deductions["d4_alibi"].slots if s.id == "d4_alibi.where")
    assert all("as they say" not in text for text in dict(where.options).values())


def test_d4_does_not_say_she_claimed_home_before_she_has(case) -> None:
    after, text = _confirm(case, _holding(case, "lift_key_log"), "d4_alibi", D4)
    assert "d4_alibi" in after.confirmed and "on the roof when Cassie went over" in text
    assert "gone home" not in text and "let everyone believe" not in text


def test_d4_says_she_claimed_home_once_she_has(case) -> None:
    start = _holding(case, "lift_key_log", asked=frozenset({"pell.cassie"}))
    after, text = _confirm(case, start, "d4_alibi", D4)
    assert "d4_alibi" in after.confirmed and "let everyone believe she had gone home" in text


def test_nonsense_a_cancel_and_end_of_input_at_the_new_proof_slots_change_nothing(case) -> None:
    start = _holding(case, "parapet_gap", "lift_key_log")
    text, game = run_game(case, start, ["deduce 6", "1", "1", "zebra", "", "deduce 6", "1", "1", "1"])  # then EOF
    assert game.state.confirmed == start.confirmed and game.state.credibility == start.credibility
    assert "Traceback" not in text


# T3-11 / T4-16: the epilogues follow what the player did, under both states of the flag that says it.

def _epilogue(case, state, ending="full_truth"):
    body = case.endings[ending]
    return " ".join(e.with_extras(case, state, body.text, body.epilogues).split())


def test_marcus_heard_in_person_but_not_defended_is_not_told_she_let_the_logs_speak(case) -> None:
    fresh = e.new_game(case)[0]
    heard = record.replace(fresh, broken=frozenset({"marcus.night.straight_up"}))
    text = _epilogue(case, heard)
    assert "left it to the logs to speak for him" not in text and "You were the only one who asked" in text
    assert "left it to the logs to speak for him" in _epilogue(case, fresh)  # never asked him, never spoke up
    defended = record.replace(heard, flags=frozenset({"marcus_defended"}))
    text = _epilogue(case, defended)
    assert "regret" in text and "left it to the logs" not in text and "only one who asked" not in text


def test_the_recording_unplayed_is_not_called_a_choice_to_keep_it(case) -> None:
    fresh = e.new_game(case)[0]
    held = record.replace(fresh, clues=frozenset({"bribe_recording"}))
    text = _epilogue(case, held)
    assert "nobody else has heard it" in text
    assert "keeping the file to yourself" not in text and "mercy or cowardice" not in text
    exposed = record.replace(held, flags=frozenset({"victoria_exposed"}))
    text = _epilogue(case, exposed)
    assert "ten o'clock news" in text and "nobody else has heard it" not in text


def test_the_read_at_9_16_her_thursday_answer_left_unanswered_is_paid_off_in_the_full_truth(case) -> None:
    """T53: "Read 9:16 PM. You don't say anything. Not yet." was never picked up again."""
    from game.cli.playtools import start_state
    from game.core import record

    state, _ = start_state(case, "act3.lobby", "act3,bandage_text")
    heard = record.replace(state, broken=state.broken | {"pell.tuesday.message"})
    assert "Read 9:16 PM" in _epilogue(case, heard) and "phones that sleep" in _epilogue(case, heard)
    assert "Read 9:16 PM" not in _epilogue(case, state)  # never heard her say it: nothing to pay off


def test_the_wedged_dock_door_shows_the_way_up_as_the_confirmed_text_says(case) -> None:
    """T60 gave the wedged dock door for "A clue that shows the way up" and lost half an hour,
    though the confirmed text says the door was "ten steps from the lift and no badge reader
    between": the way in to the lift, unseen."""
    start = _holding(case, "dock_witness", "dock_wedged", "reyes_sketch")
    after, text = _confirm(case, start, "d6_method", D6 + [("d6_method.route_proof", "dock_wedged"),
                                                          ("d6_method.where_proof", "reyes_sketch")])
    assert "d6_method" in after.confirmed and "no badge reader between" in text
