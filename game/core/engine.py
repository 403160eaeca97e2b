"""The state machine: ``step(story, state, action) -> (state, events)``.

Pure: no printing, no clock, no randomness, no files. Actions and events are plain data, so
undo is a list of earlier states and every rule here is testable with a function call.
"""

from __future__ import annotations

from typing import Optional, Union

from game.core.model import (
    Add, Branch, ClearFlag, Effect, Gain, Goto, Lose, Say, SetFlag, Spend, StartAct, Story, Talk,
    Choice, Scene,
)
from game.core.record import Record, field, replace
from game.core.state import Accusing, Ended, Exploring, GameState, Talking, Testifying, Verdict

MAX_CHAIN = 32  # scene entries one step may chain through before the engine stops following


# --- actions -------------------------------------------------------------------------------
# ``label`` is for people; it never takes part in equality, so actions compare by their ids.


class Choose(Record):
    choice: str
    label: str = field(default="", compare=False)


class Go(Record):
    scene: str
    label: str = field(default="", compare=False)


class Ask(Record):
    topic: str
    label: str = field(default="", compare=False)


class Hear(Record):
    testimony: str
    label: str = field(default="", compare=False)


class Press(Record):
    label: str = field(default="Press the statement", compare=False)


class Present(Record):
    clue: str
    label: str = field(default="", compare=False)


class Next(Record):
    label: str = field(default="Next statement", compare=False)


class Previous(Record):
    label: str = field(default="Previous statement", compare=False)


class Leave(Record):
    label: str = field(default="Leave", compare=False)


class Deduce(Record):
    deduction: str
    answers: tuple[tuple[str, str], ...]  # (slot id, value) pairs
    label: str = field(default="", compare=False)


class Accuse(Record):
    label: str = field(default="Make the accusation", compare=False)


class Answer(Record):
    value: str
    label: str = field(default="", compare=False)


class Retract(Record):
    label: str = field(default="Not yet: take it back", compare=False)


class Confirm(Record):
    label: str = field(default="Make it final", compare=False)


Action = Union[Choose, Go, Ask, Hear, Press, Present, Next, Previous, Leave, Deduce, Accuse, Answer,
               Retract, Confirm]


# --- events --------------------------------------------------------------------------------


class SceneEntered(Record):
    """A scene was entered; ``act`` and ``time`` are as they were at that moment (a later
    event in the same step, such as a time-out, may move on)."""

    scene: str
    title: str
    place: Optional[str]
    first_visit: bool
    act: str = ""
    time: int = 0


class Narration(Record):
    """Text to show. ``kind`` says where it came from: scene, say, reply, statement, event..."""

    text: str
    kind: str = "say"
    speaker: Optional[str] = None


class ClueFound(Record):
    clue: str
    name: str


class ItemGained(Record):
    item: str
    name: str


class ItemLost(Record):
    item: str
    name: str


class TimePassed(Record):
    turns: int
    left: int


class TimeRanOut(Record):
    act: str


class ActStarted(Record):
    act: str
    number: int
    title: str


class ConversationStarted(Record):
    person: str
    name: str


class ConversationEnded(Record):
    person: str


class StatementShown(Record):
    testimony: str
    statement: str
    index: int
    count: int
    text: str


class StatementBroken(Record):
    statement: str
    clue: str


class WrongPresentation(Record):
    clue: str
    credibility: int


class Silenced(Record):
    person: str
    name: str


class DeductionConfirmed(Record):
    deduction: str
    title: str
    text: str


class DeductionRejected(Record):
    deduction: str
    title: str


class AccusationOpened(Record):
    text: str


class AccusationRetracted(Record):
    pass


class EndingReached(Record):
    ending: str
    title: str
    text: str


class Rejected(Record):
    """The action was not possible; the state is unchanged."""

    reason: str


GameEvent = Union[SceneEntered, Narration, ClueFound, ItemGained, ItemLost, TimePassed, TimeRanOut,
                  ActStarted, ConversationStarted, ConversationEnded, StatementShown, StatementBroken,
                  WrongPresentation, Silenced, DeductionConfirmed, DeductionRejected, AccusationOpened,
                  AccusationRetracted, EndingReached, Rejected]


# --- evaluating conditions -----------------------------------------------------------------


