"""The state machine: ``step(story, state, action) -> (state, events)``.

Pure: no printing, no clock, no randomness, no files. Actions and events are plain data, so
undo is a list of earlier states and every rule here is testable with a function call.
"""

from __future__ import annotations

from typing import Optional, assert_never

from game.core.actions import (  # noqa: F401  (re-exported: the engine's public API)
    Choose, Typed, Go, Ask, Hear, Press, Present, Next, Previous,
    Leave, Deduce, Accuse, Answer, Retract, Confirm, Action,
)
from game.core.context import EvalContext, holds  # noqa: F401  (re-exported)
from game.core.effects import (  # noqa: F401  (scene_text, with_extras, clock_text re-exported)
    after_step, apply_effect, clock_text, end, enter, goto, run_effects, scene_text, spend, with_extras,
)
from game.core.events import (  # noqa: F401  (re-exported: the engine's public API)
    WrongAnswer, SceneEntered, Narration, ClueFound, ItemGained, ItemLost, TimePassed,
    TimeRanOut, ActStarted, ConversationStarted, ConversationEnded, StatementShown, StatementBroken,
    TestimonyClosed, WrongPresentation, PresentationAnswered, Silenced, DeductionConfirmed, DeductionRejected, AccusationOpened,
    AccusationRetracted, EndingReached, Rejected, GameEvent,
)
from game.core import answers
from game.core.blanks import slot_options
from game.core.accusation import (  # noqa: F401  (accusation_open, accusation_step re-exported)
    accusation_choices, accusation_open, accusation_refusal, accusation_step, answer_accusation,
    confirm_accusation,
)
from game.core.menu import (  # noqa: F401  (re-exported)
    LEAVE_NUMBER, by_number, clue_order, in_gone_places, in_talk_order, is_done, menu_numbers, number_of, with_done,
    with_talk_order,
)
from game.core.model import Choice, Scene, Story, Testimony
from game.core.people import called, choice_label, known_people
from game.core.record import replace
from game.core.rules import MAX_CHAIN, action_cost, scene_choice, wrong_check_cost  # noqa: F401  (MAX_CHAIN re-exported)
from game.core.state import Accusing, Ended, Exploring, GameState, Talking, Testifying


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
    state = enter(story, state, scene_id, events, 0)
    state = after_step(story, state, events)
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


def available_actions(story: Story, state: GameState) -> tuple[Action, ...]:
    """Every action the player can take now, in the order a menu would list them.

    Deductions are not listed (any combination of answers may be tried); everything else is.
    """
    global _LAST_ACTIONS
    # The last answer is kept, by identity: states are immutable, and the tools that try every
    # action from one state (explore) would otherwise rebuild the menu once per action in step.
    last = _LAST_ACTIONS
    if last[0] is story and last[1] is state:
        return last[2]
    actions = _available_actions(story, state)
    _LAST_ACTIONS = (story, state, actions)  # one tuple: swapped atomically
    return actions


_LAST_ACTIONS: tuple[Optional[Story], Optional[GameState], tuple[Action, ...]] = (None, None, ())


def _available_actions(story: Story, state: GameState) -> tuple[Action, ...]:
    mode = state.mode
    match mode:
        case Ended():
            return ()
        case Exploring():
            scene = story.scenes[state.scene]
            # A choice that asks for an answer is offered as a Typed with no text: the play loop
            # asks for the text when it is picked (the menu never holds an answer).
            actions: list[Action] = [Choose(c.id, choice_label(story, state, c)) if c.answer is None
                                     else Typed(c.id, "", choice_label(story, state, c))
                                     for c in visible_choices(story, state, scene)]
            for target in scene.exits:
                actions.append(Go(target, f"Go to {story.place_name(target)}"))
            if accusation_open(story, state):
                actions.append(Accuse())
            return tuple(actions)
        case Talking():
            ctx = EvalContext(story, state)
            topics = [t for t in story.topics_by_person.get(mode.person, ())
                      if t.condition is None or t.condition(ctx)]
            # Asked topics keep their place (the menu marks them), and lines that open later come
            # after those already seen (menu.in_talk_order), so a number learnt still picks its line.
            lines: list[Action] = [Ask(t.id, t.title) for t in topics]
            lines += [Hear(t.id, t.title) for t in story.testimonies_by_person.get(mode.person, ())
                      if (t.condition is None or t.condition(ctx)) and not _testimony_done(t, state)]
            return (*in_talk_order(state, lines), Leave())
        case Testifying():
            testimony = story.testimonies[mode.testimony]
            statement = testimony.statements[mode.index]
            actions = []
            if statement.press:
                actions.append(Press())
            actions += [Present(c, f"Present {story.clues[c].name}") for c in clue_order(story, state)]
            if len(testimony.statements) > 1:
                actions += [Next(), Previous()]
            actions.append(Leave("Stop listening"))
            return tuple(actions)
        case Accusing():
            return tuple(accusation_choices(story, state, mode)) + (Retract(),)
        case _:
            assert_never(mode)  # every mode is handled above: mypy checks it


