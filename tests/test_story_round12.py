"""Round 12's story items (issue 11, blind testers T18 and T19): topic titles that assume only
what their clues show (Harrow's and Pell's "Vance", "Whether Cassie came to see her"); board
decoys that are kinds of secret, not subplots; Margot's and Theo's means notes telling one roof;
d6's places named from what the roof showed; Reyes's late introduction; the memorial caption
read again. Through the real loop (plain mode) where the player sees it, else the loaded story."""

from __future__ import annotations

from game.cli.playtools import start_state
from game.core import engine as e
from game.core import mystery
from game.core import record
from game.core.state import Talking
from tests.test_story_round6 import _flat, case  # noqa: F401  (case: the bundled story, a fixture)
from tests.ui.helpers import run_game


def _offered(case, state, person: str) -> list[str]:
    """The topic ids offered when talking to ``person`` in ``state``."""
    talking = record.replace(state, mode=Talking(person))
    return [a.topic for a in e.available_actions(case, talking) if isinstance(a, e.Ask)]


# -- items 1, 2: Harrow's (and Pell's) titles ----------------------------------------------------


def test_with_only_the_scraps_no_topic_title_names_rosalind_or_a_plan(case) -> None:
    # the scraps show "…Vance…" and a settlement, never her first name nor that Cassie planned anything
    assert "Rosalind" not in case.clues["shredder_scraps"].text
    state, _ = start_state(case, "act2.harrow_office", "act2,shredder_scraps")
    titles = [case.topics[t].title for p in case.people for t in _offered(case, state, p)]
    assert "Vance, and the lawyers" in titles and "Whether Cassie came to see her" in titles
    assert "The name Vance" in titles  # Pell's, on the same clue
    assert not [t for t in titles if "Rosalind" in t or "planning" in t.lower()], titles


def test_harrows_vance_topic_through_the_loop_reads_right_after_its_title(case) -> None:
    state, _ = start_state(case, "act2.harrow_office", "act2,shredder_scraps")
    text, _game = run_game(case, state, ["talk to harrow", "Vance, and the lawyers",
                                         "Whether Cassie came to see her"])
    menu = text.split("Celeste Harrow is listening.", 1)[1].split("Celeste Harrow:", 1)[0]
    assert "Vance, and the lawyers" in menu and "Whether Cassie came to see her" in menu
    assert "Rosalind" not in menu and "What Cassie was planning" not in menu
    said = _flat(text.split("Celeste Harrow:", 1)[1])
    assert said.index('"Vance."') < said.index("Rosalind Vance was a tragedy")  # she gives the name
    assert "*Saturday, everyone finds out.*" in said or "Saturday, everyone finds out" in said


def test_every_way_into_the_vance_topic_shows_the_name_vance(case) -> None:
    # its if: is the scraps, the letter, or the paperwork statement broken (by the scraps or the
    # landline log, which names no file): the break itself names the Vance file
    topic = case.topics["harrow.rosalind"]
    assert "Vance" in case.clues["shredder_scraps"].text and "Vance" in case.clues["rosalind_message"].text
    assert "broken(harrow.night.paperwork)" in topic.condition.source
    paperwork = next(s for s in case.testimonies["harrow.night"].statements if s.id == "harrow.night.paperwork")
    assert "Vance" not in case.clues["landline_log"].text and "the Vance file" in paperwork.broken


# -- item 3: the board's decoys ------------------------------------------------------------------


SUBPLOTS = ("bribe", "step aside", "paris", "audition", "promised", "without their say", "complaint",
            "warning", "boyfriend", "one more word", "job")


def test_no_board_or_accusation_decoy_tells_a_subplot(case) -> None:
    decoys = [(s.id, text) for d in case.deductions.values() for s in d.slots
              for oid, text in s.options if oid not in s.answers]
    decoys += [(q.id, text) for q in case.accusation.questions for oid, text in q.options]
    assert decoys
    told = [(where, text) for where, text in decoys if any(w in text.lower() for w in SUBPLOTS)]
    assert told == []


def test_d5_offers_kinds_of_secret_and_the_right_kind_is_the_one_the_xray_shows(case) -> None:
    slot = next(s for s in case.deductions["d5_motive"].slots if s.id == "d5_motive.secret")
    options = dict(slot.options)
    assert all(": " in text and text.split(": ")[0].endswith("secret") for text in options.values())
    (right,) = slot.answers
    assert "medical secret" in options[right]  # round 13 (T21): as vague as the decoys
    # through the loop, with only the X-ray: the offer is on screen and the board confirms it
    state, _ = start_state(case, "act2.dorm", "act2,hidden_xray")
    state = state.with_visit("act1.arrival")  # she met Dr. Pell: her name is on the suspect list
    text, game = run_game(case, state, ["deduce 5", options[right], "Dr. Nadia Pell",
                                        case.clues["hidden_xray"].name])
    assert "a bribe" not in text and "a money secret: where somebody's money really went" in text
    assert "d5_motive" in game.state.confirmed


# -- item 4: the means notes --------------------------------------------------------------------