class EvalContext:
    """What a story condition sees of a state (implements :class:`game.core.expr.Context`)."""

    __slots__ = ("story", "state")

    def __init__(self, story: Story, state: GameState) -> None:
        self.story = story
        self.state = state

    @property
    def act_number(self) -> int:
        act = self.story.acts.get(self.state.act)
        return act.number if act else 0

    @property
    def time(self) -> int:
        return self.state.time

    @property
    def credibility(self) -> int:
        return self.state.credibility

    def has(self, name: str) -> bool:
        return name in self.state.clues or name in self.state.items

    def flag(self, name: str) -> bool:
        return name in self.state.flags

    def visits(self, name: str) -> int:
        return self.state.visit_count(name)

    def count(self, name: str) -> int:
        for key, value in self.state.counters:
            if key == name:
                return value
        return self.story.counters.get(name, 0)

    def asked(self, name: str) -> bool:
        return name in self.state.asked

    def broken(self, name: str) -> bool:
        return name in self.state.broken

    def pressed(self, name: str) -> bool:
        return name in self.state.pressed

    def confirmed(self, name: str) -> bool:
        return name in self.state.confirmed

    def accused(self, name: str) -> bool:
        verdict = self.state.verdict
        return verdict is not None and verdict.culprit == name

    def chose(self, name: str) -> bool:
        verdict = self.state.verdict
        return verdict is not None and name in verdict.answers

    def evidence(self, name: str) -> bool:
        verdict = self.state.verdict
        return verdict is not None and name in verdict.evidence

    def clues_tagged(self, tag: str) -> int:
        return len(self.story.clues_by_tag.get(tag, frozenset()) & self.state.clues)


def holds(story: Story, state: GameState, condition) -> bool:
    """Whether an optional condition holds in ``state`` (no condition always holds)."""
    return condition is None or bool(condition(EvalContext(story, state)))


# --- queries -------------------------------------------------------------------------------


def new_game(story: Story, seed: int = 0) -> tuple[GameState, tuple[GameEvent, ...]]:
    """The opening state of ``story`` and the events that introduce it."""
    act = story.acts[story.first_act]
    state = GameState(scene="", act=act.id, time=act.time, credibility=act.credibility,
                      counters=tuple(sorted((k, v) for k, v in story.counters.items() if v)), seed=seed)
    state, entered = enter_scene(story, state, story.start)
    return state, (ActStarted(act.id, act.number, act.title), *entered)


def enter_scene(story: Story, state: GameState, scene_id: str) -> tuple[GameState, tuple[GameEvent, ...]]:
    """Put the player in ``scene_id`` as if they had just walked in: its entry effects run and
    scheduled events are checked. For authors' tools (``play --from``), not for the play loop."""
    events: list[GameEvent] = []
    state = _enter(story, state, scene_id, events, 0)
    state = _after(story, state, events)
    return state, tuple(events)


def visible_choices(story: Story, state: GameState, scene: Scene) -> list[Choice]:
    """The scene's choices the player can see now, fallbacks only when nothing else shows."""
    ctx = EvalContext(story, state)
    shown = [c for c in scene.choices
             if not (c.once and c.id in state.taken) and (c.condition is None or c.condition(ctx))]
    regular = [c for c in shown if not c.fallback]
    if regular or scene.exits:
        return regular
    return [c for c in shown if c.fallback]


def accusation_open(story: Story, state: GameState) -> bool:
    """Whether the player may begin the accusation now."""
    return (story.accusation is not None and state.verdict is None
            and isinstance(state.mode, (Exploring, Talking))
            and holds(story, state, story.accusation.condition))


