"""What a scene offers later in the act: the engine's own menus, asked of later clocks."""

from __future__ import annotations

from game.core.actions import Choose
from game.core.engine import menu_actions
from game.core.model import Story
from game.core.record import replace
from game.core.state import Exploring, GameState


#: the turns ahead whose menus are asked, one each (an act may hold up to a million turns: the
#: work a typed line causes is bounded here); the act's last turn is always asked too
LOOKAHEAD = 240


def offered_later(story: Story, state: GameState) -> tuple[tuple[int, Choose], ...]:
    """The choices of this scene that the menu does not offer now and would offer later in the
    act with nothing changed but the clock (an ``if:`` that waits on ``time``), each with the
    first turns-left at which it is offered, soonest first. Only while exploring; at most
    ``LOOKAHEAD`` + 1 menus are asked (so a choice of a very long act may be found only on its
    last turn, said as such)."""
    if not isinstance(state.mode, Exploring):
        return ()
    now = {a.choice for a in menu_actions(story, state) if isinstance(a, Choose)}
    found: dict[str, tuple[int, Choose]] = {}
    ahead = range(state.time - 1, max(0, state.time - 1 - LOOKAHEAD), -1)
    for time in [*ahead, *([1] if state.time - 1 > LOOKAHEAD else [])]:
        for action in menu_actions(story, replace(state, time=time)):
            if isinstance(action, Choose) and action.choice not in now and action.choice not in found:
                found[action.choice] = (time, action)
    return tuple(found.values())
