"""After an ending: gather the case summary from the story, the state, the profile and the clock."""

from __future__ import annotations

from typing import Optional

from game.core.errors import SaveError
from game.core.model import Story
from game.core.mystery import missed_clues
from game.core.state import GameState
from game.play.keeper import SaveKeeper
from game.ui.savelist import format_played
from game.ui.summary import CaseSummary


def case_summary(story: Story, state: GameState, saves: Optional[SaveKeeper]) -> CaseSummary:
    """The summary of the finished game in ``state``. Endings found come from the player's
    profile (every game); without saves, only this game's ending counts."""
    ending = story.endings.get(state.ending or "")
    named, elsewhere = missed_clues(story, state)  # never a place not visited or a person not met
    found = {state.ending} if state.ending else set()
    played = ""
    if saves is not None:
        try:
            found |= saves.endings_found()
        except SaveError:
            pass  # an unreadable profile was reported when it was read; count this game only
        played = format_played(saves.played())
    return CaseSummary(
        ending=ending.title if ending else (state.ending or ""),
        endings_found=len(found & set(story.endings)),
        endings_total=len(story.endings),
        clues_found=sum(1 for c in story.clues if c in state.clues),
        clues_total=len(story.clues),
        missed=tuple(story.clues[c].name for c in named),
        missed_elsewhere=elsewhere,
        deductions=tuple((d.title, d.id in state.confirmed) for d in story.deductions.values()),
        moves=state.turn,
        played=played,
    )
