"""The story as immutable data: what the loader builds and everything else reads.

Every element carries the author-written id it was declared with; ids are unique across the
whole story, whatever their kind. Mappings are read-only views so a loaded story cannot be
changed by accident.
"""

from __future__ import annotations

from game.core.record import Record, field
from functools import cached_property
from types import MappingProxyType
from typing import AbstractSet, Any, Callable, Iterator, Mapping, Optional, Union

from game.core.expr import Condition
from game.core.steps import (  # the effect records are part of the model: re-exported (X as X)
    Add as Add, Branch as Branch, ClearFlag as ClearFlag, Effect as Effect, Gain as Gain, Goto as Goto,
    Lose as Lose, Say as Say, SetFlag as SetFlag, Spend as Spend, StartAct as StartAct, Talk as Talk,
    gained as gained, walk_effects as walk_effects)


class Mark(Record):
    """Where an element was written: file, 1-based line and column."""

    path: str
    line: int
    col: int


# --- story elements ------------------------------------------------------------------------


class Act(Record):
    id: str
    number: int
    title: str
    time: int
    credibility: int
    start: str
    fallback: str
    on_timeout: Optional[str]
    travel: int = 1
    clock: Optional[int] = None  # minutes after midnight at the act's start
    minutes: int = 0  # minutes one turn moves the clock
    wrong_deduction: int = 1  # turns a wrong check on the board costs (the one home of that rule's cost)


class Place(Record):
    id: str
    name: str
    text: str = ""
    map: Optional[tuple[int, int]] = None
    open: Optional[Condition] = None
    floor: str = ""  # e.g. "Fourth floor": the map labels its row with it
    notice: tuple["ConditionalText", ...] = ()  # said after its name where the player may go there, while it holds


class ConditionalText(Record):
    """Text shown only while its condition holds: an ending's epilogue, an extra line of a scene,
    a dossier or a deduction's conclusion."""

    condition: Optional[Condition]
    text: str


Epilogue = ConditionalText


class TypedAnswer(Record):
    """A word the player must type to take a choice (a password, a name): the choice's cost,
    narration and effects follow only a typed answer that matches one of ``accept`` (compared
    as :func:`game.core.answers.normal` folds them). ``wrong`` is said to any other answer."""

    prompt: str = "Your answer"
    accept: tuple[str, ...] = ()
    wrong: str = ""


class Choice(Record):
    id: str
    text: str
    goto: Optional[str] = None
    condition: Optional[Condition] = None
    once: bool = False
    fallback: bool = False
    cost: int = 0
    say: str = ""
    effects: tuple[Effect, ...] = ()
    answer: Optional[TypedAnswer] = None  # None: taken by choosing it; else by typing an answer
    was: tuple[str, ...] = ()  # the ids it had in earlier versions: a save's "taken" follows it


class Scene(Record):
    id: str
    place: Optional[str]
    title: str
    text: str
    revisit: str = ""
    on_enter: tuple[Effect, ...] = ()
    choices: tuple[Choice, ...] = ()
    exits: tuple[str, ...] = ()
    extra: tuple[ConditionalText, ...] = ()  # paragraphs added while their condition holds


class ClueTime(Record):
    """One time a clue carries: ``at`` a time of day, "HH:MM"; ``what`` happened then ("sent")."""

    at: str
    what: str = ""


class Clue(Record):
    id: str
    name: str
    text: str = ""
    tags: tuple[str, ...] = ()
    times: tuple[ClueTime, ...] = ()  # in the order written; the timeline sorts them
    about: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()  # short phrases a text restating the clue would use (W420 finds them)

    @property
    def time(self) -> Optional[str]:
        """Its times as one line ("21:14, 21:16"), for the notebook; None when it has none."""
        return ", ".join(t.at for t in self.times) or None


class Item(Record):
    id: str
    name: str
    text: str = ""


