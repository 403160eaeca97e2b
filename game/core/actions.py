"""What a player can do: the actions :func:`game.core.engine.step` takes. Plain data."""

from __future__ import annotations

from typing import Union

from game.core.record import Record, field

class Choose(Record):
    choice: str
    label: str = field(default="", compare=False)


class Typed(Record):
    """An answer typed for a choice that asks for one (a password): ``text`` is what the player
    typed, "" in the menu (the play loop asks for it when the choice is picked)."""

    choice: str
    text: str = ""
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


Action = Union[Choose, Typed, Go, Ask, Hear, Press, Present, Next, Previous, Leave, Deduce, Accuse, Answer,
               Retract, Confirm]


