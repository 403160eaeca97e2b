"""Round 9 (blind testers T12 and T13): story slips fixed by the lead. Each test fails on the
story the testers played."""

from __future__ import annotations

from game.cli.playtools import start_state
from game.core import engine as e
from game.core import mystery
from game.core.record import replace
from tests.test_story_round6 import _flat, case  # noqa: F401  (case: the bundled story, a fixture)


def _proof(case, deduction: str) -> set[str]:
    slot = next(s for s in case.deductions[deduction].slots if s.kind == "clue")
    return set(slot.answers)


def test_the_broken_alibi_is_proved_only_by_what_puts_her_on_the_roof(case) -> None:
    # T12: the parking claim puts Pell next door, not on the roof, yet proved "on the roof"
    assert "garage_claim" not in _proof(case, "d4_alibi") and "lift_key_log" in _proof(case, "d4_alibi")
    assert len(_proof(case, "d4_alibi")) >= 3  # the three-clue rule still holds


def test_the_way_up_is_on_the_board_only_once_it_can_be_proved(case) -> None:
    # T10, T12: with only the rota in act 1, "by the freight lift" was a guess worth a turn
    state, _ = start_state(case, "act1.roof", "breathwork_rota,parapet_gap,drag_scuffs")
    assert "d6_method" not in [d.id for _n, d in mystery.board(case, state)]
    held = replace(state, clues=state.clues | {"lift_key_log"})
    assert "d6_method" in [d.id for _n, d in mystery.board(case, held)]


def test_ines_names_no_one_in_a_topic_before_she_says_the_name(case) -> None:
    titles = [t.title for t in case.topics.values() if t.person == "ines" and t.condition is None]
    assert "Margot" not in " ".join(titles)


def test_marcus_is_known_from_the_door_where_pell_names_him(case) -> None:
    state = e.new_game(case)[0]
    assert "Marcus will see you up" in _flat(case.scenes[state.scene].text)
    assert "marcus" in [p.id for p in mystery.known_people(case, state)]


def test_the_saturday_line_needs_the_planner(case) -> None:
    d1 = case.deductions["d1_pushed"]
    state, _ = start_state(case, "act3.lobby", "act3,tribune_draft")
    said = _flat(e.with_extras(case, state, d1.text, d1.extra))
    assert "Saturday written out to the minute" not in said and "Tribune" in said


def test_margots_epilogue_names_pells_files_only_for_a_player_who_read_her_protocol(case) -> None:
    ending = case.endings["full_truth"]
    without, _ = start_state(case, "act3.lobby", "act3")
    shown = _flat(" ".join(ep.text for ep in ending.epilogues if ep.condition is None
                            or ep.condition(e.EvalContext(case, without))))
    assert "ask Margot how she is" not in shown and "Margot moves out of 4C" in shown


def test_a_hint_never_sends_the_player_to_someone_no_scene_of_this_act_has(case) -> None:
    # T14: Harrow, named from the first screen, was a lead in act 1, where no scene has her
    state = e.new_game(case)[0]
    assert "Celeste Harrow" not in mystery.leads(case, state).asking
    later, _ = start_state(case, "act2.lobby", "act2")
    assert "Celeste Harrow" in mystery.leads(case, later).asking


def test_the_map_knows_every_place_the_menu_offers(case) -> None:
    # T14: "Go to The Wellness Suite (1 turn)" on the menu, "? not found yet" on the map
    state, _ = start_state(case, "act2.morning", "act2")
    offered = {case.scenes[t].place for t in case.scenes["act2.morning"].exits}
    assert offered <= mystery.known_places(case, state)


def test_every_scene_has_words_for_being_looked_at_again(case) -> None:
    # T14, T15: after a load or an undo, the arrival text came again ("as you come out")
    assert [s.id for s in case.scenes.values() if not s.revisit] == []
    assert "as you come out" not in case.scenes["act1.courtyard"].revisit


def test_the_board_does_not_say_when_before_the_player_knows(case) -> None:
    # T14: "make public on Saturday" with only Rosalind's letter held
    assert "Saturday" not in case.deductions["d5_motive"].question


def test_the_last_appointment_is_the_sign_up_sheets(case) -> None:
    # T15: the planner says only "4:15 (wellness)"
    d3 = case.deductions["d3_bandage"]
    state, _ = start_state(case, "act2.lobby", "act2,cassie_planner")
    said = _flat(e.with_extras(case, state, d3.text, d3.extra))
    assert "last appointment" not in said and "quarter past four" in said


def test_the_scuffs_in_the_notebook_name_no_gap_before_it_is_found(case) -> None:
    # T17: the notebook said "straight to the gap in the railing"; the gap is another look
    text = _flat(case.clues["drag_scuffs"].text)
    assert "gap" not in text and "toward the parapet" in text