def available_actions(story: Story, state: GameState) -> tuple[Action, ...]:
    """Every action the player can take now, in the order a menu would list them.

    Deductions are not listed (any combination of answers may be tried); everything else is.
    """
    mode = state.mode
    if isinstance(mode, Ended):
        return ()
    if isinstance(mode, Exploring):
        scene = story.scenes[state.scene]
        actions: list[Action] = [Choose(c.id, c.text) for c in visible_choices(story, state, scene)]
        for target in scene.exits:
            place = story.scenes[target].place
            name = story.places[place].name if place else story.scenes[target].title
            actions.append(Go(target, f"Go to {name}"))
        if accusation_open(story, state):
            actions.append(Accuse())
        return tuple(actions)
    if isinstance(mode, Talking):
        ctx = EvalContext(story, state)
        topics = [t for t in story.topics_by_person.get(mode.person, ()) if t.condition is None or t.condition(ctx)]
        # New questions first, so the top of the list is always something not yet heard.
        actions = [Ask(t.id, t.title) for t in topics if t.id not in state.asked]
        actions += [Hear(t.id, t.title) for t in story.testimonies_by_person.get(mode.person, ())
                    if (t.condition is None or t.condition(ctx)) and not _testimony_done(t, state)]
        actions += [Ask(t.id, t.title) for t in topics if t.id in state.asked]
        actions.append(Leave())
        return tuple(actions)
    if isinstance(mode, Testifying):
        testimony = story.testimonies[mode.testimony]
        statement = testimony.statements[mode.index]
        actions = []
        if statement.press:
            actions.append(Press())
        actions += [Present(c, f"Present {story.clues[c].name}") for c in held_clues(story, state)]
        if len(testimony.statements) > 1:
            actions += [Next(), Previous()]
        actions.append(Leave("Stop listening"))
        return tuple(actions)
    if isinstance(mode, Accusing):
        return tuple(_accusation_choices(story, state, mode)) + (Retract(),)
    raise AssertionError(f"unknown mode {mode!r}")


def accusation_step(story: Story, mode: Accusing) -> tuple[str, str]:
    """Which part of the accusation is being answered: (kind, prompt)."""
    acc = story.accusation
    assert acc is not None
    if mode.culprit is None:
        return "culprit", acc.culprit
    if len(mode.answers) < len(acc.questions):
        return "question", acc.questions[len(mode.answers)].prompt
    if len(mode.evidence) < acc.evidence_count:
        return "evidence", acc.evidence_prompt
    return "confirm", "Is this your accusation?"


def _accusation_choices(story: Story, state: GameState, mode: Accusing) -> list[Action]:
    acc = story.accusation
    assert acc is not None
    kind, _prompt = accusation_step(story, mode)
    if kind == "culprit":
        return [Answer(p.id, p.name) for p in story.suspects]
    if kind == "question":
        return [Answer(o, text) for o, text in acc.questions[len(mode.answers)].options]
    if kind == "evidence":
        return [Answer(c, story.clues[c].name) for c in held_clues(story, state) if c not in mode.evidence]
    return [Confirm()]


def held_clues(story: Story, state: GameState) -> list[str]:
    """The clues in the notebook, in the order the story lists them: the one numbering that
    the notebook, `present N`, the board and the accusation all share."""
    return [c for c in story.clues if c in state.clues]


def _testimony_done(testimony, state: GameState) -> bool:
    breakable = [s.id for s in testimony.statements if s.contradicted_by]
    return bool(breakable) and all(s in state.broken for s in breakable)


# --- the step ------------------------------------------------------------------------------


def step(story: Story, state: GameState, action: Action) -> tuple[GameState, tuple[GameEvent, ...]]:
    """Apply ``action``. An impossible action returns the same state and one :class:`Rejected`."""
    events: list[GameEvent] = []
    reason = _why_not(story, state, action)
    if reason:
        return state, (Rejected(reason),)
    before = state
    state = _apply_action(story, state, action, events)
    if any(isinstance(e, Rejected) for e in events):
        return before, tuple(e for e in events if isinstance(e, Rejected))
    state = replace(state, turn=state.turn + 1)
    state = _after(story, state, events)
    return state, tuple(events)


def _why_not(story: Story, state: GameState, action: Action) -> str:
    mode = state.mode
    if isinstance(mode, Ended):
        return "The story is over. Start a new game to play again."
    if isinstance(action, Deduce):
        if isinstance(mode, Accusing):
            return "Finish or take back the accusation first."
        return ""
    if isinstance(action, Accuse):
        if story.accusation is None:
            return "This story has no accusation."
        if state.verdict is not None:
            return "You have already made your accusation."
        if isinstance(mode, Accusing):
            return "You are already making the accusation."
        if not isinstance(mode, (Exploring, Talking)):
            return "Finish the testimony first."
        if not holds(story, state, story.accusation.condition):
            return "It is too early to accuse anyone: you need more before anyone will listen."
        return ""
    if isinstance(action, Present):
        if not isinstance(mode, Testifying):
            return "There is no testimony in front of you to present evidence against."
        if action.clue not in state.clues:
            name = story.clues[action.clue].name if action.clue in story.clues else action.clue
            return f"You don't have {name!r} in your notebook."
        return ""
    if isinstance(action, Answer) and isinstance(mode, Accusing):
        allowed = {a.value for a in _accusation_choices(story, state, mode) if isinstance(a, Answer)}
        if action.value not in allowed:
            kind, _ = accusation_step(story, mode)
            if kind == "evidence" and action.value in story.clues and action.value not in state.clues:
                return "You can only lay out evidence you have found."
            return "That is not one of the answers to this question."
        return ""
    if action not in available_actions(story, state):
        return "You can't do that now."
    return ""


