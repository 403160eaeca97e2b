"""Plain words a player types, understood through the real loop (piped plain mode):
`x NAME` / `examine NAME`, `wait`, `sleep`, `talk to NAME` for someone elsewhere, `go PLACE`,
and `quit` / end of input saying where the game was saved."""

from __future__ import annotations

import subprocess
import sys

import pytest
from game.core import record
from game.core import engine as e
from game.core.state import Accusing, Exploring, Talking, Testifying
from game.loading.loader import read_story
from game.play.commands import Command, Problem, Steps, understand
from tests.conftest import BUNDLED, ROOT
from tests.ui.helpers import SAMPLE, by_label, run_game, sample


@pytest.fixture(scope="module")
def case():
    story, findings = read_story(BUNDLED)
    assert story is not None, findings
    return story


def in_4c(case):
    state, _ = e.new_game(case)
    state, _ = e.step(case, state, by_label(case, state, "suitcase"))
    assert state.scene == "act1.dorm"
    return state


def run(story, state, lines):
    return run_game(story, state, lines)


def test_x_takes_the_scene_choice_then_shows_the_clue_held(case):
    text, game = run(case, in_4c(case), ["x planner", "planner", "x planner", "examine x-ray"])
    assert "That is choice" in text.split("Clue added")[0]  # a line that takes time is named, not taken (T15)
    assert "Clue added to your notebook: Cassie's planner" in text
    assert "Clue 1: Cassie's planner" in text  # the second time: the clue, by its number, free
    assert text.count("Clue added to your notebook: Cassie's planner") == 1
    assert "I don't understand" not in text
    assert "The X-ray in the shoe bag" not in text.split("examine x-ray")[0]


def test_x_a_person_shows_what_you_know_without_starting_a_conversation(case):
    text, game = run(case, in_4c(case), ["x margot"])
    assert "Margot Lindqvist (Cassie's roommate" in text
    assert "Claims:" not in text  # she has claimed nothing yet: a claim shows once it is made
    assert "Talking with" not in text and game.state.mode == in_4c(case).mode


@pytest.mark.parametrize("line, answer", [
    ("x", "Examine what?"), ("examine   ", "Examine what?"),
    ("x zzzz", "You find nothing called 'zzzz' here."),
    ("x [bold red]boom", "You find nothing called '[bold red]boom' here."),
    ("x \x1b[31mred", "You find nothing called '[31mred' here."),
    ("x " + "a" * 600, "That line is 602 characters long"),
])
def test_x_with_nonsense_says_so_and_the_game_goes_on(case, line, answer):
    state = in_4c(case)
    text, game = run(case, state, [line, "1"])
    assert answer in text and "Traceback" not in text
    assert "\x1b" not in text
    assert "Talking with Margot" in text  # the next line still worked


def test_wait_explains_and_spends_nothing(case):
    state = in_4c(case)
    text, game = run(case, state, ["wait", "z"])
    assert text.count("Time moves only when you act") == 2
    assert "14 turns left in this act" in text
    assert game.state == state


def test_a_choice_with_the_words_wins_over_wait_and_sleep():
    story = sample()
    state, _ = e.new_game(story)
    state, _ = e.step(story, state, by_label(story, state, "go in"))
    assert understand(story, state, "wait").label == "Wait for evening"
    assert isinstance(understand(story, state, "sleep"), Command)


def test_sleep_where_no_choice_offers_it_and_where_one_does(case):
    state = in_4c(case)
    text, game = run(case, state, ["sleep"])
    # the bed waits on the clock (T69 typed sleep in Cassie's room at 21:30): said, and where
    assert "Not yet: 'Get into Cassie's bed and let the night end' is offered here from 22:30." in text
    assert game.state == state
    courtyard = record.replace(state, scene="act1.courtyard")
    text, game = run(case, courtyard, ["sleep"])
    assert "You can't sleep here." in text and "Not yet" not in text and game.state == courtyard
    lights_out = record.replace(state, scene="act1.lights_out")
    text, game = run(case, lights_out, ["sleep"])
    assert "Act 2: Thursday" in text


def test_talk_to_someone_elsewhere_says_they_are_not_here(case):
    state = record.replace(in_4c(case), asked=frozenset({"theo.hello", "ines.hello"}),
                           visits=in_4c(case).visits + (("act1.courtyard", 1),))  # all three met
    said = understand(case, state, "talk to theo")
    assert isinstance(said, Problem) and said.message == "Theo Marchetti isn't here."
    text, game = run(case, state, ["talk to reyes", "speak with ines", "talk to margot", "talk to margot"])
    assert "Detective Alma Reyes isn't here." in text and "Inés Duarte isn't here." in text
    assert "Did you mean" not in text
    assert "You are talking with Margot Lindqvist already" in text