def proof_actions(story: Story, state: GameState) -> tuple[Action, ...]:
    """The available actions as a tool that plays without a player tries them: each choice
    that asks for an answer is typed with the story's first accepted answer. A wrong answer
    is never worth trying: it changes nothing (see :func:`step`)."""
    actions = available_actions(story, state)
    if not any(isinstance(a, Typed) for a in actions):
        return actions
    return tuple(typed_right(story, state, a) if isinstance(a, Typed) else a for a in actions)


def typed_right(story: Story, state: GameState, action: Typed) -> Action:
    """``action`` with the story's first accepted answer typed (unchanged when it accepts none)."""
    choice = next((c for c in story.scenes[state.scene].choices if c.id == action.choice), None)
    right = answers.first_answer(choice) if choice is not None else None
    return action if right is None else replace(action, text=right)


def menu_actions(story: Story, state: GameState) -> tuple[Action, ...]:
    """The actions the menu numbers: every available action but presenting a clue. A clue is
    presented by typing ``present N`` (N its number in the notebook), never by a menu number,
    so a stray digit during a testimony never costs credibility. A once-only choice already
    taken keeps its line and number, marked done (:func:`game.core.menu.with_done`)."""
    return with_done(story, state, [a for a in available_actions(story, state) if not isinstance(a, Present)])


def _testimony_done(testimony: Testimony, state: GameState) -> bool:
    breakable = [s.id for s in testimony.statements if s.contradicted_by]
    return bool(breakable) and all(s in state.broken for s in breakable)


# --- the step ------------------------------------------------------------------------------


def step(story: Story, state: GameState, action: Action) -> tuple[GameState, tuple[GameEvent, ...]]:
    """Apply ``action``. An impossible action returns the same state and one :class:`Rejected`."""
    events: list[GameEvent] = []
    reason = _why_not(story, state, action)
    if reason:
        return state, (Rejected(reason),)
    if isinstance(action, Typed):
        choice = _choice(story, state, action.choice)
        assert choice.answer is not None  # offered as Typed only then (see _why_not)
        if not answers.matches(choice.answer, action.text):
            # A wrong answer costs nothing and changes nothing: the state is the same value, so
            # undo, saves and the proofs never see it. Why free: the answer is typed, not picked
            # from a list, so it cannot be found by trying the menu; and a player who has found
            # the answer must not lose time to a typo.
            return state, (WrongAnswer(choice.id, action.text, choice.answer.wrong),)
    before = state
    if isinstance(state.mode, Talking):  # the talk menu the player chose from was seen, in its order
        state = with_talk_order(state, available_actions(story, state))
    state = _apply_action(story, state, action, events)
    if any(isinstance(e, Rejected) for e in events):
        return before, tuple(e for e in events if isinstance(e, Rejected))
    state = replace(state, turn=state.turn + 1)
    state = after_step(story, state, events, before)
    state = _conversation_over(story, state, events)
    if isinstance(state.mode, Talking) and _talking_with(story, before) == state.mode.person:
        # still with the same person (or back from their testimony): a line that came takes the
        # place of one that went
        state = in_gone_places(state, available_actions(story, state))
    return state, tuple(events)


def _talking_with(story: Story, state: GameState) -> Optional[str]:
    """Who the player is talking with (in a talk or hearing their testimony), if anyone."""
    mode = state.mode
    if isinstance(mode, Talking):
        return mode.person
    return story.testimonies[mode.testimony].person if isinstance(mode, Testifying) else None


