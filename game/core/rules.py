"""The engine's rules that tools need to reason about a story without playing it.

:mod:`game.core.engine` plays by these functions, and the proofs in ``game/authoring`` (escape,
keep, moves, reach) call them, so there is one copy of each rule: how an act's time-out is
remembered, which scheduled events are due, which ending an accusation picks, how deep one
step's chain of scene entries may go, what each kind of effect can change in a state, and what
a move will spend before the player makes it (the menu's "(1 turn)", :func:`upfront_cost`).
"""

from __future__ import annotations

from typing import Iterable, Optional, assert_never

from game.core.actions import Action, Ask, Choose, Go, Typed
from game.core.model import (
    Add, Branch, Choice, ClearFlag, Effect, Event, Gain, Goto, Lose, Say, SetFlag, Spend, StartAct, Story, Talk,
)
from game.core.context import holds
from game.core.expr import Context
from game.core.state import GameState

#: Scene entries one step may chain through (a ``goto`` or ``start_act`` enters one deeper, and
#: so does an ``if``); past it the engine stops following and says the story loops.
MAX_CHAIN = 32

TIMEOUT_PREFIX = "timeout:"


def timeout_key(act_id: str) -> str:
    """How a state remembers that ``act_id``'s time-out has fired (kept in ``GameState.fired``,
    next to the ids of ``once`` events, which cannot contain a colon)."""
    return TIMEOUT_PREFIX + act_id


def timeouts_fired(state: GameState) -> int:
    """How many act time-outs have fired in this play."""
    return sum(1 for key in state.fired if key.startswith(TIMEOUT_PREFIX))


def wrong_check_cost(story: Story, state: GameState) -> int:
    """The turns a wrong check on the board costs now: the act's ``wrong_deduction`` (default 1).
    The engine spends them; the clock warnings and the proofs read them here."""
    act = story.acts.get(state.act)
    return act.wrong_deduction if act is not None else 0


def event_due(state: GameState, event: Event, context: Context) -> bool:
    """Whether ``event`` fires if checked now (the engine checks after every step, in the story's
    order, and a ``once`` event fires one time only). ``context`` is what conditions see of
    ``state`` (:class:`game.core.engine.EvalContext`)."""
    if event.once and event.id in state.fired:
        return False
    if event.act is not None and event.act != state.act:
        return False
    return bool(event.condition(context))


def timeout_due(story: Story, state: GameState) -> bool:
    """Whether the act's time-out fires if checked now: the clock is empty, the act has an
    ``on_timeout``, and it has not fired yet."""
    act = story.acts.get(state.act)
    return (not state.ended and act is not None and bool(act.on_timeout) and state.time <= 0
            and timeout_key(state.act) not in state.fired)


def times_out(story: Story, before: GameState, state: GameState, spent: bool) -> bool:
    """Whether the act's time-out fires after a step from ``before`` to ``state`` (``spent``:
    the step took time). The clock must be empty (:func:`timeout_due`) and the step must have
    taken time, but a step that arrives somewhere on the act's last turn does not end the act:
    the player arrives, looks round and may act there, and the next step that takes time ends
    it (four testers, T34, T39, T41 and T45, walked into Room 4C on Wednesday's last turn and
    the night ended with the laptop, the planner and the shoe bag in front of them). So a step
    that takes no time never ends an act, and the menu marks what will (it asks the engine)."""
    arrived = before.time > 0 and state.scene != before.scene and state.act == before.act
    return spent and not arrived and timeout_due(story, state)


def due(story: Story, state: GameState, context: Context, events: Optional[Iterable[Event]] = None) -> bool:
    """Whether the check after any step would do anything now: an event is due. (Not the
    time-out: it fires only on a step that takes time, :func:`times_out`.)

    One event can enable another earlier in the story's order, which then fires on the next
    step, whatever that step is; so a state where this holds changes on any step at all.
    ``events`` may narrow the events looked at (to those with effects, say).
    """
    if state.ended:
        return False
    for event in story.events.values() if events is None else events:
        if event_due(state, event, context):
            return True
    return False  # the time-out fires only on a step that takes time (times_out)


def chosen_ending(story: Story, context: Context) -> str:
    """The ending an accusation leads to: the first of the accusation's endings whose condition
    holds in ``context`` (the state with its verdict), or the fallback when none does."""
    acc = story.accusation
    assert acc is not None and acc.endings
    for ending in acc.endings:
        condition = story.endings[ending].condition
        if condition is None or condition(context):
            return ending
    return fallback_ending(story)