def test_go_place(case):
    state = in_4c(case)
    assert understand(case, state, "go roof").label == "Go to The Roof"
    nowhere = "you can go to from here. The places you can go are in the choices."
    # a place not found yet is never named back (round 6): answered as a place with no such name
    for line, message in [("go to the basement", f"There is no place called 'basement' {nowhere}"),
                          ("go room 4c", "You are in Room 4C already."),
                          ("walk to the reception hall", f"There is no place called 'reception hall' {nowhere}")]:
        said = understand(case, state, line)
        assert isinstance(said, Problem) and said.message == message, line
    arrival, _ = e.new_game(case)  # the front door: no exits yet, only choices
    said = understand(case, arrival, "go courtyard")
    assert isinstance(said, Problem) and said.message == ("You can't get to The Courtyard from here. "
                                                          "The places you can go are in the choices.")
    said = understand(case, record.replace(state, mode=Talking("margot")), "go lobby")
    assert isinstance(said, Steps) and said.actions[-1].label == "Go to The Lobby"  # T4-15: leave, then go
    said = understand(case, record.replace(state, mode=Talking("margot")), "go to the basement")
    talking = nowhere.replace("in the choices.", "in the choices once you leave this conversation (0).")
    assert isinstance(said, Problem) and said.message == f"There is no place called 'basement' {talking}"  # T10


def test_go_or_talk_during_a_conversation_leaves_it_then_goes(case):
    """T4-15, through the real loop: two engine steps (Leave, then the Go), one menu after."""
    state = record.replace(in_4c(case), mode=Talking("margot"))
    text, game = run(case, state, ["go lobby"])
    assert game.state.mode == Exploring() and case.scenes[game.state.scene].place == "lobby"
    assert "Finish the conversation" not in text and "Traceback" not in text
    text, game = run(case, state, ["talk to margot"])  # the same person: not left and rejoined
    assert "You are talking with Margot Lindqvist already" in text and game.state == state
    text, game = run(case, state, ["go nowhere at all", "go"])  # nonsense: refused, nothing left
    assert game.state == state and "Traceback" not in text
    testimony = record.replace(in_4c(case), mode=Testifying(next(iter(case.testimonies))))
    said = understand(case, testimony, "go lobby")  # a testimony is never left by a place's name
    assert isinstance(said, Problem) and said.message == "Finish the conversation first: type 'leave'."
    assert not isinstance(understand(case, record.replace(in_4c(case), mode=Accusing()), "go lobby"), Steps)


def test_help_lists_the_plain_words():
    text, _ = run(sample(), e.new_game(sample())[0], ["help"])
    for word in ("examine", "wait", "sleep"):
        assert word in text


@pytest.mark.parametrize("last", ["quit", None], ids=["quit", "end-of-input"])
def test_leaving_says_where_the_game_was_saved(tmp_path, last):
    saves = tmp_path / "saves"
    lines = "1\n" + (f"{last}\n" if last else "")
    run_ = subprocess.run([sys.executable, "-m", "game", "play", "--new", "--story", str(SAMPLE),
                           "--saves", str(saves)], input=lines, capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert run_.returncode == 0
    out = " ".join(run_.stdout.split())
    assert f"Your game is saved in the slot 'autosave', in {saves}." in out
    assert "ghostlight play --load autosave" in out and out.endswith("Goodbye.")


def test_without_saves_leaving_claims_no_save():
    text, _ = run(sample(), e.new_game(sample())[0], ["quit"])
    assert "saved in the slot" not in text and "Goodbye." in text


def test_talk_to_a_name_no_one_here_answers_to_names_no_choice(case):
    # T14: "talk to cassie" was offered the one talk choice there (Reyes) for its word "talk".
    met = record.replace(in_4c(case), visits=in_4c(case).visits + (("act1.courtyard", 1),))
    courtyard = record.replace(met, scene="act1.courtyard")
    for line in ("talk to cassie", "speak with cassie shore", "chat with the ghost"):
        text, game = run(case, courtyard, [line])
        assert "No one here answers to" in text and "Did you mean" not in text, line
        assert game.state == courtyard, line
    said = understand(case, courtyard, "ask about the weather")  # a question, not a name: as before
    assert isinstance(said, Problem) and "No one here answers" not in said.message
