"""How the menu is numbered: the one numbering the menu, the typed line, the hints and the
walkthroughs read; and the clue numbers (:func:`clue_order`) the notebook and every menu share.
Pure."""

from __future__ import annotations

from typing import Optional, Sequence

from game.core.actions import Action, Ask, Choose, Hear, Leave, Retract, Typed
from game.core.model import Story
from game.core.people import choice_label
from game.core.record import replace
from game.core.state import Exploring, GameState

#: the number that always means "Leave" (a conversation, or a testimony: "Stop listening")
LEAVE_NUMBER = 0


def menu_numbers(actions: Sequence[Action]) -> tuple[int, ...]:
    """The number the player types for each of ``actions`` (a menu, in its order): the one
    numbering the menu, the typed line, the hints and the walkthroughs read. Leaving is always
    0, so its number never moves when a new topic opens above it (a blind tester's habitual
    "8" reopened a testimony once a topic had appeared), and so is taking the accusation back
    (T30's habitual "6" for it accused the person newly met above it); the rest count 1, 2, 3
    in order."""
    out: list[int] = []
    counted = 0
    for action in actions:
        if isinstance(action, (Leave, Retract)):
            out.append(LEAVE_NUMBER)
        else:
            counted += 1
            out.append(counted)
    return tuple(out)


def by_number(actions: Sequence[Action], number: int) -> Optional[Action]:
    """The action ``number`` picks from the menu ``actions`` (see :func:`menu_numbers`)."""
    for n, action in zip(menu_numbers(actions), actions):
        if n == number:
            return action
    return None


def number_of(actions: Sequence[Action], action: Action) -> int:
    """The number the player types for ``action``, one of the menu ``actions``."""
    return menu_numbers(actions)[list(actions).index(action)]


def with_done(story: Story, state: GameState, actions: Sequence[Action]) -> tuple[Action, ...]:
    """The scene's menu: ``actions`` (the engine's, in its order) with each once-only choice
    already taken kept in its place while its ``if:`` still holds, so a number the player learnt
    keeps picking the same line (a blind tester's "2" read the rota once the parapet was
    walked). The engine's actions are unchanged: a done line is only shown and numbered
    (:func:`is_done`); picking it costs nothing. A taken line stays even when its ``if:`` has
    turned false: most such conditions are ``not has(the clue it gave)``, and a line that went
    the moment it was used renumbered the ones below it (blind testers T10, T11)."""
    if not isinstance(state.mode, Exploring) or not state.taken:
        return tuple(actions)
    scene = story.scenes.get(state.scene)
    if scene is None:
        return tuple(actions)
    live = {a.choice: a for a in actions if isinstance(a, (Choose, Typed))}
    out: list[Action] = []
    for choice in scene.choices:
        if choice.id in live:
            out.append(live[choice.id])
        elif choice.once and choice.id in state.taken:
            out.append(Choose(choice.id, choice_label(story, state, choice)))
    out += [a for a in actions if not isinstance(a, (Choose, Typed))]
    return tuple(out)


def is_done(story: Story, state: GameState, action: Action) -> bool:
    """Whether ``action`` is a once-only choice of this scene already taken: the menu shows it
    dimmed, "(done)", and picking it says so and changes nothing (:func:`with_done`)."""
    if not isinstance(action, (Choose, Typed)) or action.choice not in state.taken:
        return False
    scene = story.scenes.get(state.scene)
    return scene is not None and any(c.id == action.choice and c.once for c in scene.choices)


def talk_key(action: Action) -> Optional[str]:
    """The id a talk menu line is remembered by in ``GameState.talk_order`` (a topic's or a
    testimony's: ids are unique across the story), or ``None`` for a line that is not one."""
    if isinstance(action, Ask):
        return action.topic
    if isinstance(action, Hear):
        return action.testimony
    return None


def in_talk_order(state: GameState, lines: Sequence[Action]) -> list[Action]:
    """A talk menu's topic and testimony ``lines`` (given in the story's order) in the order the
    player first saw them offered: the lines already seen keep their order, and a line that
    opened since comes after them, in the story's order. So a topic that opens later never
    pushes down the line a number was learnt for (T33: "The name Vance" opened above the
    testimony line, and a remembered 5 asked it and spent a turn)."""
    place = {key: i for i, key in enumerate(state.talk_order)}
    unseen = len(place)
    return sorted(lines, key=lambda a: place.get(talk_key(a) or "", unseen))  # stable: ties keep story order


def with_talk_order(state: GameState, actions: Sequence[Action]) -> GameState:
    """``state`` remembering the talk menu ``actions`` (on screen in that order) as seen: their
    order (``talk_order``, first seen first) and which were on screen (``talk_seen``)."""
    keys = tuple(k for k in (talk_key(a) for a in actions) if k is not None)
    known = set(state.talk_order)
    new = tuple(k for k in keys if k not in known)
    if not new and keys == state.talk_seen:
        return state
    return replace(state, talk_order=state.talk_order + new, talk_seen=keys)


def in_gone_places(state: GameState, now: Sequence[Action]) -> GameState:
    """``state`` with the talk lines that opened since the talk menu was last chosen from (``now``
    the menu after) put in the places of lines that were on it then and have gone, so every
    other line keeps its number: Theo's promise gives way to its "too late" line when he is
    cleared, Marcus's knot threads to what he saw on the roof, also when a testimony was heard
    in between (T31; T42's remembered 9 took the new line and ended the act). Any more new lines
    than went come after the rest, as lines that open later do (:func:`in_talk_order`)."""
    shown = {talk_key(a) for a in now} - {None}
    gone = [k for k in state.talk_seen if k not in shown]
    order = list(state.talk_order)
    new = [k for k in (talk_key(a) for a in now) if k is not None and k not in order]
    if not gone or not new:
        return state
    for went, came in zip(gone, new):
        order.insert(order.index(went) + 1, came)
    return replace(state, talk_order=tuple(order))


def heard_through(story: Story, state: GameState, testimony_id: str) -> bool:
    """Whether every statement of the testimony has been shown to the player: the talk menu
    marks it as it marks an asked topic."""
    return testimony_id in story.testimonies and not unheard(story, state, testimony_id)


def unheard(story: Story, state: GameState, testimony_id: str) -> list[int]:
    """The indexes of the testimony's statements never shown to the player (none for a
    testimony the story does not have)."""
    testimony = story.testimonies.get(testimony_id)
    return [i for i, s in enumerate(testimony.statements) if s.id not in state.heard] if testimony else []


def clue_order(story: Story, state: GameState) -> list[str]:
    """The clues in the notebook in the order they were found: clue N is the N-th of these, the
    one numbering the notebook, `present N`, the board, the accusation and every menu share
    (:func:`game.core.mystery.numbered_clues`). A clue keeps its number as more are found.
    Clues held without a recorded order (a save from before it was kept, a state made up by
    an author's tool) follow, in story order."""
    held = [c for c in dict.fromkeys(state.found) if c in state.clues]
    if len(held) < len(state.clues):
        known = set(held)
        held += [c for c in story.clues if c in state.clues and c not in known]
    return held
