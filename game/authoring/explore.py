"""``ghostlight explore``: search every state a story can reach, and prove it can be solved.

A breadth-first search over engine states (:func:`game.core.engine.step`, nothing re-implemented),
keyed by :meth:`Rules.key` so that states no later step can tell apart are visited once. From
the graph it builds, four properties are proved, or refuted with a concrete path:

1. every ending can be reached;
2. every clue can be found;
3. no soft-lock: from every reachable state some ending can still be reached;
4. no deduction is lost while the accusation is still to be made, except to the clock.

Every budget is a count (``--max-states``), so the same story gets the same verdict and the same
report on any machine under any load; ``--max-seconds`` is only a safety net, and a search it cuts
short says so and claims nothing it did not establish. When the search stops early the unexplored
frontier is
treated as "might still be fine": a soft-lock or a lost deduction reported then is real (every
state after it was explored), but "no problem found" is not a proof. Properties 3 and 4 are then
proved for every state by argument instead, when the story allows it (``escape.py`` for soft-
locks, ``keep.py`` for deductions); 1 and 2 need only a path each, which a directed search
finds (``witness.py``). The exit status is 0 only when all four are proved for every state.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from game.core.record import Record
from typing import TYPE_CHECKING, Callable, Optional

from game.core import engine as e
from game.core.model import Story
from game.core.rules import timeouts_fired
from game.core.state import GameState, Testifying
from game.authoring.moves import END, Macro, Move, Rules, apply_move, moves

if TYPE_CHECKING:
    from game.authoring.keep import KeepProof


class Loss(Record):
    """A deduction that stopped being possible on one step."""

    deduction: str
    path: list[Move]  # to the state before the step; the last move is the step itself
    clock: bool  # the step spent time or ran the clock out


@dataclass  # Not a Record: the search's working graph, grown in place
class Graph:
    """The explored state graph: ids in the order found (breadth-first, so paths are shortest)."""

    ids: dict[tuple, int] = field(default_factory=dict)
    keys: list[tuple] = field(default_factory=list)  # node -> key (the state is rebuilt from it)
    parent: list[int] = field(default_factory=list)
    via: list[Optional[Move]] = field(default_factory=list)
    succ: list[Optional[tuple[int, ...]]] = field(default_factory=list)  # None: not expanded
    clock: list[tuple[str, int, int]] = field(default_factory=list)  # (act, time, time-outs fired)
    board: list[int] = field(default_factory=list)  # bit i: deduction i confirmable here
    where: list[tuple[str, str]] = field(default_factory=list)  # (scene, person talked to or "")
    ended: dict[int, str] = field(default_factory=dict)

    def path(self, node: int) -> list[Move]:
        out = []
        while node > 0:
            move = self.via[node]
            assert move is not None
            out.append(move)
            node = self.parent[node]
        out.reverse()
        return out


@dataclass  # Not a Record: the search fills its findings in as it goes
class Report:
    """What the search found. ``exhaustive`` is True only when no state was left unexplored."""

    story: Story
    states: int
    expanded: int
    seconds: float
    exhaustive: bool
    endings: dict[str, Optional[list[Move]]]
    clues: dict[str, Optional[list[Move]]]
    softlocks: int = 0
    softlock: Optional[list[Move]] = None
    softlock_state: Optional[tuple] = None
    #: no soft-lock proved without the search (game/authoring/escape.py), when the search is partial
    softlock_proved: bool = False
    #: no deduction lost except to the clock, proved without the search (game/authoring/keep.py)
    kept: Optional["KeepProof"] = None
    never: list[str] = field(default_factory=list)  # deductions no play can confirm
    losses: dict[str, Loss] = field(default_factory=dict)  # first structural loss per deduction
    clock_losses: dict[str, Loss] = field(default_factory=dict)
    witnessed: set[str] = field(default_factory=set)  # targets proved by the witness search
    #: for an ending or clue never reached: how close play gets (a path to where it would be had)
    misses: dict[str, list[tuple[str, Optional[list[Move]]]]] = field(default_factory=dict)
    #: the time limit (a safety net) fired: what was not found may only be the limit's doing
    cut_short: bool = False
    #: states the directed search expanded, and whether its count budget ran out
    directed: int = 0
    directed_spent: bool = False
    #: lint's findings of definite breakage (lint.STATIC_FAILURES): each fails the story
    static: list = field(default_factory=list)

    #: the breadth-first search's own time (``seconds`` may include the directed search after it)
    search_seconds: float = 0.0

    @property
    def per_second(self) -> float:
        """The breadth-first search's speed: a figure for benchmarks, never part of a verdict."""
        seconds = self.search_seconds or self.seconds
        return self.states / seconds if seconds > 0 else float(self.states)

    @property
    def proved_without_search(self) -> bool:
        """The two properties about every state (no soft-lock, no deduction lost) proved by
        argument, for the states the search did not reach as well as those it did."""
        return self.softlock_proved and self.kept is not None and self.kept.proved

    @property
    def holds(self) -> bool:
        """Every property proved for every reachable state: endings and clues by a path to each,
        soft-locks and lost deductions by the exhaustive search or by the proofs without it."""
        return ((self.exhaustive or self.proved_without_search)
                and all(p is not None for p in self.endings.values())
                and all(p is not None for p in self.clues.values()) and not self.softlocks
                and not self.never and not self.losses and not self.static)


