"""Views of the case computed from story and state: grids, notebook, timeline, hints. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from game.engine import EvalContext
from game.model import Cell, Clue, Deduction, Person, Story
from game.state import GameState

SHOWN, RULED_OUT, UNKNOWN = "shown", "ruled out", "unknown"
#: tags the notebook shows first, in this order; other tags follow alphabetically
MAIN_TAGS = ("motive", "means", "opportunity", "timeline", "alibi")


def cell_status(cell: Cell, state: GameState) -> str:
    """A grid square is ruled out by any of its clearing clues, else shown by any of its clues."""
    if any(c in state.clues for c in cell.ruled_out_by):
        return RULED_OUT
    if any(c in state.clues for c in cell.shown_by):
        return SHOWN
    return UNKNOWN


def grid(person: Person, state: GameState) -> dict[str, tuple[str, str]]:
    """``{"motive": (status, note), ...}``; a note is shown only once its square is known."""
    out = {}
    for key in ("motive", "means", "opportunity"):
        cell = getattr(person, key)
        status = cell_status(cell, state)
        out[key] = (status, cell.note if status != UNKNOWN else "")
    return out


def notebook(story: Story, state: GameState) -> list[tuple[str, list[Clue]]]:
    """Held clues grouped by tag (a clue shows under each of its tags), main tags first."""
    groups: dict[str, list[Clue]] = {}
    for clue_id in story.clues:
        if clue_id in state.clues:
            clue = story.clues[clue_id]
            for tag in clue.tags or ("other",):
                groups.setdefault(tag, []).append(clue)
    order = [t for t in MAIN_TAGS if t in groups] + sorted(t for t in groups if t not in MAIN_TAGS)
    return [(tag, groups[tag]) for tag in order]


def timeline(story: Story, state: GameState) -> list[Clue]:
    """Held clues that carry a time, in the order of the night (times after noon come first)."""

    def key(clue: Clue) -> int:
        hours, minutes = (int(x) for x in (clue.time or "0:0").split(":"))
        total = hours * 60 + minutes
        return total if total >= 12 * 60 else total + 24 * 60  # the night runs past midnight

    return sorted((story.clues[c] for c in story.clues if c in state.clues and story.clues[c].time), key=key)


def open_places(story: Story, state: GameState) -> list[str]:
    """Places open now, in story order."""
    ctx = EvalContext(story, state)
    return [p.id for p in story.places.values() if p.open is None or p.open(ctx)]


@dataclass(frozen=True)
class Hint:
    """A nudge: which deduction is open and where to look, never the answer."""

    deduction: str
    text: str


def hint(story: Story, state: GameState, level: int = 1) -> Optional[Hint]:
    """The nearest open deduction and a graded nudge toward a clue that would advance it.

    Level 1 names the open question; level 2 the place where an unfound supporting clue lies.
    """
    for deduction in story.deductions.values():
        if deduction.id in state.confirmed:
            continue
        wanted = _supporting(deduction)
        held = [c for c in wanted if c in state.clues]
        if held and level < 2:
            return Hint(deduction.id, f"You already hold something that bears on '{deduction.question or deduction.title}'. "
                                      "Try it on the board.")
        missing = [c for c in wanted if c not in state.clues]
        if level < 2 or not missing:
            return Hint(deduction.id, f"Still open: {deduction.question or deduction.title}")
        places = _places_of(story, missing)
        where = ", ".join(story.places[p].name for p in places) if places else "the people you have not yet asked"
        return Hint(deduction.id, f"For '{deduction.question or deduction.title}', look again at: {where}.")
    return None


def _supporting(deduction: Deduction) -> list[str]:
    return sorted({c for slot in deduction.slots if slot.kind == "clue" for c in slot.answers})


def _places_of(story: Story, clues: list[str]) -> list[str]:
    """Places whose scenes hand out any of ``clues`` (directly in a choice or on entry)."""
    from game.model import Branch, Gain

    def gains(effects) -> set[str]:
        out: set[str] = set()
        for e in effects:
            if isinstance(e, Gain):
                out.add(e.target)
            elif isinstance(e, Branch):
                out |= gains(e.then) | gains(e.otherwise)
        return out

    wanted = set(clues)
    places: list[str] = []
    for scene in story.scenes.values():
        found = gains(scene.on_enter)
        for choice in scene.choices:
            found |= gains(choice.effects)
        if found & wanted and scene.place and scene.place not in places:
            places.append(scene.place)
    return places