def _apply_action(story: Story, state: GameState, action: Action, events: list[GameEvent]) -> GameState:
    if isinstance(action, Choose):
        # Look the choice up in the current scene: it was offered there (see _why_not), and
        # this avoids building an index over every scene of a lazily decoded story.
        choice = next(c for c in story.scenes[state.scene].choices if c.id == action.choice)
        if choice.once:
            state = replace(state, taken=state.taken | {choice.id})
        state = _spend(story, state, choice.cost, events)
        if choice.say:
            events.append(Narration(choice.say, "say"))
        state = _run(story, state, choice.effects, events, 0)
        if choice.goto and not state.ended:
            state = _goto(story, state, choice.goto, events, 0)
        return state
    if isinstance(action, Go):
        state = _spend(story, state, story.acts[state.act].travel, events)
        return _goto(story, state, action.scene, events, 0)
    if isinstance(action, Ask):
        topic = story.topics[action.topic]
        first = topic.id not in state.asked
        if first:
            state = replace(state, asked=state.asked | {topic.id})
            state = _spend(story, state, topic.cost, events)
        events.append(Narration(topic.text, "reply", topic.person))
        return _run(story, state, topic.effects, events, 0) if first else state
    if isinstance(action, Hear):
        testimony = story.testimonies[action.testimony]
        index = next((i for i, s in enumerate(testimony.statements) if s.id not in state.broken), 0)
        state = replace(state, mode=Testifying(testimony.id, index))
        events.append(_shown(story, testimony.id, index))
        return state
    if isinstance(action, (Next, Previous)):
        mode = state.mode
        assert isinstance(mode, Testifying)
        count = len(story.testimonies[mode.testimony].statements)
        index = (mode.index + (1 if isinstance(action, Next) else -1)) % count
        events.append(_shown(story, mode.testimony, index))
        return replace(state, mode=Testifying(mode.testimony, index))
    if isinstance(action, Press):
        mode = state.mode
        assert isinstance(mode, Testifying)
        testimony = story.testimonies[mode.testimony]
        statement = testimony.statements[mode.index]
        events.append(Narration(statement.press, "press", testimony.person))
        return replace(state, pressed=state.pressed | {statement.id})
    if isinstance(action, Present):
        return _present(story, state, action.clue, events)
    if isinstance(action, Leave):
        mode = state.mode
        if isinstance(mode, Testifying):
            person = story.testimonies[mode.testimony].person
            return replace(state, mode=Talking(person))
        assert isinstance(mode, Talking)
        events.append(ConversationEnded(mode.person))
        return replace(state, mode=Exploring())
    if isinstance(action, Deduce):
        return _deduce(story, state, action, events)
    if isinstance(action, Accuse):
        assert story.accusation is not None
        events.append(AccusationOpened(story.accusation.text))
        return replace(state, mode=Accusing())
    if isinstance(action, Retract):
        events.append(AccusationRetracted())
        return replace(state, mode=Exploring())
    if isinstance(action, Answer):
        mode = state.mode
        assert isinstance(mode, Accusing)
        kind, _ = accusation_step(story, mode)
        if kind == "culprit":
            return replace(state, mode=replace(mode, culprit=action.value))
        if kind == "question":
            return replace(state, mode=replace(mode, answers=mode.answers + (action.value,)))
        return replace(state, mode=replace(mode, evidence=mode.evidence + (action.value,)))
    if isinstance(action, Confirm):
        return _confirm_accusation(story, state, events)
    raise AssertionError(f"unhandled action {action!r}")


def _shown(story: Story, testimony_id: str, index: int) -> StatementShown:
    testimony = story.testimonies[testimony_id]
    statement = testimony.statements[index]
    return StatementShown(testimony_id, statement.id, index, len(testimony.statements), statement.text)