def explore(story: Story, max_states: int = 200_000, deadline: Optional[float] = None,
            rules: Optional[Rules] = None, progress: Optional[Callable[[int, float], None]] = None,
            settle_states: Optional[int] = None, proofs: bool = True) -> Report:
    """Explore ``story`` breadth-first and check the four properties on what was explored.

    The search stops after ``max_states`` distinct states (a count, so the result is the same
    on every machine). ``deadline`` (a ``time.perf_counter()`` value) is only a safety net: when
    it fires the report is ``cut_short``. With ``settle_states``, when the proofs without search
    (soft-locks, lost deductions) hold, the search is needed only for a path to each ending and
    clue, so it stops after that many states (the caller's directed search finds the rest).
    Without ``proofs`` (a walkthrough needs only paths) the proofs without search are skipped.
    """
    from game.authoring.escape import prove
    from game.authoring.keep import KeepProof, prove_kept

    started = time.perf_counter()
    rules = rules or Rules(story)
    softlock_proved = proofs and prove(story, rules.facts, rules.reach)[0]
    kept = prove_kept(story, rules.facts, rules.reach) if proofs else KeepProof(False, "not asked for")
    if settle_states is not None and softlock_proved and kept.proved:
        max_states = min(max_states, settle_states)
    deductions = list(story.deductions)
    g = Graph()
    clue_at: dict[str, int] = {}
    ending_at: dict[str, int] = {}

    def add(state: Optional[GameState], key: tuple, parent: int, move: Optional[Move]) -> int:
        found = g.ids.get(key)
        if found is not None:
            return found
        node = len(g.parent)
        g.ids[key] = node
        g.keys.append(key)
        g.parent.append(parent)
        g.via.append(move)
        g.succ.append(None)
        if state is None:  # the end of the story, reached through the accusation
            g.where.append(("", ""))
            g.clock.append(("", 0, 0))
            g.board.append(0)
            g.ended[node] = key[1]
            ending_at.setdefault(key[1], node)
            g.succ[node] = ()
            return node
        g.clock.append((state.act, state.time, timeouts_fired(state)))
        mode = state.mode
        g.where.append((state.scene, getattr(mode, "person", "") or (
            story.testimonies[mode.testimony].person if isinstance(mode, Testifying) else "")))
        # Once the story has ended nothing more can be confirmed, whatever the notebook holds
        # (a step can find the last clue and run the clock out at once).
        g.board.append(0 if state.ended else
                       sum(1 << i for i, d in enumerate(deductions) if rules.confirmable(d, state)))
        if len(clue_at) < len(story.clues):
            for clue in state.clues:
                clue_at.setdefault(clue, node)
        if state.ended:
            g.ended[node] = state.ending or ""
            ending_at.setdefault(state.ending or "", node)
            g.succ[node] = ()
        return node

    start, _ = e.new_game(story, seed=0)
    add(start, rules.key(start), -1, None)
    queue = deque([0])
    expanded = 0
    cut_short = False
    while queue:
        if len(g.parent) >= max_states:
            break
        if deadline is not None and expanded & 255 == 0 and time.perf_counter() > deadline:
            cut_short = True
            break
        node = queue.popleft()
        # Only keys are kept (millions of full states would not fit); the key keeps everything
        # any later step reads, so the state rebuilt from it behaves exactly as the one found.
        state = rules.state_of(g.keys[node])
        out = []
        for move, new in moves(rules, state):
            if new is None:
                assert isinstance(move, Macro)
                child = add(None, (END, move.ending), node, move)
            else:
                before = len(g.parent)
                child = add(new, rules.key(new), node, move)
                if child == before and child not in g.ended:  # new, and not the end of the story
                    queue.append(child)
            out.append(child)
        g.succ[node] = tuple(out)
        expanded += 1
        if progress is not None and expanded % 20000 == 0:
            progress(len(g.parent), time.perf_counter() - started)
    frontier = [n for n in range(len(g.succ)) if g.succ[n] is None]
    exhaustive = not frontier
    report = Report(
        story=story, states=len(g.parent), expanded=expanded, seconds=time.perf_counter() - started,
        exhaustive=exhaustive, cut_short=cut_short,
        endings={x: (g.path(ending_at[x]) if x in ending_at else None) for x in story.endings},
        clues={c: (g.path(clue_at[c]) if c in clue_at else None) for c in story.clues},
    )
    _check_softlocks(g, frontier, report)
    _check_deductions(rules, g, frontier, deductions, report, kept.proved)
    _near_misses(rules, g, report)
    report.static = static_failures(story, rules.facts)
    if not exhaustive and not report.softlocks:
        report.softlock_proved = softlock_proved
        report.kept = kept
    report.seconds = report.search_seconds = time.perf_counter() - started
    return report


