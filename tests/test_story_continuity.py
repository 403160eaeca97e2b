"""Issue 11, blind tester 2's continuity slips (items 1, 2, 4, 5, 7, 11, 12, 15a, 15d): the board,
topic titles, prompts, act openers, accusation options and endings say only what the player
has seen or heard, and the arrival's photograph and porter can be reached from the arrival.

Each test pins one slip the tester met; the W420 ones also plant the old text back into a copy
of the case and check that the lint catches it, so an author cannot bring it back unnoticed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from game.core import engine as e
from game.core import mystery
from game.core import record
from game.ui.board import Board
from game.ui.look import Look

from tests.conftest import ROOT
from tests.test_story_knowledge import case, fresh  # noqa: F401  (the same module-scoped fixtures)
from tests.test_story_spoilers import _planted  # a copy of the case with one edit: its W420 findings
from tests.ui.helpers import render

PLAIN = Look(plain=True)


def _holds(case, state, condition) -> bool:
    return condition is None or bool(condition(e.EvalContext(case, state)))


# --- 1: the board before any clue ---------------------------------------------------------------

def test_the_first_minute_board_names_no_water_tower(case, fresh) -> None:
    # the arrival says only "off the roof"; the water tower is seen on the roof or in the courtyard
    assert "water tower" not in render(Board(case, fresh, PLAIN), 100).lower()
    assert "water tower" not in (case.deductions["d1_pushed"].question or "").lower()


def test_no_board_option_or_accusation_option_names_the_water_tower(case) -> None:
    # these can be read by a player who never went up: the place is in no option's words, except
    # d6's where-options (round 12, T19: the right one names what the gap clue showed), whose
    # deduction is on the board only once the water tower has been seen (test_story_round12)
    options = [text for d in case.deductions.values() for s in d.slots if s.id != "d6_method.where"
               for _id, text in s.options]
    options += [text for q in case.accusation.questions for _id, text in q.options]
    assert options and not [o for o in options if "water tower" in o.lower()]


# --- 2: the badge log's times agree -------------------------------------------------------------

def test_the_badge_log_does_not_call_2258_after_eleven(case) -> None:
    scene, choice = case.choices["act1.lobby#read-the-badge-log-on-the-porter-s-desk"]
    assert scene.id == "act1.lobby"
    assert "22:58" in choice.say and "after eleven" not in choice.say
    assert "after hers" in choice.say  # hers: 22:05, the line just above it


# --- 4, 5: topic titles say only what was said ---------------------------------------------------

def test_partnering_her_is_listed_only_once_theo_has_said_he_partnered_her(case, fresh) -> None:
    topic = case.topics["theo.partnering"]
    assert not _holds(case, fresh, topic.condition)
    assert "I partner. Partnered." in case.topics["theo.hello"].text
    introduced = record.replace(fresh, asked=frozenset({"theo.hello"}))
    assert _holds(case, introduced, topic.condition)


@pytest.mark.parametrize("topic, leak", [
    ("jonah.hoist", "hoist"),            # why the railing was off: the work order or Jonah says so
    ("jonah.tuesday", "saw"),            # that he saw someone: he has not said so yet
    ("theo.sorry", "fight"),             # the receipt shows a time, not a fight on the roof
    ("harrow.saturday", "told her"),     # that Cassie spoke to Harrow: Harrow says so in the topic
    ("okafor.tuesday", "heard"),         # that he heard anything through the wall
    ("victoria.daughter", "daughter"),   # her daughter, the runner-up: she says so in the topic
    ("marcus.tuesday", "found her"),     # asked in the first minute, before anyone says who found her
    ("ines.badge", "badge"),             # nothing shows a porter checking a badge: he reads a list
])
def test_a_topic_title_does_not_state_what_the_topic_reveals(case, topic: str, leak: str) -> None:
    assert leak not in case.topics[topic].title.lower()


def test_ines_asks_about_what_the_arrival_shows(case) -> None:
    # "Oh, you noticed": what she answers is on screen in every play's first scene
    assert "reading your name twice" in case.topics["ines.badge"].title
    assert "reads your name off his list twice" in case.scenes["act1.arrival"].text
    assert case.acts["act1"].start == "act1.arrival"


def test_the_old_hoist_title_is_caught_by_the_lint(tmp_path: Path) -> None:
    found = _planted(tmp_path, "people/jonah.yaml", "title: The missing section of railing",
                     "title: The railing taken off for the hoist")
    assert len(found) == 1 and "W420" in found[0] and "hoist_note" in found[0], found


# --- 7: a typed answer's prompt is short; the hint is in the narration -------------------------

def test_every_typed_answer_prompt_is_short_and_its_hint_is_narrated(case) -> None:
    typed = [(scene, c) for scene, c in case.choices.values() if c.answer is not None]
    assert typed, "the case has a password"
    for _scene, choice in typed:
        assert len(choice.answer.prompt) <= 20, choice.answer.prompt  # one line at 40 columns
    hint = "where I was first Clara"
    for scene in ("act2.dorm", "act3.dorm"):
        assert hint in _said(case.scenes[scene])


def _said(scene) -> str:
    """Every narration a scene's choices can say, nested `if` effects included."""
    out: list[str] = []

    def walk(effects) -> None:
        for x in effects:
            out.append(getattr(x, "text", "") or "")
            walk(getattr(x, "then", ()) or ())
            walk(getattr(x, "otherwise", ()) or ())
    for c in scene.choices:
        out.append(c.say)
        walk(c.effects)
    return "\n".join(out)


