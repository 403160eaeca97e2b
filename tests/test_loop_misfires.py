"""Play-loop misfires two blind play-testers met, through the real loop (piped plain mode):
undo after a wrong presentation, views and misfires that left only ">", people called by the
story's words for them, plurals and small words, the ending's id, the accusation's status."""

from __future__ import annotations

import re

import pytest

from game.core import engine as e
from game.core import record
from game.core.state import Accusing, Exploring, Testifying
from game.loading.loader import read_story
from game.ui.look import Look
from game.ui.scene import status_text
from tests.conftest import BUNDLED
from tests.ui.helpers import by_label, play, run_game, sample


@pytest.fixture(scope="module")
def case():
    story, findings = read_story(BUNDLED)
    assert story is not None, findings
    return story


def at_testimony():
    """The sample's pianist testifying, statement 1, credibility 2, two clues held."""
    state, _ = play(sample(), ("Go in",), ("Look under the piano",), ("Talk to the pianist",),
                    ("Her cuff",), ("Her afternoon",))
    assert isinstance(state.mode, Testifying) and state.credibility == 2
    return state


# -- 1. undo never gives back credibility ---------------------------------------------------


def test_undo_refuses_to_take_back_a_wrong_presentation():
    text, game = run_game(sample(), at_testimony(), ["next", "present 1", "undo", "undo"])
    text = " ".join(text.split())  # the wrapping of a long line is not what is tested
    assert "Credibility left: 1 of 2" in text
    assert text.count("Ida Marsh heard that; it can't be taken back.") == 2  # asked twice, refused twice
    assert game.state.credibility == 1 and game.state.mode == Testifying("pianist.story", 1)
    assert "Credibility 2 of" not in text.split("Credibility left: 1 of")[1]


def test_undo_still_works_in_testimony_and_for_ordinary_steps():
    state = at_testimony()
    text, game = run_game(sample(), state, ["next", "undo"])
    assert "Undone: Next statement" in text and game.state == state  # back at statement 1
    text, game = run_game(sample(), state, ["next", "present 1", "prev", "undo"])
    assert "Undone: Previous statement" in text and game.state.mode.index == 1
    assert game.state.credibility == 1  # the step after the penalty undone, the penalty kept
    start, _ = play(sample(), ("Go in",))
    text, game = run_game(sample(), start, ["Look under the piano", "undo"])
    assert "Undone:" in text and game.state == start


# -- 4. what can be done, again after a view or a misfire ------------------------------------


@pytest.mark.parametrize("line", ["help", "notes", "board", "suspects", "map", "timeline", "history",
                                  "presnt 20", "zzzz", "99"])
def test_after_a_view_or_a_misfire_in_testimony_the_statement_and_menu_show_again(line):
    text, _game = run_game(sample(), at_testimony(), [line])
    after = text.split("Stop listening", 1)[1]  # what follows the first menu
    assert "Statement 1 of 2" in after and "1. Press the statement" in after and "0. Stop listening" in after


def test_after_help_while_exploring_the_menu_shows_again():
    start, _ = play(sample(), ("Go in",))
    text, _game = run_game(sample(), start, ["help"])
    assert text.count("1. Look under the piano") == 2


def test_an_empty_line_only_hints():
    text, _game = run_game(sample(), at_testimony(), [""])
    assert text.count("1. Press the statement") == 1 and "Type a number" in text


# -- 5. words the story uses ------------------------------------------------------------------


def in_lobby(case):
    state, _ = e.new_game(case)
    state = record.replace(state, scene="act1.lobby", visits=state.visits + (("act1.lobby", 1),))
    assert any(a.label == "Talk to Marcus" for a in e.menu_actions(case, state))
    return state


def test_talk_to_the_porter_by_aka_and_by_role(case):
    marcus = record.replace(case.people["marcus"], aka=("porter",))
    story = record.replace(case, people={**case.people, "marcus": marcus})
    for line in ("talk to the porter", "talk to the custodian", "speak with the night custodian"):
        text, game = run_game(story, in_lobby(case), [line])
        assert "I don't understand" not in text, line
        assert game.state.mode != Exploring(), line
    bare = record.replace(case, people={**case.people, "marcus": record.replace(marcus, aka=())})
    text, game = run_game(bare, in_lobby(case), ["talk to the porter"])  # no aka: not a guess
    assert "No one here answers to 'porter'" in text and game.state.mode == Exploring()


def test_talk_to_someone_by_role_who_is_not_here(case):
    met = record.replace(in_lobby(case), visits=in_lobby(case).visits + (("act1.courtyard", 1),))
    text, _game = run_game(case, met, ["talk to the detective"])
    assert "Detective Alma Reyes isn't here." in text
    text, _game = run_game(case, in_lobby(case), ["talk to the detective"])  # not met: no name given
    assert "Alma" not in text and "isn't here" not in text


def test_examine_a_plural_or_a_singular_takes_the_choice(case):
    for line in ("examine the photograph", "x photographs", "x the photographs on the table"):
        text, game = run_game(case, in_lobby(case), [line])
        assert "nothing called" not in text, line
        # the choice, named with what it costs: `x` never spends a turn unasked (T13, T15)
        assert re.search(r"That is choice (\d+), 'Look closely at the photographs[^']*' \(1 turn\)\. Type \1 to do it\.",
                         text), line
        assert game.state.time == in_lobby(case).time, line


def test_small_words_do_not_stop_a_choice_matching(case):
    state, _ = e.new_game(case)
    state, _ = e.step(case, state, by_label(case, state, "suitcase"))
    text, game = run_game(case, state, ["try the laptop"])
    assert "I don't understand" not in text and "Did you mean" not in text
    assert game.state is not state


@pytest.mark.parametrize("line", ["the", "x the", "talk to the zzz", "x a an of"])
def test_only_small_words_are_refused_plainly(case, line):
    text, game = run_game(case, in_lobby(case), [line])
    assert "Traceback" not in text and game.state == in_lobby(case)
    assert ("I don't understand" in text or "nothing called" in text or "more than one" in text
            or "No one here answers to 'zzz'" in text)


# -- 2 and 6. what the player sees of the ending and the accusation ---------------------------


def test_the_accusation_status_names_no_place_it_is_not_in(case):
    state, _ = e.new_game(case)
    state = record.replace(state, scene="act1.lobby")
    assert "Lobby" in status_text(case, state, Look(plain=True)) or "lobby" in status_text(case, state, Look(plain=True)).lower()
    accusing = record.replace(state, mode=Accusing())
    shown = status_text(case, accusing, Look(plain=True))
    assert case.places["lobby"].name not in shown and "Act" in shown
