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
