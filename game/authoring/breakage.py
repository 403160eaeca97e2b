"""Lint's checks for definite breakage that no play can get around (W417-W419).

Each is a fact about the story, not a matter of style: a deduction no play can confirm, scenes
that enter each other on entry for ever, a free choice that goes back to its own scene and
changes nothing. ``explore`` fails a story with any of them (see ``lint.STATIC_FAILURES``).
"""

from __future__ import annotations

from typing import Iterable

from game.core.blanks import ever_offered
from game.core.model import Effect, Goto, Mark, Say, StartAct, Story
from game.core.rules import MAX_CHAIN, entered
from game.core.words import first_line
from game.authoring.facts import Facts
from game.authoring.reach import Reach


class _Out:
    def __init__(self) -> None:
        self.found: list[tuple[Mark, str, str]] = []

    def add(self, mark: Mark, code: str, message: str) -> None:
        self.found.append((mark, code, message))


def breakage(story: Story, facts: Facts, r: Reach) -> list[tuple[Mark, str, str]]:
    """(where, code, message) for every W417, W418 and W419 in ``story``."""
    out = _Out()
    _board(story, r, out)
    _entry_cycles(story, out)
    _idle_choices(story, facts, out)
    return out.found


def _mark(story: Story, element: str) -> Mark:
    return story.marks.get(element) or Mark("?", 0, 0)


def _listed(names: Iterable[str], limit: int = 3) -> str:
    names = list(names)
    shown = ", ".join(f"'{n}'" for n in names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _board(story: Story, r: Reach, out: _Out) -> None:
    """W417: a deduction with a slot no play can fill (no findable clue, or no right answer the
    board offers), so it can never be confirmed."""
    for deduction in story.deductions.values():
        for slot in deduction.slots:
            where = story.marks.get(slot.id) or _mark(story, deduction.id)
            if slot.kind == "clue" and not any(c in r.gained for c in slot.answers):
                out.add(where, "W417", f"deduction '{deduction.id}' can never be confirmed: no clue slot "
                                       f"'{slot.id}' accepts can be found ({_listed(sorted(slot.answers))}); "
                                       "make one of them findable or accept another")
            elif slot.kind == "suspect" and (ever_offered(story, slot) or frozenset()).isdisjoint(slot.answers):
                out.add(where, "W417", f"deduction '{deduction.id}' can never be confirmed: slot '{slot.id}' "
                                       f"wants {_listed(sorted(slot.answers))}, and the board offers only suspects "
                                       "(of them, only its among:)")


def _entry_steps(story: Story, scene_id: str) -> list[str]:
    """The scenes entering ``scene_id`` always goes on to enter (its entry effects' ``goto`` and
    ``start_act`` outside any ``if``), up to the first that ends the story."""
    out = []
    for effect in story.scenes[scene_id].on_enter:
        if isinstance(effect, (Goto, StartAct)):
            target = entered(story, effect)
            if target is None or target in story.endings:
                break  # the story ends here: nothing after it runs
            out.append(target)
    return out


def _entry_cycles(story: Story, out: _Out) -> None:
    """W418: scenes whose entry always enters the next, round a cycle. The engine follows
    MAX_CHAIN entries and stops, so every play that gets there loops, whatever it holds."""
    steps = {s: [t for t in _entry_steps(story, s) if t in story.scenes] for s in story.scenes}
    done: set[str] = set()
    for first in sorted(steps):
        if first in done:
            continue
        path: list[str] = []
        on_path: dict[str, int] = {}
        todo = [(first, 0)]
        while todo:  # depth-first, iteratively: entry chains in a big story may be long
            scene, index = todo.pop()
            if index == 0:
                if scene in on_path:
                    cycle = path[on_path[scene]:]
                    start = min(cycle)
                    turn = cycle.index(start)
                    cycle = cycle[turn:] + cycle[:turn]
                    if start not in done:
                        names = " -> ".join(f"'{c}'" for c in cycle + [start])
                        out.add(_mark(story, start), "W418", f"scenes enter each other on entry for ever: {names}; "
                                f"play stops following after {MAX_CHAIN} entries and the player is stuck (put one "
                                "goto behind an `if` that stops holding, or make it a choice)")
                    done.update(cycle)
                    continue
                if scene in done:
                    continue
                on_path[scene] = len(path)
                path.append(scene)
            if index < len(steps[scene]):
                todo.append((scene, index + 1))
                todo.append((steps[scene][index], 0))
            else:
                path.pop()
                del on_path[scene]
                done.add(scene)


def _idle_choices(story: Story, facts: Facts, out: _Out) -> None:
    """W419: a choice that goes back to its own scene and changes nothing a condition can see:
    free, repeatable, and taking it is the same as not taking it."""
    for scene in story.scenes.values():
        if not _narration_only(scene.on_enter):
            continue  # entering it again does something
        if facts.read_by("visits", scene.id) or facts.read_by("visited", scene.id):
            continue
        for choice in scene.choices:
            if choice.goto != scene.id or choice.cost or choice.once or not _narration_only(choice.effects):
                continue
            short = first_line(choice.text) or choice.id
            mark = facts.mark_of(next(s for s in facts.sites if s.kind == "choice" and s.element == choice.id))
            out.add(mark, "W419", f"scene '{scene.id}': choice '{short}' goes back to its own scene and changes "
                                  "nothing: a player can take it for ever (give it a cost, `once: true`, an "
                                  "effect, or a way on)")


def _narration_only(effects: tuple[Effect, ...]) -> bool:
    return all(isinstance(x, Say) for x in effects)


__all__ = ["breakage"]
