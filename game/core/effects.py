"""What effects do, and moving between scenes: entering a scene, ending the story, the
scheduled events and the act's time-out after each step. Pure, like the engine that calls it."""

from __future__ import annotations

from typing import Optional, assert_never

from game.core.context import EvalContext
from game.core.events import (
    ActStarted, ClueFound, ConversationStarted, EndingReached, GameEvent, ItemGained, ItemLost, Narration,
    SceneEntered, TimePassed, TimeRanOut,
)
from game.core.model import (
    Add, Branch, ClearFlag, ConditionalText, Effect, Gain, Goto, Lose, Say, Scene, SetFlag, Spend, StartAct,
    Story, Talk,
)
from game.core.people import called
from game.core.record import replace
from game.core.rules import deeper, event_due, timeout_key, times_out, too_deep
from game.core.state import Ended, Exploring, GameState, Talking

def spend(story: Story, state: GameState, turns: int, events: list[GameEvent]) -> GameState:
    if turns <= 0:
        return state
    left = max(0, state.time - turns)
    events.append(TimePassed(state.time - left, left))
    return replace(state, time=left)


def run_effects(story: Story, state: GameState, effects: tuple[Effect, ...], events: list[GameEvent],
         depth: int) -> GameState:
    for effect in effects:
        if state.ended:
            break
        state = apply_effect(story, state, effect, events, depth)
    return state


def apply_effect(story: Story, state: GameState, effect: Effect, events: list[GameEvent], depth: int) -> GameState:
    # One case per effect, checked for exhaustiveness: a new effect that is not handled here
    # fails the type check (see also game/core/rules.changes, what each one can change).
    match effect:
        case Gain():
            if effect.target in story.clues:
                if effect.target not in state.clues:
                    events.append(ClueFound(effect.target, story.clues[effect.target].name))
                    return replace(state, clues=state.clues | {effect.target}, found=state.found + (effect.target,))
                return state
            if effect.target not in state.items:
                events.append(ItemGained(effect.target, story.items[effect.target].name))
                return replace(state, items=state.items | {effect.target})
            return state
        case Lose():
            if effect.target in state.items:
                events.append(ItemLost(effect.target, story.items[effect.target].name))
                return replace(state, items=state.items - {effect.target})
            return state
        case SetFlag():
            return replace(state, flags=state.flags | {effect.flag})
        case ClearFlag():
            return replace(state, flags=state.flags - {effect.flag})
        case Add():
            current = EvalContext(story, state).count(effect.counter)
            return state.with_counter(effect.counter, current + effect.amount)
        case Spend():
            return spend(story, state, effect.turns, events)
        case Say():
            events.append(Narration(effect.text, "say"))
            return state
        case Goto():
            return goto(story, state, effect.target, events, deeper(effect, depth))
        case StartAct():
            act = story.acts[effect.act]
            state = replace(state, act=act.id, time=act.time, credibility=act.credibility, silenced=frozenset())
            events.append(ActStarted(act.id, act.number, act.title))
            return goto(story, state, act.start, events, deeper(effect, depth))
        case Talk():
            person = story.people[effect.person]
            name = called(story, state, person.id)  # "the girl with the ice pack" until named
            if person.id in state.silenced:
                events.append(Narration(f"{called(story, state, person.id, start=True)} will not talk to you again today.", "event"))
                return state
            events.append(ConversationStarted(person.id, name))
            return replace(state, mode=Talking(person.id))
        case Branch():
            branch = effect.then if effect.condition(EvalContext(story, state)) else effect.otherwise
            return run_effects(story, state, branch, events, deeper(effect, depth))
        case _:
            assert_never(effect)


def goto(story: Story, state: GameState, target: str, events: list[GameEvent], depth: int) -> GameState:
    if target in story.endings:
        return end(story, state, target, events)
    return enter(story, state, target, events, depth)


def enter(story: Story, state: GameState, scene_id: str, events: list[GameEvent], depth: int) -> GameState:
    if too_deep(depth):
        events.append(Narration(_loop_message(events, scene_id), "event"))
        return state
    scene = story.scenes[scene_id]
    first = state.visit_count(scene_id) == 0
    state = replace(state, scene=scene_id, mode=Exploring()).with_visit(scene_id)
    events.append(SceneEntered(scene_id, story.scene_title(scene_id), scene.place, first, state.act, state.time))
    events.append(Narration(scene_text(story, state, scene), "scene"))
    return run_effects(story, state, scene.on_enter, events, depth)


