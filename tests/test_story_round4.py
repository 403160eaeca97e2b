"""Story slips blind testers 3 and 4 met in the acts and the people files (issue 11, round 4),
one test each, through the real loop (piped plain mode) where that is cheap:

- T3-1 the act 1 roof offers no "gap" before the gap is found;
- T3-2 the Studio B door log never names Margot for the player (the player makes the match);
- T3-3 the porter is named (badge, first name) before any header or menu says "Marcus Bell";
- T3-4 Dr. Pell says she is about to leave before any choice ends her presence;
- T3-6 the spider-plant line fits whatever time of day it is watered;
- T3-7 Marcus's words after the first break point at the next part, not at a clue;
- T4-3 Margot's "Cassie's side of the room" does not assume it is her first reply;
- T4-7 the lift printout is left for the player to read (no computed match);
- T4-11 "Introduce yourself" is never offered to Dr. Pell, who greets Neveah by name;
- T4-12 Marcus's reading glasses are his own, out of his shirt pocket.
"""

from __future__ import annotations

import pytest

from game.cli.playtools import start_state
from game.core import engine as e
from game.core import record
from game.core.model import Story
from game.core.state import GameState, Talking
from game.loading.loader import load_story
from tests.conftest import BUNDLED
from tests.ui.helpers import run_game

LIFT_LOG = "23:33 K2 UP G>R"


@pytest.fixture(scope="module")
def case() -> Story:
    return load_story(BUNDLED)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _choice(case: Story, scene: str, starts: str):
    found = [c for c in case.scenes[scene].choices if c.text.startswith(starts)]
    assert len(found) == 1, (scene, starts)
    return found[0]


def _topic_titles(case: Story, state: GameState, person: str) -> list[str]:
    talking = record.replace(state, mode=Talking(person))
    ids = [getattr(a, "topic", None) for a in e.available_actions(case, talking)]
    return [case.topics[t].title for t in ids if t]


# -- T3-1 -------------------------------------------------------------------------------------


def test_the_act1_roof_offers_no_gap_until_the_parapet_is_walked(case) -> None:
    state, _ = start_state(case, "act1.roof", "act1")
    text, game = run_game(case, state, ["crouch", "walk the parapet"])
    before_walk = _flat(text).split("You keep one hand on the rail", 1)[0]
    assert "Crouch in the gravel by the water tower" in before_walk
    assert "gap" not in before_walk.lower()  # neither the menu nor the crouching names it
    assert {"drag_scuffs", "parapet_gap"} <= game.state.clues and "Traceback" not in text


def test_typing_gap_on_the_act1_roof_before_it_is_found_takes_nothing(case) -> None:
    state, _ = start_state(case, "act1.roof", "act1")
    text, game = run_game(case, state, ["gap", "crouch by the gap"])
    assert "drag_scuffs" not in game.state.clues and "parapet_gap" not in game.state.clues
    assert game.state.turn == state.turn and "Traceback" not in text  # nonsense costs nothing


# -- T3-2 -------------------------------------------------------------------------------------


def test_the_studio_b_door_log_leaves_the_match_to_the_player(case) -> None:
    state, _ = start_state(case, "act2.lobby", "act2")
    text, game = run_game(case, state, ["printouts"])
    read = _flat(text).split("Door logs for the detective", 1)[1]
    assert "LINDQVIST M / STUDIO B / IN 23:02:17" in read and "studio_b_swipes" in game.state.clues
    assert "Margot" not in read.split("Room 4C", 1)[0]  # the log's own lines name nobody for you
    assert "Margot" not in case.clues["studio_b_swipes"].text  # nor does the notebook
    for scene, starts in (("act2.lobby", "Read the printouts"), ("act3.lobby", "Ask the day porter for Tuesday's door")):
        assert "Margot" not in _choice(case, scene, starts).say


# -- T3-3 / T3-4 ------------------------------------------------------------------------------


def test_the_porter_is_named_before_any_header_says_marcus_bell(case) -> None:
    state, opening = e.new_game(case)
    text, _ = run_game(case, state, ["porter", "leave"], opening=opening)
    flat = _flat(text)
    assert "Marcus Bell" in flat  # the header of the talk the player chose
    first_full = flat.index("Marcus Bell")
    assert flat.index("M. BELL") < first_full and flat.index("Marcus will see you up") < first_full


