"""Round 16's story items (issue 11, blind testers T26 and T27): d4 asks who was with Cassie when
she fell, which only one person answers; act 3's stage is empty because the dress was moved off it,
so the ghost light, the lobby and the accusation agree; Pell's name topic answers her "Neveah?";
endings quote Margot's protocol and Rosalind's first name only to a player who holds them; the
scapegoat's box is carried once; Inés's "Your roommate" only once Neveah has one; d5 takes the Tribune
draft. Through the real loop (plain mode) where the player sees it, else the
loaded story."""

from __future__ import annotations

import re

import pytest

from game.cli.playtools import start_state
from game.core import engine as e
from game.core import record
from game.core.effects import scene_text
from game.core.state import Verdict
from tests.test_story_round6 import _flat, _topic_titles, case  # noqa: F401  (case: a fixture)
from tests.ui.helpers import run_game

SUSPECT_NAMES = ("pell", "nadia", "margot", "lindqvist", "marcus", "bell", "theo", "marchetti", "harrow",
                 "celeste", "victoria", "ashby")


def _slot(case, deduction: str, slot: str):
    return next(s for s in case.deductions[deduction].slots if s.id == slot)


# -- item 1: d4 is answered by one person only ----------------------------------------------------


def test_d4_asks_who_was_with_cassie_when_she_fell_naming_no_one_and_no_lift(case) -> None:
    d4 = case.deductions["d4_alibi"]
    words = _flat(" ".join([d4.title, d4.question] + [s.prompt for s in d4.slots])).lower()
    assert "with cassie when she fell" in words
    assert not [n for n in SUSPECT_NAMES if re.search(rf"\b{n}\b", words)], words
    assert "lift" not in words and "key" not in words and "garage" not in words


def test_every_other_broken_alibi_keeps_its_owner_away_from_cassie_at_the_minute_she_fell(case) -> None:
    # The case's other lies about where someone was (BIBLE.md): Margot "asleep" (Studio B),
    # Marcus "on my rounds" (the basement), Theo "home by ten" (on the roof at 23:10, gone at
    # 23:24). Their own clues keep each of them off the roof at 23:38, d2's answer, so "with
    # Cassie when she fell" is true of Pell alone.
    assert dict(_slot(case, "d2_time", "d2_time.when").options)["t2338"] == "23:38"
    assert "23:02" in case.clues["studio_b_swipes"].text and "00:10" in case.clues["studio_b_swipes"].text
    assert "23:20" in case.clues["boiler_dispatch"].text and "23:45" in case.clues["boiler_dispatch"].text
    assert "23:24" in case.clues["theo_rideshare"].text
    (who,) = _slot(case, "d4_alibi", "d4_alibi.who").answers
    assert who == "pell"
    assert set(_slot(case, "d4_alibi", "d4_alibi.where").answers) == {"roof"}


def test_d4_through_the_loop_shows_the_question_refuses_margots_studio_and_takes_pells_roof(case) -> None:
    start, _ = start_state(case, "act2.lobby", "act2,lift_key_log,studio_b_swipes")
    start = start.with_visit("act2.wellness").with_visit("act1.dorm")  # Pell and Margot both met
    # T27's answer first (Margot, somewhere else in the building, the Studio B swipes): refused;
    # then Pell, on the roof, the key log: confirmed
    text, game = run_game(case, start, ["deduce 4", "Margot", "somewhere else in the building", "Studio B",
                                        "deduce 4", "Pell", "on the roof with her", "The freight-lift key log"])
    shown = _flat(text)
    assert _flat(case.deductions["d4_alibi"].question) in shown
    assert shown.index("none of its parts fit") < shown.index("Confirmed on the board: An alibi tested")
    assert game.state.confirmed == start.confirmed | {"d4_alibi"}


def test_d4_left_half_answered_or_at_end_of_input_spends_nothing(case) -> None:
    start, _ = start_state(case, "act2.lobby", "act2,lift_key_log")
    start = start.with_visit("act2.wellness")
    text, game = run_game(case, start, ["deduce 4", "Pell", "", "deduce 4", "zebra", "", "deduce 4", "Pell"])
    assert game.state.time == start.time and game.state.confirmed == start.confirmed
    assert "Traceback" not in text and "none of its parts fit" not in text


def test_d6_asks_about_whoever_was_up_there_when_she_fell(case) -> None:
    # Theo was up there with her at 23:10, by the stairs: the question is about the fall
    question = case.deductions["d6_method"].question.lower()
    assert "up there with her when she fell" in question
    assert not [n for n in SUSPECT_NAMES if re.search(rf"\b{n}\b", question)]


