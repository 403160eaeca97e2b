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
    # the journey spends it, but arriving never ends the act: the player looks round first
    assert "5. Go to The Study (last turn)" in menu
    assert "A move marked 'last turn'" in menu and "you arrive and can look round, and the next thing you do that takes time ends the act" in " ".join(menu.split())
    assert "2. Talk to the pianist\n" in menu  # free: not marked
    assert "(Act 1, The Hall, 17:30, last turn)" in text  # the status says it too


def test_the_last_turn_warning_is_said_in_full_once_then_in_one_line():
    """T62 and T63 read the three-line warning again under every free step of the last turn."""
    story, state = in_the_hall(1)
    text, game = run(story, state, ["notes", "talk to the pianist", "0"])
    flat = " ".join(text.split())
    assert flat.count("Time is nearly up: whatever is marked 'ends the act' ends The Afternoon.") == 1
    assert flat.count("A move marked 'last turn'") == 1
    assert flat.count("Time is nearly up: lines marked 'ends the act' end The Afternoon.") >= 2  # every menu after
    assert game.state.time == 1  # all of it free: the same moment of the act


def test_arriving_on_the_last_turn_the_player_may_act_there_and_the_next_step_that_takes_time_ends_the_act():
    # T34, T39, T41, T45 walked into Room 4C on Wednesday's last turn and the night ended with
    # the laptop, the planner and the shoe bag in front of them.
    story, state = in_the_hall(1)
    text, game = run(story, state, ["5", "1", "look"])
    arrived = text[text.index("The Study (Act 1"):]  # piped input is not echoed
    assert "The study. The desk drawer is open." in arrived and "The light goes" not in arrived
    assert "(Act 1, The Study, 18:00, last moment)" in arrived
    assert "Go to The Hall (ends the act)" in arrived and "Take the lamp\n" in arrived  # free: unmarked
    assert "You take: A brass lamp" in arrived and game.state.scene == "study.day"  # a free step: still there
    assert game.state.time == 0 and not game.state.ended
    after, events = e.step(story, game.state, by_label(story, game.state, "go to the hall"))
    assert any(isinstance(x, e.TimeRanOut) for x in events) and after.scene == "hall.dusk"


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


def test_the_bundled_case_lets_the_player_act_in_room_4c_when_they_walk_in_on_the_last_turn():
    story, findings = read_story(BUNDLED)
    assert story is not None
    state, _ = e.new_game(story)
    state = record.replace(state, scene="act1.lobby", time=1)
    text, game = run(story, state, ["go to room 4c", "open cassie's planner"])
    assert "Go to Room 4C (last turn)" in text  # not the act's end: the room is there to act in
    room = text[text.index("Room 4C (Act 1"):text.index("A pink cloth cover")]  # piped input is not echoed
    assert "Two beds, two desks" in room and "Lights Out" not in room
    assert "Open Cassie's planner (ends the act)" in room and "ends Wednesday Night" in room
    night = text[text.index("A pink cloth cover"):]
    assert "Clue added to your notebook: Cassie's planner" in night and "Lights Out" in night
    assert game.state.act == "act1" and game.state.scene == "act1.lights_out"
    assert "Lights Out (Act 1, Room 4C, 01:00, time's up)" in night  # not "last moment": the act is over


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