class Cell(Record):
    """One square of a suspect's motive / means / opportunity grid."""

    note: str = ""
    shown_by: tuple[str, ...] = ()
    ruled_out_by: tuple[str, ...] = ()


class Person(Record):
    id: str
    name: str
    role: str = ""
    text: str = ""
    alibi: str = ""
    aka: tuple[str, ...] = ()  # other words the player may call them by ("porter")
    suspect: bool = True
    motive: Cell = field(default_factory=Cell)
    means: Cell = field(default_factory=Cell)
    opportunity: Cell = field(default_factory=Cell)
    extra: tuple[ConditionalText, ...] = ()  # dossier paragraphs added while their condition holds
    known: Optional[Condition] = None  # when the player knows their name; None: always
    unnamed: str = ""  # what the player calls them until then ("the girl with the ice pack")


class Topic(Record):
    id: str
    person: str
    title: str
    text: str
    condition: Optional[Condition] = None
    cost: int = 0
    effects: tuple[Effect, ...] = ()
    was: tuple[str, ...] = ()  # the ids it had in earlier versions: a save's "asked" follows it


class Paired(Record):
    """A ``contradicted_by`` entry written as a mapping ``{clue, with, broken}``: presenting
    ``clue`` breaks the statement only while the player also holds every clue of ``needs`` (the
    two together disprove it; none: ``clue`` alone does), and a break this way shows its own
    ``broken`` text instead of the statement's when it has one (the answer fits the clue)."""

    clue: str
    needs: tuple[str, ...] = ()
    broken: str = ""


class Near(Record):
    """A ``near:`` entry: a clue that bears on a statement without breaking it alone. Presenting
    it (while it does not break the statement) shows ``reply``, the witness's answer to that
    clue, and costs no credibility: an arguable clue is answered, not punished."""

    clue: str
    reply: str


class Statement(Record):
    id: str
    text: str
    press: str = ""
    contradicted_by: tuple[Union[str, Paired], ...] = ()  # a clue id breaks it alone
    broken: str = ""
    on_break: tuple[Effect, ...] = ()
    near: tuple[Near, ...] = ()

    def near_reply(self, clue: str) -> str:
        """What the witness answers to ``clue`` when it is one of ``near`` ("" when it is not).
        The engine asks ``broken_by`` first: a clue that breaks the statement breaks it."""
        return next((n.reply for n in self.near if n.clue == clue), "")

    def broken_by(self, clue: str, held: AbstractSet[str]) -> bool:
        """Whether presenting ``clue`` while holding ``held`` breaks it: the one rule the
        engine plays and every tool asks."""
        return self._entry(clue, held) is not None

    def break_text(self, clue: str, held: AbstractSet[str]) -> str:
        """The text a break by presenting ``clue`` while holding ``held`` shows: the first entry
        that breaks it says its own ``broken`` if it has one, else the statement's (or "" when
        ``clue`` does not break it). The engine shows this; every tool that quotes or checks a
        broken text reads ``break_texts``, which lists the same choice."""
        entry = self._entry(clue, held)
        if entry is None:
            return ""
        return entry.broken if isinstance(entry, Paired) and entry.broken else self.broken

    @property
    def break_texts(self) -> tuple[tuple[str, tuple[frozenset[str], ...]], ...]:
        """Each text a break can show, with the ways (clue sets all held) that show it: the
        statement's own ``broken`` first (the ways of the entries without a text), then each
        entry's own text (its one way). A text no way reaches is left out."""
        shared = tuple(way for b, way in zip(self.contradicted_by, self.ways)
                       if not (isinstance(b, Paired) and b.broken))
        own = tuple((b.broken, (way,)) for b, way in zip(self.contradicted_by, self.ways)
                    if isinstance(b, Paired) and b.broken)
        return (((self.broken, shared),) if shared else ()) + own

    def _entry(self, clue: str, held: AbstractSet[str]) -> Union[str, Paired, None]:
        """The first ``contradicted_by`` entry that presenting ``clue`` while holding ``held`` meets."""
        for b in self.contradicted_by:
            if b == clue or (isinstance(b, Paired) and b.clue == clue and all(n in held for n in b.needs)):
                return b
        return None

    @property
    def ways(self) -> tuple[frozenset[str], ...]:
        """Per entry, the clues that must all be held to break it that way."""
        return tuple(frozenset((b,) if isinstance(b, str) else (b.clue, *b.needs)) for b in self.contradicted_by)


