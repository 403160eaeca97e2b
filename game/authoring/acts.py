"""The order of acts, a second pass over :func:`game.authoring.reach.reach`: which live parts
can happen in which act, which acts may follow each act, and what can be held by each act; so a
clue that can only be found in act 2 cannot open a topic that is only listed in act 1.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.authoring.absval import MAYBE, Truth, truth
from game.authoring.facts import Facts, Site
from game.authoring.reach import Reach, env_for
from game.core.model import Story


@dataclass  # Not a Record: its tables are filled in one pass over the story
class ActView:
    """Per-act facts: the acts each part can happen in, and what can be held by each act."""

    site_acts: dict[int, set[str]]  # id(site) -> acts it may happen in
    scene_acts: dict[str, set[str]]
    talk_acts: dict[str, set[str]]  # person -> acts they may be talked to in
    follows: dict[str, set[str]]  # act -> acts that may come after it (not itself unless looped)
    held_by: dict[str, set[str]]  # act -> clues and items that may be held in it
    flags_by: dict[str, set[str]]


def act_view(story: Story, facts: Facts, r: Reach) -> ActView:
    """Place every live part in the acts it can happen in, by following moves within an act."""
    by_owner: dict[tuple[str, str], list[Site]] = {}
    for site in facts.sites:
        if id(site) in r.live:
            by_owner.setdefault((site.kind, site.owner), []).append(site)
    scene_acts: dict[str, set[str]] = {}
    talk_acts: dict[str, set[str]] = {}
    site_acts: dict[int, set[str]] = {}
    follows: dict[str, set[str]] = {a: set() for a in story.acts}

    def moves(site: Site, act: str, todo: list) -> None:
        acts = site_acts.get(id(site))
        if acts is None:
            site_acts[id(site)] = {act}
        else:
            acts.add(act)
        if site.goto:
            todo.append(("goto", site.goto))
        for kind, name in site.moves:
            if kind == "act":
                follows[act].add(name)
            else:
                todo.append((kind, name))

    for act_id in sorted(r.acts):
        act = story.acts[act_id]
        todo: list[tuple[str, str]] = [("goto", act.start)]
        if act.on_timeout:
            todo.append(("goto", act.on_timeout))
        if act_id == story.first_act:
            todo.append(("goto", story.start))  # a new game enters the manifest's start
        # Events of the act and the board's effects can happen wherever the player is.
        for site in (by_owner.get(("event", act_id), []) + by_owner.get(("event", ""), [])
                     + by_owner.get(("deduction", "board"), [])):
            moves(site, act_id, todo)
        seen_scenes: set[str] = set()
        seen_people: set[str] = set()
        while todo:
            kind, target = todo.pop()
            if kind == "goto":
                if target in seen_scenes or target not in story.scenes:
                    continue
                seen_scenes.add(target)
                scene_acts.setdefault(target, set()).add(act_id)
                for site in by_owner.get(("scene", target), []) + by_owner.get(("choice", target), []):
                    moves(site, act_id, todo)
                todo.extend(("goto", e) for e in story.scenes[target].exits)
            else:
                if target in seen_people:
                    continue
                seen_people.add(target)
                talk_acts.setdefault(target, set()).add(act_id)
                for k in ("topic", "testimony", "statement"):
                    for site in by_owner.get((k, target), []):
                        moves(site, act_id, todo)
    for site in facts.sites:
        if id(site) in r.live and site.kind in ("accusation", "ending"):
            for act_id in r.acts:
                moves(site, act_id, [])
    # Acts that may come after each act, by any chain of act changes.
    closure: dict[str, set[str]] = {}
    for act_id in story.acts:
        seen: set[str] = set()
        todo_acts = list(follows[act_id])
        while todo_acts:
            nxt = todo_acts.pop()
            if nxt not in seen:
                seen.add(nxt)
                todo_acts.extend(follows.get(nxt, ()))
        closure[act_id] = seen
    held_by: dict[str, set[str]] = {a: set() for a in story.acts}
    flags_by: dict[str, set[str]] = {a: set() for a in story.acts}
    for site in facts.sites:
        if not site.gains and not site.sets:
            continue
        acts = site_acts.get(id(site))
        if not acts:
            continue
        for act_id in acts:
            for later in {act_id} | closure[act_id]:
                held_by[later].update(site.gains)
                flags_by[later].update(site.sets)
    return ActView(site_acts, scene_acts, talk_acts, closure, held_by, flags_by)


def holds_in_act(story: Story, r: Reach, view: ActView, condition, act_id: str, verdict: bool = False) -> Truth:
    """The condition's abstract value in act ``act_id``, with only what may be held by then."""
    if condition is None:
        return MAYBE
    env = env_for(r, verdict=verdict, act=story.acts[act_id].number,
                  gained=view.held_by.get(act_id, set()) & r.gained, flags=view.flags_by.get(act_id, set()) & r.flags)
    return truth(condition.ast, env)
