"""Round 17's story items (issue 11, blind testers T28 and T29): d4's confirmation tells the dock
route only with the clue that shows it, and no deduction's extra says more than its own clues;
Reyes's Friday deadline reads true on Friday; an introduction is not offered again on a later day;
Marcus's gauze threads in the knot can be asked about on every day and are joined by the crew's
granny knot; d3 asks about the school's staff, whose one arrangement with Cassie was Pell's.
Through the real loop (plain mode) where the player sees it, else the loaded story."""

from __future__ import annotations

import re
from pathlib import Path

from game.cli.playtools import start_state
from tests.conftest import BUNDLED
from tests.test_story_round6 import _flat, case  # noqa: F401  (case: a fixture)
from tests.test_story_round12 import _offered
from tests.ui.helpers import run_game

BIBLE = Path(BUNDLED) / "BIBLE.md"
ROUTE_WORDS = ("dock", "nobody watches", "back way", "alley")


def _intros(case, state, person: str) -> list[str]:
    return [t for t in _offered(case, state, person) if case.topics[t].title == "Introduce yourself"]


# -- item 1: d4 (and every deduction) says only what the player's clues show ----------------------


def test_d4_confirmed_with_only_the_key_log_tells_no_route_in(case) -> None:
    start, _ = start_state(case, "act2.lobby", "act2,lift_key_log")
    start = start.with_visit("act2.wellness")
    text, game = run_game(case, start, ["deduce 4", "Pell", "on the roof with her", "The freight-lift key log"])
    assert "d4_alibi" in game.state.confirmed
    shown = _flat(text).split("Confirmed on the board: An alibi tested", 1)[1].lower()
    shown = shown.split("and it pulls.", 1)[0]  # the confirmation, not the scene's menu after it
    assert "23:33" in shown  # the key log's own extra is there
    assert not [w for w in ROUTE_WORDS if w in shown], shown


def test_d4_tells_the_dock_once_the_camel_coat_is_held(case) -> None:
    start, _ = start_state(case, "act2.lobby", "act2,lift_key_log,dock_witness")
    start = start.with_visit("act2.wellness")
    text, game = run_game(case, start, ["deduce 4", "Pell", "on the roof with her", "The freight-lift key log"])
    shown = _flat(text).split("Confirmed on the board: An alibi tested", 1)[1]
    assert "came in through the wedged dock at 23:25" in shown


def test_no_deduction_extra_tells_the_route_in_without_a_dock_clue(case) -> None:
    for did, deduction in case.deductions.items():
        for extra in deduction.extra:
            words = extra.text.lower()
            if any(w in words for w in ROUTE_WORDS):
                assert extra.condition is not None, (did, extra.text)
                assert re.search(r"has\((dock_witness|dock_wedged)\)", extra.condition.source), (did, extra.text)


def test_extras_that_rest_on_one_clue_name_that_clue(case) -> None:
    # d1: "exactly where she went over" is the sketch's; the gap alone shows only the opening.
    # d1: the key log prints rides, not who called whom. d5: the text names the Tribune, not that
    # Cassie would give the paper the name once she had the file (that is the draft's).
    board = (Path(BUNDLED) / "board.yaml").read_text()
    pairs = [("exactly where she went over", "has(reyes_sketch)"),
             ("Cassie would have given them the name", "has(tribune_draft)")]
    for words, clue in pairs:
        line_no = next(i for i, line in enumerate(board.splitlines()) if words in line)
        assert board.splitlines()[line_no - 1].strip() == f"- if: {clue}", (words, board.splitlines()[line_no - 1])
    assert "never called anyone" not in board


def test_d5_with_only_the_text_says_the_tribune_but_not_what_it_would_print(case) -> None:
    start, _ = start_state(case, "act2.lobby", "act2,bandage_text,hidden_xray")
    start = start.with_visit("act1.arrival")  # she met Dr. Pell: her name is on the suspect list
    text, _game = run_game(case, start, ["deduce 5", "a medical secret: what somebody's health records really said",
                                         "Dr. Nadia Pell", case.clues["hidden_xray"].name])
    shown = _flat(text)
    assert "Confirmed on the board: What Cassie knew" in shown
    after = shown.split("Confirmed on the board: What Cassie knew", 1)[1]
    assert "it would have gone to the Tribune" in after
    assert "every line" not in after


# -- item 2: Reyes on Friday ------------------------------------------------------------------------


def test_reyes_on_friday_never_says_it_is_not_friday(case) -> None:
    assert case.acts["act3"].title.startswith("Friday")  # act 3 is Friday (BIBLE.md's acts)
    for tid in ("reyes.needs_again", "reyes.needs_today"):
        words = _flat(case.topics[tid].text)
        assert "Not Friday" not in words and "by Friday" not in words, tid
    state, _ = start_state(case, "act3.lobby", "act3,reyes.hello_day,reyes.needs")
    text, game = run_game(case, state, ["talk to reyes", "Ask what it would take, now, tonight"])
    shown = _flat(text)
    assert "reyes.needs_again" in game.state.asked
    assert "Friday's here: it's tonight now, before that curtain goes up" in shown
    assert "Not Friday anymore" not in shown