def fallback_ending(story: Story) -> str:
    """The accusation's last ending: chosen when no listed condition holds."""
    assert story.accusation is not None and story.accusation.endings
    return story.accusation.endings[-1]


def too_deep(depth: int) -> bool:
    """Whether a scene entry ``depth`` entries into one step's chain is past the engine's limit
    (it then does not happen: the player stays where the chain had got to)."""
    return depth > MAX_CHAIN


def deeper(effect: Effect, depth: int) -> int:
    """The chain depth at which what ``effect`` runs or enters happens: a ``goto``, a
    ``start_act`` and an ``if`` each go one deeper; other effects enter nothing."""
    return depth + 1 if isinstance(effect, (Goto, StartAct, Branch)) else depth


# --- what effects can change ---------------------------------------------------------------

#: GameState fields an effect can change, by itself (a scene it enters may change more: its
#: ``on_enter`` effects run too, and the time-out or events may follow after the step).
ENTRY = frozenset({"scene", "mode", "visits"})


def changes(effect: Effect) -> frozenset[str]:
    """The GameState fields this effect can change when it runs, both sides of an ``if``
    included. Entering a scene counts as ``scene``, ``mode`` and ``visits``; what that scene's
    own entry effects do is theirs (see :func:`moves_player`)."""
    match effect:
        case Gain():
            return frozenset({"clues", "items", "found"})  # found: the order clues came, for their numbers
        case Lose():
            return frozenset({"items"})  # a clue is never taken away: keep.py relies on it
        case SetFlag() | ClearFlag():
            return frozenset({"flags"})
        case Add():
            return frozenset({"counters"})
        case Spend():
            return frozenset({"time"})
        case Say():
            return frozenset()
        case Goto():
            return ENTRY | {"mode"}  # (a goto to an ending ends the story: its mode)
        case StartAct():
            return ENTRY | {"act", "time", "credibility", "silenced"}
        case Talk():
            return frozenset({"mode"})
        case Branch():
            out: frozenset[str] = frozenset()
            for inner in (*effect.then, *effect.otherwise):
                out |= changes(inner)
            return out
        case _:
            assert_never(effect)


def changed_by(effects: Iterable[Effect]) -> frozenset[str]:
    """Every field any of ``effects`` can change."""
    out: frozenset[str] = frozenset()
    for effect in effects:
        out |= changes(effect)
    return out


#: Fields whose change means the player may be somewhere else, in a talk, in another act or
#: with less time: what the proofs call not *calm*.
UNSETTLING = frozenset({"scene", "mode", "act", "time"})


def calm(effects: Iterable[Effect]) -> bool:
    """Effects that cannot move the player, spend time, open a talk or change the act."""
    return not (changed_by(effects) & UNSETTLING)


def moves_player(effect: Effect) -> bool:
    """Whether this effect (not counting ``if`` branches) enters a scene or an ending."""
    return isinstance(effect, (Goto, StartAct))


def entered(story: Story, effect: Effect) -> Optional[str]:
    """The scene (or ending) this effect enters, if it enters one: a goto's target, or the start
    scene of the act a ``start_act`` starts."""
    if isinstance(effect, Goto):
        return effect.target
    if isinstance(effect, StartAct):
        return story.acts[effect.act].start
    return None


def spends_surely(effects: Iterable[Effect]) -> bool:
    """Whether running ``effects`` always spends time (a spend inside one side of an ``if``
    only may not run): what the menu marks as sure (:func:`spent_range`)."""
    return spent_range(effects)[0] > 0


# --- what a move costs, said before the player makes it -------------------------------------


def spent_range(effects: Iterable[Effect]) -> tuple[int, int]:
    """The turns running ``effects`` spends, ``(surely, at most)``: every ``spend`` counts in
    both; of an ``if``, the lesser side counts as sure and the greater as the most (only one
    side runs)."""
    sure = most = 0
    for effect in effects:
        if isinstance(effect, Spend):
            sure, most = sure + max(0, effect.turns), most + max(0, effect.turns)
        elif isinstance(effect, Branch):
            then, otherwise = spent_range(effect.then), spent_range(effect.otherwise)
            sure, most = sure + min(then[0], otherwise[0]), most + max(then[1], otherwise[1])
    return sure, most