def static_failures(story: Story, facts) -> list:
    """Lint's findings that no play can get around (a clue nothing gives, an ending nothing
    reaches, a deduction no play confirms, an entry loop, an idle choice)."""
    from game.authoring.lint import STATIC_FAILURES, lint

    return [f for f in lint(story, facts) if f.code in STATIC_FAILURES]


def _backward(g: Graph, rev: list[list[int]], seeds: list[int]) -> bytearray:
    seen = bytearray(len(g.parent))
    todo = list(seeds)
    for node in todo:
        seen[node] = 1
    while todo:
        node = todo.pop()
        for prev in rev[node]:
            if not seen[prev]:
                seen[prev] = 1
                todo.append(prev)
    return seen


def _reverse(g: Graph) -> list[list[int]]:
    rev: list[list[int]] = [[] for _ in range(len(g.parent))]
    for node, succ in enumerate(g.succ):
        for child in succ or ():
            rev[child].append(node)
    return rev


def _check_softlocks(g: Graph, frontier: list[int], report: Report) -> None:
    rev = _reverse(g)
    report._rev = rev  # type: ignore[attr-defined]  # reused by the deduction check
    good = _backward(g, rev, list(g.ended) + frontier)
    locked = [n for n in range(len(g.parent)) if not good[n]]
    report.softlocks = len(locked)
    if locked:
        first = min(locked)
        report.softlock = g.path(first)
        report.softlock_state = g.clock[first]


