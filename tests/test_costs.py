"""What a move costs, said before the player makes it (issue 11): the menu's mark comes from
:func:`game.core.rules.upfront_cost`, and here every choice, topic and exit of the bundled case
is stepped from states the real loop reaches, and the turns it spent compared with the mark."""

from __future__ import annotations

import heapq
from pathlib import Path

import pytest

from game.core import engine as e
from game.core.events import TimePassed
from game.core.model import Spend, Story, walk_effects
from game.core.rules import action_cost, spent_range, upfront_cost
from game.core.state import GameState
from game.loading.loader import load_story
from game.play.session import Game, Session
from game.ui.render import Renderer
from tests.conftest import BUNDLED, ROOT
from tests.ui.helpers import console, script

PLAYTHROUGHS = sorted((ROOT / "tests" / "playthroughs").glob("*.txt"))
#: states the search from the playthroughs' states may expand (a count: the same on any machine)
WALK_BUDGET = 6000
#: lines behind conditions neither the scripts nor the bounded search meet (each needs an
#: unusual order of play: never entering the green room, Marcus's phone before the boiler slip);
#: checked below by their shape instead. A line missing that is not listed fails the test.
UNMET = {
    ("choice", "act3.lobby", "act3.lobby#tell-reyes-what-marcus-s-phone-says-abou"),
    ("topic", "marcus.lift"), ("topic", "margot.lead"), ("topic", "pell.welcome_suite"),
    ("topic", "reyes.nail_gap"), ("topic", "reyes.scratch_boy"), ("topic", "reyes.scratch_staff"),
    ("topic", "reyes.hello_late"),
    ("topic", "margot.calendar_day"),  # the calendar read, and not put to her, before Thursday's Studio B
    ("topic", "reyes.lift"),  # the lift log, read from two on Thursday, put to Reyes before the act ends
}


@pytest.fixture(scope="module")
def case() -> Story:
    return load_story(BUNDLED)


def _key(state: GameState, action: e.Action) -> tuple[str, ...] | None:
    """Which line of the story ``action`` is: a scene's choice, an exit, a topic."""
    if isinstance(action, (e.Choose, e.Typed)):
        return ("choice", state.scene, action.choice)
    if isinstance(action, e.Go):
        return ("exit", state.scene, action.scene)
    if isinstance(action, e.Ask):
        return ("topic", action.topic)
    return None


def _lines(story: Story) -> set[tuple[str, ...]]:
    out: set[tuple[str, ...]] = {("topic", t) for t in story.topics}
    for scene in story.scenes.values():
        out |= {("choice", scene.id, c.id) for c in scene.choices}
        out |= {("exit", scene.id, x) for x in scene.exits}
    return out


def _played(story: Story, path: Path) -> list[GameState]:
    """Every state the real loop passed through playing the script at ``path``."""
    state, opening = e.new_game(story)
    session = Session(story, state)
    Game(session, Renderer(story, console(100), True), script(path.read_text().splitlines())).run(opening)
    return [*session.undo, session.state]


def _spent(events) -> int:
    return sum(x.turns for x in events if isinstance(x, TimePassed))


def test_every_mark_of_the_case_is_what_the_move_spends(case: Story) -> None:
    """From every state of the six scripted playthroughs, and from the states a search branching
    off them reaches (new lines first), each choice, exit and topic is stepped: the turns spent
    lie between the mark's sure and most (equal, where no `if` decides). Every line of the story
    is met at least once."""
    seeds = [s for p in PLAYTHROUGHS for s in _played(case, p)]
    assert len(PLAYTHROUGHS) >= 6 and len(seeds) > 400
    checked: set[tuple[str, ...]] = set()
    wrong: list[tuple] = []
    seen: set[GameState] = set()
    queue: list[tuple[int, int, int, GameState]] = []
    for state in seeds:
        if state not in seen and not state.ended:
            seen.add(state)
            queue.append((0, 0, len(seen), state))
    heapq.heapify(queue)
    expanded = 0
    while queue and (expanded < len(seeds) or expanded < WALK_BUDGET):
        _new, _held, _order, state = heapq.heappop(queue)
        expanded += 1
        for action in e.proof_actions(case, state):
            after, events = e.step(case, state, action)
            key = _key(state, action)
            fresh = key is not None and key not in checked
            if key is not None:
                sure, most = upfront_cost(case, state, action)
                # a clock that runs out clamps the spend: only a clock with room tells
                if state.time > most and not sure <= _spent(events) <= most:
                    wrong.append((key, sure, most, _spent(events)))
                checked.add(key)
            if not after.ended and after not in seen:
                seen.add(after)
                heapq.heappush(queue, (0 if fresh else 1, 0, len(seen), after))
    assert wrong == []
    missing = _lines(case) - checked
    assert missing <= UNMET, "\n".join(map(str, sorted(missing - UNMET)))
    # The few the search does not meet take only their own cost and spend in no effect, so
    # the part of the mark the engine's own step spends (rules.action_cost) is all there is.
    for key in missing:
        effects = (case.topics[key[1]].effects if key[0] == "topic"
                   else next(c for c in case.scenes[key[1]].choices if c.id == key[2]).effects)
        assert spent_range(effects) == (0, 0), key


def test_the_case_has_a_choice_that_may_take_a_turn(case: Story) -> None:
    """Waking Cassie's laptop spends a turn only when it was not left charging in act 1: its
    mark says 'may', never a number the player cannot count on."""
    maybe = [c.id for s in case.scenes.values() for c in s.choices
             if spent_range(c.effects)[0] < spent_range(c.effects)[1]]
    assert "act2.dorm#wake-cassie-s-laptop" in maybe


def test_the_case_spends_no_time_on_entering_a_scene_or_in_an_event(case: Story) -> None:
    """The mark leaves out what the scene a move leads to spends on entry, and the story's
    events (reading every neighbouring scene would cost the first screen its speed): exact for
    the case only while none of them spends. A story that does is still marked at least right
    on the move's own cost, and the test above would say which line differs."""
    assert not any(isinstance(x, Spend) for s in case.scenes.values() for x in walk_effects(s.on_enter))
    assert not any(isinstance(x, Spend) for ev in case.events.values() for x in walk_effects(ev.effects))


def test_action_cost_is_the_only_cost_the_engine_spends_up_front(case: Story) -> None:
    state, _ = e.new_game(case)
    for action in e.proof_actions(case, state):
        if isinstance(action, e.Go):
            assert action_cost(case, state, action) == case.acts[state.act].travel
    assert action_cost(case, state, e.Leave()) == 0
