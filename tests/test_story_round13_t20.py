"""Round 13's story items from blind tester T20 (issue 11): D3 stands on the board only on a clue
that shows Cassie had arranged to see someone (never on the Band-Aid nickname or the door card
alone), and with one held, the nickname and the card prove it too (round 26, T42, T46); Pell's "not on that roof" answers each time of the fall in its
own words; Harrow's welcome claims nothing the player may not have met; the Paris recording's
epilogues follow where the player took it. Through the real loop (plain mode) where the player
sees it, else the loaded story."""

from __future__ import annotations

from game.cli.playtools import start_state
from game.core import engine as e
from game.core import mystery
from game.core import record
from game.core.model import Paired
from tests.test_story_round6 import _flat, case  # noqa: F401  (case: the bundled story, a fixture)
from tests.ui.helpers import run_game

ARRANGEMENTS = {"cassie_planner", "wellness_signup", "mother_text", "bandage_text"}
WHO_SHE_IS = {"band_aid_nickname", "after_hours_card"}  # not an arrangement: d3 is not up on them alone


def _slot(case, slot_id: str):
    return next(s for d in case.deductions.values() for s in d.slots if s.id == slot_id)


def _statement(case, statement_id: str):
    return next(s for t in case.testimonies.values() for s in t.statements if s.id == statement_id)


# -- item 1: D3 only on, and only proved by, an arrangement ---------------------------------------


def test_d3_is_on_the_board_only_on_an_arrangement_and_proved_by_it_or_by_who_she_is(case) -> None:
    # round 26 (T42, T46): with an arrangement held, the door card and the nickname tell who it
    # was (the card's number is the 🩹 contact's): the player's own match proves it too
    assert _slot(case, "d3_bandage.proof").answers == ARRANGEMENTS | WHO_SHE_IS
    # every one of them says a time Cassie had set: the planner's and the sheet's 4:15, her
    # mother's "seeing Band-Aid at 4:15", the text's "Roof 11:30"
    for clue in ARRANGEMENTS:
        text = case.clues[clue].text
        assert "4:15" in text or "Roof 11:30" in text, clue
    for clue in ("band_aid_nickname", "after_hours_card"):  # who she is, not that anyone was to see her
        assert "4:15" not in case.clues[clue].text and "11:30" not in case.clues[clue].text


def test_with_only_the_nickname_and_the_card_d3_is_off_the_board_and_no_hint_points_at_it(case) -> None:
    state, _ = start_state(case, "act2.wellness", "act2,band_aid_nickname,after_hours_card")
    assert "d3_bandage" not in {d.id for _n, d in mystery.board(case, state)}
    for level in (1, 2, 3):
        nudge = mystery.hint(case, state, level)
        assert nudge is None or nudge.deduction != "d3_bandage", nudge
    # the same in act one, with the nickname alone (where the tester met it)
    first, _ = start_state(case, "act1.green_room", "band_aid_nickname")
    assert "d3_bandage" not in {d.id for _n, d in mystery.board(case, first)}


def test_through_the_loop_deduce_3_with_only_the_nickname_is_refused(case) -> None:
    state, _ = start_state(case, "act1.green_room", "band_aid_nickname")
    text, game = run_game(case, state, ["deduce 3", "Dr. Nadia Pell", "What the students call Dr. Pell"])
    assert "d3_bandage" not in game.state.confirmed
    assert "Cassie had arranged to see Dr. Nadia Pell" not in text
    assert "Traceback" not in text


def test_act_one_planner_with_the_nickname_puts_d3_up_and_the_hint_holds_true(case) -> None:
    state, _ = start_state(case, "act1.dorm", "cassie_planner,band_aid_nickname,d1_pushed")
    state = record.replace(state, visits=state.visits + (("act1.arrival", 1),))  # Dr. Pell met at the door
    assert "d3_bandage" in {d.id for _n, d in mystery.board(case, state)}
    nudge = mystery.hint(case, state, 1)
    assert nudge is not None and nudge.deduction == "d3_bandage" and "already hold" in nudge.text
    text, game = run_game(case, state, ["deduce 3", "Dr. Nadia Pell", "Cassie's planner"])
    assert "d3_bandage" in game.state.confirmed  # "You may already hold what you need" was true
    # the nickname, with the planner held, tells who 🩹 is: it proves it too (round 26, T46)
    text, game = run_game(case, state, ["deduce 3", "Dr. Nadia Pell", "What the students call Dr. Pell"])
    assert "d3_bandage" in game.state.confirmed


def test_the_door_card_with_the_text_to_its_number_proves_d3_through_the_loop(case) -> None:
    # T46 (and T42): "The after-hours card" with "Cassie's text to 🩹" held was refused, a turn lost
    state, _ = start_state(case, "act2.wellness", "act2,bandage_text,after_hours_card")
    text, game = run_game(case, state, ["deduce 3", "Dr. Nadia Pell", "The after-hours card"])
    assert "d3_bandage" in game.state.confirmed and "doesn't hold together" not in text
    assert game.state.time == state.time  # a right check costs nothing


