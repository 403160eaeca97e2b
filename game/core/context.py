"""What a story condition sees of a state: the one evaluation context every part uses."""

from __future__ import annotations

from typing import Optional

from game.core.expr import Condition
from game.core.model import Story
from game.core.state import GameState

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


def holds(story: Story, state: GameState, condition: Optional[Condition]) -> bool:
    """Whether an optional condition holds in ``state`` (no condition always holds)."""
    return condition is None or bool(condition(EvalContext(story, state)))