def _conversation_over(story: Story, state: GameState, events: list[GameEvent]) -> GameState:
    """The one rule for a conversation the story has ended, checked after every step: a
    testimony whose condition no longer holds is over (back to its witness), and a person with
    nothing left to offer (no topic, no testimony: only "Leave") ends the talk."""
    mode = state.mode
    if isinstance(mode, Testifying):
        testimony = story.testimonies[mode.testimony]
        if testimony.condition is None or testimony.condition(EvalContext(story, state)):
            return state
        state = replace(state, mode=Talking(testimony.person))
        mode = state.mode
    if isinstance(mode, Talking) and all(isinstance(a, Leave) for a in available_actions(story, state)):
        events.append(ConversationEnded(mode.person, by_them=True))
        return replace(state, mode=Exploring())
    return state


def _why_not(story: Story, state: GameState, action: Action) -> str:
    mode = state.mode
    if isinstance(mode, Ended):
        return "The story is over. Start a new game to play again."
    if isinstance(action, Deduce):
        if isinstance(mode, Accusing):
            return "Finish or take back the accusation first."
        if not on_board(story, state, action.deduction):
            # Unknown, or its `if:` is false: the board does not show it, so checking it would
            # leak a deduction the player has not reached (and spend time on it). Names nothing.
            return "There is no such deduction on the board."
        return ""
    if isinstance(action, Accuse) or (isinstance(action, Answer) and isinstance(mode, Accusing)):
        return accusation_refusal(story, state, action)
    if isinstance(action, Present):
        if not isinstance(mode, Testifying):
            return "There is no testimony in front of you to present evidence against."
        if action.clue not in state.clues:
            name = story.clues[action.clue].name if action.clue in story.clues else action.clue
            return f"You don't have {name!r} in your notebook."
        return ""
    if isinstance(action, Typed):
        # The answer's length is checked first, before any other work (answers.problem).
        said = answers.problem(action.text)
        if said or replace(action, text="") in available_actions(story, state):
            return said
        return "You can't do that now."
    if action not in available_actions(story, state):
        if isinstance(action, Choose) and Typed(action.choice) in available_actions(story, state):
            return "That choice asks for an answer: pick it from the menu and type the answer."
        return "You can't do that now."
    return ""


def _apply_action(story: Story, state: GameState, action: Action, events: list[GameEvent]) -> GameState:
    # Longer than 60 lines for a reason: one short case per action, in one match, so the type
    # checker sees every action handled (a new action fails mypy here until it has its case).
    match action:
        case Choose() | Typed():  # a Typed gets here only with a right answer
            choice = _choice(story, state, action.choice)
            if choice.once:
                state = replace(state, taken=state.taken | {choice.id})
            state = spend(story, state, action_cost(story, state, action), events)
            if choice.say:
                events.append(Narration(choice.say, "say"))
            state = run_effects(story, state, choice.effects, events, 0)
            if choice.goto and not state.ended:
                state = goto(story, state, choice.goto, events, 0)
            return state
        case Go():
            state = spend(story, state, action_cost(story, state, action), events)
            return goto(story, state, action.scene, events, 0)
        case Ask():
            topic = story.topics[action.topic]
            first, who = topic.id not in state.asked, called(story, state, topic.person, start=True)
            if first:
                state = spend(story, state, action_cost(story, state, action), events)  # before `asked`: it reads it
                state = replace(state, asked=state.asked | {topic.id})
            events.append(Narration(topic.text, "reply", topic.person, who, again=not first))
            return run_effects(story, state, topic.effects, events, 0) if first else state
        case Hear():
            testimony = story.testimonies[action.testimony]
            index, left = resume_at(story, state, testimony.id)
            again = any(s.id in state.heard for s in testimony.statements)
            state = replace(state, mode=Testifying(testimony.id, index), left_at=_left_at(state, testimony.id, index),
                            heard=state.heard | {testimony.statements[index].id})
            events.append(replace(_shown(story, testimony.id, index), again=again, left=left if again else -1))
            return state
        case Next() | Previous():
            mode = state.mode
            assert isinstance(mode, Testifying)
            count = len(story.testimonies[mode.testimony].statements)
            ahead = mode.index + (1 if isinstance(action, Next) else -1)
            index = ahead % count
            events.append(replace(_shown(story, mode.testimony, index), wrapped=count > 1 and ahead != index))
            heard = state.heard | {story.testimonies[mode.testimony].statements[index].id}
            return replace(state, mode=Testifying(mode.testimony, index), heard=heard,
                           left_at=_left_at(state, mode.testimony, index))
        case Press():
            mode = state.mode
            assert isinstance(mode, Testifying)
            testimony = story.testimonies[mode.testimony]
            statement = testimony.statements[mode.index]
            events.append(Narration(statement.press, "press", testimony.person,
                                    called(story, state, testimony.person, start=True)))
            return replace(state, pressed=state.pressed | {statement.id})
        case Present():
            return _present(story, state, action.clue, events)
        case Leave():
            mode = state.mode
            if isinstance(mode, Testifying):
                person = story.testimonies[mode.testimony].person
                return replace(state, mode=Talking(person))
            assert isinstance(mode, Talking)
            events.append(ConversationEnded(mode.person))
            return replace(state, mode=Exploring())
        case Deduce():
            return _deduce(story, state, action, events)
        case Accuse():
            assert story.accusation is not None
            events.append(AccusationOpened(story.accusation.text))
            return replace(state, mode=Accusing())
        case Retract():
            events.append(AccusationRetracted())
            return replace(state, mode=Exploring())
        case Answer():
            return answer_accusation(story, state, action)
        case Confirm():
            return confirm_accusation(story, state, events)
        case _:
            assert_never(action)  # every action is handled above: mypy checks it


