"""Static facts about a loaded story: every condition and effect, where it sits, what it reads.

Lint, graph and explore all need the same walk over the story; it is done once here. A
*site* is one place in the story that can hold a condition and effects (a choice, a topic,
an event, ...), with the mark the author should be sent to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterator, Optional, assert_never

from game.core.expr import Condition
from game.core.record import Record
from game.core.words import first_line
from game.core.model import (
    Add, Branch, ClearFlag, Effect, Gain, Goto, Lose, Mark, Say, SetFlag, Spend, StartAct, Story, Talk,
    walk_effects,
)

#: functions whose argument is an id the state remembers; used to name what a condition reads
READ_FUNCTIONS = ("has", "flag", "visited", "visits", "count", "asked", "broken", "pressed", "confirmed",
                  "accused", "chose", "evidence", "clues")


class Site(Record):
    """One place in the story that holds a condition and/or effects.

    ``kind`` is scene, choice, topic, testimony, statement, event, deduction, accusation, ending,
    epilogue, extra, place or act; ``element`` is the id the author wrote (a choice's generated
    id for choices without one); ``owner`` is the scene, person or act it belongs to. ``moves``,
    ``gains`` and ``sets`` summarise its effects (branches included) so nobody walks them twice.
    """

    kind: str
    element: str
    owner: str
    label: str
    mark: Mark  # for a choice without an id, its scene's mark: see Facts.mark_of
    condition: Optional[Condition] = None
    effects: tuple[Effect, ...] = ()
    goto: Optional[str] = None
    cost: int = 0
    text: str = ""  # a choice's text, used to find its line
    moves: tuple[tuple[str, str], ...] = ()  # ("goto" | "act" | "talk", id)
    gains: tuple[str, ...] = ()
    sets: tuple[str, ...] = ()


def atoms(ast: tuple) -> Iterator[tuple[str, str]]:
    """Every ``(function, argument)`` call and ``("var", name)`` an expression AST reads."""
    tag = ast[0]
    if tag == "call":
        yield ast[1], ast[2]
    elif tag == "var":
        yield "var", ast[1]
    elif tag in ("not", "neg"):
        yield from atoms(ast[1])
    elif tag in ("and", "or"):
        yield from atoms(ast[1])
        yield from atoms(ast[2])
    elif tag in ("cmp", "sum"):
        yield from atoms(ast[2])
        yield from atoms(ast[3])


@dataclass
class Facts:
    """The story's sites and, for each kind of id, who reads and who writes it."""

    # Not a Record: an accumulator, filled in place as the story's sites are walked.

    story: Story
    sites: list[Site] = field(default_factory=list)
    #: (function, id) -> sites whose conditions read it; function "var" for act/time/credibility
    reads: dict[tuple[str, str], list[Site]] = field(default_factory=dict)
    #: reads made only by text shown conditionally (epilogues, extra paragraphs)
    text_reads: dict[tuple[str, str], list[Site]] = field(default_factory=dict)
    gains: dict[str, list[Site]] = field(default_factory=dict)  # clue or item -> sites gaining it
    sets: dict[str, list[Site]] = field(default_factory=dict)  # flag -> sites setting it
    clears: dict[str, list[Site]] = field(default_factory=dict)
    adds: dict[str, list[tuple[Site, int]]] = field(default_factory=dict)  # counter -> (site, amount)
    talks: dict[str, list[Site]] = field(default_factory=dict)  # person -> sites opening a talk

    def read_by(self, function: str, name: str) -> list[Site]:
        return self.reads.get((function, name), [])

    def mark_of(self, site: Site) -> Mark:
        """Where to send the author: for a choice without an id, found in its file on demand
        (searching 30,000 choices up front would cost more than the rest of lint)."""
        if site.kind == "choice":
            return Locator(self.story).choice(site.owner, site.text, site.element)
        return site.mark


def _add(table: dict, key, value) -> None:
    table.setdefault(key, []).append(value)


class Locator:
    """Marks for story parts that have no id of their own (choices without ``id:``).

    The loader keeps a mark for every id; a choice without one is found by searching its
    scene's file from the scene's line for the choice's text. That is a text search, so it
    falls back to the scene's own mark when the text cannot be found.
    """

    def __init__(self, story: Story) -> None:
        self.story = story

    @staticmethod
    @lru_cache(maxsize=64)
    def _lines(path: str) -> tuple[str, ...]:
        try:
            with open(path, encoding="utf-8") as handle:
                return tuple(handle.read().splitlines())
        except OSError:
            return ()

    def mark(self, element_id: str, fallback: Optional[Mark] = None) -> Mark:
        mark = self.story.marks.get(element_id)
        if mark is not None:
            return mark
        return fallback or Mark(self.story.marks.get(self.story.start, Mark("?", 0, 0)).path, 0, 0)

    def choice(self, scene_id: str, text: str, choice_id: str) -> Mark:
        if choice_id in self.story.marks:
            return self.story.marks[choice_id]
        scene_mark = self.mark(scene_id)
        first = text.strip().splitlines()[0][:40].strip() if text.strip() else ""
        lines = self._lines(scene_mark.path)
        if first and lines:
            for number in range(max(scene_mark.line, 1), len(lines) + 1):
                line = lines[number - 1]
                at = line.find("text:")
                if at >= 0 and first in line[at:]:
                    # Point at the list item ("- text: ..." or "- {text: ...}") or the key.
                    return Mark(scene_mark.path, number, len(line) - len(line.lstrip()) + 1)
        return scene_mark