def test_cassies_mother_shows_her_morning_text_and_it_proves_d3(case) -> None:
    state, _ = start_state(case, "act2.wellness", "act2")  # Dr. Pell met, so the board can name her
    text, game = run_game(case, state, ["go lobby", "Sit with the woman by the memorial table",
                                        "Ask her when she last heard from Cassie", "deduce 3",
                                        "Dr. Nadia Pell", "Cassie's text to her mother"])
    said = _flat(text)
    assert "seeing Band-Aid at 4:15" in said
    assert "mother_text" in game.state.clues
    assert "d3_bandage" in game.state.confirmed
    after = _flat(text.split("Confirmed on the board", 1)[1])
    assert "Cassie texted her mother" in after
    assert "call her Band-Aid" not in after  # the nickname's extra only for a player who holds it


# -- item 2: each time of the fall, its own answer -------------------------------------------------

ROOF = ["talk to dr. pell", "where", "next", "next"]


def test_every_paired_entry_against_pells_roof_has_its_own_words_for_its_own_clue(case) -> None:
    roof = _statement(case, "pell.night.roof")
    paired = [p for p in roof.contradicted_by if isinstance(p, Paired)]
    assert {p.clue for p in paired} == {"hard_fall_alert", "floodlight_log", "margot_video"}
    own = {p.clue: p.broken for p in paired}
    assert all(own.values()) and len(set(own.values())) == 3
    assert "11:38" in own["hard_fall_alert"] and "23:38:12" in own["floodlight_log"]
    assert "23:38" in own["margot_video"] and "mirror" in own["margot_video"]
    assert "38" not in roof.broken  # the lift log's own answer, unchanged, names no time of the fall


def test_the_floodlight_log_breaks_pells_roof_with_its_own_words(case) -> None:
    state, _ = start_state(case, "act3.wellness", "act3,floodlight_log,lift_key_log")
    text, game = run_game(case, state, ROOF + ["present courtyard floodlight log"])
    after = _flat(text.split("I wasn't on that roof with her", 1)[1])
    assert "Contradiction!" in after and "23:38:12" in after and "A fox" in after
    assert "pell.night.roof" in game.state.broken


def test_margots_video_breaks_pells_roof_with_its_own_words(case) -> None:
    state, _ = start_state(case, "act3.wellness", "act3,margot_video,lift_key_log")
    text, game = run_game(case, state, ROOF + ["present margot's rehearsal video"])
    after = _flat(text.split("I wasn't on that roof with her", 1)[1])
    assert "Contradiction!" in after and "flare white in the mirror" in after
    assert "pell.night.roof" in game.state.broken


def test_the_lift_log_alone_still_gets_the_statements_own_answer(case) -> None:
    state, _ = start_state(case, "act3.wellness", "act3,lift_key_log")
    text, game = run_game(case, state, ROOF + ["present freight-lift key log"])
    after = _flat(text.split("I wasn't on that roof with her", 1)[1])
    assert "K2 DN R>G" in after and "11:38" not in after


# -- item 3: Harrow's welcome ----------------------------------------------------------------------


def test_harrows_welcome_claims_no_count_of_badge_checks_and_no_margot(case) -> None:
    state, _ = start_state(case, "act2.harrow_office", "act2")
    text, _game = run_game(case, state, ["talk to harrow", "Introduce yourself"])
    said = _flat(text.split("Celeste Harrow:", 1)[1])
    assert "Wear your badge at all times" in said
    assert "fourth time" not in said and "Margot" not in said and "by your count" not in said
    assert "She says it to your badge, not your face." in said


# -- item 4: the recording's epilogues -------------------------------------------------------------


def _epilogues(case, ending: str, state) -> str:
    context = e.EvalContext(case, state)
    return _flat(" ".join(ep.text for ep in case.endings[ending].epilogues
                          if ep.condition is None or ep.condition(context)))


def test_the_recording_given_to_harrow_is_never_on_the_news(case) -> None:
    state, _ = start_state(case, "act3.harrow_office", "act3,bribe_recording")
    text, game = run_game(case, state, ["talk to harrow", "Put Cassie's recording on her desk"])
    assert "The school will take it from here" in _flat(text)
    for ending in ("full_truth", "ghost_light"):
        said = _epilogues(case, ending, game.state)
        assert "ten o'clock news" not in said and "papers run" not in said, ending
        assert "still in a folder" not in said, ending
    assert "The school takes it from here, as Ms. Harrow said it would." in _epilogues(case, "full_truth", game.state)
    assert "goes round Archer" in _epilogues(case, "ghost_light", game.state)


def test_the_recording_played_to_the_tribune_is_on_the_news(case) -> None:
    state, _ = start_state(case, "act3.reception_hall", "act3,bribe_recording")
    text, game = run_game(case, state, ["Play Cassie's recording \"V A-C\" for the man from the Tribune"])
    assert "Can you send me that?" in _flat(text)
    assert "ten o'clock news three nights running" in _epilogues(case, "full_truth", game.state)
    assert "The story the papers run that winter" in _epilogues(case, "ghost_light", game.state)


def test_the_recording_sent_to_the_board_is_not_on_the_news(case) -> None:
    state, _ = start_state(case, "act3.reception_hall", "act3,bribe_recording,victoria.night.private,victoria.expose,victoria_exposed")
    said = _epilogues(case, "full_truth", state)
    assert "The recording goes to the board, as you told her it would." in said
    assert "ten o'clock news" not in said
    # exactly one of the three ways is told, whichever way it went
    for given in ("", ",harrow.recording", ",victoria.expose"):
        way, _ = start_state(case, "act3.lobby", "act3,bribe_recording,victoria_exposed" + given)
        told = _epilogues(case, "full_truth", way)
        assert sum(m in told for m in ("ten o'clock news", "as Ms. Harrow said", "goes to the board")) == 1, given