# --- 11: act openers assume no visit -------------------------------------------------------------

def test_act_three_opens_by_introducing_reyes_to_a_player_who_never_met_her(case, fresh) -> None:
    scene = case.scenes["act3.rehearsal"]
    never = record.replace(fresh, act="act3").with_visit("act3.rehearsal")
    text = e.scene_text(case, never, scene)
    assert "Alma Reyes" in text and "when she sees you" not in text
    assert "reyes" in [p.id for p in mystery.known_people(case, never)]  # she gave her name
    met = never.with_visit("act1.courtyard")
    text = e.scene_text(case, met, scene)
    assert "when she sees you" in text and "Alma Reyes, Area Three" not in text


def test_reyes_mentions_no_boy_the_player_may_never_have_seen(case) -> None:
    # The telling that names the tall boy needs a green room; the one offered without names none.
    assert "green_room" in case.topics["reyes.scratch"].condition.source
    assert "boy" not in case.topics["reyes.scratch_staff"].text.split("Reyes lets you finish")[0]


# --- 12: the accusation and the endings ----------------------------------------------------------

def test_no_accusation_option_names_a_fact_of_a_clue(case, tmp_path: Path) -> None:
    # The accusation opens in act 3 whatever the player holds: W420 reads its options as it
    # reads every text (the bundled case has none: test_the_bundled_case_quotes_no_clue_...);
    # an option restating the recording's offer is caught, at the option's own line.
    found = _planted(tmp_path, "board.yaml", '"To keep someone\'s money and name out of a scandal"',
                     '"To bury the Paris offer"')
    assert len(found) == 1 and "the accusation's option 'motive.pledge'" in found[0]
    assert "paris offer" in found[0] and "bribe_recording" in found[0]
    assert f"board.yaml:{case.marks['motive.pledge'].line}:" in found[0]
    # (words no clue lists as a fact, but that would still point at one person)
    options = [text for q in case.accusation.questions for _id, text in q.options]
    assert not [o for o in options if "pledge" in o or "bribe" in o or "million" in o]


def test_the_endings_call_her_mrs_ashby_crane_to_a_player_who_never_met_her(case, fresh) -> None:
    # she exposed through Reyes or Harrow, never met: the recording says "Mrs. Ashby-Crane"
    everything = record.replace(fresh, clues=frozenset(case.clues),
                                flags=frozenset({"victoria_exposed", "theo_public", "marcus_defended"}))
    assert "victoria" not in [p.id for p in mystery.known_people(case, everything)]
    for ending in case.endings.values():
        text = e.with_extras(case, everything, ending.text, ending.epilogues)
        assert "Victoria" not in text and "pledge" not in text, ending.id
    kept = record.replace(everything, flags=frozenset())
    assert "Mrs. Ashby-Crane's Paris offer" in e.with_extras(
        case, kept, case.endings["full_truth"].text, case.endings["full_truth"].epilogues)