def _choice(story: Story, state: GameState, choice_id: str) -> Choice:
    """A choice of the current scene (:func:`game.core.rules.scene_choice`); it was offered
    there (see _why_not), so it is found."""
    choice = scene_choice(story, state, choice_id)
    assert choice is not None, choice_id
    return choice


def resume_at(story: Story, state: GameState, testimony_id: str) -> tuple[int, int]:
    """Where a testimony begins when it is heard, and where the player last left it (-1: never).

    It always begins at its first statement, as it did the first time: three blind testers
    (T30, T32, T33) reopened one, counted "next" from 1 and presented at the wrong statement
    when it began where they had left it. Where they left it is said with it (the notice), and
    a clue presented before moving on is confirmed with the statement's words (T28 and T21 came
    back for a later statement and presented at once): game.play.presenting.doubt."""
    left = dict(state.left_at).get(testimony_id, -1)
    return 0, left if 0 <= left < len(story.testimonies[testimony_id].statements) else -1


def _left_at(state: GameState, testimony_id: str, index: int) -> tuple[tuple[str, int], ...]:
    """``state.left_at`` with ``testimony_id`` now at statement ``index`` (kept sorted)."""
    return tuple(sorted({**dict(state.left_at), testimony_id: index}.items()))


def _shown(story: Story, testimony_id: str, index: int) -> StatementShown:
    testimony = story.testimonies[testimony_id]
    statement = testimony.statements[index]
    return StatementShown(testimony_id, statement.id, index, len(testimony.statements), statement.text)


def _present(story: Story, state: GameState, clue: str, events: list[GameEvent]) -> GameState:
    mode = state.mode
    assert isinstance(mode, Testifying)
    testimony = story.testimonies[mode.testimony]
    statement = testimony.statements[mode.index]
    if statement.broken_by(clue, state.clues) and statement.id not in state.broken:
        who = called(story, state, testimony.person, start=True)  # before the break names anyone
        state = replace(state, broken=state.broken | {statement.id})
        events.append(StatementBroken(statement.id, clue))
        text = statement.break_text(clue, state.clues)  # the entry's own text, or the statement's
        if text:
            events.append(Narration(text, "break", testimony.person, who))
        state = run_effects(story, state, statement.on_break, events, 0)
        if isinstance(state.mode, Testifying) and _testimony_done(testimony, state):
            if testimony.closing:  # the witness says the talk on it is over, in the story's words
                events.append(Narration(testimony.closing, "break", testimony.person, who))
            standing = sum(1 for s in testimony.statements if s.id not in state.broken)
            events.append(TestimonyClosed(testimony.id, standing))
            state = replace(state, mode=Talking(testimony.person))
        return state
    reply = statement.near_reply(clue) if statement.id not in state.broken else ""
    if reply:  # an arguable clue: the witness answers it, and it costs nothing
        events.append(Narration(reply, "near", testimony.person, called(story, state, testimony.person, start=True)))
        events.append(PresentationAnswered(clue, statement.id))
        return state
    credibility = max(0, state.credibility - 1)
    state = replace(state, credibility=credibility)
    events.append(WrongPresentation(clue, credibility, statement.id))
    if credibility == 0:
        person = story.people[testimony.person]
        events.append(Silenced(person.id, called(story, state, person.id)))
        events.append(ConversationEnded(person.id))
        state = replace(state, silenced=state.silenced | {person.id}, mode=Exploring())
    return state


