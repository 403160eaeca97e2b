"""Continuity slips a second blind tester met (issue 11, story3), pinned through the real loop
(piped plain mode) and over the whole story:

- A: Reyes hears about a dressing only on someone the player has seen (the tall boy's
  scratches only after a green room), and about the roof only what was found there.
- B: a person the menu calls by their `unnamed:` description is shown that way by every
  scene that offers their talk, first visit and revisit.
- C: a thing told to someone once is not told to them again as news (the boiler slip).
- D: Marcus says "alone with me" only when nobody else stands in his doorway.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from game.cli.playtools import start_state
from game.core import engine as e
from game.core import record
from game.core.context import EvalContext
from game.core.effects import scene_text
from game.core.people import is_known
from game.core.model import Branch, SetFlag, Story, Talk
from game.core.state import GameState, Talking
from game.loading.loader import load_story
from tests.conftest import BUNDLED
from tests.ui.helpers import ROOT, run_game

DRESSING = "Tell her who you've seen with a dressing on their hands"
GREEN_ROOMS = ("act1.green_room", "act2.green_room", "act3.green_room")


@pytest.fixture(scope="module")
def case() -> Story:
    return load_story(BUNDLED)


def _at(case: Story, scene: str, given: str, *visits: str) -> GameState:
    state, _ = start_state(case, scene, given)
    for seen in visits:
        state = state.with_visit(seen)
    return state


def _after(text: str, marker: str) -> str:
    """What was printed after ``marker``, its wrapped lines joined (widths differ)."""
    flat = " ".join(text.split())
    assert marker in flat, marker
    return flat.split(marker, 1)[1]


def _topic_titles(case: Story, state: GameState, person: str) -> list[str]:
    talking = record.replace(state, mode=Talking(person))
    ids = [getattr(a, "topic", None) for a in e.available_actions(case, talking)]
    return [case.topics[t].title for t in ids if t]


# -- A: Reyes hears only what the player saw -------------------------------------------------


def test_the_piped_game_without_a_green_room_tells_reyes_of_no_boy() -> None:
    # The real program, piped, plain: act 3's lobby with the torn nail, no green room ever.
    lines = "talk reyes\ndressing\nleave\n"
    run = subprocess.run(
        [sys.executable, "-m", "game", "play", str(BUNDLED), "--plain", "--from", "act3.lobby",
         "--with", "act3,torn_nail"], input=lines, capture_output=True, text=True, timeout=120,
        cwd=ROOT)  # the timeout is only a safety net for a hung child, never a verdict
    assert run.returncode == 0, run.stderr
    told = _after(run.stdout, "> dressing")
    told = told.split("> leave", 1)[0]
    assert "gauze on the custodian's hand" in told and "Dr. Pell's wrist" in told
    for slip in ("boy", "scratches", "green room", "Cassie grabbed him"):
        assert slip not in told, slip
    assert "Traceback" not in run.stdout + run.stderr


def test_after_a_green_room_the_telling_names_the_tall_boy_once(case: Story) -> None:
    state = _at(case, "act3.lobby", "act3,torn_nail", "act1.green_room")
    assert _topic_titles(case, state, "reyes").count(DRESSING) == 1
    text, _ = run_game(case, state, ["talk reyes", "dressing", "leave"])
    told = _after(text, "You tell her:")
    assert "three scratches on the back of the tall boy's hand" in told
    assert "she grabbed him in a rehearsal" in told and "Two grown-ups" not in told


def test_the_boy_seen_later_is_told_as_one_more_not_as_all_three_again(case: Story) -> None:
    state = _at(case, "act3.lobby", "act3,torn_nail,reyes.scratch_staff", "act3.green_room")
    titles = _topic_titles(case, state, "reyes")
    assert titles.count(DRESSING) == 1  # the one already told, kept in its place
    assert "Tell her about the scratched hand in the green room" in titles
    text, _ = run_game(case, state, ["talk reyes", "scratched hand", "leave"])
    told = _after(text, "One more, you tell her")
    assert "a tall boy in the green room" in told and "custodian" not in told
    again, _ = run_game(case, state, ["talk reyes", "dressing", "leave"])
    told = _after(again, "You tell her:")
    assert "Two grown-ups" in told and "the tall boy's hand" not in told


@pytest.mark.parametrize("seen", [(), ("act1.green_room",), ("act2.green_room",), ("act3.green_room",)])
@pytest.mark.parametrize("asked", ["", ",reyes.scratch", ",reyes.scratch_staff"])
def test_reyes_never_offers_two_dressing_tellings_at_once(case: Story, seen, asked: str) -> None:
    state = _at(case, "act3.lobby", "act3,torn_nail" + asked, *seen)
    titles = _topic_titles(case, state, "reyes")
    assert titles.count(DRESSING) == 1, titles
    if not seen:
        assert not any("tall boy" in t for t in titles)


@pytest.mark.parametrize("held, said, unsaid", [
    ("parapet_gap", "eight feet of it are gone", "pale stripes"),
    ("drag_scuffs", "two pale stripes in the gravel", "eight feet of it"),
    ("parapet_gap,drag_scuffs", "two pale stripes in the gravel", "eight feet of it"),
])
def test_telling_reyes_about_the_roof_says_only_what_was_found(case: Story, held, said, unsaid) -> None:
    state = _at(case, "act1.courtyard", "act1," + held)
    assert _topic_titles(case, state, "reyes").count("Tell her what you found on the roof") == 1
    text, game = run_game(case, state, ["talk reyes", "found on the roof", "leave"])
    told = _after(text, "She listens to all of it")
    assert said in told and unsaid not in told
    assert "torn_nail" in game.state.clues  # either telling earns the nail
    assert "Ask what it would take to arrest someone" in _topic_titles(case, game.state, "reyes")


# -- B: an unnamed person looks, in every scene offering their talk, as the menu calls them ----

# The words of each `unnamed:` description a scene must show (a name is no help before `known`).
LOOKS = {"theo": r"scratch", "ines": r"ice pack", "jonah": r"set.crew"}


def _talks(case: Story):
    for scene in case.scenes.values():
        for choice in scene.choices:
            for effect in choice.effects:
                if isinstance(effect, Talk) and effect.person in LOOKS:
                    yield scene, effect.person


def test_every_unnamed_persons_description_is_in_the_map_above(case: Story) -> None:
    assert {p.id for p in case.people.values() if p.unnamed} == set(LOOKS)
    for person, words in LOOKS.items():
        assert re.search(words, case.people[person].unnamed), person


def test_every_scene_offering_an_unnamed_talk_shows_what_the_menu_calls_them(case: Story) -> None:
    checked = 0
    for scene, person in _talks(case):
        act = scene.id.split(".")[0]
        state = _at(case, scene.id, act)
        assert not is_known(case, state, case.people[person]), (scene.id, person)
        for shown in (scene_text(case, state, scene), scene_text(case, state, scene, again=True)):
            assert re.search(LOOKS[person], shown), (scene.id, person, shown[-300:])
        checked += 1
    assert checked >= 6  # three green rooms (Theo, Inés), two loading docks (Jonah)


def test_act_three_green_room_names_them_once_met(case: Story) -> None:
    state = _at(case, "act3.green_room", "act3,theo.hello,ines.hello")
    shown = scene_text(case, state, case.scenes["act3.green_room"])
    assert "Theo, in tights" in shown and "Inés has her strapped ankle up on an ice pack" in shown
    assert "A tall boy" not in shown and "A girl with" not in shown


# -- C: nothing told twice as news -----------------------------------------------------------


def test_after_telling_reyes_in_the_lobby_she_is_not_shown_the_slip_as_news(case: Story) -> None:
    state = _at(case, "act3.lobby", "act3,boiler_dispatch")
    text, game = run_game(case, state, ["show reyes the boiler slip", "talk reyes", "leave"])
    assert "doesn't write anything down until you're finished" in _after(text, "basement panel at 23:45")
    assert "boiler-alarm dispatch" not in _after(text, "Talking with Detective Alma Reyes")
    assert "Show her the boiler-alarm dispatch" not in _topic_titles(case, game.state, "reyes")


def test_after_showing_reyes_the_slip_the_lobby_does_not_offer_telling_her_again(case: Story) -> None:
    state = _at(case, "act3.lobby", "act3,boiler_dispatch")
    text, game = run_game(case, state, ["talk reyes", "boiler", "leave"])
    assert "took the easy answer off my desk" in _after(text, "Talking with Detective Alma Reyes")
    assert "Show Reyes the boiler slip" in _after(text, "16 turns left")  # offered first
    after = _after(text, "You took the easy answer")
    assert not re.search(r"\d+\. Show Reyes the boiler slip", after)  # no longer on the menu
    assert "'Show Reyes the boiler slip' is gone" in after  # and the lines after it said to move up
    # asked once, it stays asked (a repeat), never vanishes from her list
    assert "Show her the boiler-alarm dispatch" in _topic_titles(case, game.state, "reyes")


def _sets(effects, flag: str) -> bool:
    for effect in effects:
        if isinstance(effect, SetFlag) and effect.flag == flag:
            return True
        if isinstance(effect, Branch) and (_sets(effect.then, flag) or _sets(effect.otherwise, flag)):
            return True
    return False


SHARED = ("marcus_defended", "victoria_exposed", "theo_public", "theo_private", "margot_trusts")


@pytest.mark.parametrize("flag", SHARED)
def test_no_topic_tells_again_as_news_what_a_shared_flag_says_was_told(case: Story, flag: str) -> None:
    # Every topic that sets a shared flag is gone, unasked, once the flag is set elsewhere.
    # So is every scene choice that sets it (the lobby's telling, the officers at Marcus's door).
    setters = [(t.id, t.condition) for t in case.topics.values() if _sets(t.effects, flag)]
    setters += [(c.id, c.condition) for scene in case.scenes.values() for c in scene.choices
                if _sets(c.effects, flag)]
    assert setters, flag
    base = _at(case, "act3.lobby", "act3")
    everything = record.replace(base, clues=frozenset(case.clues), flags=base.flags | {flag},
                                broken=frozenset(case.statements))
    ctx = EvalContext(case, everything)
    for name, condition in setters:
        assert condition is not None and not condition(ctx), (flag, name)


def test_reyes_on_the_school_and_mr_bell_reads_as_before_or_after_he_is_defended(case: Story) -> None:
    title = "What the school is saying about Mr. Bell"
    before = _at(case, "act3.lobby", "act3")
    after = _at(case, "act3.lobby", "act3,marcus_defended")
    assert _topic_titles(case, before, "reyes").count(title) == 1
    assert _topic_titles(case, after, "reyes").count(title) == 1
    text, _ = run_game(case, after, ["talk reyes", "school", "leave"])
    told = _after(text, "Talking with Detective Alma Reyes")
    assert "Then the times came in" in told and "If he didn't do it, show me" not in told


# -- D: Marcus's doorway -----------------------------------------------------------------------


def test_marcus_says_alone_only_when_no_officers_stand_in_the_door(case: Story) -> None:
    scene = case.scenes["act2.basement"]
    alone = _at(case, "act2.basement", "act2")
    watched = _at(case, "act2.basement", "act2,act2.police_for_marcus")
    assert "alone with me" in scene_text(case, alone, scene)
    shown = scene_text(case, watched, scene)
    assert "officers stand in the doorway" in shown and "alone with me" not in shown
    assert "Company" in shown
    cleared = _at(case, "act2.basement", "act2,act2.police_for_marcus,marcus_defended")
    assert "officers" not in scene_text(case, cleared, scene)
    assert "alone with me" not in scene_text(case, alone, scene, again=True)  # a first-visit line