class Testimony(Record):
    id: str
    person: str
    title: str
    statements: tuple[Statement, ...]
    condition: Optional[Condition] = None
    closing: str = ""  # said when its last breakable statement breaks and it closes

    @property
    def closing_ways(self) -> tuple[tuple[frozenset[str], ...], ...]:
        """Per breakable statement, its ways: all of them broken is when ``closing`` is said."""
        return tuple(s.ways for s in self.statements if s.contradicted_by)


class Slot(Record):
    """One blank on the board. ``kind`` is ``options``, ``clue`` or ``suspect``. What it offers
    the player is :func:`game.core.blanks.slot_options`'s to say."""

    id: str
    prompt: str
    kind: str
    answers: frozenset[str]
    options: tuple[tuple[str, str], ...] = ()
    among: tuple[str, ...] = ()  # a suspect slot's people to offer (a story's ``among:``); () = every suspect


class Deduction(Record):
    id: str
    title: str
    question: str
    slots: tuple[Slot, ...]
    text: str = ""
    on_confirm: tuple[Effect, ...] = ()
    extra: tuple[ConditionalText, ...] = ()  # confirmation paragraphs added while their condition holds
    condition: Optional[Condition] = None  # when it appears on the board; None: always


class Question(Record):
    id: str
    prompt: str
    options: tuple[tuple[str, str], ...]


class Accusation(Record):
    condition: Optional[Condition]
    text: str
    culprit: str
    questions: tuple[Question, ...]
    evidence_prompt: str
    evidence_count: int
    endings: tuple[str, ...]




class Ending(Record):
    id: str
    title: str
    text: str
    condition: Optional[Condition] = None
    epilogues: tuple[Epilogue, ...] = ()


class Event(Record):
    id: str
    condition: Condition
    act: Optional[str] = None
    text: str = ""
    effects: tuple[Effect, ...] = ()
    once: bool = True


def _frozen(mapping: Mapping[Any, Any]) -> Mapping[Any, Any]:
    return MappingProxyType(dict(mapping))


class ReadOnlyTable(Mapping):  # type: ignore[type-arg]  # (values of any kind)
    """A read-only mapping whose values are built on first access (used by the story cache)."""

    __slots__ = ("_raw", "_build", "_done")

    def __init__(self, raw: Mapping[str, Any], build: Callable[[Any], Any]) -> None:
        self._raw = raw
        self._build = build
        self._done: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        done = self._done.get(key)
        if done is None:
            done = self._done[key] = self._build(self._raw[key])
        return done

    def __contains__(self, key: object) -> bool:
        return key in self._raw

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