def test_margots_and_theos_means_notes_tell_one_roof(case) -> None:
    state, _ = start_state(case, "act2.lobby", "act2,parapet_gap,drag_scuffs")
    margot = mystery.grid(case.people["margot"], state)["means"]
    theo = mystery.grid(case.people["theo"], state)["means"]
    assert margot[0] == theo[0] == mystery.SHOWN
    margot_note, theo_note = case.people["margot"].means.note, case.people["theo"].means.note
    assert "strength" not in margot_note and "nobody needed" not in margot_note  # no denial of the struggle
    assert "dragged" in theo_note and "water tower" in theo_note  # what the scuffs show
    assert "rail is gone by the water tower" in margot_note  # what the parapet walk shows
    assert "Cassie to the gap" not in theo_note  # the scuffs alone show no gap


# -- item 5: where she went over ------------------------------------------------------------------


def test_d6_places_are_what_the_clues_show_and_the_right_one_is_in_every_proof(case) -> None:
    d6 = case.deductions["d6_method"]
    where = next(s for s in d6.slots if s.id == "d6_method.where")
    proof = next(s for s in d6.slots if s.id == "d6_method.where_proof")
    (answer,) = where.answers
    right = dict(where.options)[answer]
    assert "water tower" in right
    for clue in proof.answers:
        assert "water tower" in case.clues[clue].text.replace("water-tower", "water tower"), clue
    words = " ".join(text for _id, text in where.options).lower()
    assert "gap" not in words and "railing" not in words and "ice" not in words  # no more than seen


def test_d6_waits_until_the_water_tower_has_been_seen(case) -> None:
    unseen, _ = start_state(case, "act2.loading_dock", "act2,lift_key_log")
    assert 6 not in dict(mystery.board(case, unseen))  # the lift proved, the tower never seen
    seen = unseen.with_visit("act1.courtyard")
    assert 6 in dict(mystery.board(case, seen))


def test_d6_confirmed_through_the_loop_with_the_gap_clue_and_the_corner(case) -> None:
    state, _ = start_state(case, "act2.loading_dock", "act2,lift_key_log,parapet_gap")
    text, game = run_game(case, state, ["deduce 6", "by the freight lift, on a key",
                                        "at the corner by the water tower",
                                        case.clues["lift_key_log"].name, case.clues["parapet_gap"].name])
    assert "d6_method" in game.state.confirmed, text[-1500:]


# -- item 6: Reyes's introduction ----------------------------------------------------------------


def test_a_player_who_never_introduced_themself_still_can_after_asking_about_an_arrest(case) -> None:
    state, _ = start_state(case, "act2.courtyard", "act2")
    text, game = run_game(case, state, ["talk to reyes", "Ask what it would take to arrest someone",
                                        "Introduce yourself"])
    after = text.split('"Four things."', 1)[1]  # her answer about an arrest, then the menu again
    menu, said = after.split("Detective Alma Reyes:", 1)
    assert "1. Introduce yourself\n" in menu  # still on offer, in its place, not yet asked
    assert "All this talking and I never got your name" in _flat(said)
    assert "reyes.hello_late" in game.state.asked


def test_exactly_one_introduction_until_she_knows_you_on_every_path(case) -> None:
    for given in ("act2", "act2,reyes.accident", "act2,reyes.hello_day", "act2,reyes.hello_day,reyes.needs",
                  "act2,reyes.needs,reyes.hello_late", "act3"):
        state, _ = start_state(case, "act2.courtyard" if "act2" in given else "act3.lobby", given)
        intros = [t for t in _offered(case, state, "reyes") if case.topics[t].title == "Introduce yourself"]
        assert len(intros) == 1, (given, intros)
    late, _ = start_state(case, "act3.lobby", "act3,reyes.custodian")  # talked, never introduced: not on Friday (round 21)
    assert not [t for t in _offered(case, late, "reyes") if case.topics[t].title == "Introduce yourself"]
    met, _ = start_state(case, "act2.courtyard", "act2,reyes.hello")  # introduced on Wednesday night
    assert not [t for t in _offered(case, met, "reyes") if case.topics[t].title == "Introduce yourself"]


# -- item 7: the memorial caption, again ---------------------------------------------------------


def test_the_caption_can_be_read_again_once_the_laptop_asks_and_costs_no_turn(case) -> None:
    before, _ = start_state(case, "act2.lobby", "act2,act1.clara_photo")
    text, _game = run_game(case, before, ["look"])
    assert "Look again at the photograph" not in text  # not clutter before the laptop asks
    asked, _ = start_state(case, "act2.lobby", "act2,act1.clara_photo,act2.laptop_hint")
    text, game = run_game(case, asked, ["Look again at the photograph of Cassie's first Clara"])
    assert "Look again at the photograph of Cassie's first Clara\n" in text  # offered, no turn marked
    assert "her first Clara. Auditorium Theatre." in text.split("Look again at the photograph", 1)[1]
    assert game.state.time == asked.time  # free, as re-reading a note is
    opened, _ = start_state(case, "act2.lobby", "act2,act1.clara_photo,act2.laptop_hint,act2.laptop_open")
    text, _game = run_game(case, opened, ["look"])
    assert "Look again at the photograph" not in text