def _loop_message(events: list[GameEvent], scene_id: str) -> str:
    """Names the scenes of a chain of entries the engine stopped following, so that a player
    can report them (``validate`` reports such a cycle as E4xx/W4xx before play)."""
    chain = [x.scene for x in events if isinstance(x, SceneEntered)] + [scene_id]
    first: dict[str, int] = {}
    looped = chain
    for index, scene in enumerate(chain):  # the first scene entered twice starts the loop
        if scene in first:
            looped = chain[first[scene]:index]
            break
        first[scene] = index
    names = " -> ".join(f"'{s}'" for s in looped[:8]) + (" ..." if len(looped) > 8 else "")
    return (f"(The story loops here without end, through scenes {names}. "
            f"Please tell the story's author; `ghostlight validate` shows where.)")


def scene_text(story: Story, state: GameState, scene: Scene, again: bool = False) -> str:
    """What the scene says in ``state``: its text (or its revisit text after the first visit,
    or whenever it is described ``again`` to a player already there: ``look``, a load, an
    undo, so that a one-time moment of arrival is not played twice), then each extra
    paragraph whose condition holds. ``state`` already counts this visit.

    Described ``again``, a scene reads as a revisit does, extras included: conditions are
    checked as if this visit were a second one, so an extra meant for the first arrival
    (``visits(scene) == 1``) is not played twice by ``look``."""
    if again:
        while state.visit_count(scene.id) < 2:
            state = state.with_visit(scene.id)
    text = scene.revisit if state.visit_count(scene.id) > 1 and scene.revisit else scene.text
    return with_extras(story, state, text, scene.extra)


def with_extras(story: Story, state: GameState, text: str, extra: tuple[ConditionalText, ...]) -> str:
    """``text`` followed by each extra paragraph whose condition holds in ``state``: the one rule
    for a scene's, a dossier's and a deduction's conditional paragraphs."""
    ctx = EvalContext(story, state)
    extras = [x.text.rstrip() for x in extra if x.condition is None or x.condition(ctx)]
    return "\n\n".join(p for p in [text.rstrip(), *extras] if p) if extras else text


def end(story: Story, state: GameState, ending_id: str, events: list[GameEvent]) -> GameState:
    ending = story.endings[ending_id]
    state = replace(state, mode=Ended(ending_id))
    ctx = EvalContext(story, state)
    parts = [ending.text.rstrip()] + [e.text.rstrip() for e in ending.epilogues
                                       if e.condition is None or e.condition(ctx)]
    events.append(EndingReached(ending_id, ending.title, "\n\n".join(parts)))
    return state


def after_step(story: Story, state: GameState, events: list[GameEvent], before: Optional[GameState] = None) -> GameState:
    """Scheduled events and the act's time-out, checked after every step (``before``: the state
    the step began in, which says whether it arrived somewhere; ``events``: all of the step's,
    which say whether it took time)."""
    if state.ended:
        return state
    for event in story.events.values():
        if state.ended:
            return state
        if not event_due(state, event, EvalContext(story, state)):
            continue
        if event.once:
            state = replace(state, fired=state.fired | {event.id})
        if event.text:
            events.append(Narration(event.text, "event"))
        state = run_effects(story, state, event.effects, events, 0)
    spent = any(isinstance(x, TimePassed) for x in events)
    if times_out(story, state if before is None else before, state, spent):
        act = story.acts[state.act]
        state = replace(state, fired=state.fired | {timeout_key(act.id)})
        events.append(TimeRanOut(act.id))
        assert act.on_timeout is not None
        state = goto(story, state, act.on_timeout, events, 0)
    return state


def clock_text(story: Story, state: GameState) -> str:
    """The in-story clock, e.g. ``"22:15"``, or ``""`` when the act keeps no clock."""
    act = story.acts.get(state.act)
    if act is None or act.clock is None:
        return ""
    minutes = (act.clock + (act.time - state.time) * act.minutes) % (24 * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"