# -- item 2: the stage is empty in act 3, on every path -------------------------------------------


def _act3_texts(case) -> list[tuple[str, str]]:
    texts = []
    for scene in case.scenes.values():
        if scene.id.startswith("act3."):
            texts.append((scene.id, _flat(scene_text(case, start_state(case, scene.id, "act3")[0], scene))))
            texts.append((scene.id + " (again)", _flat(scene.revisit or "")))
    return texts


def test_the_dress_leaves_the_stage_in_act_3s_opening_and_the_ghost_light_is_lit(case) -> None:
    state, opening = start_state(case, "act3.rehearsal", "act3")
    shown = _flat(scene_text(case, state, case.scenes["act3.rehearsal"]))
    assert "rehearsal room under the stage" in shown and "ghost light" in shown
    assert shown.index("From the top of the second section") < shown.index("the stage is empty")
    again = _flat(case.scenes["act3.rehearsal"].revisit)
    assert "nobody on its stage" in again and "ghost light" in again and "work lights off" in again


def test_no_act_3_text_puts_the_rehearsal_on_the_stage_or_behind_the_lobby_doors(case) -> None:
    said = _act3_texts(case) + [("accusation", _flat(case.accusation.text))]
    wrong = [(where, t) for where, t in said for phrase in
             ("work lights on the stage", "behind the walls", "Through the double doors beside the box office comes")
             if phrase in t]
    assert wrong == []
    assert "under the stage" in _flat(case.accusation.text) and "empty except for the ghost light" in _flat(case.accusation.text)


def test_walking_out_onto_the_empty_stage_through_the_loop(case) -> None:
    state, opening = start_state(case, "act3.rehearsal", "act3")
    text, game = run_game(case, state, ["Follow Reyes out to the lobby", "Walk out onto the empty stage"],
                          opening=opening)
    shown = _flat(text)
    assert game.state.scene == "act3.ghost_light", shown[-800:]
    assert "Up through the floor, from the rehearsal room under the stage" in shown  # the lobby
    assert "Under the boards the company is running the second section" in shown  # the ghost light
    assert shown.index("the stage is empty") < shown.index("Walk out onto the empty stage")  # said before offered


# -- item 3: Pell's name topic answers what she said ----------------------------------------------

TITLE = "Tell her she said your name right"


def test_act1_pell_says_neveah_and_the_topic_answers_it_through_the_loop(case) -> None:
    state, opening = e.new_game(case)
    text, game = run_game(case, state, ["Talk to Dr. Pell before she goes", TITLE, "Leave", "Talk to Dr. Pell"],
                          opening=opening)
    shown = _flat(text)
    assert '"Neveah? I\'m Nadia Pell.' in shown
    assert shown.index('"Neveah?') < shown.index(TITLE) < shown.index("You tell her she said it right")
    assert "Tell her your name" not in shown
    assert f"{TITLE} (told)" in shown  # still marked as a thing told, not asked


@pytest.mark.parametrize("scene,act", [("act2.wellness", "act2,time=14"), ("act3.wellness", "act3")])
def test_pell_says_the_name_in_her_suite_before_the_topic_answers_it(case, scene, act) -> None:
    state, entered = start_state(case, scene, act)
    # what was read on arrival (a scene's text may change once it has been entered: act2.wellness)
    arrival = next(x.text for x in entered if isinstance(x, e.Narration) and x.kind == "scene")
    assert "Neveah." in _flat(arrival)
    titles = _topic_titles(case, state, "pell")
    assert TITLE in titles and "Tell her your name" not in titles


def test_no_pell_topic_title_offers_the_name_she_has_already_said(case) -> None:
    assert [t.title for t in case.topics.values() if t.title == "Tell her your name"] == []


# -- item 4: endings quote the protocol and Rosalind's name only to a holder ----------------------


def _ending(case, ending: str, given: str, **more) -> str:
    state, _ = start_state(case, "act3.ghost_light", "act3" + ("," + given if given else ""))
    state = record.replace(state, **more) if more else state
    body = case.endings[ending]
    return _flat(e.with_extras(case, state, body.text, body.epilogues))


@pytest.mark.parametrize("ending", ["full_truth", "ghost_light"])
def test_margots_wellness_paragraph_only_for_a_player_who_holds_her_protocol(case, ending) -> None:
    without = _ending(case, ending, "margot_trusts")
    assert "all of it" not in without and "seeing a doctor" not in without
    assert "wellness suite" not in without.split("Margot", 1)[1]
    assert "Margot" in without  # she still has her paragraph
    held = _ending(case, ending, "margot_trusts,protocol_sheet")
    assert ("protocol sheet" in held) or ("doesn't go back to the wellness suite" in held)


