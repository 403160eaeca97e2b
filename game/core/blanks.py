"""What a blank on the board offers: the one home of the rule every surface reads.

The ``deduce`` question numbers these options, the engine refuses any other value, the
explorer and the walkthroughs try only these, the clock warning's wrong check picks among
them, and the authoring proofs read :func:`ever_offered`. A suspect slot offers the suspects
the player knows by name, in story order, narrowed to its ``among`` list when it has one (d3
asks who on the school's staff; offering students under it read as a slip: issue 11). Pure.
"""

from __future__ import annotations

from typing import Optional

from game.core.menu import clue_order
from game.core.model import Slot, Story
from game.core.people import known_people
from game.core.state import GameState


def slot_options(story: Story, state: GameState, slot: Slot) -> list[tuple[str, str]]:
    """``(value, label)`` for each answer ``slot`` offers now, in the order the board numbers
    them: its options; the suspects the player knows (only those in ``among``, when given); or
    the clues in the notebook, by their clue numbers."""
    if slot.kind == "options":
        return list(slot.options)
    if slot.kind == "suspect":
        return [(p.id, p.name) for p in known_people(story, state, suspects_only=True)
                if not slot.among or p.id in slot.among]
    return [(c, story.clues[c].name) for c in clue_order(story, state)]


def ever_offered(story: Story, slot: Slot) -> Optional[frozenset[str]]:
    """Every value ``slot`` can offer in some game (the suspects before any is known by name),
    or None for a clue slot (it offers whatever the notebook holds)."""
    if slot.kind == "options":
        return frozenset(o for o, _ in slot.options)
    if slot.kind == "suspect":
        return frozenset(p.id for p in story.suspects if not slot.among or p.id in slot.among)
    return None


__all__ = ["slot_options", "ever_offered"]