def _present(story: Story, state: GameState, clue: str, events: list[GameEvent]) -> GameState:
    mode = state.mode
    assert isinstance(mode, Testifying)
    testimony = story.testimonies[mode.testimony]
    statement = testimony.statements[mode.index]
    if clue in statement.contradicted_by and statement.id not in state.broken:
        state = replace(state, broken=state.broken | {statement.id})
        events.append(StatementBroken(statement.id, clue))
        if statement.broken:
            events.append(Narration(statement.broken, "break", testimony.person))
        state = _run(story, state, statement.on_break, events, 0)
        if isinstance(state.mode, Testifying) and _testimony_done(testimony, state):
            state = replace(state, mode=Talking(testimony.person))
        return state
    credibility = max(0, state.credibility - 1)
    state = replace(state, credibility=credibility)
    events.append(WrongPresentation(clue, credibility))
    if credibility == 0:
        person = story.people[testimony.person]
        events.append(Silenced(person.id, person.name))
        events.append(ConversationEnded(person.id))
        state = replace(state, silenced=state.silenced | {person.id}, mode=Exploring())
    return state


def _deduce(story: Story, state: GameState, action: Deduce, events: list[GameEvent]) -> GameState:
    deduction = story.deductions.get(action.deduction)
    if deduction is None:
        events.append(Rejected(f"There is no deduction called {action.deduction!r} on the board."))
        return state
    if deduction.id in state.confirmed:
        events.append(Rejected(f"'{deduction.title}' is already confirmed on the board."))
        return state
    given = dict(action.answers)
    for slot in deduction.slots:
        value = given.get(slot.id, "")
        if not value:
            events.append(Rejected(f"'{slot.prompt}' is still empty: fill every slot before you check."))
            return state
        if slot.kind == "clue" and value not in state.clues:
            events.append(Rejected(f"You can only use clues from your notebook for '{slot.prompt}'."))
            return state
        if slot.kind == "suspect" and value not in story.people:
            events.append(Rejected(f"'{value}' is not one of the people in this case."))
            return state
        if slot.kind == "options" and value not in dict(slot.options):
            events.append(Rejected(f"'{value}' is not one of the choices for '{slot.prompt}'."))
            return state
    if all(given[slot.id] in slot.answers for slot in deduction.slots):
        state = replace(state, confirmed=state.confirmed | {deduction.id})
        events.append(DeductionConfirmed(deduction.id, deduction.title, deduction.text))
        return _run(story, state, deduction.on_confirm, events, 0)
    events.append(DeductionRejected(deduction.id, deduction.title))
    return state


def _confirm_accusation(story: Story, state: GameState, events: list[GameEvent]) -> GameState:
    mode = state.mode
    acc = story.accusation
    assert isinstance(mode, Accusing) and acc is not None and mode.culprit is not None
    state = replace(state, verdict=Verdict(mode.culprit, frozenset(mode.answers), frozenset(mode.evidence)),
                    mode=Exploring())
    ctx = EvalContext(story, state)
    chosen = next((e for e in acc.endings if story.endings[e].condition is None
                   or story.endings[e].condition(ctx)), acc.endings[-1])
    return _goto(story, state, chosen, events, 0)


# --- effects and movement ------------------------------------------------------------------


def _spend(story: Story, state: GameState, turns: int, events: list[GameEvent]) -> GameState:
    if turns <= 0:
        return state
    left = max(0, state.time - turns)
    events.append(TimePassed(state.time - left, left))
    return replace(state, time=left)


def _run(story: Story, state: GameState, effects: tuple[Effect, ...], events: list[GameEvent],
         depth: int) -> GameState:
    for effect in effects:
        if state.ended:
            break
        state = _effect(story, state, effect, events, depth)
    return state