def test_ghost_light_names_rosalind_only_to_a_player_who_read_her_name(case) -> None:
    assert "Rosalind" not in case.clues["shredder_scraps"].text and "Vance" in case.clues["shredder_scraps"].text
    scraps = _ending(case, "ghost_light", "shredder_scraps")
    assert "Rosalind" not in scraps and "The Vance settlement stays sealed" in scraps
    for clue in ("rosalind_message", "tribune_draft"):
        assert "Rosalind" in case.clues[clue].text
        assert "Rosalind Vance's name stays sealed" in _ending(case, "ghost_light", clue)


# -- item 5: the scapegoat's box ------------------------------------------------------------------


def test_scapegoat_box_is_carried_once_and_after_the_arrest(case) -> None:
    verdict = Verdict("marcus", frozenset(), frozenset())
    text = _ending(case, "scapegoat", "", verdict=verdict)
    assert "You said his name." in text  # the accused epilogue is in
    assert text.count("his box") == 0 and text.count("his own box") == 1
    assert "carrying a carton of lamps up for the dress" in text
    assert text.index("carry his own box out. He isn't allowed to.") < text.index("carton of lamps")


# -- item 6: Inés's "Your roommate" ---------------------------------------------------------------


def test_ines_does_not_offer_your_roommate_before_neveah_knows_she_has_one(case) -> None:
    state, _ = start_state(case, "act1.green_room", "act1")
    assert "act1.dorm" not in dict(state.visits)
    assert "Your roommate" not in _topic_titles(case, state, "ines")
    text, game = run_game(case, state, ["Talk to the girl with the ice pack", "Introduce yourself"])
    shown = _flat(text)
    assert "4C, huh? With Margot." in shown
    assert "Your roommate" not in shown.split("With Margot", 1)[0]  # her first menu: not offered
    menu_after = shown.rsplit("With Margot", 1)[1]
    assert "Your roommate" in menu_after  # now she has told you
    assert "Your roommate" in _topic_titles(case, state.with_visit("act1.dorm"), "ines")
    assert "Your roommate" in _topic_titles(case, start_state(case, "act2.green_room", "act2")[0], "ines")


def test_the_cast_list_claims_no_roommate(case) -> None:
    state, _ = start_state(case, "act1.green_room", "act1")
    text, _game = run_game(case, state, ["Read the noticeboard"])
    shown = _flat(text)
    assert "M. Lindqvist" in shown and "Your roommate" not in shown
    assert "It took the school one day to give Cassie's part to somebody else." in shown


# -- item 7: d5 takes Cassie's Tribune draft, which sets down what she knew --------------------------
# (issue 11's suspense: the draft leaves the signature unnamed, and the player names it on the board)


def test_the_tribune_draft_alone_proves_d5_with_the_signature_named_by_the_player(case) -> None:
    draft = _flat(case.clues["tribune_draft"].text)
    assert "signed fit the same day" in draft and "The same signature both times" in draft
    assert "Pell" not in draft
    assert "tribune_draft" in _slot(case, "d5_motive", "d5_motive.proof").answers
    state, _ = start_state(case, "act2.lobby", "act2,tribune_draft")
    state = state.with_visit("act2.wellness")  # Pell met: the board offers only people met
    picks = (("d5_motive.secret", "clearances"), ("d5_motive.whose", "pell"), ("d5_motive.proof", "tribune_draft"))
    after, _ = e.step(case, state, e.Deduce("d5_motive", picks))
    assert "d5_motive" in after.confirmed


def test_d5_tells_the_vance_case_only_as_far_as_the_paper_held_shows(case) -> None:
    d5 = case.deductions["d5_motive"]
    picks = (("d5_motive.secret", "clearances"), ("d5_motive.whose", "pell"))
    for clue, says, never in (("shredder_scraps", "somebody called Vance", ("Rosalind", "body gave out")),
                              ("tribune_draft", "Rosalind Vance, in 2022", ("body gave out", "somebody called")),
                              ("rosalind_message", "until her body gave out", ("somebody called",))):
        state, _ = start_state(case, "act2.lobby", f"act2,{clue}")
        state = state.with_visit("act2.wellness")
        after, events = e.step(case, state, e.Deduce(d5.id, picks + (("d5_motive.proof", clue),)))
        text = _flat(" ".join(getattr(x, "text", "") for x in events))
        assert d5.id in after.confirmed, clue
        assert says in text and not [w for w in never if w in text], (clue, text)