# -- item 3: no introduction on a later day ---------------------------------------------------------


def test_introducing_yourself_to_reyes_on_thursday_is_remembered_through_the_loop(case) -> None:
    state, _ = start_state(case, "act2.courtyard", "act2")
    text, game = run_game(case, state, ["talk to reyes", "Introduce yourself"])
    assert "reyes.hello_day" in game.state.asked
    assert "reyes_met_thursday" in game.state.flags
    assert _intros(case, game.state, "reyes") == ["reyes.hello_day"]  # still there to reread, on Thursday


def test_reyes_offers_no_introduction_on_friday_to_one_who_gave_it_on_thursday(case) -> None:
    for given in ("act3,reyes.hello_day,reyes_met_thursday", "act3,reyes.accident,reyes.hello_late,reyes_met_thursday",
                  "act3,reyes.hello"):
        state, _ = start_state(case, "act3.lobby", given)
        assert _intros(case, state, "reyes") == [], given
    # never met at all: a first meeting on Friday; met and talked with but never introduced: none on
    # Friday (round 21: T32, T34, T38 read a late introduction after two days of talk as a slip)
    for given, want in (("act3", ["reyes.hello_day"]), ("act3,reyes.custodian", [])):
        state, _ = start_state(case, "act3.lobby", given)
        assert _intros(case, state, "reyes") == want, given
    # introduced on Friday itself: still there to reread, that day
    state, _ = start_state(case, "act3.lobby", "act3,reyes.hello_day")
    assert _intros(case, state, "reyes") == ["reyes.hello_day"]


def test_reyes_in_act_three_through_the_loop_shows_no_introduction_after_thursdays(case) -> None:
    state, _ = start_state(case, "act3.lobby", "act3,reyes.hello_day,reyes.accident,reyes_met_thursday")
    text, _game = run_game(case, state, ["talk to reyes"])
    assert "Introduce yourself" not in text
    assert "Ask what it would take, now, tonight" in text


def test_the_other_introductions_are_not_offered_on_a_later_day(case) -> None:
    for person, scene, earlier, later in (("marcus", "act2.lobby", "marcus_met_wednesday", "act2"),
                                          ("jonah", "act3.loading_dock", "jonah_met_thursday", "act3"),
                                          ("okafor", "act3.studio_b", "okafor_met_thursday", "act3"),
                                          ("ines", "act2.green_room", "ines_met_wednesday", "act2"),
                                          ("ines", "act3.green_room", "ines_met_thursday", "act3"),
                                          ("theo", "act2.green_room", "theo_met_wednesday", "act2"),
                                          ("theo", "act3.green_room", "theo_met_thursday", "act3"),
                                          ("harrow", "act3.harrow_office", "harrow_met_thursday", "act3"),
                                          ("victoria", "act3.reception_hall", "victoria_met_thursday", "act3")):
        hello = next(t for t in case.topics.values() if t.person == person and t.title == "Introduce yourself").id
        met, _ = start_state(case, scene, f"{later},{hello},{earlier}")
        assert _intros(case, met, person) == [], person
        never, _ = start_state(case, scene, later)
        assert len(_intros(case, never, person)) == 1, person


def test_marcus_introduced_on_wednesday_through_the_loop_sets_the_day(case) -> None:
    state, _ = start_state(case, "act1.lobby", "act1")
    text, game = run_game(case, state, ["talk to marcus", "Introduce yourself"])
    assert "marcus.hello" in game.state.asked and "marcus_met_wednesday" in game.state.flags
    assert "Traceback" not in text


def test_ines_introduced_on_wednesday_is_not_offered_it_on_thursday_through_the_loop(case) -> None:
    state, _ = start_state(case, "act1.green_room", "act1")
    _text, game = run_game(case, state, ["Talk to the girl with the ice pack", "Introduce yourself"])
    assert "ines.hello" in game.state.asked and "ines_met_wednesday" in game.state.flags
    thursday, _ = start_state(case, "act2.green_room", "act2,ines.hello,ines_met_wednesday")
    text, _game = run_game(case, thursday, ["talk to ines"])
    menu = text.split("Talking with Inés Duarte", 1)[1]  # her topics, on Thursday
    assert "Cassie" in menu and "Introduce yourself" not in menu


# -- item 4: the gauze threads in the knot ----------------------------------------------------------


def test_the_bible_says_marcus_retied_the_tape(case) -> None:
    bible = BIBLE.read_text()
    assert re.search(r"23:48 \| Marcus reaches the roof, reties the crew's tape", bible)


