"""Nothing knows more than the player: people appear once met, deductions once their `if`
holds (numbered by story order), conclusions and endings quote only clues the player holds,
and a scene described again does not replay its moment of arrival."""

from __future__ import annotations

import pytest

from game.core import engine as e
from game.core import mystery
from game.core import record
from game.loading.loader import load_story
from game.ui.board import Board
from game.ui.suspects import Suspects, find_person

from tests.conftest import BUNDLED
from tests.test_loader import SCENE, findings
from tests.ui.helpers import render
from game.ui.look import Look

PLAIN = Look(plain=True)


@pytest.fixture(scope="module")
def case():
    return load_story(BUNDLED)


@pytest.fixture(scope="module")
def fresh(case):
    return e.new_game(case)[0]


def _visit(state, *scenes):
    for scene in scenes:
        state = state.with_visit(scene)
    return state


def test_a_person_is_unknown_at_the_start_and_known_once_they_say_their_name(case, fresh) -> None:
    names = [p.id for p in mystery.known_people(case, fresh)]
    assert "theo" not in names and "victoria" not in names
    # Harrow signs the email that admitted Neveah: named on the first screen, so known from it
    # (the board's suspect blanks offer her in act 1, T11)
    assert "harrow" in names and "Celeste Harrow" in case.scenes[case.acts[fresh.act].start].text
    seen = _visit(fresh, "act1.green_room")  # the girl with the ice pack, the tall boy: no names yet
    assert "theo" not in [p.id for p in mystery.known_people(case, seen)]
    met = record.replace(seen, asked=seen.asked | {"theo.hello", "ines.hello"})
    assert "theo" in [p.id for p in mystery.known_people(case, met)]
    assert "ines" in [p.id for p in mystery.known_people(case, met)]
    assert "victoria" not in [p.id for p in mystery.known_people(case, met)]


def test_every_view_of_people_reads_the_one_list(case, fresh) -> None:
    out = render(Suspects(case, fresh, PLAIN), 100)
    for stranger in ("Theo", "Victoria", "Inés", "Jonah", "Okafor"):
        assert stranger not in out, stranger
    assert find_person(case, "theo", fresh) is None  # `suspects theo` before meeting him
    assert find_person(case, "theo").id == "theo"  # without a state: the whole cast (authoring)
    met = record.replace(_visit(fresh, "act1.green_room"), asked=frozenset({"theo.hello"}))
    assert "Theo Marchetti" in render(Suspects(case, met, PLAIN), 100)
    assert find_person(case, "theo", met).id == "theo"


def test_every_person_of_the_case_declares_when_they_are_known(case) -> None:
    assert all(p.known is not None for p in case.people.values())


def test_no_cell_note_states_what_its_clue_never_showed(case) -> None:
    # the play-testers' two: facts nowhere in the clue that ticks the square
    assert "door code" not in case.people["margot"].means.note
    assert "over his head" not in case.people["theo"].means.note


def test_a_deduction_is_hidden_until_its_condition_holds_and_keeps_its_number(case, fresh) -> None:
    shown = dict(mystery.board(case, fresh))
    assert 1 in shown and 5 not in shown and 3 not in shown and 4 not in shown
    out = render(Board(case, fresh, PLAIN), 100)
    assert "Tribune" not in out and "signature" not in out and "arranged to see" not in out
    assert "more will appear" in out
    holding = record.replace(fresh, clues=frozenset({"hidden_xray"}))
    shown = dict(mystery.board(case, holding))
    assert shown[5].id == "d5_motive" and 1 in shown  # story order: 5 is 5, with 2-4 still hidden
    assert "5. [open] What Cassie knew" in render(Board(case, holding, PLAIN), 100)
    confirmed = record.replace(fresh, confirmed=frozenset({"d4_alibi"}))
    assert 4 in dict(mystery.board(case, confirmed))  # a confirmed deduction never disappears


def test_no_deduction_prompt_names_what_the_player_has_not_seen(case) -> None:
    d5 = case.deductions["d5_motive"]
    assert all("Tribune" not in s.prompt for s in d5.slots)


def test_confirming_how_she_fell_does_not_give_the_fall_time(case, fresh) -> None:
    d1 = case.deductions["d1_pushed"]
    holding = record.replace(fresh, clues=frozenset({"lift_key_log"}))
    text = e.with_extras(case, holding, d1.text, d1.extra)
    assert "after" not in text.split("freight lift")[-1] and "before she fell" not in text


