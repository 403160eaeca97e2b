"""Blind rounds 24 and 25's input items (issue 11): a command typed without its space before a
number ("deduce1", T42) is the command with that number; through the real loop."""

from __future__ import annotations

import pytest

from game.cli.playtools import start_state
from game.play.commands import Command, understand
from tests.test_story_round6 import _flat, case  # noqa: F401  (case: the bundled story, a fixture)
from tests.ui.helpers import run_game


@pytest.mark.parametrize("glued, spaced", [("deduce1", "deduce 1"), ("present12", "present 12"),
                                           ("x3", "examine 3"), ("DEDUCE2", "deduce 2")])
def test_a_command_glued_to_its_number_is_the_command_with_that_number(case, glued: str, spaced: str) -> None:
    state, _ = start_state(case, "act2.wellness", "act2")
    understood = understand(case, state, glued)
    assert isinstance(understood, Command) and understood.name == spaced.split()[0]
    assert understood.arg == spaced.split()[1]


def test_only_commands_that_take_an_argument_are_split_and_other_glued_words_are_not(case) -> None:
    state, _ = start_state(case, "act2.wellness", "act2")
    assert not isinstance(understand(case, state, "board2"), Command)  # board takes no number
    assert not isinstance(understand(case, state, "zzz9"), Command)


def test_deduce1_opens_the_first_deduction_through_the_loop(case) -> None:
    state, _ = start_state(case, "act2.wellness", "act2")
    glued, _game = run_game(case, state, ["deduce1"])
    spaced, _game = run_game(case, state, ["deduce 1"])
    assert "I don't understand" not in _flat(glued)
    assert _flat(glued) == _flat(spaced)


def test_wait_and_sleep_after_arriving_on_the_last_turn_say_the_next_step_that_takes_time_ends_the_act(case) -> None:
    from game.core.record import replace

    state, _ = start_state(case, "act2.lobby", "act2")
    text, game = run_game(case, replace(state, time=0), ["wait", "sleep"])
    said = _flat(text)
    up = "This is the act's last moment: the next thing you do that takes time (marked 'ends the act') ends it."
    assert said.count(up) == 2 and "turns run out" not in said and "0 turns" not in said
    assert game.state.act == "act2" and game.state.time == 0  # nothing spent


def test_a_number_at_a_held_talk_menu_is_read_against_the_talk_menu_seen_before_the_testimony() -> None:
    """T47 (40 columns): 0 left Dr. Pell's testimony, the talk menu waited for an Enter, and 4
    (the same line 4 as before the testimony) was refused as "changed", because the menu last
    on screen was the testimony's, which has no line 4."""
    from game.core import engine
    from game.ui.render import Renderer
    from tests.ui.helpers import console, sample

    story = sample()
    renderer = Renderer(story, console(40), False)
    talk = tuple(engine.Ask(f"t{n}", f"Topic {n}") for n in range(1, 6))
    testimony = (engine.Press(), engine.Next(), engine.Previous(), engine.Leave())
    where = ("hall", "Talking", "pianist", None)
    renderer._seen_here[where] = talk  # seen before the testimony was heard
    renderer._seen_choices = testimony  # the last menu on screen
    renderer.menu_held, renderer._held_choices, renderer._held_where = True, talk, where
    assert not renderer.held_choices_changed(4)  # the talk menu's own line 4, unchanged
    renderer._held_choices = (*talk[:3], engine.Ask("t9", "A new topic"), talk[4])
    assert renderer.held_choices_changed(4)  # that line did change since the talk menu was seen
    renderer._seen_here.clear()  # no talk menu seen here: the last on screen is what is compared
    assert renderer.held_choices_changed(4)


def test_moves_on_the_last_turn_fold_as_taking_the_last_turn(case) -> None:
    """T46, T47: at the last turn the exits read "1 turn each" beside lines that end the act."""
    from game.core import engine
    from game.core.record import replace
    from game.ui.choices import FOLD, Menu
    from game.ui.look import RICH
    from tests.ui.helpers import render

    state, _ = start_state(case, "act2.lobby", "act2")
    last = replace(state, time=1)
    menu = Menu(case, last, engine.menu_actions(case, last), RICH, fit=FOLD)
    shown = " ".join(render(menu, width=60).split())
    assert "each takes the last turn" in shown and "1 turn each" not in shown
    assert "A move marked 'last turn' spends the last turn getting there: you arrive and can look round" in shown
    calm = Menu(case, replace(state, time=5), engine.menu_actions(case, state), RICH, fit=FOLD)
    assert "last turn" not in " ".join(render(calm, width=60).split())


@pytest.mark.parametrize("typed", ["y", "Yes", "no."])  # "n" is the notes
def test_a_yes_or_no_typed_where_no_question_waits_says_so(case, typed: str) -> None:
    state, _ = start_state(case, "act2.wellness", "act2")
    text, game = run_game(case, state, [typed])
    said = _flat(text)
    assert "There is no question waiting for a yes or no now" in said and "I don't understand" not in said
    assert game.state == state  # nothing happened


def test_a_hint_never_sends_the_player_to_someone_left_behind_for_the_night(case) -> None:
    """T50, act 1 at midnight in the courtyard: the hint named Dr. Pell, who had gone out into
    the cold at ten and is in no scene still ahead that night."""
    from game.core import mystery
    from game.core.record import replace

    state, _ = start_state(case, "act1.courtyard", "act1")
    state = replace(state, visits=state.visits + (("act1.arrival", 1),))  # met her at the door
    assert "act1.arrival" not in mystery.scenes_ahead(case, state)
    assert {"act1.lobby", "act1.roof", "act1.dorm"} <= mystery.scenes_ahead(case, state)
    asking = mystery.leads(case, state).asking
    assert not any("Pell" in who for who in asking), asking
    at_the_door, _ = start_state(case, "act1.arrival", "act1")  # before she leaves: she is a lead
    assert any("Pell" in who for who in mystery.leads(case, at_the_door).asking)