class Story(Record, slots=False):
    """A whole loaded story. Build it with :func:`game.loading.loader.load_story`."""

    id: str
    title: str
    version: int
    start: str
    first_act: str
    acts: Mapping[str, Act]
    places: Mapping[str, Place]
    scenes: Mapping[str, Scene]
    clues: Mapping[str, Clue]
    items: Mapping[str, Item]
    people: Mapping[str, Person]
    topics: Mapping[str, Topic]
    testimonies: Mapping[str, Testimony]
    deductions: Mapping[str, Deduction]
    events: Mapping[str, Event]
    endings: Mapping[str, Ending]
    flags: frozenset[str]
    counters: Mapping[str, int]
    accusation: Optional[Accusation] = None
    content_hash: str = ""
    #: the branches layered over the story, in the order applied: (branch id, content hash)
    branches: tuple[tuple[str, str], ...] = ()
    marks: Mapping[str, Mark] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for name in ("acts", "places", "scenes", "clues", "items", "people", "topics",
                     "testimonies", "deductions", "events", "endings", "counters", "marks"):
            value = getattr(self, name)
            if not isinstance(value, (MappingProxyType, ReadOnlyTable)):
                object.__setattr__(self, name, _frozen(value))

    # Derived indexes, computed on first use: a story served from the compiled cache decodes
    # its scenes lazily, and an index over every scene would undo that.

    @cached_property
    def topics_by_person(self) -> Mapping[str, tuple[Topic, ...]]:
        out: dict[str, list[Topic]] = {}
        for topic in self.topics.values():
            out.setdefault(topic.person, []).append(topic)
        return _frozen({k: tuple(v) for k, v in out.items()})

    @cached_property
    def testimonies_by_person(self) -> Mapping[str, tuple[Testimony, ...]]:
        out: dict[str, list[Testimony]] = {}
        for testimony in self.testimonies.values():
            out.setdefault(testimony.person, []).append(testimony)
        return _frozen({k: tuple(v) for k, v in out.items()})

    @cached_property
    def statements(self) -> Mapping[str, tuple[Testimony, int]]:
        """Statement id -> (its testimony, its index there)."""
        return _frozen({s.id: (t, i) for t in self.testimonies.values() for i, s in enumerate(t.statements)})

    @cached_property
    def options(self) -> Mapping[str, str]:
        """Accusation option id -> its text."""
        if self.accusation is None:
            return _frozen({})
        return _frozen({o: text for q in self.accusation.questions for o, text in q.options})

    @cached_property
    def choices(self) -> Mapping[str, tuple[Scene, Choice]]:
        """Choice id -> (its scene, the choice). Reads every scene: not for the play loop."""
        return _frozen({c.id: (s, c) for s in self.scenes.values() for c in s.choices})

    @cached_property
    def clues_by_tag(self) -> Mapping[str, frozenset[str]]:
        out: dict[str, frozenset[str]] = {}
        for clue in self.clues.values():
            for tag in clue.tags:
                out[tag] = out.get(tag, frozenset()) | {clue.id}
        return _frozen(out)

    @property
    def suspects(self) -> tuple[Person, ...]:
        """The people who can be accused, in the order they were written."""
        return tuple(p for p in self.people.values() if p.suspect)

    def name_of(self, element_id: str) -> str:
        """A human name for any id: a clue's or person's name, a scene's title, or the id."""
        for table in (self.clues, self.items, self.people, self.places, self.endings):
            element = table.get(element_id)
            if element is not None:
                return str(getattr(element, "name", None) or getattr(element, "title", element_id))
        if element_id in self.scenes:
            return self.scene_title(element_id)
        return element_id

    def scene_title(self, scene_id: str) -> str:
        """A scene's display name, the one every surface shows: its title, else its place's
        name, else its id."""
        scene = self.scenes[scene_id]
        if scene.title:
            return scene.title
        if scene.place and scene.place in self.places:
            return self.places[scene.place].name
        return scene_id

    def place_name(self, scene_id: str) -> str:
        """Where a scene is, as the player reads it ("Go to ...", a save's place): its place's
        name, else the scene's display name."""
        scene = self.scenes[scene_id]
        if scene.place and scene.place in self.places:
            return self.places[scene.place].name
        return self.scene_title(scene_id)


def _records_here() -> tuple[type, ...]:
    """Every record class this module defines or takes in (the effects), in definition order."""
    return tuple(dict.fromkeys(obj for obj in globals().values()
                               if isinstance(obj, type) and issubclass(obj, Record)
                               and obj.__module__ in (__name__, Gain.__module__)))


#: the record classes a Story is made of: what the story cache may name. The story spec
#: (game.loading.spec.RECORDS) lists the same classes; tests/test_spec.py checks they agree.
#: Read from here so that a warm start, which only decodes, never imports the spec.
RECORDS: tuple[type, ...] = _records_here()
