"""The effect records: what a choice, topic, statement or event does when it runs.

Part of the story model (``game.core.model`` takes these in and is where the rest of the game
reads them); split out because they are a small language of their own, with the two walks
over it every reader needs. ``game.core.effects`` runs them.
"""

from __future__ import annotations

from typing import Iterator, Union

from game.core.expr import Condition
from game.core.record import Record


# --- effects -----------------------------------------------------------------------------


class Gain(Record):
    target: str


class Lose(Record):
    target: str


class SetFlag(Record):
    flag: str


class ClearFlag(Record):
    flag: str


class Add(Record):
    counter: str
    amount: int


class Spend(Record):
    turns: int


class Say(Record):
    text: str


class Goto(Record):
    target: str


class StartAct(Record):
    act: str


class Talk(Record):
    person: str


class Branch(Record):
    condition: Condition
    then: tuple["Effect", ...]
    otherwise: tuple["Effect", ...]


Effect = Union[Gain, Lose, SetFlag, ClearFlag, Add, Spend, Say, Goto, StartAct, Talk, Branch]

def walk_effects(effects: "tuple[Effect, ...]") -> "Iterator[Effect]":
    """Every effect in ``effects``, including those inside either side of an ``if``."""
    for effect in effects:
        yield effect
        if isinstance(effect, Branch):
            yield from walk_effects(effect.then)
            yield from walk_effects(effect.otherwise)


def gained(effects: "tuple[Effect, ...]") -> set[str]:
    """The clues and items that ``effects`` may gain, on any branch."""
    return {e.target for e in walk_effects(effects) if isinstance(e, Gain)}