def collect(story: Story) -> Facts:
    """Walk the whole story once and index every condition and effect."""
    facts = Facts(story)
    locate = Locator(story)

    def site(kind: str, element: str, owner: str, label: str, mark: Mark, condition=None, effects=(),
             goto=None, cost=0, text_only: bool = False, text: str = "") -> Site:
        effects = tuple(effects)
        moves: list[tuple[str, str]] = []
        gains: list[str] = []
        sets: list[str] = []
        clears: list[str] = []
        adds: list[tuple[str, int]] = []
        conditions = [condition] if condition is not None else []
        for effect in walk_effects(effects) if effects else ():
            match effect:  # every effect, checked by mypy
                case Gain():
                    gains.append(effect.target)
                case SetFlag():
                    sets.append(effect.flag)
                case Goto():
                    moves.append(("goto", effect.target))
                case StartAct():
                    moves.append(("act", effect.act))
                case Talk():
                    moves.append(("talk", effect.person))
                case Branch():
                    conditions.append(effect.condition)
                case ClearFlag():
                    clears.append(effect.flag)
                case Add():
                    adds.append((effect.counter, effect.amount))
                case Lose() | Spend() | Say():
                    pass  # nothing for the indexes: lint and the proofs read them from the effects
                case _:
                    assert_never(effect)
        s = Site(kind, element, owner, label, mark, condition, effects, goto, cost, text,
                 tuple(moves), tuple(gains), tuple(sets))
        facts.sites.append(s)
        table = facts.text_reads if text_only else facts.reads
        for cond in conditions:
            for atom in atoms(cond.ast):
                _add(table, atom, s)
        for name in gains:
            _add(facts.gains, name, s)
        for name in sets:
            _add(facts.sets, name, s)
        for name in clears:
            _add(facts.clears, name, s)
        for name, amount in adds:
            _add(facts.adds, name, (s, amount))
        for move, name in moves:
            if move == "talk":
                _add(facts.talks, name, s)
        return s

    for act in story.acts.values():
        site("act", act.id, act.id, f"act '{act.id}'", locate.mark(act.id), goto=act.on_timeout)
    for place in story.places.values():
        if place.open is not None:
            site("place", place.id, place.id, f"place '{place.id}'", locate.mark(place.id), place.open,
                 text_only=True)
        for notice in place.notice:
            site("place", place.id, place.id, f"place '{place.id}': notice", locate.mark(place.id),
                 notice.condition, text_only=True)
    for scene in story.scenes.values():
        mark = locate.mark(scene.id)
        site("scene", scene.id, scene.id, f"scene '{scene.id}'", mark, effects=scene.on_enter)
        for extra in scene.extra:
            site("extra", scene.id, scene.id, f"scene '{scene.id}': extra text", mark, extra.condition,
                 text_only=True)
        for choice in scene.choices:
            short = first_line(choice.text) or choice.id
            site("choice", choice.id, scene.id, f"scene '{scene.id}': choice '{short}'",
                 story.marks.get(choice.id, mark), choice.condition, choice.effects,
                 choice.goto, choice.cost, text=choice.text)
    for topic in story.topics.values():
        site("topic", topic.id, topic.person, f"topic '{topic.id}'", locate.mark(topic.id), topic.condition,
             topic.effects, cost=topic.cost)
    for testimony in story.testimonies.values():
        site("testimony", testimony.id, testimony.person, f"testimony '{testimony.id}'",
             locate.mark(testimony.id), testimony.condition)
        for statement in testimony.statements:
            site("statement", statement.id, testimony.person, f"statement '{statement.id}'",
                 locate.mark(statement.id), effects=statement.on_break)
    for person in story.people.values():
        if person.known is not None:
            # Not text only: who is known decides whom the accusation lists and the board's
            # suspect blanks take (the engine refuses anyone else), so what it reads is kept
            # by explore's keys like any other condition's reads.
            site("person", person.id, person.id, f"person '{person.id}'", locate.mark(person.id), person.known)
    for deduction in story.deductions.values():
        site("deduction", deduction.id, "board", f"deduction '{deduction.id}'", locate.mark(deduction.id),
             effects=deduction.on_confirm)
    for event in story.events.values():
        site("event", event.id, event.act or "", f"event '{event.id}'", locate.mark(event.id), event.condition,
             event.effects)
    acc = story.accusation
    if acc is not None:
        first_ending = acc.endings[0] if acc.endings else story.start
        mark = locate.mark(first_ending)
        site("accusation", "accusation", "accusation", "the accusation", mark, acc.condition)
    for ending in story.endings.values():
        mark = locate.mark(ending.id)
        site("ending", ending.id, ending.id, f"ending '{ending.id}'", mark, ending.condition)
        for epilogue in ending.epilogues:
            site("epilogue", ending.id, ending.id, f"ending '{ending.id}': epilogue", mark, epilogue.condition,
                 text_only=True)
    return facts


def targets(effects: tuple[Effect, ...]) -> Iterator[tuple[str, str]]:
    """``("goto", id)``, ``("act", id)`` and ``("talk", id)`` moves inside effects."""
    for effect in walk_effects(effects):
        if isinstance(effect, Goto):
            yield "goto", effect.target
        elif isinstance(effect, StartAct):
            yield "act", effect.act
        elif isinstance(effect, Talk):
            yield "talk", effect.person


__all__ = ["Facts", "Site", "Locator", "collect", "atoms", "walk_effects", "targets", "READ_FUNCTIONS"]