def action_cost(story: Story, state: GameState, action: Action) -> int:
    """The turns the engine spends for ``action`` itself, before any of its effects run: a
    choice's ``cost``, a topic's ``cost`` the first time it is asked, the act's ``travel`` for
    an exit; nothing for the rest. :func:`game.core.engine.step` spends exactly this."""
    if isinstance(action, (Choose, Typed)):
        choice = scene_choice(story, state, action.choice)
        return choice.cost if choice is not None else 0
    if isinstance(action, Go):
        act = story.acts.get(state.act)
        return act.travel if act is not None else 0
    if isinstance(action, Ask):
        topic = story.topics.get(action.topic)
        return topic.cost if topic is not None and topic.id not in state.asked else 0
    return 0


def upfront_cost(story: Story, state: GameState, action: Action) -> tuple[int, int]:
    """What the menu says ``action`` will spend before the player picks it: ``(sure, most)``
    turns. ``sure`` is :func:`action_cost` plus what its effects always spend; ``most`` adds a
    ``spend`` on one side of an ``if`` ("may take a turn"). A topic spends only the first time.
    The entry effects of the scene it leads to and the story's events are not counted (the
    bundled story spends no time in either; tests/test_costs.py checks every move of it)."""
    base = action_cost(story, state, action)
    effects: tuple[Effect, ...] = ()
    if isinstance(action, (Choose, Typed)):
        choice = scene_choice(story, state, action.choice)
        effects = choice.effects if choice is not None else ()
    elif isinstance(action, Ask) and action.topic not in state.asked and action.topic in story.topics:
        effects = story.topics[action.topic].effects
    sure, most = spent_range(effects) if base else _spent_from(story, state, effects)
    return base + sure, base + most


def _spent_from(story: Story, state: GameState, effects: Iterable[Effect]) -> tuple[int, int]:
    """:func:`spent_range` with each ``if`` met before anything has changed the state decided
    by the state as it is: "Wake Cassie's laptop" spends a turn only when it was never plugged
    in, and the menu can say which (T35, T36, T38, T40 read "may take a turn" as a riddle).
    Once an effect may have changed the state, what follows is counted both ways, as before."""
    sure = most = 0
    effects = tuple(effects)
    for index, effect in enumerate(effects):
        if isinstance(effect, Say):
            continue
        if isinstance(effect, Branch):
            taken = effect.then if holds(story, state, effect.condition) else effect.otherwise
            if all(isinstance(x, (Say, Spend)) for x in taken):  # the side taken leaves the state as it is but the clock
                spent = sum(max(0, x.turns) for x in taken if isinstance(x, Spend))
                rest = spent_range(effects[index + 1:]) if spent else _spent_from(story, state, effects[index + 1:])
                return sure + spent + rest[0], most + spent + rest[1]
        rest = spent_range(effects[index:])  # from here the state may differ: both ways
        return sure + rest[0], most + rest[1]
    return sure, most


def scene_choice(story: Story, state: GameState, choice_id: str) -> Optional[Choice]:
    """The choice ``choice_id`` of the current scene, or None. Looked up there, not in an index
    over every scene, so a lazily decoded story decodes only the scene the player is in."""
    scene = story.scenes.get(state.scene)
    return next((c for c in scene.choices if c.id == choice_id), None) if scene is not None else None


def closes_act(story: Story, state: GameState, action: Action) -> bool:
    """Whether a scene choice always ends the act's day by itself, whatever the clock: it goes
    to the act's ``on_timeout`` scene (where the day is over: "Lie down and let Thursday go")
    or starts another act. The menu marks it as it marks a move that spends the last turn
    (T23 took the unmarked line for a free one)."""
    if not isinstance(action, Choose):
        return False
    choice = scene_choice(story, state, action.choice)
    if choice is None:
        return False
    act = story.acts.get(state.act)
    ends_day = act is not None and act.on_timeout is not None and (
        choice.goto == act.on_timeout or any(isinstance(x, Goto) and x.target == act.on_timeout for x in choice.effects))
    return ends_day or any(isinstance(x, StartAct) for x in choice.effects)


__all__ = ["MAX_CHAIN", "TIMEOUT_PREFIX", "timeout_key", "timeouts_fired", "wrong_check_cost", "event_due", "timeout_due", "times_out", "due",
           "chosen_ending", "fallback_ending", "too_deep", "deeper", "changes", "changed_by", "calm", "moves_player", "entered", "spends_surely",
           "spent_range", "action_cost", "upfront_cost", "scene_choice", "closes_act",
           "UNSETTLING"]