def on_board(story: Story, state: GameState, deduction_id: str) -> bool:
    """Whether a deduction is on the board now: it is confirmed, or its ``if`` holds (or it has
    none). The one rule: the board (``mystery.board``) shows these, the engine checks only these."""
    deduction = story.deductions.get(deduction_id)
    if deduction is None:
        return False
    return deduction_id in state.confirmed or deduction.condition is None or bool(deduction.condition(EvalContext(story, state)))


def _deduce(story: Story, state: GameState, action: Deduce, events: list[GameEvent]) -> GameState:
    deduction = story.deductions[action.deduction]  # on the board (see _why_not)
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
        if slot.kind == "suspect" and value not in dict(slot_options(story, state, slot)):
            # The board offers only the suspects the player knows by name, and of those only the
            # slot's ``among`` (blanks.slot_options); a known one left out is named, since the
            # player knows them; an unknown one is not, so no name is given away.
            known = {p.id for p in known_people(story, state, suspects_only=True)}
            events.append(Rejected(f"'{story.people[value].name}' is not one of the choices for '{slot.prompt}'."
                                   if value in known else f"You can only name a suspect you know for '{slot.prompt}'."))
            return state
        if slot.kind == "options" and value not in dict(slot.options):
            events.append(Rejected(f"'{value}' is not one of the choices for '{slot.prompt}'."))
            return state
    right = sum(given[slot.id] in slot.answers for slot in deduction.slots)  # the one judgement
    if right == len(deduction.slots):
        state = replace(state, confirmed=state.confirmed | {deduction.id})
        events.append(DeductionConfirmed(deduction.id, deduction.title,
                                         with_extras(story, state, deduction.text, deduction.extra)))
        return run_effects(story, state, deduction.on_confirm, events, 0)
    # A wrong check costs time like any costed action (the act's wrong_deduction turns, one by
    # default), so the board cannot be brute-forced for free; at the deadline it ends the act
    # (the time-out runs after the step, as for any move that spends the last turn).
    turns = wrong_check_cost(story, state)
    events.append(DeductionRejected(deduction.id, deduction.title, turns, turns * story.acts[state.act].minutes,
                                    right, len(deduction.slots)))
    return spend(story, state, turns, events)


__all__ = [
    "Choose", "Typed", "Go", "Ask", "Hear", "Press", "Present", "Next", "Previous",
    "Leave", "Deduce", "Accuse", "Answer", "Retract", "Confirm", "Action", "EvalContext",
    "holds", "clock_text", "scene_text", "with_extras", "SceneEntered", "Narration", "ClueFound", "ItemGained",
    "ItemLost", "TimePassed", "TimeRanOut", "ActStarted", "ConversationStarted", "ConversationEnded", "StatementShown", "StatementBroken",
    "TestimonyClosed", "WrongPresentation", "PresentationAnswered", "Silenced", "DeductionConfirmed", "DeductionRejected", "AccusationOpened", "AccusationRetracted", "EndingReached", "Rejected",
    "GameEvent", "WrongAnswer", "MAX_CHAIN", "LEAVE_NUMBER", "menu_numbers", "number_of", "by_number", "is_done", "new_game", "on_board", "enter_scene", "visible_choices", "accusation_open", "available_actions", "proof_actions", "typed_right", "menu_actions",
    "accusation_step", "clue_order", "step",
]
