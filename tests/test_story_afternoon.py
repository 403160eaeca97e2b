"""Issue 11, Build: "not sure before the middle of act 2" (14:30 on Thursday).

Seven blind testers of ten were sure of Dr. Pell before it, each through a match the act laid
out from 08:00: the thread under 🩹 read with the planner or the door card, the allergy sign
against the cat scratch, the lift's key log. Thursday morning now keeps those papers behind
doors with a reason in the story (Cassie's side of 4C boxed for her mother, the wellness suite
shut for clearances, the lift with the police, the expense claims not yet up from accounts),
each saying when it opens: at two, the turn the police announcement comes. Tested through the
engine's own menus and the real program; the act's other places stay open all day.
"""

from __future__ import annotations

from functools import lru_cache

import pytest

from game.cli.playtools import start_state
from game.core import engine as e
from game.core.later import offered_later
from game.core.model import Story, gained
from game.core.record import replace
from game.loading.loader import load_story
from tests.conftest import BUNDLED
from tests.test_story_round6 import _flat
from tests.ui.helpers import run_game

#: the clues a tester matched to be sure (rounds 35 to 39), and the papers beside them
DECISIVE = frozenset({"bandage_text", "tribune_draft", "allergy_sign", "wellness_signup", "clearance_form",
                      "lift_key_log", "garage_claim", "cassie_planner", "hidden_xray"})
#: turns left on Thursday at two (08:00 and 26 half-hour turns)
TWO = 14
LOCKED = {  # scene: what its morning says of two o'clock
    "act2.dorm": "Two o'clock",
    "act2.wellness": "SUITE OPEN AGAIN AT 2",
    "act2.loading_dock": "Not till two",
}


@lru_cache(maxsize=None)
def _case() -> Story:
    return load_story(BUNDLED)


@pytest.fixture
def case() -> Story:
    return _case()


def _gains_offered(story: Story, scene: str, time: int) -> set[str]:
    """The clues the scene's menu offers to gain at ``time`` turns left, nothing yet held; once
    the laptop is open after two, its reads too (it opens only from a waking offered at two)."""
    state, _ = start_state(story, scene, "act2")
    opened = {"act2.laptop_hint", "act2.laptop_open"} if time <= TWO else set()
    state = replace(state, time=time, flags=state.flags | opened)
    found: set[str] = set()
    for action in e.menu_actions(story, state):
        if isinstance(action, e.Choose):
            choice = e.scene_choice(story, state, action.choice)
            if choice is not None:
                found |= set(gained(choice.effects))
    return found


def test_no_act2_place_offers_a_decisive_paper_before_two(case) -> None:
    scenes = [s for s in case.scenes if s.startswith("act2.")]
    for time in range(case.acts["act2"].time, TWO, -1):
        for scene in scenes:
            assert not _gains_offered(case, scene, time) & DECISIVE, (scene, time)
    afternoon = set().union(*(_gains_offered(case, s, TWO) for s in scenes))
    assert DECISIVE <= afternoon  # and every one of them is there from two


def test_thursday_starts_at_eight_and_two_is_the_fourteenth_turn_left(case) -> None:
    act = case.acts["act2"]
    state, _ = start_state(case, "act2.lobby", f"act2,time={TWO}")
    assert e.clock_text(case, state) == "14:00" and act.time == 26 and act.minutes == 30


@pytest.mark.parametrize("scene", sorted(LOCKED))
def test_each_locked_place_says_in_the_morning_when_it_opens(case, scene) -> None:
    morning, entered = start_state(case, scene, "act2")
    arrival = next(x.text for x in entered if isinstance(x, e.Narration) and x.kind == "scene")
    assert LOCKED[scene] in arrival
    later, entered = start_state(case, scene, f"act2,time={TWO}")
    arrival = next(x.text for x in entered if isinstance(x, e.Narration) and x.kind == "scene")
    assert LOCKED[scene] not in arrival


def test_only_a_choice_offered_from_two_starts_the_laptop(case) -> None:
    """The thread and the drafts wait on act2.laptop_hint, set only by waking the laptop."""
    setters = [(s.id, c.text) for s in case.scenes.values() for c in s.choices
               if s.id.startswith("act2.") and "act2.laptop_hint" in repr(c.effects)]
    assert setters == [("act2.dorm", "Wake Cassie's laptop")]
    wake = next(c for c in case.scenes["act2.dorm"].choices if c.text == "Wake Cassie's laptop")
    state, _ = start_state(case, "act2.dorm", "act2")
    assert not e.holds(case, replace(state, time=TWO + 1), wake.condition)
    assert e.holds(case, replace(state, time=TWO), wake.condition)


