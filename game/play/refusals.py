"""What to say when a typed line names a person or a place the menu does not offer now.

Its one job: the helpful refusal (`talk to NAME` when NAME is not here, `go PLACE` when PLACE is
not reachable, a line naming a choice that is left to the player's own pick), and the finding
of the person those words name. Called by :mod:`game.play.commands` only after no menu choice
matched the line, and by :mod:`game.play.understanding`.
"""

from __future__ import annotations

import re
from typing import Optional, Sequence

from game.core.effects import scene_text
from game.core.engine import Action, Choose, is_done, menu_actions, number_of
from game.core.model import Person, Story
from game.core.mystery import known_places, open_places
from game.core.people import NAMING_TALK, known_people, talk_choices  # NAMING_TALK: verbs always followed by a person
from game.core.rules import action_cost, scene_choice
from game.core.state import Exploring, GameState, Talking, Testifying
from game.core.words import SMALL_WORDS, did_you_mean, folded, match_words
from game.ui.text import shown


#: first words that mean "talk to someone" / "go somewhere" (only when no choice matched)
TALK_WORDS = ("talk", "speak", "ask", "question", "interview", "chat")
GO_WORDS = ("go", "walk", "goto", "enter", "visit", "run")
_FILLER = {"to", "with", "at", "the", "into", "in", "a", "an", "about"}

#: the verbs that can only mean going somewhere ("walk", "run", "enter" also start choices)
ONLY_GO = ("go", "goto", "visit")


def that_is_choice(actions: Sequence[Action], action: Action, mark: str = "") -> str:
    """What is said of a typed line that names a choice left to the player's own pick (it costs
    time, or does more than the words said): "That is choice 5, '…' (1 turn). Type 5 to do it."
    """
    number = number_of(actions, action)
    return (f"That is choice {number}, '{shown(action.label, 80)}'{f' ({mark})' if mark else ''}. "
            f"Type {number} to do it.")


def _no_such_place(story: Story, state: GameState, verb: str, wanted: str) -> Optional[str]:
    """`go kitchen`: no place the player knows by that name (a place not found yet is answered
    the same way, so its name is never confirmed); the nearest place reachable from here when one is close (bounded: :func:`game.core.words.did_you_mean`), never a new one."""
    if verb not in ONLY_GO and not match_words(wanted, [p.name for p in story.places.values()]):
        return None  # "walk the dog", "enter 471": not meant as a place
    scene = story.scenes.get(state.scene)
    here = [story.place_name(t) for t in scene.exits if t in story.scenes] if scene is not None else []
    near = did_you_mean(wanted, here) if here else ""
    if isinstance(state.mode, Exploring):
        where = "The places you can go are in the choices." if here else "What you can do is in the choices."
    else:  # a conversation's menu lists no places (T10: `go garage` while talking)
        where = "The places you can go are in the choices once you leave this conversation (0)."
    return f"There is no place called '{shown(wanted, 30)}' you can go to from here{near}. {where}"


def _rest(text: str) -> str:
    """The words after the verb, without "to", "the" and the like."""
    words = text.split()[1:]
    return " ".join(w for w in words if w.lower() not in _FILLER)


def find_person(story: Story, words: str, *, names: bool = True, roles: bool = True,
                among: Optional[Sequence[Person]] = None) -> Optional[Person]:
    """The one person ``words`` name (of ``among``, by default everyone in the story): by their
    name first, else by their role or the other words the story gives them (``aka``: "the
    porter"); ``None`` when none or several."""
    if all(w in SMALL_WORDS for w in folded(words)):
        return None  # "the" names no one
    people = list(story.people.values() if among is None else among)
    # "the tall boy" still works; a possessive names someone else ("Cassie's roommate" is not Cassie: T14)
    ways = ([[p.name for p in people]] if names else []) \
        + ([[_not_possessive(" ".join((p.role, p.unnamed, *p.aka))) for p in people]] if roles else [])
    for labels in ways:
        found = match_words(words, labels)
        if found:
            return people[found[0]] if len(found) == 1 else None
    return None


def _not_possessive(label: str) -> str:
    return " ".join(w for w in label.split() if not re.search(r"['’]s?$", w))


def only_talks(label: str) -> bool:
    """Whether a choice's words say only that it talks to someone ("Talk to Marcus")."""
    words = label.split()
    return bool(words) and words[0].lower().strip(",.") in TALK_WORDS and " and " not in label.lower()


def talk_choice(story: Story, state: GameState, text: str, actions: tuple[Action, ...]) -> list[Action]:
    """`talk to the porter`: the offered choice that talks to the person those words name, of
    the people the player knows (a right guess at an unknown name confirms nothing)."""
    verb = text.split()[0].lower()
    person = (find_person(story, _rest(text), among=known_people(story, state))
              if verb in TALK_WORDS and _rest(text) else None)
    if person is None:
        return []
    return [a for a, talked_to in talk_choices(story, state, actions) if talked_to == person.id]