def test_marcus_can_be_asked_about_the_threads_on_friday_and_says_he_tied_it(case) -> None:
    state, _ = start_state(case, "act3.basement", "act3,act1.gauze_knot,marcus.hello_friday")
    assert "marcus.knot" in _offered(case, state, "marcus")
    text, game = run_game(case, state, ["talk to marcus", "The threads in the knot upstairs"])
    assert "I tied it. Tuesday. After." in _flat(text)
    assert "marcus.knot" in game.state.asked
    # a player who never saw the threads is never asked about them
    unseen, _ = start_state(case, "act3.basement", "act3,marcus.hello_friday")
    assert "marcus.knot" not in _offered(case, unseen, "marcus")


def test_the_crews_granny_knot_joins_the_threads_for_a_player_who_saw_them(case) -> None:
    saw, _ = start_state(case, "act3.roof", "act3,act1.gauze_knot,parapet_gap")
    text, _game = run_game(case, saw, ["Ask the crew about the gap"])
    shown = _flat(text)
    assert "None of us ties a granny knot" in shown
    assert "white gauze threads caught in" in shown
    joined = shown.split("None of us ties a granny knot", 1)[1][:400]
    assert not [n for n in ("Marcus", "Bell", "Pell", "Nadia", "custodian", "bandage", "hand") if n in joined], joined
    fresh, _ = start_state(case, "act3.roof", "act3")
    text, _game = run_game(case, fresh, ["Ask the crew about the gap"])
    assert "None of us ties a granny knot" in _flat(text) and "gauze" not in _flat(text)


# -- item 5: d3 asks about the staff ----------------------------------------------------------------


STAFF = {"harrow", "pell", "marcus", "okafor"}  # BIBLE.md's people: director, wellness, custodian, accompanist


def test_d3_names_no_one_and_its_answer_is_on_the_staff(case) -> None:
    d3 = case.deductions["d3_bandage"]
    words = _flat(" ".join([d3.title, d3.question] + [s.prompt for s in d3.slots])).lower()
    assert "on the school's staff" in words
    names = ("pell", "nadia", "band-aid", "marcus", "bell", "harrow", "celeste", "okafor", "femi", "theo", "🩹")
    assert not [n for n in names if n in words], words
    (who,) = next(s for s in d3.slots if s.id == "d3_bandage.who").answers
    assert who == "pell" and who in STAFF
    roles = {s.id: s.role for s in case.suspects}
    assert "Wellness" in roles["pell"]


def test_no_other_staff_member_had_an_arrangement_with_cassie_on_tuesday(case) -> None:
    bible = BIBLE.read_text()
    timeline = bible.split("## The true timeline", 1)[1].split("\n## ", 1)[0]
    for row in (r for r in timeline.splitlines() if "Cassie" in r):
        assert not re.search(r"\b(Harrow|Marcus|Okafor)\b", row), row
    # every clue that proves d3 points at Pell alone among the staff
    proof = next(s for s in case.deductions["d3_bandage"].slots if s.id == "d3_bandage.proof")
    for clue in proof.answers:
        text = case.clues[clue].text
        assert not re.search(r"\b(Harrow|Celeste|Marcus|Bell|Okafor|Femi)\b", text), clue
    assert "on the school's staff" in bible.split("## The six deductions", 1)[1].split("\n## ", 1)[0]


def test_round18_the_spider_plant_is_in_4c_before_mrs_shore_names_it(case) -> None:
    # T31: Mrs. Shore's "The spider plant on the sill" on Thursday named a plant act 1's room never showed.
    assert "spider plant" in case.scenes["act1.dorm"].text


def test_round18_the_act3_lobby_tells_nothing_found_out_later(case) -> None:
    # T30: "Cassie's photograph, you find out later, is face down in a drawer" jumped ahead.
    assert "find out later" not in case.scenes["act3.lobby"].text


def test_round19_telling_reyes_of_the_stripes_alone_claims_no_gap_seen(case) -> None:
    # T32 crouched by the water tower, never walked the parapet, and Reyes "listened to" the gap.
    text = case.topics["reyes.nail"].text
    assert "gap" not in text.split("She doesn't interrupt")[0]
    assert "stripes" in text


def test_round19_no_board_text_reads_the_bandage_contact_as_pell_before_the_player_can(case) -> None:
    # T33: d4's confirmation said "Cassie's text told her where to be" before the door card or
    # the nickname, the two clues that let the player read 🩹 as Dr. Pell; T36, with the
    # nickname alone, read d3's as the match made for them: only the door card's number, digit
    # for digit, lets the board say it (round 21).
    for deduction in ("d3_bandage", "d4_alibi"):
        for extra in case.deductions[deduction].extra:
            if "bandage_text" in str(extra.condition) and ("Roof" in extra.text or "🩹" in extra.text):
                words = str(extra.condition)
                assert "after_hours_card" in words and "band_aid_nickname" not in words, (deduction, extra.text)
