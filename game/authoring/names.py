"""W421: a text names someone before the player can know their name.

A person with an ``unnamed`` description is met before they are named ("the girl with the ice
pack"); their ``known`` condition says when the player learns the name. Every text that says
their first name (the word after any title: "Inés", "Theo") must be shown only where that
condition is sure to hold: scene texts and re-visits, extra paragraphs, choice labels and what
choices say, topic titles and answers, testimony titles and events. The talk choice is exempt:
its label is derived ("Talk to the girl with the ice pack" until she is known).

The guarantee is worked out soundly and simply, as W420 does: a text is sure of the calls its
condition makes true through ``and`` (an ``asked(t)`` also brings what topic ``t`` needs),
plus ``visited`` of its own scene and ``asked`` of its own topic (and the clues that topic hands over). ``known`` must then hold on
those alone: ``or`` needs one side, ``and`` both; anything else is not sure. People named
from the start (no ``unnamed``) are never checked.
"""

from __future__ import annotations

import re
from typing import Iterator, Optional

from game.core.errors import Finding
from game.core.expr import Condition
from game.core.model import Branch, Effect, Mark, Person, Say, Story, gained
from game.core.people import talks_to

CODE = "W421"
MEANING = "text names someone before the player can know their name"
CULPRIT_CODE = "W422"
CULPRIT_MEANING = "the accusation can open before the player knows the culprit"

Sure = frozenset[tuple[str, str]]  # the calls ("visited", scene) sure to hold where a text shows
_TITLES = {"dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "detective"}


def first_name(person: Person) -> str:
    """The word a text uses to name them: the first word of their name after any title."""
    words = [w for w in person.name.split() if w.lower() not in _TITLES]
    return words[0] if words else person.name


def _sure(story: Story, condition: Optional[Condition], depth: int = 0) -> Sure:
    return frozenset() if condition is None or depth > 8 else _ast(story, condition.ast, depth)


def _ast(story: Story, node: tuple, depth: int) -> Sure:
    if node[0] == "and":
        return _ast(story, node[1], depth) | _ast(story, node[2], depth)
    if node[0] == "or":
        return _ast(story, node[1], depth) & _ast(story, node[2], depth)
    if node[0] != "call":
        return frozenset()
    out: Sure = frozenset({(node[1], node[2])})
    if node[1] == "asked" and node[2] in story.topics:
        out |= _sure(story, story.topics[node[2]].condition, depth + 1)
    return out


def _holds(node: tuple, sure: Sure) -> bool:
    """Whether the condition ``node`` must hold when every call in ``sure`` holds."""
    if node[0] == "or":
        return _holds(node[1], sure) or _holds(node[2], sure)
    if node[0] == "and":
        return _holds(node[1], sure) and _holds(node[2], sure)
    return node[0] == "call" and (node[1], node[2]) in sure


def holds_given(condition: Condition, sure: Sure) -> bool:
    """Whether ``condition`` must hold when every call in ``sure`` holds (and/or of those calls)."""
    return _holds(condition.ast, sure)


def _says(effects: tuple[Effect, ...], sure: Sure, story: Story) -> Iterator[tuple[str, Sure]]:
    for effect in effects:
        if isinstance(effect, Say):
            yield effect.text, sure
        elif isinstance(effect, Branch):
            yield from _says(effect.then, sure | _sure(story, effect.condition), story)
            yield from _says(effect.otherwise, sure, story)


def _texts(story: Story) -> Iterator[tuple[str, Sure, str, str, frozenset[str]]]:
    """(text, what is sure there, element for the mark, label, people its own talk names)."""
    none: frozenset[str] = frozenset()
    for scene in story.scenes.values():
        here: Sure = frozenset({("visited", scene.id)})
        yield scene.text, here, scene.id, f"scene '{scene.id}'", none
        yield scene.revisit, here, scene.id, f"the revisit text of '{scene.id}'", none
        for x in scene.extra:
            yield x.text, here | _sure(story, x.condition), scene.id, f"an extra paragraph of '{scene.id}'", none
        for c in scene.choices:
            sure = here | _sure(story, c.condition)
            talk = talks_to(c)
            own = frozenset({talk}) if talk else none  # shown as written only once they are known
            element = c.id if c.id in story.marks else scene.id
            yield c.text, sure, element, f"choice '{c.id}'", own
            said = sure | {("has", g) for g in gained(c.effects)}  # a clue that names them, handed over
            for text, s in ((c.say, said), *_says(c.effects, said, story)):
                yield text, s, element, f"what choice '{c.id}' says", none
    for t in story.topics.values():
        sure = _sure(story, t.condition)
        yield t.title, sure, t.id, f"the title of topic '{t.id}'", none
        asked = sure | {("asked", t.id)} | {("has", c) for c in gained(t.effects)}  # what it hands over
        for text, s in ((t.text, asked), *_says(t.effects, asked, story)):
            yield text, s, t.id, f"topic '{t.id}'", none
    for ts in story.testimonies.values():
        yield ts.title, _sure(story, ts.condition), ts.id, f"testimony '{ts.id}'", none
    for ev in story.events.values():
        sure = _sure(story, ev.condition)
        for text, s in ((ev.text, sure), *_says(ev.effects, sure, story)):
            yield text, s, ev.id, f"event '{ev.id}'", none


def name_findings(story: Story) -> list[Finding]:
    """A W421 finding for each text that names a person the player may not know there."""
    people = [(p, re.compile(rf"(?<!\w){re.escape(first_name(p))}(?!\w)"))
              for p in story.people.values() if p.unnamed and p.known is not None]
    out: list[Finding] = []
    for text, sure, element, label, own in _texts(story):
        if not text:
            continue
        for person, pattern in people:
            if person.id in own or not pattern.search(text):
                continue
            assert person.known is not None
            if not _holds(person.known.ast, sure):
                mark = story.marks.get(element) or Mark("?", 0, 0)
                out.append(Finding(mark.path, mark.line, mark.col, CODE,
                                   f"{label} names {first_name(person)!r} where the player may not know "
                                   f"them yet: say '{person.unnamed}', or show it only when {person.id}'s "
                                   "known: holds"))
                break
    return out


def culprit_findings(story: Story) -> list[Finding]:
    """A W422 finding for the culprit (whom the accusation's first ending, the best one,
    accuses: ``accused(x)`` outside any ``not``) if their ``known`` is not sure when the
    accusation opens: it lists only people the player knows, so the case could not be solved.
    Sure there: the accusation's own condition and a visit to the first scene."""
    acc = story.accusation
    if acc is None:
        return []
    sure = _sure(story, acc.condition) | {("visited", story.start)}
    best = story.endings.get(acc.endings[0]) if acc.endings else None
    named = set(_accused(best.condition.ast)) if best is not None and best.condition is not None else set()
    out: list[Finding] = []
    for person_id in sorted(named):
        person = story.people.get(person_id)
        if person is None or person.known is None or _holds(person.known.ast, sure):
            continue
        mark = story.marks.get(person_id) or Mark("?", 0, 0)
        out.append(Finding(mark.path, mark.line, mark.col, CULPRIT_CODE,
                           f"the accusation opens before the player can know {person.name!r}, whom an ending "
                           "accuses: the accusation lists only people the player knows; make their known: "
                           "hold by then (or guard the accusation's if: with it)"))
    return out


def _accused(node: tuple) -> Iterator[str]:
    """The people ``accused(x)`` names, outside any ``not``."""
    if node[0] in ("and", "or"):
        yield from _accused(node[1])
        yield from _accused(node[2])
    elif node[0] == "call" and node[1] == "accused":
        yield node[2]
