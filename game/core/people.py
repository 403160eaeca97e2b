"""Who the player can name: the one home of the rule every surface reads.

A person is *known* once their ``known`` condition holds (the player has been told their
name). Until then every surface calls them by their ``unnamed`` description ("the girl with
the ice pack"): the menu's talk choice, the conversation's heading, the speaker of a reply.
No list of people (dossiers, completion, the accusation) offers someone unknown. Pure.
"""

from __future__ import annotations

from typing import Optional, Sequence

from game.core.actions import Action, Choose
from game.core.context import EvalContext
from game.core.model import Choice, Person, Story, Talk
from game.core.rules import scene_choice
from game.core.state import GameState


def is_known(story: Story, state: GameState, person: Person) -> bool:
    """Whether the player knows ``person`` by name now (no ``known`` condition: always)."""
    return person.known is None or bool(person.known(EvalContext(story, state)))


def known_people(story: Story, state: GameState, suspects_only: bool = False) -> list[Person]:
    """The people the player knows by name, in story order: the one list every view of people
    reads (suspects grid, dossiers, completion, the board's suspect blanks, the accusation)."""
    return [p for p in story.people.values() if (p.suspect or not suspects_only) and is_known(story, state, p)]


def called(story: Story, state: GameState, person_id: str, start: bool = False) -> str:
    """What the player calls someone now: their name once known, else their ``unnamed``
    description (a person without one is introduced by name, so the name is all there is).
    ``start``: the words open a sentence, so the description's first letter is a capital."""
    person = story.people.get(person_id)
    if person is None:
        return person_id
    if person.unnamed and not is_known(story, state, person):
        return person.unnamed[:1].upper() + person.unnamed[1:] if start else person.unnamed
    return person.name


#: verbs a player types before a person ("talk to Marcus"): the loop reads them, Tab completes after them
NAMING_TALK = ("talk", "speak", "chat", "interview")


def talks_to(choice: Choice) -> Optional[str]:
    """The person a choice opens a conversation with (its first ``talk`` effect), if any."""
    return next((e.person for e in choice.effects if isinstance(e, Talk)), None)


def talk_choices(story: Story, state: GameState, actions: Sequence[Action]) -> list[tuple[Action, str]]:
    """Each of the menu ``actions`` that opens a conversation, with the id of the person it talks
    to (:func:`talks_to`), in menu order: the one finder of "the choice that talks to X" for
    `talk to NAME`, Tab completion and the rest. Only this scene's choices are read
    (:func:`game.core.rules.scene_choice`), never an index over every scene."""
    out: list[tuple[Action, str]] = []
    for action in actions:
        choice = scene_choice(story, state, action.choice) if isinstance(action, Choose) else None
        person = talks_to(choice) if choice is not None else None
        if person is not None:
            out.append((action, person))
    return out


def choice_label(story: Story, state: GameState, choice: Choice) -> str:
    """A choice as the menu shows it: its text, except that a choice opening a conversation
    with someone the player cannot name yet reads "Talk to" and their description."""
    person_id = talks_to(choice)
    person = story.people.get(person_id) if person_id else None
    if person is not None and person.unnamed and not is_known(story, state, person):
        return f"Talk to {person.unnamed}"
    return choice.text