def test_the_card_on_the_suite_door_is_outside_the_lock(case) -> None:
    """Alone it is a name and a number: the match it makes needs the thread, after two."""
    assert "after_hours_card" in _gains_offered(case, "act2.wellness", case.acts["act2"].time)


@pytest.mark.parametrize("scene, typed, label", [
    ("act2.dorm", "wake the laptop", "Wake Cassie's laptop"),
    ("act2.wellness", "talk to dr. pell", "Talk to Dr. Pell"),
    ("act2.wellness", "red sign", "Read the red sign on the treatment-room door"),
    ("act2.loading_dock", "printout", "Read the printout on the freight-lift panel"),
])
def test_typing_a_choice_that_opens_at_two_says_when_and_spends_nothing(case, scene, typed, label) -> None:
    state, _ = start_state(case, scene, "act2")
    text, game = run_game(case, state, [typed])
    assert f"Not yet: '{label}' is offered here from 14:00." in _flat(text)
    assert "I don't understand" not in text and game.state.time == state.time and game.state.clues == state.clues


def test_words_that_pick_no_later_choice_are_still_not_understood(case) -> None:
    state, _ = start_state(case, "act2.dorm", "act2")
    text, _game = run_game(case, state, ["zzz quux"])
    assert "I don't understand 'zzz quux'" in text and "Not yet" not in text


def test_not_yet_names_nothing_in_a_conversation(case) -> None:
    """Only while exploring: in a talk the words mean a question, and later menus are not asked."""
    state, _ = start_state(case, "act2.basement", "act2")
    talking, _ = e.step(case, state, next(a for a in e.menu_actions(case, state) if "Talk to" in a.label))
    assert offered_later(case, talking) == ()


def test_the_offers_later_are_the_engines_own_menus(case) -> None:
    state, _ = start_state(case, "act2.dorm", "act2")
    offers = dict((a.label, time) for time, a in offered_later(case, state))
    assert offers["Wake Cassie's laptop"] == TWO and offers["Lie down and let Thursday go"] == 10
    assert "Look at Margot's ballet calendar" not in offers  # offered now, so not later
    at_two = replace(state, time=TWO)
    assert "Wake Cassie's laptop" in [a.label for a in e.menu_actions(case, at_two)]


def test_two_oclock_is_said_once_wherever_neveah_is(case) -> None:
    state, _ = start_state(case, "act2.green_room", f"act2,time={TWO + 1}")
    go = next(a for a in e.menu_actions(case, state) if isinstance(a, e.Go) and "Lobby" in a.label)
    at_two, events = e.step(case, state, go)
    said = [x.text for x in events if isinstance(x, e.Narration) and x.text.startswith("Two o'clock,")]
    assert at_two.time == TWO and len(said) == 1
    assert "nothing that wasn't" in said[0]  # the boxes are the list's: T79 feared the laptop went too
    back = next(a for a in e.menu_actions(case, at_two) if isinstance(a, e.Go) and "Green Room" in a.label)
    _later, events = e.step(case, at_two, back)
    assert not [x for x in events if isinstance(x, e.Narration) and x.text.startswith("Two o'clock,")]


def test_the_first_afternoon_visit_reads_the_room_in_full_after_a_morning_one(case) -> None:
    """A morning visit first: at two the suite is described whole once, then as a revisit."""
    state, _ = start_state(case, "act2.wellness", f"act2,time={TWO + 2}")
    text, game = run_game(case, state, ["lobby", "wellness", "lobby", "wellness"])
    afternoon = _flat(text).split("(Act 2, The Wellness Suite, 14:00")[1]
    assert "The calmest room in the building." in afternoon and "Neveah. You came." in afternoon
    again = afternoon.split("(Act 2, The Wellness Suite")[1]
    assert "The calmest room in the building." not in again and "a roll of tape in her teeth" in again
    assert "Still locked" not in afternoon


