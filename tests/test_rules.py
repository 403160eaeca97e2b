"""game/core/rules.py: the engine's rules that the proofs read, held to what the engine does."""

from __future__ import annotations

from game.core.record import fields

import pytest

from game.core import engine as e
from game.core import effects, rules
from game.core.expr import condition
from game.core.model import Add, Branch, ClearFlag, Gain, Goto, Lose, Say, SetFlag, Spend, StartAct, Talk
from game.core.record import replace as evolve
from game.core.state import GameState, Talking
from game.loading.loader import load_story

STORY = {"story.yaml": """
id: rules
title: Rules
start: a.hall
first_act: one
include: [parts/*.yaml]
flags: [lit]
counters: {knocks: 0}
acts:
  one: {title: One, time: 4, credibility: 2, start: a.hall, on_timeout: a.dusk}
  two: {title: Two, time: 6, credibility: 3, start: a.dusk, on_timeout: done}
endings:
  done: {title: Done, text: The end.}
""", "parts/a.yaml": """
clues:
  ring: {name: A ring}
items:
  lamp: {name: A lamp}
suspects:
  ann: {name: Ann, motive: {note: m}, means: {note: m}, opportunity: {note: o}}
events:
  chime: {if: time <= 1, text: A chime.}
scenes:
  a.hall:
    text: A hall.
    choices:
      - {text: Finish, goto: done}
  a.dusk:
    text: Dusk.
    choices:
      - {text: Finish, goto: done}
"""}


@pytest.fixture
def story(write_story):
    return load_story(write_story(STORY))


def _differences(before: GameState, after: GameState) -> set[str]:
    return {f.name for f in fields(GameState) if getattr(before, f.name) != getattr(after, f.name)}


EFFECTS = [Gain("ring"), Lose("lamp"), SetFlag("lit"), ClearFlag("lit"), Add("knocks", 2),
           Spend(2), Say("Hm."), Goto("a.dusk"), Goto("done"), StartAct("two"), Talk("ann")]


@pytest.mark.parametrize("effect", EFFECTS, ids=lambda x: type(x).__name__)
def test_each_effect_changes_only_what_rules_says(effect, story) -> None:
    state, _ = e.new_game(story)
    # Holding the lamp (to lose it) and with the flag set only when clearing it is tried.
    state = evolve(state, items=frozenset({"lamp"}), flags=frozenset({"lit"} if isinstance(effect, ClearFlag) else ()))
    after = effects.apply_effect(story, state, effect, [], 0)
    changed = _differences(state, after)
    assert changed <= rules.changes(effect), (effect, changed)
    assert changed or isinstance(effect, Say), effect  # (not vacuous: each one did change something)


def test_a_branch_can_change_what_either_side_can() -> None:
    branch = Branch(condition("flag(lit)")[0], (Spend(1),), (Talk("ann"),))
    assert rules.changes(branch) == {"time", "mode"}
    assert not rules.calm((branch,)) and rules.calm((Gain("ring"), SetFlag("lit"), Say("x")))


def test_the_timeout_key_is_what_the_engine_remembers(story) -> None:
    state, _ = e.new_game(story)
    state = evolve(state, time=1)
    assert not rules.timeout_due(story, state)
    state = evolve(state, time=0)
    assert rules.timeout_due(story, state)
    # it fires only after a step that took time (a free step at an empty clock changes nothing:
    # the player who arrived on the last turn may act there), so no step "at all" is due for it
    assert not rules.due(story, state, e.EvalContext(story, state), ())
    assert rules.timeout_key("one") not in effects.after_step(story, state, []).fired
    moved = effects.after_step(story, state, [e.TimePassed(1, 0)])
    assert rules.timeout_key("one") in moved.fired and rules.timeouts_fired(moved) == 1
    assert not rules.timeout_due(story, moved)


def test_a_step_that_arrives_somewhere_on_the_last_turn_does_not_end_the_act(story) -> None:
    state, _ = e.new_game(story)
    before = evolve(state, time=1)
    arrived = evolve(state, time=0, scene="elsewhere")
    assert not rules.times_out(story, before, arrived, spent=True)  # arrived: the player acts there first
    assert rules.times_out(story, before, evolve(state, time=0), spent=True)  # the last turn spent in place
    assert rules.times_out(story, arrived, evolve(arrived, scene="again"), spent=True)  # moving on from there
    assert not rules.times_out(story, arrived, arrived, spent=False)  # a free step never ends the act


def test_events_are_due_as_the_engine_fires_them(story) -> None:
    state, _ = e.new_game(story)
    chime = story.events["chime"]
    assert not rules.event_due(state, chime, e.EvalContext(story, state))
    late = evolve(state, time=1)
    assert rules.event_due(late, chime, e.EvalContext(story, late))
    fired = effects.after_step(story, late, [])
    assert "chime" in fired.fired and not rules.event_due(fired, chime, e.EvalContext(story, fired))


def test_the_chain_depth_is_the_engines(story) -> None:
    assert not rules.too_deep(rules.MAX_CHAIN) and rules.too_deep(rules.MAX_CHAIN + 1)
    assert rules.deeper(Goto("a.hall"), 3) == rules.deeper(StartAct("two"), 3) == 4
    assert rules.deeper(Gain("ring"), 3) == 3
    state, _ = e.new_game(story)
    events: list = []
    stuck = effects.enter(story, state, "a.dusk", events, rules.MAX_CHAIN + 1)
    assert stuck == state and "loops here without end" in events[0].text
    assert isinstance(effects.apply_effect(story, state, Talk("ann"), [], 0).mode, Talking)
