"""Round 7 (blind tester 8): story slips fixed by the lead. Each test fails on the text the
tester met."""

from __future__ import annotations

import pytest

from game.cli.playtools import start_state
from game.core import engine as e
from game.core.effects import scene_text
from tests.test_story_round6 import _flat, case  # noqa: F401  (case: the bundled story, a fixture)


def test_d6_with_only_the_rota_does_not_single_out_the_wellness_key(case) -> None:
    state, _ = start_state(case, "act1.lobby", "breathwork_rota")
    d6 = case.deductions["d6_method"]
    said = _flat(e.with_extras(case, state, d6.text, d6.extra))
    assert "The wellness key takes the lift" not in said
    assert "wellness key or on Marcus's" in said


def test_the_act3_lobby_hears_the_rehearsal_not_an_empty_dark_stage(case) -> None:
    state, _ = start_state(case, "act3.lobby", "act3")
    for again in (False, True):
        shown = _flat(scene_text(case, state, case.scenes["act3.lobby"], again=again))
        assert "auditorium is dark" not in shown and "empty stage" not in shown


@pytest.mark.parametrize("given", ["act3", "act3,marcus_defended"])
def test_the_act3_opening_lieutenant_line_stands_alone_after_reyes_leaves(case, given) -> None:
    state, _ = start_state(case, "act3.rehearsal", given)
    state = state.with_visit("act3.rehearsal")  # a revisit: only the lieutenant's paragraph
    shown = _flat(scene_text(case, state, case.scenes["act3.rehearsal"], again=True))
    assert "lieutenant" in shown and "she says" not in shown


@pytest.mark.parametrize("broken", ["pell.night.scratch", "pell.tuesday.wrist"])
def test_pells_card_drops_the_cat_once_the_lie_is_broken(case, broken) -> None:
    pell = case.people["pell"]
    told, _ = start_state(case, "act2.lobby", "act2,pell.wrist")
    assert "Biscuit" in _flat(e.with_extras(case, told, "", pell.extra))
    after, _ = start_state(case, "act2.lobby", f"act2,pell.wrist,allergy_sign,{broken}")
    card = _flat(e.with_extras(case, after, "", pell.extra))
    assert "Biscuit" not in card and "not a cat scratch" in card


def test_the_act2_lobby_label_does_not_name_the_woman_before_she_does(case) -> None:
    state, _ = start_state(case, "act2.lobby", "act2")
    labels = [case.choices[a.choice][1].text for a in e.available_actions(case, state) if isinstance(a, e.Choose)]
    assert not any("mother" in label for label in labels), labels
    assert "Sit with the woman by the memorial table" in labels


def test_harrow_reads_the_name_wrong_without_the_porters_tape(case) -> None:
    state, _ = start_state(case, "act2.harrow_office", "act2")
    shown = _flat(scene_text(case, state, case.scenes["act2.harrow_office"]))
    assert "Neh-VAY-uh" in shown and "porter's tape" not in shown