def test_her_mother_has_the_boxes_at_two(case) -> None:
    morning, _ = start_state(case, "act2.lobby", "act2")
    afternoon, _ = start_state(case, "act2.lobby", f"act2,time={TWO}")
    lobby = case.scenes["act2.lobby"]
    assert "five boxes from 4C" not in e.scene_text(case, morning, lobby)
    assert "five boxes from 4C" in e.scene_text(case, afternoon, lobby)


def test_the_assembly_says_what_is_shut_till_two_before_any_turn_is_spent(case) -> None:
    """T74 spent two turns walking to 4C and the suite at 08:00 to find them shut: the
    morning's notices name all three before the first move."""
    _state, entered = start_state(case, "act2.morning", "act2")
    assembly = _flat(next(x.text for x in entered if isinstance(x, e.Narration) and x.kind == "scene"))
    notices = assembly.split("Then the notices", 1)[1]
    for place in ("wellness suite", "freight lift", "4C"):
        assert place in notices
    assert notices.count("till two") + notices.count("at two") >= 3


def test_the_laptop_charged_on_wednesday_promises_nothing_for_the_morning(case) -> None:
    plug = next(c for c in case.scenes["act1.dorm"].choices if "laptop" in c.text.lower())
    assert "By morning" not in (plug.say or "") + repr(plug.effects)


# -- place notices: what is shut is said before the move (T74, T75, T76, T77) ---------------------


def test_the_go_to_lines_say_what_is_shut_till_two_and_stop_at_two(case) -> None:
    from game.ui.choices import Menu
    from game.ui.look import PLAIN
    from tests.ui.helpers import render

    morning, _ = start_state(case, "act2.lobby", "act2")
    menu = render(Menu(case, morning, e.menu_actions(case, morning), PLAIN), 100)
    assert "Go to Room 4C (boxed till two) (1 turn)" in menu
    assert "Go to The Wellness Suite (shut till two) (1 turn)" in menu
    assert "Go to The Loading Dock (lift taped till two) (1 turn)" in menu
    assert "Go to Studio B (1 turn)" in menu  # a place with no notice says none
    afternoon = replace(morning, time=TWO)
    assert "till two" not in render(Menu(case, afternoon, e.menu_actions(case, afternoon), PLAIN), 100)


def test_a_go_to_line_with_a_notice_is_still_picked_by_its_place_words(case) -> None:
    state, _ = start_state(case, "act2.lobby", "act2")
    text, game = run_game(case, state, ["go to room 4c"])
    assert game.state.scene == "act2.dorm" and "I don't understand" not in text


def test_the_folded_exits_and_the_map_say_the_notice_too(case) -> None:
    from game.ui.choices import Menu
    from game.ui.look import RICH
    from game.ui.map import SchoolMap
    from tests.ui.helpers import render

    state, _ = start_state(case, "act2.lobby", "act2")
    folded = render(Menu(case, state, e.menu_actions(case, state), RICH, fit="fold"), 100)
    assert "Wellness Suite (shut till two)" in " ".join(folded.split())
    shown = " ".join(render(SchoolMap(case, state, RICH), 100).split())
    assert "shut till two" in shown and "boxed till two" in shown and "lift taped" in shown
    later = " ".join(render(SchoolMap(case, replace(state, time=TWO), RICH), 100).split())
    assert "till two" not in later


def test_the_turns_looked_ahead_are_bounded_in_a_very_long_act(write_story, monkeypatch) -> None:
    """An act may hold up to a million turns: a typed line asks at most LOOKAHEAD + 1 menus."""
    from game.core import later
    from game.loading.loader import read_story

    from tests.conftest import MINIMAL_MANIFEST

    assert "time: 5," in MINIMAL_MANIFEST
    folder = write_story({"story.yaml": MINIMAL_MANIFEST.replace("time: 5,", "time: 1000000,"), "parts/a.yaml": """
scenes:
  a.start:
    text: A hall.
    choices:
      - text: Ring the bell
        if: time <= 5
        goto: done
      - text: Wait
        cost: 1
"""})
    story, found = read_story(folder)
    assert story is not None, found
    state, _ = e.new_game(story)
    asked = []
    real = later.menu_actions
    monkeypatch.setattr(later, "menu_actions", lambda s, st: (asked.append(st.time), real(s, st))[1])
    offers = later.offered_later(story, state)
    assert len(asked) <= later.LOOKAHEAD + 2
    assert [(t, a.label) for t, a in offers] == [(1, "Ring the bell")]  # found on the last turn
