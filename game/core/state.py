"""The game state: a small immutable value keyed by author-written ids only.

A state never holds list indexes or file positions, so a save made before an author edited
the story still means the same thing afterwards. Modes are explicit values, not booleans.
"""

from __future__ import annotations

from typing import Mapping, Optional, Union

from game.core.record import Record, field, replace


# --- modes ---------------------------------------------------------------------------------


class Exploring(Record):
    """Reading a scene and choosing what to do."""


class Talking(Record):
    """In conversation with ``person``: topics and testimonies are listed."""

    person: str


class Testifying(Record):
    """Hearing ``testimony``; ``index`` is the statement in front of the player."""

    __test__ = False  # a class named Test* is not a pytest test class

    testimony: str
    index: int = 0


class Accusing(Record):
    """Building the accusation, one answer at a time; nothing is final until confirmed."""

    culprit: Optional[str] = None
    answers: tuple[str, ...] = ()  # option ids, one per question, in order
    evidence: tuple[str, ...] = ()  # clue ids


class Ended(Record):
    """The story is over."""

    ending: str


Mode = Union[Exploring, Talking, Testifying, Accusing, Ended]


class Verdict(Record):
    """The accusation as it was made: who, which options, which evidence."""

    culprit: str
    answers: frozenset[str]
    evidence: frozenset[str]


def _pairs(mapping: Mapping[str, int]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted((k, v) for k, v in mapping.items() if v))


class GameState(Record):
    """Everything that changes during play. Hashable, so the explorer can keep a visited set."""

    scene: str
    act: str
    time: int
    credibility: int
    mode: Mode = field(default_factory=Exploring)
    clues: frozenset[str] = frozenset()
    items: frozenset[str] = frozenset()
    flags: frozenset[str] = frozenset()
    counters: tuple[tuple[str, int], ...] = ()
    visits: tuple[tuple[str, int], ...] = ()
    taken: frozenset[str] = frozenset()  # once-only choices already taken
    asked: frozenset[str] = frozenset()
    pressed: frozenset[str] = frozenset()
    broken: frozenset[str] = frozenset()
    confirmed: frozenset[str] = frozenset()
    fired: frozenset[str] = frozenset()  # once-only events (and act time-outs) already fired
    silenced: frozenset[str] = frozenset()  # people who stopped listening this act
    verdict: Optional[Verdict] = None
    seed: int = 0
    turn: int = 0
    # The clues in the order they were found: the game's clue numbers (see engine.clue_order).
    # Left out of equality and hashing: the order only numbers the notebook, no rule reads it,
    # so two states that differ only in it play the same (and the explorer need not tell them apart).
    found: tuple[str, ...] = field(default=(), compare=False)
    # The statements the player has been shown (testimonies heard through are marked in the
    # talk menu, game.core.menu.heard_through). Left out of equality and hashing for the same
    # reason as ``found``: no rule reads it, so the explorer need not tell states apart by it.
    heard: frozenset[str] = field(default=frozenset(), compare=False)
    # Where each testimony was last left: testimony id -> statement index (a testimony heard
    # again begins there, engine.resume_at: T28, T31). Out of equality as ``heard`` is: it only
    # decides where statements that are all reachable by next and previous begin.
    left_at: tuple[tuple[str, int], ...] = field(default=(), compare=False)
    # The topics and testimonies of talk menus in the order the player first saw them offered
    # (game.core.menu.in_talk_order): a line that opens later comes after the ones already seen,
    # so a number learnt for a line keeps picking it (T33's remembered 5 asked a new topic that
    # had opened above the testimony line). Out of equality: it only orders a menu.
    talk_order: tuple[str, ...] = field(default=(), compare=False)
    # The talk menu's lines on screen when the player last chose from one (ids, as talk_order):
    # a line that opens as one of these goes takes its place, also across a testimony heard in
    # between (T42's remembered 9 ended Thursday on a line that had opened below the rest).
    talk_seen: tuple[str, ...] = field(default=(), compare=False)

    def counter(self, name: str) -> int:
        for key, value in self.counters:
            if key == name:
                return value
        return 0

    def visit_count(self, scene: str) -> int:
        for key, value in self.visits:
            if key == scene:
                return value
        return 0

    def with_counter(self, name: str, value: int) -> "GameState":
        # Zero is kept: a counter absent from the state reads as the story's default, which
        # need not be zero.
        counters = dict(self.counters)
        counters[name] = value
        return replace(self, counters=tuple(sorted(counters.items())))

    def with_visit(self, scene: str) -> "GameState":
        visits = dict(self.visits)
        visits[scene] = visits.get(scene, 0) + 1
        return replace(self, visits=_pairs(visits))

    @property
    def ended(self) -> bool:
        return isinstance(self.mode, Ended)

    @property
    def ending(self) -> Optional[str]:
        return self.mode.ending if isinstance(self.mode, Ended) else None