def test_the_old_motive_with_the_paris_offer_would_be_caught(tmp_path: Path) -> None:
    # the recording's facts are the lint's: a topic restating the offer unguarded is W420
    found = _planted(tmp_path, "people/okafor.yaml", "title: How the school treats people",
                     "title: The summer in Paris")
    assert len(found) == 1 and "bribe_recording" in found[0], found


# --- 15a, 15d: the arrival's photograph and porter, typed in plain words -------------------------

def _play(lines: str, tmp_path: Path) -> str:
    result = subprocess.run([sys.executable, "-m", "game", "play", "--new", "--plain",
                             "--saves", str(tmp_path / "saves")],
                            input=lines.encode(), capture_output=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    assert "Traceback" not in result.stderr.decode()
    return result.stdout.decode("utf-8", "replace")


def test_x_photograph_on_arrival_reads_the_photographs_the_scene_shows(tmp_path: Path) -> None:
    out = _play("x photograph\n4\n", tmp_path)  # x names the choice and its cost (T15); 4 takes it
    assert "You find nothing called" not in out
    assert "That is choice 4, 'Say goodnight, and look closely at the photographs" in " ".join(out.split())
    assert "her first Clara. Auditorium Theatre." in out
    lobby = out.split("The Lobby (Act 1")[-1]
    assert "photographs on the memorial table" not in lobby  # read once, not offered again


def test_talk_to_porter_on_arrival_and_in_the_lobby_finds_marcus(tmp_path: Path) -> None:
    out = _play("talk to porter\nleave\ntalk to porter\n", tmp_path)
    assert "I don't understand" not in out
    assert out.count("Talking with Marcus Bell") == 2


def test_nonsense_and_end_of_input_on_arrival_lose_nothing(tmp_path: Path) -> None:
    out = _play("talk to the moon\nx\n", tmp_path)
    assert "Examine what?" in out and "Your game is saved" in out


def test_the_pledge_is_on_the_wall_wherever_she_can_be_asked_about_it(case) -> None:
    # her topic and dossier speak of a pledge: each room she is met in shows it first
    assert "pledge" in case.topics["victoria.pledge"].title
    for scene in ("act2.reception_hall", "act3.reception_hall"):
        assert "patrons' pledge" in case.scenes[scene].text, scene


def test_margots_roof_topic_does_not_assume_the_door_has_a_code(case) -> None:
    # the keypad is seen on the roof stairs; she may be asked before the player goes up
    assert "code" not in case.topics["margot.code"].title.lower()


def test_the_courtyard_by_day_assumes_no_night_visit_and_says_its_arrival_once(case, fresh) -> None:
    scene = case.scenes["act2.courtyard"]
    never = record.replace(fresh, act="act2").with_visit("act2.courtyard")
    text = e.scene_text(case, never, scene)
    assert "Alma Reyes" in text and "from last night" not in text and "Detective Reyes" not in text
    met = never.with_visit("act1.courtyard")
    assert "from last night" in e.scene_text(case, met, scene)
    assert "Alma Reyes" not in e.scene_text(case, never, scene, again=True)  # `look`: not again
    roof = case.scenes["act2.roof"].text
    assert "same code as always" not in roof and "still missing" not in roof


@pytest.mark.parametrize("scene, assumed", [
    ("act3.wellness", "still going"),       # the playlist of a suite the player may never have seen
    ("act3.loading_dock", "still kicked"),  # the wedge of a dock the player may never have seen
])
def test_an_act_three_first_look_assumes_no_act_two_visit(case, scene: str, assumed: str) -> None:
    assert assumed not in case.scenes[scene].text


def test_a_walkthrough_numbers_the_board_suspects_the_player_knows(case, fresh) -> None:
    # the board lists only known suspects: a walkthrough typed into the real game must count
    # the same list (it counted every suspect, and a shorter path typed the wrong number)
    from game.authoring.walkthrough import deduce_lines

    state = record.replace(fresh.with_visit("act1.lobby"), clues=frozenset({"lift_key_log"}))
    known = [p.id for p in mystery.known_people(case, state, suspects_only=True)]
    assert "pell" in known and "victoria" not in known
    answers = (("d4_alibi.who", "pell"), ("d4_alibi.where", "roof"), ("d4_alibi.proof", "lift_key_log"))
    lines = deduce_lines(case, state, "d4_alibi", answers)
    assert lines[1] == str(known.index("pell") + 1)
