"""What happened: the events :func:`game.core.engine.step` returns, for the views to draw. Plain data."""

from __future__ import annotations

from typing import Optional, Union

from game.core.record import Record, field

class WrongAnswer(Record):
    """A typed answer that is not one the story accepts. Nothing changed (no time passed):
    ``reply`` is the story's line for it, ``text`` what was typed (shown only through
    :func:`game.ui.text.shown`, never as markup)."""

    choice: str
    text: str
    reply: str


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
    # What the player called the speaker as they spoke (core.people.called, taken before the
    # reply's own effects: the reply that gives a name is headed by the description; T4-10).
    called: str = field(default="", compare=False)
    again: bool = False  # a topic asked before, said again (free, nothing runs twice)


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
    by_them: bool = False  # the story ended it (nothing left to ask or hear), not the player


class StatementShown(Record):
    testimony: str
    statement: str
    index: int
    count: int
    text: str
    wrapped: bool = False  # "next" past the last statement came round to the first (or back)
    again: bool = False  # a testimony heard before, begun again (see engine.resume_at)
    left: int = -1  # heard again: the statement (index) it was last left at, else -1 (engine.resume_at)


class StatementBroken(Record):
    statement: str
    clue: str


class TestimonyClosed(Record):
    """Every statement of ``testimony`` that a clue can break is broken, so it closes and the
    player is back in the conversation; ``standing``: its statements no clue breaks, which stand
    as said (T56 read the close as being cut off before testing them)."""

    testimony: str
    standing: int


class WrongPresentation(Record):
    """``clue`` was presented and does not contradict ``statement``; credibility went down."""

    clue: str
    credibility: int
    statement: str = ""


class PresentationAnswered(Record):
    """``clue`` was presented against ``statement``, which lists it under ``near``: the witness
    answered it (a Narration of kind "near" comes just before) and no credibility was lost."""

    clue: str
    statement: str


class Silenced(Record):
    person: str
    name: str


class DeductionConfirmed(Record):
    deduction: str
    title: str
    text: str


class DeductionRejected(Record):
    """A check on the board that does not hold: ``turns`` of the act's clock passed for it
    (``minutes`` on the clock, 0 when the act keeps no clock). ``right`` of its ``of`` parts
    (slots) were filled rightly: counted by the engine's own judgement of the check, so the
    board can say how many parts hold, never which."""

    deduction: str
    title: str
    turns: int = 0
    minutes: int = 0
    right: int = 0
    of: int = 0


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


GameEvent = Union[WrongAnswer, SceneEntered, Narration, ClueFound, ItemGained, ItemLost, TimePassed, TimeRanOut,
                  ActStarted, ConversationStarted, ConversationEnded, StatementShown, StatementBroken,
                  TestimonyClosed, WrongPresentation, PresentationAnswered, Silenced, DeductionConfirmed, DeductionRejected, AccusationOpened,
                  AccusationRetracted, EndingReached, Rejected]


