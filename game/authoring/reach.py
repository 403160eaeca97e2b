"""What a story can ever do: a sound over-approximation of every play, computed once.

Starting from nothing gained and nothing set, parts of the story are switched on when they
*may* be reached: the start scene, whatever a live choice goes to, topics of people someone
talks to, events whose condition may hold, and so on. Whatever a live part gains, sets or adds
becomes possible, which may switch on more parts (a worklist, so each part is looked at again
only when something it reads changes). The result is a superset of what any real play can
reach: "never" here means never in play.

A second, per-act pass (:mod:`game.authoring.acts`) adds the order of acts: a clue that can only
be found in act 2 cannot open a topic that is only listed in act 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Optional, assert_never

from game.core.model import Story
from game.authoring.absval import MAYBE, NEVER, Range, Truth, truth
from game.authoring.facts import Facts, Site, atoms
from game.core.model import Add, Branch, ClearFlag, Effect, Gain, Goto, Lose, Say, SetFlag, Spend, StartAct, Talk
from game.core.rules import fallback_ending


@dataclass  # Not a Record: an accumulator, grown until nothing more can happen
class Reach:
    """Everything that may happen in some play of the story."""

    story: Story
    facts: Facts
    gained: set[str] = field(default_factory=set)  # clues and items
    flags: set[str] = field(default_factory=set)
    up: set[str] = field(default_factory=set)  # counters something may raise
    down: set[str] = field(default_factory=set)  # counters something may lower
    scenes: set[str] = field(default_factory=set)
    acts: set[str] = field(default_factory=set)
    talkable: set[str] = field(default_factory=set)
    asked: set[str] = field(default_factory=set)
    broken: set[str] = field(default_factory=set)
    pressed: set[str] = field(default_factory=set)
    confirmed: set[str] = field(default_factory=set)
    endings: set[str] = field(default_factory=set)
    live: set[int] = field(default_factory=set)  # id() of sites whose condition may hold
    accusation: bool = False
    bounds: tuple[int, int, int] = (0, 0, 0)  # the longest act time, most credibility, act count

    def __post_init__(self) -> None:
        acts = self.story.acts.values()
        self.bounds = (max((a.time for a in acts), default=0), max((a.credibility for a in acts), default=0),
                       len(self.story.acts))


class _Env:
    """Abstract values of reads over every state the analysis covers."""

    def __init__(self, reach: Reach, verdict: bool = False, act: Optional[int] = None,
                 gained: Optional[set[str]] = None, flags: Optional[set[str]] = None) -> None:
        self.r = reach
        self.verdict = verdict  # reading an ending's condition: accused/chose/evidence may hold
        self.act = act
        self.gained = reach.gained if gained is None else gained
        self.flags = reach.flags if flags is None else flags
        self.max_time, self.max_cred, self.act_count = reach.bounds

    def truth_of(self, function: str, arg: str) -> Truth:
        r = self.r
        if function == "has":
            return (True, arg in self.gained)
        if function == "flag":
            return (True, arg in self.flags)
        if function == "visited":
            return (True, arg in r.scenes)
        if function == "asked":
            return (True, arg in r.asked)
        if function == "broken":
            return (True, arg in r.broken)
        if function == "pressed":
            return (True, arg in r.pressed)
        if function == "confirmed":
            return (True, arg in r.confirmed)
        if function == "accused":
            person = r.story.people.get(arg)
            return (True, self.verdict and person is not None and person.suspect)
        if function == "chose":
            return (True, self.verdict)
        if function == "evidence":
            acc = r.story.accusation
            return (True, self.verdict and arg in self.gained and acc is not None and acc.evidence_count > 0)
        return MAYBE

    def range_of(self, function: str, arg: str) -> Range:
        r = self.r
        if function == "visits":
            return (0, None if arg in r.scenes else 0)
        if function == "count":
            start = r.story.counters.get(arg, 0)
            return (None if arg in r.down else start, None if arg in r.up else start)
        if function == "clues":
            tagged = r.story.clues_by_tag.get(arg, frozenset())
            return (0, len([c for c in tagged if c in self.gained]))
        return (None, None)

    def var(self, name: str) -> Range:
        if name == "act":
            return (self.act, self.act) if self.act is not None else (1, max(self.act_count, 1))
        if name == "time":
            return (0, self.max_time)
        if name == "credibility":
            return (0, self.max_cred)
        return (None, None)


def _key(function: str, arg: str) -> tuple[str, str]:
    return ("visits" if function == "visited" else function, arg)


class _Solver:
    def __init__(self, story: Story, facts: Facts) -> None:
        self.story = story
        self.r = Reach(story, facts)
        self.env = _Env(self.r)
        self.waiting: dict[tuple[str, str], list] = {}
        self.queue: list = []
        self.by_owner: dict[tuple[str, str], list[Site]] = {}
        for site in facts.sites:
            self.by_owner.setdefault((site.kind, site.owner), []).append(site)
        self.site_of: dict[tuple[str, str], Site] = {(s.kind, s.element): s for s in facts.sites
                                                     if s.kind not in ("extra", "epilogue")}
        self.branches_done: set[tuple[int, bool]] = set()

    # -- changes to what is possible, each waking the parts that read it --------------------

    def changed(self, key: tuple[str, str]) -> None:
        for task in self.waiting.pop(key, ()):
            self.queue.append(task)

    def wait(self, condition_ast: tuple, task) -> None:
        for function, arg in atoms(condition_ast):
            if function != "var":
                self.waiting.setdefault(_key(function, arg), []).append(task)

    def gain(self, target: str) -> None:
        if target not in self.r.gained:
            self.r.gained.add(target)
            self.changed(("has", target))
            self.changed(("evidence", target))
            clue = self.story.clues.get(target)
            for tag in clue.tags if clue else ():
                self.changed(("clues", tag))
            for deduction in self.story.deductions.values():
                if any(target in slot.answers for slot in deduction.slots if slot.kind == "clue"):
                    self.queue.append(("deduction", deduction.id))
            for testimony in self.story.testimonies.values():
                for statement in testimony.statements:
                    if any(target in way for way in statement.ways):
                        self.queue.append(("statement", statement.id))

    def reach_scene(self, scene_id: str) -> None:
        if scene_id in self.story.endings:
            self.r.endings.add(scene_id)
            return
        if scene_id in self.r.scenes or scene_id not in self.story.scenes:
            return
        self.r.scenes.add(scene_id)
        self.changed(("visits", scene_id))
        self.queue.append(("scene", scene_id))  # queued, not recursed: exits may chain 10,000 deep

    def enter(self, scene_id: str) -> None:
        scene = self.story.scenes[scene_id]
        entry = self.site_of.get(("scene", scene_id))
        if entry is not None:  # what entering the scene does happens whenever it is reached
            self.r.live.add(id(entry))
        self.effects(scene.on_enter)
        for target in scene.exits:
            self.reach_scene(target)
        for site in self.by_owner.get(("choice", scene_id), ()):
            self.queue.append(site)

    def reach_act(self, act_id: str) -> None:
        if act_id in self.r.acts or act_id not in self.story.acts:
            return
        first = not self.r.acts
        self.r.acts.add(act_id)
        act = self.story.acts[act_id]
        self.reach_scene(act.start)
        if act.on_timeout:
            self.reach_scene(act.on_timeout)
        for event in self.story.events.values():
            if event.act == act_id or (event.act is None and first):
                self.queue.append(self.site_of[("event", event.id)])

    def talk(self, person: str) -> None:
        if person in self.r.talkable:
            return
        self.r.talkable.add(person)
        for kind in ("topic", "testimony"):
            for site in self.by_owner.get((kind, person), ()):
                self.queue.append(site)

    def effects(self, effects: Iterable[Effect]) -> None:
        for effect in effects:
            match effect:  # every effect, checked by mypy: a new one must say what it makes possible
                case Gain():
                    self.gain(effect.target)
                case SetFlag():
                    if effect.flag not in self.r.flags:
                        self.r.flags.add(effect.flag)
                        self.changed(("flag", effect.flag))
                case Add():
                    side = self.r.up if effect.amount > 0 else self.r.down if effect.amount < 0 else None
                    if side is not None and effect.counter not in side:
                        side.add(effect.counter)
                        self.changed(("count", effect.counter))
                case Goto():
                    self.reach_scene(effect.target)
                case StartAct():
                    self.reach_act(effect.act)
                case Talk():
                    self.talk(effect.person)
                case Branch():
                    self.queue.append(("branch", effect, True))
                    self.queue.append(("branch", effect, False))
                case ClearFlag():
                    pass  # a flag can always be unset: every flag starts unset
                case Lose() | Spend() | Say():
                    pass  # nothing becomes possible (lose takes only items, never a clue)
                case _:
                    assert_never(effect)

    # -- parts switched on when their condition may hold --------------------------------------

    def run(self) -> Reach:
        story = self.story
        if story.first_act in story.acts:
            self.reach_act(story.first_act)
        self.reach_scene(story.start)
        if story.accusation is not None:
            self.queue.append(("accusation",))
        self.queue.extend(("deduction", d) for d in story.deductions)  # some need no clue at all
        while self.queue:
            task = self.queue.pop()
            if isinstance(task, Site):
                self.site(task)
            elif task[0] == "scene":
                self.enter(task[1])
            elif task[0] == "branch":
                self.branch(task)
            elif task[0] == "deduction":
                self.deduction(task[1])
            elif task[0] == "statement":
                self.statement(task[1])
            elif task[0] == "accusation":
                self.accusation(task)
            elif task[0] == "ending":
                self.ending(task)
        return self.r

    def holds(self, condition, task, env: Optional[_Env] = None) -> bool:
        if condition is None:
            return True
        if truth(condition.ast, env or self.env)[1]:
            return True
        self.wait(condition.ast, task)
        return False

    def site(self, site: Site) -> None:
        if id(site) in self.r.live:
            return
        if not self.holds(site.condition, site):
            return
        self.r.live.add(id(site))
        if site.kind == "topic":
            if site.element not in self.r.asked:
                self.r.asked.add(site.element)
                self.changed(("asked", site.element))
        elif site.kind == "testimony":
            testimony = self.story.testimonies[site.element]
            for statement in testimony.statements:
                if statement.press and statement.id not in self.r.pressed:
                    self.r.pressed.add(statement.id)
                    self.changed(("pressed", statement.id))
                self.statement(statement.id)
        self.effects(site.effects)
        if site.goto:
            self.reach_scene(site.goto)

    def branch(self, task) -> None:
        _, effect, then = task
        key = (id(effect), then)
        if key in self.branches_done:
            return
        f, t = truth(effect.condition.ast, self.env)
        if (t if then else f):
            self.branches_done.add(key)
            self.effects(effect.then if then else effect.otherwise)
        else:
            self.wait(effect.condition.ast, task)

    def statement(self, statement_id: str) -> None:
        testimony, index = self.story.statements[statement_id]
        if id(self.site_of[("testimony", testimony.id)]) not in self.r.live:
            return
        statement = testimony.statements[index]
        if statement_id in self.r.broken:
            return
        if any(way <= self.r.gained for way in statement.ways):  # a paired entry: every clue of it
            self.r.broken.add(statement_id)
            self.changed(("broken", statement_id))
            site = self.site_of[("statement", statement_id)]
            self.r.live.add(id(site))
            self.effects(site.effects)

    def deduction(self, deduction_id: str) -> None:
        if deduction_id in self.r.confirmed:
            return
        deduction = self.story.deductions[deduction_id]
        if all(slot.kind != "clue" or any(c in self.r.gained for c in slot.answers) for slot in deduction.slots):
            self.r.confirmed.add(deduction_id)
            self.changed(("confirmed", deduction_id))
            site = self.site_of[("deduction", deduction_id)]
            self.r.live.add(id(site))
            self.effects(site.effects)

    def accusation(self, task) -> None:
        acc = self.story.accusation
        if self.r.accusation or acc is None or not self.story.suspects:
            return
        if not self.holds(acc.condition, task):
            return
        self.r.accusation = True
        self.r.live.add(id(self.site_of[("accusation", "accusation")]))
        for ending in acc.endings:
            self.queue.append(("ending", ending))

    def ending(self, task) -> None:
        ending_id = task[1]
        if ending_id in self.r.endings:
            return
        ending = self.story.endings[ending_id]
        if self.holds(ending.condition, task, _Env(self.r, verdict=True)):
            self.r.endings.add(ending_id)
            self.r.live.add(id(self.site_of[("ending", ending_id)]))


def reach(story: Story, facts: Facts) -> Reach:
    """The sound over-approximation of everything that can happen in ``story``."""
    result = _Solver(story, facts).run()
    # The accusation's last ending is its fallback: chosen when no listed condition holds.
    acc = story.accusation
    if result.accusation and acc is not None and acc.endings:
        result.endings.add(fallback_ending(story))
    return result


def env_for(r: Reach, verdict: bool = False, act: Optional[int] = None,
            gained: Optional[set[str]] = None, flags: Optional[set[str]] = None) -> _Env:
    """The abstract environment over ``r`` (see :class:`_Env`); narrowed to one act's number and
    what may be held by then for :func:`game.authoring.acts.holds_in_act`."""
    return _Env(r, verdict=verdict, act=act, gained=gained, flags=flags)


__all__ = ["Reach", "reach", "env_for", "NEVER"]