def _check_deductions(rules: Rules, g: Graph, frontier: list[int], deductions: list[str],
                      report: Report, full_clock_confirms: bool = False) -> None:
    """Steps after which a deduction can no longer be confirmed, the clock's apart.

    ``full_clock_confirms``: keep.py proved that from every state, with its act's full time on
    the clock, every deduction can still be confirmed; then every loss is the clock's, whether
    or not the search happened to visit the state with more time.
    """
    rev: list[list[int]] = report._rev  # type: ignore[attr-defined]
    del report._rev  # type: ignore[attr-defined]
    twins: dict[tuple, list[int]] = {}  # a key without its time -> the nodes with that key

    def more_time_would_do(child: int, can: bytearray) -> bool:
        """A state just like ``child`` but with more time left can still confirm it: the loss
        is the clock's (e.g. a free move that leaves too little time for the walk back)."""
        if full_clock_confirms:
            return True
        if not twins:
            for node, key in enumerate(g.keys):
                if key[0] != END:
                    twins.setdefault(key[:2] + key[3:], []).append(node)
        key = g.keys[child]
        return any(can[t] and g.keys[t][2] > key[2] for t in twins.get(key[:2] + key[3:], ()))

    for index, deduction in enumerate(deductions):
        bit = 1 << index
        can = _backward(g, rev, [n for n in range(len(g.parent)) if g.board[n] & bit] + frontier)
        if not can[0]:
            report.never.append(deduction)
            continue
        for node in range(len(g.parent)):
            succ = g.succ[node]
            if not can[node] or succ is None:
                continue
            for child in succ:
                if can[child] or child in g.ended:
                    continue
                act, left, outs = g.clock[node]
                act2, left2, outs2 = g.clock[child]
                clock = (act == act2 and left2 < left) or outs2 > outs or more_time_would_do(child, can)
                table = report.clock_losses if clock else report.losses
                if deduction not in table:
                    via = g.via[child] if g.parent[child] == node else None
                    table[deduction] = Loss(deduction, g.path(node) + [via or _edge(rules, g, node, child)], clock)
            if deduction in report.losses:
                break


def _edge(rules: Rules, g: Graph, node: int, child: int) -> Move:
    """The move from ``node`` to ``child`` when ``child`` was first found from another state.

    Only each state's first parent is stored, so the state is rebuilt by replaying its path
    and its moves are asked for again.
    """
    state, _ = e.new_game(rules.story, seed=0)
    for move in g.path(node):
        state = apply_move(rules.story, state, move)
    for move, new in moves(rules, state):
        key = (END, move.ending) if new is None else rules.key(new)  # type: ignore[union-attr]
        if g.ids.get(key) == child:
            return move
    raise AssertionError("an explored edge was not found again on replay")


def _near_misses(rules: Rules, g: Graph, report: Report) -> None:
    """For each ending or clue never reached, the first explored state where the part that
    would give it is in front of the player (its scene, or a talk with its person)."""
    story, facts = rules.story, rules.facts
    wanted: dict[str, list] = {}
    for clue, path in report.clues.items():
        if path is None:
            wanted[clue] = list(facts.gains.get(clue, ()))
    for ending, path in report.endings.items():
        if path is None:
            wanted[ending] = [s for s in facts.sites if s.goto == ending or any(
                t == ("goto", ending) for t in _targets(s.effects))]
            if story.accusation is not None and ending in story.accusation.endings:
                wanted[ending].append(next(s for s in facts.sites if s.kind == "accusation"))
    if not wanted:
        return
    first_at: dict[tuple[str, str], int] = {}
    for index, spot in enumerate(g.where):
        first_at.setdefault(spot, index)
        first_at.setdefault((spot[0], "*"), index)
        if spot[1]:
            first_at.setdefault(("*", spot[1]), index)
    accusing = next((n for n, p in enumerate(g.via) if isinstance(p, Macro)), None)
    # A partial search knows only the states it visited: say so rather than "never".
    never, visited = ("never", "") if report.exhaustive else ("does not", " in the states the search visited")
    for target, sites in wanted.items():
        out: list[tuple[str, Optional[list[Move]]]] = []
        for site in sites:
            node: Optional[int]
            if site.kind in ("choice", "scene"):
                node = first_at.get((site.owner, "*"))
                what = f"{site.label}: the scene is reached, but this {never} happen{'s' * (never == 'never')} there{visited}"
            elif site.kind in ("topic", "testimony", "statement"):
                node = first_at.get(("*", site.owner))
                what = f"{site.label}: '{site.owner}' is talked to, but this {never} happen{'s' * (never == 'never')}{visited}"
            elif site.kind == "accusation":
                node = g.parent[accusing] if accusing is not None else None
                what = f"the accusation is made, but no verdict leads to it{visited}"
            else:
                node = None
                what = f"{site.label}: " + ("never happens" if report.exhaustive else "not reached by the search")
            out.append((what, g.path(node) if node is not None else None))
        report.misses[target] = out


def _targets(effects):
    from game.authoring.facts import targets

    return targets(effects)
