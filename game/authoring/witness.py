"""A directed search for concrete paths to endings and clues the breadth-first search missed.

Breadth-first search finds the shortest path to everything it reaches, but on a big story it
runs out of budget long before the last act. This is a beam search: each round keeps the few
hundred most promising states (most clues, furthest act, most of the board confirmable, and
a bonus for holding something not yet found) and expands only those. It proves nothing about
what it does *not* find; every path it does find is real (the engine played every step), so it
proves that ending or clue reachable.
"""

from __future__ import annotations

import time
from typing import Optional

from game.core import engine as e
from game.core.state import GameState
from game.authoring.facts import atoms
from game.authoring.moves import END, Macro, Move, Rules, moves

Chain = Optional[tuple[Move, "Chain"]]  # a path as a linked list, newest move first


def _unchain(chain: Chain) -> list[Move]:
    out = []
    while chain is not None:
        out.append(chain[0])
        chain = chain[1]
    out.reverse()
    return out


class Budget:
    """How much work the directed search may do: a count of states it expands (deterministic,
    so the same story gets the same answer on any machine), and an optional wall-clock
    ``deadline`` (``time.perf_counter()`` value) that is only a safety net. ``cut_short`` says
    whether the safety net fired; ``spent`` is the count used."""

    def __init__(self, states: int, deadline: Optional[float] = None) -> None:
        self.states = states
        self.deadline = deadline
        self.spent = 0
        self.cut_short = False

    def take(self) -> bool:
        """Count one expansion; False when the budget (or the safety net) is used up."""
        self.spent += 1
        if self.spent > self.states:
            return False
        if self.deadline is not None and self.spent & 63 == 0 and time.perf_counter() > self.deadline:
            self.cut_short = True
        return not self.cut_short

    @property
    def left(self) -> bool:
        return self.spent < self.states and not self.cut_short


def search(rules: Rules, start: GameState, endings: set[str], clues: set[str], budget: Budget,
           width: int = 400, rounds: int = 4) -> tuple[dict[str, list[Move]], dict[str, list[Move]]]:
    """Paths to as many of ``endings`` and ``clues`` as a beam search finds within ``budget``.

    Each round starts again from ``start``, steering toward what is still missing: the reads in
    the conditions of whatever gains a missing clue (a topic that needs ``pressed(x)``, a choice
    that needs a flag) earn a bonus when they hold. Nothing here reads the clock except the
    budget's safety net, so the paths found depend only on the story and the budget.
    """
    found_endings: dict[str, list[Move]] = {}
    found_clues: dict[str, list[Move]] = {c: [] for c in sorted(start.clues & clues)}
    for _ in range(rounds):
        if not budget.left or (len(found_endings) >= len(endings) and len(found_clues) >= len(clues)):
            break
        _round(rules, start, endings, clues, found_endings, found_clues, budget, width)
    return found_endings, found_clues


def _gates(rules: Rules, wanted: set[str]) -> list[tuple[str, str]]:
    """What the conditions of the parts that gain a wanted clue read (positively or not)."""
    out: set[tuple[str, str]] = set()
    for clue in wanted:
        for site in rules.facts.gains.get(clue, ()):
            if site.condition is not None:
                out |= {a for a in atoms(site.condition.ast) if a[0] in _GATE_FUNCTIONS}
    return sorted(out)


_GATE_FUNCTIONS = {"has", "flag", "asked", "broken", "pressed", "confirmed", "visited"}


def _round(rules: Rules, start: GameState, endings: set[str], clues: set[str],
           found_endings: dict[str, list[Move]], found_clues: dict[str, list[Move]], budget: Budget,
           width: int) -> None:
    story = rules.story
    wanted_clues = set(clues) - set(found_clues)
    gates = _gates(rules, wanted_clues)
    acts = {a: story.acts[a].number for a in story.acts}

    def score(state: GameState) -> tuple:
        board = sum(1 for d in story.deductions if rules.confirmable(d, state))
        fresh = len(state.clues & wanted_clues)
        ctx = e.EvalContext(story, state)
        opened = sum(1 for fn, arg in gates if _holds(ctx, fn, arg))
        return (acts.get(state.act, 0) * 4 + board * 3 + fresh * 8 + opened * 6 + len(state.clues) * 2
                + len(state.flags) + len(state.broken) + len(state.pressed) + len(state.asked) // 2, state.time)

    def group(state: GameState) -> tuple:
        return (state.act, state.scene, getattr(state.mode, "person", None) or getattr(state.mode, "testimony", None))

    beam: list[tuple[GameState, Chain]] = [(start, None)]
    seen = {rules.key(start)}
    while beam and budget.left and (len(found_endings) < len(endings) or len(found_clues) < len(clues)):
        nxt: list[tuple[tuple, GameState, Chain]] = []
        for state, chain in beam:
            if not budget.take():
                break
            for move, new in moves(rules, state):
                link = (move, chain)
                if new is None:
                    assert isinstance(move, Macro)
                    if move.ending in endings and move.ending not in found_endings:
                        found_endings[move.ending] = _unchain(link)
                    continue
                if new.ended:
                    ending = new.ending or ""
                    if ending in endings and ending not in found_endings:
                        found_endings[ending] = _unchain(link)
                    continue
                new_clues = (new.clues & wanted_clues) - set(found_clues)
                if new_clues:
                    path = _unchain(link)
                    for clue in sorted(new_clues):
                        found_clues[clue] = path
                    wanted_clues -= new_clues
                key = rules.key(new)
                if key in seen:
                    continue
                seen.add(key)
                nxt.append((score(new), new, link))
        nxt.sort(key=lambda item: item[0], reverse=True)
        # Keep variety: at most a few states per place and conversation, then the best of the rest.
        quota = max(3, width // 25)
        taken: dict[tuple, int] = {}
        beam, rest = [], []
        for _, state, chain in nxt:
            g = group(state)
            if taken.get(g, 0) < quota and len(beam) < width:
                taken[g] = taken.get(g, 0) + 1
                beam.append((state, chain))
            else:
                rest.append((state, chain))
        beam += rest[:width - len(beam)]


def _holds(ctx: e.EvalContext, function: str, arg: str) -> bool:
    if function == "visited":
        return ctx.visits(arg) > 0
    return bool(getattr(ctx, function)(arg))


__all__ = ["search", "Budget", "END"]