def _called_by(person: Person) -> str:
    """The word a person is looked for by in a menu line: "Pell" for "Dr. Nadia Pell"."""
    return person.name.split()[-1] if person.name.startswith(("Dr. ", "Mr. ", "Ms. ", "Mrs. ")) else person.name.split()[0]


def _naming(story: Story, state: GameState, person: Person, actions: Sequence[Action]) -> list[Action]:
    """The offered scene choices, not done, whose words name ``person``."""
    word = re.escape(_called_by(person))
    return [a for a in actions if isinstance(a, Choose) and not is_done(story, state, a)
            and re.search(rf"\b{word}\b", a.label)]


def free_naming_line(story: Story, state: GameState, text: str, actions: Sequence[Action]) -> Optional[Action]:
    """`talk to pell` where the one line naming her only has her say something, free ("Try Dr.
    Pell again" once she has stopped listening): that line, to be taken as the words ask (T40:
    it was named for the player's pick, which cost them a line for nothing). A line that takes
    time, moves, or changes anything is left to :func:`refusal`, which names it."""
    verb = text.split()[0].lower() if text.split() else ""
    wanted = _rest(text)
    if verb not in TALK_WORDS or not wanted:
        return None
    person = find_person(story, wanted, among=known_people(story, state))
    if person is None or (isinstance(state.mode, Talking) and state.mode.person == person.id):
        return None
    naming = _naming(story, state, person, actions)
    line = naming[0] if len(naming) == 1 else None
    if not isinstance(line, Choose):
        return None
    choice = scene_choice(story, state, line.choice)
    free = (choice is not None and bool(choice.say) and not choice.effects and not choice.goto
            and action_cost(story, state, line) == 0)
    return line if free else None


def refusal(story: Story, state: GameState, text: str) -> Optional[str]:
    """What to say to `talk to NAME` when NAME is not here, or `go PLACE` when PLACE is not
    reachable now; ``None`` when the line is neither (the ordinary refusal then applies).
    Called only after no menu choice matched the line."""
    verb = text.split()[0].lower() if text.split() else ""
    wanted = _rest(text)
    if verb in ("leave", "stop") and not wanted and not isinstance(state.mode, (Talking, Testifying)):
        # a conversation the story ended (or never began): "leave" has nothing to leave
        return "You aren't talking with anyone now. What you can do is in the choices."
    if not wanted:
        return None
    if verb in TALK_WORDS:
        person = find_person(story, wanted, among=known_people(story, state))  # never confirm a name
        if person is None:
            # "talk to cassie" (T14: it was offered the one talk choice, Reyes, for its "talk"). Not
            # "ask"/"question": "ask him about the letter" is a question, not a name.
            if verb in NAMING_TALK and len(wanted.split()) <= 3:
                return (f"No one here answers to '{shown(wanted, 30)}'. "
                        "Who you can talk to is in the choices.")
            return None
        if isinstance(state.mode, Talking) and state.mode.person == person.id:
            return f"You are talking with {person.name} already: choose a question from the list."
        scene = story.scenes.get(state.scene)
        first = _called_by(person)
        actions = menu_actions(story, state)
        naming = _naming(story, state, person, actions)
        if len(naming) == 1:
            # T26: "Try Dr. Pell again" was on the menu, and `talk to pell` said she was "not one
            # to talk with now": the one line that names them is named, for the player's pick.
            return that_is_choice(actions, naming[0])
        if scene is not None and re.search(rf"\b{re.escape(first)}\b", scene_text(story, state, scene, again=True)):
            # In the room but not to be talked with (T24: Margot in the dark at lights out).
            return f"{person.name} is here, but not one to talk with now. What you can do is in the choices."
        return f"{person.name} isn't here."
    if verb in GO_WORDS:
        if isinstance(state.mode, Testifying):  # a talk is left for a place (_leave_then), a testimony never
            return "Finish the conversation first: type 'leave'."
        # only places the player knows of (the map's rule): a refusal never names a new one
        known = known_places(story, state)
        places = [p for p in story.places.values() if p.id in known]
        found = match_words(wanted, [p.name for p in places])
        if len(found) != 1:
            return _no_such_place(story, state, verb, wanted)
        place = places[found[0]]
        scene = story.scenes.get(state.scene)
        if scene is not None and scene.place == place.id:
            return f"You are in {place.name} already."
        if place.id not in open_places(story, state):
            return f"{place.name} is closed for now."
        where = "" if isinstance(state.mode, Exploring) else " once you leave this conversation (0)"
        return f"You can't get to {place.name} from here. The places you can go are in the choices{where}."
    return None