def _ending_text(case, state, ending_id):
    ending = case.endings[ending_id]
    return e.with_extras(case, state, ending.text, ending.epilogues)


def test_endings_name_victorias_daughter_only_once_she_came_up(case, fresh) -> None:
    exposed = record.replace(fresh, clues=frozenset({"bribe_recording"}), flags=frozenset({"victoria_exposed"}))
    assert "daughter" not in _ending_text(case, exposed, "full_truth")
    asked = record.replace(exposed, asked=frozenset({"victoria.daughter"}))
    assert "daughter" in _ending_text(case, asked, "full_truth")


def test_the_scapegoat_lists_no_unfound_evidence(case) -> None:
    assert "late phone call" not in case.endings["scapegoat"].text
    assert all("late phone call" not in x.text for x in case.endings["scapegoat"].epilogues)


def test_the_xray_in_the_notebook_names_the_clinician_every_scene_shows(case) -> None:
    """Every scene that finds the X-ray prints "Referring clinician: N. Pell." (issue 11, T4-8), so the
    notebook copy says it too; it is still filed as medical, not as a point against Pell."""
    xray = case.clues["hidden_xray"]
    assert "Referring clinician: N. Pell" in xray.text and "pell" not in xray.about
    assert "Pell" in case.clues["clearance_form"].text  # the signature is a match still to make, later


def test_the_tape_is_not_a_first_night_question(case) -> None:
    topic = case.topics["pell.wrist"]
    act1 = record.replace(e.new_game(case)[0], act="act1")
    assert topic.condition is not None and not topic.condition(e.EvalContext(case, act1))


def test_a_scene_described_again_does_not_replay_its_arrival(case, fresh) -> None:
    scene = case.scenes["act2.basement"]
    there = _visit(fresh, "act2.basement")
    assert "You heard" in e.scene_text(case, there, scene)  # arriving: the moment happens
    assert "You heard" not in e.scene_text(case, there, scene, again=True)  # look / load: not again


def test_a_wrong_known_or_if_is_a_located_error(write_story) -> None:
    person = "suspects:\n  ida:\n    name: Ida\n    known: visited(a.strat)\n"
    errors = findings(write_story({"parts/a.yaml": SCENE + person}))
    assert len(errors) == 1 and "E201" in errors[0] and "a.strat" in errors[0] and "did you mean 'a.start'" in errors[0]
    board = ("deductions:\n  d:\n    title: T\n    if: has(x) andd\n"
             "    slots:\n      - prompt: P\n        options: {a: A}\n        answer: a\n")
    errors = findings(write_story({"parts/a.yaml": SCENE + board}))
    assert any("E301" in x for x in errors), errors
    yes = write_story({"parts/a.yaml": SCENE + "suspects:\n  ida:\n    name: Ida\n"})
    story = load_story(yes)  # without `known`, always known
    state = e.new_game(story)[0]
    assert [p.id for p in mystery.known_people(story, state)] == ["ida"]


def test_a_hint_never_asks_the_question_of_a_deduction_not_on_the_board(case, fresh) -> None:
    d1_done = record.replace(fresh, confirmed=frozenset({"d1_pushed"}))
    assert mystery.hint(case, d1_done, 1) is None  # nothing else is on the board yet
    holding = record.replace(d1_done, clues=frozenset({"hidden_xray"}))
    assert mystery.hint(case, holding, 1).deduction == "d5_motive"


def test_after_pell_asks_to_stop_she_offers_nothing_more(case, fresh) -> None:
    act3 = record.replace(fresh, act="act3", clues=frozenset(case.clues))
    ctx = e.EvalContext(case, act3)
    open_before = [t for t in case.topics.values() if t.person == "pell" and t.condition(ctx)]
    assert open_before  # a condition that could fail: she has plenty to say until then
    # Breaking the scratch first shakes her, and she goes on (issue 11 item 9: order-free).
    shaken = e.EvalContext(case, record.replace(act3, broken=frozenset({"pell.night.scratch"})))
    assert [t.id for t in case.testimonies.values() if t.person == "pell" and t.condition(shaken)] == [
        "pell.tuesday", "pell.night"]
    stopped = e.EvalContext(case, record.replace(act3, flags=frozenset({"pell_stopped"})))
    assert not [t.id for t in case.topics.values() if t.person == "pell" and t.condition(stopped)]
    assert not [t.id for t in case.testimonies.values() if t.person == "pell" and t.condition(stopped)]
