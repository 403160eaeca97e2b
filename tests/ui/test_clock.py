"""The clock: the player is told before the move that ends the act, never after; and a menu of
one choice is never described as "a number from 1 to 1"."""

from __future__ import annotations


from game.core import record
from game.core import engine as e
from game.core import mystery
from game.loading.loader import read_story
from tests.conftest import BUNDLED
from tests.ui.helpers import by_label, render, run_game, sample


def run(story, state, lines):
    return run_game(story, state, lines)


def in_the_hall(time: int):
    story = sample()
    state, _ = e.new_game(story)
    state, _ = e.step(story, state, by_label(story, state, "go in"))
    return story, record.replace(state, time=time)


def test_on_the_last_turn_the_moves_that_end_the_act_are_marked_before_they_are_taken():
    story, state = in_the_hall(1)
    text, game = run(story, state, [])
    menu = text[text.index("Time is nearly up"):]
    assert "Time is nearly up: whatever is marked 'ends the act' ends The Afternoon." in menu
    assert "1. Look under the piano (ends the act)" in menu  # costs the last turn
    assert "5. Go to The Study (ends the act)" in menu  # the journey spends it
    assert "2. Talk to the pianist\n" in menu  # free: not marked
    assert "(Act 1, The Hall, 17:30, last turn)" in text  # the status says it too


def test_the_marks_are_the_engine_s_own_verdict():
    story, state = in_the_hall(1)
    actions = e.available_actions(story, state)
    for index, action in enumerate(actions):
        _new, events = e.step(story, state, action)
        ran_out = any(isinstance(x, e.TimeRanOut) for x in events)
        assert (index in mystery.act_enders(story, state, actions)) == ran_out, action.label


def test_with_time_to_spare_nothing_is_marked():
    story, state = in_the_hall(5)
    text, _ = run(story, state, [])
    assert "nearly up" not in text and "5 turns left" in text
    # Only the line that ends the day by itself (it goes to the act's time-out scene) is marked,
    # whatever the clock (T23 took "Lie down and let Thursday go" for a free line).
    marked = [line for line in text.splitlines() if "ends the act" in line]
    assert marked == ["4. Wait for evening (ends the act)"] or [m.split(". ", 1)[1] for m in marked] == ["Wait for evening (ends the act)"]


def test_the_rich_look_marks_them_too_at_40_columns():
    from game.ui.look import RICH
    from game.ui.choices import Menu

    story, state = in_the_hall(1)
    shown = render(Menu(story, state, e.available_actions(story, state), RICH), width=40)
    assert "Time is nearly up" in shown and "(ends the act)" in " ".join(shown.split())


def test_the_bundled_case_warns_before_walking_into_room_4c_on_the_last_turn():
    story, findings = read_story(BUNDLED)
    assert story is not None
    state, _ = e.new_game(story)
    state = record.replace(state, scene="act1.lobby", time=1)
    text, _ = run(story, state, [])
    assert "Go to Room 4C (ends the act)" in text
    assert "ends Wednesday Night" in text


def test_one_choice_is_never_a_number_from_1_to_1():
    story, state = in_the_hall(8)
    state, _ = e.step(story, state, by_label(story, state, "wait for evening"))  # one choice: "Go on"
    assert len(e.available_actions(story, state)) == 1
    text, game = run(story, state, ["", "5", "0", "nonsense", "deduce 7", "1"])
    assert "1 to 1" not in text
    assert "Type 1 to choose 'Go on', or 'help'." in text
    assert "There is no choice 5: the only choice is 1, 'Go on'." in text
    assert "Type 'deduce 1'." in text
    assert "Act 2: The Evening" in text  # and 1 still chose it