def _effect(story: Story, state: GameState, effect: Effect, events: list[GameEvent], depth: int) -> GameState:
    if isinstance(effect, Gain):
        if effect.target in story.clues:
            if effect.target not in state.clues:
                events.append(ClueFound(effect.target, story.clues[effect.target].name))
                return replace(state, clues=state.clues | {effect.target})
            return state
        if effect.target not in state.items:
            events.append(ItemGained(effect.target, story.items[effect.target].name))
            return replace(state, items=state.items | {effect.target})
        return state
    if isinstance(effect, Lose):
        if effect.target in state.items:
            events.append(ItemLost(effect.target, story.items[effect.target].name))
            return replace(state, items=state.items - {effect.target})
        return state
    if isinstance(effect, SetFlag):
        return replace(state, flags=state.flags | {effect.flag})
    if isinstance(effect, ClearFlag):
        return replace(state, flags=state.flags - {effect.flag})
    if isinstance(effect, Add):
        current = EvalContext(story, state).count(effect.counter)
        return state.with_counter(effect.counter, current + effect.amount)
    if isinstance(effect, Spend):
        return _spend(story, state, effect.turns, events)
    if isinstance(effect, Say):
        events.append(Narration(effect.text, "say"))
        return state
    if isinstance(effect, Goto):
        return _goto(story, state, effect.target, events, depth + 1)
    if isinstance(effect, StartAct):
        act = story.acts[effect.act]
        state = replace(state, act=act.id, time=act.time, credibility=act.credibility, silenced=frozenset())
        events.append(ActStarted(act.id, act.number, act.title))
        return _goto(story, state, act.start, events, depth + 1)
    if isinstance(effect, Talk):
        person = story.people[effect.person]
        if person.id in state.silenced:
            events.append(Narration(f"{person.name} will not talk to you again today.", "event"))
            return state
        events.append(ConversationStarted(person.id, person.name))
        return replace(state, mode=Talking(person.id))
    if isinstance(effect, Branch):
        branch = effect.then if effect.condition(EvalContext(story, state)) else effect.otherwise
        return _run(story, state, branch, events, depth + 1)
    raise AssertionError(f"unhandled effect {effect!r}")


def _goto(story: Story, state: GameState, target: str, events: list[GameEvent], depth: int) -> GameState:
    if target in story.endings:
        return _end(story, state, target, events)
    return _enter(story, state, target, events, depth)


def _enter(story: Story, state: GameState, scene_id: str, events: list[GameEvent], depth: int) -> GameState:
    if depth > MAX_CHAIN:
        events.append(Narration("(The story loops here without end; the author has been told.)", "event"))
        return state
    scene = story.scenes[scene_id]
    first = state.visit_count(scene_id) == 0
    state = replace(state, scene=scene_id, mode=Exploring()).with_visit(scene_id)
    title = scene.title or (story.places[scene.place].name if scene.place else scene_id)
    events.append(SceneEntered(scene_id, title, scene.place, first, state.act, state.time))
    events.append(Narration(scene_text(story, state, scene), "scene"))
    return _run(story, state, scene.on_enter, events, depth)


def scene_text(story: Story, state: GameState, scene: Scene) -> str:
    """What the scene says in ``state``: its text (or its revisit text after the first visit),
    then each extra paragraph whose condition holds. ``state`` already counts this visit."""
    text = scene.revisit if state.visit_count(scene.id) > 1 and scene.revisit else scene.text
    ctx = EvalContext(story, state)
    extras = [x.text.rstrip() for x in scene.extra if x.condition is None or x.condition(ctx)]
    return "\n\n".join([text.rstrip(), *extras]) if extras else text


def _end(story: Story, state: GameState, ending_id: str, events: list[GameEvent]) -> GameState:
    ending = story.endings[ending_id]
    state = replace(state, mode=Ended(ending_id))
    ctx = EvalContext(story, state)
    parts = [ending.text.rstrip()] + [e.text.rstrip() for e in ending.epilogues
                                       if e.condition is None or e.condition(ctx)]
    events.append(EndingReached(ending_id, ending.title, "\n\n".join(parts)))
    return state


def _after(story: Story, state: GameState, events: list[GameEvent]) -> GameState:
    """Scheduled events and the act's time-out, checked after every step."""
    if state.ended:
        return state
    for event in story.events.values():
        if state.ended:
            return state
        if event.once and event.id in state.fired:
            continue
        if event.act is not None and event.act != state.act:
            continue
        if not event.condition(EvalContext(story, state)):
            continue
        if event.once:
            state = replace(state, fired=state.fired | {event.id})
        if event.text:
            events.append(Narration(event.text, "event"))
        state = _run(story, state, event.effects, events, 0)
    act = story.acts.get(state.act)
    key = f"timeout:{state.act}"
    if (not state.ended and act is not None and act.on_timeout and state.time <= 0
            and key not in state.fired):
        state = replace(state, fired=state.fired | {key})
        events.append(TimeRanOut(act.id))
        state = _goto(story, state, act.on_timeout, events, 0)
    return state


def clock_text(story: Story, state: GameState) -> str:
    """The in-story clock, e.g. ``"22:15"``, or ``""`` when the act keeps no clock."""
    act = story.acts.get(state.act)
    if act is None or act.clock is None:
        return ""
    minutes = (act.clock + (act.time - state.time) * act.minutes) % (24 * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
