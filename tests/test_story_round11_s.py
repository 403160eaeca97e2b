"""Round 11's story, testimony and board items (issue 11): the board's d3 question claims only
what its clues support and its confirmation makes no match for the player; Harrow's means is
shown by the plate the player reads; a testimony that closes says so; the act card says how
long a turn is. Through the real loop (piped plain mode) where the player sees it."""

from __future__ import annotations

import subprocess
import sys

from game.cli.playtools import start_state
from game.core import engine as e
from game.core import mystery
from game.ui.counting import turn_words
from tests.conftest import BUNDLED, ROOT
from tests.test_paired_contradiction import _play
from tests.test_story_round6 import _flat, case  # noqa: F401  (case: the bundled story, a fixture)
from tests.ui.helpers import run_game


# -- item 2: the board ---------------------------------------------------------------------------


def test_d3_on_the_board_with_only_the_sign_up_sheet_claims_no_roof(case) -> None:
    state, _ = start_state(case, "act2.lobby", "act2,wellness_signup")
    d3 = case.deductions["d3_bandage"]
    assert dict(mystery.board(case, state)).get(3) is not None  # the sheet puts it on the board
    words = f"{d3.title} {d3.question} {' '.join(s.prompt for s in d3.slots)}".lower()
    for claim in ("roof", "waiting", "expecting", "night", "🩹"):
        assert claim not in words, claim
    assert "arranged to see" in words


def test_no_board_question_or_title_claims_a_breach_before_its_clue() -> None:
    from game.loading.loader import load_story

    case = load_story(BUNDLED)
    d4, d5 = case.deductions["d4_alibi"], case.deductions["d5_motive"]
    assert "false" not in d4.question and "breaks" not in d4.title
    assert "may not" in d4.question or d4.question.startswith("If anyone")  # hedged (round 16: "If anyone was up there")
    assert "make public" not in d5.question + " ".join(s.prompt for s in d5.slots)


def test_d3_proved_by_the_text_with_the_door_card_held_makes_no_match_for_the_player(case) -> None:
    state, _ = start_state(case, "act2.wellness", "act2,bandage_text,after_hours_card,band_aid_nickname")
    text, game = run_game(case, state, ["deduce 3", "Dr. Nadia Pell", "Cassie's text"])
    assert "d3_bandage" in game.state.confirmed
    said = _flat(text.split("Confirmed on the board", 1)[1])
    assert "Cassie had arranged to see Dr. Nadia Pell" in said
    assert "number taped to a door" not in said and "The same number" not in said
    assert "It's the woman the girls call Band-Aid" not in said
    assert "Roof 11:30" in said  # the proof's own words: the player's match, not the game's
    assert "on her own door" in said and "call her Band-Aid" in said  # what they plainly hold
    assert "save her number under it" not in said  # that made the 🩹 match for the player (T23)


# -- item 3: Harrow's means ----------------------------------------------------------------------


def test_the_rota_and_its_plate_show_the_directors_key(case) -> None:
    assert "DIRECTOR / FACILITIES / WELLNESS" in case.clues["breathwork_rota"].text
    state, _ = start_state(case, "act1.roof", "breathwork_rota")
    for person in ("harrow", "pell", "marcus"):
        assert mystery.grid(case.people[person], state)["means"][0] == mystery.SHOWN, person
    reads = [c.say for _s, c in case.choices.values() if c.say and "DAWN BREATHWORK" in c.say]
    assert all("DIRECTOR" in r for r in reads[1:]) and "DIRECTOR" in case.scenes["act1.roof"].text


# -- item 4: a testimony that closes says so ----------------------------------------------------


def test_pells_act3_testimony_says_it_is_over_after_the_last_break_and_not_before() -> None:
    out = _play("act3.wellness", "act3,lift_key_log,allergy_sign",
                ["talk to dr. pell", "where", "next", "present lift", "next", "present lift", "next",
                 "present allergy"])
    closing = "That's Tuesday night, sweetheart"
    before, last = out.split("> present allergy", 1)
    assert closing not in before  # two breaks of three: she has more to say
    assert "Contradiction!" in last and closing in last
    assert last.index("She pulls her sleeve down") < last.index(closing)  # after the break's own words
    assert "is listening" in last.split(closing, 1)[1]  # back to the topics


def test_every_testimony_that_can_close_by_breaks_has_a_closing(case) -> None:
    closing = [t.id for t in case.testimonies.values() if any(s.contradicted_by for s in t.statements)]
    assert len(closing) == 7
    assert [t for t in closing if not case.testimonies[t].closing.strip()] == []


def test_a_closing_text_is_read_by_the_loader_and_a_bad_one_is_located(write_story) -> None:
    from game.loading.loader import load_story, read_story

    story = """
clues:
  card: {name: A card}
suspects:
  kim: {name: Kim}
testimonies:
  kim.night:
    suspect: kim
    title: That night
    closing: %s
    statements:
      - {id: kim.night.home, text: I was home., contradicted_by: [card], broken: Fine.}
scenes:
  a.start:
    text: A hall.
    choices:
      - {text: Look, once: true, do: [{gain: card}]}
      - {text: Talk to Kim, do: [{talk: kim}]}
"""
    good = load_story(write_story({"parts/a.yaml": story % '"That is all."'}))
    assert good.testimonies["kim.night"].closing == "That is all."
    errors = [str(f) for f in read_story(write_story({"parts/a.yaml": story % "[a, b]"}))[1] if f.is_error]
    assert len(errors) == 1 and "a.yaml:9:14: E110" in errors[0] and "must be text" in errors[0], errors


# -- item 5: the act card says how long a turn is -----------------------------------------------


def test_the_act_card_says_the_turn_length_and_when_it_changed(case) -> None:
    minutes = {a.id: a.minutes for a in case.acts.values()}
    assert minutes == {"act1": 15, "act2": 30, "act3": 20}
    assert turn_words(case, "act1") == "Each turn is 15 minutes."
    assert turn_words(case, "act2") == "Each turn is 30 minutes now, not 15 as before."
    third = _play("act3.lobby", "act3", ["look"])
    assert "Act 3: Friday: the Dress Rehearsal\nEach turn is 20 minutes now, not 30 as before." in third
    first = subprocess.run([sys.executable, "-m", "game", "play", str(BUNDLED), "--plain"], input="look\n",
                           capture_output=True, text=True, timeout=120, cwd=ROOT)  # safety net only
    assert "Act 1: Wednesday Night\nEach turn is 15 minutes." in first.stdout
    second = _play("act2.lobby", "act2", ["look"])
    assert "Each turn is 30 minutes now, not 15 as before." in second