def test_dr_pell_says_she_is_leaving_before_the_photographs_end_her_meeting(case) -> None:
    state, opening = e.new_game(case)
    text, game = run_game(case, state, ["photographs"], opening=opening)
    flat = _flat(text)
    assert "Talk to Dr. Pell before she goes" in flat
    assert flat.index("on my way home") < flat.index("goes out into the cold")
    assert game.state.scene == "act1.lobby"


# -- T3-6 / T3-7 / T4-12 ----------------------------------------------------------------------


def test_the_spider_plant_line_names_no_time_of_day_it_could_contradict(case) -> None:
    say = _choice(case, "act2.dorm", "Water Cassie's spider plant").say.lower()
    assert not any(word in say for word in ("morning", "afternoon", "by noon", "by lunch"))
    assert "tonight" in say  # every watering in act 2 comes before that night's lights out


def test_marcus_after_the_first_break_points_at_going_up_not_at_a_clue(case) -> None:
    rounds = next(s for s in case.testimonies["marcus.night"].statements if s.id == "marcus.night.rounds")
    assert "The part about going up" in rounds.broken
    assert not any(words in rounds.broken for words in ("Keep hold of that", "answers the next part", "Ask me"))


def test_marcus_puts_on_his_own_reading_glasses(case) -> None:
    lift = case.topics["marcus.lift"].text
    assert "his reading glasses out of his shirt pocket" in lift and "puts on the reading glasses" not in lift
    assert "reading glasses in his shirt pocket" in case.people["marcus"].text  # the dossier agrees


# -- T4-3 -------------------------------------------------------------------------------------


@pytest.mark.parametrize("first", ["side of the room", "roof"])
def test_margot_answers_the_room_question_in_either_order(case, first) -> None:
    state, _ = start_state(case, "act1.dorm", "act1")
    lines = ["talk margot", first, "side of the room" if first == "roof" else "roof", "leave"]
    text, game = run_game(case, state, lines)
    assert {"margot.code"} <= game.state.asked and "Traceback" not in text
    pulled = "pulls one earbud out" in _flat(text)
    assert pulled == (first == "side of the room")  # she takes it out only for her first words
    if first == "roof":
        assert "still doesn't turn over, but she answers this one too" in _flat(text)


def test_exactly_one_telling_of_the_room_question_is_on_offer(case) -> None:
    state, _ = start_state(case, "act1.dorm", "act1")
    for asked in (set(), {"margot.code"}, {"margot.room"}, {"margot.room_after", "margot.code"},
                  {"margot.room", "margot.code"}):
        titles = _topic_titles(case, record.replace(state, asked=frozenset(asked)), "margot")
        assert titles.count("Cassie's side of the room") == 1, asked


# -- T4-7 -------------------------------------------------------------------------------------


def test_the_lift_printout_is_left_for_the_player_to_read(case) -> None:
    state, _ = start_state(case, "act2.loading_dock", "act2,time=14")
    text, game = run_game(case, state, ["printout"])
    read = _flat(text).split("A key log, printed by the lift itself", 1)[1]
    assert LIFT_LOG in read and "lift_key_log" in game.state.clues
    texts = [read.split("Loading Dock", 1)[0], case.clues["lift_key_log"].text,
             _choice(case, "act3.loading_dock", "Read the printout").say]
    for said in texts:
        assert not any(words in said for words in ("rode up", "came back down", "back down at", "didn't go up"))


# -- T4-11 ------------------------------------------------------------------------------------


@pytest.mark.parametrize("scene,act", [("act1.arrival", "act1"), ("act2.wellness", "act2,time=14")])
def test_dr_pell_who_greets_neveah_by_name_is_never_offered_an_introduction(case, scene, act) -> None:
    state, _ = start_state(case, scene, act)
    titles = _topic_titles(case, state, "pell")
    assert "Tell her she said your name right" in titles and "Introduce yourself" not in titles  # T27
