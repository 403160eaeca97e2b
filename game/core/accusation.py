"""The accusation's rules: when it may open, what each step asks, which answers it takes, why
an answer is refused, and the verdict that picks the ending. Pure; the engine's ``step`` calls
these (and re-exports the public names)."""

from __future__ import annotations

from game.core.actions import Accuse, Action, Answer, Confirm
from game.core.context import EvalContext, holds
from game.core.effects import goto
from game.core.events import GameEvent
from game.core.menu import clue_order
from game.core.model import Story
from game.core.people import known_people
from game.core.record import replace
from game.core.rules import chosen_ending
from game.core.state import Accusing, Exploring, GameState, Talking, Verdict


def accusation_open(story: Story, state: GameState) -> bool:
    """Whether the player may begin the accusation now."""
    return (story.accusation is not None and state.verdict is None
            and isinstance(state.mode, (Exploring, Talking))
            and holds(story, state, story.accusation.condition))


def _too_early(story: Story, state: GameState) -> str:
    """Why the accusation is not open yet, naming the act it opens in when a later act opens it
    as things stand (T36 had every deduction and read "you need more" on Thursday: it was Friday
    it waited for)."""
    assert story.accusation is not None
    now = story.acts.get(state.act)
    later = sorted((a for a in story.acts.values() if now is not None and a.number > now.number), key=lambda a: a.number)
    opens = next((a for a in later if holds(story, replace(state, act=a.id), story.accusation.condition)), None)
    if opens is not None:
        return (f"It is too early to accuse anyone: the accusation opens in Act {opens.number}, {opens.title}. "
                "Until then, gather what you will need.")
    return "It is too early to accuse anyone: you need more before anyone will listen."


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


def accusation_choices(story: Story, state: GameState, mode: Accusing) -> list[Action]:
    """The answers the current step of the accusation offers, in menu order."""
    acc = story.accusation
    assert acc is not None
    kind, _prompt = accusation_step(story, mode)
    if kind == "culprit":  # only people the player knows by name: a list never introduces anyone
        return [Answer(p.id, p.name) for p in known_people(story, state, suspects_only=True)]
    if kind == "question":
        return [Answer(o, text) for o, text in acc.questions[len(mode.answers)].options]
    if kind == "evidence":
        # Every held clue, chosen or not, in the game's clue order: the menu's numbers are the
        # clue numbers and stay put as evidence is picked; choosing a chosen clue again puts
        # it back.
        return [Answer(c, story.clues[c].name) for c in clue_order(story, state)]
    return [Confirm()]


def accusation_refusal(story: Story, state: GameState, action: Accuse | Answer) -> str:
    """Why ``action`` (opening the accusation, or answering it while it is open) is refused
    now; "" when it is allowed."""
    mode = state.mode
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
            return _too_early(story, state)
        return ""
    assert isinstance(mode, Accusing)
    allowed = {a.value for a in accusation_choices(story, state, mode) if isinstance(a, Answer)}
    if action.value not in allowed:
        kind, _ = accusation_step(story, mode)
        if kind == "evidence" and action.value in story.clues and action.value not in state.clues:
            return "You can only lay out evidence you have found."
        return "That is not one of the answers to this question."
    return ""


def answer_accusation(story: Story, state: GameState, action: Answer) -> GameState:
    """Record an allowed answer to the current step; choosing a chosen clue again puts it back."""
    mode = state.mode
    assert isinstance(mode, Accusing)
    kind, _ = accusation_step(story, mode)
    if kind == "culprit":
        return replace(state, mode=replace(mode, culprit=action.value))
    if kind == "question":
        return replace(state, mode=replace(mode, answers=mode.answers + (action.value,)))
    if action.value in mode.evidence:
        kept = tuple(c for c in mode.evidence if c != action.value)
        return replace(state, mode=replace(mode, evidence=kept))
    return replace(state, mode=replace(mode, evidence=mode.evidence + (action.value,)))


def confirm_accusation(story: Story, state: GameState, events: list[GameEvent]) -> GameState:
    """Make the accusation final: the verdict is kept and the ending it chooses is entered."""
    mode = state.mode
    acc = story.accusation
    assert isinstance(mode, Accusing) and acc is not None and mode.culprit is not None
    state = replace(state, verdict=Verdict(mode.culprit, frozenset(mode.answers), frozenset(mode.evidence)),
                    mode=Exploring())
    chosen = chosen_ending(story, EvalContext(story, state))
    return goto(story, state, chosen, events, 0)
