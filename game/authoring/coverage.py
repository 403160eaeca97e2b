"""``ghostlight explore --coverage N``: how often random players find each clue and ending.

Each playthrough is seeded (playthrough ``i`` uses ``random.Random(seed + i)``), so a run can
be repeated exactly. A random player picks uniformly among the menu, and, when it holds the
clues for a deduction, tries it half of the time (a player who has the clues would). A play
that has not ended after ``max_steps`` steps is counted as stalled.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from game.core import engine as e
from game.core.model import Story
from game.core.state import Accusing
from game.authoring.moves import Rules


@dataclass
class Coverage:
    # Not a Record: an accumulator, counted up in place over the runs.
    runs: int
    clues: dict[str, int] = field(default_factory=dict)
    endings: dict[str, int] = field(default_factory=dict)
    stalled: int = 0
    steps: int = 0


def playthroughs(story: Story, runs: int, seed: int = 0, max_steps: int = 2000) -> Coverage:
    rules = Rules(story)
    out = Coverage(runs, {c: 0 for c in story.clues}, {x: 0 for x in story.endings})
    for run in range(runs):
        rng = random.Random(seed + run)
        state, _ = e.new_game(story, seed=seed + run)
        seen: set[str] = set(state.clues)
        for _ in range(max_steps):
            if state.ended:
                break
            options: list[e.Action] = list(e.proof_actions(story, state))
            if not isinstance(state.mode, Accusing) and rng.random() < 0.5:
                for deduction in story.deductions.values():
                    if deduction.id not in state.confirmed and e.on_board(story, state, deduction.id):
                        answers = rules.correct_answers(deduction, state)
                        if answers is not None and not state.ended:
                            options = [e.Deduce(deduction.id, answers)]
                            break
            if not options:
                break
            state, _ = e.step(story, state, rng.choice(options))
            out.steps += 1
            seen |= state.clues
        for clue in seen:
            out.clues[clue] += 1
        if state.ended:
            out.endings[state.ending or ""] = out.endings.get(state.ending or "", 0) + 1
        else:
            out.stalled += 1
    return out


def render(story: Story, cov: Coverage) -> list[str]:
    lines = [f"coverage: {cov.runs} random playthroughs ({cov.steps} steps, {cov.stalled} stalled)"]
    width = max((len(x) for x in list(story.endings) + list(story.clues)), default=10)
    lines.append("endings:")
    for ending, count in cov.endings.items():
        lines.append(f"  {ending:<{width}}  {count:>6}  {100 * count / max(cov.runs, 1):5.1f}%")
    lines.append("clues:")
    for clue, count in sorted(cov.clues.items(), key=lambda kv: (kv[1], kv[0])):
        lines.append(f"  {clue:<{width}}  {count:>6}  {100 * count / max(cov.runs, 1):5.1f}%")
    return lines
